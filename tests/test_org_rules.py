"""General rules of organisation recognition and attribution, each on a small invented
page of the shape it handles (invented bodies, people and figures): the forms of a
notice, joint sign-offs, pair abbreviations, leaders' visits, short names and
abbreviations people use.  Issue 14's follow-up."""

from __future__ import annotations

import pytest

from unionnlp.corpus.load import load_corpus
from unionnlp.errors import OrgError
from unionnlp.orgs.attribution import attribute_orgs
from unionnlp.orgs.resolve import resolve_org


def _att(tmp_path, pages: dict[str, str]):
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    return attribute_orgs(corpus.documents), corpus


def _orgs_by_line(att, corpus, doc: str) -> dict[str, tuple[str, ...]]:
    d = next(x for x in corpus.documents if x.name == doc)
    return {p.text.strip(): att.orgs_of(doc, p.index) for p in d.paragraphs}


NOTICE = """青川集团工会 青川银行工会委员会文件

青银工〔2021〕3号

关于开展女职工读书月活动的通知

各分行工会、总部机关工会：

为丰富女职工精神文化生活，营造多读书、读好书的良好氛围，各级工会要在四月组织读书分享会，并把读书活动同岗位建功结合起来，现将有关事项通知如下。

一、活动内容

各单位要围绕“书香三八”主题，组织女职工开展读书分享、好书推荐和读书征文等活动，把读书活动同提升女职工素质结合起来。征文截止时间为4月30日。

二、工作要求

各单位要推荐一批好书，组织女职工交流读书心得，有条件的单位可以设立职工书屋，为女职工借阅图书提供方便。

特此通知。

青川集团工会 青川银行工会委员会

2021年
"""


def test_a_notices_forms_are_no_ones_and_its_joint_signers_are_its_authors(tmp_path):
    att, corpus = _att(tmp_path, {"n.txt": NOTICE})
    lines = _orgs_by_line(att, corpus, "n.txt")
    both = ("青川集团工会", "青川银行工会委员会")
    assert lines["关于开展女职工读书月活动的通知"] == both
    assert lines["各单位要推荐一批好书，组织女职工交流读书心得，有条件的单位可以设立职工书屋，为女职工借阅图书提供方便。"] == both
    for form in ("青川集团工会 青川银行工会委员会文件", "各分行工会、总部机关工会：", "特此通知。",
                 "青川集团工会 青川银行工会委员会", "2021年"):
        assert lines[form] == (), form
    assert "address" in att.why_unattributed("n.txt", 4)


def test_a_union_and_its_committee_signing_one_under_the_other_are_one_sign_off(tmp_path):
    page = ("关于举办女教工健步走活动的通知\n\n各分工会：\n\n"
            "为庆祝“三八”节，校工会决定举办女教工健步走活动。\n\n"
            "一、活动内容：环校健步走5公里。\n\n二、报名：以分工会为单位报名。\n\n"
            "东陵农业大学工会\n\n东陵农业大学工会女教职工委员会\n\n2022年3月\n")
    att, corpus = _att(tmp_path, {"x.txt": page})
    lines = _orgs_by_line(att, corpus, "x.txt")
    # Not two speeches under a banner: the title is the union's notice too.
    assert lines["关于举办女教工健步走活动的通知"] == ("东陵农业大学工会",)
    assert lines["一、活动内容：环校健步走5公里。"] == ("东陵农业大学工会",)
    assert lines["东陵农业大学工会女教职工委员会"] == ()


def test_a_speechs_occasion_and_address_are_no_ones(tmp_path):
    page = ("## 用好专项合同 守护女职工权益\n\n——在全省企业工会女职工维权工作交流会上的发言\n\n"
            "各位同仁：\n\n近年来，华岳建设集团有限公司工会把女职工专项集体合同作为维权抓手，签约率达到100%。\n\n"
            "华岳建设集团有限公司工会\n")
    att, corpus = _att(tmp_path, {"s.txt": page})
    lines = _orgs_by_line(att, corpus, "s.txt")
    assert lines["——在全省企业工会女职工维权工作交流会上的发言"] == ()
    assert lines["各位同仁："] == ()
    assert lines["近年来，华岳建设集团有限公司工会把女职工专项集体合同作为维权抓手，签约率达到100%。"] == (
        "华岳建设集团有限公司工会",)


