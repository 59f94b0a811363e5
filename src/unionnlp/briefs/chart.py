"""A picture of an organisation's themes: a small horizontal bar chart, as SVG text.

``theme_chart_svg(shares)`` draws one bar per theme (its share of the organisation's
text, see ``Brief.shares``), longest first, with the theme's name and its percentage.
It is plain SVG written as text: no plotting library, no external fonts or images,
every text escaped, so it can be inlined in an HTML page (``render_html``, the web
page) or saved as a file.  ``write_chart(shares, path)`` saves it as ``.svg``, or as
``.png`` when matplotlib is installed (the one format that needs it).
"""

from __future__ import annotations

import re
import warnings
from html import escape
from pathlib import Path
from typing import Mapping

from unionnlp.errors import UsageError

__all__ = ["CHART_FONTS", "THEME_COLOURS", "theme_chart_svg", "write_chart"]

# Chinese fonts by name, most common first; a browser or viewer uses the first it has.
CHART_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
               "WenQuanYi Micro Hei", "SimHei", "sans-serif")
THEME_COLOURS = {
    "思想引领": "#c0392b",
    "建功立业": "#d68910",
    "权益维护": "#2874a6",
    "关爱服务": "#239b56",
    "组织建设": "#7d3c98",
    "其他": "#7f8c8d",
}
_DEFAULT_COLOUR = "#566573"
_CJK_FONT = re.compile(r"CJK|Han Sans|Han Serif|Hei|Song|Ming|Kai|YaHei|PingFang|WenQuanYi|Droid Sans Fallback")


def _font_family() -> str:
    return ", ".join(f"'{f}'" if " " in f else f for f in CHART_FONTS)


def theme_chart_svg(shares: Mapping[str, float], title: str | None = None, *, width: int = 480,
                    bar_height: int = 22) -> str:
    """An SVG bar chart of ``shares`` (theme → share, 0..1), largest first.

    ``title`` (escaped) is drawn above the bars.  The result is a complete ``<svg>``
    element with a ``viewBox``, so it scales; its ``<title>`` and ``role="img"`` let a
    screen reader name it.
    """
    items = sorted(((t, float(v)) for t, v in shares.items() if v and v > 0), key=lambda tv: -tv[1])
    label_w, value_w, pad = 80, 56, 10
    top = 30 if title else 8
    height = top + max(1, len(items)) * (bar_height + 8) + 6
    bar_max = width - label_w - value_w - 2 * pad
    total = sum(v for _, v in items) or 1.0
    font = escape(_font_family(), quote=True)
    name = escape(title or "主题分布")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title or "主题分布", quote=True)}" '
        f'font-family="{font}" font-size="13">',
        f"<title>{name}</title>",
    ]
    if title:
        out.append(f'<text x="{pad}" y="19" font-size="15" font-weight="bold" fill="#222">{name}</text>')
    if not items:
        out.append(f'<text x="{pad}" y="{top + 15}" fill="#666">（无主题句）</text>')
    for i, (theme, value) in enumerate(items):
        y = top + i * (bar_height + 8)
        share = value / total
        w = max(1.0, bar_max * value / items[0][1])  # the largest share fills the width
        colour = THEME_COLOURS.get(theme, _DEFAULT_COLOUR)
        out.append(f'<text x="{pad + label_w - 6}" y="{y + bar_height * 0.72:.1f}" text-anchor="end" '
                   f'fill="#222">{escape(theme)}</text>')
        out.append(f'<rect x="{pad + label_w}" y="{y}" width="{w:.1f}" height="{bar_height}" rx="2" '
                   f'fill="{colour}"><title>{escape(theme)} {share:.0%}</title></rect>')
        out.append(f'<text x="{pad + label_w + w + 6:.1f}" y="{y + bar_height * 0.72:.1f}" '
                   f'fill="#222">{share:.0%}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_chart(shares: Mapping[str, float], path: str | Path, title: str | None = None) -> Path:
    """Save the theme chart to ``path``: SVG for ``.svg``; PNG for ``.png`` (needs
    matplotlib: ``UsageError`` saying so when it is missing).  Returns the path."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        path.write_text(theme_chart_svg(shares, title), encoding="utf-8")
        return path
    if suffix == ".png":
        _write_png(shares, path, title)
        return path
    raise UsageError(f"{path}: the chart is written as .svg or .png, not '{path.suffix or 'no suffix'}'")


def _write_png(shares: Mapping[str, float], path: Path, title: str | None) -> None:
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
    items = sorted(((t, float(v)) for t, v in shares.items() if v and v > 0), key=lambda tv: -tv[1])
    total = sum(v for _, v in items) or 1.0
    available = {f.name for f in font_manager.fontManager.ttflist}
    fonts = [f for f in CHART_FONTS if f in available]
    fonts += sorted(f for f in available if _CJK_FONT.search(f) and f not in fonts)
    if not fonts:
        warnings.warn(f"{path}: no Chinese font found for matplotlib; the theme names may show as boxes "
                      "(install fonts-noto-cjk, or write an SVG chart)", stacklevel=3)
    with warnings.catch_warnings(), plt.rc_context({"font.family": fonts + ["sans-serif"],
                                                    "axes.unicode_minus": False}):
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig, ax = plt.subplots(figsize=(4.8, 0.45 * max(1, len(items)) + 0.8), dpi=150)
        names = [t for t, _ in items][::-1]
        values = [v / total for _, v in items][::-1]
        colours = [THEME_COLOURS.get(t, _DEFAULT_COLOUR) for t in names]
        ax.barh(names, values, color=colours)
        for y, v in enumerate(values):
            ax.text(v + 0.01, y, f"{v:.0%}", va="center", fontsize=9)
        ax.set_xlim(0, max(values + [0.01]) * 1.25)
        ax.xaxis.set_visible(False)
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        if title:
            ax.set_title(title, fontsize=11)
        fig.tight_layout()
        fig.savefig(path, format="png")
        plt.close(fig)
