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
        # in running text a space between Chinese characters is justification, except between
        # two complete phrases inside quotes on a page that is not justified
        ("text", "市总工会开展“情系女职工 法在你身边”普法宣传活动，全国总工会女职工委员会出席。"),
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


# --- columns read side by side (pdfminer, pdfplumber and pypdf read a page line by line across its columns) ---


NARROW = "\n".join(["这是为了凑足行数而写的正文。"] * 8) + "\n"  # a column 14 characters wide


def _wrap(text, n):
    return [text[i : i + n] for i in range(0, len(text), n)]


LEFT = "县总工会女职委今年在全县推开女职工关爱行动，为一线女职工送去夏季清凉用品和健康讲座，覆盖企业六十余家。各乡镇工会同步开展走访慰问，倾听女职工的意见和建议。"
RIGHT = "下一步，县总工会将把女职工权益维护纳入年度考核，督促企业落实孕期和哺乳期保护规定，推动专项集体合同签订率稳步提高，让女职工在岗位上安心工作。"


def test_columns_read_side_by_side_are_read_one_after_the_other():
    left, right = _wrap(LEFT, 14), _wrap(RIGHT, 14)
    rows = [a + "  " + b for a, b in zip(left, right)] + left[len(right) :]
    assert [t for _, t in _units(NARROW + "\n".join(rows) + "\n")] == [LEFT, RIGHT]


def test_the_left_column_s_rest_under_the_rows_comes_before_the_right_column():
    left, right = _wrap(LEFT, 14), _wrap(RIGHT, 14)
    right = right[:5]  # the right column ends higher up: the left one's last line stands alone
    rows = [a + "  " + b for a, b in zip(left, right)] + left[5:]
    assert [t for _, t in _units(NARROW + "\n".join(rows) + "\n")] == [LEFT, "".join(right)]


# Two longer columns for the cases below (11 lines each, the last one short).
LONG_LEFT, LONG_RIGHT = LEFT + RIGHT, RIGHT + LEFT


def test_a_headline_beside_the_right_column_s_first_line_is_split_too():
    # the page's top line read across: a headline wider than a column, then the right column's first line
    left, right = _wrap(LONG_LEFT, 14), _wrap(LONG_RIGHT, 14)
    headline = "县总工会推开女职工关爱行动和权益维护工作"
    rows = [headline + "  " + right[0]] + [a + "  " + b for a, b in zip(left, right[1:])] + left[len(right) - 1 :]
    assert [t for _, t in _units(NARROW + "\n".join(rows) + "\n")][-3:] == [headline, LONG_LEFT, LONG_RIGHT]


def test_a_short_row_both_of_whose_halves_end_a_paragraph_stays_in_the_run():
    # (a row of a stop alone and a short paragraph end: once too short to be looked at)
    left, right = _wrap(LONG_LEFT, 14)[:10], _wrap(LONG_RIGHT, 14)[:10]
    left[5], right[5] = "。", "有21家。"
    rows = [a + "  " + b for a, b in zip(left, right)]
    units = [t for _, t in _units(NARROW + "\n".join(rows) + "\n")]
    assert "".join(units).endswith("".join(left) + "".join(right))


def test_of_two_gaps_in_a_row_the_one_between_the_columns_splits_it():
    # 「护等项目。  据介绍，市人社局和  市妇联多」: a justification space two wide in the right half.
    # The split between the columns leaves two column lines (a paragraph's end, a line of the
    # right column); the other one a line as wide as the column and a short one that ends nowhere.
    from unionnlp.text import repair

    left, right = _wrap(LONG_LEFT, 14)[:10], _wrap(LONG_RIGHT, 14)[:10]
    left[3], right[3] = "县总工会做。", right[3][:13]
    rows = [a + "  " + b for a, b in zip(left, right)]
    rows[3] = left[3] + "  " + right[3][:8] + "  " + right[3][8:]
    lines = list(repair._iter_lines(["\n".join(rows) + "\n"], 10**6, repair._Cuts("t", 10**6)))
    candidates = [(i, repair._gaps(line)) for i, line in enumerate(lines)]
    for width in (26, 28):  # the widths the page's rows vote for first
        ((_start, _end, at),) = repair._runs(candidates, width, len(lines), {i: line.raw for i, line in enumerate(lines)})
        assert rows[3][: at[3][0]] == left[3]


def test_a_running_head_above_the_rows_is_not_split_as_a_row():
    left, right = _wrap(LONG_LEFT, 14)[:10], _wrap(LONG_RIGHT, 14)[:10]
    head = "泓川职工报  2024年11月22日  星期五  7  女职工之家"
    rows = [head] + [a + "  " + b for a, b in zip(left, right)]
    units = [t for _, t in _units(NARROW + "\n".join(rows) + "\n")]
    assert "".join(units).endswith("".join(left) + "".join(right))
    assert head.replace(" ", "") in [t.replace(" ", "") for t in units]


def test_a_third_column_under_two_full_columns_read_side_by_side_comes_after_both():
    # both columns run to the foot of the page: the lines under the rows are the third column's
    left, right = _wrap(LONG_LEFT, 14)[:10], _wrap(LONG_RIGHT, 14)[:10]
    third = _wrap("第三栏的正文从这里开始，讲的是县总工会为女职工办理互助保障的情况。", 14)
    rows = [a + "  " + b for a, b in zip(left, right)] + third
    units = [t for _, t in _units(NARROW + "\n".join(rows) + "\n")]
    assert "".join(units).endswith("".join(left) + "".join(right) + "".join(third))


def test_justified_single_column_text_is_not_taken_for_two_columns():
    # two spaces of justification in every line, never at one place
    lines = _wrap(LEFT + RIGHT, 20)
    spaced = [line[: 3 + i % 9] + "  " + line[3 + i % 9 :] for i, line in enumerate(lines)]
    assert "".join(t for _, t in _units(NARROW + "\n".join(spaced) + "\n")) == LEFT + RIGHT


# --- a page's data lines wrap like any line; bullets and salutations open units; clause tails ---

# A column 12 characters (24 display columns) wide.
NARROW12 = "\n".join(["为了凑足行数而写的正文。"] * 8) + "\n"


@pytest.mark.parametrize(
    "lines, whole",
    [
        (["发布时间：2024-03-08", "10:21 来源：青石县总工", "会"], "发布时间：2024-03-08 10:21 来源：青石县总工会"),
        (["字号：大 中 小 点击量：", "1236"], "字号：大 中 小 点击量：1236"),
        (["联系人：王芳 联系电话", "：0736-5201386"], "联系人：王芳 联系电话：0736-5201386"),
        (["【字体：大 中 小】【打印", "】【关闭】"], "【字体：大 中 小】【打印】【关闭】"),
        (["上一篇：县总工会召开全委会", "议"], "上一篇：县总工会召开全委会议"),
        (["发布时间：2025-02-17", "09:30 浏览次数：587"], "发布时间：2025-02-17 09:30 浏览次数：587"),
    ],
)
def test_a_data_line_wrapped_by_a_narrow_column_is_joined(lines, whole):
    # (whitespace aside: a date and a time cut apart by the line end join as one number would)
    assert whole.replace(" ", "") in [t.replace(" ", "") for _, t in _units(NARROW12 + "\n".join(lines) + "\n")]


def test_data_lines_that_each_start_a_field_stay_apart():
    text = NARROW12 + "分享到：\n【打印】【关闭】\n上一篇：县总工会开展送清凉活动\n下一篇：女职工技能比武举行\n"
    assert [t for _, t in _units(text)] == ["分享到：", "【打印】【关闭】", "上一篇：县总工会开展送清凉活动", "下一篇：女职工技能比武举行"]


