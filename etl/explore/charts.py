"""Charts across years as PNG and SVG (matplotlib), from the numbers of etl.explore.series.

    paths = write_chart(series, "applications", out_dir, subtitle="福建省")   # KIND.png and KIND.svg

Labels are Chinese when a CJK font is installed (fonts-noto-cjk, `make os-packages`), else English,
with a warning saying so.
"""
from __future__ import annotations

import io
import warnings
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from etl.explore.series import KINDS, Series  # noqa: E402


@cache
def cjk_font() -> str | None:
    """The family name of an installed CJK font, or None."""
    for font in font_manager.fontManager.ttflist:
        if "CJK SC" in font.name or font.name in ("Noto Sans CJK JP", "WenQuanYi Zen Hei", "SimHei"):
            return font.name
    for path in font_manager.findSystemFonts():
        if "NotoSansCJK" in path:
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    return None


def chinese_labels() -> bool:
    """Whether labels can be Chinese; warns (once per call) when no CJK font is installed."""
    if cjk_font():
        return True
    warnings.warn("no CJK font found (install fonts-noto-cjk, e.g. `make os-packages`): chart labels are in English",
                  stacklevel=2)
    return False


def figure(series: Series, kind: str, subtitle: str | None = None) -> plt.Figure:
    """The chart as a matplotlib figure: stacked bars of counts, a line of shares."""
    chinese = cjk_font() is not None
    if chinese:
        plt.rcParams["font.sans-serif"] = [cjk_font(), "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    years = sorted({y for values in series.values() for y in values})
    title = KINDS[kind][0 if chinese else 1] + (f" — {subtitle}" if subtitle else "")
    ax.set_title(title)
    if kind in ("grant_rate", "failing_checks"):
        for label, values in series.items():
            ax.plot(years, [values.get(y) for y in years], marker="o", label=label)
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    else:
        bottom = [0.0] * len(years)
        stacked = dict(series)
        if kind == "applications" and series:  # applications received: a line over the stacked outcomes
            label, values = next(iter(series.items()))
            ax.plot([str(y) for y in years], [values.get(y, 0) for y in years], color="black", marker="o",
                    label=label)
            del stacked[label]
        for label, values in stacked.items():
            heights = [values.get(y, 0) for y in years]
            ax.bar([str(y) for y in years], heights, bottom=bottom, label=label)
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    if kind in ("grant_rate", "failing_checks"):
        ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlabel("年度" if chinese else "year")
    if series:
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
    else:
        ax.text(0.5, 0.5, "无数据" if chinese else "no data", ha="center", va="center", transform=ax.transAxes)
    fig.tight_layout()
    return fig


def write_chart(series: Series, kind: str, out_dir: Path, subtitle: str | None = None) -> list[Path]:
    """KIND.png and KIND.svg in out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fig = figure(series, kind, subtitle)
    paths = [out_dir / f"{kind}.png", out_dir / f"{kind}.svg"]
    try:
        for path in paths:
            fig.savefig(path)
    finally:
        plt.close(fig)
    return paths


def svg(series: Series, kind: str, subtitle: str | None = None) -> str:
    """The chart as inline SVG text (the browse page)."""
    fig = figure(series, kind, subtitle)
    buffer = io.StringIO()
    try:
        fig.savefig(buffer, format="svg")
    finally:
        plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg"):]
