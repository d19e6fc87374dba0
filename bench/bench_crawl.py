"""Crawl throughput against the sample portal: a full crawl, then an incremental one, with Scrapy for real.

    python -m bench.bench_crawl [--db PATH]   (default: a temporary SQLite file)

Goals on the 2-core development machine (SQLite, no download delay, documents parsed during the
crawl): the full crawl of the sample network (about 70 documents) >= 4 documents/s end to end including
Scrapy's start-up, the incremental re-crawl (list pages only) under 15 s, peak memory of the crawl
process < 500 MB. The numbers printed are the measurement; a missed goal exits with status 1.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from crawler.demo import FAST_SETTINGS, scrapy_command, scrapy_env
from crawler.sample_portal import SamplePortal
from models import Document
from models.db import get_engine

GOALS = {"full_docs_per_s": 4.0, "incremental_s": 15.0, "peak_rss_mb": 500.0}
QUIET = {**FAST_SETTINGS, "LOG_LEVEL": "WARNING"}


def crawl(portals: Path, db: Path, log: Path) -> float:
    started = time.monotonic()
    subprocess.run(scrapy_command(portals, str(db), log, settings=QUIET), env=scrapy_env(), check=True)
    return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, SamplePortal(port=0, slow_seconds=0.3) as portal:
        work = Path(tmp)
        db = args.db or work / "bench.sqlite"
        portals = work / "portals.yaml"
        portals.write_text(portal.portals_yaml(), encoding="utf-8")
        full = crawl(portals, db, work / "full.log")
        engine = get_engine(db)
        with Session(engine) as session:
            documents = session.exec(select(func.count()).select_from(Document)).one()
        engine.dispose()
        incremental = crawl(portals, db, work / "incremental.log")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = {"documents": documents, "full_s": round(full, 2), "full_docs_per_s": round(documents / full, 2),
              "incremental_s": round(incremental, 2), "peak_rss_mb": round(peak, 1)}
    print(json.dumps(result, indent=1))
    missed = [k for k, goal in GOALS.items()
              if (result[k] < goal if k.endswith("per_s") else result[k] > goal)]
    for key in missed:
        print(f"goal missed: {key} = {result[key]} (goal {GOALS[key]})", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