PAIR = """深港工会携手交流 共促职工融合发展

香港工联会来深举行会员交流活动

香港工会联合会于5月10日至11日在深圳举行会员交流活动，150余名会员随团参观。

活动期间，深圳市总工会和香港工联会召开工作座谈会，双方就推进深圳、香港两地工会交流交换了意见。

今年以来，深圳市总工会与香港工会的合作更加紧密，上半年已接待3批次香港职工来深参观学习。
"""


def test_a_pair_abbreviation_names_both_unions_of_the_page(tmp_path):
    att, corpus = _att(tmp_path, {"p.txt": PAIR})
    both = ("深圳市总工会", "香港工会联合会")
    assert set(_orgs_by_line(att, corpus, "p.txt").values()) == {both}
    assert "深港工会" not in att.orgs and not any("两地" in name for name in att.orgs)
    for short in ("香港工联会", "香港工会联合会"):
        assert resolve_org(short, att).name == "香港工会联合会"


@pytest.mark.parametrize("text, surface, name", [
    ("澳江工会联合总会召开年会", "澳江工会联合总会", "澳江工会联合总会"),
    ("滨港工联总会组织会员参观", "滨港工联总会", "滨港工会联合总会"),
])
def test_a_federation_of_unions_and_its_short_name(text, surface, name):
    from unionnlp.orgs.names import find_mentions

    hits = [(m.surface, m.kind, m.name) for m in find_mentions(text) if m.is_org]
    assert hits == [(surface, "association", name)]


@pytest.mark.parametrize("text", ["推进两地工会交流协作", "东岭、西岭等地工会积极参与", "学习宣传工会法"])
def test_no_union_in_places_together_or_a_law(text):
    from unionnlp.orgs.names import find_mentions

    assert not [m for m in find_mentions(text) if m.is_org]


VISIT = """市总工会领导到青禾物流公司调研“职工之家”建设

来源：东林区总工会　发布时间：2021-06-02

6月1日上午，滨州市总工会副主席王一鸣、女工部部长李晓一行来到东林区，就“职工之家”建设开展调研。东林区总工会主席张立等陪同调研。

调研组先后来到青禾物流公司和东林社区，实地察看“职工之家”的建设和使用情况，并听取了工作介绍。

王一鸣指出，下一步要把实用性放在首位，让“职工之家”成为职工爱用、常用的温馨港湾。

东林区总工会
"""


def test_leaders_on_a_visit_are_their_union_at_work_and_the_sender_does_not_decide(tmp_path):
    att, corpus = _att(tmp_path, {"v.txt": VISIT})
    lines = _orgs_by_line(att, corpus, "v.txt")
    assert lines["市总工会领导到青禾物流公司调研“职工之家”建设"] == ("滨州市总工会",)
    assert set(v for v in lines.values() if v) == {("滨州市总工会",)}


def test_a_leader_who_attends_is_still_no_author(tmp_path):
    page = ("## 东林区总工会举办女职工技能比赛\n\n"
            "5月8日，东林区总工会举办女职工技能比赛，滨州市总工会副主席王一鸣出席并讲话。"
            "比赛设理论和实操两个项目，共有120名女职工参赛。\n")
    att, corpus = _att(tmp_path, {"a.txt": page})
    assert set(v for v in _orgs_by_line(att, corpus, "a.txt").values() if v) == {("东林区总工会",)}


