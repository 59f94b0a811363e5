#!/usr/bin/env python3
"""Make PDF-extraction damage from clean reports (seeded, deterministic, stdlib only).

    python dev/make_damage.py SRC_DIR OUT_DIR --seed 0

Every ``*.txt`` of SRC_DIR (clean: paragraphs separated by blank lines,
markdown ``#`` headings) is laid out the way a newspaper page is and then
"extracted" the way PDF text extraction leaves it, in variety:

- hard wraps at a column width measured in display width (CJK 2, Latin and
  digits 1, so line lengths in characters vary); narrow and wide columns;
  Latin words and numbers are not broken unless they do not fit a line;
- two or three columns a page; columns read in the right order, or (in some
  documents) one page read in the wrong column order or with two columns
  interleaved line by line (what pdfminer does): that genuinely scrambles
  text, and no repair can restore reading order;
- a line break before a closing quote or bracket, or after an opening one;
- a running head (``中国妇女报  2023年4月14日  星期五  7  发展周刊·女职工之家``) and a
  page number at every page break, so that they fall between two halves of a
  sentence when a paragraph runs on to the next page;
- spaces inside words from justified text; half-width punctuation;
- a section heading longer than its column set as two lines (headlines span
  the columns); photo credits between paragraphs;
- line separators as extractors write them: one newline, a blank line after
  every line, blank lines only between paragraphs, indented first lines.

Markdown marks are dropped (a PDF has none).  ``OUT_DIR/damage.json`` lists,
per file, the layout and the damage applied, and which files hold scrambled
reading order.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

TERMINATORS = "。！？"
OPENERS = "“‘（《「『【"
CLOSERS = "”’）》」』】"
_HALF = {"，": ",", "；": ";", "：": ":", "！": "!", "？": "?", "（": "(", "）": ")"}
_NO_LINE_START = set(CLOSERS + "，。、；：！？…")

PAPERS = ["中国妇女报", "工人日报", "劳动午报", "中国工运", "现代女报", "职工报"]
SECTIONS = ["发展周刊·女职工之家", "工会新闻", "女职工", "基层传真", "维权周刊", "综合新闻"]
WEEKDAYS = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = "雄敏华芳丽军伟静磊洋勇艳杰娟涛明超秀霞平刚桂英金友晓岚宁琳"


def char_width(ch: str) -> int:
    """Display width: East Asian wide/full-width characters 2, others 1."""
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def text_width(text: str) -> int:
    return sum(char_width(c) for c in text)


# ---------------------------------------------------------------- parsing


def parse_blocks(text: str) -> list[tuple[str, str]]:
    """(kind, text) blocks of a clean report; kind is 'heading' or 'para'."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        for line in chunk.split("\n"):
            line = line.strip()
            if not line:
                continue
            m = re.match(r"^#{1,6}\s+", line)
            if m:
                blocks.append(("heading", line[m.end():].strip()))
            else:
                blocks.append(("para", line))
    return blocks


# ---------------------------------------------------------------- damage to text


def half_width_punct(text: str, rng: random.Random, share: float) -> str:
    return "".join(_HALF[c] if c in _HALF and rng.random() < share else c for c in text)


def tokens(text: str) -> list[str]:
    """Units a typesetter does not break: ASCII words and numbers; other characters one by one."""
    return re.findall(r"[A-Za-z0-9.%%/:+\-]+|.", text)


def wrap(text: str, width: int, rng: random.Random, quote_breaks: float) -> list[str]:
    """Hard-wrap ``text`` at ``width`` display columns."""
    lines: list[str] = []
    line, w = "", 0
    toks = tokens(text)
    i = 0
    while i < len(toks):
        tok = toks[i]
        tw = text_width(tok)
        if w + tw > width and line:
            if tw > width:
                # a token longer than a line is broken where the line ends
                room = width - w
                head = ""
                while tok and text_width(head + tok[0]) <= room:
                    head, tok = head + tok[0], tok[1:]
                if head:
                    line += head
                toks[i] = tok
            elif tok in _NO_LINE_START and rng.random() < 0.6:
                # kinsoku: the closing mark hangs on the full line
                line += tok
                i += 1
            lines.append(line)
            line, w = "", 0
            continue
        # the extraction damage: a break right before a closer or after an opener
        if line and w > width // 2 and rng.random() < quote_breaks:
            if tok in CLOSERS or (line[-1] in OPENERS):
                lines.append(line)
                line, w = "", 0
        line += tok
        w += tw
        i += 1
    if line:
        lines.append(line)
    return lines


def justify(line: str, width: int, rng: random.Random) -> str:
    """Spaces inside a line, as extraction leaves them for justified text."""
    if text_width(line) < width - 4 or len(line) < 6:
        return line
    chars = list(line)
    for _ in range(rng.randint(1, 2)):
        pos = rng.randint(1, len(chars) - 1)
        if all("\u4e00" <= c <= "\u9fff" for c in (chars[pos - 1], chars[pos])):
            chars.insert(pos, " " if rng.random() < 0.8 else "  ")
    return "".join(chars)


def credit_line(rng: random.Random) -> str:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    return rng.choice([f"{name}/摄", f"记者 {name} 摄", f"{name} 摄", f"图/{name}", f"通讯员 {name} 摄"])


def running_head(rng: random.Random, page: int, paper: str, section: str, date: tuple) -> str:
    y, m, d, wd = date
    sep = rng.choice(["  ", " ", "   "])
    return sep.join([paper, f"{y}年{m}月{d}日", WEEKDAYS[wd], str(page), section])


# ---------------------------------------------------------------- layout