def test_a_bulleted_heading_is_not_glued_to_the_paragraph_under_it():
    text = NARROW12 + "■ 焊花里的“绣花针”\n船体车间电焊工郑晓岚的焊\n缝被同事们叫作“鱼鳞纹”。\n"
    assert [t for _, t in _units(text)] == ["■ 焊花里的“绣花针”", "船体车间电焊工郑晓岚的焊缝被同事们叫作“鱼鳞纹”。"]


@pytest.mark.parametrize(
    "lines, whole",
    [
        (["（一）开展“巾帼心向党”主题", "宣讲。各级工会要组织劳模"], "（一）开展“巾帼心向党”主题宣讲。"),
        (["二是在建功立业上突出“学用", "结合”。区总工会组织培训"], "二是在建功立业上突出“学用结合”。"),
        (["瑞禾医疗集团是一家以妇", "产、儿科为特色的医疗集团。"], "瑞禾医疗集团是一家以妇产、儿科为特色的医疗集团。"),
    ],
)
def test_the_short_tail_of_a_clause_on_the_next_line_is_a_wrap(lines, whole):
    assert whole in [s.text for s in segment_text(NARROW12 + "\n".join(lines) + "\n").sentences]


def test_a_paragraph_may_start_with_a_short_clause_and_a_comma():
    # 「近年来，」 opens paragraphs: only a one-character clause before a comma is a cut word's tail
    text = "用心关爱 用法守护\n\n近年来，县总工会把女职工维权摆在突出位置。\n"
    assert [t for _, t in _units(text)] == ["用心关爱 用法守护", "近年来，县总工会把女职工维权摆在突出位置。"]


def test_a_salutation_opens_a_unit_after_a_title():
    text = NARROW12 + "（在全市工会女职工工作交流会上的发言）\n各位领导、同志们：\n鹭屿区是全市的港口物流区。\n"
    assert "各位领导、同志们：" in [s.text for s in segment_text(text).sentences]


def test_a_running_head_set_over_two_lines_is_one():
    text = NARROW12 + "泓川职工报 2024年11月22日\n星期五 7 女职工之家\n" + NARROW12
    assert "泓川职工报2024年11月22日星期五7女职工之家" in [t.replace(" ", "") for _, t in _units(text)]


@pytest.mark.parametrize(
    "left, right, across",
    [("女职工委", "员会第一", True), ("也增强她", "们的岗位", True), ("推动东北全", "面振兴", True),
     # the dictionary has 会通 and 险关, but fewer words split at the boundary
     ("集团工会", "通讯员", False), ("重疾险", "关怀举措", False), ("立德铸魂", "筑牢", False)],
)
def test_a_word_runs_across_a_boundary_only_when_the_fewest_words_split_says_so(left, right, across):
    from unionnlp.text.words import word_across

    assert word_across(left, right) is across


@pytest.mark.parametrize(
    "lines, title",
    [
        # a title wrapped like running text (a page copied without marks): its short rest follows
        (["齐齐哈尔市总工会第十七届女", "职工委员会全体会议召开"], "齐齐哈尔市总工会第十七届女职工委员会全体会议召开"),
        # the phrase after the space is too short to be one: the title goes on
        (["擦亮“钢轨玫瑰”品牌 让铁路", "女职工在一线绽放光彩"], "擦亮“钢轨玫瑰”品牌 让铁路女职工在一线绽放光彩"),
        # a quote left open
        (["（三）开展“关爱女职工 法律", "进万家”活动"], "（三）开展“关爱女职工 法律进万家”活动"),
    ],
)
def test_a_title_as_wide_as_the_column_goes_on_when_the_next_line_is_its_rest(lines, title):
    lead = "本报讯（记者张三）近日，全市女职工工作会议在市职工服务中心召开，会议总结了一年来的工作。"
    text = "\n".join(lines + _wrap(lead, 12)) + "\n" + NARROW12
    assert title.replace(" ", "") in [t.replace(" ", "") for _, t in _units(text)]


def test_a_union_name_the_column_wrapped_is_no_signature():
    # 「山西省卫生健康系统工」 fills the line: the name goes on (a title, then its lead)
    lead = "本报讯（记者郭晓宁）1月16日，全省卫生健康系统工会女职工委员会换届大会在太原召开。"
    text = "\n".join(["山西省卫生健康系统工会", "女职工委员会完成换届"] + _wrap(lead, 11)) + "\n" + NARROW12
    assert "山西省卫生健康系统工会女职工委员会完成换届" in [t for _, t in _units(text)]
    # a signature under a speech stays a unit of its own
    signed = NARROW12 + "黑龙江省总工会女职工委员会\n2024年1月6日\n"
    assert [t for _, t in _units(signed)] == ["黑龙江省总工会女职工委员会", "2024年1月6日"]


def test_a_breadcrumb_ends_with_a_whole_item():
    text = NARROW12 + "首页 > 工作动态 > 女职\n工工作\n工会简讯（第6期）\n"
    assert [t for _, t in _units(text)] == ["首页 > 工作动态 > 女职工工作", "工会简讯（第6期）"]


def test_in_clean_text_a_short_line_before_a_blank_line_is_a_heading_even_with_a_comma():
    text = "二、立足岗位，让巾帼力量看得见\n\n一直以来，全市女职工在制造、商贸等行业挑起了大梁。\n"
    assert [t for _, t in _units(text)] == ["二、立足岗位，让巾帼力量看得见", "一直以来，全市女职工在制造、商贸等行业挑起了大梁。"]
    # a long line cut by a page break still runs on
    broken = "密云区第六小学语文教师王爱平带头落实“双减”精神，大胆\n\n改革作业设计，努力实现语文学科的减负提质。\n"
    assert len(_units(broken)) == 1


@pytest.mark.parametrize(
    "lines, whole",
    [
        # a line never ends a title or a sentence with a preposition, a conjunction or 的
        (["为团结引导全县 女职工在", "乡村振兴中更好发挥作用，县总工会决定开展活动。"], "为团结引导全县女职工在乡村振兴中更好发挥作用，县总工会决定开展活动。"),
        # 二是 opens a sentence, not a heading: its line runs on like any other
        (["二是在建功立业上突出", "“学用结合”。区总工会举办"], "二是在建功立业上突出“学用结合”。"),
    ],
)
def test_a_line_that_cannot_end_a_title_runs_on(lines, whole):
    assert whole in [s.text for s in segment_text(NARROW12 + "\n".join(lines) + "\n" + NARROW12).sentences]


def test_a_subtitle_under_a_title_is_a_unit_of_its_own():
    lead = "“日子再难，总有人替你撑一把伞。”说起这些年，沈秋月的眼圈红了。"
    text = NARROW12 + "一位单亲妈妈和她的“娘家”\n——记灌装车间女工沈秋月\n" + "\n".join(_wrap(lead, 12)) + "\n"
    assert [t for _, t in _units(text)][:3] == ["一位单亲妈妈和她的“娘家”", "——记灌装车间女工沈秋月", lead]


def test_in_clean_text_a_heading_of_up_to_25_characters_stands_alone():
    text = "注重激发潜能，持续擦亮女职工创新工作室品牌\n\n坚持把女职工创新工作室打造成为新平台。\n"
    assert [t for _, t in _units(text)] == ["注重激发潜能，持续擦亮女职工创新工作室品牌", "坚持把女职工创新工作室打造成为新平台。"]


