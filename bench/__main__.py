"""Run every benchmark: `python -m bench` (`make bench`). Exit status 1 if any goal is missed."""
from __future__ import annotations

import subprocess
import sys

BENCHES = ("bench.bench_parse", "bench.bench_load", "bench.bench_crawl")

if __name__ == "__main__":
    failed = 0
    for module in BENCHES:
        print(f"== {module}", flush=True)
        failed += subprocess.run([sys.executable, "-m", module]).returncode != 0
    sys.exit(1 if failed else 0)
