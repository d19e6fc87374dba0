"""`nianbao browse`: the SQLite database in Datasette, read-only, labelled in Chinese and English.

    datasette = make_datasette(Path("data/nianbao.sqlite"))   # a datasette.app.Datasette
    serve(path, host="127.0.0.1", port=8001)                   # blocks, serving until interrupted

The database is opened read-only (Datasette's `mode=ro` connections; no write is ever made). Metadata
(`metadata()`) labels every table and column from etl.explore.dictionary, sets the facets and the
canned queries, and points the sections table at its full-text index (etl.search). The plugin
etl.explore.datasette_plugin adds Chinese search and the charts page.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from etl.explore import datasette_plugin
from etl.explore.datasette_plugin import DB_NAME
from etl.explore.dictionary import COLUMNS
from etl.search import FTS_TABLE

TEMPLATES = Path(__file__).with_name("templates")
POSTGRES_HELP = ("nianbao browse serves a SQLite file, and this database is not one. Copy it into one first, "
                 "search index included: `nianbao db to-sqlite copy.sqlite --db URL`, then "
                 "`nianbao browse --db copy.sqlite`.")

TABLES = {
    "reports": ("年度报告（每份报告一行；current 为现行版本）", "One row per distinct report (or version)"),
    "report_sources": ("报告来源：每个发现该报告的网址（转载）", "Every place a report was found (reposts)"),
    "sections": ("报告正文各部分（一至六），可全文检索", "The report's sections (一–六), full-text searchable"),
    "active_disclosure_facts": ("二、主动公开政府信息情况（每格一行）", "Section 二: active disclosure, one cell a row"),
    "application_facts": ("三、收到和处理政府信息公开申请情况（每格一行）", "Section 三: applications, one cell a row"),
    "review_litigation_facts": ("四、行政复议、行政诉讼情况（每格一行）", "Section 四: review and litigation"),
    "check_results": ("勾稽校验结果（规则 1–4 为报告内，Y1/Y2 为跨年度）", "Check results (1–4 in a report, Y across years)"),
    "check_rules": ("校验规则说明", "What each check rule says"),
    "data_dictionary": ("数据字典：每一列、每一单元格的中英文名称", "Data dictionary: every column and cell"),
    "documents": ("抓取或导入的原始文件", "Stored documents (raw bytes as fetched)"),
    "notes": ("解析说明", "Parser notes on a report"),
    "document_urls": ("文件的每个网址", "Every URL a document was found at"),
    "portals": ("已知网站", "Portals the crawler knows"),
    "report_bands": ("近似重复检测的 MinHash 分段", "MinHash bands for near-duplicate detection"),
    "etl_runs": ("ETL 运行记录", "ETL runs"),
    "etl_run_errors": ("ETL 运行中失败的文件", "Documents that failed in an ETL run"),
    "crawl_runs": ("抓取运行记录", "Crawl runs"),
    "crawl_run_errors": ("抓取中的问题", "Problems of a crawl"),
}
EXTRA_COLUMNS = {
    "number": ("部分序号（1–6）", "section number"), "occurrence": ("第几次出现", "occurrence"),
    "text": ("正文", "text"), "url": ("网址", "URL"), "portal": ("网站", "portal"),
    "own_portal": ("发布机构自己的网站", "on the publisher's own portal"), "canonical": ("首选来源", "canonical source"),
    "document_id": ("文件编号", "document id"), "error": ("错误", "error"), "code": ("代码", "code"),
    "message": ("说明", "message"), "text_zh": ("中文说明", "text (Chinese)"), "text_en": ("英文说明", "text (English)"),
    "name": ("列名", "column name"), "kind": ("类别", "kind"), "label_zh": ("中文名称", "Chinese label"),
    "label_en": ("英文名称", "English label"), "formats": ("适用格式", "formats"),
    # documents, reports' bookkeeping, runs
    "sha256": ("内容哈希", "SHA-256 of the bytes"), "data": ("原始字节", "raw bytes"), "size": ("字节数", "size in bytes"),
    "final_url": ("重定向后网址", "URL after redirects"), "content_type": ("内容类型", "content type"),
    "declared_encoding": ("声明的编码", "declared encoding"), "detected_encoding": ("实际解码所用编码", "encoding decoded with"),
    "http_status": ("HTTP 状态码", "HTTP status"), "fetched_at": ("抓取时间（UTC）", "fetched at (UTC)"),
    "parent_id": ("所属页面文件", "parent document (the page linking an attachment)"),
    "parsed_at": ("解析时间（UTC）", "parsed at (UTC)"), "record": ("解析记录（JSON）", "parsed record (JSON)"),
    "record_fingerprint": ("记录指纹", "record fingerprint"), "fingerprint": ("表格指纹", "tables' fingerprint"),
    "minhash": ("MinHash 签名", "MinHash signature"), "superseded_by_id": ("取代它的报告", "superseded by report"),
    "changes": ("与更正版不同的单元格", "cells that differ in the corrected version"),
    "created_at": ("创建时间（UTC）", "created at (UTC)"), "updated_at": ("更新时间（UTC）", "updated at (UTC)"),
    "band": ("分段", "band"), "hash": ("哈希", "hash"), "position": ("顺序", "position"),
    "run_id": ("运行编号", "run id"), "started_at": ("开始时间（UTC）", "started at (UTC)"),
    "finished_at": ("结束时间（UTC）", "finished at (UTC)"), "mode": ("模式", "mode"), "job": ("任务", "job"),
    "portals": ("网站", "portals"), "close_reason": ("结束原因", "close reason"),
    "documents": ("文件数", "documents"), "parsed": ("已解析", "parsed"), "unchanged": ("未变", "unchanged"),
    "new": ("新报告", "new"), "reposts": ("转载", "reposts"), "revisions": ("更正版", "revisions"),
    "updated": ("已更新", "updated"), "not_reports": ("非报告", "not reports"), "failed": ("失败", "failed"),
    "checks_failed": ("未通过校验", "checks failed"), "pages": ("页面数", "pages"),
    "reports_found": ("发现报告", "reports found"), "known": ("已知", "known"),
    "reports_fetched": ("已抓取报告", "reports fetched"), "attachments_fetched": ("已抓取附件", "attachments fetched"),
    "failed_parses": ("解析失败", "failed parses"), "fetch_failed": ("抓取失败", "fetch failed"),
    "store_failed": ("存储失败", "store failed"), "robots_blocked": ("robots.txt 禁止", "blocked by robots.txt"),
}
FACETS = {
    "reports": ["year", "format", "publisher", "province", "quality", "status", "failed_checks"],
    "check_results": ["status", "rule"],
    "report_sources": ["portal", "canonical"],
    "documents": ["status", "portal"],
    "sections": ["number"],
}
QUERIES = {
    "failing_checks": ("未通过勾稽校验的报告及单元格", "Reports failing a check, with the cells", """