def test_a_space_between_phrases_inside_quotes_stays_unless_the_page_is_justified():
    # a page copied from the web: the slogan's space is the writer's
    assert repair_text("公司推出“重疾险 关怀举措”，覆盖全体女职工。") == "公司推出“重疾险 关怀举措”，覆盖全体女职工。"
    # a space that splits a word goes, quotes or not
    assert repair_text("会议号召“女职工委 员会”全体委员参加。") == "会议号召“女职工委员会”全体委员参加。"
    # on a justified page spaces fall anywhere, inside quotes too: they go
    justified = "\n".join(["这是为了凑 足行数而写的正文内容，甲乙丙。"] * 8) + "\n市总工会开展“情系女职工 法在你身边”普法宣传活动。\n"
    assert "市总工会开展“情系女职工法在你身边”普法宣传活动。" in repair_text(justified)
    # in a title line, the space between two complete phrases stays (「险关」 is a word, but
    # fewer words split 重疾险|关怀举措 at the space)
    assert _units("重疾险 关怀举措\n\n公司为女职工投保。") == [("title", "重疾险 关怀举措"), ("text", "公司为女职工投保。")]


def test_a_title_of_two_full_lines_ends_before_the_byline_under_it():
    body = "西岭机场集团有女职工两千九百余人，安检、值机等岗位女职工占比超过六成。"
    text = "\n".join(["擦亮“钢轨玫瑰”品牌 让铁", "路女职工在一线绽放光彩", "姚欣蕊 中国铁路陇原局集", "团工会副主席"] + _wrap(body, 12)) + "\n" + NARROW12
    sentences = [s.text.replace(" ", "") for s in segment_text(text).sentences]
    assert sentences[:3] == ["擦亮“钢轨玫瑰”品牌让铁路女职工在一线绽放光彩", "姚欣蕊中国铁路陇原局集团工会副主席", body]


def test_side_by_side_columns_are_found_among_justified_lines_with_double_spaces():
    # justification left two spaces in every line of the single-column pages: they vote for
    # many widths, but only the true column width makes five lines in a row split
    at = [2, 11, 5, 13, 1, 8, 12, 3, 10, 6, 13, 2, 9, 4, 12]  # where justification put two spaces
    single = [line[: at[i % 15]] + "  " + line[at[i % 15] :] if i % 2 else line
              for i, line in enumerate(_wrap((LEFT + RIGHT) * 3, 14))]
    left, right = _wrap(LEFT, 14), _wrap(RIGHT, 14)
    rows = [a + "  " + b for a, b in zip(left, right)] + left[len(right) :]
    text = "\n".join(single) + "\n" + "\n".join(rows) + "\n"
    repaired = repair_text(text)
    assert repaired.endswith(LEFT + "\n\n" + RIGHT)
    assert (LEFT + RIGHT) * 3 in repaired.replace("\n", "")


def test_a_dash_at_the_end_of_a_short_line_ends_the_paragraph():
    text = NARROW12 + "这是一组数据——\n2023年，全省各级工会女职工组\n织从五个方面发力。\n"
    assert [t for _, t in _units(text)] == ["这是一组数据——", "2023年，全省各级工会女职工组织从五个方面发力。"]
    # a full line that ends in a dash runs on
    full = NARROW12 + "她把父亲留下的家训——\n不贪小利、不说空话——写在黑板上。\n"
    assert "她把父亲留下的家训——不贪小利、不说空话——写在黑板上。" in [t for _, t in _units(full)]


@pytest.mark.parametrize(
    "lines, title",
    [
        # a number and its unit are never split by a line end
        (["沄州市总工会关于开展2025", "年“三八”系列活动的通知"], "沄州市总工会关于开展2025年“三八”系列活动的通知"),
        # a document's title 「关于…」 goes on to its 「的通知」
        (["县总工会关于开展春风行动", "月活动的通知"], "县总工会关于开展春风行动月活动的通知"),
        # a union's name goes on with its committee
        (["山西省卫生健康系统工会", "女职工委员会完成换届"], "山西省卫生健康系统工会女职工委员会完成换届"),
    ],
)
def test_a_title_whose_first_line_cannot_end_it_goes_on(lines, title):
    lead = "本报讯（记者郭晓宁）1月16日，全省女职工委员会换届大会在太原召开。"
    text = "\n".join(lines + _wrap(lead, 11)) + "\n" + NARROW12
    assert title in [t.replace(" ", "") for _, t in _units(text)]


def test_one_of_is_not_an_enumerator():
    text = NARROW12 + "新当选的委员会委员之\n一是入厂三年的喷涂工许曼。\n"
    assert "新当选的委员会委员之一是入厂三年的喷涂工许曼。" in [t for _, t in _units(text)]
    # 一是 after a sentence still opens an item
    items = NARROW12 + "主要做法有三条。\n一是加强组织建设。\n"
    assert "一是加强组织建设。" in [t for _, t in _units(items)]


def test_a_notice_s_addressee_line_opens_a_unit_under_its_title():
    # a short page with a blank line after every line reads as hard-wrapped and double-spaced
    page = ("关于举办女教工健步走活动的通知\n\n各分工会：\n\n为庆祝“三八”节，校工会决定举办女教工健步走活动。\n\n"
            "一、活动内容：环校健步走5公里。\n\n二、报名：以分工会为单位报名。\n\n东陵农业大学工会\n\n2022年3月\n")
    assert [t for _, t in _units(page)][:2] == ["关于举办女教工健步走活动的通知", "各分工会："]


def test_word_lookups_by_set_equal_those_by_bisection(monkeypatch):
    from unionnlp.text import words

    probes = ["委员会", "她们", "工会", "会通", "女职工", "通讯员", "一", "", "不是词语", "女职"]
    by_bisection = [words.is_word(p) for p in probes]
    monkeypatch.setattr(words, "_lookups", words._SET_AFTER)  # the next lookup builds the set
    monkeypatch.setattr(words, "_set", None)
    assert [words.is_word(p) for p in probes] == by_bisection
    assert words._set is not None
    assert words.word_across("女职工委", "员会") and not words.word_across("集团工会", "通讯员")


def test_a_numbered_heading_whose_second_line_is_short_of_the_column_stays_whole():
    # 「巾帼建功的热情持续迸发」 is three characters short of a 14-character column: a column
    # line that stops there ends its paragraph, so it is the heading's end, not the first
    # line of the paragraph under it.
    text = NARROW + "二、搭建成长舞台\n巾帼建功的热情持续迸发\n" + "\n".join(
        _wrap("全省各级工会组织女职工参加劳动和技能竞赛四十二项，参赛女职工达一万三千人次。", 14)) + "\n"
    # (whether the line break becomes a space between the two phrases is the joiner's
    # business; here only where the units end is asked)
    assert [t.replace(" ", "") for _, t in _units(text)] == [
        "二、搭建成长舞台巾帼建功的热情持续迸发",
        "全省各级工会组织女职工参加劳动和技能竞赛四十二项，参赛女职工达一万三千人次。"]


def test_a_title_wider_than_the_column_is_not_wrapped_by_it():
    # Wider than the column by more than two characters: set across it, so its break is no
    # wrap, even when its first word reads like a speaker's name before a space.
    text = NARROW + "赛训结合 搭建青年女教师成长发展阶梯\n" + "\n".join(
        _wrap("市教育工会每两年举办一届青年女教师教学技能大赛，近三届参赛女教师达两千人次。", 14)) + "\n"
    assert [t for _, t in _units(text)] == ["赛训结合 搭建青年女教师成长发展阶梯",
                                            "市教育工会每两年举办一届青年女教师教学技能大赛，近三届参赛女教师达两千人次。"]


