"""Spiders: one config-driven spider (reports) for every portal."""
