"""Working groups and other subsidiary bodies, with their aliases merged, and "establishes".

A name is a head noun (工作组, 专家组, 全体委员会, 审议组, 特设委员会 …) with its modifiers
to the left: ``<topic>[问题] <generic modifiers> <head>``. The left edge is found without a
segmenter: the name stops at punctuation, digits and the function words / verbs that open
a noun phrase in UN prose (请, 欢迎, 设立, 的, 在, 与 …); 《…》 titles are opaque.

Identity (no table of aliases): the generic modifiers (不限成员名额, 政府专家, 政府间, 临时 …)
are dropped, the topic is what is left; two names of the same parent and head class are the
same body when one topic contains the other (国际合作 ⊂ 引渡、司法协助和没收事宜国际合作) or
their topics use the same characters (人口贩运 = 贩运人口; bag ⊆ bag for topics of 4+
characters). ``kg/data/subsidiary_bodies.tsv`` names known bodies in English; its Chinese
names go through the same parser, so they are matched by the same rules.

Names without a topic ("工作组", "该工作组", "不限成员名额政府间工作组") are anaphors: they
create no node. One written right after 设立 (or "根据第X号决议设立的…") is a new body
identified by the act that establishes it; any other is resolved, for the mandates
extractor, to the one body the enclosing act is about (``BodyMention.anaphor``).

Beyond the Conference's bodies (any UN organ's: committees, working groups, panels, task
forces, advisory groups, executive boards): a name opening with its owner's name (a UN organ or
entity: 西亚经社会统计委员会, 儿基会审计咨询委员会) belongs to that owner and is a formal name;
a 委员会 not in the gazetteer is a body only so (or when an act named right before establishes
it: 第2653(2022)号决议第19段所设委员会, a body identified by that act and paragraph); a State's
own body (科特迪瓦的…委员会) is no UN body; heads inside a 《title》 or inside an organization's
name (联合国评价小组) name none. The executive boards of bodies.tsv are ECOSOC's (GA resolution
48/162) under their own slug, so the node is the one that passes their acts.

The steps, each a function below: ``find_names`` (the names in the text),
``establishing_acts`` (which act establishes the body a name names), ``cluster`` (names of one
body, as ``Cluster``s), ``body_mentions`` (the identity of each cluster), ``resolve_anaphors``
(topicless names to the body their act is about) and ``establishments`` (the relation facts).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import matcher
from ..facts import ActMention, BodyMention, Establishment
from ..iris import slug, subsidiary_body_key
from ..lexicon import (addressees, bodies, body_alias_index, body_alias_pattern, body_generic_index,
                       body_of_name, mandate_verbs, organization_alias_index,
                       organizations, preamble_verbs, state_alias_index, subsidiary_bodies,
                       verb_form_index, word_pattern, word_regex, words)
from ..models import ActKey, AdoptedAct, Document
from ..patterns import CN_COUNT_CHARS, alternation, trie_regex
from .organizations import organization_name_spans

__all__ = ["Establishment", "extract", "parse_name", "same_body", "topic_key"]

NAME_LOOKBACK = 60  # a name (modifiers, topic) is at most this long before its head
CLAUSE_LOOKBACK = 120  # the clause before a name (设立…, 根据…) starts within this window
PARENT_LOOKBACK = 40  # "大会设立的…": the parent body is named this close before the name
DOC_TITLE_LOOKBACK = 80  # "CTOC/COP/2010/CRP.8 秘书处的报告:…" stands this close before the name
ESTABLISHED_BY_GAP = 12  # "第5/5号决议设立的…": the act this close before the name
AFTER_ESTABLISHED_BY = 4  # "据以设立…的第2/6号决定": the act right after the name
OWN_DECISION_SPAN = 80  # "决定…设立": the act's own 决定 within this many characters
THIRD_PERSON_SPAN = 60  # "缔约方会议决定…设立": another body's decision, reported
HEADING_MARGIN = 60  # a name this close after an act's heading belongs to the heading
MIN_SHARED_BEYOND_HEAD = 2  # a shortened committee name shares its head and this much more
OWNER_NAME_MAX = 30  # the longest name of a body or organization a subsidiary body belongs to
OWNED_TOPIC_MAX = 15  # "西亚经社会<成员国贸易政策>委员会": the topic after an owner's name is short
STATE_NAME_MAX = 20  # the longest name of a State
OWNED_HEADS = {"委员会", "小组委员会"}  # a committee named with its owner is one; a centre only when known
UN_SYSTEM = {"UN entity", "UN specialized agency", "UN related organization"}  # organizations.tsv types
NATIONAL = "national"  # the parent of a State's own body (科特迪瓦的多部门委员会): no UN body

HEADS = tuple(sorted(words("body/head"), key=len, reverse=True))  # longest first
GATED_HEADS = set(words("body/gated-head"))  # a body only when the gazetteer or the text knows it
SELF_NAMING = set(words("body/self-naming-head"))  # a name by itself (全体委员会)
FORMAL_MODIFIERS = words("body/formal-modifier")
STOP_TOPICS = set(words("body/stop-topic"))
HEAD_RE = re.compile(alternation(HEADS))
# generic modifiers between topic and head (stripped from the right)
MODS_RE = re.compile(rf"(?:{word_pattern('body/modifier')})+$")
# generic words removed from a topic to build its key
GENERIC_RE = re.compile(word_pattern("body/generic"))
# determiners before a topicless name that name several bodies: no node, no resolution
COLLECTIVE_RE = re.compile(rf"(?:{word_pattern('body/collective')})$")
LEADING_RE = re.compile(rf"^(?:{word_pattern('body/leading')})+")
COLLECTIVE_START_RE = word_regex("body/collective")
# left boundaries of a name: verbs and function words that end the preceding phrase
BOUNDARY_RE = re.compile(rf"""
    附件[{CN_COUNT_CHARS}]*                              # an annex heading
  | [图表][{CN_COUNT_CHARS}\d]+                          # a figure or table heading (图二)
  | (?:另|参)?(?<!意)见                                   # "see" (a footnote's reference)
  | 建议|欢迎|注意到|核可|核准|赞同|决定                    # verbs of the acting body
  | 设立(?:了)?(?:一个)?|成立(?:了)?(?:一个)?|建立(?:了)?(?:一个)?   # "establishes (a)"
  | (?<!司法)协助                                         # "assists" (not 司法协助, a topic)
  | 参加|参与|举行(?:的|了)?|召集(?:一次)?|召开|通过(?:了)?|介绍(?:了)?
  | 审议了|感谢|提到|提及|强调(?:了)?|支持|肯定(?:了)?|期待|承认|重申|回顾|满意|认为|指出
  | 设想|利用|研究|提交|就|延长|报告|考虑到|议程|特别是|载有|用于|方面
  | 包括|以及|关于(?=[^问]*$)                             # 关于 unless the topic is 关于…问题
  | 向|与|在|的|即|至|将|把|请|还|并|或|其(?!他)|该|各|本次|此|这|了     # function words
  | 会议|秘书处|办公室|工作组|专家组|委员会|主席团|缔约国|会员国|期间|之间   # nouns ending a phrase
  | {word_pattern('body/boundary')}                     # and the words of kg/data/words.tsv
