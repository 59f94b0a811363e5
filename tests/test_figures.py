"""Figures: numbers with their units and what they count (hand-written expectations)."""

from __future__ import annotations

import sys

import pytest

from unionnlp.briefs.figures import Figure, dedupe_figures, extract_figures, figure_number


def _triples(text: str) -> list[tuple[str, str, str]]:
    return [(f.value, f.unit, f.what) for f in extract_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # subject + 达 + figure
        ("全省“工会妈妈小屋”达 4923 家，全部实现数字化管理。", [("4923", "家", "工会妈妈小屋")]),
        # subject right before the figure; magnitude and approximation
        (
            "全省签订女职工权益保护专项集体合同企业 3.8 万余家。",
            [("3.8万余", "家", "签订女职工权益保护专项集体合同企业")],
        ),
        # verb + object + figure: what was done, with its verb; the scope (全省各级工会组织) goes
        (
            "5 年来，全省各级工会组织举办相亲交友活动 1052场，参与职工近 13万人，达成牵手意向 5585对。",
            [("1052", "场", "举办相亲交友活动"), ("近13万", "人", "参与职工"), ("5585", "对", "达成牵手意向")],
        ),
        # classifier + noun after the figure
        (
            "联合省人社厅等单位培育宣传 40 个齐鲁家庭友好型工作场所，发布 12 个典型案例。",
            [("40", "个", "齐鲁家庭友好型工作场所"), ("12", "个", "典型案例")],
        ),
        # 余 before the magnitude, 人次 preferred over 人
        ("5年来，全市新建和提升母婴室 295 家，服务女职工 180 余万人次。",
         [("295", "家", "新建和提升母婴室"), ("180余万", "人次", "服务女职工")]),
        # money and percentages
        # the magnitude belongs to the value: 2亿 元
        ("设立 2亿元关爱基金。", [("2亿", "元", "关爱基金")]),
        ("目前，全省女技术工人 45 万人，占全省技术工人的 32%。",
         [("45万", "人", "女技术工人"), ("32", "%", "占全省技术工人")]),
        ("单场活动牵手率高达 29.3%。", [("29.3", "%", "单场活动牵手率")]),
        # 超 before the number belongs to the value
        ("在全国巡回开展超 50场主题宣讲", [("超50", "场", "主题宣讲")]),
        # a quoted name after the classifier
        ("对现有2620家“母婴关爱室”信息进行更新核对", [("2620", "家", "母婴关爱室")]),
    ],
)
def test_extract_figures(text, expected):
    assert _triples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # issue 16's shapes, on invented sentences: what the number counts, from its clause
        ("全年受理女职工法律援助2428件。", [("2428", "件", "受理女职工法律援助")]),
        ("大会表彰先进集体和个人2200名。", [("2200", "名", "大会表彰先进集体和个人")]),
        ("建成爱心母婴室35家，且全部投入使用。", [("35", "家", "建成爱心母婴室")]),
        ("建成爱心母婴室35家且全部投入使用。", [("35", "家", "建成爱心母婴室")]),
        ("12家企事业单位入选全国爱心托育用人单位。", [("12", "家", "企事业单位入选全国爱心托育用人单位")]),
        ("组织开展的女职工普法宣传月活动覆盖329万人。", [("329万", "人", "女职工普法宣传月活动覆盖")]),
        ("全年办理法律援助案件1630宗。", [("1630", "宗", "办理法律援助案件")]),
        ("现场发放宣传资料200余份。", [("200余", "份", "现场发放宣传资料")]),
        ("成功调解劳动争议12起。", [("12", "起", "成功调解劳动争议")]),
        ("开展普法活动2300余场次、覆盖女职工77万余人次。",
         [("2300余", "场次", "开展普法活动"), ("77万余", "人次", "覆盖女职工")]),
        # the number opens its clause: its predicate says what it counts
        ("会上，6人当选常务委员。", [("6", "人", "当选常务委员")]),
        # numbers in words
        ("会上颁发了三项上级荣誉。", [("三", "项", "上级荣誉")]),
        ("全局六千多名女职工参加。", [("六千多", "名", "女职工参加")]),
        ("活动吸引了近千名女职工参与。", [("近千", "名", "女职工")]),
        # a noun after a preposition, a list of figures, a part of a total
        ("为120对新人举办集体婚礼。", [("120", "对", "新人")]),
        ("上半年，已有4批次、300余人次澳门职工来江参观交流。",
         [("4", "批次", "澳门职工来江参观交流"), ("300余", "人次", "澳门职工来江参观交流")]),
        ("共征集建议39条，其中家庭育儿方面18条。",
         [("39", "条", "征集建议"), ("18", "条", "家庭育儿方面（征集建议）")]),
        ("女职工创新工作室占比由2018年的20%提高到2022年的38%。",
         [("20", "%", "女职工创新工作室占比"), ("38", "%", "女职工创新工作室占比")]),
        # fourth session's shapes: an age before 的, names before the number, a list's next
        # item after 和, a short modifier listed before 、
        ("分三批组织150名8岁至12岁的职工子女参加夏令营。",
         [("三", "批", "组织150名8岁至12岁的职工子女参加夏令营"), ("150", "名", "职工子女")]),
        ("大会选出主任1名，另有李芳等5人当选委员。", [("1", "名", "大会选出主任"), ("5", "人", "当选委员")]),
        ("王红、刘静、陈敏三人当选。", [("三", "人", "当选")]),
        ("共获一等奖1个、二等奖3个和优秀奖4个。",
         [("1", "个", "获一等奖"), ("3", "个", "二等奖"), ("4", "个", "优秀奖")]),
        ("全县建成12个省、市级巾帼文明岗示范点。", [("12", "个", "省、市级巾帼文明岗示范点")]),
    ],
)
def test_descriptions_from_the_clause(text, expected):
    assert _triples(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2023年5月的线上交友活动中",  # dates
        "4月26日在京召开。",
        "围绕打造“15 分钟工会服务圈”",  # a duration
        "中华全国总工会第八届女职工委员会第一次会议",  # ordinals
        "针对 90 后青年职工特点",  # an age group
        "依托12351平台启动",  # a number without a unit
        "提供7×24小时问诊服务",  # a product, not a count
        "5 年来，成效明显。",
        "拨打热线电话0371-63912345咨询。",  # a phone number
        "前三名直接晋升一级技能等级。",  # a ranking
        "在5个工作日内上门协调处理。",  # a duration
        "保障女职工每两小时休息一次。",  # a rate
        "保证女职工连续夜班不超过两个。",  # a limit
        "“三期”女职工权益得到保障。",  # a name
        "一是强化思想引领。",  # an enumerator
        "牵头三方四家联合下发文件。",  # a name
        "千家万户受益。",  # an idiom
    ],
)
def test_not_figures(text):
    assert extract_figures(text) == []


