"""The theme chart (SVG text, PNG through matplotlib) and the standalone HTML page."""

from __future__ import annotations

import builtins
import re
import xml.etree.ElementTree as ET

import pytest

from unionnlp.briefs.brief import Brief, BriefFigure, BriefSentence, Source, ThemeSection
from unionnlp.briefs.chart import theme_share_svg, write_chart
from unionnlp.briefs.render import render_html
from unionnlp.errors import UsageError

SVG = "{http://www.w3.org/2000/svg}"
SHARES = {"权益维护": 0.25, "关爱服务": 0.6, "组织建设": 0.15}


def test_bar_chart_is_well_formed_one_row_a_theme():
    svg = theme_share_svg(SHARES, title="山东省总工会 主题占比")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("viewBox")
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert labels[0] == "山东省总工会 主题占比"
    assert labels[1::2] == ["思想引领", "建功立业", "权益维护", "关爱服务", "组织建设", "其他"]  # the usual order
    assert labels[2::2] == ["0%", "0%", "25%", "60%", "15%", "0%"]
    assert "Noto Sans CJK SC" in root.get("font-family")


def test_svg_escapes_every_text():
    svg = theme_share_svg({"<b>&主题</b>": 1.0}, title='标题 <script>alert("x")</script>')
    ET.fromstring(svg)  # still well-formed
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg


def test_write_svg_and_refuse_other_formats(tmp_path):
    path = write_chart(SHARES, tmp_path / "c.svg", "图")
    assert path.read_text(encoding="utf-8").startswith("<svg")
    ET.fromstring(path.read_text(encoding="utf-8"))
    with pytest.raises(UsageError, match=r"\.svg or \.png"):
        write_chart(SHARES, tmp_path / "c.jpg")


@pytest.mark.filterwarnings("ignore:.*no Chinese font")
def test_png_with_matplotlib(tmp_path):
    pytest.importorskip("matplotlib")
    path = write_chart(SHARES, tmp_path / "c.png", "主题分布")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_png_without_matplotlib_is_a_clear_error(tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError("No module named 'matplotlib'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    with pytest.raises(UsageError, match="matplotlib.*--chart chart.svg"):
        write_chart(SHARES, tmp_path / "c.png")
    assert not (tmp_path / "c.png").exists()


def test_html_is_standalone_printable_and_escaped():
    brief = Brief(
        org="某<b>工会</b>",
        themes=[ThemeSection("关爱服务", 0.6, [BriefSentence("建成小屋35家，<i>全部</i>投入使用。", "a&b.txt", 3, 1, 1.0,
                                                           span=(0, 20), theme="关爱服务")])],
        figures=[BriefFigure("35", "家", "建成<小屋>", "35家", "a&b.txt", 3, 1, "关爱服务")],
        sources=[Source("a&b.txt", (3,))],
        shares=SHARES,
    )
    html = render_html(brief)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html and '<meta charset="utf-8">' in html
    assert "<b>工会</b>" not in html and "某&lt;b&gt;工会&lt;/b&gt;" in html
    assert "<i>" not in html and "建成&lt;小屋&gt;" in html and "a&amp;b.txt" in html
    assert "@page" in html and "Noto Serif CJK SC" in html  # printable, fonts by name
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", html)  # no external asset
    assert "<svg" in html
    assert "<svg" not in render_html(brief, chart=False)