def test_a_subtitle_wider_than_the_column_is_no_rest_of_the_title_above_it():
    # the page's title on its first line, its subtitle set wider than the column under it
    text = "金融港楼宇女职工工作推进会召开\n让写字楼里的“她”找得到组织、用得上服务\n" + "\n".join(
        _wrap("本报讯（记者 顾宁）11月14日，金融港商务楼宇工会联合会召开楼宇女职工工作推进会。", 14)) + "\n" + NARROW
    units = [t for _, t in _units(text)]
    assert units[:2] == ["金融港楼宇女职工工作推进会召开", "让写字楼里的“她”找得到组织、用得上服务"]


def test_a_numbered_heading_with_a_comma_short_of_the_column_stands_alone():
    # Chinese characters only, three short of a 14-character column: the column did not
    # end it, so it is not the first line of the paragraph under it.
    text = NARROW + "二、立足岗位，亮出风采\n" + "\n".join(
        _wrap("一直以来，全市女职工在制造、商贸、医疗、教育等行业挑起了大梁，成为各行各业的骨干力量。", 14)) + "\n"
    assert [t for _, t in _units(text)] == [
        "二、立足岗位，亮出风采", "一直以来，全市女职工在制造、商贸、医疗、教育等行业挑起了大梁，成为各行各业的骨干力量。"]


@pytest.mark.parametrize("line", [
    "三是女职工活动经费主要依靠总工会",  # numbered: a point of a list, not a signature
    "王敏在总结时对新当选的女职工委员会",  # verbs and prepositions: a clause
])
def test_a_full_line_that_ends_in_a_union_but_reads_as_a_clause_runs_on(line):
    text = NARROW + line[:14] + "\n" + line[14:] + "要及时跟进，把工作落到实处。\n" if len(line) > 14 else \
        NARROW + line + "\n要及时跟进，把工作落到实处。\n"
    assert [t for _, t in _units(text)][-1] == line + "要及时跟进，把工作落到实处。"


def test_a_union_signing_alone_is_still_a_signature():
    text = NARROW + "青石县总工会女职工委员会\n2024年3月8日\n"
    assert [t for _, t in _units(text)][-2:] == ["青石县总工会女职工委员会", "2024年3月8日"]


def test_a_numbered_heading_wider_than_the_column_ends_at_the_blank_line_under_it():
    # blank lines only between paragraphs; the heading is one character wider than the
    # 14-character column, so the column did not wrap it
    para = _wrap("一直以来，全市女职工在制造、商贸、医疗、教育等行业挑起了大梁，成为各行各业的骨干力量。", 14)
    text = "\n\n".join(["\n".join(_wrap("这是为了凑足行数而写的正文。" * 8, 14)), "二、立足岗位，让巾帼力量看得见",
                       "\n".join(para)]) + "\n"
    assert [t for _, t in _units(text)][-2:] == [
        "二、立足岗位，让巾帼力量看得见", "一直以来，全市女职工在制造、商贸、医疗、教育等行业挑起了大梁，成为各行各业的骨干力量。"]


def test_a_data_line_whose_word_the_column_cut_runs_on():
    text = NARROW + "附件：青石县第三届女职\n工茶艺技能竞赛报名表\n"
    assert [t for _, t in _units(text)][-1] == "附件：青石县第三届女职工茶艺技能竞赛报名表"


def test_a_web_header_line_the_column_wrapped_at_a_field_is_one_line():
    # the header's fields fill the line, the next field goes on under it
    text = NARROW + "发布时间：2024-06-11 08:30\n点击量：318\n" + "\n".join(
        _wrap("青石县总工会日前举办女职工权益保护知识竞赛，三十二支代表队参加。", 14)) + "\n"
    assert [t for _, t in _units(text)][-2] == "发布时间：2024-06-11 08:30 点击量：318"


def test_a_notice_s_footer_fields_stay_one_a_line():
    text = NARROW + "抄送：县委办公室、县政府办\n分送：各乡镇（街道）总工会\n"
    assert [t for _, t in _units(text)][-2:] == ["抄送：县委办公室、县政府办", "分送：各乡镇（街道）总工会"]


def test_a_running_head_the_column_wrapped_is_not_joined_to_the_title_under_it():
    text = "青石职工报 2024年5月10日\n\n星期五 第3版 女工天地\n\n一位纺织女工和她的“娘家”\n\n" + "\n\n".join(
        _wrap("本报讯（记者 顾宁）" + "这是为了凑足行数而写的正文。" * 8, 14)) + "\n"
    units = [t for _, t in _units(text)]
    assert units[:2] == ["青石职工报 2024年5月10日 星期五 第3版 女工天地", "一位纺织女工和她的“娘家”"]


def test_a_numbered_heading_wider_than_the_column_stands_alone_even_if_a_word_seems_to_span():
    # 「…红线本」/「区总工会…」: 本区 is a word, but the heading is wider than the column
    para = _wrap("区总工会职工服务中心有位五十出头的志愿者周阿姐，专门替单身职工张罗终身大事。", 14)
    text = "\n\n".join(["\n".join(_wrap("这是为了凑足行数而写的正文。" * 8, 14)), "（一）一位“阿姐”和她的红线本",
                       "\n".join(para)]) + "\n"
    assert [t for _, t in _units(text)][-2:] == [
        "（一）一位“阿姐”和她的红线本", "区总工会职工服务中心有位五十出头的志愿者周阿姐，专门替单身职工张罗终身大事。"]


def test_a_news_lead_s_dateline_that_the_column_wrapped_runs_on_into_the_lead():
    text = NARROW + "本报讯（记者 顾宁\n通讯员 齐远）11月14\n日，青石县总工会女职工委员会换届选举大会在县职工服务中心召开。\n"
    assert [t for _, t in _units(text)][-1] == \
        "本报讯（记者顾宁通讯员齐远）11月14日，青石县总工会女职工委员会换届选举大会在县职工服务中心召开。"


@pytest.mark.parametrize("line", ["（2025年1月6日在市总工会女职工委员会全体会议上）", "（青石县总工会供稿）"])
def test_a_line_wholly_in_brackets_stands_alone(line):
    text = NARROW + line + "\n" + "\n".join(_wrap("2024年，市总工会女职委紧扣全市中心任务，各项工作取得新进展。", 14)) + "\n"
    assert [t for _, t in _units(text)][-2:] == [line, "2024年，市总工会女职委紧扣全市中心任务，各项工作取得新进展。"]


def test_a_line_that_opens_with_a_number_in_brackets_is_not_wholly_bracketed():
    from unionnlp.text.repair import _wholly_bracketed

    assert not _wholly_bracketed("（一）开展女职工委员会“回头看”（重点）")
    assert _wholly_bracketed("（2026年1月20日在局集团公司工会女职委全委会上）")


def test_an_indented_line_that_opens_with_a_short_enumeration_opens_a_paragraph():
    # 「　　全总、省总……」: a page that indents its paragraphs; 「全总、」 is no clause's tail
    body = _wrap("全总、省总女职委先后发出号召，倡导女职工写家书。学校工会随即在全校启动征集评选。", 14)
    text = "我校家书征集评选结果揭晓了啊\n" + "\n".join(
        ("　　" if i == 0 else "") + line for i, line in enumerate(body)) + "\n" + "\n".join(
        ("　　" if i == 0 else "") + line for i, line in enumerate(_wrap("这是为了凑足行数而写的正文。" * 8, 14))) + "\n"
    units = [t for _, t in _units(text)]
    assert units[:2] == ["我校家书征集评选结果揭晓了啊", "全总、省总女职委先后发出号召，倡导女职工写家书。学校工会随即在全校启动征集评选。"]


