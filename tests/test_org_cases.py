"""Issue 14's cases: every kind of union body, on small invented pages of the same shapes.

Each file of ``tests/data/org_cases/`` is a short page written for this test (invented
people, figures and most names) in the structure of a kind of report the issue
lists: a committee's meeting, a mine that says only 「该矿工会女工委」, an autonomous
prefecture's short name, an agency's women's committee, a university abbreviation,
an exchange meeting with an enterprise speaker quoted last, a contest four
provincial unions host under the national federation's guidance, a platform
company, a provincial postal union, a name after 「……为」, a branch company, a
notice signed at its end, a speech's byline, an association's abbreviation and a
survey.  The development set is only read through its organisation list.
"""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, SEEDS

from unionnlp.corpus.load import load_corpus
from unionnlp.errors import OrgError
from unionnlp.orgs.attribution import attribute_orgs
from unionnlp.orgs.names import find_mentions, subject_unit
from unionnlp.orgs.resolve import list_orgs, org_tree, resolve_org

CASES = ROOT / "tests" / "data" / "org_cases"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CASES)


@pytest.fixture(scope="module")
def att(corpus):
    return attribute_orgs(corpus.documents)


def orgs_of_page(att, corpus, doc: str) -> set[tuple[str, ...]]:
    """The organisations of every attributed paragraph of a page."""
    d = next(x for x in corpus.documents if x.name == doc)
    return {att.orgs_of(doc, p.index) for p in d.paragraphs if att.orgs_of(doc, p.index)}


@pytest.mark.parametrize("doc, org", [
    ("a01_committee.txt", "浙江省总工会"),  # 浙江省工会女职委: the committee is its union
    ("a02_mine.txt", "淮岭能源集团石门煤矿工会"),  # 「该矿工会女工委」 → the mine named before
    ("a03_prefecture.txt", "延边朝鲜族自治州总工会"),  # 延边州总工会
    ("a04_agency.txt", "交通运输部东海救捞局工会"),  # an agency's 女职委
    ("a05_university.txt", "西京交通大学工会"),  # 西京交大工会 in the headline
    ("a06_exchange.txt", "滨湾区总工会"),  # not the enterprise whose speaker is quoted last
    ("a08_platform.txt", "美团工会"),
    ("a09_postal.txt", "中国邮政集团有限公司云南省分公司工会"),  # = 云南省邮政工会
    ("a10_glued.txt", "豫北理工大学工会"),  # 「焦原市妇女联合会为豫北理工大学工会颁发……」
    ("a11_branch.txt", "中国邮政集团有限公司中山市分公司工会"),
    ("a12_notice.txt", "东陵师范大学工会"),  # signed at its end
    ("a13_speech.txt", "南通市总工会"),  # the byline of a speech
    ("a14_assoc.txt", "江州市职工婚姻家庭协会"),  # the association, not the union whose leader attends
    ("a15_survey.txt", "临海市总工会"),  # 临海市总工会女职工委员会 ran the survey
])
def test_the_page_is_its_organisations(att, corpus, doc, org):
    assert orgs_of_page(att, corpus, doc) == {(org,)}


def test_a_joint_event_belongs_to_every_host_not_to_the_guide(att, corpus):
    hosts = ("湖南省总工会", "江西省总工会", "贵州省总工会", "广西壮族自治区总工会")
    assert orgs_of_page(att, corpus, "a07_joint.txt") == {hosts}
    section = att.sections_of("江西省总工会")[0]
    assert section.org == hosts[0] and section.orgs == hosts
    assert att.org_of("a07_joint.txt", section.paragraphs[0]) == hosts[0]  # the primary one
    assert "joint:" in section.evidence and "中华全国总工会" not in section.orgs
    for host in hosts:
        assert section in att.sections_of(host)


