"""Theme-share pictures as plain SVG text: no plotting library, no external assets.

``theme_share_svg`` draws the horizontal bar chart of an organisation's (or a
document's) theme shares that a brief shows; ``theme_strip_svg`` a single
stacked bar for small spaces (the organisation tree, a report's header).
Both return an ``<svg>`` element as a string that can be written to a file or
put inline in HTML; every text in it is escaped.  ``THEME_COLOURS`` is the one
palette the briefs and the web page share.  ``write_chart`` saves the bar chart
as ``.svg``, or as ``.png`` through matplotlib when it is installed (the one
format that needs a library; ``UsageError`` says so when it is missing).
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from unionnlp.errors import UsageError

__all__ = ["CHART_FONTS", "THEME_COLOURS", "THEME_ORDER", "check_chart_path", "theme_share_svg", "theme_strip_svg",
           "write_chart"]

THEME_ORDER = ("思想引领", "建功立业", "权益维护", "关爱服务", "组织建设", "其他", "不确定")
# Strong colours (bars, legend), distinguishable for the common colour-vision deficiencies.
THEME_COLOURS = {
    "思想引领": "#c8342b",
    "建功立业": "#d98200",
    "权益维护": "#2266cc",
    "关爱服务": "#238a4f",
    "组织建设": "#7b45c4",
    "其他": "#7c828c",
    "不确定": "#3d3d3d",
}
# Chinese fonts by name (none is shipped or fetched): a viewer uses the first it has.
CHART_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei",
               "SimHei", "sans-serif")
_FONTS = ",".join(f"'{f}'" if " " in f else f for f in CHART_FONTS)
_CJK_FONT = re.compile(r"CJK|Han Sans|Han Serif|Hei|Song|Ming|Kai|YaHei|PingFang|WenQuanYi|Droid Sans Fallback")


def _ordered(shares: Mapping[str, float], keep_zero: bool) -> list[tuple[str, float]]:
    known = [(t, float(shares.get(t, 0.0))) for t in THEME_ORDER if t in shares or keep_zero]
    extra = [(t, float(v)) for t, v in shares.items() if t not in THEME_ORDER]
    rows = known + extra
    return [(t, v) for t, v in rows if keep_zero or v > 0]


def theme_share_svg(
    shares: Mapping[str, float],
    *,
    title: str | None = None,
    width: int = 420,
    bar_height: int = 18,
    themes: tuple[str, ...] | None = None,
) -> str:
    """A horizontal bar chart of theme shares (0–1), one bar a theme, labelled with its percentage.

    ``themes`` fixes the rows shown (default: the five work themes and 其他, in the
    usual order, with any other label present added after them).
    """
    if themes is not None:
        rows = [(t, float(shares.get(t, 0.0))) for t in themes]
    else:
        rows = [(t, float(shares.get(t, 0.0))) for t in THEME_ORDER[:6]]
        rows += [(t, float(v)) for t, v in shares.items() if t not in THEME_ORDER[:6]]
    label_w, pct_w, gap = 72, 48, 6
    top = 24 if title else 4
    bar_w = max(40, width - label_w - pct_w - 2 * gap)
    height = top + len(rows) * (bar_height + gap) + 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="theme-chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title or "主题占比", {chr(34): "&quot;"})}" '
        f'font-family="{_FONTS}" font-size="13">'
    ]
    if title:
        parts.append(f'<text x="0" y="16" font-weight="bold" fill="#222">{escape(title)}</text>')
    for i, (theme, share) in enumerate(rows):
        y = top + i * (bar_height + gap)
        colour = THEME_COLOURS.get(theme, "#999999")
        w = round(max(0.0, min(1.0, share)) * bar_w, 1)
        parts.append(
            f'<g class="bar" data-theme="{escape(theme)}">'
            f'<text x="{label_w - 6}" y="{y + bar_height - 4}" text-anchor="end" fill="#222">{escape(theme)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="{bar_height}" fill="#eef0f3"/>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_height}" fill="{colour}">'
            f"<title>{escape(theme)} {share:.0%}</title></rect>"
            f'<text x="{label_w + bar_w + gap}" y="{y + bar_height - 4}" fill="#222">{share:.0%}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def theme_strip_svg(shares: Mapping[str, float], *, width: int = 120, height: int = 10) -> str:
    """One stacked bar of theme shares (0–1), for lists and headers; each part has a tooltip."""
    rows = _ordered(shares, keep_zero=False)
    total = sum(v for _, v in rows) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="theme-strip" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="主题占比">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#eef0f3"/>',
    ]
    x = 0.0
    for theme, share in rows:
        w = share / total * width
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" '
            f'fill="{THEME_COLOURS.get(theme, "#999999")}"><title>{escape(theme)} {share:.0%}</title></rect>'
        )
        x += w
    parts.append("</svg>")
    return "".join(parts)


def check_chart_path(path: str | Path) -> None:
    """``UsageError`` unless ``path`` names a chart format: ``.svg`` or ``.png``."""
    suffix = Path(path).suffix
    if suffix.lower() not in (".svg", ".png"):
        raise UsageError(f"{path}: the chart is written as .svg or .png, not '{suffix or 'no suffix'}'")


def write_chart(shares: Mapping[str, float], path: str | Path, title: str | None = None) -> Path:
    """Save the bar chart of ``shares`` (theme → share, 0–1) to ``path``: SVG for ``.svg``
    (:func:`theme_share_svg`); PNG for ``.png``, which needs matplotlib (``UsageError``
    saying so when it is missing).  Returns the path."""
    from unionnlp.files import write_atomic

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        write_atomic(path, theme_share_svg(shares, title=title) + "\n", option="--chart")
        return path
    check_chart_path(path)
    write_atomic(path, _png_bytes(shares, path, title), option="--chart")
    return path


def _png_bytes(shares: Mapping[str, float], path: Path, title: str | None) -> bytes:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib import font_manager
    except ImportError:
        raise UsageError(
            f"{path}: a PNG chart needs matplotlib (pip install matplotlib); "
            "or write an SVG chart: --chart chart.svg"
        ) from None
    rows = [(t, float(shares.get(t, 0.0))) for t in THEME_ORDER[:6]]
    rows += [(t, float(v)) for t, v in shares.items() if t not in THEME_ORDER[:6]]
    available = {f.name for f in font_manager.fontManager.ttflist}
    fonts = [f for f in CHART_FONTS if f in available]
    fonts += sorted(f for f in available if _CJK_FONT.search(f) and f not in fonts)
    if not fonts:
        warnings.warn(f"{path}: no Chinese font found for matplotlib; the theme names may show as boxes "
                      "(install fonts-noto-cjk, or write an SVG chart)", stacklevel=3)
    with warnings.catch_warnings(), plt.rc_context({"font.family": fonts + ["sans-serif"],
                                                    "axes.unicode_minus": False}):
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig, ax = plt.subplots(figsize=(4.8, 0.4 * len(rows) + 0.8), dpi=150)
        names = [t for t, _ in rows][::-1]
        values = [v for _, v in rows][::-1]
        ax.barh(names, [1.0] * len(values), color="#eef0f3")
        ax.barh(names, values, color=[THEME_COLOURS.get(t, "#999999") for t in names])
        for y, v in enumerate(values):
            ax.text(1.02, y, f"{v:.0%}", va="center", fontsize=9)
        ax.set_xlim(0, 1.15)
        ax.xaxis.set_visible(False)
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        if title:
            ax.set_title(title, fontsize=11, loc="left")
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        plt.close(fig)
    return buffer.getvalue()