def test_a_short_name_in_brackets_is_the_same_body(tmp_path):
    page = ("滨海区总工会召开女职工工作交流会\n\n发布时间：2024-03-11　来源：惠州滨海经济技术开发区总工会\n\n"
            "3月6日，惠州滨海经济技术开发区总工会（滨海区总工会）召开女职工工作经验交流会，"
            "6家企业工会女职工委员会作交流发言。\n\n"
            "滨海区总工会女职工委员会主任对下一步工作作了部署，要求各级工会把关爱服务做细做实。\n")
    att, _corpus = _att(tmp_path, {"z.txt": page})
    assert {s.org for s in att.sections} == {"惠州滨海经济技术开发区总工会"}
    for short in ("滨海区总工会", "滨海区总工会女职工委员会"):
        assert resolve_org(short, att).name == "惠州滨海经济技术开发区总工会"


def test_a_units_womens_committee_by_all_its_spellings(tmp_path):
    page = ("东岭市第三人民医院（市三院）妇委会成立\n\n"
            "东岭市第三人民医院（市三院）于2023年5月8日召开第一次妇女代表大会，选举产生第一届妇委会委员5名。"
            "出席会议的有院党委委员、副院长李明和院工会主席王强。\n\n"
            "会上，王强宣读了区妇联同意成立医院妇女委员会的批复。妇委会随即召开第一次委员会议。\n")
    att, _corpus = _att(tmp_path, {"h.txt": page})
    name = "东岭市第三人民医院妇女委员会"  # the fullest spelling the page uses
    assert {s.org for s in att.sections} == {name}
    for short in ("东岭市第三人民医院（市三院）妇委会", "东岭市第三人民医院妇委会"):
        assert resolve_org(short, att).name == name
    assert not any("李明" in o or "副院长" in o for o in att.orgs)  # 副院长李明和院工会: 院工会 only


def test_a_committee_named_after_its_unit_whose_union_the_text_never_writes_is_the_unit(tmp_path):
    page = ("嘉定区教育系统举行“三八”表彰大会\n\n"
            "3月7日下午，嘉定区教育系统庆祝“三八”妇女节暨先进表彰大会举行。"
            "大会由嘉定区教育局女工委和嘉定区教育工会女职工委员会共同主办。\n\n"
            "会上，区教育局女工委、区教育工会女职委联合发起了“爱心编织”公益活动。\n")
    att, _corpus = _att(tmp_path, {"j.txt": page})
    assert {s.orgs for s in att.sections} == {("上海市嘉定区教育工会", "上海市嘉定区教育局")}
    assert resolve_org("嘉定区教育局女工委", att).name == "上海市嘉定区教育局"
    assert att.orgs["上海市嘉定区教育局"].kind == "agency"


def test_partners_by_their_names_a_womens_federation_and_a_company_hosting_jointly(tmp_path):
    page = ("## 全国首个公益红娘联盟妇联在瑞安成立\n\n"
            "6月8日，瑞安市公益红娘联盟妇联成立大会召开。瑞安市妇联相关负责人出席并讲话。\n\n"
            "会上，瑞安市公益红娘联盟与荣泰祥纺织集团联合发起“幸福相约”公益相亲活动。\n")
    att, _corpus = _att(tmp_path, {"w.txt": page})
    assert {s.org for s in att.sections} == {"瑞安市公益红娘联盟"}  # the federation never decides
    assert resolve_org("瑞安市妇联", att).name == "瑞安市妇女联合会"
    assert resolve_org("瑞安市公益红娘联盟妇联", att).name == "瑞安市公益红娘联盟"
    assert resolve_org("荣泰祥纺织", att).name == "荣泰祥纺织集团"
    assert not any(name.startswith("首个") for name in att.orgs)


def test_a_company_by_the_first_and_last_character_of_its_name(tmp_path):
    page = ("## 国家石化工会慰问一线石化工人\n\n"
            "8月11日，受国化公司党委委托，国家石化公司工会女工委主任一行来到基层班组开展慰问。\n\n"
            "慰问组转达了国化公司对基层班组的关心，并送去防暑降温物品。\n")
    att, _corpus = _att(tmp_path, {"g.txt": page})
    for short in ("国化工会", "国化公司", "国化工会女工委"):
        assert resolve_org(short, att).name == "国家石化公司工会"