def damage(text: str, rng: random.Random) -> tuple[str, dict]:
    """One damaged copy of a clean report, and what was done to it."""
    blocks = parse_blocks(text)
    info: dict = {}
    narrow = rng.random() < 0.5
    width = rng.randint(20, 30) if narrow else rng.randint(34, 56)
    columns = rng.choice([2, 3])
    lines_per_col = rng.randint(18, 40)
    style = rng.choice(["newline", "newline", "double", "para-blank", "indent"])
    half = rng.choice([0.0, 0.0, 0.5, 1.0])
    justified = rng.random() < 0.5
    quote_breaks = rng.choice([0.0, 0.05, 0.2])
    two_line_heading = rng.random() < 0.5
    credits = rng.random() < 0.5
    order = rng.choices(["right", "swapped", "interleaved"], weights=[80, 14, 6])[0]
    page_numbers = rng.random() < 0.7
    info.update(width=width, columns=columns, lines_per_column=lines_per_col, style=style,
                half_width_share=half, justified=justified, quote_breaks=quote_breaks,
                two_line_heading=two_line_heading, credits=credits, order=order)
    paper, section = rng.choice(PAPERS), rng.choice(SECTIONS)
    date = (rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 6))
    first_page = rng.randint(1, 12)

    # Typeset: each block becomes lines; headings span the columns (not wrapped)
    # unless set as two lines; a paragraph ends with a marker for the separator.
    items: list[tuple[str, str]] = []  # (kind, line) kind: 'line', 'para-start', 'heading', 'credit'
    for b_index, (kind, body) in enumerate(blocks):
        body = half_width_punct(body, rng, half)
        if kind == "heading":
            # The first headings are headlines across the columns, one line
            # each; a section heading sits in its column and, when longer than
            # the column, is set as two lines (at its space if that is late
            # enough in the line, else where the line is full).
            if b_index < 2 or text_width(body) <= width or not two_line_heading:
                items.append(("heading", body))
                continue
            space = body.rfind(" ", 0, len(body))
            if 0 < space and width // 2 <= text_width(body[:space]) <= width:
                parts = [body[:space], body[space + 1:]]
            else:
                parts = wrap(body, width, rng, 0.0)
            info.setdefault("two_line_headings", []).append(body)
            for part in parts:
                items.append(("heading", part))
            continue
        wrapped = wrap(body, width, rng, quote_breaks)
        for k, line in enumerate(wrapped):
            if justified and k < len(wrapped) - 1:
                line = justify(line, width, rng)
            items.append(("para-start" if k == 0 else "line", line))
        if credits and 0 < b_index < len(blocks) - 1 and rng.random() < 0.15:
            credit = credit_line(rng)
            items.append(("credit", credit))
            info.setdefault("credit_lines", []).append(credit)

    # Paginate: columns of lines_per_col lines, pages of `columns` columns.
    cap = lines_per_col * columns
    pages = [items[i : i + cap] for i in range(0, len(items), cap)]
    scrambled_page = rng.randrange(len(pages)) if order != "right" else None
    out: list[str] = []
    for p_index, page in enumerate(pages):
        page_no = first_page + p_index
        if p_index > 0 or rng.random() < 0.5:
            out.append(("furniture", running_head(rng, page_no, paper, section, date)))
        cols = [page[i : i + lines_per_col] for i in range(0, len(page), lines_per_col)]
        if p_index == scrambled_page and len(cols) >= 2:
            if order == "swapped":
                cols = [cols[1], cols[0], *cols[2:]]
                page_lines = [it for col in cols for it in col]
            else:
                a, b = cols[0], cols[1]
                page_lines = []
                for k in range(max(len(a), len(b))):
                    if k < len(a) and k < len(b):
                        page_lines.append(("line", a[k][1] + "  " + b[k][1]))
                    elif k < len(a):
                        page_lines.append(a[k])
                    else:
                        page_lines.append(b[k])
                page_lines += [it for col in cols[2:] for it in col]
            info["scrambled_pages"] = [p_index + 1]
        else:
            page_lines = [it for col in cols for it in col]
        out.extend(page_lines)
        if page_numbers and p_index < len(pages) - 1:
            out.append(("furniture", rng.choice([str(page_no), f"— {page_no} —", f"第{page_no}版", f"- {page_no} -"])))
    if "scrambled_pages" not in info:
        info["order"] = "right"

    info["furniture"] = [line for kind, line in out if kind == "furniture"]

    # Extract: write the lines with the separator style of the extractor.
    text_out: list[str] = []
    for kind, line in out:
        if style == "double":
            text_out.append(line)
            text_out.append("")
        elif style == "para-blank":
            if kind in ("para-start", "heading", "credit", "furniture") and text_out:
                text_out.append("")
            text_out.append(line)
        elif style == "indent":
            text_out.append(("　　" if rng.random() < 0.5 else "  ") + line if kind == "para-start" else line)
        else:
            text_out.append(line + (" " if rng.random() < 0.1 else ""))
    return "\n".join(text_out).rstrip("\n") + "\n", info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    files = sorted(p for p in args.src_dir.glob("*.txt") if p.is_file())
    if not files:
        print(f"make_damage: {args.src_dir}: no .txt files", file=sys.stderr)
        return 1
    args.out_dir.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for path in files:
        rng = random.Random(f"{args.seed}:{path.name}")
        text, info = damage(path.read_text(encoding="utf-8"), rng)
        (args.out_dir / path.name).write_text(text, encoding="utf-8")
        manifest[path.name] = info
    (args.out_dir / "damage.json").write_text(
        json.dumps({"seed": args.seed, "files": manifest}, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(f"make_damage: {len(files)} files → {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