def test_a_joint_event_is_in_each_hosts_brief(tmp_path, monkeypatch):
    import shutil

    from unionnlp.briefs.selection import summarise

    monkeypatch.setenv("UNIONNLP_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "c"
    folder.mkdir()
    shutil.copy(CASES / "a07_joint.txt", folder / "a07_joint.txt")
    for host in ("湖南省总工会", "贵州省总工会"):
        brief = summarise(host, corpus=folder, max_chars=400)
        assert brief.org == host and brief.sentences
        assert all(s.org == host for s in brief.sentences)


@pytest.mark.parametrize("query, org", [
    ("浙江省总工会女职委", "浙江省总工会"),
    ("浙江省工会女职委", "浙江省总工会"),
    ("延边州", "延边朝鲜族自治州总工会"),
    ("延边州总工会", "延边朝鲜族自治州总工会"),
    ("延边", "延边朝鲜族自治州总工会"),
    ("东海救捞局", "交通运输部东海救捞局工会"),
    ("东海救捞局女职委", "交通运输部东海救捞局工会"),
    ("西京交大", "西京交通大学工会"),
    ("西京交大工会", "西京交通大学工会"),
    ("美团", "美团工会"),
    ("云南邮政", "中国邮政集团有限公司云南省分公司工会"),
    ("云南省邮政工会", "中国邮政集团有限公司云南省分公司工会"),
    ("中山邮政", "中国邮政集团有限公司中山市分公司工会"),
    ("江州职工婚协", "江州市职工婚姻家庭协会"),
    ("婚协", "江州市职工婚姻家庭协会"),
    ("滨湾区", "滨湾区总工会"),
    ("石门煤矿", "淮岭能源集团石门煤矿工会"),
])
def test_natural_short_names_resolve(att, query, org):
    assert resolve_org(query, att).name == org


def test_no_half_word_short_names(att):
    branch = att.orgs["中国邮政集团有限公司中山市分公司工会"]
    assert not any(name.endswith("分") for name in branch.short_names)


@pytest.mark.parametrize("query, never", [
    ("华中交大", ["湖南省总工会", "江西省总工会"]),  # another university: not a province by one character
    ("南海救助局", ["湖南省总工会", "江西省总工会"]),
])
def test_closest_by_meaning(att, query, never):
    with pytest.raises(OrgError) as err:
        resolve_org(query, att)
    message = str(err.value)
    for name in never:
        assert name not in message


def test_closest_names_the_same_kind(att):
    with pytest.raises(OrgError) as err:
        resolve_org("华中交大", att)
    assert "closest: 西京交通大学工会" in str(err.value) or "closest: 豫北理工大学工会" in str(err.value)


@pytest.mark.parametrize("text, surface", [
    ("焦作市妇女联合会为河南理工大学工会授牌", "河南理工大学工会"),
    ("会议在郑州市总工会召开", "郑州市总工会"),
    ("活动由中建二局工会承办", "中建二局工会"),
    ("市总工会与华岳建设集团工会联合举办", "华岳建设集团工会"),
    ("区总工会联合鲜蜂外卖工会开展慰问", "鲜蜂外卖工会"),
    ("中国科学院东北地理与农业生态研究所工会举办", "中国科学院东北地理与农业生态研究所工会"),
    ("美团工会和顺丰工会", "顺丰工会"),
    ("本次大会由崇明区教育局女职委、区教育工会共同主办", "崇明区教育局工会"),  # 由崇明 is no person
    ("京东集团第一届工会会员代表大会召开", "京东集团工会"),  # the union's term is not its name
    ("龙家坪矿业公司工会召开座谈会", "龙家坪矿业公司工会"),  # a family name's 家 inside a place's name
    ("黔中油气田东坡作业区女工委成立巾帼建功队", "黔中油气田东坡作业区工会"),  # an oilfield's work area
    ("宜州三中工会组织女教师参加比赛", "宜州三中工会"),  # a school by its number
])
def test_a_name_is_cut_at_its_true_boundary(text, surface):
    assert surface in [m.surface for m in find_mentions(text) if m.is_org]


@pytest.mark.parametrize("text, never", [
    ("按支行工会的部署，各网点逐级推荐，最后报到支行工会。", ("按", "到")),  # prepositions
    ("李秀兰当选新一届校工会女职工委员会主任", ("新一届",)),  # a term of office before the name
])
def test_the_clause_before_a_name_is_none_of_it(text, never):
    surfaces = [m.surface for m in find_mentions(text)]
    assert surfaces and not any(word in surface for surface in surfaces for word in never)


def test_a_building_named_after_a_union_is_no_union():
    assert find_mentions("比赛地点设在安阳工会大厦") == []


@pytest.mark.parametrize("text, surface", [
    ("“春风十里 巾帼同行”——中铁九局沈阳公司多彩活动迎接三八节", "中铁九局沈阳公司"),  # a numbered bureau
])
def test_a_unit_named_without_its_union(text, surface):
    assert [m.surface for m in find_mentions(text) if m.kind == "unit"] == [surface]


@pytest.mark.parametrize("headline, subject", [
    ("中国二重多名女职工节前获表彰", "中国二重"),  # the count after the name is none of it
    ("王丽华当选新一届校工会女职工委员会主任", None),  # who is elected is a person
])
def test_the_unit_a_headline_is_about(headline, subject):
    found = subject_unit(headline)
    assert (found.surface if found else None) == subject


@pytest.mark.parametrize("text, kind", [
    ("云南省邮政工会", "industry"),
    ("山西省卫生健康系统工会", "industry"),
    ("中华全国铁路总工会", "industry"),
    ("交通运输部南海救助局工会", "agency"),
    ("广汉市税务局工会", "agency"),
    ("铁岭市妇婴医院工会", "institution"),
    ("凯里工务段工会", "enterprise"),
    ("中铁十八局集团有限公司工会", "enterprise"),
    ("长庆油田第八采油厂工会", "enterprise"),
    ("京东集团工会", "enterprise"),
    ("宜州三中工会", "institution"),
    ("黄州工业园区工会联合会", "zone"),
    ("西安市雁塔区长丰街道总工会", "zone"),
    ("湘西州总工会", "territorial"),
    ("湘西自治州总工会", "territorial"),
    ("下花园区总工会", "territorial"),  # a district whose name ends like a park's (园区)
])
def test_every_kind_of_union_body(text, kind):
    hits = [m for m in find_mentions(text) if m.is_org]
    assert [(m.surface, m.kind) for m in hits] == [(text, kind)]


def test_the_seeds_short_name_of_the_association():
    att = attribute_orgs(load_corpus(SEEDS).documents)
    org = resolve_org("北京职工婚协", att)
    assert org.name == "北京职工婚姻家庭建设协会" and org.kind == "association"
    assert resolve_org("婚协", att) is org


def test_explain_says_what_the_headline_names(tmp_path):
    page = "## 在全国总工会支持下 女职工读书月启动\n\n在全国总工会的指导下，各地开展女职工读书月活动，参与者达3万人。\n"
    (tmp_path / "p.txt").write_text(page, encoding="utf-8")
    att = attribute_orgs(load_corpus(tmp_path).documents)
    why = att.why_unattributed("p.txt", 1)
    assert "no union" not in why and "中华全国总工会" not in why and "全国总工会" in why and "指导" in why


def test_listing_and_tree(att, corpus):
    with_text = {r.name for r in list_orgs(att, corpus.documents, with_text_only=True)}
    everything = {r.name for r in list_orgs(att, corpus.documents)}
    assert "吉林省总工会" in everything and "吉林省总工会" not in with_text  # encloses 延边 only
    mentioned = {r.name for r in list_orgs(att, corpus.documents, include_mentioned=True)}
    assert everything <= mentioned and "中华全国总工会" in mentioned
    assert "延边朝鲜族自治州总工会" in with_text
    tree = {org.name: (depth, has_text) for depth, org, has_text in org_tree(att)}
    assert tree["吉林省总工会"] == (1, False)
    assert tree["延边朝鲜族自治州总工会"] == (2, True)


def test_cli_orgs_tree_and_default_listing(cli):
    tree = cli("orgs", "--corpus", str(CASES), "--tree")
    assert tree.exit_code == 0
    assert "吉林省总工会  [province]  (not in the corpus" in tree.stdout
    plain = cli("orgs", "--corpus", str(CASES))
    assert "延边朝鲜族自治州总工会" in plain.stdout
    assert "\n吉林省总工会\t" not in plain.stdout
    assert "吉林省总工会\t" in cli("orgs", "--corpus", str(CASES), "--all").stdout


# --- the development set, read as data: its organisation list -----------------------


def test_dev_organisations_are_listed_with_names_and_parents():
    dev = ROOT / "dev"
    gold = {o["name"]: o for o in json.loads((dev / "orgs.json").read_text(encoding="utf-8"))}
    loaded = load_corpus(dev / "reports")
    att = attribute_orgs(loaded.documents)
    rows = {r.name: r for r in list_orgs(att, loaded.documents, with_text_only=True)}
    for name in ("延边朝鲜族自治州总工会", "郓城县总工会", "上海市崇明区教育工会", "交通运输部南海救助局工会",
                 "西安交通大学工会", "中国科学院东北地理与农业生态研究所工会"):
        assert rows[name].parent == gold[name].get("parent"), name
    right = sum(1 for name, g in gold.items() if name in rows and rows[name].parent == g.get("parent"))
    assert right >= 19


def test_company_forms_alone_name_no_one(tmp_path):
    # 「集团有限公司工会」 and 「集团工会」 refer back; they never join two companies into one.
    (tmp_path / "a.txt").write_text(
        "## 华岳建设集团有限公司工会召开女职工大会\n\n近日，华岳建设集团有限公司工会召开女职工大会。"
        "集团有限公司工会女工委主任作报告。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "## 北辰能源集团工会开展技能比武\n\n近日，北辰能源集团工会开展女职工技能比武。集团工会还组织了培训。\n",
        encoding="utf-8")
    att = attribute_orgs(load_corpus(tmp_path).documents)
    assert {s.org for s in att.sections} == {"华岳建设集团有限公司工会", "北辰能源集团工会"}
    for org in att.orgs.values():
        assert not {"集团", "集团工会", "公司工会", "有限公司"} & set(org.short_names)