def test_a_range_is_one_figure():
    (figure,) = extract_figures("为优秀子女提供 5000元～1万元不等的助学奖励")
    assert (figure.value, figure.unit, figure.text) == ("5000～1万", "元", "5000元～1万元")


def test_spans_point_into_the_text():
    text = "培育宣传 40 个齐鲁家庭友好型工作场所；全省“工会妈妈小屋”达 4923 家。"
    figures = extract_figures(text)
    assert [text[f.start : f.end] for f in figures] == [f.text for f in figures] == ["40 个", "4923 家"]
    assert figures[1].clause == "全省“工会妈妈小屋”达 4923 家"
    assert figures[1].label == "4923家"


@pytest.mark.parametrize(
    ("value", "number"),
    [("4923", 4923.0), ("3.8万余", 38000.0), ("180余万", 1_800_000.0), ("2", 2.0), ("超1.1亿", 110_000_000.0),
     ("5000～1万", 5000.0)],
)
def test_figure_number(value, number):
    assert figure_number(value) == pytest.approx(number)


def test_dedupe_keeps_distinct_things_with_the_same_value():
    a = extract_figures("开展普法活动2300余场次，开展女职工心理关爱活动2300余场次。")
    assert [f.what for f in a] == ["开展普法活动", "开展女职工心理关爱活动"]
    assert len(dedupe_figures(a)) == 2


def test_dedupe_merges_repeats():
    figures = extract_figures("全省“工会妈妈小屋”达4923家。") + extract_figures("全省“工会妈妈小屋”达 4923 家，全部实现数字化管理。")
    kept = dedupe_figures(figures)
    assert [(f.label, f.what) for f in kept] == [("4923家", "工会妈妈小屋")]
    assert isinstance(kept[0], Figure)


def test_pure_python():
    # figures is a bottom-layer module: it must not pull in numpy, jieba or the package's heavier modules.
    import subprocess

    code = "import sys, unionnlp.briefs.figures; print(sorted(m for m in ('numpy','jieba','unionnlp.themes.classify') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
