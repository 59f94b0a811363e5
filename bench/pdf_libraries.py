#!/usr/bin/env python3
"""Which PDF library reads multi-column Chinese pages in order, and how fast.

    python bench/pdf_libraries.py [PDF_DIR] [--reports labels/written] [--seed 0]

PDF_DIR holds PDFs rendered from clean reports (``dev/make_pdf.py``; by
default the reports of ``--reports`` are rendered into a temporary folder,
which needs Chromium).  For each library the text of every PDF is extracted
and scored against the report's gold sentences (its label file):

- *contiguous*: the share of gold sentences that occur in the extracted text
  as one contiguous run (whitespace and punctuation width aside) — reading
  order alone, before any repair;
- *whole after repair*: the share that come out as a sentence after the
  toolkit's repair and segmentation of that text;
- seconds per PDF (median).

Libraries: pypdfium2 (its own text order), pdfplumber, pdfminer.six, pypdf,
and the toolkit's reader (pypdfium2 character boxes → columns, furniture,
paragraphs: ``unionnlp.text.pdf``).  A missing library is skipped.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "dev"))
sys.path.insert(0, str(ROOT / "bench"))

from repair_eval import gold_sentences, norm  # noqa: E402


def pdfium_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    out = []
    for page in pdf:
        out.append(page.get_textpage().get_text_range())
    pdf.close()
    return "\n".join(out)


def pdfplumber_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pdfminer_text(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


def pypdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def unionnlp_text(path: Path) -> str:
    from unionnlp.text.pdf import extract

    return extract(path.read_bytes(), path.name)[0]


LIBRARIES = {
    "pypdfium2 (text order)": ("pypdfium2", pdfium_text),
    "pdfplumber": ("pdfplumber", pdfplumber_text),
    "pdfminer.six": ("pdfminer", pdfminer_text),
    "pypdf": ("pypdf", pypdf_text),
    "unionnlp.text.pdf (pypdfium2 boxes)": ("pypdfium2", unionnlp_text),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf_dir", nargs="?", type=Path)
    parser.add_argument("--reports", type=Path, default=ROOT / "labels" / "written")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # a FontBBox warning per glyph otherwise
    tmp = None
    pdf_dir = args.pdf_dir
    if pdf_dir is None:
        import make_pdf

        tmp = tempfile.TemporaryDirectory()
        pdf_dir = Path(tmp.name)
        make_pdf.main([str(args.reports), str(pdf_dir), "--seed", str(args.seed)])
    pdfs = sorted(pdf_dir.glob("*.pdf"))
    gold = {p.stem: gold_sentences(args.reports / (p.stem + ".txt"), None) for p in pdfs}
    from unionnlp.text.segment import segment_text

    rows = []
    for label, (module, fn) in LIBRARIES.items():
        try:
            __import__(module)
        except ImportError:
            continue
        contiguous = whole = total = 0
        times = []
        for p in pdfs:
            t = time.perf_counter()
            text = fn(p)
            times.append(time.perf_counter() - t)
            flat = norm(text)
            outs = [norm(s.text) for s in segment_text(text).sentences]
            for g in gold[p.stem]:
                total += 1
                contiguous += norm(g) in flat
                whole += norm(g) in outs
        rows.append({"library": label, "contiguous": round(contiguous / total, 3),
                     "whole_after_repair": round(whole / total, 3),
                     "seconds_per_pdf": round(statistics.median(times), 3), "sentences": total, "pdfs": len(pdfs)})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        print(f"{len(pdfs)} PDFs, {rows[0]['sentences'] if rows else 0} gold sentences")
        print("| library | contiguous | whole after repair | s per PDF (median) |")
        print("| --- | ---: | ---: | ---: |")
        for r in rows:
            print(f"| {r['library']} | {r['contiguous']:.1%} | {r['whole_after_repair']:.1%} | {r['seconds_per_pdf']} |")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
