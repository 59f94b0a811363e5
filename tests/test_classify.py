"""Classifying reports: every sentence labelled, views and formats a user relies on."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import SEEDS
from unionnlp.themes.classify import classify_sentences, classify_text, document_records, paragraph_records
from unionnlp.themes.labels import LABELS, UNSURE
from unionnlp.text.segment import segment_file

SEED_000 = str(SEEDS / "000_1981f897b6cac00d.txt")


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_every_sentence_gets_a_label_with_runner_up(cli):
    result = cli("classify", "-f", "jsonl", SEED_000)
    assert result.exit_code == 0
    records = _jsonl(result.stdout)
    sentences = segment_file(SEED_000).sentences
    assert [r["text"] for r in records] == [s.text for s in sentences]
    for r in records:
        assert r["label"] in LABELS and r["runner_up"] in LABELS and r["runner_up"] != r["label"]
        assert 0 <= r["runner_up_prob"] <= r["prob"] <= 1
        assert sum(r["probs"].values()) == pytest.approx(1, abs=1e-3)
        assert {"file", "para", "sent", "text"} <= set(r)


def test_the_four_theme_paragraph_of_000(cli):
    records = _jsonl(cli("classify", "-f", "jsonl", "--level", "paragraph", SEED_000).stdout)
    para = next(r for r in records if "思想政治引领方面" in r["text"])
    assert {"思想引领", "建功立业", "权益维护", "关爱服务"} <= set(para["themes"])
    assert sum(para["shares"].values()) == pytest.approx(1, abs=1e-3)


def test_seed_sentences_get_their_obvious_themes():
    preds = classify_sentences([
        "权益维护方面，参与多项涉及女职工权益政策文件制定；开展普法活动2300余场次。",
        "本报记者 宗晓畅/文 曹立栋/摄",
    ])
    assert [p.label for p in preds] == ["权益维护", "其他"]


def test_document_level_shares(cli):
    records = _jsonl(cli("classify", "-f", "jsonl", "--level", "document", str(SEEDS)).stdout)
    assert len(records) == 5
    for r in records:
        assert sum(r["shares"].values()) == pytest.approx(1, abs=1e-3)
        assert r["themes"][0] == max(r["shares"], key=r["shares"].get)


def test_min_prob_marks_unsure(cli):
    records = _jsonl(cli("classify", "-f", "jsonl", "--min-prob", "0.99", SEED_000).stdout)
    assert any(r["label"] == UNSURE for r in records)
    assert all(r["label"] == UNSURE for r in records if r["prob"] < 0.99)


def test_json_and_csv_formats(cli):
    as_json = json.loads(cli("classify", "-f", "json", SEED_000).stdout)
    rows = list(csv.DictReader(io.StringIO(cli("classify", "-f", "csv", SEED_000).stdout)))
    assert [r["text"] for r in rows] == [r["text"] for r in as_json]
    assert rows[0]["label"] == as_json[0]["label"]


def test_output_file_is_not_overwritten_without_force(tmp_path, cli):
    out = tmp_path / "result.jsonl"
    out.write_text("my own notes", encoding="utf-8")
    result = cli("classify", "-f", "jsonl", "-o", str(out), SEED_000)
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert out.read_text(encoding="utf-8") == "my own notes"
    assert cli("classify", "-f", "jsonl", "-o", str(out), "--force", SEED_000).exit_code == 0
    assert len(_jsonl(out.read_text(encoding="utf-8"))) == len(segment_file(SEED_000).sentences)


def test_python_api_matches_the_cli(cli):
    text = (SEEDS / "000_1981f897b6cac00d.txt").read_text(encoding="utf-8")
    api = classify_text(text, name="000")
    assert [r["label"] for r in api] == [r["label"] for r in _jsonl(cli("classify", "-f", "jsonl", SEED_000).stdout)]
    assert paragraph_records(api)[0]["para"] == 1
    assert document_records(api)[0]["sentences"] == len(api)


def test_table_view_on_request(cli):
    result = cli("classify", "-f", "table", SEED_000)
    assert result.exit_code == 0 and "权益维护" in result.stdout


# --- streaming: one file is read, classified and written a block at a time --------


def test_records_come_before_the_file_has_been_read():
    from unionnlp.text.segment import iter_paragraphs
    from unionnlp.themes.classify import iter_sentence_records

    text = (SEEDS / "000_1981f897b6cac00d.txt").read_text(encoding="utf-8")

    def endless():
        while True:  # a file with no end: only a streamed reader ever gets past it
            yield text + "\n\n"

    records = iter_sentence_records([("endless.txt", iter_paragraphs(endless(), "endless.txt"))], chunk=100)
    first = [next(records) for _ in range(250)]
    assert first[0]["para"] == 1 and len({r["text"] for r in first}) > 50


def test_streamed_views_equal_the_list_views(cli):
    from unionnlp.themes.classify import iter_document_records, iter_paragraph_records

    records = _jsonl(cli("classify", "-f", "jsonl", str(SEEDS)).stdout)
    assert list(iter_paragraph_records(iter(records))) == paragraph_records(records)
    assert list(iter_document_records(iter(records))) == document_records(records)


def test_json_is_one_array_written_as_it_goes(cli):
    out = cli("classify", "-f", "json", SEED_000).stdout
    records = json.loads(out)
    assert out == json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    assert records == _jsonl(cli("classify", "-f", "jsonl", SEED_000).stdout)
    for level in ("paragraph", "document"):
        out = cli("classify", "-f", "json", "--level", level, str(SEEDS)).stdout
        assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=1) + "\n"


def test_an_overlong_paragraph_is_cut_with_a_warning(tmp_path, cli):
    path = tmp_path / "long.txt"
    path.write_text("工会女职工委员会开展普法宣传活动" * 2000, encoding="utf-8")  # 32,000 characters, no break
    result = cli("classify", "-f", "jsonl", str(path))
    assert result.exit_code == 0
    assert result.stderr == (f"unionnlp: warning: long.txt: a paragraph longer than 10,000 characters (no paragraph "
                             "break or sentence end) was cut into parts of at most 10,000\n")
    records = _jsonl(result.stdout)
    assert len(records) == 4 and all(len(r["text"]) <= 10_000 for r in records)


# --- report text in a terminal table is text, never markup ------------------------


def test_table_cells_are_not_rich_markup(tmp_path, cli):
    path = tmp_path / "m.txt"
    path.write_text("工会[/red]活动。\n\n[bold]女职工[/bold]技能竞赛。\n\n[link=https://example.org]普法[/link]宣传。\n",
                    encoding="utf-8")
    for level in ("sentence", "paragraph"):
        result = cli("classify", "-f", "table", "--level", level, str(path))
        assert result.exit_code == 0, result.stderr
        for raw in ("[/red]", "[bold]", "[/bold]", "[link=https://example.org]"):
            assert raw in result.stdout
        assert "\x1b]8;" not in result.stdout  # no hyperlink escape


# --- JSONL written straight from sentence rows: the same bytes as json.dumps of the records ---


def _docs(paths, rows: bool):
    from unionnlp.text.read import read_document
    from unionnlp.text.segment import document_name, iter_paragraph_rows, iter_paragraphs

    segment = iter_paragraph_rows if rows else iter_paragraphs
    for path in paths:
        doc = read_document(path)
        yield str(path), segment([doc.text], document_name(str(path)), doc.page_starts, doc.lines)


@pytest.mark.parametrize("min_prob", [0.0, 0.6])
def test_jsonl_from_rows_equals_the_records_dumped(tmp_path, min_prob):
    from unionnlp.themes.classify import iter_sentence_jsonl, iter_sentence_records

    odd = tmp_path / "odd.txt"
    odd.write_text('# 标题\n\n他说:"好的。"然后走了。\u200b他又说："不。"\n\n“引号里。”（括号。）结尾\t \n\n'
                   '\\ 反斜杠 \x07 控制\n\n最后一句没有句号', encoding="utf-8")
    paths = sorted(SEEDS.glob("*.txt"))[:4] + [odd]
    records = "".join(json.dumps(r, ensure_ascii=False) + "\n"
                      for r in iter_sentence_records(_docs(paths, rows=False), None, min_prob))
    # small chunks: the context of a sentence crosses the chunks
    written = "".join(iter_sentence_jsonl(_docs(paths, rows=True), None, min_prob, chunk=37, chunk_chars=900))
    assert written == records


def test_rows_with_pages_and_neighbours_outside_equal_the_records():
    from unionnlp.themes.classify import rows_jsonl, rows_records

    texts = ["一是强化顶层设计，谋“策”。", "编辑：王芳", "开展女职工普法宣传月活动。", '他说"好"\\n。']
    rows = [(3, i + 1, t, 10 * i, 10 * i + len(t), 20 * i, 20 * i + len(t), None if i % 2 else i + 1)
            for i, t in enumerate(texts)]
    records = rows_records("a/b.txt", rows, None, 0.5, previous="前一句。", following="后一句。")
    assert rows_jsonl("a/b.txt", rows, None, 0.5, previous="前一句。", following="后一句。") == "".join(
        json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    assert [("page" in r) for r in records] == [True, False, True, False]
    assert rows_jsonl("x", []) == "" and rows_records("x", []) == []


def test_probabilities_are_written_as_round_to_four_places():
    import random

    import numpy as np

    from unionnlp.themes.classify import _prob_strings

    rnd = random.Random(4)
    values = [rnd.random() for _ in range(20000)] + [rnd.random() ** 8 for _ in range(5000)]
    values += [k / 10000 + d for k in range(0, 10001, 7) for d in (0.0, 0.00005, -0.00005, 5e-17, -5e-17)]
    values += [0.0, 1.0, 0.99995, 0.00005, 0.00015, 0.12345, 0.5, 1e-300]
    values = [min(1.0, max(0.0, v)) for v in values]
    proba = np.array(values + [0.0] * (-len(values) % 6)).reshape(-1, 6)
    assert _prob_strings(proba) == [repr(round(float(v), 4)) for v in proba.ravel()]


# --- the document stage: a sentence is read with the rest of its document ----------------

RIGHTS = ["县总工会开展女职工普法宣传月活动，发放法律宣传资料3000份。",
          "推动辖区企业签订女职工权益保护专项集体合同86份。",
          "工会法律援助中心为女职工受理劳动争议案件42件，挽回经济损失60万元。"]
CARE = ["县总工会为困难女职工送去慰问金和生活用品，走访慰问120户。",
        "新建爱心妈妈小屋15家，为哺乳期女职工提供休息场所。",
        "组织女职工免费参加两癌筛查，惠及女职工2000余人。"]
PLAIN = "活动当天，现场气氛热烈，大家纷纷表示收获很大。"


def test_a_sentence_reads_as_what_its_document_is_about():
    from unionnlp.themes.classify import classify_sentences, get_model

    assert get_model(None).uses_documents
    in_rights = classify_sentences([*RIGHTS, PLAIN], documents=[0] * 4)[-1].probs
    in_care = classify_sentences([*CARE, PLAIN], documents=[0] * 4)[-1].probs
    assert in_rights["权益维护"] > in_care["权益维护"] and in_care["关爱服务"] > in_rights["关爱服务"]
    # without documents each sentence is read alone: the same however it is batched
    alone = classify_sentences([PLAIN])[0].probs
    assert classify_sentences([*RIGHTS, PLAIN])[-1].probs == pytest.approx(alone)


def test_a_long_document_is_read_in_the_same_blocks_whatever_the_chunk_size():
    from unionnlp.text.segment import segment_text
    from unionnlp.themes.classify import iter_sentence_records, sentence_records
    from unionnlp.themes.model import BLOCK_PARAGRAPHS

    paragraphs = [(RIGHTS + CARE + [PLAIN])[i % 7] for i in range(BLOCK_PARAGRAPHS + 40)]
    doc = segment_text("\n\n".join(paragraphs) + "\n", "long.txt")
    assert len(doc.paragraphs) > BLOCK_PARAGRAPHS
    whole = sentence_records([("long.txt", doc)])
    for chunk in (1, 7, 100):
        assert list(iter_sentence_records([("long.txt", doc)], chunk=chunk)) == whole