""", re.X)
PUNCT_RE = re.compile(r"[^\u3400-\u9fff、《》]")  # anything but CJK, 、 and title marks ends a name
TITLE_RE = re.compile(r"《[^《》]{0,80}》")
TITLE_MASK = "书"  # 《…》 titles are masked with this character: opaque to the boundaries
ESTABLISH_BEFORE_RE = re.compile(r"""
    (?:设立|成立|建立)(?:了)?(?:一个|一些)?               # "establishes (a)"
    (?:由[^,;。]{0,40}?担任主席的)?$                       # "chaired by …"
""", re.X)
# "设立一个促进性别平等标准专家组": one body being established, named (not "建立联合调查小组", a
# kind of team States may form)
ESTABLISH_ONE_RE = re.compile(r"(?:设立|成立)(?:了)?一个$")
ESTABLISHED_BY_BEFORE_RE = re.compile(r"(?:(?:设立|成立|建立)的|所设(?:立)?(?:的)?)$")  # "…号决议第19段所设委员会"
ESTABLISHED_THEREBY_RE = re.compile(r"据以(?:设立|成立)$")  # "据以设立<name>的第2/6号决定"
ESTABLISH_VERB_RE = re.compile(r"(?:据以)?(?:设立|成立|建立|所设)")
DECIDES_RE = re.compile(r"决定")
NOT_DECIDED_RE = re.compile(r"是否|考虑|建议|可否|请")  # "决定是否设立…" decides nothing yet
OWN_DECISION_RE = re.compile(rf"(?:^|[,:])(?:(?:并|还|又|进一步)?决定)?[^,;。]{{0,{OWN_DECISION_SPAN}}}$")
THIRD_PERSON_RE = re.compile(rf"""
    (?:缔约方会议|大会|理事会|委员会)(?:在[^,;。]{{0,20}})?   # another body …
    决定[^,;。]{{0,{THIRD_PERSON_SPAN}}}$                    # … decided (reported speech)
