"""Reading PDF reports: columns in order, page furniture out, clear errors.

The PDFs are built at test time with reportlab's built-in Chinese CID font,
so no binary fixture is needed; one test renders a real report with
headless Chromium and skips when Chromium is not installed.
"""

from __future__ import annotations

import functools
import re
import shutil
import sys
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import LABELS, ROOT, column, make_pdf, run_script
from unionnlp.errors import InputError
from unionnlp.text.read import decode_input, read_document
from unionnlp.text.repair import FURNITURE, cjk_sequence, repair_text, repair_units
from unionnlp.text.segment import segment_document

HEAD = "中国妇女报  2023年4月14日  星期五  7  发展周刊·女职工之家"

LEFT = [
    "　　北京市总工会召开女职工",
    "工作会议，部署下一阶段重",
    "点任务。会议强调，要强化",
    "思想政治引领。",
    "　　会议要求，各级工会要",
    "做好女职工权益维护工作，",
]
RIGHT = [
    "推动专项集体合同扩面提质",
    "。全年新建爱心妈妈小屋",
    "152个。",
    "　　会上，5家单位作交流发",
    "言。",
]


@functools.lru_cache(maxsize=1)
def _two_columns() -> bytes:
    return make_pdf([[(60, 560, HEAD), *column(40, 520, LEFT), *column(230, 520, RIGHT), (205, 30, "7")]])


@functools.lru_cache(maxsize=1)
def _extracted() -> str:
    return decode_input(_two_columns(), "report.pdf").text


def _sentences(data: bytes, name: str = "report.pdf") -> list[str]:
    return [s.text for s in segment_document(decode_input(data, name)).sentences]


def test_two_columns_are_read_column_by_column():
    texts = _sentences(_two_columns())
    assert texts[:2] == ["北京市总工会召开女职工工作会议，部署下一阶段重点任务。", "会议强调，要强化思想政治引领。"]
    # the sentence that runs from the foot of the left column to the right one is whole
    assert "会议要求，各级工会要做好女职工权益维护工作，推动专项集体合同扩面提质。" in texts
    assert "会上，5家单位作交流发言。" in texts


def test_running_head_and_page_number_are_furniture():
    doc = decode_input(_two_columns(), "report.pdf")
    assert "发展周刊" not in doc.text and "星期五" not in doc.text
    assert doc.furniture == ("中国妇女报 2023年4月14日 星期五 7 发展周刊·女职工之家", "7")
    assert doc.format == "pdf" and doc.page_starts == (0,)


def test_paragraph_continued_on_the_next_page_is_joined():
    page1 = [(60, 560, HEAD.replace("7", "3")), *column(40, 520, LEFT[:5]), (205, 30, "3")]
    page2 = [(60, 560, HEAD.replace("7", "4")), *column(40, 520, ["做好女职工权益维护工作。", "　　全年新建爱心妈妈小屋152个。"]), (205, 30, "4")]
    data = make_pdf([page1, page2])
    doc = decode_input(data, "report.pdf")
    seg = segment_document(doc)
    texts = [s.text for s in seg.sentences]
    assert "会议要求，各级工会要做好女职工权益维护工作。" in texts
    assert len(doc.furniture) == 4
    pages = {s.text: s.page for s in seg.sentences}
    assert pages["会议要求，各级工会要做好女职工权益维护工作。"] == 1
    assert pages["全年新建爱心妈妈小屋152个。"] == 2


def test_sentences_carry_page_and_offsets_into_the_extracted_text():
    doc = decode_input(_two_columns(), "report.pdf")
    for s in segment_document(doc).sentences:
        span = doc.text[s.orig_start : s.orig_end]
        assert re.sub(r"\s", "", span) == re.sub(r"\s", "", s.text)
        assert s.page == 1
    # every line keeps its box for highlighting, and a sentence the boxes of its lines
    assert all(len(line) == 7 and line[2] == 1 for line in doc.lines)
    first = segment_document(doc).sentences[0]
    assert [b[0] for b in first.boxes] == [1, 1, 1] and all(b[1] < b[3] and b[2] < b[4] for b in first.boxes)