def test_an_industry_union_is_not_found_in_an_institution_sharing_its_words(tmp_path):
    page = ("# 阿坝州林业中心医院工会召开会员代表大会\n\n"
            "10月20日，阿坝州林业中心医院第四届第一次会员代表大会暨工会换届选举大会在院内召开。"
            "大会选出了新一届工会委员会。\n")
    att, _corpus = _att(tmp_path, {"h.txt": page})
    assert {s.org for s in att.sections} == {"阿坝州林业中心医院工会"}
    # 「……会员代表大会暨工会」 is no name
    assert not any("暨" in name for o in att.orgs.values() for name in (o.name, *o.short_names))
    assert resolve_org("阿坝州林业中心医院", att).name == "阿坝州林业中心医院工会"
    with pytest.raises(OrgError):
        resolve_org("阿坝藏族羌族自治州林业工会", att)


def test_a_companys_union_for_one_place_written_in_brackets_after_a_news_lead():
    from unionnlp.orgs.names import find_mentions

    [m] = find_mentions("网经社3月2日讯滴滴集团（福州）工会已于2月28日宣告成立。")
    assert m.is_org and m.surface == "滴滴集团（福州）工会"


def test_an_offices_staff_union_is_named_after_the_office():
    from unionnlp.orgs.names import find_mentions

    [m] = find_mentions("6月5日下午，市委机要保密局机关工会会员大会召开。")
    assert m.is_org and m.surface == "市委机要保密局机关工会"


def test_a_street_union_written_without_its_places_is_the_one_written_with_them(tmp_path):
    page = ("南湖街道总工会打造“爱心妈咪小屋”\n\n发布时间：2023-03-01　来源：南湖街道总工会\n\n"
            "近年来，嘉兴市南湖区南湖街道总工会着力推动“爱心妈咪小屋”建设，辖区已建成小屋12家。\n\n"
            "南湖街道总工会还将继续完善小屋的服务功能。\n")
    att, _corpus = _att(tmp_path, {"s.txt": page})
    full = "嘉兴市南湖区南湖街道总工会"
    assert {s.org for s in att.sections} == {full} and "南湖街道总工会" not in att.orgs
    for short in ("南湖街道总工会", "南湖街道"):
        assert resolve_org(short, att).name == full


def test_the_union_of_the_unit_named_first_goes_by_the_bracketed_name(tmp_path):
    page = ("## 华电能源院（远牌集团）召开女职工委员会选举大会\n\n"
            "华电能源院（远牌集团）于7月2日举行第二届女职工委员会选举大会。公司工会主席主持会议。\n\n"
            "远牌集团女职工委员会将继续组织女职工开展技能培训。\n")
    att, _corpus = _att(tmp_path, {"y.txt": page})
    for short in ("华电能源院", "华电能源院（远牌集团）", "远牌集团"):
        assert resolve_org(short, att).name == "远牌集团工会"


@pytest.mark.parametrize("query, org", [
    ("东南生态所", "中国科学院东南生态与农业资源研究所工会"),  # 研究所 by its last character
    ("东南生态所女工委", "中国科学院东南生态与农业资源研究所工会"),
    ("滨江职院工会", "上海滨江职业学院工会"),  # 学院 by its last character
    ("国矿", "国家矿业集团工会"),  # the first characters of the first two words
])
def test_abbreviations_people_use(tmp_path, query, org):
    page = ("## 三家单位工会开展“三八”活动\n\n"
            "3月8日，中国科学院东南生态与农业资源研究所工会举办读书会，40名女职工参加。"
            "上海滨江职业学院工会组织女教职工健步走。国家矿业集团工会开展女职工技能比武。\n")
    att, _corpus = _att(tmp_path, {"c.txt": page})
    assert resolve_org(query, att).name == org