""", re.X)
CLAUSE_RE = re.compile(r"[;。]")
ABOUT_RE = re.compile(r"关于(?:(?!的)[\u3400-\u9fff《》、]){1,50}的$")
# a document title in a list of documents ("CTOC/COP/2010/CRP.8 秘书处的报告: …专家组会议")
DOC_TITLE_RE = re.compile(r"[A-Z]{2,}(?:/[A-Za-z0-9.]+)+[^,;。]{0,20}(?:报告|说明|文件):[^,;。:]*$")
# 工作组 and 专家组 overlap in "工作专家组"; the 专家组 after 作 is the same name
_AFTER_WORK = "作"
_LIST_AFTER = ("和", "及")  # "两个工作组和…": a collective list
_JOINERS = "和及与、"
# 为 ending a word (行为 "act", 认为 "consider" …) is no preposition: "打击资助恐怖主义行为问题工作组"
_WORDS_ENDING_IN_WEI = set("行作认成因以视称更较极广最尤")  # what joins the items of a list
_LIST_JOIN_RE = re.compile(r"以及|[和及与、]")
_PAIR_BEFORE = ("两", "各")


@lru_cache(maxsize=None)
def _verb_boundary_re() -> re.Pattern:
    """Opening verbs of preambular/operative paragraphs and citation verbs (kg/data): a verb of
    two characters or more ends the phrase before a name."""
    forms = set(preamble_verbs()) | set(verb_form_index()) | set(mandate_verbs())
    return re.compile(alternation(f for f in forms if len(f) >= 2))


@lru_cache(maxsize=None)
def _parent_res() -> tuple[re.Pattern, re.Pattern]:
    alias = "(" + body_alias_pattern().pattern + ")"
    return (re.compile(alias + r"(?:的|设立的|框架内设立的|所设立的)$"),  # "大会设立的…"
            re.compile(r"其中" + alias                                  # "其中大会决定设立…"
                       + r"(?:在[^,;。]{0,20})?决定(?:在[^,;。]{0,20})?设立(?:了)?(?:一个)?$"))


# --- the grammar of a name -------------------------------------------------------------------
@dataclass(frozen=True)
class KnownBody:
    slug: str
    parent: str
    label_en: str
    label_zh: str
    established_by: str
    head: str
    topic: str
    form: str = ""  # the Chinese form this entry was parsed from (label_zh is the preferred one)


def parse_name(name: str) -> tuple[str, str, bool] | None:
    """'技术援助问题不限成员名额政府专家临时工作组' -> (head, topic, marked)."""
    head = next((h for h in HEADS if name.endswith(h)), None)
    if head is None:
        return None
    rest = name[: len(name) - len(head)]
    if head == "工作组":
        rest = rest.removesuffix("专家")  # 专家工作组: an expert working group
    mods = MODS_RE.search(rest)
    formal = False
    if mods:
        formal = any(w in mods.group() for w in FORMAL_MODIFIERS)
        rest = rest[: mods.start()]
    marked = formal
    for tail in ("问题", "事宜"):
        if rest.endswith(tail):
            rest, marked = rest[: -len(tail)], True
    return head, rest.removeprefix("关于"), marked


def topic_key(topic: str) -> str:
    return GENERIC_RE.sub("", topic)


def head_class(head: str) -> str:
    return "committee" if head.endswith("委员会") else head


@lru_cache(maxsize=65536)  # a report compares the same few topics again and again
def same_body(a: str, b: str) -> bool:
    """Topic keys a and b name the same body (same parent and head class assumed)."""
    if not a or not b:
        return a == b
    if a in b or b in a:
        return min(len(a), len(b)) >= 2
    ca, cb = Counter(a), Counter(b)
    if ca == cb:
        return True
    small, big = (ca, cb) if len(a) <= len(b) else (cb, ca)
    return min(len(a), len(b)) >= 4 and not (small - big)


@lru_cache(maxsize=None)
def known_bodies() -> tuple[KnownBody, ...]:
    """The entries of subsidiary_bodies.tsv, one per Chinese form, parsed like any name."""
    out = []
    for row in subsidiary_bodies():
        for form in row.forms_zh:
            parsed = parse_name(form)
            head, topic = (parsed[0], parsed[1]) if parsed else ("", "")
            out.append(KnownBody(row.slug, row.parent, row.label_en, row.forms_zh[0],
                                 row.established_by, head, topic_key(topic), form))
    return tuple(out)


def _same_known(a: KnownBody | None, b: KnownBody | None) -> bool:
    return a is not None and b is not None and a.slug == b.slug and a.parent == b.parent


def _known_form(surface: str) -> tuple[KnownBody, str] | None:
    """A gazetteer form the name ends with (longest): (entry, form)."""
    best = None
    for kb in _known_by_last_character().get(surface[-1:], ()):
        if surface.endswith(kb.form) and (best is None or len(kb.form) > len(best[1])):
            best = (kb, kb.form)
    return best


@lru_cache(maxsize=None)
def _known_by_last_character() -> dict[str, tuple[KnownBody, ...]]:
    """The gazetteer's entries (in its order) by the last character of their form."""
    out: dict[str, list[KnownBody]] = {}
    for kb in known_bodies():
        if kb.form:
            out.setdefault(kb.form[-1], []).append(kb)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def _known_by_head_class() -> dict[str, tuple[KnownBody, ...]]:
    """The gazetteer's entries (in its order) by the class of their head."""
    out: dict[str, list[KnownBody]] = {}
    for kb in known_bodies():
        out.setdefault(head_class(kb.head), []).append(kb)
    return {k: tuple(v) for k, v in out.items()}


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _known_for(head: str, keys: list[str], parent: str) -> KnownBody | None:
    best = None
    for kb in _known_by_head_class().get(head_class(head), ()):
        if not kb.topic and keys != [""]:
            continue
        for k in keys:
            if (kb.topic == k) if not k or not kb.topic else same_body(k, kb.topic):
                score = (kb.parent == parent, Counter(k) == Counter(kb.topic))
                if best is None or score > best[0]:
                    best = (score, kb)
    return best[1] if best else None


def _known_established_by(notation: str) -> KnownBody | None:
    return next((kb for kb in known_bodies() if kb.established_by == notation), None)


# --- step 1: the names in the text -----------------------------------------------------------
@dataclass
class Name:
    """A name of a body as written: [start, end) in the text."""

    start: int
    end: int
    surface: str
    head: str
    topic: str  # raw topic (without generic modifiers / 问题)
    key_topic: str
    marked: bool  # topic marked by 问题/事宜 or formal modifiers
    parent: str | None
    pre: str  # text before the name in its clause
    known: KnownBody | None = None  # a gated head's gazetteer entry
    owned: bool = False  # named with its owner's name (西亚经社会统计委员会)
    by_act: str = ""  # "第2653(2022)号决议第19段所设委员会": the name with the act establishing it


def _mask_titles(text: str) -> str:
    return TITLE_RE.sub(lambda m: "《" + TITLE_MASK * (len(m.group()) - 2) + "》", text)


def _left_edge(text: str, masked: str, head_start: int) -> int:
    """Start of the name whose head begins at head_start."""
    lo = max(0, head_start - NAME_LOOKBACK)
    window = masked[lo:head_start]
    cut = 0
    for m in PUNCT_RE.finditer(window):
        cut = m.end()
    best = cut
    for rx in (BOUNDARY_RE, _verb_boundary_re()):
        for m in rx.finditer(window, cut):
            best = max(best, m.end())
    start = lo + best
    lead = LEADING_RE.match(text[start:head_start])
    if lead:
        start += lead.end()
    # 为 opens the name only in 为…而 topics (为摘取器官而贩运人口问题专家组)
    wei = text.rfind("为", start, head_start)
    if wei >= 0 and "而" not in text[wei:head_start] and text[wei - 1:wei] not in _WORDS_ENDING_IN_WEI:
        start = wei + 1
    # 关于<title…>的<topic><modifiers><head>: the 关于…的 phrase is part of the name
    if text[start - 1:start] == "的" and start < head_start:
        m = ABOUT_RE.search(masked, max(0, start - NAME_LOOKBACK), start)
        if m:
            start = m.start()
    return _after_listed_actors(text, start, head_start)


