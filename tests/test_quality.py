"""What may be a bullet: sentence kinds, connectives, clauses, facts and the splice score
(hand-written, invented sentences of the shapes reports have)."""

from __future__ import annotations

import pytest

from unionnlp.briefs.quality import (
    activity_phrases,
    bigram_counts,
    ends_sentence,
    generality,
    is_fact,
    is_intent,
    sentence_kind,
    splice_count,
    split_clauses,
    starts_with_connective,
    strip_lead,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("市总工会开展女职工普法宣传月活动，发放宣传资料200余份。", "statement"),
        ("会议增补市总工会女职工委员会副主任1人，表彰先进集体和个人860名。", "statement"),
        ("五年筑梦路，驿站暖人心！", "slogan"),  # a slogan
        ("拓宽源头维权渠道，筑牢女职工权益“安全网”", "fragment"),  # a subhead, no full stop
        ("强化法治宣传，让维权意识强起来。", "heading"),  # a subhead that has one
        ("力促政策措施精准到位。", "heading"),
        ("调查显示，女职工占比达到四成。", "statement"),  # a finding, not a subhead
        ("图为女职工在爱心驿站休息。", "furniture"),  # a caption
        ("本报记者 张三 摄", "furniture"),  # a credit
        ("好的社会环境。", "fragment"),  # the tail of a broken sentence
        ("心援”的女职工劳动权益全链条联合保护新模式。", "damaged"),  # a closing quote alone
        ("“工会的帮助让我重新找到了工作。”", "quotation"),
        ("另一家企业工会主席王强说：“我们厂今年也建成了母婴室。”", "quotation"),
        ("该区总工会相关负责人表示。", "quotation"),
        ("在座谈会上，某医院党总支副书记、院长李某汇报了医院的基本情况和妇产科的发展历程。", "quotation"),
        ("区总工会党组书记、副主席王某带队慰问医院妇产科医护人员，并颁发奖牌与证书。", "statement"),
        ("我们要针对存在的问题，进一步加大工作力度，推动女职工工作再上新台阶。", "demand"),
        ("会议要求，各级工会要强化思想引领，团结带领广大女职工听党话、跟党走。", "demand"),
        ("要坚持需求导向，履行好维权服务女职工基本职责。", "demand"),
        ("孙某鼓励广大医护人员立足岗位，加强业务历练，不断提升服务能力。", "demand"),
        ("5月18日，北京职工婚姻家庭建设协会（以下简称“北京职工婚协”）召开三届四次会员大会。", "statement"),
    ],
)
def test_sentence_kind(text, kind):
    assert sentence_kind(text) == kind


def test_a_short_enumerated_line_is_a_heading():
    assert sentence_kind("经费保障，规范化推进阵地建设。", enumerated=True) == "heading"
    assert sentence_kind("点线结合，破解公共场所哺乳难问题。", enumerated=True) == "heading"  # 公共 is not 共
    assert sentence_kind("全市新建爱心母婴室35家。", enumerated=True) == "statement"


@pytest.mark.parametrize(
    ("text", "stripped", "points_back"),
    [
        ("同时，市总工会推动签订女职工权益保护专项集体合同960份。", "市总工会推动签订女职工权益保护专项集体合同960份。", False),
        ("此外，市总工会为困难女职工发放帮扶资金56万元。", "市总工会为困难女职工发放帮扶资金56万元。", False),
        ("此外，还为困难女职工发放帮扶资金56万元。", "为困难女职工发放帮扶资金56万元。", False),
        ("对此，市总工会联合人社部门开展专项检查。", "市总工会联合人社部门开展专项检查。", False),
        ("为此，院工会今年暑假首次开办职工子女托管班。", "院工会今年暑假首次开办职工子女托管班。", False),
        ("与此同时，慰问团一行还慰问了两家医院的医护人员。", "慰问团一行还慰问了两家医院的医护人员。", False),
        ("二是强化法治宣传，让维权意识强起来。", "强化法治宣传，让维权意识强起来。", False),
        ("本报讯（记者 周明）近日，市总工会召开女职工工作会议。", "近日，市总工会召开女职工工作会议。", False),
        ("其中，12家企事业单位入选省级示范点。", "其中，12家企事业单位入选省级示范点。", True),
        ("这一做法得到了职工的普遍欢迎。", "这一做法得到了职工的普遍欢迎。", True),
        ("同样获评“巾帼标兵”的还有王某。", "同样获评“巾帼标兵”的还有王某。", True),
        ("同时段开放的驿站有12个。", "同时段开放的驿站有12个。", False),  # 同时段 is no connective
        ("张春梅创新工作室推动广东电网中山供电局加快数字化转型。", "张春梅创新工作室推动广东电网中山供电局加快数字化转型。", False),
    ],
)
def test_strip_lead(text, stripped, points_back):
    assert strip_lead(text) == (stripped, points_back)
    assert not starts_with_connective(strip_lead(text)[0])


