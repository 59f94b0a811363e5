"""Rendering a brief: Chinese markdown, plain text (one sentence a line), or JSON-ready data."""

from __future__ import annotations

from unionnlp.briefs.brief import Brief

__all__ = ["brief_to_dict", "render_markdown", "render_text"]


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(brief: Brief) -> str:
    """The brief as Chinese markdown: title, one section per theme, 关键数据 table, 来源 list."""
    number = {s.doc: i for i, s in enumerate(brief.sources, start=1)}

    def ref(doc: str, para: int, org: str = "") -> str:
        extra = f"·{org}" if org and org != brief.org else ""
        return f"〔文{number.get(doc, '?')}·段{para}{extra}〕"

    title = f"# {brief.org}工作简报" + ("（含下属组织）" if len(brief.orgs) > 1 else "")
    lines = [title, ""]
    if not brief.themes:
        lines += [f"（{brief.max_chars} 字以内放不下任何一句。）", ""]
    for section in brief.themes:
        lines += [f"## {section.theme}", ""]
        lines += [f"- {s.text}{ref(s.doc, s.para, s.org)}" for s in section.sentences]
        lines.append("")
    if brief.figures:
        lines += ["## 关键数据", "", "| 数据 | 内容 | 出处 |", "| ---: | --- | --- |"]
        for f in brief.figures:
            lines.append(f"| {_md_cell(f.label)} | {_md_cell(f.what)} | {ref(f.doc, f.para)} |")
        lines.append("")
    if brief.sources:
        lines += ["## 来源", ""]
        for i, s in enumerate(brief.sources, start=1):
            paras = "、".join(str(p) for p in s.paragraphs)
            lines.append(f"{i}. 文{i}：{s.doc}，第 {paras} 段")
        lines.append("")
    return "\n".join(lines)


def render_text(brief: Brief) -> str:
    """Only the brief's sentences, one a line, in brief order (for piping and scoring)."""
    return "".join(s.text + "\n" for s in brief.sentences)


def brief_to_dict(brief: Brief) -> dict:
    """The brief as plain data for JSON: sentences with file, paragraph, sentence and score;
    figures; sources."""
    return {
        "org": brief.org,
        "orgs": list(brief.orgs),
        "corpus": brief.corpus,
        "max_chars": brief.max_chars,
        "chars": brief.chars,
        "themes": [
            {
                "theme": t.theme,
                "weight": round(t.weight, 4),
                "sentences": [
                    {"text": s.text, "doc": s.doc, "para": s.para, "sent": s.sent,
                     "score": round(s.score, 4), "org": s.org}
                    for s in t.sentences
                ],
            }
            for t in brief.themes
        ],
        "figures": [
            {"value": f.value, "unit": f.unit, "label": f.label, "what": f.what, "text": f.text,
             "doc": f.doc, "para": f.para, "sent": f.sent}
            for f in brief.figures
        ],
        "sources": [{"doc": s.doc, "paragraphs": list(s.paragraphs)} for s in brief.sources],
    }
