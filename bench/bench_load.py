"""Storage and ETL throughput: store, parse and load N rendered reports (plus reposts and revisions).

    python -m bench.bench_load [--reports 300] [--workers 2] [--db URL]   (default: a temporary SQLite file)

Goals on the 2-core development machine (SQLite). End to end, parsing included (2 workers): first ETL
run >= 10 documents/s, second run over unchanged documents >= 20/s. The load alone (records parsed
beforehand, one transaction per document as in a run): >= 25 new documents/s, >= 200 unchanged/s.
Peak memory < 600 MB. The numbers printed are the measurement; a missed goal gives exit status 1.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from etl.extract.attempt import parse_bytes
from etl.extract.record import Record
from etl.load import load_document
from etl.render import render_html, render_lines
from etl.runs import run_etl
from etl.store import store_document
from models import Document, Report, ReportSource
from models.db import get_engine, init_db

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOALS = {"first_run_docs_per_s": 10.0, "rerun_docs_per_s": 20.0, "load_new_docs_per_s": 25.0,
         "load_unchanged_docs_per_s": 200.0, "peak_rss_mb": 600.0}


def variants(count: int, rng: random.Random) -> list[tuple[str, bytes, str]]:
    """(url, bytes, content type): `count` distinct reports, a tenth reposted, a twentieth revised."""
    golds = [Record.from_dict(json.loads(p.read_text("utf-8"))) for p in sorted((SHARED / "gold/seeds").glob("*.json"))]
    documents = []
    for i in range(count):
        data = golds[i % len(golds)].to_dict()
        publisher = f"滨江区第{i}局"
        data.update(publisher=publisher, title=f"{publisher}{data['year']}年政府信息公开工作年度报告",
                    publish_date=f"{(data['year'] or 2020) + 1}-01-{1 + i % 28:02d}")
        record = Record.from_dict(data)
        documents.append((f"http://dept{i}.example.gov.cn/report.html", render_html(record, seed=i), "text/html"))
        if i % 10 == 0:
            documents.append((f"http://district.example.gov.cn/repost/{i}.txt",
                              render_lines(record, seed=i).encode("utf-8"), "text/plain"))
        if i % 20 == 0:
            revised = Record.from_dict({**record.to_dict(), "publish_date": f"{(data['year'] or 2020) + 1}-06-01"})
            row = revised.review_litigation.setdefault("review", {})
            row["pending"] = (row.get("pending") or 0) + 1
            documents.append((f"http://dept{i}.example.gov.cn/report-corrected.html",
                              render_html(revised, seed=i), "text/html"))
    rng.shuffle(documents)
    return documents


def load_only(database: str, documents: list[tuple[str, bytes, str]]) -> tuple[float, float]:
    """Seconds to load pre-parsed documents into an empty database, then to load them again (unchanged)."""
    engine = get_engine(database)
    init_db(engine)
    with Session(engine) as session:
        ids = [store_document(session, data=data, url=url, content_type=ctype)[0].id for url, data, ctype in documents]
        session.commit()
    parsed = [parse_bytes(data, url, ctype) for url, data, ctype in documents]
    times = []
    for _ in range(2):
        started = time.perf_counter()
        for document_id, record in zip(ids, parsed, strict=True):
            with Session(engine) as session:
                load_document(session, session.get(Document, document_id), record)
                session.commit()
        times.append(time.perf_counter() - started)
    engine.dispose()
    return times[0], times[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        engine = get_engine(args.db or str(Path(tmp) / "bench.sqlite"))
        init_db(engine)
        documents = variants(args.reports, random.Random(7))
        started = time.perf_counter()
        with Session(engine) as session:
            for url, data, content_type in documents:
                store_document(session, data=data, url=url, content_type=content_type)
            session.commit()
        stored = time.perf_counter() - started
        started = time.perf_counter()
        first = run_etl(engine, workers=args.workers)
        first_time = time.perf_counter() - started
        started = time.perf_counter()
        again = run_etl(engine, "all", workers=args.workers)
        again_time = time.perf_counter() - started
        with Session(engine) as session:
            reports = session.exec(select(func.count()).select_from(Report)).one()
            sources = session.exec(select(func.count()).select_from(ReportSource)).one()
        engine.dispose()
        load_new, load_unchanged = load_only(f"sqlite:///{tmp}/load.sqlite", documents)  # always SQLite
    measured = {
        "first_run_docs_per_s": first.documents / first_time,
        "rerun_docs_per_s": again.documents / again_time,
        "load_new_docs_per_s": len(documents) / load_new,
        "load_unchanged_docs_per_s": len(documents) / load_unchanged,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(f"documents {len(documents)}: stored in {stored:.1f}s; first ETL {first_time:.1f}s "
          f"(new {first.new}, reposts {first.reposts}, revisions {first.revisions}, failed {first.failed}); "
          f"second ETL {again_time:.1f}s (unchanged {again.unchanged}); reports {reports}, sources {sources}")
    missed = []
    for key, value in measured.items():
        goal = GOALS[key]
        ok = value <= goal if key == "peak_rss_mb" else value >= goal
        print(f"  {key:22} {value:8.1f}   goal {'<=' if key == 'peak_rss_mb' else '>='} {goal:g}"
              f"{'' if ok else '   MISSED'}")
        if not ok:
            missed.append(key)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
