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