LONGER_FORMS = ("## 四家单位工会开展“三八”活动\n\n"
                "3月8日，滨湖医院工会举办女医务人员读书会，30名女职工参加。"
                "青松局集团公司南岭车务段工会组织女职工健步走。"
                "江东能源集团工会开展女职工技能比武。"
                "贵州省邮政工会为200名女职工送去健康体检。"
                "中国农学院妇委会组织女科研人员座谈，畅谈科研经历。"
                "土壤所妇委会举办插花沙龙，50名女职工参加。\n")


@pytest.mark.parametrize("query, org", [
    ("江海中医药大学附属滨湖医院工会", "滨湖医院工会"),  # the enclosing body written before it
    ("中国铁路青松局集团有限公司南岭车务段工会", "青松局集团公司南岭车务段工会"),  # and 有限 inside
    ("江东能源投资集团有限责任公司工会", "江东能源集团工会"),  # 投资 inside, the legal form after
    ("贵州省邮政公司工会", "贵州省邮政工会"),
    ("中国农学院妇女工作委员会", "中国农学院妇委会"),  # a women's committee, spelt out
    ("中国农学院土壤研究所妇女工作委员会", "土壤所妇委会"),  # 研究所 as people shorten it
])
def test_a_registered_name_finds_the_shorter_name_the_page_uses(tmp_path, query, org):
    att, _corpus = _att(tmp_path, {"f.txt": LONGER_FORMS})
    assert org in att.orgs
    assert resolve_org(query, att).name == org


def test_a_platform_company_by_the_word_people_add(tmp_path):
    page = ("## 快跑出行为女司机开设“暖心驿站”\n\n"
            "3月8日，快跑出行工会在市区三个司机之家设立“暖心驿站”，为女司机提供休息和应急用品。\n")
    att, _corpus = _att(tmp_path, {"p.txt": page})
    assert resolve_org("快跑出行平台", att).name == resolve_org("快跑出行", att).name == "快跑出行工会"


def test_a_longer_name_with_another_unit_inside_is_not_the_shorter_one(tmp_path):
    from unionnlp.errors import OrgError
    from unionnlp.orgs.resolve import _name_core, _shortens

    att, _corpus = _att(tmp_path, {"f.txt": LONGER_FORMS})
    with pytest.raises(OrgError):  # not the college's committee: the institute's
        resolve_org("中国农学院植物研究所妇女工作委员会", att)
    assert _shortens(_name_core("江东能源集团工会"), _name_core("江东能源投资集团有限责任公司工会"))
    assert not _shortens(_name_core("江东能源集团工会"), _name_core("江东能源化工集团工会"))  # 化工: a trade
    assert not _shortens(_name_core("南岭车务段工会"), _name_core("南岭车务段机关工会"))  # must end as it does
    assert not _shortens(_name_core("车务段工会"), _name_core("南岭车务段工会"))  # too little of a name


MEETING = """关于召开市总工会女职工委员会全委（扩大）会议的通知

各县（市、区）总工会、各产业工会：

为总结2020年全市工会女职工工作、部署2021年重点任务，经研究，青州市总工会定于近期召开女职工委员会全委（扩大）会议，并对女职工先进集体和个人进行表彰。

一、时间

2021年3月5日上午9点，请与会人员提前10分钟进场。

二、地点

市总工会第3会议室。

三、参会范围

（一）各县（市、区）总工会分管女职工工作的副主席。

（二）各产业工会女职工委员会主任。

四、有关要求

请各单位认真总结女职工工作经验，会上交流发言材料于3月3日前报送市总工会女职工部。

青州市总工会

2021年2月
"""


def test_a_notices_practical_arrangements_are_no_ones_but_what_it_asks_is_its_work(tmp_path):
    att, corpus = _att(tmp_path, {"m.txt": MEETING})
    lines = _orgs_by_line(att, corpus, "m.txt")
    union = ("青州市总工会",)
    assert lines["关于召开市总工会女职工委员会全委（扩大）会议的通知"] == union
    for line in ("一、时间", "2021年3月5日上午9点，请与会人员提前10分钟进场。", "二、地点", "市总工会第3会议室。",
                 "三、参会范围", "（二）各产业工会女职工委员会主任。"):
        assert lines[line] == (), line
    assert lines["请各单位认真总结女职工工作经验，会上交流发言材料于3月3日前报送市总工会女职工部。"] == union


