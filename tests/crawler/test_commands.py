"""`nianbao sample-portal` and `nianbao demo` as a user runs them."""
from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from crawler.sample_portal.sites import SPECS
from etl.cli import app
from models.db import ENV_URL

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


def free_ports(count: int = len(SPECS)) -> int:
    """A first port P with P…P+count-1 all free on 127.0.0.1 (the demo's sites need consecutive ports)."""
    for _ in range(200):
        first = random.randrange(20000, 60000)
        sockets = []
        try:
            for port in range(first, first + count):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free block of ports")


def demo(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([NIANBAO, "demo", *args], cwd=cwd, capture_output=True, text=True, timeout=240,
                          env={**os.environ, **(env or {})})


@pytest.mark.crawl
def test_demo_crawls_loads_and_summarizes_and_a_rerun_invents_no_reposts(tmp_path):
    db, port = tmp_path / "demo.sqlite", str(free_ports())
    done = demo("--db", str(db), "--port", port, cwd=tmp_path)
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
    first = json.loads(CliRunner().invoke(app, ["stats", "--json", "--db", str(db)]).output)

    # Again, naming the database by $NIANBAO_DATABASE_URL: the same URLs, so the same reports and sources.
    again = demo("--port", port, cwd=tmp_path, env={ENV_URL: str(db)})
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]
    assert f"reposts merged: {merged}" in again.stdout and f"database: {db}" in again.stdout
    second = json.loads(CliRunner().invoke(app, ["stats", "--json", "--db", str(db)]).output)
    keys = ("documents", "reports", "report_sources", "reposts_merged", "current_reports")
    assert {k: second[k] for k in keys} == {k: first[k] for k in keys}
    assert first["reposts_merged"] == merged
    assert len(second["crawl_runs"]) == 2

    # Free ports would be new URLs for the same reports: refused for a database that has documents.
    refused = demo("--db", str(db), "--port", "0", cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "--port 0 serves the sample portal at new URLs" in refused.stderr


def test_demo_on_busy_ports_is_an_error_not_a_move(tmp_path):
    port = free_ports()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port + 2))
        taken.listen()
        done = demo("--db", str(tmp_path / "d.sqlite"), "--port", str(port), cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (f"nianbao demo: cannot serve the sample portal on 127.0.0.1:{port}…{port + 4}: "
                                   f"Address already in use (another demo or sample portal running?); stop it or "
                                   f"choose another --port")