@lru_cache(maxsize=None)
def _actor_names() -> frozenset[str]:
    """Names of those who act in a report: addressees, States, organizations, acting bodies."""
    return frozenset(addressees()) | frozenset(state_alias_index()) | frozenset(
        organization_alias_index()) | frozenset(body_alias_index()) | frozenset(body_generic_index())


def _after_listed_actors(text: str, start: int, head_start: int) -> int:
    """"为秘书长、打击人口贩运机构间协调小组和…", "人道主义事务协调厅和进口和清关联合工作组": a list
    item naming another actor ends before the name; a 、 or 和 inside a topic (引渡、司法协助和没收
    事宜国际合作, 加勒比发展和合作) stays in it."""
    while (j := _LIST_JOIN_RE.search(text, start, head_start)) and text[start:j.start()] in _actor_names():
        start = j.end()
    return start


@lru_cache(maxsize=None)
def _owner_index() -> dict[str, str]:
    """Names of those a subsidiary body can belong to: the UN organs and treaty conferences of
    bodies.tsv (and the generic words by which they call themselves: 理事会, 执行局) and the UN
    system's organizations ("儿基会审计咨询委员会", "西亚经社会统计委员会"): name -> code or id.
    Regional and other intergovernmental organizations have organs too, but they are no UN body's
    (加勒比共同体气候变化中心)."""
    index = {a: o.id for o in organizations().values() if o.type in UN_SYSTEM for a in o.labels_zh}
    index.update({a: b.code for b in bodies().values() if b.is_un_organ or b.type == "treaty-conference"
                  for a in b.labels_zh})
    index.update({g: "" for g in body_generic_index()})  # "": the acting body, when it claims it
    return index


def _owner(name: str, acting_body: str | None) -> str | None:
    """The body or organization a name of ``_owner_index`` stands for here, or None."""
    code = _owner_index().get(name)
    if code == "":
        return body_of_name(name, acting_body)
    return code


def _parent_before(text: str, start: int, default: str | None) -> str | None:
    """The body named right before a name ("大会设立的…", "欧洲经委会可持续能源委员会"), or a
    national body's State ("科特迪瓦的…委员会": ``NATIONAL``), else ``default``."""
    pre = text[max(0, start - PARENT_LOOKBACK):start]
    owned, decided = _parent_res()
    m = owned.search(pre) or decided.search(pre)
    if m:
        return _owner(m.group(1), default) or default
    bare = pre.removesuffix("的")
    states = state_alias_index() if bare != pre else ()  # "科特迪瓦的…": 的 after the State
    owners = _owner_index()
    for n in _state_or_owner_lengths():  # longest first: only lengths some name has
        if n > len(bare):
            continue
        tail = bare[-n:]
        if tail in states:
            return NATIONAL
        if tail in owners and (owner := _owner(tail, default)) is not None:
            return owner
    return default


@lru_cache(maxsize=None)
def _state_or_owner_lengths() -> tuple[int, ...]:
    """The lengths (2 to OWNER_NAME_MAX, longest first) of the names of States and owners."""
    lengths = {len(name) for name in (*state_alias_index(), *_owner_index())}
    return tuple(sorted((n for n in lengths if 2 <= n <= OWNER_NAME_MAX), reverse=True))


@lru_cache(maxsize=None)
def _owner_re() -> re.Pattern:
    """Any name of ``_owner_index``, the longest at a position."""
    return re.compile(trie_regex(_owner_index()))


def _owner_names(surface: str, acting_body: str | None) -> list[tuple[int, int, str]]:
    """(start, end, owner) of the owners named in a name, longest first at each position."""
    return [(m.start(), m.end(), owner) for m in _owner_re().finditer(surface)
            if (owner := _owner(m.group(), acting_body)) is not None]


def _owner_prefix(surface: str, head: str, acting_body: str | None) -> tuple[str, int] | None:
    """A name that starts with its owner's name ("西亚经社会统计委员会", "儿基会审计咨询委员会"):
    (the owner, the length of its name). What follows the owner is a short topic: not a list
    ("拉加经委会和…"), not a clause naming a State ("经济及社会理事会通报危地马拉参选执行委员会").
    A State's name opening a name is its topic, not its owner (海地问题特设咨询小组)."""
    owners = _owner_names(surface[:len(surface) - len(head)], acting_body)
    if not owners or owners[0][0] != 0:
        return None
    _, n, owner = owners[0]
    rest = surface[n:len(surface) - len(head)]
    if not rest or rest[0] in _JOINERS or len(rest) > OWNED_TOPIC_MAX or _names_a_state(rest):
        return None
    return owner, n


def _names_a_state(text: str) -> bool:
    index = state_alias_index()
    return any(text[i:i + n] in index for i in range(len(text)) for n in range(2, min(STATE_NAME_MAX, len(text) - i) + 1))


def _from_last_owner(surface: str, head: str, acting_body: str | None) -> str:
    """A name whose left edge took in words before its owner ("人居署评价政策获得人居署管理委员会"):
    from the last owner named in it."""
    owners = _owner_names(surface[:len(surface) - len(head)], acting_body)
    return surface[owners[-1][0]:] if owners and owners[-1][0] > 0 else surface


