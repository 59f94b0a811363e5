"""Recognising union bodies in text: territorial, industry, national, unit unions and more.

``find_mentions`` finds the union bodies a text names:

* territorial unions (省/市/区/县/自治州/盟/旗总工会, short forms such as 延边州总工会,
  a province's 工会 written without 总: 浙江省工会女职委), development zones and
  parks (北京经济技术开发区总工会, 大亚湾区总工会, 黄州工业园区工会联合会), streets
  and towns (长丰街道总工会);
* industry and system unions (区教育工会, 云南省邮政工会, 中国教育工会, 省教科文卫体工会);
* the national federation (中华全国总工会, 全国总工会, 全总);
* unit unions: enterprises (集团/公司/分公司/分行/支行/局/厂/矿/段, platform companies
  whose names the dictionary does not know, 美团工会), institutions (大学, 学校, 医院,
  研究所), government agencies (税务局, 救助局) and associations (婚协, 红娘联盟);
* a union's women's committee (女职工委员会, 女职委, 女工委, 妇委会, 女教职工委员会):
  the same organisation as its union, with ``committee`` set;
* pronoun-like references (该矿工会, 该公司工会, 院工会, 本单位), kind ``ref``, which
  :mod:`unionnlp.orgs.sections` resolves to the unit named before;
* units named without their union (兖矿集团杨村煤矿), kind ``unit``: what references
  resolve to, never an organisation by themselves.

Where a name starts is decided by jieba's part-of-speech tags (a private
tokenizer, HMM off, loaded on first use) together with the suffix grammar of
organisation names: verbs, prepositions and conjunctions (为, 在, 由, 与, 联合…)
end the words before a name, so 「焦作市妇女联合会为河南理工大学工会」 names
河南理工大学工会.  Places are read against :mod:`unionnlp.orgs.gazetteer`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from unionnlp.orgs.gazetteer import Place, gazetteer
from unionnlp.text.lazyre import lazy_re

NATIONAL = "中华全国总工会"

_CJK = lazy_re(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# Characters a name is written with; anything else (punctuation, spaces) ends it.
_NAME_CHAR = lazy_re(r"[\u3400-\u4dbf\u4e00-\u9fff0-9０-９A-Za-z·]")
_ZONE = lazy_re(
    r"(?:经济技术开发区|高新技术产业开发区|高新技术开发区|经济开发区|高新区|开发区|保税区|"
    r"工业园区|产业园区|工业园|产业园|科技园|园区|新区)$"
)
# Territorial units below the gazetteer's counties, or not in it (大亚湾区, 长丰街道).
_LOCAL_UNIT = lazy_re(r"(?:街道|镇|乡|社区|区|县|市|旗|州|盟|园区|开发区|新区|工业园|产业园|农场|林场)$")
_INDUSTRY = lazy_re(
    r"(?:教科文卫体|教科文卫|卫生健康|教育|产业|金融|铁路|民航|邮政|邮电|卫生|医务|交通|能源|国防|"
    r"机械|农林|财贸|海员|建设|建筑|电力|水利|石油|化工|冶金|纺织|轻工|商业|供销|科技|文化|旅游|"
    r"电子|煤矿|林业|农业|粮食|税务|审计|公安|司法|检察|法院|城建|交通运输)(?:系统)?$"
)
# The last word of a unit's name, and what kind of unit it makes.
_UNIT_SUFFIX = lazy_re(
    r"(?:有限责任公司|股份有限公司|有限公司|分公司|子公司|公司|集团|分行|支行|银行|信用社|"
    r"研究院|研究所|设计院|科学院|大学|学院|学校|中学|(?<=[一二三四五六七八九十])中|小学|幼儿园|医院|卫生院|保健院|中心|"
    r"煤矿|矿业|矿|厂|作业区|工务段|机务段|车务段|电务段|供电段|段|车间|局|处|署|部|委|厅|办|站|所|"
    r"协会|学会|联盟|促进会|研究会|商会|联合会|物业|快递|外卖|速运|出行|港|港口|机场|油田|电厂|电站|商场|超市|"
    r"酒店|宾馆|银行|保险|证券|电网|供电|报社|出版社|电视台|馆|院|校|园|场|店)$"
)
_INSTITUTION_SUFFIX = lazy_re(
    r"(?:大学|学院|学校|中学|(?<=[一二三四五六七八九十])中|小学|幼儿园|医院|卫生院|保健院|研究院|研究所|设计院|"
    r"科学院|报社|出版社|馆|校|院)$"
)
_AGENCY_SUFFIX = lazy_re(r"(?:局|处|署|部|委|厅|办|法院|检察院)$")
_ENTERPRISE_BUREAU = lazy_re(r"[一二三四五六七八九十]+局$")  # 中建二局, 中铁十八局: companies
_BUILDING = lazy_re(r"大厦|大楼|礼堂|会堂|宾馆|酒店|饭店")
_NUMBERED_BUREAU = lazy_re(r"中[\u4e00-\u9fff][一二三四五六七八九十]+局")
_ASSOCIATION_SUFFIX = lazy_re(r"(?:协会|学会|联盟|促进会|研究会|商会|联合会)$")
# People's organisations beside the unions: partners, never a union body.
_NOT_UNION_BODIES = lazy_re(
    r"(?:妇女联合会|妇联|残疾人联合会|残联|工商业联合会|工商联|文学艺术界联合会|文联|归国华侨联合会|"
    r"侨联|青年联合会|青联|科学技术协会|科协|红十字会|作家协会|计划生育协会)$"
)
_COMMITTEE = lazy_re(
    r"女职工委员会|女教职工委员会|女工委员会|女职委|女工委|妇女工作委员会|妇工委|妇委会|妇女委员会|女职工部|女工部"
)
# Pronoun-like references: 该矿 / 本公司 / 我院 … before 工会 (or alone: 本单位).
_REF = lazy_re(
    r"(?:该|本|我|其|此)(分公司|子公司|公司|集团|单位|分行|支行|银行|矿|厂|院|校|行|局|段|中心|站|所|处|部|"
    r"场|园|店|医院|学校|大学|学院)$"
)
_BARE_REFS = frozenset(
    {"公司", "分公司", "子公司", "集团", "集团公司", "院", "校", "行", "分行", "支行", "矿", "厂", "局",
     "段", "中心", "医院", "学校", "学院", "大学", "站", "所"}
)
_TIME_WORDS = lazy_re(
    r"^(?:近日|日前|今年|去年|目前|同时|其中|此外|近年来|近年|当天|当日|随后|为此|此前|今后|下一步|"
    r"上午|下午|晚上|期间|会上|会后|会议期间)"
)
_GENERIC_UNITS = frozenset(
    {"基层", "地方", "企业", "上级", "本级", "同级", "职工", "机关", "单位", "集团", "公司",
     "会员", "广大", "非公企业", "基层单位", "用人单位", "专职", "行业", "产业", "女职工", "教职工",
     "各级", "全市", "全省", "全区", "全县", "全国", "所属", "下属", "二级", "三级", "新就业形态",
     "区域性", "行业性", "联合", "企业联合", "平台", "楼宇", "项目", "分", "各", "市级", "省级", "县级",
     "区级", "乡镇", "村", "社区", "园区", "工厂", "车间", "班组", "分会", "部门", "系统", "中国工会",
     "新兴领域", "非公", "小微企业", "直属", "市直", "省直", "区直", "县直", "基层工会", "当地", "各地",
     "有关", "相关", "上述", "两级", "三级工会", "驻地", "属地", "独立", "联合基层", "行政", "党政", "中国",
     "中华", "国家", "新一届", "下一阶段", "本届", "上届", "首都"}
)
_COMPANY_FORMS = lazy_re(r"股份有限公司|有限责任公司|有限公司|集团|公司")
_ABBREVIATION = lazy_re(
    r"([\u4e00-\u9fff0-9]{2,30})[（(]\s*(?:以下简称|下称|简称)[：:]?\s*[“\"「]?([\u4e00-\u9fff]{2,12})[”\"」]?\s*[）)]"
)
_ALL_ZONG = lazy_re(r"全总(?!工会)")
_BRACKET_BEFORE = lazy_re(r"(?<=[\u4e00-\u9fff])[（(][\u4e00-\u9fff]{2,14}[）)]$")
_FEDERATION_SHORT = lazy_re(r"工联(总会|会)")
# The unions of several places together (两地工会, 漳州、南平等地工会): no one body.
_PLACES_TOGETHER = lazy_re(r"(?:两|三|四|多|等|各|外)地$")
# Women's committees that are not a union's (a unit's 妇女委员会 works beside its union).
_WOMENS_COMMITTEE = lazy_re(r"妇女工作委员会|妇工委|妇委会|妇女委员会")
_COMMITTEE_AFTER = lazy_re(
    r"(?:第[一二三四五六七八九十百\d]+届|[一二三四五六七八九十百\d]+届)?(?:" + _COMMITTEE.pattern + ")"
)

# Words and characters that end the words before a name (a name never contains them
# as words of their own).
_FUNCTION_CHARS = frozenset("为在由与和及同向对把被将给让从于以并也还又都已等的了是着过即且或而经据按到跟替请家名个位批项年月日号供暨讯")
_PREVIOUS_NAME_END = lazy_re(r"工会(?:联合会|委员会)?|女职工委员会|女职委|女工委|妇委会")
_TERM = r"(?:第[一二三四五六七八九十百\d]+届|[一二三四五六七八九十百\d]+届)?"
_BREAK_WORDS = frozenset(
    {"联合", "会同", "携手", "协同", "指导", "支持", "组织", "举办", "召开", "开展", "邀请", "以及",
     "通过", "按照", "根据", "依托", "作为", "代表", "获评", "获得", "荣获", "授予", "命名", "表彰",
     "评为", "参加", "出席", "来自", "走进", "深入", "带领", "率领", "推动", "推荐", "成立", "组建",
     "牵头", "主办", "承办", "协办", "发起", "启动", "举行", "关于", "对于", "面向", "针对", "其中",
     "同时", "此外", "今年", "去年", "近日", "日前", "目前", "为了", "由于", "并且", "以来", "共同",
     "分别", "先后", "相继", "积极", "主动", "认真", "持续", "不断", "首次", "再次", "联手", "全国",
     "感谢", "慰问", "走访", "看望", "调研", "参观", "考察", "学习", "观摩", "前往", "来到", "成为",
     "加入", "协调", "督促", "帮助", "推进", "促进", "引导", "动员", "号召", "要求", "鼓励", "委托",
     "聘请", "聘任", "选派", "派出", "安排", "部署", "包括", "涵盖", "覆盖", "介绍", "表示", "指出",
     "强调", "认为", "获悉", "了解", "据悉", "报道", "发布", "印发", "出台", "签订", "签署", "选举",
     "当选", "担任", "隶属", "所属", "属于", "协助", "配合", "参与", "入选", "荣膺", "颁发", "授牌"}
)
_BREAK_FLAGS = frozenset(
    {"v", "vd", "vi", "vq", "p", "c", "u", "ud", "ug", "uj", "ul", "uv", "uz", "r", "rr", "rz", "t", "tg",
     "d", "y", "e", "o", "w", "x", "q", "z"}
)
_NAME_WORDS = frozenset({"高新", "联合会", "工会", "中心", "实验", "示范"})
# A person's title ends the words before a name (副院长孙某和院工会主席).
_TITLE_WORDS = frozenset({"院长", "副院长", "校长", "副校长", "局长", "副局长", "主席", "副主席", "书记", "副书记",
                          "部长", "副部长", "主任", "副主任", "经理", "总经理", "处长", "科长", "所长", "站长",
                          "厂长", "行长", "董事长", "委员", "党委委员", "常委", "主任科员", "同志", "代表"})
_PROPER_FLAGS = frozenset({"ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng"})
_INNER_CONJ_SUFFIX = lazy_re(r"(?:研究所|研究院|研究中心|学院|大学|协会|学会|实验室|中心)$")


@dataclass(frozen=True)
class Mention:
    """A union body named in a text: where, as written, and what it is.

    ``surface`` is the union's name as written (for a committee, without the
    committee's words, which are in ``committee``); ``name`` is the full name
    when it is known from the text alone.
    """

    start: int
    end: int
    surface: str
    # national | territorial | zone | industry | enterprise | institution | agency |
    # association | ref | unit | other
    kind: str
    name: str | None = None
    lineage: tuple[Place, ...] = ()
    bare: str = ""  # 省/市/区/县 when the place is left implicit ("市总工会")
    industry: str = ""  # 教育, 邮政 … for industry unions
    committee: str = ""  # 女职工委员会, 女职委 … when the committee is named
    ref: str = ""  # 矿, 公司, 单位 … for a reference to the unit named before
    # A women's committee of a unit (医院妇女委员会, 妇工委): not a union's committee, an
    # organisation of its own (``surface`` and ``name`` are the committee's name).
    committee_only: bool = False
    # One of the bodies a pair abbreviation stands for (江澳工会: the 江门 and the 澳门
    # unions the page names): the abbreviation as written.
    pair: str = ""
    # The union's name is inferred from its unit's (崇明区教育局女工委 → 崇明区教育局工会):
    # the text does not write it.
    inferred: bool = False

    @property
    def stem(self) -> str:
        """The name without its 工会 / 总工会 ending."""
        s = self.surface
        for tail in ("工会联合会", "总工会", "工会"):
            if s.endswith(tail) and len(s) > len(tail):
                return s[: -len(tail)]
        return s

    @property
    def unit_name(self) -> str:
        """The unit a mention names, without its union's or committee's words."""
        if self.committee_only and self.committee and (self.name or "").endswith(self.committee):
            return self.name[: -len(self.committee)]
        if self.kind == "unit":
            return self.surface
        return self.stem

    @property
    def is_org(self) -> bool:
        """True for a mention that names an organisation (not a reference, unit or word)."""
        return self.kind not in ("other", "unit", "ref", "partner")


@dataclass
class _DocContext:
    abbreviations: dict[str, str] = field(default_factory=dict)
    provinces: Counter = field(default_factory=Counter)
    cities: Counter = field(default_factory=Counter)


# ---------------------------------------------------------------------------
# jieba, loaded on first use
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _pos_tokenizer():
    """jieba's part-of-speech tokenizer over the project's private tokenizer, its
    word → tag table read from the user cache (parsing it costs about 1 s a process)."""
    import io
    import sys
    import warnings

    from unionnlp.themes.features import jieba_tokenizer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jieba imports the deprecated pkg_resources
        import jieba

        if "jieba.posseg" not in sys.modules:
            # Importing jieba.posseg builds a global POSTokenizer, whose constructor
            # parses jieba's 5 MB dictionary for the tags (0.5 s).  Let it read an empty
            # file; its table is filled below from the copy in the user cache.
            real = jieba.Tokenizer.get_dict_file
            jieba.Tokenizer.get_dict_file = lambda self: io.BytesIO()
            try:
                import jieba.posseg
            finally:
                jieba.Tokenizer.get_dict_file = real
        import jieba.posseg

    tokenizer = jieba_tokenizer()
    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    pos.tokenizer = tokenizer
    pos.word_tag_tab = _word_tags(pos)
    if not jieba.posseg.dt.word_tag_tab:  # the global one is whole again, for anyone who uses it
        jieba.posseg.dt.word_tag_tab = pos.word_tag_tab
    return pos


def _word_tags(pos) -> dict[str, str]:
    """jieba's word → part-of-speech table: from a copy in the user cache made for this
    dictionary file (path, size, mtime), else parsed by jieba and copied there."""
    import hashlib
    import marshal
    import os

    import jieba

    from unionnlp.paths import cache_dir

    # The tokenizer's own dictionary, or jieba's default that ships inside the package.
    dict_path = os.path.abspath(pos.tokenizer.dictionary or os.path.join(os.path.dirname(jieba.__file__),
                                                                        jieba.DEFAULT_DICT_NAME))
    try:
        st = os.stat(dict_path)
        key = f"{dict_path}\0{st.st_size}\0{st.st_mtime_ns}"
    except OSError:
        key = None
    folder = cache_dir()
    cached = None
    if key is not None and folder is not None:
        cached = folder / f"jieba-word-tags-{hashlib.sha256(key.encode('utf-8', 'surrogateescape')).hexdigest()[:16]}"
        try:
            table = marshal.loads(cached.read_bytes())
            if isinstance(table, dict) and table:
                return table
        except (OSError, EOFError, ValueError, TypeError):
            pass  # absent or damaged: parse again
    pos.load_word_tag(pos.tokenizer.get_dict_file())
    if cached is not None:
        scratch = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        try:
            scratch.write_bytes(marshal.dumps(pos.word_tag_tab))
            os.replace(scratch, cached)
        except OSError:
            scratch.unlink(missing_ok=True)  # no cache this time; nothing lost
    return pos.word_tag_tab


@lru_cache(maxsize=50000)
def _tag(text: str) -> tuple[tuple[str, str, int], ...]:
    """(word, part of speech, start) of ``text``, HMM off (it invents words)."""
    out = []
    pos = 0
    for pair in _pos_tokenizer().lcut(text, HMM=False):
        out.append((pair.word, pair.flag, pos))
        pos += len(pair.word)
    return tuple(out)


def _breaks(tokens, i: int, right: str) -> bool:
    """Does token ``i`` end the words before a name whose words to its right are ``right``?"""
    word, flag, _ = tokens[i]
    if _COUNT_WORD.fullmatch(word):
        return True  # 「举行了一场工会业务知识竞赛」: a count, not a 场 (农场) of a name
    if word in _NAME_WORDS or (len(word) >= 2 and _UNIT_SUFFIX.search(word)):
        return False
    if word.endswith("届") and not word.startswith("第"):
        # 「当选新一届校工会女教职工委员会主任」: a term before a name is none of it (a 第一届
        # after a name is cut where the union is read)
        return True
    if len(word) == 1:
        if word == "家" and i > 0 and len(tokens[i - 1][0]) == 1 and tokens[i - 1][1] in ("n", "ng", "nr", "ns") \
                and right[:1] not in _FUNCTION_CHARS:
            return False  # 龙家堡矿业公司: a family name's 家 inside a place's name, not a count's
        if word not in _FUNCTION_CHARS:
            return False
        if word in "与和及" and i > 0:
            # 东北地理与农业生态研究所: a conjunction inside a research body's name.
            left_word, left_flag = tokens[i - 1][0], tokens[i - 1][1]
            if left_flag == "n" and not _UNIT_SUFFIX.search(left_word) and \
                    not left_word.endswith("工会") and _INNER_CONJ_SUFFIX.search(right) and \
                    any(t[1] in ("nt", "nz") for t in tokens[:i]):
                return False
        return True
    if word in _BREAK_WORDS or word in _TITLE_WORDS:
        return True
    nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    if flag.startswith("v") and _UNIT_SUFFIX.fullmatch(nxt) and (
            len(nxt) >= 2 or _rare(word) or (i > 0 and (tokens[i - 1][1] in _PROPER_FLAGS or _rare(tokens[i - 1][0])))):
        return False  # 南海救助局, 巴东供电所: a verb naming what the unit does (not 他希望局, 借助校)
    if flag == "a" and len(nxt) == 1 and _UNIT_SUFFIX.fullmatch(nxt) and right == nxt:
        return True  # 平和院工会: an adjective before a bare 院/校/局 is no name's
    if flag.startswith("v") and all(t[1].startswith("v") and t[0] not in _BREAK_WORDS for t in tokens[:i]) \
            and re.search(r"(?:公司|集团|中心|平台)$", right) and not _tag(right)[0][1].startswith("v"):
        return False  # 如意出行科技有限公司: verbs that open the clause open a company's name
    if flag.startswith("v") and i > 0 and (tokens[i - 1][1] in _PROPER_FLAGS or _rare(tokens[i - 1][0])):
        return False  # a verb between the words of a name
    if flag == "m":
        # 3家, 首个, 首家: a count or an ordinal before a name (第一 opens 第一港务分公司).
        return word[0] != "第" and (any(ch.isdigit() or ch in "两几多余数" for ch in word) or word[0] == "首")
    if flag == "f":
        return True
    return flag in _BREAK_FLAGS


def _rare(word: str) -> bool:
    """A word the dictionary hardly knows (滴滴, 救捞), or does not know at all."""
    return len(word) >= 2 and _pos_tokenizer().tokenizer.FREQ.get(word, 0) < 50


def _name_start(text: str, end: int, limit: int = 30) -> int:
    """Where the name ending at ``end`` starts: back over name characters, then cut
    at the last word (by its part of speech) that cannot be part of a name."""
    start = end
    while start > 0 and end - start < limit and _NAME_CHAR.match(text[start - 1]):
        start -= 1
    # A name never runs back over another union's name (美团工会和顺丰工会).
    for m in _PREVIOUS_NAME_END.finditer(text, start, end):
        start = max(start, m.end())
    window = text[start:end]
    if not window:
        return end
    tokens = _tag(window)
    last, last_flag, _ = tokens[-1]
    if last_flag == "v" and text.startswith("工会", end) and not _UNIT_SUFFIX.fullmatch(last) \
            and not _INDUSTRY.fullmatch(last) and not _rare(last) and len(last) >= 2 and len(tokens) > 1:
        return end  # 「太原快递小哥收到工会“年货”」: a verb right before 工会 is the clause's, no name's
    cut = len(tokens)
    while cut > 0 and not _breaks(tokens, cut - 1, window[tokens[cut - 1][2] + len(tokens[cut - 1][0]):]):
        cut -= 1
    offset = tokens[cut][2] if cut < len(tokens) else len(window)
    # 由崇明 read as a person's name: a preposition glued to the place after it.
    for word, flag, pos in tokens[cut:]:
        if len(word) >= 3 and word[0] in _LEADING_CONJ and flag in ("nr", "nrt", "nz", "ns") \
                and not gazetteer().lookup(word):
            offset = max(offset, pos + 1)
    stem = window[offset:]
    # 和顺丰: the dictionary glued a conjunction to the name after it.
    if len(stem) >= 3 and stem[0] in _LEADING_CONJ and not _starts_with_division(stem):
        offset += 1
        stem = stem[1:]
    time = _TIME_WORDS.match(stem)
    if time and len(stem) > time.end():
        offset += time.end()
    return start + offset


_COUNT_WORD = re.compile(r"[一二三四五六七八九十百千万]+[场个家次项批支名位所座条期]")
_LEADING_CONJ = frozenset("和与及为在由同向对把被将给让从并")


def _starts_with_division(stem: str) -> bool:
    """和平区…, 和田地区…: the first character belongs to an official division name."""
    gaz = gazetteer()
    for k in range(min(len(stem), 8), 2, -1):
        if stem[k - 1] in "省市区县州旗盟" and gaz.lookup(stem[:k]):
            return True
    return False


def _is_proper(stem: str) -> bool:
    """A name of its own (美团, 中通, 京东): a dictionary name, or characters the
    dictionary does not know as a word, and not a generic word."""
    if stem in _GENERIC_UNITS or len(stem) < 2 or stem[0] in "各全本该每此其这那" or stem[-1] in "级型":
        return False
    tokens = _tag(stem)
    # A name opens with a name: a place, an organisation, a brand (京东, 中国邮政).
    if tokens[0][1] in _PROPER_FLAGS and tokens[0][1] != "j":
        return True
    # 中铁七局武汉: a state builder's numbered bureau (中铁七局, 中建三局) opens a company's name.
    if _NUMBERED_BUREAU.match(stem):
        return True
    # A word the dictionary knows only as rare (滴滴), standing alone.
    freq = _pos_tokenizer().tokenizer.FREQ
    if len(tokens) == 1 and len(stem) >= 2 and freq.get(stem, 0) < 10 and tokens[0][1][0] not in "vadlj":
        return True
    # Characters the dictionary does not know as a word (美团), none a verb (做优).
    if len(stem) <= 4 and all(len(w) == 1 for w, _, _ in tokens):
        return not any(f[0] in "vdzc" for _, f, _ in tokens)
    return False


# ---------------------------------------------------------------------------
# Context of a document
# ---------------------------------------------------------------------------


def _context_of(text: str) -> _DocContext:
    ctx = _DocContext()
    gaz = gazetteer()
    for _, place in gaz.places_in(text):
        lineage = gaz.lineage(place)
        ctx.provinces[lineage[0].code] += 1
        if len(lineage) >= 2:
            ctx.cities[lineage[1].code] += 1
    for m in _ABBREVIATION.finditer(text):
        full_end = m.start(1) + len(m.group(1))
        start = _name_start(text, full_end)
        full, short = text[start:full_end], m.group(2)
        if len(full) > len(short):
            ctx.abbreviations[short] = full
    for m in _BRACKETED_NAME.finditer(text):
        window = text[max(0, m.start() - 30) : m.start()]
        before = [x for x in find_mentions_plain(window, ctx) if x.end == len(window) and x.kind != "ref"]
        full = before[-1].surface if before else window[_name_start(window, len(window)) :]
        short = m.group(1)
        if short in ctx.abbreviations or short == full:
            continue
        if (_names_a_body(full, ctx) and (_names_a_body(short, ctx) or _name_like(short))) or \
                (_names_a_body(short, ctx) and _name_like(full)):
            ctx.abbreviations[short] = full
    return ctx


def _name_like(text: str) -> bool:
    """Ends like a unit's name (市六院, 国电能源院) and is not a generic word."""
    return len(text) >= 3 and text not in _GENERIC_UNITS and bool(_UNIT_SUFFIX.search(text)) \
        and bool(_COMPANY_FORMS.sub("", text))


