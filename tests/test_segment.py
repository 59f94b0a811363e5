"""Segmentation: sentences a reader sees as one come out as one, with offsets."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEEDS, run_script
from unionnlp.text.segment import segment_file, segment_text, split_sentences

# Sentences read off each seed by a person, as they should come out (after
# repair: joined lines, no spaces inside Chinese words, full-width punctuation).
EXPECTED = {
    "000_1981f897b6cac00d.txt": [
        "北京市总工会党组成员、副主席赵丽君出席会议并讲话。",
        "要搭建成长舞台，拓展女职工建功立业新路径。",
        "托管班开办8年来，家长满意度达99%以上。",
        "张寰 海淀区总工会党组成员、副主席，女职工委员会主任",
        "北京市总工会第八届女职工委员会第二次全体会议召开",
    ],
    "001_65fd7466eb936db1.txt": [
        "会议总结过去五年工会女职工工作，研究当前形势任务，部署今后五年主要工作。",
        "持续加强理论武装。",
        "推进女职工休息哺乳室规范化建设。",
        "五年来，开办托管托育班500余个，服务职工子女2万余人次。",
        "•地方经验",
    ],
    "002_c8640cee7b26fd5b.txt": [
        "北京市总工会党组成员、副主席蒋文云出席会议。",
        "“如果再做一次选择，也还要成为一名光荣的建设者。”",
        "会上发布了2023年北京工会职工服务“清单”。",
        "通讯员 高岩 摄影报道",
    ],
    "003_635ee0eaa2035469.txt": [
        "习近平总书记在新时代推动东北全面振兴座谈会上强调，以人口高质量发展支撑东北全面振兴。",
        "一是强化顶层设计，谋“策”。",
        "每年 3月集中开展女职工普法宣传月活动。",
        "加大源头参与力度，撑起女职工合法权益“防护伞”",
        "黑龙江省总工会女职工委员会",
        "强化思想引领，凝聚“她”力量",
    ],
    "004_5a3ed5fedffbb0aa.txt": [
        "启动仪式后，马小兰作为首期领读者进行领读。",
        "比赛现场紧张有序、激烈精彩，参赛选手以棋为媒、以棋会友，赛出了风格和水平。",
        "此次大赛评委组邀请3名专家共同担任赛事评委。",
        "该区总工会相关负责人表示。",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_sentences_come_out_whole(name):
    doc = segment_file(SEEDS / name)
    texts = [s.text for s in doc.sentences]
    for expected in EXPECTED[name]:
        assert expected in texts, expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_offsets_point_into_the_repaired_text(name):
    doc = segment_file(SEEDS / name)
    for s in doc.sentences:
        assert doc.repaired[s.start : s.end] == s.text
    assert [(s.para, s.sent) for s in doc.sentences] == sorted((s.para, s.sent) for s in doc.sentences)


def test_split_sentences_rules():
    text = "他说：“做好工作。”随后散会！会议要求？挽回损失3.02亿元……结尾没有句号"
    parts = [text[s:e] for s, e in split_sentences(text)]
    assert parts == ["他说：“做好工作。”", "随后散会！", "会议要求？", "挽回损失3.02亿元……结尾没有句号"]


def test_straight_quotes_stay_with_their_sentence():
    text = '宣传"培育好家风。"下一句。'
    assert [text[s:e] for s, e in split_sentences(text)] == ['宣传"培育好家风。"', "下一句。"]


def test_markdown_heading_is_its_own_unit_without_marks():
    doc = segment_text("## 托举女职工梦想之花\n\n正文第一句。正文第二句。")
    assert [s.text for s in doc.sentences] == ["托举女职工梦想之花", "正文第一句。", "正文第二句。"]
    assert doc.paragraphs[0].heading


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("工会女职。！？”）“ab1 \n")), max_size=120))
def test_sentences_cover_all_non_space_text(text):
    doc = segment_text(text)
    joined = "".join(s.text for s in doc.sentences)
    assert joined.replace(" ", "") == "".join(p.text for p in doc.paragraphs).replace(" ", "").lstrip("#")  or doc.paragraphs[0].heading


def test_cli_segment_003_shows_whole_sentences():
    proc = run_script("segment", "seeds/003_635ee0eaa2035469.txt")
    out = proc.stdout.decode("utf-8")
    assert proc.returncode == 0
    assert "\n5 年来，全省各级工会组织举办相亲交友活动 1052场，参与职工近 13万人，达成牵手意向 5585对。\n" in out
    assert "女职工委 员会" not in out


def test_cli_segment_jsonl_fields():
    proc = run_script("segment", "--format", "jsonl", "seeds/000_1981f897b6cac00d.txt")
    records = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert {"file", "doc", "para", "sent", "start", "end", "text"} <= set(records[0])
    assert records[0]["text"] == "北京市总工会第八届女职工委员会第二次全体会议召开"


# --- the segmentation's fast paths against the plain definitions ---

_CLOSERS_REF = "”’」』）)】》〕"


def _split_reference(text: str) -> list[tuple[int, int]]:
    """split_sentences as first written: one character at a time."""
    spans, n, start, quotes, i = [], len(text), 0, 0, 0
    while i < n:
        ch = text[i]
        if ch == '"':
            quotes += 1
        if ch in "。！？":
            j = i + 1
            while j < n and text[j] in "。！？":
                j += 1
            while j < n and (text[j] in _CLOSERS_REF or (text[j] == '"' and quotes % 2 == 1)):
                if text[j] == '"':
                    quotes += 1
                j += 1
            spans.append((start, j))
            start = i = j
            continue
        i += 1
    if start < n:
        spans.append((start, n))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from(list('。！？"”’」）)】》 \u3000\t\n工会ab')), max_size=60))
def test_split_sentences_equals_the_character_loop(text):
    assert split_sentences(text) == _split_reference(text)


@settings(max_examples=300)
@given(st.lists(st.text(alphabet=st.sampled_from(list(" \t\u3000\u200b\ufeff工会ab，")), max_size=12), min_size=1, max_size=5),
       st.integers(0, 40))
def test_original_offsets_equal_a_walk_over_the_non_space_characters(raw, k):
    import re

    from unionnlp.text.segment import _OrigMap

    spans, at = [], 7
    for r in raw:
        spans.append((at, at + len(r)))
        at += len(r) + 2
    offsets = [s + i for (s, _e), r in zip(spans, raw) for i, ch in enumerate(r) if not re.match(r"[\s\u200b\ufeff]", ch)]
    omap = _OrigMap(tuple(spans), tuple(raw))
    expected = offsets[k] if k < len(offsets) else spans[-1][1]
    assert omap.position(k) == expected
    expected_end = (offsets[k - 1] + 1 if k - 1 < len(offsets) else spans[-1][1] + 1) if k > 0 else spans[0][0]
    assert omap.position(k, end=True) == expected_end


def test_sentence_rows_are_the_sentences_without_objects():
    from unionnlp.text.segment import iter_paragraph_rows, iter_paragraphs

    for path in sorted(SEEDS.glob("*.txt"))[:5]:
        text = path.read_text(encoding="utf-8")
        rows = [row for para in iter_paragraph_rows([text], path.name) for row in para]
        sentences = [s for p in iter_paragraphs([text], path.name) for s in p.sentences]
        assert rows == [(s.para, s.sent, s.text, s.start, s.end, s.orig_start, s.orig_end, s.page) for s in sentences]
