"""The portal file: validated before any crawl, with errors that name the file, portal and key."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from crawler.portals import PortalConfigError, load_portals, select_portals
from crawler.sample_portal import DEFAULT_PORT
from crawler.sample_portal.server import bases_for
from crawler.sample_portal.sites import SPECS, portal_entries

SHIPPED = Path(__file__).parents[2] / "settings" / "portals.yaml"


def write(tmp_path: Path, portals: list[dict]) -> Path:
    path = tmp_path / "portals.yaml"
    path.write_text(yaml.safe_dump({"portals": portals}, allow_unicode=True), encoding="utf-8")
    return path


GOOD = {"name": "city", "profile": "trs", "start_urls": ["http://127.0.0.1:9000/zwgk/index.html"]}


def test_shipped_file_holds_the_sample_portal_at_its_default_ports():
    portals = load_portals(SHIPPED)
    for entry in portal_entries(bases_for(DEFAULT_PORT)):
        portal = portals[entry["name"]]
        assert list(portal.start_urls) == entry["start_urls"]
        assert list(portal.allowed_domains) == entry["allowed_domains"]
        assert portal.profile == entry["profile"]
        assert portal.overrides == entry.get("overrides", {})
    assert [p.name for p in select_portals(portals, "all")] == [spec.name for spec in SPECS]
    assert [p.name for p in select_portals(portals, "sample")] == [spec.name for spec in SPECS]
    assert not portals["pingtan"].enabled


def test_defaults_and_host_port_matching(tmp_path):
    portal = load_portals(write(tmp_path, [GOOD]))["city"]
    assert portal.allowed_domains == ("127.0.0.1:9000",)
    assert portal.allows("http://127.0.0.1:9000/zwgk/202401/t20240101_1.htm")
    assert not portal.allows("http://127.0.0.1:9001/zwgk/index.html")
    wide = load_portals(write(tmp_path, [{**GOOD, "start_urls": ["https://www.example.gov.cn/a/"],
                                          "allowed_domains": ["example.gov.cn"]}]))["city"]
    assert wide.allows("https://files.example.gov.cn/a.pdf") and not wide.allows("https://example.com/")


@pytest.mark.parametrize(("change", "message"), [
    ({"profile": "wordpress"}, "'profile' must be one of"),
    ({"profile": ["trs"]}, "'profile' must be one of"),
    ({"strat_urls": ["x"]}, "unknown key(s) strat_urls"),
    ({"start_urls": []}, "'start_urls' is empty"),
    ({"start_urls": ["ftp://127.0.0.1/x"]}, "is not an http(s) URL"),
    ({"allowed_domains": ["other.gov.cn"]}, "outside allowed_domains"),
    ({"overrides": {"download_delay": "slow"}}, "override 'download_delay' has the wrong type"),
    ({"overrides": {"delay": 1}}, "unknown override 'delay'"),
    ({"overrides": {"include": "("}}, "not a valid regex"),
    ({"name": "City Portal"}, "'name' must be lower-case"),
])
def test_mistakes_are_named(tmp_path, change, message):
    with pytest.raises(PortalConfigError) as error:
        load_portals(write(tmp_path, [{**GOOD, **change}]))
    assert message in str(error.value)
    assert "portals.yaml" in str(error.value)


def test_file_level_mistakes(tmp_path):
    with pytest.raises(PortalConfigError, match="defined twice"):
        load_portals(write(tmp_path, [GOOD, GOOD]))
    empty = tmp_path / "empty.yaml"
    empty.write_text("portals: []\n")
    with pytest.raises(PortalConfigError, match="top-level 'portals:' list"):
        load_portals(empty)
    broken = tmp_path / "broken.yaml"
    broken.write_text("portals: [\n")
    with pytest.raises(PortalConfigError, match="not valid YAML"):
        load_portals(broken)
    with pytest.raises(PortalConfigError, match="cannot read"):
        load_portals(tmp_path / "missing.yaml")


def test_selection_by_name_tag_and_all(tmp_path):
    portals = load_portals(write(tmp_path, [
        {**GOOD, "tags": ["fujian"]}, {**GOOD, "name": "off", "enabled": False},
        {**GOOD, "name": "town", "profile": "plain"}]))
    assert [p.name for p in select_portals(portals, "all")] == ["city", "town"]
    assert [p.name for p in select_portals(portals, "fujian,off")] == ["city", "off"]
    with pytest.raises(PortalConfigError, match="no portal or tag named 'nowhere'"):
        select_portals(portals, "nowhere")
    with pytest.raises(PortalConfigError, match="no portal selected"):
        select_portals(portals, "")
