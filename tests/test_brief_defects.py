"""Issue 16's defects, each on a small invented report of the same shape as the real one.

The reports below are written for these tests (no sentence of a real report): the
organisations are real places so that the gazetteer names them, the work is made up.
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from unionnlp.briefs.brief import OVERVIEW
from unionnlp.briefs.quality import cjk_count, ends_sentence, sentence_kind, starts_with_connective
from unionnlp.briefs.render import brief_to_dict, render_html, render_markdown
from unionnlp.briefs.selection import THEMES, summarise
from unionnlp.errors import OrgError
from unionnlp.text.furniture import furniture_kind

# A city union's year: slogan, subheads, a five-theme overview, four sentences on one
# activity, connectives, a caption, testimony, the speaker's demands and the facts.
XIANGYANG = """# 襄阳市总工会：用心守护女职工“幸福港湾”

五年筑梦路，驿站暖人心！

本报讯（记者 周明）近年来，襄阳市总工会坚持以女职工需求为导向，扎实推进女职工维权服务工作。

一年来，全市工会在思想引领上，组织女职工学习宣讲活动120场；在建功立业上，举办女职工技能竞赛8项；在权益维护上，推动签订女职工权益保护专项集体合同960份；在关爱服务上，新建爱心母婴室35家；在组织建设上，新建女职工委员会42个。

拓宽源头维权渠道，筑牢女职工权益“安全网”

一是强化法治宣传，让维权意识强起来。3月，市总工会开展女职工普法宣传月活动，发放宣传资料200余份。普法宣传月期间，各级工会组织普法宣传进企业活动120场。市总工会在人民广场举办普法宣传咨询活动，解答法律咨询300余人次。市总工会联合市司法局开展女职工普法宣传活动，女职工普法宣传月活动覆盖女职工5.2万人。

二是经费保障，规范化推进阵地建设。全年受理女职工法律援助案件1630宗，为女职工挽回经济损失120万元。同时，市总工会推动签订女职工权益保护专项集体合同960份。

建成爱心母婴室35家，且全部投入使用。其中，12家企事业单位入选省级爱心母婴室示范点。此外，市总工会为困难女职工发放帮扶资金56万元。

“工会的帮助让我重新找到了工作。”职工李红说。

另一家企业工会主席王强说：“我们厂今年也建成了母婴室。”

图为女职工在爱心驿站休息。

会议增补市总工会女职工委员会副主任1人，表彰先进集体和个人860名。

我们要针对存在的问题，进一步加大工作力度，推动女职工工作再上新台阶。

襄阳市总工会女职工委员会
"""

# The same union's childcare work, whole, and an editor's page of it that PDF extraction
# scrambled (two columns interleaved mid-word: 「……建万余人次……生育友立用人单位……」).
XIANGYANG_CARE = """# 襄阳市总工会托管服务解职工之忧

因地制宜开办爱心托管班，形成了“三统一”工作方法。建立用人单位主办、工会补贴、社会力量参与的托管机制，落实安全责任制。五年来，全市开办暑期托管班300余个，服务职工子女1.5万余人次，营造了生育友好的社会环境。

襄阳市总工会女职工委员会
"""
XIANGYANG_PAGE = """# 托管服务暖人心

襄阳市总工会

因地制宜开办爱心托管班，建万余人次，营造了生育友立用人单位主办、工会补贴、社会力量参与的托管机制，落实安全责任制。
五年来，全市开办暑期托管班300余个，服务职工子女1.5
好的社会环境。
"""

# A report whose overview sentence spans the themes in clauses that are not sentences.
YIBIN = """# 宜宾市总工会召开女职工工作会议

本报讯 近日，宜宾市总工会召开全市女职工工作会议。

会议指出，一年来全市工会女职工工作在思想引领上持续发力；建功立业成效明显；权益维护更加有力；关爱服务不断深化；组织建设全面加强。

全年举办女职工主题宣讲活动86场，覆盖女职工3.2万人次。

全市举办女职工技能竞赛12项，1200余名女职工参赛。