@pytest.mark.parametrize("lines, crumb", [
    (["当前位置：首页 > 基层频道", "> 创新创业"], "当前位置：首页 > 基层频道 > 创新创业"),
    (["首页 > 新闻中心 > 青石 >", "青石新闻"], "首页 > 新闻中心 > 青石 > 青石新闻"),
])
def test_a_breadcrumb_the_column_wrapped_at_its_separator_is_one_line(lines, crumb):
    text = "\n".join(lines) + "\n青石县总工会举办女职工技能比武\n" + "\n".join(
        _wrap("4月12日，青石县总工会举办女职工技能比武，六十名女职工参赛。" + "这是为了凑足行数而写的正文。" * 8, 14)) + "\n"
    units = [t for _, t in _units(text)]
    assert units[0].replace(" ", "") == crumb.replace(" ", "")
    assert units[1] == "青石县总工会举办女职工技能比武"


def test_a_title_under_a_masthead_ends_with_its_line_even_when_it_fills_the_column():
    # the masthead, not the title, is the page's first line; the title is as wide as the column
    text = "青石职工报 2024年5月10日\n青石县总工会开展维权活动啊\n" + "\n".join(
        _wrap("今年3月，青石县总工会借节日契机启动了一系列维权活动。" + "这是为了凑足行数而写的正文。" * 8, 14)) + "\n"
    units = [u.text for u in repair_units(text)]
    assert units[1] == "青石县总工会开展维权活动啊"
    assert units[2].startswith("今年3月，青石县总工会借节日契机启动了一系列维权活动。")


def test_a_news_leads_dateline_on_a_line_of_its_own_runs_on_into_the_lead():
    text = NARROW + "青石新闻网讯（记者 顾宁）\n4月22日，青石县迎来了巾帼劳模工匠大宣讲。\n"
    assert [t for _, t in _units(text)][-1] == "青石新闻网讯（记者顾宁）4月22日，青石县迎来了巾帼劳模工匠大宣讲。"


@pytest.mark.parametrize("lines, first", [
    (["发布时间：2024-03-08 来源：县总工会 作者：", "宋佳音"], "发布时间：2024-03-08 来源：县总工会 作者：宋佳音"),
    (["来源：青石网 分享到：", "青石网讯 4月22日，青石县总工会举办女职工读书会。"], "来源：青石网 分享到："),
    (["来源：青石县总工会 点击数：", "（资料图）"], "来源：青石县总工会 点击数："),
])
def test_an_empty_field_at_a_lines_end_takes_its_value_but_not_the_text_under_it(lines, first):
    text = NARROW + "\n".join(lines) + "\n" + "\n".join(_wrap("这是为了凑足行数而写的正文。" * 3, 14)) + "\n"
    units = [t for _, t in _units(text)]
    assert units[0].replace(" ", "") == first.replace(" ", "")


def test_a_full_line_that_ends_in_a_union_after_de_is_running_text():
    text = NARROW + "燃气集团和水务集团的工会\n先后发言，介绍了各自的做法。\n"
    assert [t for _, t in _units(text)][-1] == "燃气集团和水务集团的工会先后发言，介绍了各自的做法。"


@pytest.mark.parametrize("opener", ["3月5日，", "日前，", "今年3月，"])
def test_a_heading_as_wide_as_the_column_ends_above_a_paragraph_that_opens_as_a_news_lead(opener):
    lead = opener + "青石县女职工技能培育行动在县职工服务中心正式启动。"
    text = NARROW + "县总工会开展了一堂思政课。\n青石启动巾帼工匠培育行动啊\n" + "\n".join(_wrap(lead, 14)) + "\n" + NARROW
    units = [u.text for u in repair_units(text) if "凑足" not in u.text or u.text.startswith(opener)]
    assert units[:2] == ["县总工会开展了一堂思政课。", "青石启动巾帼工匠培育行动啊"]
    assert units[2].startswith(lead)


def test_a_heading_wider_than_the_column_is_not_joined_to_the_sentence_above_it():
    text = NARROW + "汇聚到高质量发展的新征程上。\n一束鲜花送到岗位上 “她风采”受礼赞\n节日期间，各级工会的同志走进一\n线，把鲜花送到女职工手中。\n" + NARROW
    units = [t for _, t in _units(text)]
    assert [u.replace(" ", "") for u in units[:2]] == ["汇聚到高质量发展的新征程上。", "一束鲜花送到岗位上“她风采”受礼赞"]


def test_a_text_written_a_paragraph_a_line_keeps_its_paragraphs_though_its_lines_are_alike():
    paragraphs = [
        "本报讯 3月5日，青石县总工会在县职工服务中心举办庆祝三八国际劳动妇女节活动，两百名女职工参加。",
        "活动倡导丈夫们在日常生活里多理解、多支持身边的女性，让相亲相爱、向上向善的家风在职工家庭中传开。",
        "据了解，线下活动之外，县总工会还在网上推出了主题海报展，接下来还将组织普法宣传和健康知识讲座。",
        "图为受邀的职工夫妻在台上参与互动游戏。",
        "县总工会今年还将为全县一线女职工开展免费体检，覆盖企业六十余家，惠及女职工三千余人。",
        "各乡镇工会同步开展走访慰问活动，倾听女职工的意见和建议，帮助困难女职工解决实际问题。",
    ]
    units = [u.text for u in repair_units("\n\n".join(paragraphs) + "\n")]
    assert units == paragraphs


@pytest.mark.parametrize("lines, whole", [
    (["来源：青石日报客户端 2023-01-10", "14:52"], "来源：青石日报客户端 2023-01-10 14:52"),
    (["2025年4月27日 来源：青石新闻网 编辑：", "王杨"], "2025年4月27日 来源：青石新闻网 编辑：王杨"),
    (["青石农业大学新闻网 > 青农", "要闻 > 正文"], "青石农业大学新闻网 > 青农要闻 > 正文"),
])
def test_a_data_line_or_breadcrumb_the_column_cut_is_one_line(lines, whole):
    text = NARROW + "\n".join(lines) + "\n" + "\n".join(_wrap("这是为了凑足行数而写的正文。" * 3, 14)) + "\n"
    units = [t for _, t in _units(text)]
    assert units[0].replace(" ", "") == whole.replace(" ", "")


def test_a_justified_full_line_of_two_phrases_is_a_paragraph_s_first_line_not_a_title():
    # on a justified page a justification space can fall between two phrases of a column line
    page = "\n".join(["这是为了凑足行 数而写的正文。"] * 8) + "\n"
    para = _wrap("参加这次知识竞赛的女职工普遍反映，把题目答一遍，自身的权益看得更清楚了。", 14)
    text = page + "参加这次知识竞赛的 女职工普遍\n" + "\n".join(para[1:]) + "\n" + page
    assert "参加这次知识竞赛的女职工普遍反映，把题目答一遍，自身的权益看得更清楚了。" in [t for _, t in _units(text)]


def test_a_union_s_name_that_fills_the_line_over_a_full_line_of_the_column_runs_on():
    text = NARROW + "青石县第二纺织厂女职工委员会\n" + "\n".join(_wrap("召开了女职工扩大会议，传达了市妇代会的精神，部署了全年工作。", 14)) + "\n"
    assert [t for _, t in _units(text)][-1] == "青石县第二纺织厂女职工委员会召开了女职工扩大会议，传达了市妇代会的精神，部署了全年工作。"
    # a signing over its date, a paragraph break, still stand alone
    dated = NARROW + "青石县第二纺织厂女职工委员会\n二〇二四年十二月二十八日\n"
    assert [t for _, t in _units(dated)][-2:] == ["青石县第二纺织厂女职工委员会", "二〇二四年十二月二十八日"]


