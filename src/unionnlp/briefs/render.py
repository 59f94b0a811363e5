"""Rendering a brief: Chinese markdown, a standalone HTML page, plain text (one sentence a
line), or JSON-ready data."""

from __future__ import annotations

from html import escape

from unionnlp.briefs.brief import Brief

__all__ = ["brief_to_dict", "render_html", "render_markdown", "render_text"]

# Chinese fonts by name (no font file is shipped or fetched): a reader's browser or PDF
# printer uses the first one it has.
PAGE_FONTS = ("'Noto Serif CJK SC'", "'Source Han Serif SC'", "'Songti SC'", "SimSun", "'Noto Sans CJK SC'",
              "'Source Han Sans SC'", "'PingFang SC'", "'Microsoft YaHei'", "serif")


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _numbering(brief: Brief) -> dict[str, int]:
    return {s.doc: i for i, s in enumerate(brief.sources, start=1)}


def _ref(brief: Brief, number: dict[str, int], doc: str, para: int, org: str = "") -> str:
    extra = f"·{org}" if org and org != brief.org else ""
    return f"〔文{number.get(doc, '?')}·段{para}{extra}〕"


def _title(brief: Brief) -> str:
    return f"{brief.org}工作简报" + ("（含下属组织）" if len(brief.orgs) > 1 else "")


def render_markdown(brief: Brief) -> str:
    """The brief as Chinese markdown: title, 概况 (if any) and one section per theme,
    关键数据 table (value, what it counts, theme, source), 来源 list."""
    number = _numbering(brief)
    lines = [f"# {_title(brief)}", ""]
    if not brief.themes:
        lines += [f"（{brief.max_chars} 字以内放不下任何一句。）", ""]
    for section in brief.themes:
        lines += [f"## {section.theme}", ""]
        lines += [f"- {s.text}{_ref(brief, number, s.doc, s.para, s.org)}" for s in section.sentences]
        lines.append("")
    if brief.figures:
        lines += ["## 关键数据", "", "| 数据 | 内容 | 主题 | 出处 |", "| ---: | --- | --- | --- |"]
        for f in brief.figures:
            lines.append(f"| {_md_cell(f.label)} | {_md_cell(f.what)} | {_md_cell(f.theme or '—')} "
                         f"| {_ref(brief, number, f.doc, f.para)} |")
        lines.append("")
    if brief.sources:
        lines += ["## 来源", ""]
        for i, s in enumerate(brief.sources, start=1):
            paras = "、".join(str(p) for p in s.paragraphs)
            lines.append(f"{i}. 文{i}：{s.doc}，第 {paras} 段")
        lines.append("")
    return "\n".join(lines)


