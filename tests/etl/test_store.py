"""Storing documents: bytes once per sha256, every URL kept, encodings noted."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlmodel import Session, func, select

from etl.store import known_urls, store_document
from models import Document, DocumentUrl, Portal


def _count(session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def test_identical_bytes_are_stored_once_with_every_url(engine):
    html = "<html><meta charset='gbk'><body>年度报告</body></html>".encode("gbk")
    with Session(engine) as session:
        first, created = store_document(session, data=html, url="http://a.gov.cn/1.html", portal="a",
                                        content_type="text/html", http_status=200)
        again, created_again = store_document(session, data=html, url="http://a.gov.cn/1.html")
        repost, created_repost = store_document(session, data=html, url="http://b.gov.cn/9.html",
                                                final_url="http://b.gov.cn/9.shtml", portal="b")
        session.commit()
        assert (created, created_again, created_repost) == (True, False, False)
        assert first.id == again.id == repost.id
        assert _count(session, Document) == 1
        assert _count(session, DocumentUrl) == 2
        stored = session.get(Document, first.id)
        assert stored.data == html and stored.size == len(html)
        assert stored.declared_encoding == "gbk" and stored.portal == "a" and stored.http_status == 200
        assert known_urls(session) == {"http://a.gov.cn/1.html", "http://b.gov.cn/9.html", "http://b.gov.cn/9.shtml"}


def test_attachment_keeps_its_parent_and_fetch_time(engine):
    fetched = datetime(2024, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=8)))
    with Session(engine) as session:
        page, _ = store_document(session, data=b"<html>page</html>", url="http://a/p.html")
        pdf, _ = store_document(session, data=b"%PDF-1.4 body", url="http://a/r.pdf", parent_id=page.id,
                                content_type="application/pdf", fetched_at=fetched)
        session.commit()
        stored = session.get(Document, pdf.id)
        assert stored.parent_id == page.id
        assert stored.fetched_at == fetched.astimezone(UTC).replace(tzinfo=None)
        assert stored.detected_encoding is None and stored.status == "new"


def test_portal_titles_are_kept_and_updated(engine):
    with Session(engine) as session:
        store_document(session, data=b"a", url="http://dept/1", portal="dept", portal_title="滨江区教育局（列表）")
        store_document(session, data=b"b", url="http://dept/2", portal="dept", portal_title="滨江区教育局")
        store_document(session, data=b"c", url="http://dept/3", portal="dept")
        session.commit()
        assert [(p.name, p.title) for p in session.exec(select(Portal)).all()] == [("dept", "滨江区教育局")]
