"""unionnlp.corpus.load: a folder of reports, read, segmented, bad files reported."""

from __future__ import annotations

import os

import pytest
from conftest import SEED_FILES, SEEDS

from unionnlp import paths
from unionnlp.corpus.load import Corpus, clear_cache, load_corpus
from unionnlp.errors import InputError

GOOD = "北京市总工会召开女职工工作会议。会议要求各级工会做好服务。\n"


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_cache()
    yield
    clear_cache()


def test_default_corpus_is_the_seeds():
    corpus = load_corpus()
    assert isinstance(corpus, Corpus)
    assert corpus.directory == paths.default_corpus_dir()
    assert corpus.errors == []
    assert corpus.names == [p.name for p in SEED_FILES]
    assert len(corpus) == len(SEED_FILES) == 5


def test_documents_are_segmented_and_named_by_file_name():
    corpus = load_corpus(SEEDS)
    doc = corpus.document("003_635ee0eaa2035469.txt")
    assert doc.paragraphs[0].index == 1
    assert doc.paragraphs[0].text.startswith("习近平总书记")
    assert all(s.doc == doc.name for s in doc.sentences)
    assert [d.name for d in corpus] == corpus.names
    with pytest.raises(InputError, match="no such document"):
        corpus.document("nope.txt")


def test_accepts_a_string_path():
    assert load_corpus(str(SEEDS)).names == load_corpus(SEEDS).names


def test_missing_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such corpus folder"):
        load_corpus(tmp_path / "missing")


def test_empty_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no .txt files"):
        load_corpus(tmp_path)


def test_folder_without_txt_files_is_an_input_error(tmp_path):
    (tmp_path / "notes.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sub.txt").mkdir()  # a folder named *.txt is not a report
    with pytest.raises(InputError, match="no .txt files"):
        load_corpus(tmp_path)


def test_a_file_is_not_a_corpus_folder(tmp_path):
    f = tmp_path / "one.txt"
    f.write_text(GOOD, encoding="utf-8")
    with pytest.raises(InputError, match="not a corpus folder"):
        load_corpus(f)


def test_one_bad_file_is_reported_and_the_others_kept(tmp_path):
    (tmp_path / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b_binary.txt").write_bytes(b"\x00\x01\x02\x03binary\x00")
    (tmp_path / "c_empty.txt").write_bytes(b"")
    corpus = load_corpus(tmp_path)
    assert corpus.names == ["a_good.txt"]
    assert len(corpus.errors) == 2
    messages = [str(e) for e in corpus.errors]
    assert "b_binary.txt" in messages[0] and "binary" in messages[0]
    assert "c_empty.txt" in messages[1] and "empty" in messages[1]
    assert all(isinstance(e, InputError) for e in corpus.errors)


def test_gb18030_file_is_detected(tmp_path):
    (tmp_path / "gbk.txt").write_bytes(GOOD.encode("gb18030"))
    corpus = load_corpus(tmp_path)
    assert corpus.errors == []
    assert corpus.documents[0].paragraphs[0].text.startswith("北京市总工会")


def test_explicit_encoding_is_used(tmp_path):
    (tmp_path / "gbk.txt").write_bytes(GOOD.encode("gb18030"))
    corpus = load_corpus(tmp_path, encoding="utf-8")
    assert corpus.documents == []
    assert "utf-8" in str(corpus.errors[0])


def test_results_are_cached_until_a_file_changes(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(GOOD, encoding="utf-8")
    first = load_corpus(tmp_path)
    assert load_corpus(tmp_path) is first
    f.write_text(GOOD + "第二段。\n\n新的段落在这里。\n", encoding="utf-8")
    second = load_corpus(tmp_path)
    assert second is not first
    assert len(second.documents[0].paragraphs) > len(first.documents[0].paragraphs)
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    assert load_corpus(tmp_path).names == ["a.txt", "b.txt"]


def test_an_edit_that_keeps_size_and_mtime_is_seen(tmp_path):
    # The in-process cache is keyed by content, not by size and modification time.
    f = tmp_path / "a.txt"
    f.write_text("山东省总工会召开会议。", encoding="utf-8")
    first = load_corpus(tmp_path)
    st = f.stat()
    f.write_text("河南省总工会召开会议。", encoding="utf-8")  # same length in bytes
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert f.stat().st_size == st.st_size and f.stat().st_mtime_ns == st.st_mtime_ns
    second = load_corpus(tmp_path)
    assert second.documents[0].sentences[0].text == "河南省总工会召开会议。"
    assert second.key != first.key


def test_the_content_key_is_what_was_read(tmp_path):
    from unionnlp.corpus.load import corpus_files, corpus_key

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.key == corpus_key(corpus_files(tmp_path))
    assert corpus.key != corpus_key(corpus_files(tmp_path), encoding="gb18030")
