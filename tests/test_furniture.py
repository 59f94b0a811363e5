"""Page furniture: one definition for repair, themes, organisations and briefs."""

from __future__ import annotations

import pytest

from conftest import LABELS
from unionnlp.text.furniture import KINDS, furniture_kind, is_contentless, is_furniture
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
        ("青石县总工会网　2024-06-11　阅读次数：318", "metadata"),  # the site's name before the date
        ("原标题：车间里来了“娘家人”", "metadata"),
        ("发表时间：2024-06-11　来源：青石县总工会", "metadata"),  # a web page's fields under other names
        ("拟稿人：顾宁　核稿人：沈知微", "metadata"),
        ("查看：318｜回复：0", "metadata"),
        ("栏目：基层动态　浏览：515", "metadata"),
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
        ("当前位置：工作动态", "navigation"),  # a breadcrumb's head, its items without arrows or cut off
        ("您现在的位置：县总工会宣", "navigation"),
        ("[关闭窗口]", "navigation"),
        ("【保存】【全文浏览】【打印】", "navigation"),  # a row of buttons
        ("返回首页 | 投稿邮箱 | 加入收藏", "navigation"),  # a site's menu, or the part of it a column holds
        ("首页｜新闻中心｜", "navigation"),
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
        "【奋斗者正青春】",  # one bracketed item is a heading, not a row of buttons
        "巾帼风采｜她们在岗位上绽放光彩",  # a title in two parts, not a menu
        "巾帼风采｜奋斗者",
        "",
    ],
)
def test_content_is_not_furniture(line):
    assert not is_furniture(line)


def test_no_labelled_theme_sentence_is_furniture():
    # Furniture without content is 其他 with certainty, so a labelled theme sentence must never
    # match; a caption is furniture too, but its theme is what it shows (labels/GUIDE.md).
    wrong = [r.text for r in read_labels(LABELS) if r.label != "其他" and is_contentless(r.text)]
    assert not wrong, wrong[:5]


# --- the lines repair keeps apart: one definition here, used by repair ---

from unionnlp.text.furniture import (
    is_byline_line,
    is_page_furniture,
    is_photo_credit,
    is_signature,
    names_speaker,
    opens_byline,
)


@pytest.mark.parametrize(
    "line, page", [("7", True), ("- 7 -", True), ("— 12 —", True), ("第3版", True), ("1/4", True), ("Page 3", True),
                   ("中国妇女报  2023年4月14日  星期五  7  发展周刊·女职工之家", True),
                   ("2023年4月14日，全市女职工代表星期五在会上发言", False), ("一是强化组织建设", False)],
)
def test_page_numbers_and_running_heads(line, page):
    assert is_page_furniture(line) is page


@pytest.mark.parametrize(
    "line, credit",
    [("黄雄/摄", True), ("记者 周金友 摄", True), ("图/张三", True), ("通讯员 高岩 摄影报道", True),
     ("（图片由县总工会提供）", True),
     # a line a column cut may end in 摄 or be a dateline without being a credit
     ("组织女职工学习短视频拍摄", False), ("本报讯（通讯员 车若楠）", False)],
)
def test_photo_credits_in_their_strict_form(line, credit):
    assert is_photo_credit(line) is credit
    if credit:
        assert furniture_kind(line) == "credit"


def test_bylines_signatures_and_speakers():
    assert opens_byline("本报讯（记者 张三）3月8日，") and opens_byline("记者 李明 报道")
    assert not opens_byline("记者从市总工会获悉")
    assert is_byline_line("编辑：王芳") and is_byline_line("记者 李明 通讯员 张红")
    assert not is_byline_line("记者从市总工会获悉，今年新建母婴室32家。")
    assert is_signature("黑龙江省总工会女职工委员会") and not is_signature("张寰 海淀区总工会副主席")
    assert names_speaker("张寰 海淀区总工会党组成员") and not names_speaker("海淀区总工会党组成员")
    # a signature is a unit of its own for repair, but content for the themes
    assert not is_furniture("黑龙江省总工会女职工委员会")


@pytest.mark.parametrize(
    "line",
    ["来源：青石县总工会", "发布时间：2023-06-18 09:40", "2025-03-08 10:10 来源：东岭日报", "2014年", "2024年3月6日",
     "所工会简讯", "分享到：", "【打印】【关闭】", "上一篇：东岭区总工会开展送清凉活动", "首页 > 工作动态 > 女职工工作",
     "石工发〔2024〕7号", "县总工会办公室2024年3月6日印发", "记者从东岭区总工会获悉", "一是强化组织建设",
     "[关闭窗口]", "【保存】【打印】", "首页 | 新闻中心 | 工会动态", "首页｜新闻中心｜", "当前位置：工作动态", "巾帼风采｜奋斗者"],
)
def test_repair_s_quick_data_line_test_agrees_with_furniture_kind(line):
    from unionnlp.text.furniture import data_line_kind

    kind = furniture_kind(line)
    assert data_line_kind(line) == (kind if kind in ("metadata", "navigation") else None)


def test_the_quick_test_before_the_data_patterns_never_hides_a_match(monkeypatch):
    # furniture_kind skips the navigation/metadata/credit patterns when a line has nothing any
    # of them needs; with that test always passing it must say the same of every line.
    import random

    from unionnlp.text import furniture

    rnd = random.Random(5)
    pieces = list("分享转发【】[]［］|｜打印关闭上下一篇返回相关扫字体号（）()0123456789：:>＞›»简快讯提供稿图记者通讯员本版文期年月日电 ，。、工会女职") + [
        "首页", "新闻中心", "当前位置：", "您的位置：",
        "分享到", "上一篇：", "编辑：王芳", "2024年3月8日", "印发", "本报讯", "（记者 张三）", "京工发〔2023〕5号", "首页 > 新闻",
        "基层快讯", "（本版图片由张三提供）", "点击量：", "字号：大 中 小", "【打印】", "扫一扫", "(2014年)", "供稿", "东岭网讯"]
    lines = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12))) for _ in range(20000)]
    quick = [furniture.furniture_kind(line) for line in lines]
    import re

    monkeypatch.setattr(furniture, "_MAYBE_DATA_HEAD", re.compile(""))
    assert [furniture.furniture_kind(line) for line in lines] == quick
    assert {"navigation", "metadata", "credit"} <= set(quick)


@pytest.mark.parametrize("line, kind", [
    ("图：护士走上台领奖。", "caption"),  # 图： before a sentence describes the picture
    ("图：代表医院参赛的两位护士", "caption"),
    ("图：张三", "credit"),  # before a name it credits it
    ("图：新华社记者 张三 摄", "credit"),
])
def test_tu_colon_before_a_sentence_is_a_caption_before_a_name_a_credit(line, kind):
    assert furniture_kind(line) == kind
