"""Reading files: encodings are detected, bad input gets one clear line."""

from __future__ import annotations

import codecs

import pytest

from conftest import SEED_FILES, run_script
from unionnlp.errors import InputError
from unionnlp.text.read import decode_bytes, iter_documents, read_document

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
