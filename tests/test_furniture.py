"""Page furniture: one definition for repair, themes, organisations and briefs."""

from __future__ import annotations

import pytest

from conftest import LABELS
from unionnlp.text.furniture import KINDS, furniture_kind, is_furniture
from unionnlp.themes.labels import read_labels


@pytest.mark.parametrize(
    "line, kind",
    [
        ("（编辑：周小禾）", "metadata"),
        ("责任编辑：林远", "metadata"),
        ("审核：郑一鸣", "metadata"),
        ("来源：青石县总工会", "metadata"),
        ("发布日期：2024-11-02", "metadata"),
        ("发布时间：2023-06-18 09:40", "metadata"),
        ("点击量：2871", "metadata"),
        ("作者：苏禾", "metadata"),
        ("本版编辑：方雪 美术编辑：唐宁", "metadata"),
        ("石工发〔2024〕7号", "metadata"),
        ("2024年3月6日", "metadata"),
        ("2019年", "metadata"),  # a notice dated by its year
        ("2024-05-12 08:30　来源：东岭日报", "metadata"),  # a page's date and time before its source
        ("2023/11/02 来源：青石县总工会", "metadata"),
        ("记者 顾安 摄", "credit"),
        ("何川/摄", "credit"),
        ("本报记者 余音", "credit"),
        ("图片来源：东岭区总工会", "credit"),
        ("文字整理", "credit"),  # a byline split from its names by a PDF line break
        ("（东岭区总工会供稿）", "credit"),
        ("本报讯（记者 贺兰 通讯员 齐远）", "credit"),
        ("东岭网讯（记者 贺兰 通讯员 齐远）2023年5月8日", "credit"),  # a dateline and its date only
        ("院工会简讯", "navigation"),  # the name of the page's column
        ("基层快讯", "navigation"),
        ("分享到：", "navigation"),
        ("【打印】【关闭】", "navigation"),
        ("上一篇：东岭区总工会开展送清凉活动", "navigation"),
        ("首页 > 工作动态 > 女职工工作", "navigation"),
        ("职工日报  2024年5月10日  星期五  3  女工天地", "masthead"),
        ("——题记", "epigraph"),
        ("12", "page_number"),
        ("第4版", "page_number"),
        ("图为女职工在技能比赛中操作设备。", "caption"),
    ],
)
def test_furniture_lines_are_recognised(line, kind):
    assert kind in KINDS
    assert furniture_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "记者从东岭区总工会获悉，今年以来全区新建母婴室32家。",
        "本报讯（记者 贺兰）5月8日，东岭区总工会举办女职工普法知识竞赛。",
        "来源于一线的金点子被评为优秀创新成果。",
        "东岭区总工会女职工委员会",
        "一是强化组织建设。",
        "编辑部的女职工们积极参加读书活动，分享学习心得。",
        "图书漂流 书香满园",  # a one-character lead (图, 文) needs a separator to be a credit
        "文体活动 快乐同行",
        "2019年，全区新建母婴室32家。",
        "东岭网讯（记者 贺兰）2023年5月8日，东岭区总工会举办女职工普法知识竞赛。",
        "区总工会发布女职工工作简讯，通报各单位进展",
        "",
    ],
)
def test_content_is_not_furniture(line):
    assert not is_furniture(line)


def test_no_labelled_theme_sentence_is_furniture():
    # Furniture is 其他 with certainty, so a labelled theme sentence must never match.
    wrong = [r.text for r in read_labels(LABELS) if r.label != "其他" and is_furniture(r.text)]
    assert not wrong, wrong[:5]
