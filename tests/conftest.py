"""Shared fixtures: a fresh database on SQLite and on the PostgreSQL of this machine.

`db_url` / `engine` are parametrised over both back ends, so a test using them runs twice. The
PostgreSQL run creates its own randomly named database and drops it afterwards; when the server is
unreachable the run is skipped with the reason, or fails when CI=true.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from models.db import get_engine, init_db

# ../shared beside the clone; NIANBAO_SHARED names it for a clone kept elsewhere.
SHARED = Path(os.environ.get("NIANBAO_SHARED") or Path(__file__).resolve().parents[2] / "shared")
POSTGRES_URL = os.environ.get("NIANBAO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the service is required)")
    pytest.skip(reason)


def _admin_connect():
    import psycopg

    url = make_url(POSTGRES_URL)
    return psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                           dbname=url.database, autocommit=True, connect_timeout=3)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        _unavailable(f"shared material not found at {SHARED}")
    return SHARED


@pytest.fixture
def postgres_url():
    """URL of a fresh PostgreSQL database, dropped after the test."""
    try:
        admin = _admin_connect()
    except Exception as exc:  # any connection failure means: no server here
        _unavailable(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}")
    name = f"nianbao_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path):
    """An empty database on each back end (SQLite file in tmp_path, fresh PostgreSQL database)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nianbao.sqlite'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def engine(db_url):
    """An engine on `db_url` with the schema migrated to head."""
    engine = get_engine(db_url)
    init_db(engine)
    yield engine
    engine.dispose()


SHANGHAI = "real/shanghai_2019.html"


@pytest.fixture(scope="session")
def shanghai_renderings(shared_dir) -> dict[str, bytes]:
    """One report (上海市人民政府办公厅 2019) as three portals render it, plus a corrected republication.

    original: the page body as saved; gbk_chrome: wrapped in another portal's page, GBK-encoded, line
    breaks between paragraphs; edited: a third portal's layout table around it, spaces after every
    full stop and one word added to the prose; revised: the original with one cell corrected
    (规章 对外公开总数量 524 → 525) and published later.
    """
    body = (shared_dir / SHANGHAI).read_text("utf-8")
    gbk_chrome = ('<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">'
                  '<title>上海市人民政府办公厅</title></head><body>\n<div class="nav"><a href="/">首页</a> &gt; '
                  '<a href="/zwgk">政务公开</a> &gt; 政府信息公开年报</div>\n<div class="article">\n'
                  + body.replace("</p>", "</p>\n  ")
                  + '\n</div>\n<div class="footer">版权所有 主办单位 网站地图 联系我们</div></body></html>')
    edited = ('<html><head><meta charset="utf-8"><title>转载</title></head><body><table class="layout"><tr><td>'
              '<ul><li>要闻</li><li>通知公告</li></ul></td><td>'
              + body.replace("深入贯彻习近平总书记", "深入学习贯彻习近平总书记").replace("。", "。 ")
              + "</td></tr></table><p>分享到：微信 微博</p></body></html>")
    cell = '<td nowrap="nowrap" style="width:89px;"><p align="center">{}</p>'
    revised = body.replace(cell.format(524), cell.format(525)).replace("发布日期：2020-01-31", "发布日期：2020-02-15")
    assert revised.count("525") == body.count("525") + 1 and "2020-02-15" in revised
    return {"original": body.encode("utf-8"), "gbk_chrome": gbk_chrome.encode("gbk"),
            "edited": edited.encode("utf-8"), "revised": revised.encode("utf-8")}


@pytest.fixture(scope="session")
def shared_documents(shared_dir) -> dict[str, bytes]:
    """The shared seeds and real pages by file name (seven reports and one list page)."""
    paths = sorted((shared_dir / "seeds").glob("*.txt")) + sorted((shared_dir / "real").glob("*.html"))
    return {path.name: path.read_bytes() for path in paths}
