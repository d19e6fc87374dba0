"""The sample portal serves what its manifest says, with the quirks of real portals."""
from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
from collections import Counter

import docx
import pdfplumber
import pytest

from crawler.sample_portal import SamplePortal
from crawler.sample_portal.attachments import docx_bytes, pdf_bytes
from crawler.sample_portal.records import make_record
from etl.extract.parse import parse_document


@pytest.fixture(scope="module")
def portal():
    with SamplePortal(port=0, slow_seconds=0.2) as running:
        yield running


def get(url: str, data: bytes | None = None) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_manifest_covers_every_style_and_case(portal):
    manifest = portal.manifest()
    assert Counter(t["portal"] for t in manifest) == {"sample-city": 22, "sample-pingtan": 14, "sample-district": 10,
                                                      "sample-dept": 5, "sample-archive": 7}
    assert Counter(t["status"] for t in manifest) == {"served": 56, "missing": 1, "robots": 1}
    reposts = [t for t in manifest if t["repost_of"]]
    assert len(reposts) == 1
    original = next(t for t in manifest if t["url"] == reposts[0]["repost_of"])
    assert (original["portal"], reposts[0]["portal"]) == ("sample-district", "sample-dept")
    assert {t["source"] for t in manifest} >= {"real/pingtan_2023.html", "real/shanghai_2019.html",
                                               "seeds/000_250f2460152f5126.txt"}
    quirks = {t["quirk"] for t in manifest}
    assert quirks >= {"flaky", "slow", "redirect", "attachments", "malformed", "wrong-charset", "docx", "search-api"}
    assert len(portal.notices()) == 8


def test_every_served_report_answers_and_every_generated_page_parses_to_its_truth(portal):
    for truth in portal.manifest():
        if truth["status"] != "served" or truth["quirk"] in ("flaky", "slow"):
            continue
        status, headers, body = get(truth["url"])
        assert status == 200, truth["url"]
        for url in truth["documents"]:
            assert get(url)[0] == 200
        if truth["source"] == "generated" and not truth["documents"] and truth["quirk"] != "docx":
            record = parse_document(body, truth["url"], content_type=headers["Content-Type"])
            assert (record.publisher, record.year) == (truth["publisher"], truth["year"]), truth["url"]


def test_quirks(portal):
    manifest = portal.manifest()
    flaky = next(t["url"] for t in manifest if t["quirk"] == "flaky")
    assert get(flaky)[0] == 500
    assert get(flaky)[0] == 200
    missing = next(t["url"] for t in manifest if t["status"] == "missing")
    assert get(missing)[0] == 404
    city = portal.bases["sample-city"]
    assert get(city + "/robots.txt")[2] == b"User-agent: *\nDisallow: /zwgk/zfxxgknb/lsbb/\n"
    wrong = next(t for t in manifest if t["quirk"] == "wrong-charset")
    status, headers, body = get(wrong["url"])
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert wrong["title"] in body.decode("gbk")
    search = portal.bases["sample-pingtan"] + "/fjdzapp/search?channelid=200210&prepage=10&page=2"
    answer = json.loads(get(search)[2])
    assert answer["pagecount"] == 2 and len(answer["data"]) == 5
    proxy = portal.bases["sample-district"] + "/module/web/jpage/dataproxy.jsp?startrecord=9&endrecord=12&perpage=2"
    xml = get(proxy, b"col=1&webid=3&columnid=4521&unitid=15678")[2].decode("gbk")
    assert xml.count("<record>") == 4 and "<totalrecord>12</totalrecord>" in xml


def test_same_seed_same_bytes(portal):
    again = SamplePortal(port=0)
    try:
        assert [t["title"] for t in again.manifest()] == [t["title"] for t in portal.manifest()]
        page = next(iter(portal.sites[0].routes))
        assert again.sites[0].routes[page].body == portal.sites[0].routes[page].body
    finally:
        again.stop()


def test_pdf_and_docx_attachments_carry_the_report():
    import random

    record = make_record(random.Random(5), publisher="海州市教育局", year=2021, publish_date="2022-02-06")
    with pdfplumber.open(io.BytesIO(pdf_bytes(record, 7))) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
    assert record.title in text.replace("\n", "")
    assert "本年新收政府信息公开申请数量" in text
    word = docx.Document(io.BytesIO(docx_bytes(record, 7)))
    assert word.paragraphs[0].text == record.title
    assert len(word.tables) >= 3
    cells = {c.text for table in word.tables for row in table.rows for c in row.cells}
    assert str(record.applications["new_received"]["natural_person"]) in cells
