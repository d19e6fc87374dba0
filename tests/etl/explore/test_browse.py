"""`nianbao browse`: Datasette on the test collection, driven by a real headless Chromium.

Chromium is the Debian package (`make os-packages`); without it the browser test is skipped with the
reason, and fails when CI=true.
"""
from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from sqlmodel import SQLModel
from typer.testing import CliRunner

import models  # noqa: F401  (every table on the metadata)
from etl.cli import app
from etl.explore.browse import make_datasette, metadata
from etl.search import FTS_TABLE
from tests.etl.collection import PINGTAN

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000")
SEARCH = "申请"  # printed inside longer runs of characters (依申请公开, 政府信息公开申请…)


@pytest.fixture(scope="module")
def server(collection):
    """The collection served by nianbao's Datasette on a free port of 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(make_datasette(collection.path).app(), host="127.0.0.1", port=port,
                                       log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not uv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "Datasette did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()) or shutil.which("chromium") is None:
        reason = "Chromium not installed (make os-packages installs chromium and chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: required)")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    try:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    except Exception as exc:  # a browser that cannot start here is a skip with its reason (a failure in CI)
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"Chromium did not start: {exc}")
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _rows(driver) -> list[list[str]]:
    from selenium.webdriver.common.by import By

    return [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")]


def _columns(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    # A table page names its columns in data-column, a query page only in the header's text.
    return [th.get_attribute("data-column") or th.text.strip()
            for th in driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns thead th")]


def test_a_plain_unicode61_index_misses_the_search_word(collection):
    """The reason for the bigram index: unicode61 keeps each run of Chinese characters as one token."""
    with sqlite3.connect(f"file:{collection.path}?mode=ro", uri=True) as db:
        texts = [t for (t,) in db.execute("SELECT text FROM sections")]
        plain = sqlite3.connect(":memory:")
        plain.execute("CREATE VIRTUAL TABLE plain USING fts5(text, tokenize='unicode61')")
        plain.executemany("INSERT INTO plain (text) VALUES (?)", [(t,) for t in texts])
        assert plain.execute("SELECT count(*) FROM plain WHERE plain MATCH ?", (f'"{SEARCH}"',)).fetchone()[0] == 0
        containing = sum(SEARCH in t for t in texts)
        indexed = db.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", ('"申请"',)).fetchone()[0]
    assert containing > 3 and indexed == containing


def test_browse_by_facet_canned_query_and_chinese_search(server, browser, collection, tmp_path):
    from selenium.webdriver.common.by import By

    # A known report by facet: the 福建省 link of the province facet.
    browser.get(f"{server}/nianbao/reports")
    assert "年度报告" in browser.find_element(By.TAG_NAME, "h1").text
    facet = browser.find_element(By.CSS_SELECTOR, '.facet-info[data-column="province"]')
    facet.find_element(By.PARTIAL_LINK_TEXT, "福建省").click()
    columns, rows = _columns(browser), _rows(browser)
    publishers = {row[columns.index("publisher")] for row in rows}
    assert "province=" in browser.current_url
    assert PINGTAN in publishers and all(row[columns.index("province")] == "福建省" for row in rows)
    report_id = next(row[columns.index("id")] for row in rows if row[columns.index("publisher")] == PINGTAN)

    # The failing-checks canned query lists that report's broken cell.
    browser.get(f"{server}/nianbao")
    browser.find_element(By.PARTIAL_LINK_TEXT, "未通过勾稽校验的报告及单元格").click()
    columns, rows = _columns(browser), _rows(browser)
    failing = {(row[columns.index("report_id")], row[columns.index("rule")], row[columns.index("cell")])
               for row in rows}
    assert (report_id, "2", "applications/total/natural_person") in failing
    assert all("总计" in row[columns.index("rule_text")] for row in rows if row[columns.index("rule")] == "2")

    # Chinese full-text search from the sections table's search box.
    browser.get(f"{server}/nianbao/sections")
    box = browser.find_element(By.CSS_SELECTOR, 'input[name="_search"]')
    box.send_keys(SEARCH)
    box.submit()
    columns, rows = _columns(browser), _rows(browser)
    assert rows and all(SEARCH in row[columns.index("text")].replace("\n", "") for row in rows)
    with sqlite3.connect(f"file:{collection.path}?mode=ro", uri=True) as db:
        expected = db.execute("SELECT count(*) FROM sections WHERE instr(text, ?) > 0", (SEARCH,)).fetchone()[0]
    assert f"{expected} row" in browser.find_element(By.CSS_SELECTOR, "h3").text

    shot = tmp_path / "browse.png"
    assert browser.save_screenshot(str(shot)) and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_charts_page_draws_every_chart(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/-/charts?publisher={PINGTAN}")
    sections = browser.find_elements(By.CSS_SELECTOR, "section.nianbao-chart svg")
    assert len(sections) == 5 and PINGTAN in browser.find_element(By.TAG_NAME, "h1").text


def test_metadata_labels_every_table_and_column():
    tables = metadata()["databases"]["nianbao"]["tables"]
    for name, table in SQLModel.metadata.tables.items():
        assert " / " in tables[name]["description"]
        assert set(tables[name]["columns"]) == set(table.columns.keys()), name
        assert all(" / " in label for label in tables[name]["columns"].values())
    assert tables["reports"]["columns"]["publisher"] == "发布机构 / publisher"
    assert tables["reports"]["facets"][:2] == ["year", "format"]


def test_browse_refuses_postgresql_and_a_missing_file(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["browse", "--db", "postgresql+psycopg://someone@127.0.0.1/x"])
    assert result.exit_code == 2 and "nianbao db to-sqlite copy.sqlite" in result.output
    result = runner.invoke(app, ["browse", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1 and "no such database file" in result.output