# A name with another name of the same body in brackets after it:
# 「惠州滨海经济技术开发区总工会（滨海区总工会）」, 「东岭市人民医院（市一院）」; not a
# company form inside a name (「中国建筑一局（集团）有限公司」).
_BRACKETED_NAME = lazy_re(r"(?<=[\u4e00-\u9fff])[（(]([\u4e00-\u9fff]{2,14})[）)](?!有限|股份|公司|集团)")


def _names_a_body(text: str, ctx: _DocContext) -> bool:
    """The whole of ``text`` is the name of a union body or a unit (not a word)."""
    if len(text) < 2 or text in _GENERIC_UNITS or not _COMPANY_FORMS.sub("", text):
        return False
    for m in find_mentions_plain(text, ctx):
        if m.start == 0 and m.end == len(text) and m.kind != "ref":
            return m.kind != "other" or bool(_UNIT_SUFFIX.search(m.stem))
    if _UNIT_SUFFIX.search(text):
        head = text[: _UNIT_SUFFIX.search(text).start()]
        return len(head) >= 2 and (_is_proper(head) or bool(gazetteer().resolve(head)) or bool(_UNIT_SUFFIX.search(head)))
    return False


_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


def place_title(lineage: tuple[Place, ...]) -> str:
    """A place as a union writes it in its own name: a province or a prefecture by its
    own name (河南省, 洛阳市, 延边朝鲜族自治州), a municipality's district with the
    municipality (北京市海淀区), a county by its own name unless another county shares
    it (临海市, 郓城县; 南京市鼓楼区)."""
    if not lineage:
        return ""
    last = lineage[-1]
    if len(lineage) == 1 or last.level == "city":
        return last.name
    if lineage[0].name in _MUNICIPALITIES:
        return lineage[0].name + last.name
    if len(gazetteer().lookup(last.name)) == 1:
        return last.name
    return "".join(p.name for p in lineage[1:]) if len(lineage) > 2 else "".join(p.name for p in lineage)


