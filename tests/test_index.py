"""The corpus index: same answers as direct analysis, incremental updates, staleness, locking, search."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from unionnlp.briefs.render import brief_to_dict
from unionnlp.briefs.selection import summarise
from unionnlp.corpus.index import CorpusIndex, analyse_file, grams, update_index
from unionnlp.corpus.load import load_corpus
from unionnlp.corpus.search import search, search_by_org
from unionnlp.errors import CorpusIndexError
from unionnlp.orgs.attribution import attribute_orgs
from unionnlp.orgs.resolve import list_orgs

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
WRITTEN = ROOT / "labels" / "written"
SPEECHES = "003_635ee0eaa2035469.txt"


def _corpus(tmp_path: Path, names=("000_1981f897b6cac00d.txt", SPEECHES), written=()) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(SEEDS / name, corpus / name)
    for name in written:
        shutil.copy(WRITTEN / name, corpus / name)
    return corpus


def _state(path: Path) -> dict:
    """What an index says about its corpus, independent of row ids and times."""
    idx = CorpusIndex(path)
    try:
        con = idx.con
        return {
            "orgs": [s.to_dict() for s in idx.org_summaries(include_mentioned=True)],
            "sections": [(s.org, s.doc, s.paragraphs, s.evidence, s.orgs) for s in idx.sections()],
            "unattributed": idx.unattributed(),
            "df": sorted(con.execute("SELECT word, n FROM df")),
            "docs": sorted(con.execute(
                "SELECT name, hash, format, year, banner, paragraphs, sentences FROM documents")),
            "sentences": sorted(con.execute(
                "SELECT d.name, s.para, s.sent, s.orig_start, s.orig_end, s.page, s.text, s.label, s.tokens, "
                "s.parts, s.alt FROM sentences s JOIN documents d ON d.id = s.doc_id")),
            "n": idx.sentences,
            "hits": [h.to_dict() for h in search(idx, "女职工", limit=None)],
        }
    finally:
        idx.close()


def _fresh(corpus: Path, tmp_path: Path, tag: str) -> dict:
    path = tmp_path / f"fresh-{tag}.sqlite"
    update_index(corpus, path)
    return _state(path)


def _resolved(query: str, attribution) -> str:
    from unionnlp.errors import OrgError
    from unionnlp.orgs.resolve import resolve_org

    try:
        return resolve_org(query, attribution).name
    except OrgError as exc:
        return str(exc)


def _same_as_direct(corpus: Path, path: Path) -> None:
    """The index of ``corpus`` at ``path`` answers as the corpus analysed directly: the
    organisations (every listing), sections (a joint event's hosts), why other text is
    no one's, what names resolve to, and the brief of every organisation with text (or
    the same error)."""
    from unionnlp.briefs.analysis import load_analysis
    from unionnlp.errors import OrgError

    loaded = load_corpus(corpus)
    attribution = attribute_orgs(loaded.documents)
    idx = CorpusIndex(path)
    try:
        for kw in ({}, {"with_text_only": True}, {"include_mentioned": True}):
            assert idx.org_summaries(**kw) == list_orgs(attribution, loaded.documents, **kw), kw
        assert idx.sections() == attribution.sections
        assert idx.attribution(with_sections=True).unattributed == attribution.unattributed
        # What a user types resolves alike (the index's organisations alone know which have text).
        orgs_only = idx.attribution()
        queries = {q for o in attribution.orgs.values()
                   for q in (*o.short_names, o.name[:2], o.name[:3], o.name[:4])}
        for query in sorted(queries):
            assert _resolved(query, orgs_only) == _resolved(query, attribution), query
    finally:
        idx.close()
    names = sorted(load_analysis(corpus).orgs_with_text())
    assert names
    for org in names:
        try:
            direct = brief_to_dict(summarise(org, corpus=corpus, index=False))
        except OrgError as exc:  # no sentence on any theme: the same line either way
            direct = str(exc)
        try:
            via_index = brief_to_dict(summarise(org, corpus=corpus, index=path))
        except OrgError as exc:
            via_index = str(exc)
        assert via_index == direct, org
    # The corpus count of a bigram a brief compares copies of a passage with: the index's
    # search vocabulary and the directly joined text agree (quotes and spaces ignored,
    # overlapping occurrences counted).
    from unionnlp.briefs.quality import bare_text
    from unionnlp.corpus.index import IndexAnalysis

    direct = load_analysis(corpus)
    bigrams = sorted({x[i : i + 2] for s in direct.sentences[::7] for x in [bare_text(s.text)]
                      for i in range(len(x) - 1) if x[i : i + 2].isalpha()})
    idx = CorpusIndex(path)
    try:
        via_index = IndexAnalysis(idx, str(corpus))
        for bigram in bigrams[:400] + ["哈哈", "作工"]:
            assert via_index.bigram_count(bigram) == direct.bigram_count(bigram), bigram
    finally:
        idx.close()


def test_bigram_counts_ignore_quotes_and_spaces_and_overlap(tmp_path):
    from unionnlp.briefs.analysis import load_analysis
    from unionnlp.corpus.index import IndexAnalysis

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("全省推出“扬帆行动”。\n\n大家哈哈哈地笑了。\n\n情系女职工 法在你身边\n", encoding="utf-8")
    path = tmp_path / "i.sqlite"
    update_index(corpus, path)
    direct = load_analysis(corpus)
    idx = CorpusIndex(path)
    try:
        via_index = IndexAnalysis(idx, str(corpus))
        for bigram, n in (("出扬", 1), ("哈哈", 2), ("工法", 1), ("扬帆", 1), ("帆全", 0)):
            assert via_index.bigram_count(bigram) == direct.bigram_count(bigram) == n, bigram
        # search reads the same grams: a phrase across a quotation mark is found
        assert [h.text for h in search(idx, "推出扬帆")] == ["全省推出“扬帆行动”。"]
    finally:
        idx.close()


@pytest.mark.parametrize("folder", ["seeds", "dev/reports"])
def test_index_answers_as_direct_analysis(tmp_path, folder):
    source = ROOT / folder
    corpus = tmp_path / "corpus"
    shutil.copytree(source, corpus, ignore=shutil.ignore_patterns("*.md", "*.json"))
    path = tmp_path / "i.sqlite"
    report = update_index(corpus, path)
    assert report.created and len(report.added) == len(list(source.glob("*.txt"))) and not report.errors
    _same_as_direct(corpus, path)
    if folder == "dev/reports":  # joint events are in the index with all their hosts
        idx = CorpusIndex(path)
        joint = [s for s in idx.sections() if len(s.orgs) > 1]
        idx.close()
        assert joint
        host = joint[0].orgs[1]
        brief = summarise(host, corpus=corpus, index=path, max_chars=20000)
        assert brief.org == host


def test_pdf_and_word_reports_are_indexed_by_content(tmp_path):
    docx = pytest.importorskip("docx")
    import io

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pdfs = sorted((ROOT / "dev" / "pdf").glob("*.pdf"))[:2]
    for pdf in pdfs:
        shutil.copy(pdf, corpus / pdf.name)
    shutil.copy(pdfs[0], corpus / "zz_a_pdf_named_as_text.txt")  # the format is told by content
    d = docx.Document()
    d.add_heading("北京市总工会召开女职工工作会议", level=1)
    d.add_paragraph("北京市总工会在全市推广爱心妈妈小屋建设，新建爱心妈妈小屋152个。")
    buf = io.BytesIO()
    d.save(buf)
    (corpus / "beijing.docx").write_bytes(buf.getvalue())
    (corpus / "notes.md").write_text("not a report", encoding="utf-8")
    path = tmp_path / "i.sqlite"
    report = update_index(corpus, path)
    assert sorted(report.added) == sorted([p.name for p in pdfs] + ["zz_a_pdf_named_as_text.txt", "beijing.docx"])
    assert not report.errors
    con = sqlite3.connect(path)
    formats = dict(con.execute("SELECT name, format FROM documents"))
    con.close()
    assert formats == {pdfs[0].name: "pdf", pdfs[1].name: "pdf", "zz_a_pdf_named_as_text.txt": "pdf",
                       "beijing.docx": "docx"}
    idx = CorpusIndex(path)
    hits = list(search(idx, "妈妈小屋", limit=None))
    assert any(h.file == "beijing.docx" and h.page is None for h in hits)
    pages = [h.page for h in search(idx, "工会", limit=None) if h.file == pdfs[0].name]
    assert pages and all(isinstance(p, int) and p >= 1 for p in pages)
    idx.close()
    _same_as_direct(corpus, path)


def test_incremental_add_change_delete_rename(tmp_path):
    corpus = _corpus(tmp_path, written=("01_qinghai_provincial_report.txt", "03_wengan_county_news.txt"))
    path = tmp_path / "i.sqlite"
    update_index(corpus, path)

    analysed: list[str] = []

    def analyse(paths):
        for p in paths:
            analysed.append(p.name)
            yield analyse_file(p)

    # add
    shutil.copy(WRITTEN / "05_guangxi_region_report.txt", corpus / "05_guangxi_region_report.txt")
    report = update_index(corpus, path, analyse=analyse)
    assert report.added == ["05_guangxi_region_report.txt"] and analysed == report.added
    assert report.unchanged == 4
    assert _state(path) == _fresh(corpus, tmp_path, "add")

    # change
    analysed.clear()
    target = corpus / SPEECHES
    target.write_text(target.read_text(encoding="utf-8").replace("4923", "5000"), encoding="utf-8")
    report = update_index(corpus, path, analyse=analyse)
    assert report.changed == [SPEECHES] and analysed == [SPEECHES]
    assert any("5000" in f.label for f in summarise("山东", corpus=corpus, index=path).figures)
    assert _state(path) == _fresh(corpus, tmp_path, "change")

    # delete
    analysed.clear()
    (corpus / "03_wengan_county_news.txt").unlink()
    report = update_index(corpus, path, analyse=analyse)
    assert report.removed == ["03_wengan_county_news.txt"] and analysed == []
    assert _state(path) == _fresh(corpus, tmp_path, "delete")

    # rename: same bytes under a new name, nothing re-analysed
    (corpus / "01_qinghai_provincial_report.txt").rename(corpus / "99_qinghai.txt")
    report = update_index(corpus, path, analyse=analyse)
    assert report.renamed == [("01_qinghai_provincial_report.txt", "99_qinghai.txt")]
    assert analysed == [] and not report.added and not report.removed
    assert _state(path) == _fresh(corpus, tmp_path, "rename")

    # touched without a change: no re-analysis either
    os.utime(corpus / SPEECHES, None)
    report = update_index(corpus, path, analyse=analyse)
    assert analysed == [] and not report.touched


def test_unchanged_files_are_not_read_and_a_same_size_same_mtime_edit_is_seen(tmp_path, monkeypatch):
    from unionnlp.corpus import index as index_module

    # No file here is "racy" (changed within the last moments): trust recorded statuses.
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    corpus = _corpus(tmp_path, names=(SPEECHES,), written=("03_wengan_county_news.txt",))
    path = tmp_path / "i.sqlite"
    update_index(corpus, path)
    hashed: list[str] = []
    real_hash = index_module._file_hash
    monkeypatch.setattr(index_module, "_file_hash", lambda p: hashed.append(p.name) or real_hash(p))

    report = update_index(corpus, path)
    assert hashed == [] and report.unchanged == 2 and not report.touched

    # Same length, same mtime, other bytes: the write moved ctime, so the file is read.
    target = corpus / SPEECHES
    before = target.stat()
    target.write_text(target.read_text(encoding="utf-8").replace("4923", "5000"), encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = target.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    import unionnlp.orgs.attribution as attribution_module

    namings: list[int] = []
    real_combine = attribution_module.combine_with_names
    monkeypatch.setattr(attribution_module, "combine_with_names",
                        lambda *a, **k: namings.append(1) or real_combine(*a, **k))
    report = update_index(corpus, path)
    assert report.changed == [SPEECHES] and hashed == [SPEECHES]
    # A figure changed, no union body's name did: the corpus-wide naming was not redone,
    # and the index says what a fresh one says.
    assert namings == []
    assert _state(path) == _fresh(corpus, tmp_path, "same-naming")

    # A paragraph added at the end: the amounts of text are recounted.
    before_orgs = {o["name"]: o["sentences"] for o in _state(path)["orgs"]}
    with target.open("a", encoding="utf-8") as f:
        f.write("\n\n会议还部署了女职工健康体检工作。\n")
    namings.clear()
    report = update_index(corpus, path)
    assert report.changed == [SPEECHES] and namings == []
    after = _state(path)
    assert {o["name"]: o["sentences"] for o in after["orgs"]} != before_orgs
    monkeypatch.setattr(attribution_module, "combine_with_names", real_combine)
    assert after == _fresh(corpus, tmp_path, "same-naming-more")

    # Another union body named: the naming is redone, and the index still says what a fresh one says.
    target.write_text(target.read_text(encoding="utf-8").replace("山东省总工会", "河南省总工会"), encoding="utf-8")
    namings.clear()
    monkeypatch.setattr(attribution_module, "combine_with_names",
                        lambda *a, **k: namings.append(1) or real_combine(*a, **k))
    report = update_index(corpus, path)
    assert report.changed == [SPEECHES] and namings == [1]
    monkeypatch.setattr(attribution_module, "combine_with_names", real_combine)
    assert _state(path) == _fresh(corpus, tmp_path, "new-naming")

    # A file changed just now is hashed on every update until its status has settled.
    monkeypatch.setattr(index_module, "RACY_NS", 10**18)
    hashed.clear()
    report = update_index(corpus, path)
    assert sorted(hashed) == sorted(["03_wengan_county_news.txt", SPEECHES]) and not report.touched


def test_running_banner_learned_incrementally(tmp_path):
    # 002 and 004 open with the same banner line: it is page furniture only once both are there.
    corpus = _corpus(tmp_path, names=("002_c8640cee7b26fd5b.txt",))
    path = tmp_path / "i.sqlite"
    update_index(corpus, path)
    shutil.copy(SEEDS / "004_5a3ed5fedffbb0aa.txt", corpus / "004_5a3ed5fedffbb0aa.txt")
    update_index(corpus, path)
    state = _state(path)
    assert all(banner == 1 for _, _, _, _, banner, _, _ in state["docs"])
    firsts = [(doc, why) for doc, paras, why in state["unattributed"] if paras[0] == 1]
    assert firsts == [("002_c8640cee7b26fd5b.txt", "running banner of the pages"),
                      ("004_5a3ed5fedffbb0aa.txt", "running banner of the pages")]
    assert state == _fresh(corpus, tmp_path, "banner")
    (corpus / "004_5a3ed5fedffbb0aa.txt").unlink()
    update_index(corpus, path)
    assert _state(path) == _fresh(corpus, tmp_path, "banner-gone")


def test_jobs_give_the_same_index(tmp_path):
    corpus = _corpus(tmp_path, written=("02_qiqihar_city_meeting.txt", "04_yinzhou_district_speech.txt"))
    update_index(corpus, tmp_path / "one.sqlite", jobs=1)
    update_index(corpus, tmp_path / "two.sqlite", jobs=2)
    assert _state(tmp_path / "one.sqlite") == _state(tmp_path / "two.sqlite")


def _other_model(tmp_path: Path) -> Path:
    from unionnlp.paths import default_model_path
    from unionnlp.themes.model import load_model, save_model

    model = load_model(default_model_path())
    model.intercept = model.intercept + 0.01
    return save_model(model, tmp_path / "other.npz")


def test_stale_index_after_a_model_change(tmp_path):
    corpus = _corpus(tmp_path, names=(SPEECHES,))
    path = tmp_path / "i.sqlite"
    update_index(corpus, path)
    other = _other_model(tmp_path)
    with pytest.raises(CorpusIndexError, match="index built with another model; rebuild it with `unionnlp index"):
        update_index(corpus, path, model=other, rebuild=False)
    with pytest.raises(CorpusIndexError, match="another model"):
        summarise("山东", corpus=corpus, index=path, model=other)  # never a stale answer
    report = update_index(corpus, path, model=other)
    assert report.rebuilt == "index built with another model" and report.documents == 1
    summarise("山东", corpus=corpus, index=path, model=other)


def _run(args, env, **kw):
    return subprocess.Popen([sys.executable, "-m", "unionnlp", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", **kw)


def _env(tmp_path):
    return dict(os.environ, UNIONNLP_CACHE=str(tmp_path / "cache"), PYTHONIOENCODING="utf-8",
                PYTHONPATH=str(ROOT / "src"))


def test_two_processes_updating_one_index(tmp_path):
    corpus = _corpus(tmp_path, written=("06_zhengzhou_teachers_speech.txt", "07_yunling_hospital_news.txt"))
    path = tmp_path / "i.sqlite"
    env = _env(tmp_path)
    procs = [_run(["index", str(corpus), "--index", str(path), "--jobs", "1"], env) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
    assert sum("(4 added" in out for out, _ in outs) == 1, outs
    assert sum("(0 added" in out and "4 unchanged" in out for out, _ in outs) == 1, outs
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("INSERT INTO sentences_fts(sentences_fts, rank) VALUES('integrity-check', 1)") is not None
    con.close()
    assert _state(path) == _fresh(corpus, tmp_path, "race")


def test_a_locked_index_fails_with_one_clear_line(tmp_path):
    corpus = _corpus(tmp_path, names=(SPEECHES,))
    path = tmp_path / "i.sqlite"
    update_index(corpus, path)
    shutil.copy(SEEDS / "000_1981f897b6cac00d.txt", corpus / "000_1981f897b6cac00d.txt")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer in the middle of an update
    try:
        proc = _run(["index", str(corpus), "--index", str(path), "--wait", "0.5"], _env(tmp_path))
        out, err = proc.communicate(timeout=120)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert proc.returncode == 1
    assert err.strip().splitlines() == [
        f"unionnlp: error: {path}: another process is updating this index (waited 0.5 s); "
        "try again when it has finished"
    ]
    assert out == ""
    assert _state(path)["n"] == len([s for d in load_corpus(SEEDS).documents if d.name == SPEECHES
                                     for s in d.sentences])


def test_search_finds_two_character_words_with_filters(tmp_path):
    corpus = _corpus(tmp_path, names=sorted(p.name for p in SEEDS.glob("*.txt")))
    path = tmp_path / "i.sqlite"
    update_index(corpus, path)
    idx = CorpusIndex(path)
    for word in ("托育", "小屋", "妈妈小屋"):
        hits = list(search(idx, word, limit=None))
        assert hits and all(word in h.text for h in hits), word
    hits = list(search(idx, "妈妈小屋", limit=None))
    assert {h.org for h in hits} >= {"山东省总工会"}
    shandong = list(search(idx, "妈妈小屋", orgs=["山东省总工会"], limit=None))
    assert shandong and all(h.org == "山东省总工会" for h in shandong)
    themed = list(search(idx, "妈妈小屋", theme="关爱服务", limit=None))
    assert themed and all(h.theme == "关爱服务" for h in themed)
    years = {h.year for h in hits}
    one = sorted(y for y in years if y)[0]
    assert all(h.year == one for h in search(idx, "妈妈小屋", year=one, limit=None))
    assert list(search(idx, "屋", limit=None))  # one character: scanned
    assert not list(search(idx, "不存在的词语组合", limit=None))
    grouped = search_by_org(hits)
    assert grouped[0]["sentences"] >= grouped[-1]["sentences"]
    assert grams("妈妈小屋，托育") == "妈妈 妈小 小屋 托育"


def test_cli_index_search_summarise_orgs(tmp_path):
    from typer.testing import CliRunner

    from unionnlp.cli import app

    corpus = _corpus(tmp_path, names=sorted(p.name for p in SEEDS.glob("*.txt")))
    path = tmp_path / "i.sqlite"
    runner = CliRunner()
    r = runner.invoke(app, ["index", str(corpus), "--index", str(path), "--jobs", "1"])
    assert r.exit_code == 0, r.stderr
    assert "5 reports" in r.stdout and "5 added" in r.stdout
    r = runner.invoke(app, ["search", "托育", "--corpus", str(corpus), "--index", str(path), "-f", "jsonl"])
    assert r.exit_code == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows and all("托育" in row["text"] for row in rows)
    assert set(rows[0]) == {"file", "para", "sent", "start", "end", "text", "org", "orgs", "theme", "prob", "year",
                            "orig_start", "orig_end", "page"}
    assert "using index" in r.stderr and "5 reports" in r.stderr
    via_index = runner.invoke(app, ["summarise", "--org", "山东", "--corpus", str(corpus), "--index", str(path)])
    direct = runner.invoke(app, ["summarise", "--org", "山东", "--corpus", str(corpus), "--no-index"])
    assert via_index.exit_code == direct.exit_code == 0
    assert via_index.stdout == direct.stdout
    assert "using index" in via_index.stderr and "using index" not in direct.stderr
    via_index = runner.invoke(app, ["orgs", "--corpus", str(corpus), "--index", str(path), "-f", "json", "--explain"])
    direct = runner.invoke(app, ["orgs", "--corpus", str(corpus), "--no-index", "-f", "json", "--explain"])
    assert via_index.exit_code == direct.exit_code == 0
    assert json.loads(via_index.stdout) == json.loads(direct.stdout)
    for extra in (["--explain"], ["--all"], ["--tree"], ["--all", "-f", "json"]):
        plain_index = runner.invoke(app, ["orgs", "--corpus", str(corpus), "--index", str(path), *extra])
        plain_direct = runner.invoke(app, ["orgs", "--corpus", str(corpus), "--no-index", *extra])
        assert plain_index.exit_code == plain_direct.exit_code == 0
        assert plain_index.stdout == plain_direct.stdout, extra
    other = _other_model(tmp_path)
    r = runner.invoke(app, ["index", str(corpus), "--index", str(path), "--model", str(other)])
    assert r.exit_code == 0 and "index built with another model; rebuilding" in r.stderr
