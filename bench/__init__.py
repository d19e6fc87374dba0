"""Benchmarks, run on demand (`make bench`); each prints its figures against a baseline of the same run."""