@pytest.mark.parametrize("lines, whole", [
    (["来源：青石县第二纺织厂工会 发布", "时间：2024-06-11"], "来源：青石县第二纺织厂工会 发布时间：2024-06-11"),
    (["发布时 间：2024-06-11 08:30", "来源：青石县总工会"], "发布时间：2024-06-11 08:30 来源：青石县总工会"),
    (["来源：青石县邮政管理局工会", "时间：2024-07-31"], "来源：青石县邮政管理局工会 时间：2024-07-31"),
    (["浏览 次数： 作者：青石县总工", "会女 工委 发布日期：", "2024-06-11"], "浏览次数： 作者：青石县总工会女工委 发布日期：2024-06-11"),
])
def test_a_header_line_the_column_cut_in_a_field_s_name_or_before_its_date_is_one_line(lines, whole):
    text = NARROW + "\n".join(lines) + "\n" + "\n".join(_wrap("这是为了凑足行数而写的正文。" * 3, 14)) + "\n"
    units = [t for _, t in _units(text)]
    assert units[0].replace(" ", "") == whole.replace(" ", "")


@pytest.mark.parametrize("lines, units", [
    # a data line short of the column by more than two characters ends with its line
    (["来源：青石县纺织总工会", "分享："], ["来源：青石县纺织总工会", "分享："]),
    # a time that did not fit is a Latin token with its colon (17:25, not 17)
    (["发布时间：2024-03-08", "17:25 来源：青石网"], ["发布时间：2024-03-08 17:25 来源：青石网"]),
])
def test_a_data_line_runs_on_only_when_the_column_ended_it(lines, units):
    text = NARROW + "\n".join(lines) + "\n" + "\n".join(_wrap("这是为了凑足行数而写的正文。" * 3, 14)) + "\n"
    assert [t.replace(" ", "") for _, t in _units(text)][: len(units)] == [u.replace(" ", "") for u in units]


def test_an_indented_line_under_a_data_line_opens_a_paragraph_on_an_indenting_page():
    para = "\n".join(_wrap("这是为了凑足行数而写的正文。" * 3, 14))
    text = "　　" + para + "\n来源：青石县日报\n　　2025-03-11\n" + "　　" + para + "\n"
    assert [t for _, t in _units(text)] == ["来源：青石县日报", "2025-03-11"]


@pytest.mark.parametrize("heading", ["关心你们最切身的那些事", "为一线女职工办好十件实事"])
def test_a_heading_narrower_than_the_full_line_under_it_is_not_that_paragraph_s_first_line(heading):
    # in a column of 14 a heading of 11 or 12 counts as full (within a quarter of the column),
    # but the column did not end it: it would have taken the next character, as the line under
    # it did
    text = NARROW + heading + "\n" + "\n".join(_wrap("青石县总工会把法律咨询送进车间，女职工在岗位上就能问到律师。", 14)) + "\n" + NARROW
    units = [t for _, t in _units(text)]
    assert heading in units
    assert "青石县总工会把法律咨询送进车间，女职工在岗位上就能问到律师。" in units
    # a line as wide as the one under it runs on (a narrower column: the measured width overshoots)
    wrapped = NARROW + "青石县总工会把法律咨询送\n进车间女职工在岗位上就能\n问到律师。\n" + NARROW
    assert "青石县总工会把法律咨询送进车间女职工在岗位上就能问到律师。" in [t for _, t in _units(wrapped)]


def test_a_first_line_two_characters_short_is_no_heading_where_the_page_indents_first_lines():
    # Most papers print a paragraph's first line two characters in; extraction drops the indent,
    # so every first line is two characters short of the line under it (seed 003's columns)
    paragraphs = ["青石县总工会今年为一线女职工办理了特殊疾病互助保障，覆盖全县六十家企业。",
                  "县总工会女职委把法律咨询送进车间，女职工在岗位上就能问到律师，全年解答两百余人次。",
                  "县总工会还在工业园区新建爱心妈妈小屋十二家，全部配齐冰箱和休息床位。",
                  "各乡镇工会同步开展走访慰问活动，倾听女职工的意见和建议并逐条回复落实到位。"]
    lines = []
    for text in paragraphs:
        lines += [text[:12]] + _wrap(text[12:], 14)
    units = [t for _, t in _units(NARROW + "\n".join(lines) + "\n")]
    assert units[-4:] == paragraphs


def test_header_items_beside_the_right_column_s_first_lines_are_split_too():
    # the page's top read across: the left column opens with a site's name, a short half beside
    # the right column's first line, a paragraph's end (both halves short: no row by width)
    right = ["让女职工安心工作。"] + _wrap(LONG_RIGHT, 14)
    left = _wrap(LONG_LEFT, 14)[: len(right) - 1]
    rows = ["青石新闻网  " + right[0]] + [a + "  " + b for a, b in zip(left, right[1:])]
    units = [t.replace(" ", "") for _, t in _units(NARROW + "\n".join(rows) + "\n")]
    assert "".join(units).endswith("青石新闻网" + "".join(left) + "".join(right))
    assert "让女职工安心工作。" in units


def test_a_short_last_row_beside_the_right_column_s_last_line_is_split_too():
    # the left column's paragraph ends beside the right column's last line, an editor's name
    left, right = _wrap(LONG_LEFT, 14)[:10], _wrap(LONG_RIGHT, 14)[:10]
    rows = [a + "  " + b for a, b in zip(left, right)] + ["行动。  责任编辑：王芳"]
    units = [t.replace(" ", "") for _, t in _units(NARROW + "\n".join(rows) + "\n")]
    assert "".join(units).endswith("".join(left) + "行动。" + "".join(right) + "责任编辑：王芳")


def test_the_left_column_s_rest_runs_to_the_page_s_end_when_its_last_row_runs_on():
    # the right column (the text's end) is five lines; the left one runs on under the rows for
    # six more: its rest comes whole before the right column
    left, right = _wrap(LONG_LEFT, 14), _wrap(RIGHT, 14)
    rows = [a + "  " + b for a, b in zip(left, right)] + left[len(right):]
    assert len(left) - len(right) > len(right) and not left[len(right) - 1].endswith("。")
    assert [t for _, t in _units(NARROW + "\n".join(rows) + "\n")] == [LONG_LEFT, RIGHT]


def test_a_heading_after_a_sentence_s_end_that_counts_as_full_is_not_joined_to_it():
    # the paragraph above ends with a sentence on a line of 14 (full), and the heading of 11 counts
    # as full in a column of 14; it is narrower than the full line under it, so the column did not
    # end it: a heading of its own, neither the paragraph's end nor the next one's first line
    above = "县总工会今年把爱心妈妈小屋当作一项暖心工程，全县建成小屋四十二家，是格外亮眼的一项。"
    body = "一位巾帼劳模说，她们都是普通人，干的也是平凡事，只要把每件事做好，就能成就不平凡的事业。"
    text = NARROW + "\n".join(_wrap(above, 14)) + "\n女职工思想引领落到实处\n" + "\n".join(_wrap(body, 14)) + "\n" + NARROW
    assert [t for _, t in _units(text)] == [above, "女职工思想引领落到实处", body]