def territorial_union_name(lineage: tuple[Place, ...]) -> str:
    """Full name of the union of a place, as it calls itself: 北京市海淀区总工会,
    洛阳市总工会, 延边朝鲜族自治州总工会 (see :func:`place_title`)."""
    return place_title(lineage) + "总工会"


def _place_prefix(stem: str, ctx: _DocContext) -> tuple[int, tuple[Place, ...]]:
    """The longest start of ``stem`` that reads as a place, and its lineage."""
    gaz = gazetteer()
    for k in range(len(stem), 1, -1):
        lineage = gaz.resolve(stem[:k], ctx.provinces)
        if lineage:
            return k, lineage
    return 0, ()


def _territory(piece: str, ctx: _DocContext) -> Mention | None:
    """A place written before 总工会 (or before an industry), as a Mention without offsets."""
    gaz = gazetteer()
    full = ctx.abbreviations.get(piece, piece)
    zone = _ZONE.search(full)
    if zone and zone.start() >= 2 and not gaz.lookup(full):  # 下花园区 is a district
        k, lineage = _place_prefix(full[: zone.start()], ctx)
        if lineage and (k == zone.start() or k >= 2):
            return Mention(0, 0, piece, "zone", full + "总工会", lineage)
        return None
    lineage = gaz.resolve(full, ctx.provinces)
    if lineage:
        return Mention(0, 0, piece, "territorial", territorial_union_name(lineage), lineage)
    return None


