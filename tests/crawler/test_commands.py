"""`nianbao sample-portal` and `nianbao demo` as a user runs them."""
from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from etl.cli import app

NIANBAO = str(Path(sys.executable).with_name("nianbao"))


def test_manifest_lists_the_reports_at_the_given_port():
    result = CliRunner().invoke(app, ["sample-portal", "--manifest", "--port", "18360"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 58
    assert all(r["url"].startswith(("http://127.0.0.1:1836", "http://127.0.0.1:1837")) for r in rows)
    assert sum(1 for r in rows if r["repost_of"]) == 1
    assert {"portal", "url", "publisher", "year", "repost_of", "status"} <= set(rows[0])


def test_sample_portal_serves_until_stopped(tmp_path):
    portals = tmp_path / "portals.yaml"
    process = subprocess.Popen([NIANBAO, "sample-portal", "--port", "0", "--portals-out", str(portals)],
                               stdout=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline().split()
        assert first[0] == "sample-city"
        with urllib.request.urlopen(first[1], timeout=10) as page:
            assert "createPageHTML" in page.read().decode("utf-8")
        entries = yaml.safe_load(portals.read_text(encoding="utf-8"))["portals"]
        assert entries[0]["start_urls"] == [first[1]]
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.crawl
def test_demo_crawls_loads_and_summarizes(tmp_path):
    db = tmp_path / "demo.sqlite"
    done = subprocess.run([NIANBAO, "demo", "--db", str(db), "--port", "0"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=240)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    out = done.stdout
    truth = [json.loads(line) for line in
             CliRunner().invoke(app, ["sample-portal", "--manifest"]).output.splitlines()]
    # Merged copies: the reposted report, and each report published as several attachments (DOCX + PDF).
    merged = sum(1 for r in truth if r["repost_of"]) + sum(max(len(r["documents"]) - 1, 0) for r in truth)
    failed = sum(1 for r in truth if r["failed_checks"])
    assert (merged, failed) == (2, 1)
    assert "Reports by year and format" in out and "format 2021" in out
    assert f"reposts merged: {merged}" in out and f"with failed checks: {failed}" in out
    assert f"database: {db}" in out
    assert db.exists() and (tmp_path / "data" / "demo-crawl.log").exists()