推动签订女职工权益保护专项集体合同620份，受理女职工维权案件48件。

新建爱心妈妈小屋64个，为困难女职工发放慰问金38万元。

全市新建基层女职工委员会57个，培训女工干部900余人次。
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("invented")
    for name, text in (("xiangyang.txt", XIANGYANG), ("xiangyang_care.txt", XIANGYANG_CARE),
                       ("xiangyang_page.txt", XIANGYANG_PAGE), ("yibin.txt", YIBIN)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def xiangyang(corpus):
    return summarise("襄阳", corpus=corpus, max_chars=2000)


def _texts(brief):
    return [s.text for s in brief.sentences]


# --- headings, titles, slogans, captions, credits ---------------------------------------


def test_no_heading_slogan_caption_or_title(xiangyang):
    texts = _texts(xiangyang)
    assert texts
    for t in texts:
        assert "五年筑梦路" not in t  # slogan
        assert "筑牢女职工权益" not in t  # subhead without a full stop
        assert "让维权意识强起来" not in t  # parallel subhead with one
        assert "经费保障，规范化推进阵地建设" not in t  # section head stripped of 二是
        assert "图为" not in t  # caption
        assert "襄阳市总工会女职工委员会" != t  # signature
        assert ends_sentence(t) and cjk_count(t) >= 8
        assert furniture_kind(t) is None
        assert sentence_kind(t) == "statement", t


# --- connectives ------------------------------------------------------------------------


def test_connectives_removed_where_the_sentence_stays_whole(xiangyang):
    texts = _texts(xiangyang)
    assert not any(starts_with_connective(t) for t in texts)
    assert "市总工会为困难女职工发放帮扶资金56万元。" in texts  # 此外， removed
    assert not any(t.startswith("本报讯") for t in texts)  # the dateline too


def test_a_sentence_that_points_back_follows_what_it_points_at(corpus):
    for budget in (60, 120, 250, 2000):
        brief = summarise("襄阳", corpus=corpus, max_chars=budget)
        for section in brief.themes:
            texts = [s.text for s in section.sentences]
            for i, t in enumerate(texts):
                if t.startswith("其中"):
                    assert i > 0 and texts[i - 1].startswith("建成爱心母婴室35家"), (budget, texts)


# --- the better-formed copy -------------------------------------------------------------


def test_the_whole_copy_wins_over_the_scrambled_one(xiangyang):
    texts = _texts(xiangyang)
    assert not any("生育友立" in t or "建万余人次" in t for t in texts)
    assert any("营造了生育友好的社会环境" in t for t in texts)
    assert any(t.startswith("建立用人单位主办") for t in texts)


# --- facts first, redundancy on content -------------------------------------------------


def test_one_activity_does_not_crowd_out_the_other_facts(corpus):
    brief = summarise("襄阳", corpus=corpus, max_chars=300)
    texts = _texts(brief)
    assert sum("普法宣传" in t for t in texts) <= 2
    assert any("1630宗" in t for t in texts)


def test_facts_not_demands(xiangyang, corpus):
    texts = _texts(xiangyang)
    assert not any(t.startswith("我们要") for t in texts)  # a demand, with facts on the theme
    assert any("增补市总工会女职工委员会副主任1人" in t for t in texts)  # facts the model calls 其他


def test_testimony_is_not_the_organisations_work(xiangyang):
    texts = _texts(xiangyang)
    assert not any("李红" in t or "王强" in t or t.startswith("“") for t in texts)


# --- overview sentences -----------------------------------------------------------------


def test_overview_split_into_whole_clauses_under_their_themes(xiangyang):
    texts = _texts(xiangyang)
    assert not any(t.count("；") >= 3 for t in texts)  # never the five-theme sentence whole
    assert any("在建功立业上" in t for t in texts) and any("在组织建设上" in t for t in texts)
    for s in xiangyang.sentences:
        if "在建功立业上" in s.text:
            assert s.theme == "建功立业" and s.text.endswith("。")
        if "在组织建设上" in s.text:
            assert s.theme == "组织建设"


def test_overview_that_does_not_split_goes_to_a_short_overview_section(corpus):
    brief = summarise("宜宾", corpus=corpus, max_chars=600)
    assert brief.themes[0].theme == OVERVIEW
    (overview,) = brief.themes[0].sentences
    assert "思想引领上持续发力" in overview.text
    assert not any("思想引领上持续发力" in s.text for t in brief.themes[1:] for s in t.sentences)
    assert render_markdown(brief).index("## 概况") < render_markdown(brief).index("## " + brief.themes[1].theme)


# --- order --------------------------------------------------------------------------------


def test_bullets_follow_the_source_within_a_theme(corpus):
    brief = summarise("襄阳", corpus=corpus, max_chars=2000)
    for section in brief.themes:
        positions = [(s.doc, s.para, s.sent, s.span) for s in section.sentences]
        assert positions == sorted(positions)
    care = next(t for t in brief.themes if t.theme == "关爱服务")
    texts = [s.text for s in care.sentences]
    cause = next(i for i, t in enumerate(texts) if t.startswith("建立用人单位主办"))
    result = next(i for i, t in enumerate(texts) if "生育友好" in t)
    assert cause < result


def test_order_score_keeps_best_first(corpus):
    brief = summarise("襄阳", corpus=corpus, max_chars=2000, order="score")
    assert brief.order == "score"
    for section in brief.themes:
        scores = [s.score for s in section.sentences]
        assert scores == sorted(scores, reverse=True)


# --- key figures --------------------------------------------------------------------------


def test_key_figures_describe_what_they_count(xiangyang):
    figures = {f.label: f for f in xiangyang.figures}
    assert figures["1630宗"].what == "受理女职工法律援助案件"
    assert figures["200余份"].what == "发放宣传资料"
    assert figures["35家"].what != "且全部投入使用" and "母婴室" in figures["35家"].what
    assert figures["12家"].what.startswith("企事业单位入选")
    assert figures["860名"].what.endswith("表彰先进集体和个人")
    assert not figures["5.2万人"].what.startswith("的")
    assert "副主任" in figures["1人"].what
    for f in xiangyang.figures:
        assert f.theme in THEMES or f.theme == "其他"


def test_no_dates_ordinals_or_phone_numbers_among_figures(xiangyang):
    for f in xiangyang.figures:
        assert not re.search(r"年|月|日|届|热线", f.label)


def test_the_same_fact_in_two_copies_appears_once(xiangyang):
    labels = [f.label for f in xiangyang.figures]
    assert labels.count("960份") == 1
    assert labels.count("300余个") == 1


# --- the picture, HTML and the command line ------------------------------------------------


def test_shares_and_html(xiangyang):
    assert set(xiangyang.shares) <= set(THEMES) | {"其他"} and abs(sum(xiangyang.shares.values()) - 1) < 0.01
    html = render_html(xiangyang)
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "主题占比" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "<link" not in html and "<script" not in html
    assert "“幸福港湾”" not in html  # the title line is no bullet
    data = brief_to_dict(xiangyang)
    assert data["shares"] == xiangyang.shares and data["order"] == "source"
    assert all(s["span"] for t in data["themes"] for s in t["sentences"])


def test_cli_html_order_and_chart(corpus, tmp_path):
    from unionnlp.cli.app import app

    runner = CliRunner()
    chart = tmp_path / "themes.svg"
    result = runner.invoke(app, ["summarise", "--org", "襄阳", "--corpus", str(corpus), "-f", "html",
                                 "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert chart.read_text(encoding="utf-8").startswith("<svg")
    again = runner.invoke(app, ["summarise", "--org", "襄阳", "--corpus", str(corpus), "--chart", str(chart)])
    assert again.exit_code == 2 and "--force" in again.stderr
    scored = runner.invoke(app, ["summarise", "--org", "襄阳", "--corpus", str(corpus), "--order", "score",
                                 "-f", "json"])
    assert scored.exit_code == 0 and json.loads(scored.stdout)["order"] == "score"
    bad = runner.invoke(app, ["summarise", "--org", "襄阳", "--corpus", str(corpus), "--chart",
                              str(tmp_path / "themes.gif")])
    assert bad.exit_code == 2 and ".svg" in bad.stderr


# --- another body's work -------------------------------------------------------------------

JINGMEN = """# 荆门市总工会举办女职工技能比武

本报讯 近日，荆门市总工会举办全市女职工技能比武，200余名女职工参加比武。

荆门市总工会在比武现场设立女职工维权咨询台，发放维权手册300份。随州市总工会派出5名工会女律师在咨询台为女职工解答劳动合同问题50余人次。
"""


def test_a_sentence_whose_subject_is_another_body_is_not_this_ones_work(tmp_path):
    (tmp_path / "jingmen.txt").write_text(JINGMEN, encoding="utf-8")
    from unionnlp.orgs.attribution import attribute_orgs
    from unionnlp.text.segment import segment_file

    att = attribute_orgs([segment_file(tmp_path / "jingmen.txt")])
    assert att.org_of("jingmen.txt", 3) == "荆门市总工会"  # the paragraph is the host's
    brief = summarise("荆门", corpus=tmp_path, max_chars=2000)
    texts = _texts(brief)
    assert any("维权手册" in t for t in texts)
    assert not any(t.startswith("随州市总工会") for t in texts)


# A city's report that tells what its county unions did, in short forms too, and a
# hospital union's report that tells what its branch unions did (invented text; every
# theme has the body's own sentences, so another's is no fallback either).
HENGSHUI = """# 衡水市总工会开展女职工关爱行动

本报讯 今年以来，衡水市总工会在全市开展女职工关爱行动，走访慰问困难女职工320人。阜城县总工会、景县总工会、冀州区总工会同步开展走访。

衡水市总工会为全市1.2万名女职工办理女职工特殊疾病互助保障。冀州区总工会为辖区困难女职工送去慰问品300份。
景县总工会为困难女职工子女发放助学金5万元。阜城县总还为60名单亲困难女职工送去慰问金3万元。
"""

HOSPITAL = """# 衡水市人民医院工会举办“三八”节系列活动

本报讯 3月8日，衡水市人民医院工会举办“三八”节系列活动，全院女职工800余人参加。

医院工会为全院女职工发放节日慰问品800份。内科分工会为科室女职工送去节日鲜花60束。
药剂科工会小组为一线女职工送去节日慰问品40份。全院各分工会同步为女职工送去节日祝福。
"""


def test_a_member_unions_act_is_no_bullet_of_its_parent(tmp_path):
    (tmp_path / "hengshui.txt").write_text(HENGSHUI, encoding="utf-8")
    texts = _texts(summarise("衡水市总工会", corpus=tmp_path, max_chars=2000))
    assert any("特殊疾病互助保障" in t for t in texts)
    # a county union named in full or as people shorten it (阜城县总 for 阜城县总工会)
    assert not any(t.startswith(("冀州区总工会", "景县总工会", "阜城县总")) for t in texts)
    # with its members asked for, their acts are in
    with_sub = _texts(summarise("衡水市总工会", corpus=tmp_path, max_chars=2000, include_sub=True))
    assert any(t.startswith("冀州区总工会") for t in with_sub)


def test_a_branch_unions_act_is_no_bullet_of_the_units_union(tmp_path):
    (tmp_path / "hospital.txt").write_text(HOSPITAL, encoding="utf-8")
    texts = _texts(summarise("衡水市人民医院工会", corpus=tmp_path, max_chars=2000))
    assert any("慰问品800份" in t for t in texts)
    assert not any(t.startswith(("内科分工会", "药剂科工会小组")) for t in texts)
    assert any(t.startswith("全院各分工会") for t in texts)  # every branch: the union's own act


# A district union's report of an industry federation it set up, which the text then calls
# by the head of its name, and of its city union, after a time or place in front (invented).
QINGSHAN = """# 青山区总工会成立快递行业工会联合会

本报讯 近日，在江城市总工会指导下，青山区总工会推动成立青山区快递行业工会联合会，区内12家快递企业的女职工集中入会。

青山区总工会为新入会的女职工送去夏季清凉用品200份。联合会为快递女骑手开设了普法课堂，授课8场次。
近年来，市总工会为快递女职工建起“爱心驿站”20个。青山区总工会还为单亲困难女职工送去慰问金2万元。
"""


def test_a_body_named_by_the_head_of_its_name_is_no_bullet_of_another(tmp_path):
    (tmp_path / "qingshan.txt").write_text(QINGSHAN, encoding="utf-8")
    texts = _texts(summarise("青山区总工会", corpus=tmp_path, max_chars=2000))
    assert any("清凉用品" in t for t in texts)
    assert not any(t.startswith(("联合会", "近年来，市总工会", "市总工会")) for t in texts)


# A city union's report whose paragraph goes on about one of its district unions (invented).
JIANGCHENG = """# 江城市总工会推进新建企业女职工组织建设

本报讯 今年以来，江城市总工会在全市推进新建企业女职工组织建设，新建女职工委员会120个。

江城市总工会为新建企业女职工委员会主任举办培训班3期，培训150人次。青山区总工会女职工委员会在组建前先评估企业是否稳定。在实践中，他们摸索出了三种组建方式。第一种是同步组建，女职工委员会和企业工会一起成立。全市各级工会女职工组织同步开展“会员评家”活动。
"""


def test_the_sentences_after_another_body_s_in_its_paragraph_are_its_work(tmp_path):
    (tmp_path / "jiangcheng.txt").write_text(JIANGCHENG, encoding="utf-8")
    texts = _texts(summarise("江城市总工会", corpus=tmp_path, max_chars=2000))
    assert any("培训班3期" in t for t in texts)
    assert not any(("他们摸索出" in t or t.startswith("第一种是")) for t in texts)


# A school union's report of a visit by its city union's inspection party, which the report
# names where the party comes in and calls 「检查组」 after; and a district union's report of
# the party it sent itself (invented).
DONGHU = """# 东湖中学工会“职工之家”接受检查

本报讯 5月12日，江城市总工会基层工作部部长李明一行三人来到东湖中学，检查学校“职工之家”建设情况。东湖中学工会主席王红和教职工代表参加了汇报会。

东湖中学工会为全校女教职工建起“爱心妈咪小屋”，配备冰箱、沙发等设施。检查组认真翻阅了学校工会的台账资料。

东湖中学工会还为教职工开设瑜伽、书法等兴趣班6个，参加教职工210人次。之后，检查组一行又察看了学校的职工书屋。检查组对学校工会的工作给予充分肯定。
"""

XIHU = """# 西湖区总工会开展女职工权益保护专项检查

本报讯 近日，西湖区总工会组成检查组，对辖区23家企业开展女职工权益保护专项检查。

检查组逐一查阅了企业的劳动合同和工资台账，当场下达整改提示书3份。西湖区总工会还为企业女职工举办普法讲座5场。
"""


def test_a_visiting_partys_acts_are_the_body_s_that_sent_it(tmp_path):
    (tmp_path / "donghu.txt").write_text(DONGHU, encoding="utf-8")
    (tmp_path / "xihu.txt").write_text(XIHU, encoding="utf-8")
    texts = _texts(summarise("东湖中学工会", corpus=tmp_path, max_chars=2000))
    assert any("爱心妈咪小屋" in t for t in texts)
    assert not any(t.startswith(("检查组", "之后，检查组")) for t in texts)
    # the party the body sent itself is its own
    own = _texts(summarise("西湖区总工会", corpus=tmp_path, max_chars=2000))
    assert any(t.startswith("检查组逐一查阅") for t in own)


# A district union's report of what it did and of an event that its city union hosted,
# said in the passive with the host after 由, and of one it co-hosted (invented).
NANSHAN = """# 南山区总工会开展“三八”节系列活动

本报讯 3月8日前后，南山区总工会开展“三八”节系列活动，为全区女职工送去节日慰问品3000份。

南山区总工会为困难女职工送去慰问金5万元，走访慰问单亲困难女职工120人。全市女职工技能比武于3月6日在市工人文化宫举行，由江城市总工会女职工委员会主办。女职工健康知识讲座由江城市总工会主办、南山区总工会承办，300名女职工到场听讲。
"""


def test_what_another_body_did_said_after_you_is_its_work(tmp_path):
    (tmp_path / "nanshan.txt").write_text(NANSHAN, encoding="utf-8")
    texts = _texts(summarise("南山区总工会", corpus=tmp_path, max_chars=2000))
    assert any("慰问金5万元" in t for t in texts)
    assert not any("技能比武" in t for t in texts)
    assert any(t.startswith("女职工健康知识讲座") for t in texts)  # a co-host's: its own too


def test_an_event_whose_hosts_are_named_after_zhubanfang_is_theirs(tmp_path):
    page = NANSHAN + "\n南山区总工会组织女职工参加“书香三八”读书活动。这次读书活动的主办方是江城日报社和江城出版社，全市十家单位给予支持。\n"
    (tmp_path / "nanshan.txt").write_text(page, encoding="utf-8")
    texts = _texts(summarise("南山区总工会", corpus=tmp_path, max_chars=2000))
    assert any("慰问金5万元" in t for t in texts)
    assert not any("主办方是" in t for t in texts)


@pytest.mark.parametrize("first, second, gone", [
    # what the state or the women's federation did
    ("新中国成立70周年时，国家隆重表彰了一批“最美奋斗者”，其中有多位女性。",
     "今年3月，全国妇联下发了表彰全国城乡妇女岗位建功先进集体的决定。", ("国家隆重表彰", "全国妇联下发")),
    # the size of a workforce, and who people are
    ("全区女职工现有2.6万人，女工组织300多个，专兼职女工干部合计400多名。",
     "她们是全区女职工中的杰出代表，是广大女职工学习的榜样。", ("女职工现有", "她们是")),
], ids=["the-state", "background"])
def test_what_others_did_and_background_are_not_a_local_unions_work(tmp_path, first, second, gone):
    page = ("# 青川园区工会女职工委员会年终工作总结\n\n"
            f"{first}青川园区工会女职工委员会全年组织女职工技能培训8期，培训女职工620人次。\n\n"
            f"{second}青川园区工会为120名困难女职工送去慰问金6万元。\n")
    (tmp_path / "qc.txt").write_text(page, encoding="utf-8")
    texts = _texts(summarise("青川园区工会", corpus=tmp_path, max_chars=2000))
    assert any("技能培训8期" in t for t in texts) and any("慰问金6万元" in t for t in texts)
    assert not any(word in t for t in texts for word in gone)


# A district union's report that also tells what others did or said: the federation it set up,
# its city union, the province (unnamed) and a branch union (invented).
QINGCHUAN = ("# 青川区总工会成立直播行业工会联合会\n\n"
             "本报讯 近日，青川区总工会推动成立青川区直播行业工会联合会，江城市总工会派员到会指导。"
             "青川区总工会为新入会的女主播举办普法讲座4场，发放维权手册500份。\n\n"
             "{other}青川区总工会还为120名困难女职工送去慰问金6万元。\n")


@pytest.mark.parametrize("other, gone", [
    # a speaker's words about the federation, and the quotation that follows them
    (("会上，周丽还谈到，联合会要把直播平台的技术长处同企业员工的经验结合起来。"
      "“我们要为这个行业多培养一些新人。”\n\n"), ("技术长处", "多培养")),
    # the province, unnamed, as people say it
    ("今年5月，省里也派出督查组到青川检查女职工劳动保护落实情况，督促8家企业签订女职工权益保护专项集体合同。", ("督查组",)),
    # an activity a branch union carried out, said after 由
    ("“巾帼读书月”活动则由机关分工会开展，共举办读书分享会6场。", ("读书分享会",)),
    # another body's officer's view
    ("在江城市总工会相关负责人看来，青川区为女主播开办普法课堂、签订女职工权益保护专项集体合同的做法值得在全市推广。", ("值得在全市推广",)),
    # an event a level's union ran, the union named by its level alone after 由
    ("全市直播行业女主播才艺展示赛由市文化工会女工委组织，16支队伍参加了比赛。", ("才艺展示赛",)),
    # a visiting party whose leader is another body's officer, said where it comes in
    ("6月，一行5人的调研组来到青川，调研女主播权益保障情况，带队的是江城市总工会副主席李红。", ("调研组",)),
    # what a person introduced as another body's officer says, in a paragraph of its own
    ("座谈会由青川区总工会主持，江城市总工会女职工部部长陈红出席。\n\n"
     "陈红在讲话中介绍了全市推进女主播权益保护的三项做法。", ("三项做法",)),
], ids=["speaker", "the-province", "a-branch-did-it", "another-s-view", "a-level-s-union-did-it",
        "another-s-visiting-party", "another-s-officer"])
def test_what_others_did_or_said_is_no_bullet_of_the_body(tmp_path, other, gone):
    (tmp_path / "qc.txt").write_text(QINGCHUAN.format(other=other), encoding="utf-8")
    texts = _texts(summarise("青川区总工会", corpus=tmp_path, max_chars=2000))
    assert any("普法讲座4场" in t for t in texts) and any("慰问金6万元" in t for t in texts)
    assert not any(word in t for t in texts for word in gone)


def test_another_bodys_act_is_no_bullet_even_for_a_theme_with_nothing_else(tmp_path):
    page = ("# 南岭区总工会开展关爱活动\n\n"
            "南岭区总工会为困难女职工送去慰问金5万元，走访慰问单亲困难女职工120人。\n\n"
            "江城市总工会在全市举办女职工岗位技能比武，300名女职工参加了比赛。"
            "江城市总工会评选出女职工技术能手20名、巾帼建功标兵10名。\n")
    (tmp_path / "nl.txt").write_text(page, encoding="utf-8")
    brief = summarise("南岭区总工会", corpus=tmp_path, max_chars=2000)
    texts = _texts(brief)
    assert any("慰问金5万元" in t for t in texts)
    assert not any(t.startswith("江城市总工会") for t in texts)
    assert any(f.value.startswith("300") for f in brief.figures)  # its figures stay in 关键数据


def test_a_body_whose_sections_report_only_others_work_gets_a_clear_error(tmp_path):
    page = ("# 南岭区总工会转发市总工会通知\n\n"
            "江城市总工会在全市举办女职工岗位技能比武，300名女职工参加了比赛。"
            "江城市总工会评选出女职工技术能手20名、巾帼建功标兵10名。\n")
    (tmp_path / "nl.txt").write_text(page, encoding="utf-8")
    with pytest.raises(OrgError, match="only other bodies' work"):
        summarise("南岭区总工会", corpus=tmp_path, max_chars=2000)


# A provincial union's report that opens with a national meeting held in another city and
# what that meeting did, then its own work (invented).
HUNAN = """# 湖南省总工会女职工组织建设取得新进展

5月12日，成都召开了全国工会女职工权益维护工作座谈会。会议交流了各地维护女职工权益的做法，研究了新形势下的新问题。

湖南省总工会女职工委员会以“两个普遍”带动女职工组织建设，全省新建女职工委员会1200个。湖南省总工会为基层女职工干部举办培训班5期，培训600人次。湖南省总工会推动120家企业签订女职工权益保护专项集体合同，为300名女职工提供法律援助。
"""


def test_a_meeting_of_the_whole_country_is_no_bullet_of_a_province(tmp_path):
    (tmp_path / "hunan.txt").write_text(HUNAN, encoding="utf-8")
    texts = _texts(summarise("湖南省总工会", corpus=tmp_path, max_chars=2000))
    assert any("培训班5期" in t for t in texts)
    assert not any(("全国工会女职工权益维护工作座谈会" in t or t.startswith("会议交流")) for t in texts)