def _ends_with_a_body(surface: str, acting_body: str | None) -> bool:
    """"…主席给妇女地位委员会": the name of a body of bodies.tsv, with words before it that are not
    its owner (西亚经社会统计委员会 is ESCWA's committee, not the Statistical Commission)."""
    for n in range(min(OWNER_NAME_MAX, len(surface)), 1, -1):
        if surface[-n:] in body_alias_index():
            before = _owner_names(surface[:-n], acting_body)
            return not (before and before[-1][1] == len(surface) - n)
    return False


def _organization_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """Names of organizations (organizations.tsv): a head inside one is no body's ("联合国评价
    小组", "反恐怖主义委员会执行局", "金融行动特别工作组")."""
    return [(s, e) for s, e in organization_name_spans(text) if e <= limit]


def _inside(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    i = bisect_right(spans, (s, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= s and e <= spans[i][1]


def _known_ending_at(text: str, start: int, end: int) -> int:
    """Where the longest gazetteer form ending at ``end`` starts, when it is longer than the
    name the boundaries gave ("会议委员会": 会议 ends a phrase, but not this name)."""
    best = start
    for form in _forms_by_ending().get(text[end - 2:end], ()):
        if end - len(form) < best and text.startswith(form, end - len(form)):
            best = end - len(form)
    return best


@lru_cache(maxsize=None)
def _forms_by_ending() -> dict[str, tuple[str, ...]]:
    """The gazetteer's forms by their last two characters (their head's)."""
    out: dict[str, list[str]] = {}
    for kb in known_bodies():
        if len(kb.form) >= 2:
            out.setdefault(kb.form[-2:], []).append(kb.form)
    return {k: tuple(v) for k, v in out.items()}


def find_names(doc: Document) -> list[Name]:
    text = doc.normalized.text
    limit = doc.normalized.footnotes_start or len(text)
    masked = _mask_titles(text)
    org_spans = _organization_spans(text, limit)
    names: list[Name] = []
    for m in HEAD_RE.finditer(text, 0, limit):
        if _not_a_name(text, masked, m, org_spans) or m.group() in GATED_HEADS - OWNED_HEADS and \
                _known_ending_at(text, m.start(), m.end()) == m.start():
            continue  # a centre is a body only under a name of the gazetteer
        start = _known_ending_at(text, _left_edge(text, masked, m.start()), m.end())
        surface = _from_last_owner(text[start:m.end()], m.group(), doc.acting_body)
        start = m.end() - len(surface)
        if surface in body_alias_index() or _ends_with_a_body(surface, doc.acting_body) or \
                DOC_TITLE_RE.search(text, max(0, start - DOC_TITLE_LOOKBACK), start):
            continue  # a body of the gazetteer (预防犯罪和刑事司法委员会 …) is not a subsidiary body here
        accepted = _accepted(doc, surface, m.group(), start, names)
        if accepted is None:
            continue
        surface, known, parent = accepted
        start = m.end() - len(surface)
        prefix = None if known else _owner_prefix(surface, m.group(), doc.acting_body)
        name = _name(doc, start, m.end(), surface, known, prefix, parent)
        if name is not None and name.parent != NATIONAL:
            act_at = _established_by_act_before(doc, start)
            names.append(replace(name, by_act=text[act_at:m.end()]) if act_at is not None else name)
    return names


def _accepted(doc: Document, surface: str, head: str, start: int, names: list[Name]):
    """(the name, its gazetteer entry, its parent when an earlier name gives it) of a body, or
    None. A 委员会 (a gated head) names a body only when the gazetteer knows it, when it is the
    shortened name of a committee named before, when it opens with its owner's name, or when an
    act named right before establishes it (第2653(2022)号决议第19段所设委员会)."""
    if head not in GATED_HEADS:
        return _whole_known_name(surface), None, None
    gated = _gated_name(surface, head, names)
    if gated is not None:
        return gated[1], gated[0], None
    short = _shortened_owned(surface, head, names)
    if short is not None:
        return short[0], None, short[1].parent
    if head in OWNED_HEADS and _owner_prefix(surface, head, doc.acting_body) is not None or \
            _established_by_act_before(doc, start) is not None:
        return surface, None, None
    return None


def _not_a_name(text: str, masked: str, m: re.Match, org_spans: list[tuple[int, int]]) -> bool:
    """A head that ends no name: 专家组 of 工作专家组, a head inside a 《title》 or inside the
    name of an organization."""
    if m.group() == "专家组" and text[m.start() - 1:m.start()] == _AFTER_WORK:
        return True
    return masked[m.start()] == TITLE_MASK or _inside(org_spans, m.start(), m.end())


def _established_by_act_before(doc: Document, start: int) -> int | None:
    """"第2653(2022)号决议第19段所设委员会": where the act named right before, establishing the
    body named at ``start``, is named; None when none is."""
    text = doc.normalized.text
    if not ESTABLISHED_BY_BEFORE_RE.search(text, max(0, start - ESTABLISHED_BY_GAP), start):
        return None
    return next((mm.start for mm in doc.mentions if start - ESTABLISHED_BY_GAP <= mm.end <= start), None)


def _whole_known_name(surface: str) -> str:
    """A gazetteer form is a whole name: words written before it belong to the sentence
    ("秘书处可通知实施情况检查组", "除非实施情况检查组另有决定"), not to the name."""
    hit = _known_form(surface)
    return hit[1] if hit is not None else surface


def _gated_name(surface: str, head: str, names: list[Name]) -> tuple[KnownBody, str] | None:
    """A 委员会 name: a gazetteer form it ends with, or the shortened name of a committee named
    before (咨询委员会 < 行政和预算问题咨询委员会): (entry, the name)."""
    hit = _known_form(surface)
    if hit is not None:
        return hit
    prev = [n for n in names if n.head in GATED_HEADS and n.known is not None]
    length, earlier = max(((_common_suffix(surface, n.surface), n) for n in prev),
                          key=lambda x: x[0], default=(0, None))
    if length < len(head) + MIN_SHARED_BEYOND_HEAD:
        return None
    return earlier.known, surface[len(surface) - length:]


def _shortened_owned(surface: str, head: str, names: list[Name]) -> tuple[str, Name] | None:
    """The shortened name of a committee named before with its owner ("审计咨询委员会" after
    "儿基会审计咨询委员会"): (the shortened name, the earlier name), else None."""
    prev = [n for n in names if n.head in GATED_HEADS and n.owned]
    length, earlier = max(((_common_suffix(surface, n.surface), n) for n in prev),
                          key=lambda x: x[0], default=(0, None))
    if earlier is None or length < len(head) + MIN_SHARED_BEYOND_HEAD:
        return None
    return surface[len(surface) - length:], earlier


def _name(doc: Document, start: int, end: int, surface: str, known: KnownBody | None,
          prefix: tuple[str, int] | None = None, parent: str | None = None) -> Name | None:
    """The name [start, end): its parts, its parent (the owner it opens with, the body named right
    before it, else the acting body) and the clause before it. A name is marked (a formal name,
    a body by itself) by 问题/事宜 or a formal modifier, by its owner's name, or when it is being
    established ("设立一个促进性别平等标准专家组": ``ESTABLISH_ONE_RE``)."""
    parsed = parse_name(surface[prefix[1]:] if prefix else surface)
    if parsed is None:
        return None
    text = doc.normalized.text
    head, topic, marked = parsed
    window = max(0, start - CLAUSE_LOOKBACK)
    clause_start = max((c.end() for c in CLAUSE_RE.finditer(text, window, start)), default=window)
    pre = text[clause_start:start]
    key = topic_key(topic)
    if key in STOP_TOPICS or len(key) == 1 or COLLECTIVE_START_RE.match(topic):
        key, topic = "", ""  # no topic: "专家小组", "其他专题联盟和小组" (several bodies)
    marked = marked or bool(key) and (prefix is not None or bool(ESTABLISH_ONE_RE.search(pre)))
    if known is not None:
        key = key or slug(surface)
        marked = True
    parent = parent or (prefix[0] if prefix else _parent_before(text, start, doc.acting_body))
    return Name(start, end, surface, head, topic, key, marked, parent, pre, known, prefix is not None)


# --- step 2: which act establishes the body a name names -------------------------------------
def _enclosing_act(doc: Document, pos: int) -> AdoptedAct | None:
    return next((act for act in doc.acts if act.start <= pos < act.end), None)


def _mentions_after(doc: Document, n: Name) -> list[ActMention]:
    return [mm for mm in doc.mentions if n.end <= mm.start <= n.end + AFTER_ESTABLISHED_BY]


def _establishing_act(doc: Document, n: Name) -> ActKey | None:
    """The act that establishes the body named at n, when the text says so."""
    text, pre = doc.normalized.text, n.pre
    if ESTABLISHED_THEREBY_RE.search(pre):  # 据以设立<name>的第2/6号决定
        after = _mentions_after(doc, n)
        return after[0].key if after and text[n.end:n.end + 1] == "的" else None
    if not (ESTABLISH_BEFORE_RE.search(pre) or ESTABLISHED_BY_BEFORE_RE.search(pre)):
        return None
    clause_start = n.start - len(pre)
    mentions = [mm for mm in doc.mentions if clause_start <= mm.start and mm.end <= n.start]
    if mentions:  # 根据第5/5号决议设立的… / 在第2/2号决定中决定…设立一个…
        between = text[mentions[-1].end:n.start]
        if ESTABLISHED_BY_BEFORE_RE.search(pre) and len(between) <= ESTABLISHED_BY_GAP:
            return mentions[-1].key
        if DECIDES_RE.search(between) and not NOT_DECIDED_RE.search(between):
            return mentions[-1].key
        return None
    act = _enclosing_act(doc, n.start)
    if act is None or not ESTABLISH_BEFORE_RE.search(pre):
        return None
    return act.key if _own_decision(act, n) else None


def _own_decision(act: AdoptedAct, n: Name) -> bool:
    """The act's own 决定设立 (not "缔约方会议决定设立", a report of another act's decision)."""
    pre = n.pre
    own = OWN_DECISION_RE.search(pre)
    third_person = THIRD_PERSON_RE.search(pre)
    heading = act.heading_start <= n.start < act.heading_end + HEADING_MARGIN
    if (own and "决定" in pre or heading) and not third_person:
        return True
    return heading or bool(act.title and n.surface in act.title and pre.endswith("设立"))


def establishing_acts(doc: Document, names: list[Name]) -> dict[int, ActKey]:
    """Name index -> the act that establishes its body, in name order."""
    found = {}
    for i, n in enumerate(names):
        act = _establishing_act(doc, n)
        if act is not None:
            found[i] = act
    return found


# --- step 3: names of one body ---------------------------------------------------------------
@dataclass(frozen=True)
class BodyIdentity:
    """Who a cluster is: its key and labels, shared by all its mentions."""

    key: str
    parent: str
    label_zh: str
    label_en: str
    head: str


@dataclass
class Cluster:
    """The names (indexes into the names) of one body, under one parent and head class."""

    group: tuple[str, str]  # (parent, head class)
    members: list[int]
    topics: set[str]
    known: KnownBody | None
    established_by: ActKey | None
    identity: BodyIdentity | None = None  # decided once every name has joined (step 4)


class _Clusters:
    """Clusters being built, and which cluster each name joined."""

    def __init__(self, names: list[Name]):
        self.names = names
        self.all: list[Cluster] = []
        self.member_of: dict[int, Cluster] = {}

    def add(self, i: int, known: KnownBody | None, est: ActKey | None) -> Cluster:
        """Name i joins the cluster of its body (same gazetteer entry, same establishing act or
        a topic naming the same body), or starts one."""
        n = self.names[i]
        group = (n.parent, head_class(n.head))
        for c in self.all:
            how = _how_joins(c, n, known, est) if c.group == group else None
            if how is None:
                continue
            c.members.append(i)
            self.member_of[i] = c
            if how == "topic":
                c.topics.add(n.key_topic)
                c.known = c.known or known
            return c
        c = Cluster(group, [i], {n.key_topic} if n.key_topic else set(), known, est)
        self.all.append(c)
        self.member_of[i] = c
        return c

    def join_by_topic(self, i: int) -> None:
        """An unmarked topic (国际合作工作组) joins a body already named, or nothing."""
        n = self.names[i]
        for c in self.all:
            if c.group == (n.parent, head_class(n.head)) and any(same_body(n.key_topic, t) for t in c.topics):
                c.members.append(i)
                c.topics.add(n.key_topic)
                self.member_of[i] = c
                return


def _how_joins(c: Cluster, n: Name, known: KnownBody | None, est: ActKey | None) -> str | None:
    """Why name n belongs to cluster c: the same gazetteer entry ("known"), the same
    establishing act ("established"), a topic naming the same body ("topic"); else None."""
    if known is not None and _same_known(c.known, known):
        return "known"
    if known is None and c.known is None and est is not None and c.established_by == est:
        return "established"
    if not n.key_topic or not any(same_body(n.key_topic, t) for t in c.topics):
        return None
    if known is not None and c.known is not None:
        return None  # a topic match, but the gazetteer says they are two bodies
    return "topic"


def cluster(names: list[Name], established: dict[int, ActKey]) -> _Clusters:
    clusters = _Clusters(names)
    pending = []
    # topic-bearing names first, accepted when formal/marked or known
    for i, n in enumerate(names):
        if n.key_topic:
            known = n.known or _known_for(n.head, [n.key_topic], n.parent)
            if n.marked or known is not None:
                clusters.add(i, known, None)
            else:
                pending.append(i)
        elif n.head in SELF_NAMING:
            clusters.add(i, _known_for(n.head, [""], n.parent), None)
    for i in pending:
        clusters.join_by_topic(i)
    for i, act in established.items():
        _add_established(clusters, i, act)
    # known bodies matched by establishing act after the fact (a topic cluster established by act X)
    for c in clusters.all:
        if c.known is None and c.established_by is not None:
            known = _known_established_by(c.established_by.notation)
            if known is not None and (known.parent, head_class(known.head)) == c.group:
                c.known = known
    return clusters


def _add_established(clusters: _Clusters, i: int, act: ActKey) -> None:
    """A name established by ``act``: its cluster learns the act; a topicless name is a body
    identified by that act (the gazetteer's body established by it, when there is one)."""
    n = clusters.names[i]
    if i in clusters.member_of:
        c = clusters.member_of[i]
        if c.established_by is None:
            c.established_by = act
        return
    if n.key_topic:
        return
    known = _known_established_by(act.notation)
    if known is None or (known.parent, head_class(known.head)) != (n.parent, head_class(n.head)):
        clusters.add(i, None, act)
        return
    existing = next((c for c in clusters.all if _same_known(c.known, known)), None)
    if existing is None:
        clusters.add(i, known, act)
        return
    # the gazetteer's body, already named: the name joins it (its establishing act is the
    # gazetteer's, so the cluster's is left as it is)
    existing.members.append(i)
    clusters.member_of[i] = existing


# --- step 4: the identity of each body -------------------------------------------------------
def _identity(c: Cluster, names: list[Name]) -> BodyIdentity:
    """Key and labels of a cluster: the gazetteer's when it knows the body, else from the
    shortest topic (or the establishing act) and the longest name written."""
    parent, _ = c.group
    members = [names[i] for i in c.members]
    kb = c.known
    if kb is not None:
        name_slug, en, pref = kb.slug, kb.label_en, kb.label_zh
        parent = kb.parent or parent
    else:
        topics = sorted(c.topics, key=lambda t: (len(t), t))
        if topics:
            name_slug = slug(topics[0])
        elif c.established_by is not None:
            name_slug = _established_slug(c.established_by, members)
        else:
            name_slug = slug(members[0].head)
        en = ""
        pref = max((m.by_act or m.surface for m in members), key=lambda s: (len(s), s))
    return BodyIdentity(subsidiary_body_key(parent, name_slug), parent, pref, en, members[0].head)


_PARAGRAPH_RE = re.compile(r"第(\d+)段")


def _established_slug(est: ActKey, members: list[Name]) -> str:
    """A body with no name but the act establishing it: the act, the paragraph when printed (one
    act may establish several: a committee in paragraph 19, a panel in paragraph 21), the head."""
    para = next((p.group(1) for m in members if (p := _PARAGRAPH_RE.search(m.by_act))), None)
    act = slug(f"{est.body}-{est.kind}-{est.number}".lower())
    return f"established-by-{act}" + (f"-para-{para}" if para else "") + "-" + slug(members[0].head)


def body_mentions(names: list[Name], clusters: _Clusters) -> list[BodyMention]:
    """The mentions of each body whose parent is known: named before it (大会设立的…), the
    gazetteer's, or the document's acting body. A group of a document that does not say whose it
    is ("第一工作组" in a State's working paper) has no identity, so no mention."""
    for c in clusters.all:
        c.identity = _identity(c, names) if (c.known and c.known.parent) or c.group[0] else None
    return [BodyMention(c.identity.key, n.start, n.end, n.surface, c.identity.parent, c.identity.label_zh,
                        c.identity.label_en, c.identity.head, n.topic)
            for i, n in enumerate(names)
            if (c := clusters.member_of.get(i)) is not None and c.identity is not None]


# --- step 5: topicless names -----------------------------------------------------------------
def resolve_anaphors(doc: Document, names: list[Name], clusters: _Clusters,
                     mentions: list[BodyMention], established: dict[int, ActKey]) -> list[BodyMention]:
    """A topicless name (该工作组, 工作组) inside an act names the one body of its head class that
    the act names, or the nearest one named before it, or the one the act establishes."""
    text = doc.normalized.text
    by_act: dict[ActKey, list[BodyMention]] = defaultdict(list)
    for f in mentions:
        act = _enclosing_act(doc, f.start)
        if act is not None:
            by_act[act.key].append(f)
    est_by_act: dict[ActKey, str] = {}
    for i, act in established.items():
        if i in clusters.member_of and clusters.member_of[i].identity is not None:
            est_by_act.setdefault(act, clusters.member_of[i].identity.key)
    out = []
    for i, n in enumerate(names):
        if i in clusters.member_of or n.key_topic or _collective(text, n):
            continue
        act = _enclosing_act(doc, n.start)
        if act is None:
            continue
        candidates = [f for f in by_act.get(act.key, []) if head_class(f.head) == head_class(n.head)]
        key = _antecedent(candidates, n, est_by_act.get(act.key))
        if key is not None:
            ref = next(f for f in candidates if f.key == key)
            out.append(BodyMention(key, n.start, n.end, n.surface, ref.parent, ref.label_zh,
                                   ref.label_en, ref.head, "", anaphor=True))
    return out


def _collective(text: str, n: Name) -> bool:
    """"各工作组", "两个工作组和…": several bodies, none in particular."""
    return bool(COLLECTIVE_RE.search(n.pre)) or (
        text[n.end:n.end + 1] in _LIST_AFTER and n.pre.endswith(_PAIR_BEFORE))


def _antecedent(candidates: list[BodyMention], n: Name, established_here: str | None) -> str | None:
    keys = {f.key for f in candidates}
    before = [f for f in candidates if f.end <= n.start]
    if len(keys) == 1:
        return keys.pop()
    if before:  # the nearest body named before it in the act
        return before[-1].key
    if established_here is not None and established_here in keys:
        return established_here
    return None


# --- step 6: "act establishes body" ----------------------------------------------------------
def establishments(doc: Document, names: list[Name], established: dict[int, ActKey],
                   mentions: list[BodyMention]) -> list[Establishment]:
    key_at = {(f.start, f.end): f.key for f in mentions}
    seen = set()
    out = []
    for i, act in established.items():
        n = names[i]
        key = key_at.get((n.start, n.end))
        if key is None or (act, key) in seen:
            continue
        seen.add((act, key))
        start, end = _establishment_evidence(doc, n, act)
        out.append(Establishment(act, key, start, end, n.surface))
    return out


def _establishment_evidence(doc: Document, n: Name, act: ActKey) -> tuple[int, int]:
    """From the verb (or the act's mention before it) to the name (or the act after it)."""
    pre_start = n.start - len(n.pre)
    m = ESTABLISH_VERB_RE.search(n.pre)
    start = pre_start + m.start() if m else n.start
    thereby = ESTABLISHED_THEREBY_RE.search(n.pre)
    if m and not thereby:
        start = next((mm.start for mm in doc.mentions if pre_start <= mm.start < start and mm.key == act),
                     start)
    end = n.end
    if thereby:
        after = _mentions_after(doc, n)
        if after:
            end = after[0].end
    return start, end


# --- step 7: executive boards ----------------------------------------------------------------
BOARD_PARENT = "ECOSOC"  # the executive boards of the funds and programmes report to it (GA res. 48/162)


@lru_cache(maxsize=None)
def _board_names(acting_body: str | None):
    """(the generic words read as a board's name, name -> body): the executive boards' names,
    and their generic word (执行局) in their own documents."""
    names, generic = {}, set()
    for b in bodies().values():
        if b.type == "executive-board":
            names.update({n: b for n in b.labels_zh})
            if acting_body == b.code:
                names.update({n: b for n in b.generic_zh})
                generic.update(b.generic_zh)
    return frozenset(generic), names


def executive_boards(doc: Document) -> list[BodyMention]:
    """The executive boards of bodies.tsv (儿基会执行局 …) are subsidiary bodies of ECOSOC: each
    of their names, and in a board's own documents the word it calls itself by (执行局). The key
    is the board's own slug, so the node is the one its acts are passed by."""
    text = doc.normalized.text
    generic, names = _board_names(doc.acting_body)
    masked = _mask_titles(text)
    org_spans = _organization_spans(text, len(text))
    out = []
    for s, e in matcher.overlapping_longest(text, matcher.EXECUTIVE_BOARD, also=generic):
        if masked[s] == TITLE_MASK or _inside(org_spans, s, e):
            continue
        b = names[text[s:e]]
        out.append(BodyMention(b.slug, s, e, text[s:e], BOARD_PARENT, b.labels_zh[0], b.label_en,
                               "执行局", ""))
    return out


def extract(doc: Document) -> list:
    names = find_names(doc)
    established = establishing_acts(doc, names)
    clusters = cluster(names, established)
    mentions = body_mentions(names, clusters)
    mentions += resolve_anaphors(doc, names, clusters, mentions, established)
    mentions += executive_boards(doc)
    mentions.sort(key=lambda f: (f.start, f.end))
    return [*mentions, *establishments(doc, names, established, mentions)]
