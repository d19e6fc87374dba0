"""docs/operating.md's cron recipe, run as cron would run it, against the sample portal."""
from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from crawler.sample_portal.sites import portal_entries

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "operating.md"
INSTALL = "/srv/nianbao"
CHOSEN = ("sample-archive", "sample-dept")  # the two smallest sample sites


def cron_recipe() -> tuple[dict[str, str], str]:
    """The guide's cron file: its variables, and the command of its one job line (after time and user)."""
    block = GUIDE.read_text("utf-8").split("```cron\n", 1)[1].split("```", 1)[0]
    variables, jobs = {}, []
    for line in block.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if sep and " " not in name:
            variables[name] = value
        else:
            jobs.append(line.split(None, 6)[6])
    assert len(jobs) == 1, jobs
    return variables, jobs[0]


@pytest.fixture
def install(tmp_path) -> Path:
    """The guide's /srv/nianbao: this checkout's .venv, and the folders the guide makes."""
    root = tmp_path / "srv"
    root.mkdir()
    (root / ".venv").symlink_to(Path(sys.executable).parents[1])
    for folder in ("data", "logs", "crawls"):
        (root / folder).mkdir()
    return root


def run_job(install: Path, portals: Path, cwd: Path) -> subprocess.CompletedProcess:
    variables, job = cron_recipe()
    env = {"PATH": os.environ["PATH"], "HOME": str(install.parent / "user"), "NIANBAO_PORTALS": str(portals),
           **{k: v.replace(INSTALL, str(install)) for k, v in variables.items()}}
    return subprocess.run([variables.get("SHELL", "/bin/sh"), "-c", job], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.crawl
def test_the_guides_cron_line_crawls_quietly_and_never_overlaps(portal, install, tmp_path):
    # An operator's portal file: two of the sample sites, without per-request delays (the polite defaults
    # stay on otherwise).
    entries = [e for e in portal_entries(portal.bases) if e["name"] in CHOSEN]
    for entry in entries:
        entry.setdefault("overrides", {})["download_delay"] = 0
    portals = tmp_path / "portals.yaml"
    portals.write_text(yaml.safe_dump({"portals": entries}, allow_unicode=True), encoding="utf-8")
    elsewhere = tmp_path / "home"
    elsewhere.mkdir()

    done = run_job(install, portals, elsewhere)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "" and done.stderr == ""  # -q: cron mails nothing when all went well
    crawl_log = (install / "logs/crawl.log").read_text("utf-8")
    assert "Traceback" not in crawl_log  # -q: Scrapy's log keeps warnings and errors only, and these sites have none
    etl_log = (install / "logs/etl.log").read_text("utf-8")
    assert "nianbao etl: run " in etl_log and "failed 0" in etl_log
    stats = subprocess.run([str(install / ".venv/bin/nianbao"), "stats", "--json", "--db",
                            str(install / "data/nianbao.sqlite")], capture_output=True, text=True, cwd=elsewhere)
    assert stats.returncode == 0, stats.stderr
    counts = json.loads(stats.stdout)
    truth = [t for t in portal.manifest() if t["portal"] in CHOSEN]
    assert (counts["unparsed_documents"], counts["failed_documents"]) == (0, 0) and counts["reports"] > 0
    (run,) = counts["crawl_runs"]
    assert (run["status"], sorted(run["portals"])) == ("finished", list(CHOSEN))
    assert run["reports_fetched"] == sum(1 for t in truth if t["status"] == "served")
    assert list(elsewhere.iterdir()) == []  # nothing written to the folder cron starts in

    # While another run holds the lock, the job gives way at once: flock -n exits 1, nothing is crawled.
    with (install / "crawl.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        before = len(portal.requests)
        blocked = run_job(install, portals, elsewhere)
    assert blocked.returncode == 1 and len(portal.requests) == before