def test_the_publishers_own_closing_note_is_no_ones(tmp_path):
    page = ("## 飞鸿速运工会召开第一届会员代表大会\n\n"
            "6月12日，飞鸿速运工会召开第一届会员代表大会，选举产生工会委员会和女职工委员会。\n\n"
            "本站将持续关注飞鸿速运工会的后续工作进展。\n")
    att, corpus = _att(tmp_path, {"f.txt": page})
    lines = _orgs_by_line(att, corpus, "f.txt")
    assert lines["本站将持续关注飞鸿速运工会的后续工作进展。"] == ()
    assert lines["6月12日，飞鸿速运工会召开第一届会员代表大会，选举产生工会委员会和女职工委员会。"] == ("飞鸿速运工会",)


def test_a_unit_at_work_goes_by_its_fullest_spelling(tmp_path):
    page = ("## 瑞安税务开展“巾帼心向党”主题活动\n\n"
            "3月6日，瑞安市税务局举办“巾帼心向党”主题活动，60余名女干部职工参加。\n\n"
            "活动中，两位局领导为女职工代表颁发了荣誉证书。\n")
    att, _corpus = _att(tmp_path, {"t.txt": page})
    assert {s.org for s in att.sections} == {"瑞安市税务局"}
    assert att.orgs["瑞安市税务局"].kind == "agency"
    assert resolve_org("瑞安税务", att).name == "瑞安市税务局"


def test_a_pilot_unit_the_page_names_as_a_subject_is_an_organisation_without_the_page(tmp_path):
    page = ("## 区总工会调研女职工休息室建设\n\n来源：青岚区总工会\n\n"
            "4月12日，青岚市总工会副主席一行来到青岚区，调研女职工休息室建设情况。\n\n"
            "青岚远航物流集团东港分公司是青岚区女职工休息室建设的两个试点单位之一，另一个试点设在一所小学。\n\n"
            "调研组先后来到这所小学和远航物流集团东港分公司，察看休息室的使用情况。\n")
    att, _corpus = _att(tmp_path, {"p.txt": page})
    union = "青岚远航物流集团东港分公司工会"
    for query in ("青岚远航物流集团东港分公司", "远航物流集团东港分公司", union):
        assert resolve_org(query, att).name == union
    # Known, but the page is the city union's: the pilot unit reports nothing of its own.
    assert union not in att.orgs_with_sections()
    assert "青岚市总工会" in {s.org for s in att.sections}


@pytest.mark.parametrize("line", ["青岚远航物流集团东港分公司的休息室已投入使用。",
                                  "调研组来到青岚远航物流集团东港分公司，察看休息室的使用情况。"])
def test_a_unit_in_a_phrase_or_as_a_place_visited_is_no_organisation(tmp_path, line):
    page = ("## 区总工会调研女职工休息室建设\n\n"
            "4月12日，青岚区总工会副主席一行调研女职工休息室建设情况。\n\n" + line + "\n")
    att, _corpus = _att(tmp_path, {"p.txt": page})
    assert not any("远航" in name for name in att.orgs)


def test_a_units_name_leads_to_its_womens_committee_when_that_has_the_reports(tmp_path):
    page = ("## 东岭市第三人民医院妇委会举办女职工健康讲座\n\n"
            "3月6日，东岭市第三人民医院妇委会举办女职工健康讲座，院工会主席王强出席。\n\n"
            "讲座邀请妇产科专家讲解常见疾病的预防，80余名女职工参加。\n")
    att, _corpus = _att(tmp_path, {"h.txt": page})
    committee = "东岭市第三人民医院妇委会"
    assert committee in att.orgs_with_sections() and "东岭市第三人民医院工会" in att.orgs
    assert resolve_org("东岭市第三人民医院", att).name == committee
    # Asked for by its union's name, the union is what the reader gets.
    assert resolve_org("东岭市第三人民医院工会", att).name != committee


