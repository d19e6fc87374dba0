"""The Datasette plugin of `nianbao browse`: Chinese full-text search and the charts page.

- The search box of a table (and the `search_sections` canned query) finds Chinese words: Datasette's
  own `escape_fts` is replaced, on nianbao's databases, by etl.search.fts_query, which turns the query
  into the character bigrams the index holds; `nianbao_fts(q)` is the same function for SQL.
- `/-/nianbao.css` lays the column labels out as a compact grid;
- `/-/charts` draws the charts of etl.explore.charts (optionally `?publisher=` / `?region=`) as inline
  SVG, and `/-/charts/KIND.json` gives the numbers plotted.
"""
from __future__ import annotations

from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response

from etl.explore.charts import chinese_labels, svg
from etl.explore.series import KINDS, chart_data
from etl.search import fts_query

DB_NAME = "nianbao"  # the name the database is served under (etl.explore.browse)


@hookimpl(trylast=True)  # after Datasette's own prepare_connection, so this escape_fts is the one used
def prepare_connection(conn, database, datasette):
    conn.create_function("escape_fts", 1, fts_query)
    conn.create_function("nianbao_fts", 1, fts_query)


def _filters(request) -> tuple[str | None, str | None]:
    return request.args.get("publisher") or None, request.args.get("region") or None


async def _series(datasette, kind: str, publisher: str | None, region: str | None, chinese: bool):
    db = datasette.get_database(DB_NAME)
    return await db.execute_fn(lambda conn: chart_data(lambda sql, params: conn.execute(sql, params).fetchall(),
                                                       kind, publisher, region, chinese))


async def charts_page(datasette, request):
    publisher, region = _filters(request)
    chinese = chinese_labels()
    subtitle = " · ".join(x for x in (publisher, region) if x) or None
    charts = [(kind, svg(await _series(datasette, kind, publisher, region, chinese), kind, subtitle))
              for kind in KINDS]
    return Response.html(await datasette.render_template(
        "nianbao_charts.html", {"charts": charts, "publisher": publisher, "region": region, "subtitle": subtitle},
        request=request))


async def chart_json(datasette, request):
    kind = request.url_vars["kind"]
    if kind not in KINDS:
        return Response.json({"error": f"unknown chart {kind}; one of {', '.join(KINDS)}"}, status=404)
    publisher, region = _filters(request)
    return Response.json(await _series(datasette, kind, publisher, region, chinese_labels()))


CSS = Path(__file__).with_name("templates") / "nianbao.css"


async def stylesheet():
    return Response(CSS.read_text("utf-8"), content_type="text/css; charset=utf-8")


@hookimpl
def register_routes():
    return [(r"^/-/charts$", charts_page), (r"^/-/charts/(?P<kind>[a-z_]+)\.json$", chart_json),
            (r"^/-/nianbao\.css$", stylesheet)]


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/-/nianbao.css")]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/charts"), "label": "图表 Charts"}]
