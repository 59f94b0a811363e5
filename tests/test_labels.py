"""The labelled corpus stays valid, current with the segmenter, and original."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import LABELS, SEED_FILES
from unionnlp.themes.labels import LABELS as LABEL_SET
from unionnlp.themes.labels import check_labels, label_stats, read_labels, stale_labels
from unionnlp.text.segment import segment_file

WRITTEN = LABELS / "written"


def test_label_folder_is_valid():
    result = check_labels(LABELS)
    assert result.ok, "\n".join(map(str, result.problems[:10]))
    for rec in result.records:
        assert rec.label in LABEL_SET
        assert rec.label not in rec.also


def test_every_seed_sentence_is_labelled_and_current():
    records = [r for r in read_labels(LABELS) if r.source == "seed"]
    documents = {p.name: segment_file(p).sentences for p in SEED_FILES}
    problems = stale_labels(records, documents)
    assert not problems, f"{len(problems)} stale labels; first: {problems[0]}"
    assert {r.doc for r in records} == set(documents)
    assert len(records) == sum(len(s) for s in documents.values())


def test_written_reports_are_labelled_and_current():
    records = [r for r in read_labels(LABELS) if r.source == "written"]
    if not records:
        pytest.skip("no written reports yet")
    documents = {p.name: segment_file(p).sentences for p in sorted(WRITTEN.glob("*.txt"))}
    assert {r.doc for r in records} == set(documents), "every written report needs its label file"
    problems = stale_labels(records, documents)
    assert not problems, f"{len(problems)} stale labels; first: {problems[0]}"
    for doc, sentences in documents.items():
        assert 10 <= len(sentences) <= 35, f"{doc} has {len(sentences)} sentences"


def test_held_out_reports_are_labelled_current_and_never_trained():
    # labels/_held_out: written reports kept out of training (labels/README.md says why); the
    # trainer skips folders whose name starts with _, and `unionnlp evaluate --dev` scores them.
    held = LABELS / "_held_out"
    if not held.is_dir():
        pytest.skip("no held-out reports in this checkout")
    records = read_labels(held)
    documents = {p.name: segment_file(p).sentences for p in sorted((held / "reports").glob("*.txt"))}
    assert documents and {r.doc for r in records} == set(documents), "every held-out report needs its label file"
    problems = stale_labels(records, documents)
    assert not problems, f"{len(problems)} stale labels; first: {problems[0]}"
    assert not {r.doc for r in read_labels(LABELS)} & set(documents), "a held-out report is in the training labels"


def test_written_corpus_meets_its_counts():
    records = [r for r in read_labels(LABELS) if r.source == "written"]
    if not records:
        pytest.skip("no written reports yet")
    counts = Counter(r.label for r in records)
    assert len({r.doc for r in records}) >= 12
    assert len(records) >= 600
    for label in LABEL_SET[:5]:
        assert counts[label] >= 90, (label, counts[label])
    assert counts["其他"] >= 100


# Names of organisations and programmes, and fixed political formulas, that
# any report in this genre repeats; a shared run made only of these is not copying.
ALLOWED_NAMES = [
    "习近平新时代中国特色社会主义思想", "中华全国总工会", "全国总工会", "女职工委员会", "中国工会十八大",
    "中国妇女十三大", "党的二十大精神", "二十届二中全会精神", "北京市总工会", "总工会",
    "劳模精神、劳动精神、工匠精神", "劳模精神、劳动精神和工匠精神", "玫瑰书香", "会聚良缘", "职工之家",
    "女职工权益保护专项集体合同", "工会妈妈小屋", "爱心妈咪小屋", "巾帼劳模工匠", "创新工作室",
]
RUN = 15


def _seed_text() -> str:
    return "".join("".join(s.text.split()) for p in SEED_FILES for s in segment_file(p).sentences)


def _copied_runs(sentence: str, seed_grams: set[str], seed: str) -> list[str]:
    text = "".join(sentence.split())
    runs = []
    i = 0
    while i <= len(text) - RUN:
        if text[i : i + RUN] in seed_grams:
            j = i + RUN
            while j < len(text) and text[i : j + 1] in seed:
                j += 1
            runs.append(text[i:j])
            i = j
        else:
            i += 1
    return runs


def _only_names(run: str) -> bool:
    rest = run
    for name in sorted(ALLOWED_NAMES, key=len, reverse=True):
        rest = rest.replace(name, "")
    return len(rest) < 8


def test_written_sentences_are_not_copied_from_the_seeds():
    records = [r for r in read_labels(LABELS) if r.source == "written"]
    if not records:
        pytest.skip("no written reports yet")
    seed = _seed_text()
    grams = {seed[i : i + RUN] for i in range(len(seed) - RUN + 1)}
    copied = []
    for r in records:
        for run in _copied_runs(r.text, grams, seed):
            if not _only_names(run):
                copied.append(f"{r.doc} ¶{r.para}.{r.sent}: {run}")
    assert not copied, "written text shares runs with the seeds:\n" + "\n".join(copied[:10])


def test_no_training_sentence_is_a_dev_sentence():
    # dev/ is the yardstick: a sentence in both would be scored on what the model learnt.
    dev = LABELS.parent / "dev" / "labels"
    if not dev.is_dir():
        pytest.skip("no development set in this checkout")
    training = {"".join(r.text.split()) for r in read_labels(LABELS)}
    shared = [
        row["text"]
        for path in sorted(dev.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and len((row := json.loads(line))["text"]) >= 6 and "".join(row["text"].split()) in training
    ]
    assert not shared, shared[:5]


def test_copy_check_catches_a_copy():
    seed = _seed_text()
    grams = {seed[i : i + RUN] for i in range(len(seed) - RUN + 1)}
    copied = "今年我们也坚持“有家即有根”理念，精准对接单身青年职工需求。"
    assert _copied_runs(copied, grams, seed)


def _write(path: Path, lines: list) -> Path:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    return path


GOOD = {"doc": "a.txt", "para": 1, "sent": 1, "text": "工会举办技能竞赛。", "label": "建功立业", "also": [], "group": "a:1"}


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "invalid JSON"),
        ({**GOOD, "label": "福利"}, "unknown label '福利'"),
        ({k: v for k, v in GOOD.items() if k != "group"}, "missing field 'group'"),
        ({**GOOD, "label": ""}, "label is empty"),
        ({**GOOD, "also": ["建功立业"]}, "'also' repeats the primary label"),
        ({**GOOD, "para": "1"}, "field 'para' should be int"),
    ],
)
def test_labels_check_names_file_line_and_problem(tmp_path, cli, line, message):
    path = _write(tmp_path / "mine.jsonl", [GOOD | {"sent": 2}, line])
    result = cli("labels", "check", str(path))
    assert result.exit_code == 1
    assert f"{path}:2: {message}" in result.stderr


def test_labels_check_rejects_duplicates(tmp_path, cli):
    path = _write(tmp_path / "dup.jsonl", [GOOD, GOOD])
    result = cli("labels", "check", str(path))
    assert result.exit_code == 1 and "duplicate sentence a.txt ¶1.1" in result.stderr


def test_labels_check_and_stats_on_the_shipped_labels(cli):
    result = cli("labels", "check")
    assert result.exit_code == 0 and result.stdout.startswith("ok: ")
    stats = json.loads(cli("labels", "stats", "--format", "json").stdout)
    records = read_labels(LABELS)
    assert stats["total"] == len(records)
    assert stats == label_stats(records)
    assert sum(stats["labels"].values()) == stats["total"]


def test_labels_check_reads_json_lines_by_newline_only(tmp_path, cli):
    # `labels suggest` writes U+2028 and U+2029 raw inside JSON strings (ensure_ascii=False);
    # str.splitlines() would break the line there.
    path = tmp_path / "sep.jsonl"
    path.write_bytes(
        (json.dumps(GOOD | {"text": "工会举办\u2028技能竞赛\u2029。\x85"}, ensure_ascii=False) + "\r\n"
         + json.dumps(GOOD | {"sent": 2}, ensure_ascii=False) + "\n").encode("utf-8")
    )
    result = cli("labels", "check", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 2 labelled sentences")


def test_the_hand_read_organisations_of_written_reports_are_current():
    # labels/orgs: every sentence's organisation, keyed by paragraph and sentence number, for
    # bench/org_attribution.py; a repair that renumbers paragraphs must renumber these too
    files = sorted((LABELS / "orgs").glob("*.json"))
    assert files
    for f in files:
        report = json.loads(f.read_text(encoding="utf-8"))
        current = {(s.para, s.sent): s.text for s in segment_file(WRITTEN / report["doc"]).sentences}
        gold = {(s["para"], s["sent"]): s["text"] for s in report["sentences"]}
        assert gold == current, f.name
        named = {o["name"] for o in report["organisations"]}
        for s in report["sentences"]:
            for org in s["org"] if isinstance(s["org"], list) else [s["org"]]:
                assert org is None or org in named, (f.name, s["para"], s["sent"], org)