def test_scanned_pdf_without_text_layer_is_a_clear_error():
    with pytest.raises(InputError, match=r"scan\.pdf: no text layer \(a scanned PDF\?\); run OCR first"):
        decode_input(make_pdf([None]), "scan.pdf")


def test_encrypted_pdf_is_a_clear_error():
    data = make_pdf([[(40, 500, "工会召开会议。")]], encrypt="secret")
    with pytest.raises(InputError, match="locked.pdf: the PDF is encrypted"):
        decode_input(data, "locked.pdf")


@pytest.mark.parametrize("data", [b"%PDF-1.7\n this is not a pdf at all", None])
def test_corrupt_pdf_is_a_clear_error(data):
    if data is None:
        data = _two_columns()[:300]  # truncated
    with pytest.raises(InputError) as info:
        decode_input(data, "broken.pdf")
    assert "broken.pdf: not a readable PDF" in str(info.value) and "\n" not in str(info.value)


def test_format_is_told_by_content_not_by_name(tmp_path):
    wrong = tmp_path / "report.txt"
    wrong.write_bytes(_two_columns())
    doc = read_document(wrong)
    assert doc.format == "pdf" and "北京市总工会召开女职工" in doc.text


def test_cli_segment_and_classify_a_pdf(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(_two_columns())
    proc = run_script("segment", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "会议要求，各级工会要做好女职工权益维护工作，推动专项集体合同扩面提质。" in proc.stdout.decode()
    proc = run_script("classify", "-f", "jsonl", str(path))
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.decode().splitlines()[0]
    assert '"page": 1' in first and '"orig_start": 0' in first


def test_cli_pdf_on_stdin_and_bad_files_in_a_batch(tmp_path):
    proc = run_script("segment", "-", input=_two_columns())
    assert proc.returncode == 0 and "会上，5家单位作交流发言。" in proc.stdout.decode()
    scan = tmp_path / "a_scan.pdf"
    scan.write_bytes(make_pdf([None]))
    locked = tmp_path / "b_locked.pdf"
    locked.write_bytes(make_pdf([[(40, 500, "工会召开会议。")]], encrypt="secret"))
    good = tmp_path / "c_good.pdf"
    good.write_bytes(_two_columns())
    proc = run_script("segment", "-f", "jsonl", str(tmp_path))
    err = proc.stderr.decode().strip().splitlines()
    assert proc.returncode == 1
    assert err == [
        f"unionnlp: error: {scan}: no text layer (a scanned PDF?); run OCR first",
        f"unionnlp: error: {locked}: the PDF is encrypted (password-protected); decrypt it first",
    ]
    assert "c_good.pdf" in proc.stdout.decode()


_DAMAGE = st.sampled_from(["\n", "\n\n", " ", "\u3000", ",", ";", "(", ")", HEAD, "12"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), _DAMAGE), max_size=25))
def test_repair_is_lossless_on_pdf_extracted_text(edits):
    chars = list(_extracted())
    for pos, piece in edits:
        chars.insert(min(pos, len(chars)), piece)
    damaged = "".join(chars)
    units = repair_units(damaged)
    # nothing lost; only furniture lines move (out of the sentence they cut)
    assert Counter(cjk_sequence(repair_text(damaged))) == Counter(cjk_sequence(damaged))
    kept = "".join(u.text for u in units if u.kind != FURNITURE)
    moved = {damaged[s:e] for u in units if u.kind == FURNITURE for s, e in u.spans}
    rest = "\n".join(line for line in damaged.split("\n") if line.strip() not in {m.strip() for m in moved})
    assert cjk_sequence(kept) == cjk_sequence(rest)


@pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium and fonts-noto-cjk")
def test_a_report_printed_by_chromium_comes_out_in_whole_sentences(tmp_path):
    sys.path.insert(0, str(ROOT / "dev"))
    import make_pdf as renderer

    src = tmp_path / "src"
    src.mkdir()
    report = LABELS / "written" / "19_delivery_rider_news.txt"
    (src / report.name).write_text(report.read_text(encoding="utf-8"), encoding="utf-8")
    assert renderer.main([str(src), str(tmp_path), "--seed", "0"]) == 0
    doc = read_document(tmp_path / "19_delivery_rider_news.pdf")
    gold = [line.split('"text": "')[1].split('"')[0]
            for line in (LABELS / "written" / "19_delivery_rider_news.jsonl").read_text(encoding="utf-8").splitlines()]
    out = {re.sub(r"\s", "", s.text) for s in segment_document(doc).sentences}
    whole = sum(re.sub(r"\s", "", g) in out for g in gold)
    assert whole / len(gold) >= 0.9
    assert doc.furniture  # the running head and the page number


def test_cli_summarise_a_folder_of_pdfs(tmp_path):
    corpus = tmp_path / "folder_of_pdfs"
    corpus.mkdir()
    (corpus / "report.pdf").write_bytes(_two_columns())
    proc = run_script("summarise", "--org", "北京", "--corpus", str(corpus), "--format", "text")
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    # the brief's lines are whole sentences of the page read column by column (which of them
    # the brief picks is the theme model's business, not this test's)
    bullets = [line for line in out.splitlines() if line.strip()]
    assert bullets and set(bullets) <= set(_sentences(_two_columns()))
    assert "星期五" not in out  # the running head is not a sentence of the report


# --- the streamed reader (issue 11) on PDF and Word input ---------------------------


@pytest.mark.parametrize("small_prefix", [False, True])
def test_open_stream_reads_a_pdf_whole_and_streams_its_text(tmp_path, monkeypatch, small_prefix):
    from unionnlp.text import read as read_mod
    from unionnlp.text.read import open_stream
    from unionnlp.text.segment import iter_paragraphs

    if small_prefix:  # a PDF larger than the detection prefix: still read whole, never decoded in blocks
        monkeypatch.setattr(read_mod, "PREFIX_BYTES", 64)
        monkeypatch.setattr(read_mod, "BLOCK_BYTES", 64)
    path = tmp_path / "report.bin"  # format by content, not by name
    path.write_bytes(_two_columns())
    whole = decode_input(path.read_bytes(), str(path))
    stream = open_stream(path)
    assert stream.format == "pdf" and stream.encoding == "pdf"
    doc = stream.document
    paragraphs = list(iter_paragraphs(stream.chunks(), "report.bin", doc.page_starts, doc.lines))
    assert doc.text == whole.text
    streamed = [(s.text, s.orig_start, s.orig_end, s.page, s.boxes) for p in paragraphs for s in p.sentences]
    expected = [(s.text, s.orig_start, s.orig_end, s.page, s.boxes) for s in segment_document(whole).sentences]
    assert streamed == expected and streamed


def test_cli_jsonl_of_a_pdf_carries_pages_and_original_offsets(tmp_path):
    import json

    path = tmp_path / "report.pdf"
    path.write_bytes(_two_columns())
    proc = run_script("segment", "-f", "jsonl", "-", input=path.read_bytes())
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    doc = decode_input(path.read_bytes(), "<stdin>")
    assert records and all(r["page"] == 1 and r["boxes"] for r in records)
    for r in records:
        assert re.sub(r"\s", "", doc.text[r["orig_start"] : r["orig_end"]]) == re.sub(r"\s", "", r["text"])


def test_pdf_and_word_stay_lazy_imports():
    proc = run_script("segment", "seeds/003_635ee0eaa2035469.txt")
    assert proc.returncode == 0
    code = ("import sys, unionnlp.cli, unionnlp.text.read, unionnlp.text.segment, unionnlp.corpus.load;"
            "print(sorted(m for m in ('pypdfium2', 'docx') if m in sys.modules))")
    out = __import__("subprocess").run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