def test_a_list_that_guides_or_supports_is_no_author_even_with_its_count(tmp_path):
    page = ("## 主播们有了自己的“娘家”\n\n"
            "青岚区直播行业工会联合会日前成立，牵头单位是青岚互动传媒公司，青岚区总工会和东港街道总工会给予指导。\n\n"
            "联合会将为主播和运营人员提供法律咨询和技能培训。\n")
    notice = ("## 关于组织女职工参加读书活动的通知\n\n"
              "读书活动的主办方是青岚日报社，青州市总工会女职工委员会、青州市妇联等5家单位给予支持。\n\n"
              "请各分会组织女职工踊跃参加。\n")
    att, _corpus = _att(tmp_path, {"z.txt": page, "n.txt": notice})
    assert "青岚区总工会" not in {s.org for s in att.sections}
    assert "青州市总工会" not in {s.org for s in att.sections}


def test_where_a_delegation_goes_is_not_who_goes(tmp_path):
    page = ("## 青州市总工会女职委赴外地考察女职工工作\n\n"
            "青州市总工会女职工委员会组织了一次考察。\n\n"
            "## （二）赴南川的考察\n\n"
            "7月19日至21日，一支由女职工干部组成的考察队伍来到南川市总工会，就女职工工作进行调研。"
            "考察组先后参观了两个社区的亲子工作室。\n")
    att, _corpus = _att(tmp_path, {"q.txt": page})
    assert {s.org for s in att.sections} == {"青州市总工会"}


def test_a_partner_that_we_work_with_is_not_the_speaker(tmp_path):
    page = ("## 青州市总工会女职委：搭建女职工关爱平台\n\n"
            "青州市总工会女职委这几年紧扣工会工作大局，搭起了关爱女职工的平台。\n\n"
            "## 二、关爱心理健康\n\n"
            "和青州市心理卫生协会一起，我们办了“心相约”心理健康活动，两千多名女职工参加。\n")
    att, _corpus = _att(tmp_path, {"q.txt": page})
    assert {s.org for s in att.sections} == {"青州市总工会"}


def test_a_sites_name_over_the_headline_is_not_the_pages_subject(tmp_path):
    page = ("青州市总工会\n\n"
            "# 东岭县总工会第二次女职工代表大会选出新一届女职委\n\n"
            "5月12日，东岭县总工会召开第二次女职工代表大会，选举产生新一届女职工委员会。\n")
    att, _corpus = _att(tmp_path, {"d.txt": page})
    assert {s.org for s in att.sections} == {"东岭县总工会"}


def test_a_pages_first_line_over_its_breadcrumb_is_the_site_not_the_subject(tmp_path):
    # 「青州工会　工会信息」 is neither a speaker's byline nor the page's subject
    page = ("青州工会　工会信息\n\n"
            "当前位置：首页 >> 东岭区总工会 >> 女职工工作\n\n"
            "# 东岭区工会女职工工作两则\n\n"
            "## 新建企业女职工委员会组建率过半\n\n"
            "东岭区总工会女职工委员会近年来先评估新建企业的经营状况，再帮助企业组建女职工委员会。"
            "目前全区新建企业中已有六成建立了女职工委员会。\n")
    att, _corpus = _att(tmp_path, {"s.txt": page})
    [org] = {s.org for s in att.sections}
    assert org.startswith("东岭区")


