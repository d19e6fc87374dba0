"""A small collection in a real SQLite file, built once: the shared seeds and real pages, plus rendered
reports of two bodies — 鞍山市铁东区人民政府 for 2019 and 2020 (2019 format) whose 2020 上一年项目数量 of
行政许可 is off by 5 from 2019's count plus change (one cross-year mismatch), and 福建省平潭县人民政府 2023
with one total off by one (a failed 勾稽 check)."""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session

from crawler.sample_portal.records import make_record
from etl.extract.record import Record
from etl.render import render_html
from etl.runs import run_etl
from etl.store import store_document
from models.db import get_engine, init_db

TIEDONG = "鞍山市铁东区人民政府"
PINGTAN = "福建省平潭县人民政府"


@dataclass
class Collection:
    path: Path
    url: str
    records: dict[tuple[str, int], Record]


def tiedong_pair() -> tuple[Record, Record]:
    rng = random.Random(13)
    first = make_record(rng, publisher=TIEDONG, year=2019, publish_date="2020-01-20")
    second = make_record(rng, publisher=TIEDONG, year=2020, publish_date="2021-01-25")
    for col, value in first.applications["carried_forward"].items():  # Y1 holds in every column
        delta = value - second.applications["carried_over"][col]
        second.applications["carried_over"][col] = value
        second.applications["new_received"][col] -= delta
        if second.applications["new_received"][col] < 0:  # keep rule 1 true: move the excess to forward
            second.applications["carried_forward"][col] -= second.applications["new_received"][col]
            second.applications["new_received"][col] = 0
    for category, cells in first.active_disclosure.items():  # Y2 holds, but for 行政许可
        if "items_last_year" in cells:
            second.active_disclosure[category]["items_last_year"] = cells["items_last_year"] + cells["items_change"]
    second.active_disclosure["licensing"]["items_last_year"] += 5
    return first, second


@pytest.fixture(scope="session")
def collection(tmp_path_factory, shared_dir) -> Collection:
    path = tmp_path_factory.mktemp("collection") / "nianbao.sqlite"
    url = f"sqlite:///{path}"
    engine = get_engine(url)
    init_db(engine)
    first, second = tiedong_pair()
    broken = make_record(random.Random(7), publisher=PINGTAN, year=2023, publish_date="2024-01-30", broken=True)
    records = {(r.publisher, r.year): r for r in (first, second, broken)}
    with Session(engine) as session:
        for p in sorted((shared_dir / "seeds").glob("*.txt")) + sorted((shared_dir / "real").glob("*.html")):
            store_document(session, data=p.read_bytes(), url=p.resolve().as_uri(), content_type=None)
        for (publisher, year), record in records.items():
            store_document(session, data=render_html(record, seed=year), url=f"http://example.gov.cn/{year}/{publisher}.html",
                           content_type="text/html")
        session.commit()
    run_etl(engine, workers=1)
    engine.dispose()
    return Collection(path, url, records)