def _at(m: Mention, start: int, end: int, text: str, **changes) -> Mention:
    values = dict(start=start, end=end, surface=text[start:end], kind=m.kind, name=m.name,
                  lineage=m.lineage, bare=m.bare, industry=m.industry, committee=m.committee, ref=m.ref,
                  committee_only=m.committee_only, pair=m.pair, inferred=m.inferred)
    values.update(changes)
    return Mention(**values)


def _is_bare_level(cand: str) -> bool:
    """"市" in "市总工会" and "该区总工会" (this city's), but not "各区" (every district's)."""
    return cand[-1] in "省市区县州" and not (len(cand) >= 2 and cand[-2] in "各全本每两")


# ---------------------------------------------------------------------------
# Finding mentions
# ---------------------------------------------------------------------------


def find_mentions(text: str, context: _DocContext | None = None) -> list[Mention]:
    """Union bodies (and references and units) named in ``text``, in order of position."""
    ctx = context or _DocContext()
    found: list[Mention] = []
    for m in _ALL_ZONG.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before not in "安完健齐周" and after not in "结体监额量数计价值":
            found.append(Mention(m.start(), m.end(), "全总", "national", NATIONAL))

    for m in re.finditer("工会", text):
        s, e = m.start(), m.end()
        if text[e:e + 4] == "联合总会":
            e += 4
        elif text[e:e + 3] == "联合会" or text[e:e + 3] == "委员会":
            e += 3
        committee = _COMMITTEE_AFTER.match(text, e)
        tail = _COMMITTEE.search(committee.group()).group() if committee else ""
        if s and text[s - 1] == "总":
            hits = _territorial_at(text, s - 1, e, ctx)
        else:
            hits = _unit_at(text, s, e, ctx)
        found.extend(_at(h, h.start, committee.end(), text, committee=tail, surface=h.surface)
                     if tail and h.end == e else h for h in hits)

    # A committee named after its unit, not after its union: 江州理工大学女教职工委员会.
    for m in _COMMITTEE.finditer(text):
        s = m.start()
        if s == 0 or re.search("工会" + _TERM + "$", text[max(0, s - 8):s]):
            continue
        ref = _REF.search(text[max(0, s - 4):s])
        if ref:
            # 该局妇委会: the committee of the unit named before.
            b = s - len(ref.group())
            found.append(Mention(b, m.end(), ref.group(), "ref", ref=ref.group(1), committee=m.group(),
                                 committee_only=bool(_WOMENS_COMMITTEE.fullmatch(m.group()))))
            continue
        # 东岭市人民医院（市一院）妇委会: the unit's other name in brackets is no part of it.
        bracket = _BRACKET_BEFORE.search(text, max(0, s - 16), s)
        stem_end = bracket.start() if bracket else s
        start = _name_start(text, stem_end)
        stem = text[start:stem_end]
        womens = bool(_WOMENS_COMMITTEE.fullmatch(m.group()))
        if stem in _BARE_REFS and not bracket:
            # 医院妇女委员会, 公司女职委: the committee of the unit named before.
            found.append(Mention(start, m.end(), stem, "ref", ref=stem, committee=m.group(),
                                 committee_only=womens))
            continue
        if len(stem) >= 2 and (_UNIT_SUFFIX.search(stem) or _is_proper(stem)):
            kind = _unit_kind(stem)
            if kind:
                if womens:
                    own = stem + m.group()
                    found.append(Mention(start, m.end(), text[start:m.end()] if bracket else own, kind, own,
                                         committee=m.group(), committee_only=True))
                else:
                    found.append(Mention(start, m.end(), stem + "工会", kind, stem + "工会",
                                         committee=m.group(), inferred=True))

    # A federation of unions written short: 澳门工联总会 (澳门工会联合总会), 香港工联会.
    for m in _FEDERATION_SHORT.finditer(text):
        start = _name_start(text, m.start())
        stem = text[start:m.start()]
        if len(stem) >= 2 and stem not in _GENERIC_UNITS and (gazetteer().lookup(stem) or _is_proper(stem)):
            full = stem + ("工会联合总会" if m.group(1) == "总会" else "工会联合会")
            found.append(Mention(start, m.end(), text[start:m.end()], "association", full))

    found.extend(_womens_federations(text, ctx))
    found.extend(_references(text))
    found.extend(_units(text, ctx))
    # A short name the page introduces stands for its full name wherever it is used.
    return _without_overlaps(_abbreviated(text, ctx) + found)


