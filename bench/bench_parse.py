"""Parser throughput on the shared documents and rendered reports, against the readers alone.

    python -m bench.bench_parse [--rounds 20]

The baseline is `read_document` (decoding and HTML/text reading) over the same documents in the same
run; the ratio says what understanding a report costs on top of reading it. Goal: full parse within
4x the reading time, and >= 50 documents/s on one core.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

from etl.extract.parse import parse_document
from etl.extract.readers import read_document
from etl.extract.record import Record

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOALS = {"ratio_to_reading": 4.0, "docs_per_s": 50.0}


def documents(count: int) -> list[tuple[str, bytes]]:
    """The shared inputs plus `count` reports rendered in every rendering from their records."""
    from etl.render import render_html, render_lines, render_pipes, render_tabs

    paths = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "real").glob("*_20*.html"))
    docs = [(p.name, p.read_bytes()) for p in paths]
    records = [parse_document(data, name) for name, data in docs]
    rng = random.Random(7)
    for i in range(count):
        record: Record = rng.choice(records)
        kind = i % 4
        if kind == 0:
            docs.append((f"r{i}.html", render_html(record, charset=rng.choice(["utf-8", "gbk"]), seed=i)))
        else:
            text = (render_tabs, render_lines, render_pipes)[kind - 1](record)
            docs.append((f"r{i}.txt", text.encode("utf-8") if isinstance(text, str) else text))
    return docs


def timed(fn, docs, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for name, data in docs:
            fn(data, name)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rendered", type=int, default=40)
    args = parser.parse_args()
    docs = documents(args.rendered)
    reading = timed(lambda data, _: read_document(data), docs, args.rounds)
    parsing = timed(parse_document, docs, args.rounds)
    n = len(docs) * args.rounds
    figures = {"ratio_to_reading": parsing / reading, "docs_per_s": n / parsing}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {len(docs)} x {args.rounds} rounds; peak RSS {peak:.0f} MB")
    print(f"reading only: {reading / n * 1000:.1f} ms/doc   full parse: {parsing / n * 1000:.1f} ms/doc")
    ok = True
    for key, value in figures.items():
        goal = GOALS[key]
        met = value <= goal if key.startswith("ratio") else value >= goal
        ok &= met
        print(f"{key}: {value:.2f} (goal {'<=' if key.startswith('ratio') else '>='} {goal}) {'ok' if met else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