def test_ends_sentence():
    assert ends_sentence("全省建成小屋4923家。")
    assert ends_sentence("“我们会继续努力。”")
    assert not ends_sentence("五年来，全市新建和提升母婴室295家，服务女职工180余银行、景区等公共场所推进母婴室广")


def test_split_clauses():
    text = "在思想引领上，组织宣讲120场；在建功立业上，举办竞赛8项；在权益维护上，签订合同960份。"
    spans = split_clauses(text)
    assert [text[a:b] for a, b in spans] == ["在思想引领上，组织宣讲120场", "在建功立业上，举办竞赛8项",
                                             "在权益维护上，签订合同960份。"]
    assert split_clauses("一是建机制，二是强保障，三是优服务。") == [(0, 5), (6, 11), (12, 18)]
    assert split_clauses("全年建成小屋35家。") == [(0, 10)]


def test_facts_and_intentions():
    assert is_fact("全年受理法律援助案件1630宗。", True) == 1.0
    assert is_fact("市总工会举办普法宣传咨询活动。", False) == 0.5
    assert is_fact("坚持以女职工需求为导向。", False) == 0.0
    assert is_intent("下一步，我们将继续做好女职工关爱服务工作。")
    assert is_intent("我们要进一步加大工作力度。")
    assert not is_intent("市总工会为困难女职工发放帮扶资金56万元。")


def test_generality():
    general = ["近年来", "，", "市总工会", "深入", "学习", "贯彻", "重要", "论述", "，", "坚持", "以", "需求", "为", "导向"]
    concrete = ["在", "全市", "1200", "辆", "公交车", "上", "设置", "“", "流动", "妈咪", "小屋", "”"]
    assert generality(general) > 0.5 > generality(concrete)


def test_activity_phrases():
    a = activity_phrases(["市总工会", "开展", "女职工", "普法", "宣传", "月", "活动"])
    b = activity_phrases(["市总工会", "在", "人民广场", "举办", "普法", "宣传", "咨询", "活动"])
    c = activity_phrases(["全年", "受理", "法律援助", "案件", "1630", "宗"])
    assert "普法宣传" in a & b
    assert not (a & c)


def test_splice_count_prefers_the_whole_copy():
    whole = [
        ("因地制宜开办爱心托管班，形成了“三统一”工作方法。",
         ["因地制宜", "开办", "爱心", "托管", "班", "，", "形成", "了", "“", "三", "统一", "”", "工作", "方法", "。"]),
        ("建立用人单位主办、工会补贴、社会力量参与的托管机制，落实安全责任制。",
         ["建立", "用人单位", "主办", "、", "工会", "补贴", "、", "社会", "力量", "参与", "的", "托管", "机制", "，",
          "落实", "安全", "责任制", "。"]),
        ("五年来，全市开办暑期托管班300余个，服务职工子女1.5万余人次，营造了生育友好的社会环境。",
         ["五年", "来", "，", "全市", "开办", "暑期", "托管", "班", "300", "余个", "，", "服务", "职工", "子女", "1.5",
          "万余", "人次", "，", "营造", "了", "生育", "友好", "的", "社会", "环境", "。"]),
    ]
    scrambled = "因地制宜开办爱心托管班，建万余人次，营造了生育友立用人单位主办、工会补贴、社会力量参与的托管机制，落实安全责任制。"
    corpus = bigram_counts([scrambled] + [t for t, _ in whole])
    assert splice_count(scrambled, whole, corpus) >= 2
    for text, tokens in whole:
        assert splice_count(text, [(scrambled, [])], corpus, tokens) == 0
    # an editor's condensation cuts words out of one sentence: no splice
    condensed = "因地制宜开办爱心托管班，形成工作方法。"
    assert splice_count(condensed, whole, bigram_counts([condensed] + [t for t, _ in whole])) == 0