@pytest.mark.parametrize("title", ["我校女教职工写一封家书征集评选结果揭晓", "征集评选结果揭晓"])
def test_a_short_clause_after_a_blank_line_does_not_join_a_line_the_column_did_not_end(title):
    # 「全总、」 reads as the tail of a cut clause, but a title wider than the column or short of
    # it, and a paragraph break under it, say the paragraph opens there
    para = "全总、省总女职委和省教育工会女教职工委员会先后发出号召，倡导女职工写家书，全校女教职工踊跃参加。"
    text = NARROW + "\n" + title + "\n\n" + "\n".join(_wrap(para, 14)) + "\n\n" + NARROW
    assert [t for _, t in _units(text)] == [title, para]


def test_a_short_last_column_beside_the_page_s_top_is_read_after_the_left_column():
    # three rows read across: the left column's header items (a site's name, the title, a date
    # line) beside the right column, the text's last three lines; the left column runs on under
    # them to the page's end.  Too few rows for a run of columns of like widths, but every row is
    # wider than the text's column, which no line of one column is
    end = "下一步，县总工会将把女职工权益维护纳入年度考核，让女职工在岗位上安心工作。"
    right = _wrap(end, 14)
    left = ["青石新闻网", "关爱行动全面推开", "发布时间：2025-03-11"] + _wrap(LONG_LEFT, 14)
    rows = [a + "  " + b for a, b in zip(left, right)] + left[len(right):]
    assert [t for _, t in _units("\n".join(rows) + "\n")] == [
        "青石新闻网", "关爱行动全面推开", "发布时间：2025-03-11", LONG_LEFT, end]


def test_a_line_wider_than_the_column_before_a_blank_line_ends_its_unit():
    # a headline set across the columns, with a comma in it (it reads as running text): the column
    # did not end it, so the blank line under it is a paragraph break, not a column break
    title = "青石县总工会举办团拜会，女职工欢聚"  # 34 wide in a column of 28: not overwide (37)
    body = "团拜会开场后，县总工会代表公布了几项春节暖心政策，包括发放返乡车补和推出守护计划。"
    text = NARROW + "\n" + title + "\n\n" + "\n".join(_wrap(body, 14)) + "\n\n" + NARROW
    assert [t for _, t in _units(text)] == [title, body]


@pytest.mark.parametrize("lines, units", [
    # the line is full, and the next field's first character would not have fitted on it
    (["来源：青石县总工会女职工部", "编辑：顾宁"], ["来源：青石县总工会女职工部 编辑：顾宁"]),
    (["作者：顾宁 编辑：沈知微 阅读", "量：318"], ["作者：顾宁 编辑：沈知微 阅读量：318"]),
    # 「编」 would have fitted after 「…宣传部」: the column did not end that line
    (["来源：青石县总工会宣传部", "编辑：顾宁"], ["来源：青石县总工会宣传部", "编辑：顾宁"]),
])
def test_a_header_line_wraps_before_an_editor_s_field_only_where_that_field_did_not_fit(lines, units):
    text = NARROW + "\n".join(_wrap("这是为了凑足行数而写的正文。" * 3, 14)) + "\n" + "\n".join(lines) + "\n"
    assert [t.replace(" ", "") for _, t in _units(text)][-len(units):] == [u.replace(" ", "") for u in units]


def test_a_numbered_paragraph_whose_third_full_line_has_a_comma_is_not_a_heading():
    lines = ["（二）对特困户、单亲困难、伤", "残女职工和生活困难的外来女工", "家属，各级女职委在节日期间要", "主动关心、帮助。"]
    para = _wrap("全县各级工会在三月里深入企业，开展宣讲二十余场，覆盖女职工三千余人。", 14)
    text = NARROW + "\n".join(lines + para) + "\n"
    assert [t for _, t in _units(text)] == ["".join(lines), "".join(para)]
    # a numbered heading set as two lines still ends with them
    heading = ["（二）持续深化普法宣传教育工", "作提升女职工法治素养"]
    text = NARROW + "\n".join(heading + para) + "\n"
    assert [t for _, t in _units(text)] == ["".join(heading), "".join(para)]


def test_a_full_line_ending_in_a_position_after_a_sentence_runs_on_to_the_name():
    # a justification space after two characters does not make the paragraph a speaker's byline
    lines = ["首届 委员会共有成员十三人。主", "任由县直机关工委的工会主席", "张素敏担任。"]
    text = NARROW + "\n".join(_wrap("这是为了凑足行数而写的正文。" * 3, 14)) + "\n" + "\n".join(lines) + "\n"
    assert [t for _, t in _units(text)][-1] == "首届委员会共有成员十三人。主任由县直机关工委的工会主席张素敏担任。"


def test_a_line_ending_in_a_union_after_an_adverb_and_a_preposition_is_no_signature():
    # 「已由」 (already, by): a clause the column cut before its verb, not a union signing
    text = NARROW + "“巾帼护航·法护女职工”权益\n保障行动已由青石县总工会\n全面启动，为女职工保驾护航。\n"
    assert [t for _, t in _units(text)] == ["“巾帼护航·法护女职工”权益保障行动已由青石县总工会全面启动，为女职工保驾护航。"]


def test_a_title_of_chinese_characters_short_of_the_column_is_not_cut_from_a_clause_across_a_blank_line():
    # 11 characters in a 14-character column (it counts as full, but its width is exact): the
    # column did not end it, so 「全总、」 under the blank line opens a paragraph
    text = NARROW + "女职工家书评选结果揭晓\n\n" + "\n".join(_wrap("全总、省总女职委先后发出号召，倡导女职工写家书。", 14)) + "\n"
    assert [t for _, t in _units(text)] == ["女职工家书评选结果揭晓", "全总、省总女职委先后发出号召，倡导女职工写家书。"]


def test_a_numbered_heading_with_a_half_width_comma_short_of_the_column_stands_alone():
    # the half-width comma is counted a full character wide: still three short of the column
    text = NARROW + "二、立足岗位,亮出风采\n" + "\n".join(
        _wrap("一直以来，全市女职工在制造、商贸、医疗、教育等行业挑起了大梁，成为各行各业的骨干力量。", 14)) + "\n"
    assert [t for _, t in _units(text)] == [
        "二、立足岗位，亮出风采", "一直以来，全市女职工在制造、商贸、医疗、教育等行业挑起了大梁，成为各行各业的骨干力量。"]


def test_a_numbered_heading_wider_than_the_column_stands_alone_without_a_blank_line():
    # three characters wider than the 14-character column: not a line the column wrapped
    text = NARROW + "一、抓住两头，提升女教职工的综合素质\n" + "\n".join(
        _wrap("教育要办出质量，先得有过硬的教师。我们把师德和师能建设放在一起抓。", 14)) + "\n"
    assert [t for _, t in _units(text)] == [
        "一、抓住两头，提升女教职工的综合素质", "教育要办出质量，先得有过硬的教师。我们把师德和师能建设放在一起抓。"]


def test_a_space_inside_a_quoted_slogan_does_not_make_a_full_line_a_title():
    text = NARROW + "“绽芳华 新征程”全市女职工\n读书活动就此举办，为单身青年牵线。\n"
    assert [t.replace(" ", "") for _, t in _units(text)] == ["“绽芳华新征程”全市女职工读书活动就此举办，为单身青年牵线。"]


def test_a_heading_short_of_the_column_after_a_sentence_s_end_stands_alone():
    # no number, a comma in it, three characters short of the 14-character column, under a
    # line that ends a sentence: a heading the column did not end
    text = NARROW + "情满半边天，关爱在身边\n" + "\n".join(
        _wrap("校女工委成立于一九九零年，到今年已经走过二十四个年头。", 14)) + "\n"
    assert [t for _, t in _units(text)] == ["情满半边天，关爱在身边", "校女工委成立于一九九零年，到今年已经走过二十四个年头。"]