_WOMENS_FEDERATION = lazy_re(r"妇女联合会|妇联")


def _womens_federations(text: str, ctx: _DocContext) -> list[Mention]:
    """Women's federations: a place's (温岭市妇联 → 温岭市妇女联合会), kind ``partner``, an
    organisation that works beside the unions and never decides a section.  An
    association's own (东岭红娘联盟妇联) is part of the association."""
    out = []
    for m in _WOMENS_FEDERATION.finditer(text):
        start = _name_start(text, m.start())
        stem = text[start:m.start()]
        if len(stem) < 2 or stem[0] in "各全本该每":
            continue
        if _ASSOCIATION_SUFFIX.search(stem):
            continue  # 红娘联盟妇联: the association's own, read as the association
        lineage = gazetteer().resolve(stem, ctx.provinces)
        if lineage:
            out.append(Mention(start, m.end(), text[start:m.end()], "partner", place_title(lineage) + "妇女联合会",
                               lineage))
    return out


def _without_overlaps(found: list[Mention]) -> list[Mention]:
    """One mention per stretch of text: the longest, organisations before units."""
    rank = {"unit": 1, "other": 2}
    chosen: list[Mention] = []
    for m in sorted(found, key=lambda x: (rank.get(x.kind, 0), -(x.end - x.start), x.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    chosen.sort(key=lambda x: x.start)
    return chosen


def _national_industry(text: str, s: int, e: int) -> Mention | None:
    """中华全国铁路总工会, 中国海员建设工会: national unions of one industry."""
    m = re.search(r"(?:中华全国|全国|中国)([\u4e00-\u9fff]{2,6})$", text[:s])
    if m and _INDUSTRY.search(m.group(1)):
        return Mention(m.start(), e, text[m.start():e], "industry", text[m.start():e],
                       industry=_INDUSTRY.search(m.group(1)).group())
    return None


def _territorial_at(text: str, s: int, e: int, ctx: _DocContext) -> list[Mention]:
    national = _national_industry(text, s, e)
    if national:
        return [national]
    if text[:s].endswith("中华全国"):
        return [Mention(s - 4, e, text[s - 4 : e], "national", NATIONAL)]
    if text[:s].endswith("全国"):
        return [Mention(s - 2, e, text[s - 2 : e], "national", NATIONAL)]
    # A place is read right to left from 总工会: the longest piece that is one.
    raw_start = s
    while raw_start > 0 and s - raw_start < 24 and _CJK.match(text[raw_start - 1]):
        raw_start -= 1
    cand = text[raw_start:s]
    for k in range(len(cand) - 1):
        found = _territory(cand[k:], ctx)
        if found:
            return [_at(found, raw_start + k, e, text)]
    start = _name_start(text, s, 30)
    stem = text[start:s]
    if len(stem) >= 2 and stem[-1] in "省市区县州" and stem[-2] in "该本":
        return [Mention(s - 1, e, text[s - 1 : e], "territorial", bare=stem[-1])]
    local = _LOCAL_UNIT.search(stem)
    head = stem[: local.start()] if local else ""
    if len(stem) >= 3 and local and stem[-2] not in "各全本该每两" and len(head) >= 2 and (
            _is_proper(head) or gazetteer().lookup(head) or _place_prefix(head, ctx)[0] >= 2):
        # 大亚湾区总工会, 长丰街道总工会: a local union the gazetteer does not list.
        _, lineage = _place_prefix(stem, ctx)
        return [Mention(start, e, text[start:e], "zone", stem + "总工会", lineage or _context_lineage(ctx))]
    if cand and _is_bare_level(cand):
        return [Mention(s - 1, e, text[s - 1 : e], "territorial", bare=cand[-1])]
    return []


def _context_lineage(ctx: _DocContext) -> tuple[Place, ...]:
    """The city (or else the province) a page names most: where a local union without a
    known place lies."""
    gaz = gazetteer()
    for counter in (ctx.cities, ctx.provinces):
        if counter:
            code, _ = counter.most_common(1)[0]
            if code in gaz.places:
                return gaz.lineage(gaz.places[code])
    return ()


def _unit_kind(stem: str) -> str | None:
    """The kind of unit a name is, or ``None`` for a word that names no unit."""
    if _NOT_UNION_BODIES.search(stem):
        return None
    if _ASSOCIATION_SUFFIX.search(stem):
        return "association"
    if _INSTITUTION_SUFFIX.search(stem):
        return "institution"
    if _AGENCY_SUFFIX.search(stem) and not _ENTERPRISE_BUREAU.search(stem) and not _COMPANY_FORMS.search(stem):
        return "agency"
    return "enterprise"


def _unit_at(text: str, s: int, e: int, ctx: _DocContext) -> list[Mention]:
    ref = _REF.search(text[max(0, s - 4):s])
    if ref:
        b = s - len(ref.group())
        return [Mention(b, e, text[b:e], "ref", ref=ref.group(1))]
    if text[e:e + 1] == "法":
        return []  # 工会法: a law, not a union
    start = _name_start(text, s)
    stem = text[start:s]
    if _PLACES_TOGETHER.search(stem):
        return []
    if text[s:e].endswith(("联合总会", "联合会")) and len(stem) >= 2 and not _LOCAL_UNIT.search(stem) and (
            gazetteer().lookup(stem) or (text[s:e].endswith("联合总会") and _is_proper(stem))):
        # 澳门工会联合总会, 香港工会联合会: a federation of a place's unions, an organisation of
        # its own (not the place's 总工会); a park's 工会联合会 is read below.
        return [Mention(start, e, text[start:e], "association", text[start:e])]
    place = re.search(r"[（(]([\u4e00-\u9fff]{2,4})[）)]$", text[max(0, s - 6):s])
    if place and gazetteer().lookup(place.group(1)) and s - len(place.group()) >= 2:
        # 「滴滴集团（福州）工会」: a company's union for one place, the place in brackets
        cut = len(place.group())
        found = _unit_at(text[: s - cut] + text[s:], s - cut, e - cut, ctx)
        return [replace(m, end=m.end + cut, surface=text[m.start:m.end + cut],
                        name=text[m.start:m.end + cut] if m.name == m.surface else m.name)
                if m.end >= s - cut else m for m in found]
    term = re.search(r"第[一二三四五六七八九十百\d]+届$", stem)
    if term and term.start() >= 2:
        # 京东集团第一届工会会员代表大会: the union's term is not part of its name.
        cut = len(term.group())
        return [replace(m, end=m.end + cut) if m.end >= s - cut else m
                for m in _unit_at(text[: s - cut] + text[s:], s - cut, e - cut, ctx)]
    if not stem:
        return []
    if stem in _BARE_REFS or (stem and not _COMPANY_FORMS.sub("", stem)):
        # 公司工会, 集团有限公司工会: the unit named before.
        return [Mention(start, e, text[start:e], "ref", ref=stem if stem in _BARE_REFS else "公司")]
    ind = _INDUSTRY.search(stem)
    if ind:
        prefix = stem[: ind.start()]
        word = ind.group().removesuffix("系统") if ind.group() != "系统" else ind.group()
        for k in range(len(prefix) - 1):
            found = _territory(prefix[k:], ctx)
            if found and found.kind == "territorial":
                name = place_title(found.lineage) + ind.group() + "工会"
                b = start + k
                return [Mention(b, e, text[b:e], "industry", name, found.lineage, industry=word)]
        if prefix and _is_bare_level(prefix):
            b = start + len(prefix) - 1
            return [Mention(b, e, text[b:e], "industry", bare=prefix[-1], industry=word)]
        if prefix in ("中国", "中华全国", "全国"):
            # 「中国教育工会乌鲁木齐市委员会」: the national industry union's committee for one place
            branch = re.match(r"([\u4e00-\u9fff]{2,8}?)委员会", text[e:])
            lineage = gazetteer().resolve(branch.group(1), ctx.provinces) if branch else None
            if lineage:
                end = e + branch.end()
                return [Mention(start, end, text[start:end], "industry", text[start:end], lineage, industry=word)]
            return [Mention(start, e, text[start:e], "industry", text[start:e], industry=word)]
        if not prefix:
            return []
    # 浙江省工会: a place's union written without 总.
    lineage = gazetteer().resolve(stem, ctx.provinces) if len(stem) >= 2 else None
    if lineage:
        if _BUILDING.match(text, e):
            return []  # 「地点设在辽阳工会大厦」: a building named after the union, not the union
        return [Mention(start, e, text[start:e], "territorial", territorial_union_name(lineage), lineage)]
    if text[s:e].endswith("联合会") and _LOCAL_UNIT.search(stem):
        # 黄州工业园区工会联合会: the federation of a park's unions.
        k, lin = _place_prefix(stem, ctx)
        return [Mention(start, e, text[start:e], "zone", text[start:e], lin or _context_lineage(ctx))]
    if len(stem) < 2 or stem in _GENERIC_UNITS or stem.endswith("级"):
        return []
    end = e
    # "中国移动通信集团工会北京市委员会": a union's committee for one place.
    branch = re.match(r"([\u4e00-\u9fff]{2,8}?)委员会", text[e:])
    if branch and gazetteer().resolve(branch.group(1), ctx.provinces):
        end = e + branch.end()
    if _UNIT_SUFFIX.search(stem) or _is_proper(stem):
        kind = _unit_kind(stem)
        if kind is None:
            return []
        return [Mention(start, end, text[start:end], kind, _union_of(text[start:end]))]
    agency = stem.removesuffix("机关")
    if agency != stem and len(agency) >= 3 and _UNIT_SUFFIX.search(agency) and _unit_kind(agency):
        # 「市委机要保密局机关工会」: the union of an office's staff, named after the office
        return [Mention(start, end, text[start:end], _unit_kind(agency), _union_of(text[start:end]))]
    return [Mention(start, end, text[start:end], "other")]


def _union_of(surface: str) -> str:
    """The union's name as written (X工会委员会 is the union's formal name: kept)."""
    return surface


def _references(text: str) -> list[Mention]:
    """本单位, 该公司, 我院 … written without 工会 (the unit named before)."""
    out = []
    for m in re.finditer(r"(?:该|本|我)(单位|公司|分公司|集团|矿|厂|院|校|行|局|段|中心|医院|学校)", text):
        if text[m.end():m.end() + 2] == "工会":
            continue
        if m.group(1) in ("院", "校", "行", "局") and m.end() < len(text) and _CJK.match(text[m.end()]) and \
                text[m.start():m.end() + 1] in ("本院长", "我行动"):
            continue
        out.append(Mention(m.start(), m.end(), m.group(), "ref", ref=m.group(1)))
    return out


_UNIT_SCAN = lazy_re(
    r"(?:有限责任公司|股份有限公司|有限公司|分公司|公司|集团|分行|支行|银行|煤矿|矿|厂|工务段|机务段|车务段|"
    r"大学|学院|学校|中学|小学|医院|卫生院|保健院|研究院|研究所|局|协会|联盟|促进会|商会)"
)


def _units(text: str, ctx: _DocContext) -> list[Mention]:
    """Units named without their union (兖矿集团杨村煤矿), and associations (北京职工婚姻家庭建设协会)."""
    out = []
    for m in _UNIT_SCAN.finditer(text):
        e = m.end()
        if text[e:e + 2] == "工会" or _COMMITTEE_AFTER.match(text, e) or _UNIT_SCAN.match(text, e):
            continue
        if e < len(text) and text[e] in "有分子" and _UNIT_SCAN.match(text, e + 1) or \
                text[e:e + 4] in ("有限公司",):
            continue
        start = _name_start(text, e)
        stem = text[start:e]
        if len(stem) <= len(m.group()) or stem in _GENERIC_UNITS:
            continue
        head = stem[: len(stem) - len(m.group())]
        if head in _GENERIC_UNITS or not (_is_proper(head) or _UNIT_SUFFIX.search(head) or
                                          gazetteer().resolve(head, ctx.provinces)):
            continue
        kind = _unit_kind(stem)
        if kind is None:
            continue
        if kind == "association":
            out.append(Mention(start, e, stem, "association", stem))
        else:
            out.append(Mention(start, e, stem, "unit", stem + "工会"))
    return out


def _abbreviated(text: str, ctx: _DocContext) -> list[Mention]:
    """Short names the page introduces (「（以下简称“北京职工婚协”）」), where they are used."""
    out = []
    for short, full in ctx.abbreviations.items():
        target = _full_mention(full, ctx)
        if target is None:
            continue
        for m in re.finditer(re.escape(short), text):
            committee = _COMMITTEE_AFTER.match(text, m.end()) if short.endswith("工会") else None
            tail = _COMMITTEE.search(committee.group()).group() if committee else ""
            out.append(Mention(m.start(), committee.end() if committee else m.end(), short, target.kind,
                               target.name, target.lineage, target.bare, target.industry, committee=tail))
    return out


def _full_mention(full: str, ctx: _DocContext) -> Mention | None:
    """What a full name that a page abbreviates is, when it names a union body."""
    for m in find_mentions_plain(full, ctx):
        if m.end == len(full) and m.is_org:
            return m
    kind = _unit_kind(full) if _UNIT_SUFFIX.search(full) else None
    if kind == "association":
        return Mention(0, len(full), full, "association", full)
    return None


def find_mentions_plain(text: str, ctx: _DocContext) -> list[Mention]:
    """Mentions without the page's abbreviations (used to read an abbreviated full name)."""
    saved = ctx.abbreviations
    ctx.abbreviations = {}
    try:
        return find_mentions(text, ctx)
    finally:
        ctx.abbreviations = saved


def _company_key(surface: str) -> str:
    """Identity of a unit union across spellings.

    北京城建集团有限责任公司工会 and 北京城建集团工会 share one.
    """
    key = _COMPANY_FORMS.sub("", surface)
    key = _BRACKETED.sub("", key)
    # A unit's women's committee by any of its spellings (妇委会, 妇女委员会, 妇女工作委员会).
    key = _WOMENS_TAIL.sub("妇委会", key)
    return key[:-3] if key.endswith("工会委员会") else key


_BRACKETED = lazy_re(r"[（(][^（）()]{1,14}[）)]")
_WOMENS_TAIL = lazy_re(r"(?:妇女工作委员会|妇女委员会|妇工委|妇委会)$")


def _is_abbreviation(short: str, full: str) -> bool:
    """``short`` abbreviates ``full`` (中通 / 中通快递, 擎宇物业 / 北京建工城乡集团擎宇物业,
    国网公司 / 国家电网公司: the first and the last character of the name before its company form)."""
    if len(short) < 2 or short == full:
        return False
    if len(short) < len(full):
        it = iter(full)
        if all(ch in it for ch in short) and (full.startswith(short[:2]) or full.endswith(short[-2:])):
            return True
    core_short, core_full = _COMPANY_FORMS.sub("", short), _COMPANY_FORMS.sub("", full)
    return len(core_short) == 2 and len(core_full) >= 3 and core_short[0] == core_full[0] \
        and core_short[-1] == core_full[-1]


_LEAD_IN = lazy_re(
    r"^(?:[^，。]{0,16}?(?:讯|电)\s*[（(][^）)]{0,40}[）)]\s*)?(?:\d{1,2}月\d{1,2}日(?:上午|下午|晚)?|近日|日前|近期|"
    r"今年以来|近年来|\d{4}年(?:以来)?)?[，,]?\s*"
)


_PERSON_VERBS = ("当选", "担任", "出任", "连任", "就任")


def subject_unit(text: str) -> Mention | None:
    """The unit a headline or lead is about when it names it without any suffix
    (「美团举办女骑手关爱活动」): the proper name that opens the clause, before its verb."""
    lead = _LEAD_IN.match(text)
    start = lead.end() if lead else 0
    clause = re.match(r"[\u4e00-\u9fff]{2,16}", text[start:])
    if not clause:
        return None
    tokens = _tag(clause.group())
    end = 0
    for word, flag, pos in tokens:
        if flag.startswith("v") or flag in ("p", "c", "u", "uj", "d", "f") or word in _BREAK_WORDS:
            break
        if flag == "m" and (_COUNT_WORD.fullmatch(word) or any(ch.isdigit() or ch in "两几多余数" for ch in word)):
            break  # 「中国一重多名女职工……获表彰」: a count opens what the unit's name is followed by
        end = pos + len(word)
    name = clause.group()[:end]
    if clause.group().startswith(_PERSON_VERBS, end):
        return None  # 「郑红艳当选……主任」: who takes an office is a person, no unit
    if 2 <= len(name) <= 12 and end < len(clause.group()) and (_is_proper(name) or _UNIT_SUFFIX.search(name)) \
            and not gazetteer().resolve(name) and _unit_kind(name):
        return Mention(start, start + len(name), name, "unit", name + "工会")
    return None
