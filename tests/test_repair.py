"""PDF-damage repair: whitespace and punctuation width change, Chinese never does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEED_FILES
from unionnlp.text.repair import cjk_sequence, normalise_punctuation, remove_cjk_spaces, repair_text

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEED_FILES]


def test_spaces_inside_chinese_words_are_removed():
    assert remove_cjk_spaces("全国总工会女职工委 员会第一次会议") == "全国总工会女职工委员会第一次会议"
    assert remove_cjk_spaces("创新创造。 大力培育") == "创新创造。大力培育"


def test_spaces_in_latin_and_numbers_are_kept():
    assert remove_cjk_spaces("开展AI 算法工程师竞赛") == "开展AI 算法工程师竞赛"
    assert remove_cjk_spaces("参与职工近 13万人") == "参与职工近 13万人"
    assert remove_cjk_spaces("覆盖 2 万人") == "覆盖 2 万人"


def test_half_width_punctuation_between_chinese_becomes_full_width():
    assert normalise_punctuation("近日,北京市总工会召开会议;会议要求:做好工作!") == "近日，北京市总工会召开会议；会议要求：做好工作！"
    assert normalise_punctuation("本报讯(记者 宗晓畅)近日") == "本报讯（记者 宗晓畅）近日"
    assert normalise_punctuation("挽回经济损失3.02亿元") == "挽回经济损失3.02亿元"
    assert normalise_punctuation("覆盖3,000人 (AI)") == "覆盖3,000人 (AI)"


def test_hard_wrapped_lines_are_joined():
    raw = "习近平总书记在新时代推动东北全\n\n面振兴座谈会上强调，以人口高质量发\n\n展支撑东北全面振兴。"
    text = "\n".join(["这是为了凑足行数而写的正文内容甲乙"] * 12) + "\n\n" + raw
    assert "习近平总书记在新时代推动东北全面振兴座谈会上强调，以人口高质量发展支撑东北全面振兴。" in repair_text(text)


def test_seed_003_has_no_line_ends_inside_sentences():
    repaired = repair_text(SEED_TEXTS[3])
    assert "5 年来，全省各级工会组织举办相亲交友活动 1052场，参与职工近 13万人，达成牵手意向 5585对。" in repaired
    # the signature line stays its own paragraph
    assert "\n\n黑龙江省总工会女职工委员会\n\n" in repaired


def test_seed_000_page_break_mid_sentence_is_joined():
    repaired = repair_text(SEED_TEXTS[0])
    assert "举办“奋斗圆梦巾帼荣光”首都巾帼劳模工匠风采展示活动" in repaired
    assert "成功调解女职工劳动争议4579件" in repaired


def test_repair_keeps_every_chinese_character_of_the_seeds():
    for text in SEED_TEXTS:
        assert cjk_sequence(repair_text(text)) == cjk_sequence(text)


_DAMAGE = st.sampled_from(["\n", "\n\n", " ", "  ", "\u3000", ",", "，", ";", "；", "(", ")", "?", "！", "!", ".", ":"])


@st.composite
def damaged_seed_text(draw):
    text = draw(st.sampled_from(SEED_TEXTS))
    start = draw(st.integers(0, max(0, len(text) - 400)))
    piece = list(text[start : start + draw(st.integers(1, 400))])
    for _ in range(draw(st.integers(0, 40))):
        pos = draw(st.integers(0, len(piece)))
        piece.insert(pos, draw(_DAMAGE))
    return "".join(piece)


@settings(max_examples=300, deadline=None)
@given(damaged_seed_text())
def test_repair_never_loses_or_reorders_chinese(text):
    assert cjk_sequence(repair_text(text)) == cjk_sequence(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("工会女职一二。，！？；：,.;:!?()（）“”\" \n\u3000ab12")), max_size=200))
def test_repair_never_loses_chinese_on_arbitrary_mixes(text):
    assert cjk_sequence(repair_text(text)) == cjk_sequence(text)


# --- repair that holds for any column width (issue 13) ---

from collections import Counter  # noqa: E402

import pytest  # noqa: E402

from conftest import SEEDS  # noqa: E402
from unionnlp.text.repair import FURNITURE, repair_units  # noqa: E402
from unionnlp.text.segment import segment_text  # noqa: E402

# Eight full lines of running text, so that the text reads as a hard-wrapped column.
COLUMN = "\n".join(["这是为了凑足行数而写的正文内容，甲乙丙。"] * 8) + "\n"


def _units(text):
    return [(u.kind, u.text) for u in repair_units(text) if "凑足" not in u.text]


def test_uneven_wraps_with_digits_and_latin_are_joined():
    text = COLUMN + "各地结合书香三八开展读书分享会，也增强她\n们的岗位技能。女职工占全省职工的比重由\n2018年的20%升至3\n8%。全省女职工数量达到历史新高。"
    repaired = repair_text(text)
    assert "也增强她们的岗位技能。" in repaired
    assert "比重由2018年的20%升至38%。" in repaired


@pytest.mark.parametrize(
    "raw, whole",
    [
        ("在全省推出八闽女职工“扬帆行动\n”。活动覆盖女职工十万人次。", "在全省推出八闽女职工“扬帆行动”。"),
        ("会议号召开展“\n巾帼建新功”活动。", "会议号召开展“巾帼建新功”活动。"),
        ("本报讯（记者\n张三）近日召开会议。", "本报讯（记者张三）近日召开会议。"),
    ],
)
def test_break_before_a_closing_or_after_an_opening_mark_is_a_wrap(raw, whole):
    assert whole in [s.text for s in segment_text(COLUMN + raw).sentences]


def test_credit_lines_are_units_of_their_own_across_blank_lines():
    text = COLUMN + "\n黄雄/摄\n\n为掌握广州市女职工的需求，市总工会开展问卷调查。\n\n记者周金友摄\n\n3月2日-3日，会议在京召开。"
    assert _units(text) == [
        ("credit", "黄雄/摄"),
        ("text", "为掌握广州市女职工的需求，市总工会开展问卷调查。"),
        ("credit", "记者周金友摄"),
        ("text", "3月2日-3日，会议在京召开。"),
    ]


def test_two_line_headline_cut_at_an_exclamation_mark_stays_apart_from_the_lead():
    text = "巾帼建新功！\n奋进新征程\n本报讯（记者 张三）3月8日，全市女职工表彰大会召开。会议表彰了先进集体。\n" + COLUMN
    texts = [t for _, t in _units(text)]
    assert texts[:2] == ["巾帼建新功！", "奋进新征程"]
    assert texts[2].startswith("本报讯（记者张三）3月8日")


def test_spaces_between_complete_phrases_of_a_title_are_kept():
    text = "情系女职工 法在你身边\n\n市总工会开展“情系女职工 法在你身边”普法宣传活动，全国总工会女职工委 员会出席。"
    assert _units(text) == [
        ("title", "情系女职工 法在你身边"),
        # in running text every space between Chinese characters is justification, quotes included
        ("text", "市总工会开展“情系女职工法在你身边”普法宣传活动，全国总工会女职工委员会出席。"),
    ]
    # a justification space that splits a word goes, in a title too
    assert _units("长三角 巾帼赋能\n\n女职工委 员会工作会议") == [("title", "长三角 巾帼赋能"), ("title", "女职工委员会工作会议")]


def test_half_width_comma_after_a_percentage_becomes_full_width():
    assert normalise_punctuation("增幅42.15%,比上年提高") == "增幅42.15%，比上年提高"
    assert normalise_punctuation("覆盖3,000人") == "覆盖3,000人"


def test_running_head_between_two_halves_of_a_sentence_is_moved_out():
    text = COLUMN + "会议要求，各级工会要做好女职工\n中国妇女报  2023年4月14日  星期五  7  发展周刊·女职工之家\n7\n权益维护工作，推动专项集体合同扩面提质。"
    units = repair_units(text)
    texts = [u.text for u in units]
    assert any(t.endswith("会议要求，各级工会要做好女职工权益维护工作，推动专项集体合同扩面提质。") for t in texts)
    assert [u.kind for u in units][-2:] == [FURNITURE, FURNITURE]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_every_seed_sentence_points_into_the_original_file(path):
    original = path.read_text(encoding="utf-8")
    width = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"})
    for s in segment_text(original, path.name).sentences:
        span = original[s.orig_start : s.orig_end]
        assert "".join(span.split()).lstrip("#").translate(width) == "".join(s.text.split()).translate(width)


_LINE_DAMAGE = st.sampled_from(
    ["\n", "\n\n", " ", "\u3000", ",", "(", "”", "\n黄雄/摄\n", "\n中国妇女报  2023年4月14日  星期五  7\n", "\n7\n", "\n一是"]
)


@st.composite
def damaged_lines(draw):
    text = draw(st.sampled_from(SEED_TEXTS))
    start = draw(st.integers(0, max(0, len(text) - 600)))
    piece = list(text[start : start + draw(st.integers(1, 600))])
    for _ in range(draw(st.integers(0, 30))):
        piece.insert(draw(st.integers(0, len(piece))), draw(_LINE_DAMAGE))
    return "".join(piece)


@settings(max_examples=200, deadline=None)
@given(damaged_lines())
def test_repair_loses_nothing_and_moves_only_furniture(text):
    units = repair_units(text)
    repaired = "".join(u.text for u in units)
    assert Counter(cjk_sequence(repaired)) == Counter(cjk_sequence(text))
    moved = [s for u in units if u.kind == FURNITURE for s in u.spans]
    rest = text
    for s, e in sorted(moved, reverse=True):
        rest = rest[:s] + rest[e:]
    assert cjk_sequence("".join(u.text for u in units if u.kind != FURNITURE)) == cjk_sequence(rest)
    # and every sentence maps back to its original characters (a furniture
    # line that cut it lies inside its original span)
    for sent in segment_text(text).sentences:
        span = iter(cjk_sequence(text[sent.orig_start : sent.orig_end]))
        assert all(ch in span for ch in cjk_sequence(sent.text))