SELECT r.id AS report_id, r.publisher, r.year, r.format, c.rule, k.text_zh AS rule_text, c.cell, c.expected, c.found
FROM check_results c JOIN reports r ON r.id = c.report_id LEFT JOIN check_rules k ON k.rule = c.rule
WHERE c.status = 'failed' AND r.status = 'current'
ORDER BY r.id, c.rule, c.cell"""),
    "applications_by_outcome": ("各年度申请办理结果（总计列）", "Applications by outcome per year (total column)", """
SELECT r.year, a.row AS outcome, d.label_zh AS label, SUM(a.count) AS applications, COUNT(DISTINCT r.id) AS reports
FROM application_facts a JOIN reports r ON r.id = a.report_id
LEFT JOIN data_dictionary d ON d.name = 'applications__' || a.row || '__total'
WHERE r.status = 'current' AND a.applicant = 'total'
GROUP BY r.year, a.row ORDER BY r.year, applications DESC"""),
    "publisher_over_years": ("某一机构历年报告", "A publisher's reports over the years", """
SELECT r.year, r.id AS report_id, r.format, r.title, r.publish_date, r.status, r.failed_checks,
  (SELECT count FROM application_facts WHERE report_id = r.id AND row = 'new_received' AND applicant = 'total')
    AS new_received,
  (SELECT count FROM application_facts WHERE report_id = r.id AND row = 'granted' AND applicant = 'total') AS granted,
  (SELECT count FROM review_litigation_facts WHERE report_id = r.id AND "group" = 'review' AND outcome = 'total')
    AS reviews
FROM reports r WHERE r.publisher = :publisher ORDER BY r.year, r.id"""),
    "compare_years": ("同一机构两年报告逐格对比", "One publisher's reports of two years, cell by cell", """
WITH a AS (SELECT id FROM reports WHERE publisher = :publisher AND year = :year_a AND status = 'current'
           ORDER BY id LIMIT 1),
     b AS (SELECT id FROM reports WHERE publisher = :publisher AND year = :year_b AND status = 'current'
           ORDER BY id LIMIT 1),
     keys AS (SELECT DISTINCT table_name, row_key, column_key FROM report_cells
              WHERE report_id IN (SELECT id FROM a UNION SELECT id FROM b))
SELECT k.table_name, k.row_key, k.column_key, d.label_zh AS label, ca.value AS value_a, cb.value AS value_b,
       cb.value - ca.value AS change
FROM keys k
LEFT JOIN report_cells ca ON ca.report_id = (SELECT id FROM a) AND ca.table_name = k.table_name
     AND ca.row_key = k.row_key AND ca.column_key = k.column_key
LEFT JOIN report_cells cb ON cb.report_id = (SELECT id FROM b) AND cb.table_name = k.table_name
     AND cb.row_key = k.row_key AND cb.column_key = k.column_key
