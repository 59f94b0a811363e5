"""Per-organisation briefs on the real seeds: extractive, attributed, non-redundant, in budget."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS
from unionnlp.errors import InputError, OrgError, UnionNLPError, UsageError
from unionnlp.briefs.brief import OVERVIEW, Brief
from unionnlp.briefs.quality import (
    BULLET_KINDS,
    FALLBACK_KINDS,
    cjk_count,
    ends_sentence,
    sentence_kind,
    starts_with_connective,
    strip_lead,
)
from unionnlp.briefs.render import brief_to_dict, render_markdown, render_text
from unionnlp.briefs.selection import (
    SIMILARITY_THRESHOLD,
    THEMES,
    sentence_similarity,
    summarise,
)
from unionnlp.text.furniture import furniture_kind

SPEECHES = "003_635ee0eaa2035469.txt"


@pytest.fixture(scope="module")
def seeds_corpus():
    from unionnlp.corpus.load import load_corpus

    return load_corpus(SEEDS)


@pytest.fixture(scope="module")
def attribution(seeds_corpus):
    from unionnlp.orgs.attribution import attribute_orgs

    return attribute_orgs(seeds_corpus.documents)


@pytest.fixture(scope="module")
def sentence_index(seeds_corpus):
    return {(s.doc, s.para, s.sent): s.text for d in seeds_corpus.documents for s in d.sentences}


def _seed_orgs_with_sections():
    from unionnlp.corpus.load import load_corpus
    from unionnlp.orgs.attribution import attribute_orgs

    att = attribute_orgs(load_corpus(SEEDS).documents)
    return sorted({s.org for s in att.sections})


def _check_bullet(s) -> None:
    """A bullet reads as a sentence of its own: whole, not a heading, not pointing back."""
    kind = sentence_kind(s.text)
    assert kind in BULLET_KINDS | FALLBACK_KINDS, (kind, s.text)
    assert ends_sentence(s.text) and cjk_count(s.text) >= 8, s.text
    assert not starts_with_connective(s.text), s.text
    assert furniture_kind(s.text) is None, s.text


def _check_brief(brief: Brief, allowed: set[str], attribution, sentence_index, max_chars: int):
    sents = brief.sentences
    assert sents, "a brief of an organisation with text is not empty"
    for s in sents:
        # attributed: the sentence's paragraph belongs to the organisation's own sections
        assert attribution.org_of(s.doc, s.para) in allowed, (s.doc, s.para, s.text)
        assert s.org in allowed
        # extractive: a span of the corpus sentence; before it at most an enumerator, a dateline
        # or a connective; a clause of a longer sentence may end with an added 。
        original = sentence_index[(s.doc, s.para, s.sent)]
        start, end = s.span
        piece = original[start:end]
        if s.text == strip_lead(original)[0]:
            assert piece == s.text and end == len(original.rstrip()), (s.text, original)
        else:  # a clause of an overview sentence, under its theme
            assert s.text in (piece, piece + "。") and s.theme in THEMES, (s.text, original)
            assert original[end:end + 1] in ("；", ";", "，", ",", "") and len(piece) < len(original)
        _check_bullet(s)
    # no two sentences say the same thing
    for i, a in enumerate(sents):
        for b in sents[i + 1 :]:
            assert sentence_similarity(a.text, b.text) < SIMILARITY_THRESHOLD, (a.text, b.text)
    # the budget is never exceeded
    assert brief.chars == sum(len(s.text) for s in sents) <= max_chars
    # themes: an optional 概况 first, then the five by weight; no 其他
    themes = [t for t in brief.themes if t.theme != OVERVIEW]
    assert all(t.theme != OVERVIEW for t in brief.themes[1:])
    assert [t.theme for t in themes] == sorted((t.theme for t in themes), key=lambda th: -next(
        x.weight for x in themes if x.theme == th))
    for t in themes:
        assert t.theme in THEMES
        # within a theme: source order (file, paragraph, sentence)
        positions = [(s.doc, s.para, s.sent, s.span) for s in t.sentences]
        assert positions == sorted(positions)


@pytest.mark.parametrize("query", ["山东", "洛阳", "中通", "海淀", "黑龙江", "广东", "重庆"])
def test_brief_of_named_orgs(query, attribution, sentence_index):
    brief = summarise(query)
    assert brief.org in attribution.orgs
    _check_brief(brief, {brief.org}, attribution, sentence_index, 600)


def test_every_seed_organisation(attribution, sentence_index):
    checked = 0
    for name in _seed_orgs_with_sections():
        try:
            brief = summarise(name)
        except OrgError as exc:
            # an organisation whose sections hold no theme sentence: a clear message, not a crash
            assert name in str(exc)
            continue
        assert brief.org == name
        _check_brief(brief, {name}, attribution, sentence_index, 600)
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("max_chars", [60, 150, 300, 600, 1200])
def test_budget(max_chars, attribution, sentence_index):
    brief = summarise("山东", max_chars=max_chars)
    _check_brief(brief, {brief.org}, attribution, sentence_index, max_chars)
    if max_chars in (300, 600):
        assert brief.chars >= max_chars * 0.8  # the budget is used, not just respected


def test_each_present_theme_gets_its_best_sentence():
    brief = summarise("山东", max_chars=300)
    assert {"权益维护", "关爱服务"} <= {t.theme for t in brief.themes}


def test_include_sub(attribution, sentence_index):
    from unionnlp.orgs.resolve import suborgs

    plain = summarise("北京")
    assert {s.org for s in plain.sentences} == {"北京市总工会"}
    allowed = {"北京市总工会"} | {o.name for o in suborgs("北京市总工会", attribution)}
    with_sub = summarise("北京", include_sub=True, max_chars=1500)
    assert set(with_sub.orgs) == allowed
    _check_brief(with_sub, allowed, attribution, sentence_index, 1500)
    assert {s.org for s in with_sub.sentences} - {"北京市总工会"}, "descendants' sections are used"


def test_only_own_sections_never_mentions(attribution):
    # 001's opening article mentions 山东 among the speakers; only 山东's own sections count.
    brief = summarise("山东", max_chars=2000)
    for s in brief.sentences:
        assert attribution.org_of(s.doc, s.para) == "山东省总工会"


def test_condensed_repeats_are_dropped():
    # 001 condenses 003's speech: the brief holds each statement once, in its fuller version.
    brief = summarise("山东", max_chars=2000)
    docs = {s.doc for s in brief.sentences}
    assert SPEECHES in docs
    texts = [s.text for s in brief.sentences]
    assert sum("4923" in t for t in texts) <= 1
    assert sum("4254" in t for t in texts) <= 1


def test_theme_filter():
    brief = summarise("山东", themes=["关爱服务"])
    assert [t.theme for t in brief.themes] == ["关爱服务"]
    both = summarise("山东", themes=["关爱服务", "权益维护"])
    assert {t.theme for t in both.themes} == {"关爱服务", "权益维护"}


@pytest.mark.parametrize("theme", ["其他", "维权", "nonsense"])
def test_bad_theme(theme):
    with pytest.raises(UsageError, match="theme"):
        summarise("山东", themes=[theme])


def test_theme_the_org_does_not_have():
    with pytest.raises(OrgError, match="思想引领|建功立业|组织建设"):
        summarise("山东", themes=["建功立业"])


def test_bad_budget():
    with pytest.raises(UsageError):
        summarise("山东", max_chars=0)


def test_text_format_is_only_sentences():
    brief = summarise("洛阳")
    text = render_text(brief)
    lines = text.splitlines()
    assert lines == [s.text for s in brief.sentences]
    assert not any(line.startswith("#") or line.startswith("|") or "关键数据" in line for line in lines)


def test_markdown():
    brief = summarise("山东")
    md = render_markdown(brief)
    assert md.startswith("# 山东省总工会工作简报\n")
    for t in brief.themes:
        assert f"\n## {t.theme}\n" in md
    assert "\n## 关键数据\n" in md and "| 数据 | 内容 | 主题 | 出处 |" in md
    assert "\n## 来源\n" in md
    assert md.index("## 来源") > md.index("## 关键数据")
    for source in brief.sources:
        assert source.doc in md
    # every sentence is there, with its file and paragraph
    for s in brief.sentences:
        assert s.text in md


def test_figures_for_shandong():
    brief = summarise("山东")
    labels = {f.label: f for f in brief.figures}
    assert "4923家" in labels
    assert labels["4923家"].what == "工会妈妈小屋"
    assert "| 4923家 | 工会妈妈小屋 | 关爱服务 |" in render_markdown(brief)
    assert len({(f.label, f.what) for f in brief.figures}) == len(brief.figures)  # deduplicated


def test_figures_come_from_own_sentences(attribution):
    brief = summarise("中通")
    assert brief.figures
    for f in brief.figures:
        assert attribution.org_of(f.doc, f.para) == brief.org


def test_json_carries_sources():
    brief = summarise("中通")
    data = json.loads(json.dumps(brief_to_dict(brief), ensure_ascii=False))
    assert data["org"] == brief.org
    assert data["sources"] and all(s["doc"] and s["paragraphs"] for s in data["sources"])
    cited = {(s["doc"], p) for s in data["sources"] for p in s["paragraphs"]}
    for theme in data["themes"]:
        for s in theme["sentences"]:
            assert {"text", "doc", "para", "sent", "score"} <= set(s)
            assert (s["doc"], s["para"]) in cited
    assert data["figures"] and {"value", "unit", "what", "doc", "para"} <= set(data["figures"][0])
    assert data["chars"] <= data["max_chars"]


def test_unknown_name():
    with pytest.raises(OrgError, match="火星"):
        summarise("火星市总工会")


def test_empty_corpus_folder(tmp_path):
    with pytest.raises(UnionNLPError, match=str(tmp_path.name)):
        summarise("山东", corpus=tmp_path)
    with pytest.raises(InputError):
        summarise("山东", corpus=tmp_path / "missing")


def test_corpus_without_the_org(tmp_path):
    shutil.copy(SEEDS / SPEECHES, tmp_path / SPEECHES)
    with pytest.raises(OrgError) as info:
        summarise("海淀", corpus=tmp_path)
    assert str(tmp_path) in str(info.value) and "海淀" in str(info.value)
    # the same folder does hold 山东's speech
    brief = summarise("山东", corpus=tmp_path)
    assert {s.doc for s in brief.sentences} == {SPEECHES}


def test_any_folder_and_never_writes_into_it(tmp_path):
    corpus = tmp_path / "reports"
    corpus.mkdir()
    for name in ("000_1981f897b6cac00d.txt", SPEECHES):
        shutil.copy(SEEDS / name, corpus / name)
    before = sorted(p.name for p in corpus.iterdir())
    brief = summarise("海淀", corpus=corpus)
    assert brief.org == "北京市海淀区总工会"
    assert sorted(p.name for p in corpus.iterdir()) == before


def test_cache_follows_the_corpus(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SEEDS / SPEECHES, corpus / SPEECHES)
    first = summarise("山东", corpus=corpus, max_chars=2000)
    text = (corpus / SPEECHES).read_text(encoding="utf-8")
    (corpus / SPEECHES).write_text(text.replace("4923", "5000"), encoding="utf-8")
    second = summarise("山东", corpus=corpus, max_chars=2000)
    assert any("5000" in f.label for f in second.figures)
    assert not any("5000家" == f.label for f in first.figures)


_SCRIPT = """
import sys, time
t = time.perf_counter()
from unionnlp.briefs.render import render_markdown
from unionnlp.briefs.selection import summarise
md = render_markdown(summarise("山东"))
elapsed = time.perf_counter() - t
print(repr(sorted(m for m in ("jieba", "rjieba", "unionnlp.themes.classify", "sklearn") if m in sys.modules)), round(elapsed, 3))
assert "4923" in md
"""


def test_later_calls_use_the_index(tmp_path):
    env = dict(os.environ, UNIONNLP_CACHE=str(tmp_path / "cache"), PYTHONIOENCODING="utf-8")
    runs = [subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=env, timeout=300)
            for _ in range(2)]
    for r in runs:
        assert r.returncode == 0, r.stderr
    first_modules = runs[0].stdout.split("]")[0] + "]"
    second_modules, _elapsed = runs[1].stdout.rsplit(" ", 1)
    assert "jieba" in first_modules  # jieba or rjieba: the first call builds the corpus index
    # Neither a segmenter nor the classifier once the index exists: that is what makes it fast.
    # (How fast depends on the machine and its load; bench/speed.py and bench/scale.py measure it.)
    assert second_modules == "[]"
    assert list((tmp_path / "cache" / "index").glob("seeds-*.sqlite"))


# --- caches that are never stale ------------------------------------------------


def _one_speech(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SEEDS / SPEECHES, corpus / SPEECHES)
    return corpus


def test_an_edit_keeping_size_and_mtime_gives_a_fresh_brief(tmp_path):
    corpus = _one_speech(tmp_path)
    path = corpus / SPEECHES
    first = summarise("山东", corpus=corpus, max_chars=2000)
    assert any(f.label == "4923家" for f in first.figures)
    st = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("4923", "5923"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    second = summarise("山东", corpus=corpus, max_chars=2000)
    assert any(f.label == "5923家" for f in second.figures)
    # and a fresh process, reading the index, agrees
    from unionnlp.briefs.analysis import clear_cache as clear_analyses
    from unionnlp.corpus.load import clear_cache as clear_corpora

    clear_analyses()
    clear_corpora()
    assert any(f.label == "5923家" for f in summarise("山东", corpus=corpus, max_chars=2000).figures)


def test_the_cache_key_covers_every_analysis_module(tmp_path):
    from unionnlp.briefs.analysis import ANALYSIS_PACKAGES, code_digest

    package = Path(__import__("unionnlp").__file__).parent
    copy = tmp_path / "unionnlp"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    before = code_digest.__wrapped__(str(copy))
    modules = [p for sub in ANALYSIS_PACKAGES for p in sorted((copy / sub).rglob("*.py"))]
    assert {"briefs/brief.py", "briefs/selection.py", "corpus/load.py", "text/read.py", "themes/model.py"} <= {
        p.relative_to(copy).as_posix() for p in modules}
    for module in modules:
        original = module.read_bytes()
        module.write_bytes(original + b"\n# edited\n")
        assert code_digest.__wrapped__(str(copy)) != before, module
        module.write_bytes(original)
    # the command line does not produce analyses: editing it keeps the cache
    (copy / "cli" / "app.py").write_bytes((copy / "cli" / "app.py").read_bytes() + b"\n# edited\n")
    assert code_digest.__wrapped__(str(copy)) == before


def _cache_files(cache: Path) -> list[Path]:
    return sorted((cache / "index").glob("*.sqlite"))


def _sqlite_of_something_else(path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("CREATE TABLE documents(x)")  # a table of the index's name, of another shape
    con.execute("INSERT INTO documents VALUES (1)")
    con.commit()
    con.close()


@pytest.mark.parametrize("content", ["null", "[]", "{}", "{not json", "", "SQLite format 3\0garbage" * 300,
                                     "another database"])
def test_a_wrong_index_file_is_rebuilt(tmp_path, monkeypatch, content):
    from unionnlp.briefs.analysis import clear_cache as clear_analyses

    monkeypatch.setenv("UNIONNLP_CACHE", str(tmp_path / "cache"))
    corpus = _one_speech(tmp_path)
    good = summarise("山东", corpus=corpus)
    (path,) = _cache_files(tmp_path / "cache")
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if content == "another database":
        path.unlink()
        _sqlite_of_something_else(path)
    else:
        path.write_text(content, encoding="utf-8")
    clear_analyses()
    again = summarise("山东", corpus=corpus)
    assert [s.text for s in again.sentences] == [s.text for s in good.sentences]
    from unionnlp.corpus.index import CorpusIndex

    assert CorpusIndex(path).documents == 1  # rebuilt


def _warning_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


@pytest.mark.parametrize("where", ["proc", "a-file"])
def test_an_unusable_cache_folder_means_no_cache_and_one_warning(tmp_path, where):
    env = {k: v for k, v in os.environ.items() if k != "UNIONNLP_CACHE"}
    if where == "proc":
        env["XDG_CACHE_HOME"] = "/proc/x"  # cannot be created, even by root
        folder = "/proc/x/unionnlp"
    else:
        (tmp_path / "cache").write_text("a file, not a folder", encoding="utf-8")
        env["UNIONNLP_CACHE"] = str(tmp_path / "cache")
        folder = str(tmp_path / "cache")
    env["PYTHONIOENCODING"] = "utf-8"
    for _ in range(2):  # the second run has no cache either, and says so again
        proc = subprocess.run([sys.executable, "-m", "unionnlp", "summarise", "--org", "山东", "--max-chars", "100"],
                              capture_output=True, env=env, timeout=300)
        err = proc.stderr.decode("utf-8")
        assert proc.returncode == 0, err
        lines = _warning_lines(err)
        assert len(lines) == 1, err  # no jieba traceback about its own cache either
        assert lines[0].startswith(f"unionnlp: warning: cache folder {folder} cannot be used (")
        assert lines[0].endswith("); running without a cache")
        assert "山东" in proc.stdout.decode("utf-8")


def test_a_cache_that_cannot_be_written_warns_once_and_the_brief_is_made(tmp_path, monkeypatch, cli):
    import sqlite3

    import unionnlp.corpus.index as index_module
    from unionnlp import paths
    from unionnlp.briefs.analysis import clear_cache as clear_analyses

    monkeypatch.setenv("UNIONNLP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(paths, "_WARNED", set())
    clear_analyses()

    def read_only(path, wait):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(index_module, "_connect", read_only)
    corpus = _one_speech(tmp_path)
    for command in (("summarise", "--org", "山东"), ("orgs",)):
        monkeypatch.setattr(paths, "_WARNED", set())
        result = cli(*command, "--corpus", str(corpus))
        assert result.exit_code == 0
        assert result.stderr == (f"unionnlp: warning: cache folder {tmp_path / 'cache'} cannot be used "
                                 "(attempt to write a readonly database); running without a cache\n")
        assert "山东" in result.stdout


# --- unreadable reports are named ------------------------------------------------


def _problems(err: str) -> str:
    """The error and warning lines of stderr (not the notes on the corpus index)."""
    return "".join(line + "\n" for line in err.splitlines()
                   if line.startswith(("unionnlp: error: ", "unionnlp: warning: ")))


def test_summarise_names_unreadable_reports_and_fails_unless_skipped(tmp_path, cli):
    corpus = _one_speech(tmp_path)
    (corpus / "bad.txt").write_bytes(b"\x00\x01\x02binary\x00")
    result = cli("summarise", "--org", "山东", "--corpus", str(corpus))
    assert result.exit_code == 1
    # (besides the lines that say which corpus index is used)
    assert _problems(result.stderr) == \
        f"unionnlp: error: {corpus / 'bad.txt'}: looks like a binary file (contains NUL bytes), not text\n"
    assert "山东省总工会" in result.stdout  # the brief of what could be read is still there
    skipped = cli("summarise", "--org", "山东", "--corpus", str(corpus), "--skip-bad")
    assert skipped.exit_code == 0
    assert _problems(skipped.stderr).startswith("unionnlp: warning: ") and "bad.txt" in skipped.stderr
    direct = cli("summarise", "--org", "山东", "--corpus", str(corpus), "--no-index")
    assert (direct.exit_code, direct.stdout, direct.stderr) == (1, result.stdout, _problems(result.stderr))
    assert skipped.stdout == result.stdout


def test_summarise_encoding(tmp_path, cli):
    corpus = tmp_path / "gbk"
    corpus.mkdir()
    text = (SEEDS / SPEECHES).read_text(encoding="utf-8")
    (corpus / SPEECHES).write_bytes(text.encode("gb18030"))
    detected = cli("summarise", "--org", "山东", "--corpus", str(corpus))
    given = cli("summarise", "--org", "山东", "--corpus", str(corpus), "--encoding", "gb18030")
    assert detected.exit_code == given.exit_code == 0 and given.stdout == detected.stdout
    wrong = cli("summarise", "--org", "山东", "--corpus", str(corpus), "--encoding", "utf-8")
    assert wrong.exit_code == 1 and "cannot be decoded as utf-8" in wrong.stderr


def test_furniture_is_never_in_a_brief(tmp_path):
    # A photo caption can carry a theme (it shows themed work), but it is page furniture:
    # text.furniture decides, and a brief never quotes it.
    corpus = tmp_path / "c"
    corpus.mkdir()
    text = (SEEDS / SPEECHES).read_text(encoding="utf-8")
    caption = "图为工会女律师在车间为女职工讲解劳动合同和生育保护法律知识。"
    marker = "的工会女职工工作品牌。"
    at = text.index(marker) + len(marker)
    # Inside a paragraph of 山东's section, so only the sentence-level check can drop it.
    (corpus / SPEECHES).write_text(text[:at] + caption + text[at:], encoding="utf-8")
    brief = summarise("山东", corpus=corpus, max_chars=20000, themes=["权益维护"])
    assert brief.sentences and not any(s.text.startswith("图为") for s in brief.sentences)


def test_the_kept_code_identity_follows_every_analysis_module(tmp_path, monkeypatch):
    # The identity is kept in the user cache under the status of the files it reads:
    # an edit to any of them (its size, mtime or ctime moves) is seen at once.
    import os
    import time

    from unionnlp.briefs import analysis

    monkeypatch.setenv("UNIONNLP_CACHE", str(tmp_path / "cache"))
    package = Path(__import__("unionnlp").__file__).parent
    copy = tmp_path / "unionnlp"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    settled = time.time() - 10  # older than the two seconds a fresh edit is not trusted for
    for path in copy.rglob("*.py"):
        os.utime(path, (settled, settled))
    time.sleep(2.1)  # ctime cannot be set back: let the copy's settle
    status = analysis._code_status(str(copy))
    assert status is not None and status == analysis._code_status(str(copy))
    analysis._keep_identity(status, "kept")
    assert analysis._cached_identity(status) == "kept"
    module = copy / "orgs" / "names.py"
    module.write_bytes(module.read_bytes().replace(b"NATIONAL", b"NATIONAX", 1))  # same size
    os.utime(module, (settled, settled))  # same mtime: ctime still moves
    assert analysis._code_status(str(copy)) is None  # edited just now: not trusted yet
    time.sleep(2.1)
    after = analysis._code_status(str(copy))
    assert after is not None and after != status
    assert analysis._cached_identity(after) is None
    # a file outside the analysis (the command line) does not count
    cli = copy / "cli" / "app.py"
    cli.write_bytes(cli.read_bytes() + b"\n# edited\n")
    assert analysis._code_status(str(copy)) == after


def test_the_code_identity_is_the_same_kept_or_computed(tmp_path, monkeypatch):
    from unionnlp.briefs import analysis

    monkeypatch.setenv("UNIONNLP_CACHE", str(tmp_path / "cache"))
    computed = analysis._compute_code_identity()
    analysis.code_identity.cache_clear()
    try:
        assert analysis.code_identity() == computed  # computed, then kept
        analysis.code_identity.cache_clear()
        assert analysis.code_identity() == computed  # read back (or computed again if files just moved)
    finally:
        analysis.code_identity.cache_clear()
