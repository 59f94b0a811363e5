"""Reading Word reports: paragraphs and table cells in document order, headings kept apart."""

from __future__ import annotations

import io
import zipfile

import pytest

from conftest import run_script
from unionnlp.errors import InputError
from unionnlp.text.read import decode_input, read_document, sniff_format
from unionnlp.text.segment import segment_document

docx = pytest.importorskip("docx")


def _report() -> bytes:
    d = docx.Document()
    d.add_heading("北京市总工会召开女职工工作会议", level=1)
    d.add_paragraph("本报讯（记者 宗晓畅）近日，北京市总工会召开会议。会议部署了下一阶段工作。")
    d.add_heading("一、强化思想引领", level=2)
    d.add_paragraph("开展巾帼劳模工匠宣讲活动860余场次。", style="List Number")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "数量"
    table.cell(1, 0).text = "爱心妈妈小屋"
    table.cell(1, 1).text = "152个"
    d.add_paragraph("表格之后的段落。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_paragraphs_headings_and_table_cells_in_document_order():
    doc = decode_input(_report(), "report.docx")
    assert doc.format == "docx"
    seg = segment_document(doc)
    assert [s.text for s in seg.sentences] == [
        "北京市总工会召开女职工工作会议",
        "本报讯（记者宗晓畅）近日，北京市总工会召开会议。",
        "会议部署了下一阶段工作。",
        "一、强化思想引领",
        # automatic numbering (List Number) is not in the text and is not invented
        "开展巾帼劳模工匠宣讲活动860余场次。",
        "项目",
        "数量",
        "爱心妈妈小屋",
        "152个",
        "表格之后的段落。",
    ]
    assert [p.heading for p in seg.paragraphs][:4] == [True, False, True, False]


def test_offsets_point_into_the_extracted_text():
    doc = decode_input(_report(), "report.docx")
    for s in segment_document(doc).sentences:
        assert "".join(doc.text[s.orig_start : s.orig_end].split()) == "".join(s.text.split())


def test_format_by_content(tmp_path):
    data = _report()
    assert sniff_format(data) == "docx"
    misnamed = tmp_path / "report.txt"
    misnamed.write_bytes(data)
    assert read_document(misnamed).format == "docx"


@pytest.mark.parametrize(
    "kind, message",
    [
        ("zip", "a zip archive that is not a Word .docx file"),
        ("broken", "not a readable Word .docx file"),
        ("ole", "old Word .doc"),
    ],
)
def test_bad_word_files_are_one_line_errors(kind, message):
    buf = io.BytesIO()
    if kind == "ole":
        data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    else:
        with zipfile.ZipFile(buf, "w") as zf:
            if kind == "zip":
                zf.writestr("notes.txt", "hello")
            else:
                zf.writestr("word/document.xml", "<w:document>not really")
        data = buf.getvalue()
    with pytest.raises(InputError) as info:
        decode_input(data, "bad.docx")
    assert message in str(info.value) and "bad.docx" in str(info.value) and "\n" not in str(info.value)


def test_cli_classify_a_docx_and_a_folder_of_mixed_reports(tmp_path):
    (tmp_path / "a.docx").write_bytes(_report())
    (tmp_path / "b.txt").write_text("工会举办女职工技能竞赛。", encoding="utf-8")
    (tmp_path / "c.docx").write_bytes(b"PK\x03\x04 broken")
    (tmp_path / "notes.md").write_text("忽略", encoding="utf-8")
    proc = run_script("classify", "-f", "jsonl", str(tmp_path))
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert '"file": "' + str(tmp_path / "a.docx") in out and "工会举办女职工技能竞赛。" in out
    assert proc.stderr.decode().strip().splitlines() == [
        f"unionnlp: error: {tmp_path / 'c.docx'}: a zip archive that is not a Word .docx file "
        "(no word/document.xml); corrupt or another format"
    ]


def test_a_docx_on_stdin_is_streamed_like_a_file(tmp_path):
    import json

    data = _report()
    proc = run_script("segment", "-f", "jsonl", "-", input=data)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert [r["text"] for r in records][:2] == ["北京市总工会召开女职工工作会议", "本报讯（记者宗晓畅）近日，北京市总工会召开会议。"]
    doc = decode_input(data, "<stdin>")
    for r in records:
        assert "".join(doc.text[r["orig_start"] : r["orig_end"]].split()) == "".join(r["text"].split())