LEFT JOIN data_dictionary d ON d.name = k.table_name || '__' || k.row_key || '__' || k.column_key
ORDER BY k.table_name, k.row_key, k.column_key"""),
    "cross_year_checks": ("跨年度校验未通过", "Failed cross-year checks", """
SELECT r.publisher, r.year, r.id AS report_id, c.rule, k.text_zh AS rule_text, c.cell,
       c.expected AS last_year, c.found AS this_year
FROM check_results c JOIN reports r ON r.id = c.report_id LEFT JOIN check_rules k ON k.rule = c.rule
WHERE c.rule IN ('Y1', 'Y2') AND c.status = 'failed' AND r.status = 'current'
ORDER BY r.publisher, r.year, c.cell"""),
    "reposts": ("转载的报告及其来源", "Reposted reports and their sources", """
SELECT r.id AS report_id, r.publisher, r.year, s.url, s.portal, s.canonical, s.own_portal, s.fetched_at
FROM report_sources s JOIN reports r ON r.id = s.report_id
WHERE s.report_id IN (SELECT report_id FROM report_sources GROUP BY report_id HAVING COUNT(*) > 1)
ORDER BY r.id, s.canonical DESC, s.id"""),
    "failed_documents": ("解析失败的文件", "Documents that failed to parse", """
SELECT id AS document_id, url, portal, content_type, error, parsed_at FROM documents
WHERE status = 'failed' ORDER BY id"""),
    "search_sections": ("全文检索（中文分词：二字组）", "Full-text search of section texts", f"""
SELECT s.report_id, r.publisher, r.year, s.number, s.title,
       substr(s.text, max(1, instr(s.text, :q) - 40), 160) AS excerpt
FROM {FTS_TABLE} f JOIN sections s ON s.id = f.rowid JOIN reports r ON r.id = s.report_id
WHERE {FTS_TABLE} MATCH nianbao_fts(:q) ORDER BY f.rank LIMIT 200"""),
}


def _label(zh: str, en: str) -> str:
    return f"{zh} / {en}"


def _columns() -> dict[str, str]:
    labels = {name: _label(*pair) for name, pair in {**COLUMNS, **EXTRA_COLUMNS}.items()}
    labels["id"] = "编号 / id"
    return labels


def metadata() -> dict[str, Any]:
    """Datasette metadata: titles, table and column labels, facets, canned queries, the sections' FTS."""
    from sqlmodel import SQLModel

    import models  # noqa: F401  (every table on the metadata)

    labels = _columns()
    tables: dict[str, Any] = {}
    for table, (zh, en) in TABLES.items():
        names = SQLModel.metadata.tables[table].columns.keys()
        tables[table] = {"title": _label(zh.split("（")[0], en), "description": _label(zh, en),
                         "columns": {name: labels[name] for name in names if name in labels}}
    for table, facets in FACETS.items():
        tables[table]["facets"] = facets
    tables["reports"]["label_column"] = "title"
    tables["reports"]["sort_desc"] = "year"
    tables["sections"].update({"fts_table": FTS_TABLE, "fts_pk": "id", "searchmode": "escaped"})
    for table in ("active_disclosure_facts", "application_facts", "review_litigation_facts"):
        tables[table]["facets"] = ["category", "metric"] if table.startswith("active") else (
            ["row", "applicant"] if table.startswith("application") else ["group", "outcome"])
    for table in ("report_bands", FTS_TABLE):
        tables.setdefault(table, {})["hidden"] = True
    return {
        "title": "nianbao：政府信息公开工作年度报告 / Government information disclosure annual reports",
        "description": "Reports collected and parsed by nianbao. 图表 Charts: /-/charts. "
                       "Every table cell's label: the data_dictionary table.",
        "databases": {DB_NAME: {
            "tables": tables,
            "queries": {name: {"title": _label(zh, en), "sql": sql.strip()} for name, (zh, en, sql) in QUERIES.items()},
        }},
    }


def schema_problem(path: Path) -> str | None:
    """Why the file cannot be browsed as it is (missing, or its schema older than this nianbao), or None.
    Nothing is written: browse never migrates."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    from models.db import alembic_config

    if not path.is_file():
        return "no such database file"
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
        head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    finally:
        engine.dispose()
    if current != head:
        return f"schema version {current or 'none'}, this nianbao needs {head}: run `nianbao db upgrade` first"
    return None


def make_datasette(path: Path):
    """A Datasette over the SQLite file at `path`, read-only, with nianbao's metadata and plugin."""
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.plugins import pm

    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name="nianbao")
    datasette = Datasette(metadata=metadata(), template_dir=str(TEMPLATES),
                          settings={"default_page_size": 50, "sql_time_limit_ms": 5000, "facet_time_limit_ms": 1000,
                                    "allow_download": False})
    datasette.add_database(Database(datasette, path=str(path), is_mutable=True), name=DB_NAME)
    return datasette


def serve(path: Path, host: str, port: int) -> None:
    """Serve until interrupted."""
    import uvicorn

    datasette = make_datasette(path)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
