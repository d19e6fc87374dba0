"""Canonical record → realistic report document, in each rendering real portals produce.

Pure functions of (record, seed): the seed picks the cosmetics (layouts, blank marks, money units, header
breaks, Word markup), never the values, so a correct parser gives back the record from any rendering.
Used by the round-trip tests of the parser and to generate sample portal pages and reposts.

    render_html(record, charset=, spans=, word=, meta=, seed=) -> bytes
    render_tabs(record, seed=, layout=) / render_lines(record, seed=) / render_pipes(record, seed=) -> str
"""
from etl.render.html import render_html
from etl.render.style import Style
from etl.render.text import render_lines, render_pipes, render_tabs

__all__ = ["Style", "render_html", "render_lines", "render_pipes", "render_tabs"]
