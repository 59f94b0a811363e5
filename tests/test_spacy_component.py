"""The ``unionnlp_themes`` spaCy component (optional extra: skipped without spaCy)."""

from __future__ import annotations

import importlib.metadata
import json
import logging
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")
jieba = pytest.importorskip("jieba")

from unionnlp.themes.classify import classify_sentences, classify_text, document_contexts, document_keys  # noqa: E402
from unionnlp.themes.labels import LABELS, UNSURE  # noqa: E402
from unionnlp.text.segment import segment_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1981f897b6cac00d.txt"
MODEL = ROOT / "models" / "themes.npz"
JIEBA = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}

README_SNIPPET = """\
import spacy

nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
nlp.add_pipe("unionnlp_themes")
doc = nlp(text)
"""


@pytest.fixture(scope="module")
def jieba_cache(tmp_path_factory):
    # spaCy's jieba mode uses the global tokenizer: keep its cache out of /tmp.
    path = tmp_path_factory.mktemp("jieba")
    jieba.dt.tmp_dir = str(path)
    jieba.setLogLevel(logging.WARNING)
    return path


@pytest.fixture(scope="module")
def text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def nlp(jieba_cache):
    nlp = spacy.blank("zh", config=JIEBA)
    nlp.add_pipe("unionnlp_themes")
    return nlp


@pytest.fixture(scope="module")
def doc(nlp, text):
    return nlp(text)


def _squash(s: str) -> str:
    """Text without spaces and with punctuation width folded, to compare raw and repaired."""
    return "".join(unicodedata.normalize("NFKC", s).split())


def _result(doc) -> dict:
    return {
        "cats": doc.cats,
        "spans": [(s.start, s.end, s.label_) for s in doc.spans["themes"]],
        "probs": [s._.theme_prob for s in doc.spans["themes"]],
        "sents": [(s.start, s.end) for s in doc.sents],
    }


def _same(a: dict, b: dict) -> bool:
    """Same sentences, labels and shares; probabilities equal up to float noise
    (one batch or another may sum in another order)."""
    return {k: v for k, v in a.items() if k != "probs"} == {k: v for k, v in b.items() if k != "probs"} and (
        a["probs"] == pytest.approx(b["probs"], rel=0, abs=1e-12)
    )


def test_entry_point_and_readme_snippet_without_importing_unionnlp(text, jieba_cache, tmp_path):
    script = f"""\
import importlib.metadata, json, logging, sys
import jieba
jieba.dt.tmp_dir = {str(jieba_cache)!r}
jieba.setLogLevel(logging.WARNING)
assert "unionnlp" not in sys.modules
text = open({str(SEED)!r}, encoding="utf-8").read()
{README_SNIPPET}
import spacy
eps = [ep.name for ep in importlib.metadata.entry_points(group="spacy_factories")]
print(json.dumps({{
    "entry_points": eps,
    "registered": "unionnlp_themes" in spacy.registry.factories,
    "pipe_names": nlp.pipe_names,
    "cats": doc.cats,
    "spans": [[s.label_, s._.theme_prob] for s in doc.spans["themes"]],
}}, ensure_ascii=False))
"""
    path = tmp_path / "snippet.py"
    path.write_text(script, encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, str(path)], capture_output=True, cwd=tmp_path, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    out = json.loads(proc.stdout.decode("utf-8"))
    assert "unionnlp_themes" in out["entry_points"]
    assert out["registered"]
    assert out["pipe_names"] == ["unionnlp_themes"]
    records = classify_text(text)
    assert [label for label, _ in out["spans"]] == [r["label"] for r in records]
    assert [p for _, p in out["spans"]] == pytest.approx([r["prob"] for r in records], abs=1e-4)
    assert sum(out["cats"].values()) == pytest.approx(1.0)


def test_entry_point_metadata():
    eps = importlib.metadata.entry_points(group="spacy_factories")
    (ep,) = [ep for ep in eps if ep.name == "unionnlp_themes"]
    assert ep.value == "unionnlp.spacy_component:make_themes_component"
    spacy.blank("zh")  # creating a pipeline loads the entry-point factories
    assert spacy.Language.has_factory("unionnlp_themes")
    assert "unionnlp_themes" in spacy.registry.factories


def test_cats_are_the_six_theme_shares(doc):
    assert list(doc.cats) == list(LABELS)
    assert sum(doc.cats.values()) == pytest.approx(1.0)
    labels = [s.label_ for s in doc.spans["themes"]]
    for label in LABELS:
        assert doc.cats[label] == pytest.approx(labels.count(label) / len(labels))


def test_spans_are_the_toolkits_sentences_in_order(doc, text):
    segmented = segment_text(text)
    sentences = segmented.sentences
    spans = list(doc.spans["themes"])
    assert len(spans) == len(sentences)
    for before, after in zip(spans, spans[1:]):
        assert before.end <= after.start
    for span, sent in zip(spans, sentences):
        assert _squash(span.text) == _squash(sent.text)
    preds = classify_sentences([s.text for s in sentences], contexts=document_contexts(segmented),
                               documents=document_keys(segmented))
    assert [s.label_ for s in spans] == [p.label for p in preds]
    assert [s._.theme_prob for s in spans] == pytest.approx([p.prob for p in preds])


