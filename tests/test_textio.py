"""Reading files: encodings are detected, bad input gets one clear line."""

from __future__ import annotations

import codecs

import pytest

from conftest import SEED_FILES, run_script
from unionnlp.errors import InputError
from unionnlp.text.read import PREFIX_BYTES, decode_bytes, iter_documents, open_stream, read_document

TEXT = "中华全国总工会女职工委员会召开会议，部署今后五年主要工作。"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb2312"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_encodings_are_detected(data, encoding):
    doc = decode_bytes(data, "x.txt")
    assert doc.text == TEXT
    assert doc.encoding == encoding


def test_short_gbk_line_comes_out_right(tmp_path):
    # Ten characters: detectors alone misread text this short as Big5.
    text = "工会女职工委员会成立"
    path = tmp_path / "short.txt"
    path.write_bytes(text.encode("gbk"))
    assert read_document(path).text == text


def test_encoding_override(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes("工會女職工委員會".encode("big5"))
    assert read_document(path, encoding="big5").text == "工會女職工委員會"


def test_seeds_read_as_utf8():
    for path in SEED_FILES:
        doc = read_document(path)
        assert doc.encoding == "utf-8"
        assert doc.text == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "file is empty"),
        (b"   \n\t\n  ", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        (bytes(range(128, 256)) * 4, "cannot detect a text encoding"),
    ],
)
def test_bad_files_raise_one_line(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_document(path)
    text = str(info.value)
    assert message in text and str(path) in text and "\n" not in text


def test_missing_path_and_empty_directory(tmp_path):
    items = list(iter_documents([tmp_path / "nope.txt", tmp_path]))
    assert [type(i) for i in items] == [InputError, InputError]
    assert "no such file" in str(items[0])
    assert "holds no .txt files" in str(items[1])


def test_directory_expands_to_sorted_txt_files(tmp_path):
    (tmp_path / "b.txt").write_text("第二篇。", encoding="utf-8")
    (tmp_path / "a.txt").write_text("第一篇。", encoding="utf-8")
    (tmp_path / "notes.md").write_text("忽略", encoding="utf-8")
    docs = list(iter_documents([tmp_path]))
    assert [d.text for d in docs] == ["第一篇。", "第二篇。"]


def _make(folder, kind):
    if kind == "missing":
        return folder / "missing.txt"
    if kind == "dir":
        (folder / "sub").mkdir()
        return folder / "sub"
    path = folder / f"{kind}.txt"
    path.write_bytes({"empty": b"", "binary": b"\x00\x01\x02abc"}[kind])
    return path


@pytest.mark.parametrize(
    "kind, message",
    [
        ("missing", "no such file or directory"),
        ("empty", "file is empty"),
        ("binary", "binary file"),
        ("dir", "holds no .txt files"),
    ],
)
def test_cli_bad_input_exit_code_and_message(tmp_path, kind, message):
    target = _make(tmp_path, kind)
    proc = run_script("segment", str(target))
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1
    assert message in err and str(target) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_one_bad_file_does_not_stop_the_batch(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("工会举办女职工技能竞赛。", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    proc = run_script("segment", "--format", "jsonl", str(bad), str(good))
    assert proc.returncode == 1
    assert "工会举办女职工技能竞赛。" in proc.stdout.decode("utf-8")
    assert "bad.txt: file is empty" in proc.stderr.decode("utf-8")


def test_stdin(tmp_path):
    proc = run_script("segment", "-", input="工会成立了。女职工委员会也成立了。".encode("gbk"))
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8").splitlines()[-2:] == ["工会成立了。", "女职工委员会也成立了。"]


# --- streaming: large inputs decoded a block at a time ---------------------------


def _large(tmp_path, encoding: str, times: int = 120):
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in SEED_FILES)
    text = (text + "\n\n") * times  # several megabytes: more than the detection prefix
    path = tmp_path / f"large-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert path.stat().st_size > 2 * PREFIX_BYTES
    return path, text


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_a_large_file_streams_to_exactly_its_text(tmp_path, encoding):
    path, text = _large(tmp_path, encoding)
    stream = open_stream(path)
    assert stream.encoding == read_document(path).encoding
    pieces = list(stream.chunks())
    assert len(pieces) > 2 and "".join(pieces) == text


def test_a_small_file_streams_exactly_as_read_document_reads_it(tmp_path):
    for path in SEED_FILES:
        stream = open_stream(path)
        doc = read_document(path)
        assert (stream.encoding, stream.how, stream.read()) == (doc.encoding, doc.how, doc.text)


def test_bad_bytes_after_the_detection_prefix_name_their_offset(tmp_path):
    path, text = _large(tmp_path, "utf-8")
    data = path.read_bytes()
    at = len(data) - 1000
    path.write_bytes(data[:at] + b"\xff\xfe" + data[at:])
    stream = open_stream(path)
    with pytest.raises(InputError, match=rf"cannot be decoded as utf-8 \(byte {at}\)"):
        stream.read()


def test_cli_reports_bad_bytes_half_way_in_one_line(tmp_path):
    path, _ = _large(tmp_path, "utf-8", times=60)
    data = path.read_bytes()
    path.write_bytes(data + b"\n\xff\xff\n")
    proc = run_script("segment", "-f", "jsonl", str(path))
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1 and len(err.splitlines()) == 1 and "cannot be decoded as utf-8" in err
    assert proc.stdout.count(b"\n") > 1000  # what came before is kept


def test_streamed_segmentation_is_segment_text(tmp_path):
    from unionnlp.text.segment import iter_paragraphs, segment_text

    for path in SEED_FILES:
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        whole = segment_text(text, path.name)
        for size in (1, 7, 4096):
            pieces = [text[i : i + size] for i in range(0, len(text), size)]  # \r and \n split apart
            streamed = list(iter_paragraphs(pieces, path.name))
            assert [(p.index, p.text, p.start, [s.text for s in p.sentences]) for p in streamed] == [
                (p.index, p.text, p.start, [s.text for s in p.sentences]) for p in whole.paragraphs
            ]


def test_an_overlong_paragraph_is_cut_with_one_warning():
    from unionnlp.errors import UnionNLPWarning
    from unionnlp.text.repair import MAX_PARAGRAPH
    from unionnlp.text.segment import segment_text

    no_punctuation = "工会女职工委员会" * 5000  # 40,000 characters, one line, no sentence end
    with pytest.warns(UnionNLPWarning, match="longer than 10,000 characters") as caught:
        doc = segment_text(no_punctuation + "\n\n结尾。", "long.txt")
    assert len(caught) == 1
    assert all(len(p.text) <= MAX_PARAGRAPH for p in doc.paragraphs)
    assert all(len(s.text) <= MAX_PARAGRAPH for s in doc.sentences)
    assert "".join(p.text for p in doc.paragraphs[:-1]) == no_punctuation  # nothing lost
    assert doc.sentences[-1].text == "结尾。"


def test_a_long_line_is_cut_at_a_sentence_end():
    from unionnlp.text.segment import segment_text

    sentence = "工会举办女职工技能竞赛，参赛选手以赛促学、以赛促练，赛出了风格和水平。"
    with pytest.warns(Warning):
        doc = segment_text(sentence * 1000, "line.txt")
    assert {s.text for s in doc.sentences} == {sentence}


# --- what was detected, and text that is not Chinese -----------------------------


def test_latin1_german_is_not_read_as_gb18030():
    from unionnlp.errors import UnionNLPWarning

    text = "Straße München Größe übel. Die Gewerkschaft tagt in Köln."
    with pytest.warns(UnionNLPWarning, match="holds no Chinese text"):
        doc = decode_bytes(text.encode("latin-1"), "de.txt")
    assert doc.encoding != "gb18030" and doc.text == text


def test_text_without_chinese_warns_naming_the_encoding():
    from unionnlp.errors import UnionNLPWarning

    with pytest.warns(UnionNLPWarning) as caught:
        doc = decode_bytes("Le café est très bon. Les élèves étudient à l'école.".encode("latin-1"), "fr.txt")
    (warning,) = caught
    assert str(warning.message).startswith(f"fr.txt: holds no Chinese text (read as {doc.encoding}: ")


def test_explain_encoding_and_the_no_chinese_warning_on_the_command_line(tmp_path):
    fr = tmp_path / "fr.txt"
    fr.write_bytes("Le café est très bon. Les élèves étudient à l'école.".encode("latin-1"))
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("工会成立了。女职工委员会也成立了。".encode("gbk"))
    proc = run_script("segment", "--explain-encoding", str(SEED_FILES[0]), str(gbk), str(fr))
    err = proc.stderr.decode("utf-8").splitlines()
    assert proc.returncode == 0
    assert err[0] == f"unionnlp: {SEED_FILES[0]}: utf-8 (valid UTF-8)"
    assert err[1] == f"unionnlp: {gbk}: gb18030 (valid GB18030 that reads as Chinese)"
    assert err[2].startswith(f"unionnlp: warning: {fr}: holds no Chinese text (read as ")
    assert err[3].startswith(f"unionnlp: {fr}: ")
    assert len(err) == 4


def test_a_short_chinese_file_in_gbk_still_reads(tmp_path):
    for text in ("工会", "工会女职工委员会成立", "女职工权益保护专项集体合同"):
        assert decode_bytes(text.encode("gbk"), "x.txt").text == text


def test_original_offsets_hold_when_a_long_text_is_repaired_block_by_block(monkeypatch):
    """A text longer than a repair block is repaired a block at a time (issue 11)
    and every sentence still points at its span of the original (issue 13)."""
    import re

    from unionnlp.text import repair
    from unionnlp.text.segment import iter_paragraphs

    text = "\r\n\r\n".join(p.read_text(encoding="utf-8") for p in SEED_FILES)
    monkeypatch.setattr(repair, "_BLOCK_CHARS", 500)
    for size in (7, 4096):
        pieces = [text[i : i + size] for i in range(0, len(text), size)]
        sentences = [s for p in iter_paragraphs(pieces, "all.txt") for s in p.sentences]
        assert len(sentences) > 100
        width = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"})
        for s in sentences:
            span = re.sub(r"\s", "", text[s.orig_start : s.orig_end]).lstrip("#").translate(width)
            assert span == re.sub(r"\s", "", s.text).translate(width)


def test_original_offsets_hold_across_a_paragraph_cut_at_the_cap():
    import re

    from unionnlp.text.segment import segment_text

    text = "前言。\n\n" + "工会女职工委员会" * 3000 + "\n\n结尾。"
    with pytest.warns(Warning):
        doc = segment_text(text, "long.txt")
    for s in doc.sentences:
        assert re.sub(r"\s", "", text[s.orig_start : s.orig_end]) == re.sub(r"\s", "", s.text)
    assert doc.sentences[-1].orig_end == len(text)