_CSS = """
@page { size: A4; margin: 18mm 16mm; }
html { font-family: %(fonts)s; color: #1b1b1b; background: #fff; }
body { max-width: 46em; margin: 2em auto; padding: 0 1.2em; line-height: 1.75; font-size: 15px; }
h1 { font-size: 1.6em; margin: 0 0 .2em; border-bottom: 2px solid #8b0000; padding-bottom: .2em; }
h2 { font-size: 1.15em; margin: 1.4em 0 .4em; color: #8b0000; page-break-after: avoid; }
.meta { color: #555; font-size: .9em; margin: 0 0 1em; }
figure { margin: 1em 0; page-break-inside: avoid; }
figure svg { max-width: 100%%; height: auto; }
figcaption { color: #555; font-size: .85em; }
ul { padding-left: 1.3em; margin: .3em 0; }
li { margin: .25em 0; page-break-inside: avoid; }
.ref { color: #777; font-size: .85em; white-space: nowrap; }
table { border-collapse: collapse; width: 100%%; font-size: .92em; page-break-inside: auto; }
th, td { border: 1px solid #bbb; padding: .25em .5em; vertical-align: top; }
th { background: #f3eeee; }
td.num { text-align: right; white-space: nowrap; font-weight: bold; }
ol.sources { font-size: .88em; color: #333; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def render_html(brief: Brief, chart: bool = True) -> str:
    """The brief as a standalone, printable HTML page: no external assets (the theme chart
    is inline SVG, fonts are asked for by name), every text escaped."""
    from unionnlp.briefs.chart import theme_share_svg

    number = _numbering(brief)

    def ref(doc: str, para: int, org: str = "") -> str:
        return f'<span class="ref">{escape(_ref(brief, number, doc, para, org))}</span>'

    title = escape(_title(brief))
    meta = f"共 {brief.chars} 字（上限 {brief.max_chars} 字）；每个主题内按原文顺序排列" if brief.order == "source" \
        else f"共 {brief.chars} 字（上限 {brief.max_chars} 字）；每个主题内按重要性排列"
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        "<style>" + _CSS % {"fonts": ", ".join(PAGE_FONTS)} + "</style>",
        "</head>",
        "<body>",
        f"<h1>{title}</h1>",
        f'<p class="meta">{escape(meta)}</p>',
    ]
    if chart and brief.shares:
        out += [
            "<figure>",
            theme_share_svg(brief.shares, title="主题占比（按句）"),
            "<figcaption>该组织报告中各主题句子的占比</figcaption>",
            "</figure>",
        ]
    if not brief.themes:
        out.append(f"<p>（{brief.max_chars} 字以内放不下任何一句。）</p>")
    for section in brief.themes:
        out.append(f"<h2>{escape(section.theme)}</h2>")
        out.append("<ul>")
        out += [f"<li>{escape(s.text)}{ref(s.doc, s.para, s.org)}</li>" for s in section.sentences]
        out.append("</ul>")
    if brief.figures:
        out += ["<h2>关键数据</h2>", "<table>",
                "<thead><tr><th>数据</th><th>内容</th><th>主题</th><th>出处</th></tr></thead>", "<tbody>"]
        for f in brief.figures:
            out.append(f'<tr><td class="num">{escape(f.label)}</td><td>{escape(f.what)}</td>'
                       f"<td>{escape(f.theme or '—')}</td><td>{ref(f.doc, f.para)}</td></tr>")
        out += ["</tbody>", "</table>"]
    if brief.sources:
        out += ["<h2>来源</h2>", '<ol class="sources">']
        for i, s in enumerate(brief.sources, start=1):
            paras = "、".join(str(p) for p in s.paragraphs)
            out.append(f"<li>文{i}：{escape(s.doc)}，第 {escape(paras)} 段</li>")
        out.append("</ol>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def render_text(brief: Brief) -> str:
    """Only the brief's sentences, one a line, in brief order (for piping and scoring)."""
    return "".join(s.text + "\n" for s in brief.sentences)


def brief_to_dict(brief: Brief) -> dict:
    """The brief as plain data for JSON: sentences with file, paragraph, sentence, span and
    score; figures with their theme; theme shares; sources."""
    return {
        "org": brief.org,
        "orgs": list(brief.orgs),
        "corpus": brief.corpus,
        "max_chars": brief.max_chars,
        "chars": brief.chars,
        "order": brief.order,
        "shares": dict(brief.shares),
        "themes": [
            {
                "theme": t.theme,
                "weight": round(t.weight, 4),
                "sentences": [
                    {"text": s.text, "doc": s.doc, "para": s.para, "sent": s.sent,
                     "span": list(s.span) if s.span else None,
                     "score": round(s.score, 4), "org": s.org}
                    for s in t.sentences
                ],
            }
            for t in brief.themes
        ],
        "figures": [
            {"value": f.value, "unit": f.unit, "label": f.label, "what": f.what, "theme": f.theme, "text": f.text,
             "doc": f.doc, "para": f.para, "sent": f.sent}
            for f in brief.figures
        ],
        "sources": [{"doc": s.doc, "paragraphs": list(s.paragraphs)} for s in brief.sources],
    }