def test_sentence_boundaries_are_set_from_the_toolkits_splitter(doc):
    starts = [s.start for s in doc.sents]
    themes = [s.start for s in doc.spans["themes"]]
    assert len(starts) == len(themes)
    # Each sentence holds exactly its span (plus heading marks and spaces).
    for sent, span in zip(doc.sents, doc.spans["themes"]):
        assert sent.start <= span.start and span.end <= sent.end
        assert _squash(sent.text).lstrip("#") == _squash(span.text)


def test_round_trip_through_disk_and_bytes(nlp, doc, text, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / "unionnlp_themes" / "themes.npz"
    assert saved.read_bytes() == MODEL.read_bytes()
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["unionnlp_themes"]
    assert _same(_result(loaded(text)), _result(doc))

    again = spacy.blank("zh", config=JIEBA)
    again.add_pipe("unionnlp_themes")
    again.from_bytes(nlp.to_bytes())
    assert _same(_result(again(text)), _result(doc))


def test_saved_pipeline_does_not_need_the_original_model_file(text, tmp_path, jieba_cache):
    own = tmp_path / "mine.npz"
    shutil.copyfile(MODEL, own)
    nlp = spacy.blank("zh")
    nlp.add_pipe("unionnlp_themes", config={"model": str(own), "min_prob": 0.6})
    expected = _result(nlp(text))
    nlp.to_disk(tmp_path / "pipeline")
    own.unlink()
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.get_pipe("unionnlp_themes").min_prob == 0.6
    assert _same(_result(loaded(text)), expected)


def test_char_segmenter_gives_the_same_themes(doc, text):
    nlp = spacy.blank("zh")
    nlp.add_pipe("unionnlp_themes")
    char_doc = nlp(text)
    assert char_doc.cats == doc.cats
    assert [s.label_ for s in char_doc.spans["themes"]] == [s.label_ for s in doc.spans["themes"]]
    assert [s.text for s in char_doc.spans["themes"]] == [s.text for s in doc.spans["themes"]]


def test_an_existing_sentencizer_keeps_its_boundaries(text):
    plain = spacy.blank("zh")
    plain.add_pipe("sentencizer")
    theirs = [(s.start, s.end) for s in plain(text).sents]

    nlp = spacy.blank("zh")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("unionnlp_themes")
    doc = nlp(text)
    assert [(s.start, s.end) for s in doc.sents] == theirs
    spans = list(doc.spans["themes"])
    nonblank = [s for s in doc.sents if s.text.strip()]
    assert len(spans) == len(nonblank)
    for span, sent in zip(spans, nonblank):
        assert sent.start <= span.start and span.end <= sent.end
        assert span.text == sent.text.strip()
    assert sum(doc.cats.values()) == pytest.approx(1.0)


def test_min_prob_marks_unsure_but_cats_count_the_best_theme(doc, text):
    nlp = spacy.blank("zh")
    # 0.99: the model is trained on the seeds, so it is sure of most of their sentences.
    nlp.add_pipe("unionnlp_themes", config={"min_prob": 0.99})
    strict = nlp(text)
    assert strict.cats == pytest.approx(doc.cats)
    labels = [s.label_ for s in strict.spans["themes"]]
    assert UNSURE in labels
    for span, base in zip(strict.spans["themes"], doc.spans["themes"]):
        assert span.label_ == (UNSURE if base._.theme_prob < 0.99 else base.label_)


def test_pipe_batches_and_matches_single_calls(nlp, monkeypatch):
    texts = [p for f in sorted((ROOT / "seeds").glob("*.txt"))
             for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()][:19] + [""]
    assert len(texts) == 20
    single = [_result(nlp(t)) for t in texts]

    model = nlp.get_pipe("unionnlp_themes").get_model()
    calls = []
    real = model.predict_proba
    monkeypatch.setattr(model, "predict_proba",
                        lambda xs, contexts=None, documents=None: calls.append(len(xs)) or real(xs, contexts, documents))
    piped = [_result(d) for d in nlp.pipe(texts, batch_size=8)]
    assert all(_same(p, q) for p, q in zip(piped, single)) and len(piped) == len(single)
    assert len(calls) == 3  # one model call per batch of 8, 8, 4 docs


def test_empty_doc(nlp):
    doc = nlp("")
    assert doc.cats == {label: 0.0 for label in LABELS}
    assert list(doc.spans["themes"]) == []


def test_bad_min_prob_is_refused():
    from unionnlp.errors import UsageError

    nlp = spacy.blank("zh")
    with pytest.raises(UsageError):
        nlp.add_pipe("unionnlp_themes", config={"min_prob": 1.5})


def test_the_package_does_not_import_spacy():
    code = "import sys, unionnlp, unionnlp.themes.classify, unionnlp.text.segment; print('spacy' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"
    users = [p.name for p in (ROOT / "src" / "unionnlp").glob("*.py")
             if p.name != "spacy_component.py" and "spacy_component" in p.read_text(encoding="utf-8")]
    assert users == []
