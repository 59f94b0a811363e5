#!/usr/bin/env python3
"""Render clean reports to newspaper-like PDFs with headless Chromium (stdlib only).

    python dev/make_pdf.py SRC_DIR OUT_DIR --seed 0 [--chromium /usr/bin/chromium]

Every ``*.txt`` of SRC_DIR (paragraphs separated by blank lines, markdown
``#`` headings) becomes ``OUT_DIR/<name>.pdf``: two or three CSS columns
(seeded), a CJK font (Noto CJK, Debian package ``fonts-noto-cjk``), the
headline across the columns, first-line indents, justified text, a running
head (paper, date, weekday, page number, section) at the top of every page
and the page number at the bottom, printed by ``chromium --headless
--print-to-pdf``.  Needs the Debian packages ``chromium`` and
``fonts-noto-cjk``.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_damage import PAPERS, SECTIONS, WEEKDAYS, parse_blocks  # noqa: E402

CSS = """
@page {{ size: {size}; margin: 22mm 14mm 18mm 14mm;
  @top-center {{ content: "{head}"; font: 9pt "Noto Sans CJK SC"; }}
  @bottom-center {{ content: counter(page); font: 9pt "Noto Sans CJK SC"; }} }}
body {{ font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: {font}pt; line-height: 1.5; }}
.cols {{ column-count: {columns}; column-gap: 7mm; text-align: justify; }}
h1 {{ column-span: all; font-size: 20pt; text-align: center; margin: 0 0 4mm 0; }}
h2 {{ font-size: {h2}pt; margin: 3mm 0 2mm 0; }}
h1 + h2.sub {{ column-span: all; text-align: center; font-size: 14pt; }}
p {{ text-indent: 2em; margin: 0 0 1mm 0; }}
"""


def to_html(text: str, rng: random.Random) -> str:
    blocks = parse_blocks(text)
    columns = rng.choice([2, 3])
    font = rng.choice([9.5, 10, 10.5, 11])
    paper, section = rng.choice(PAPERS), rng.choice(SECTIONS)
    y, m, d, wd = rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 6)
    # The page number inside the running head is the CSS counter.
    head = f'{paper}  {y}年{m}月{d}日  {WEEKDAYS[wd]}  " counter(page) "  {section}'
    # Small pages make multi-page reports: sentences and paragraphs cut by page breaks.
    size = rng.choice(["A4", "B5"]) if columns == 3 else rng.choice(["A5", "B5", "A4"])
    if size != "A4":
        font = rng.choice([11, 12, 13])
    css = CSS.format(size=size, head=head,
                     font=font, columns=columns, h2=font + 1.5)
    body = []
    first = True
    headline_done = False
    for kind, line in blocks:
        esc = html.escape(line)
        if kind == "heading" and not headline_done and first:
            body.append(f"<h1>{esc}</h1>")
            first = False
            continue
        first = False
        headline_done = True
        if kind == "heading":
            body.append(f"<h2>{esc}</h2>")
        else:
            body.append(f"<p>{esc}</p>")
    return (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<style>{css}</style></head><body><div class='cols'>" + "\n".join(body) + "</div></body></html>"
    )


def render(html_path: Path, pdf_path: Path, chromium: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}", html_path.as_uri()],
            check=True, capture_output=True, timeout=120,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--limit", type=int, default=0, help="render only the first N reports")
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists():
        print("make_pdf: chromium not found (apt-get install chromium fonts-noto-cjk)", file=sys.stderr)
        return 1
    files = sorted(p for p in args.src_dir.glob("*.txt") if p.is_file())
    if args.limit:
        files = files[: args.limit]
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            rng = random.Random(f"{args.seed}:pdf:{path.name}")
            html_path = Path(tmp) / (path.stem + ".html")
            html_path.write_text(to_html(path.read_text(encoding="utf-8"), rng), encoding="utf-8")
            render(html_path, (args.out_dir / (path.stem + ".pdf")).resolve(), args.chromium)
    print(f"make_pdf: {len(files)} PDFs → {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