def test_the_body_a_notice_follows_or_reports_to_is_not_its_author(tmp_path):
    # a college union's notice: the provincial union issued the document it carries out
    # (with its number in brackets) and receives the works it sends on
    page = ("青川职业技术学院工会　>　工会通知\n\n"
            "# 关于组织女教职工参加读书征文活动的通知\n\n"
            "各分工会：\n\n"
            "浙江省教育工会女教职工委员会已经下发《关于开展读书征文活动的通知》（浙教工〔2023〕8号）。"
            "按照通知的要求，现将我院参加活动的事宜安排如下。请各分工会认真组织女教职工撰写征文。"
            "学院将对收到的征文进行评选，再向浙江省教育工会推荐。\n\n"
            "征文截止时间为2023年4月20日。\n\n"
            "院工会　　院女工委\n\n"
            "2023年3月6日\n")
    att, _corpus = _att(tmp_path, {"n.txt": page})
    assert {s.org for s in att.sections} == {"青川职业技术学院工会"}


def test_a_count_before_gonghui_is_no_name():
    from unionnlp.orgs.names import find_mentions

    text = "11月13日，青川供电公司举行了一场工会业务知识竞赛。"
    assert not any(m.is_org for m in find_mentions(text))
    assert [m.surface for m in find_mentions("八一农场工会")] == ["八一农场工会"]


def test_a_body_whose_anniversary_is_marked_and_an_offices_site_line_are_not_the_subject(tmp_path):
    page = ("青川市政务服务管理办公室\n\n"
            "# 青川供电公司举办工会业务知识竞赛\n\n"
            "11月13日，青川供电公司举办工会业务知识竞赛，主题为“携手同行”，为中华全国总工会成立100周年献礼。"
            "各基层工会组成的8支代表队参加了比赛。\n")
    att, _corpus = _att(tmp_path, {"c.txt": page})
    assert {s.org for s in att.sections} == {"青川供电公司"}


def test_a_verb_before_gonghui_ends_the_clause_it_is_no_name():
    from unionnlp.orgs.names import find_mentions

    assert not any(m.is_org for m in find_mentions("新春送暖到网点 青州快递小哥收到工会“年货”"))
    assert [m.surface for m in find_mentions("中通快递工会")] == ["中通快递工会"]


def test_a_superior_that_issued_the_document_the_page_carries_out_is_no_author(tmp_path):
    page = ("# 东岭市中心医院工会年度工作总结\n\n"
            "东岭市中心医院工会在上级工会和院党委的领导下，较好地完成了年度目标。\n\n"
            "## 一、以班组建家为抓手，打造中心医院品牌\n\n"
            "东岭市卫生健康委工会下发了《关于在卫生系统开展小家建设竞赛的通知》。"
            "按照通知精神，院工会把基层工会建设列为全年的重点工作，建成职工小家12个。\n")
    att, _corpus = _att(tmp_path, {"h.txt": page})
    assert {s.org for s in att.sections} == {"东岭市中心医院工会"}


def test_a_verb_before_gonghui_is_no_part_of_a_companys_name():
    from unionnlp.orgs.names import find_mentions

    found = find_mentions("国网青州供电公司举办工会业务知识技能竞赛")
    assert not any(m.surface.endswith("举办工会") for m in found)
    assert [m.surface for m in find_mentions("青州市委台办工会")] == ["青州市委台办工会"]  # 办 ends a name


def test_a_national_industry_unions_committee_for_a_city_is_the_citys():
    from unionnlp.orgs.names import find_mentions

    (m,) = find_mentions("中国教育工会乌鲁木齐市委员会第五次代表大会召开")
    assert m.surface == m.name == "中国教育工会乌鲁木齐市委员会"
    assert m.lineage[-1].name == "乌鲁木齐市"


def test_we_in_a_headline_is_the_unit_the_pages_credit_line_names(tmp_path):
    # An invented hospital page: 「我院」 in the headline, the hospital named only in 来源.
    page = ("# 我院两名护士获评市级巾帼标兵\n\n"
            "发布时间：2020年3月6日 10:20　来源：江城市第三人民医院\n\n"
            "日前，我院护士王芳、李丽在全市护理技能竞赛中获得一等奖，被授予“江城市巾帼标兵”称号。\n")
    att, _corpus = _att(tmp_path, {"h.txt": page})
    assert [o for o in att.orgs if o.startswith("江城市第三人民医院")] and "我院" not in att.orgs