def test_a_numbered_line_as_wide_as_the_column_runs_on_into_a_short_clause_and_its_stop():
    text = NARROW + "（二）用人单位举办福利性托\n育服务的情况。了解各单位为\n职工提供托育服务的情况。\n"
    assert [t for _, t in _units(text)] == ["（二）用人单位举办福利性托育服务的情况。了解各单位为职工提供托育服务的情况。"]


@pytest.mark.parametrize("lines", [
    ["家庭标准有四条。一是守法；", "二是勤俭持家；三是尊老爱幼；", "四是爱岗敬业、学习进取。"],
    ["这次办班的目的主要有两个：", "一是帮助女职工干部提高能力，", "二是推动规定的学习和贯彻。"],
])
def test_the_points_of_a_list_inside_a_paragraph_run_on(lines):
    text = NARROW + "\n".join(lines) + "\n"
    assert [t for _, t in _units(text)] == ["".join(lines)]


def test_a_title_of_chinese_characters_two_wider_than_the_column_stands_alone():
    text = NARROW + "新时期青石县女职工状况调查及思考\n" + "\n".join(
        _wrap("建设现代化国家的主力军中，女职工是不可或缺的一部分，作用十分重要。", 14)) + "\n"
    assert [t for _, t in _units(text)] == [
        "新时期青石县女职工状况调查及思考", "建设现代化国家的主力军中，女职工是不可或缺的一部分，作用十分重要。"]


@pytest.mark.parametrize("lines, units", [
    # fields under other names than 来源/编辑 are a data line too: the empty field takes its value
    (["拟稿人：顾宁　核稿人：", "沈知微　来源：青石县总工会"], ["拟稿人：顾宁　核稿人：沈知微　来源：青石县总工会"]),
    # a share button's label at the end waits for no value: the title under it is its own
    (["栏目：动态　分享到：", "县总工会启动维权月"], ["栏目：动态　分享到：", "县总工会启动维权月"]),
])
def test_a_web_page_s_data_line_under_other_field_names(lines, units):
    text = NARROW + "\n".join(lines) + "\n" + "\n".join(_wrap("这是为了凑足行数而写的正文。" * 3, 14)) + "\n"
    assert [t.replace(" ", "").replace("　", "") for _, t in _units(text)][: len(units)] == [
        u.replace("　", "") for u in units]


@pytest.mark.parametrize("lines, units", [
    # 25 wide, the full-width space left at its end (2) and 「编」 (2) would not have fitted in 28
    (["发布日期：2024-06-20 9:30　", "编辑：顾宁"], ["发布日期：2024-06-20 9:30 编辑：顾宁"]),
    # a full-width space inside the line is the line's own (26 wide with it): a space and 「编」 did not fit
    (["来源：青石　发布于2024-3-9", "编辑：顾宁"], ["来源：青石　发布于2024-3-9 编辑：顾宁"]),
    # with a space of one (the extractor's default) 「编」 would have fitted after 25
    (["发布日期：2024-06-20 9:30", "编辑：顾宁"], ["发布日期：2024-06-20 9:30", "编辑：顾宁"]),
])
def test_the_space_between_two_fields_counts_at_its_width_where_the_column_cut_a_header_line(lines, units):
    text = NARROW + "\n".join(_wrap("这是为了凑足行数而写的正文。" * 3, 14)) + "\n" + "\n".join(lines) + "\n"
    assert [t.replace(" ", "").replace("　", "") for _, t in _units(text)][-len(units):] == [
        u.replace(" ", "").replace("　", "") for u in units]


def test_a_data_line_whose_word_the_column_cut_runs_on_into_a_union_s_name():
    # the rest ends in 工会 (a signing's shape), but the column cut the word 有限
    text = NARROW + "来源：青石县第二纺织有\n限公司工会\n" + "\n".join(_wrap("这是为了凑足行数而写的正文。" * 3, 14)) + "\n"
    assert [t for _, t in _units(text)][0] == "来源：青石县第二纺织有限公司工会"


@pytest.mark.parametrize("lines, units", [
    # 28 wide: the next button's bracket (no space before it) did not fit in the column of 28
    (["【来源：县工会】【打印本页】", "【关闭】"], ["【来源：县工会】【打印本页】【关闭】"]),
    # 24 wide: 「【关闭】」 would have fitted
    (["【来源：县工会】【打印】", "【关闭】"], ["【来源：县工会】【打印】", "【关闭】"]),
    # a breadcrumb's head, the column cut in its first item (宣传)
    (["您现在的位置：县总工会宣", "传 > 新闻动态"], ["您现在的位置：县总工会宣传 > 新闻动态"]),
])
def test_a_row_of_buttons_or_a_breadcrumb_the_column_cut_is_one_line(lines, units):
    text = NARROW + "\n".join(_wrap("这是为了凑足行数而写的正文。" * 3, 14)) + "\n" + "\n".join(lines) + "\n"
    assert [t.replace(" ", "") for _, t in _units(text)][-len(units):] == [u.replace(" ", "") for u in units]


def test_a_row_of_buttons_the_column_cut_at_an_opening_bracket_is_one_line():
    # the first line ends with an opening bracket (no button row of its own), the second is a data
    # line: what follows it is the row's rest all the same
    lines = ["【保存】【打印】【分享】【", "关闭】【我要留言】【推荐】", "【返回首页】"]
    text = NARROW + "\n".join(_wrap("这是为了凑足行数而写的正文。" * 3, 14)) + "\n" + "\n".join(lines) + "\n"
    assert [t for _, t in _units(text)][-1] == "".join(lines)


@pytest.mark.parametrize("lines, units", [
    # two full-width spaces between the fields (4): 24 + 4 + 「编」 does not fit in 28, 24 + 2 + 2 would
    (["来源：青石县总工会宣传部　　", "编辑：顾宁"], ["来源：青石县总工会宣传部　　编辑：顾宁"]),
    (["来源：青石县总工会宣传部　", "　编辑：顾宁"], ["来源：青石县总工会宣传部　　编辑：顾宁"]),
    (["来源：青石县总工会宣传部　", "编辑：顾宁"], ["来源：青石县总工会宣传部", "编辑：顾宁"]),
    # an editor's fields under other names sit in one header line too (26 wide: a space and 「审」 did not fit)
    (["编稿：县总工会女工部　顾宁", "审稿：沈知微"], ["编稿：县总工会女工部　顾宁　审稿：沈知微"]),
])
def test_the_space_the_column_cut_a_header_line_at_counts_whole(lines, units):
    text = NARROW + "\n".join(_wrap("这是为了凑足行数而写的正文。" * 3, 14)) + "\n" + "\n".join(lines) + "\n"
    assert [t.replace(" ", "").replace("　", "") for _, t in _units(text)][-len(units):] == [
        u.replace(" ", "").replace("　", "") for u in units]


@pytest.mark.parametrize("lines, units", [
    # 24 wide: the year (4) did not fit in the column of 28 (within two characters)
    (["来源：《青石县职工日报》", "2016年3月7日"], ["来源：《青石县职工日报》2016年3月7日"]),
    # 14 wide: it would have fitted, the date is a line of its own
    (["来源：青石日报", "2016年3月7日"], ["来源：青石日报", "2016年3月7日"]),
])
def test_a_date_under_a_data_line_is_its_rest_only_where_it_did_not_fit(lines, units):
    text = NARROW + "\n".join(_wrap("这是为了凑足行数而写的正文。" * 3, 14)) + "\n" + "\n".join(lines) + "\n"
    assert [t.replace(" ", "") for _, t in _units(text)][-len(units):] == units
