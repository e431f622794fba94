"""Groups of States and organizations: gazetteer names and observer lists.

Facts: ``OrganizationMention`` (key: a gazetteer id, or the name as printed), from:

- every alias of ``kg/data/organizations.tsv`` (regional and political groups, UN entities,
  intergovernmental organizations), longest alias first, overlapping shorter matches dropped;
- the items of an observer list ("下列非政府组织的观察员也作了发言:A、B和C。",
  "下列政府间组织派观察员出席了会议:…"): each item is one organization; an item that is
  not in the gazetteer gets the list's type (NGO, IGO, UN entity) and its own name as key;
- the subject of a sentence that reports observers speaking ("A以及B的观察员也作了发言",
  "缔约方会议还听取了A、B和C的观察员的发言", "政府间组织A和非政府组织B的观察员…"): its
  items that are not States, typed by the word before them (NGO by default);
- UN organs: the principal organs and functional commissions of ``kg/data/bodies.tsv`` (大会,
  经济及社会理事会, 预防犯罪和刑事司法委员会, …; not conferences of States parties) and the
  subsidiary organs of the General Assembly / ECOSOC found by the working-groups extractor
  (第五委员会, 全权证书委员会, …; not working or expert groups), typed "UN entity" with
  ``attrs["body"]`` = the body code or key, so the emitter points at the body's own IRI.

- organizations not in the gazetteer, named by the text's own conventions (``named_by_convention``):
  an opener (国际, 世界, 全球, 欧洲 …, or a State's name) then a topic and a suffix that ends
  names (国际检察官协会, 全球酒精政策联盟, 巴勒斯坦土地协会); quotes the text calls an
  organization (名为“联合国观察组织”的非政府组织); a name with its short name in brackets
  (地方可持续发展协会(宜可城)); the items of a list naming an organization already found, when
  they end with a suffix that ends names (开发署、全球酒精政策联盟、非传染性疾病联盟). A topic
  of generic words only (国际组织, 国际和区域组织, 其他国际组织) is a common noun, not a name.

Names inside a title (《…》) are not mentions of the organization. A bare 秘书处 is no
organization's name (every body has one).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from .. import matcher
from ..facts import BodyMention, OrganizationMention, StateMention
from ..lexicon import (bodies, body_alias_index, organization_alias_index, organizations,
                       state_alias_index, un_organ_index, word_regex, words)
from ..models import Document

__all__ = ["ListedName", "extract", "find_organizations", "in_title", "observer_lists", "organizations",
           "title_spans", "un_organs"]

OBSERVER_LIST_MAX = 1500  # an observer list runs to its "。" within this many characters
SUBJECT_LOOKBACK = 300  # the subject of "…的观察员也作了发言" starts within this window
MAX_TITLE = 200  # a 《…》 title is at most this long

# an observer list: "下列(非)政府间组织(的)观察员(也)(在会上)作了发言:" / "派观察员出席了会议:"
_LIST_HEAD = re.compile(
    r"(非政府组织|政府间组织|秘书处单位|联合国机构|专门机构)[^。:;]{0,40}?观察员[^。:;]{0,30}?:"
)
_ORG_SUFFIX = re.compile(
    r"(?:协会|联盟|基金会|基金|研究所|中心|组织|理事会|网络|网|学会|委员会|联合会|学院|大学|运动|"
    r"倡议|秘书处|议会|办事处|办公室|署|局|机构|国际|社|社会|项目|论坛|集团|公司|银行|会)$"
)
_LIST_TYPE = {"非政府组织": "NGO", "政府间组织": "IGO"}


def _name_like(piece: str) -> bool:
    """Whether a list fragment reads as a complete organization name."""
    core = re.sub(r"\([^()]*\)$", "", piece).strip(" “”\"")
    return bool(core) and (bool(_ORG_SUFFIX.search(core)) or core in organization_alias_index()
                           or piece in organization_alias_index() or bool(re.search(r"[A-Za-z)”\"]$", piece)))


def _split_items(text: str, offset: int):
    """Items of a Chinese list "A、B、C以及D和E" with their absolute offsets. A "、" inside a name
    ("马特和平、发展和人权协会") is kept when the part before it does not read as a name; "和" splits
    only where the part before it reads as a name ("和平" never splits); known names are kept whole."""
    masked = list(text)
    for s, e in matcher.overlapping_longest(text, matcher.ORGANIZATION,
                                            names=matcher.extractor_names()):
        for i in range(s, e):
            masked[i] = "x"
    depth = 0
    for i, ch in enumerate(text):
        if ch in "(“":
            depth += 1
        elif ch in ")”" and depth:
            depth -= 1
        elif depth:
            masked[i] = "x"
    m = "".join(masked)
    # hard separators: 以及, "的代表和"/"的观察员和"; soft: 、
    pieces, pos = [], 0
    for sep in re.finditer(r"以及|的(?:代表|观察员)(?:和|以及|、)|、", m):
        pieces.append((pos, sep.start(), sep.group() == "、"))
        pos = sep.end()
    pieces.append((pos, len(text), False))
    merged: list[list[int]] = []
    joinable = False
    for s, e, soft in pieces:
        if merged and joinable:
            merged[-1][1] = e
        else:
            merged.append([s, e])
        joinable = soft and not _name_like(text[merged[-1][0]:merged[-1][1]])
    out = []
    for s, e in merged:
        cur = s
        for h in re.finditer("和", m[s:e]):
            k = s + h.start()
            if text.startswith("和平", k) or k + 1 >= e:
                continue
            if _name_like(text[cur:k]):
                out.append((offset + cur, offset + k))
                cur = k + 1
        out.append((offset + cur, offset + e))
    return [(a, b) for a, b in out if b > a]


class ListedName(NamedTuple):
    """An organization named in a list of observers: [start, end) and the list's type."""

    start: int
    end: int
    type: str


def observer_lists(text: str) -> Iterator[ListedName]:
    """Each organization named in an observer list."""
    for head in _LIST_HEAD.finditer(text):
        kind = _LIST_TYPE.get(head.group(1), "UN entity")
        stop = text.find("。", head.end())
        stop = len(text) if stop < 0 else stop
        if stop - head.end() > OBSERVER_LIST_MAX:
            continue
        for s, e in _split_items(text[head.end():stop], head.end()):
            while s < e and text[s] in " -":
                s += 1
            if e - s >= 2:
                yield ListedName(s, e, kind)


# "…A以及B的观察员也作了发言" / "还听取了A、B和C的观察员的发言"
_SPOKE = re.compile(r"的?观察员(?:也|还)?(?:在会上)?(?:作了发言|发了言|的发言|所作的发言)")
# where the subject of "…的观察员也作了发言" starts: after the last of these
_SUBJECT_START = re.compile(r"""
    .*(?:[。;:]                           # punctuation
        | (?<![\d.])\d{1,3}\.(?!\d)        # a report paragraph number "59."
        | 听取了                            # "…还听取了A、B和C的观察员的发言"
        | 以及下列 | 此外,)                   # "as well as the following", "moreover,"
""", re.S | re.X)
_TYPE_WORD = re.compile(r"(非政府组织|政府间组织|联合国机构|专门机构)")
_NOT_ORG = re.compile(r"^(?:签署国|非签署国|观察国|缔约国|成员国|国家|各国|其他|一些|若干|下列|以下)")


def observers_speaking(text: str, states: list[StateMention] | None = None) -> Iterator[ListedName]:
    """Each organization named as the subject of "…的观察员也作了发言"."""
    state_spans = [(m.start, m.end) for m in states or []]
    for sp in _SPOKE.finditer(text):
        lo = max(0, sp.start() - SUBJECT_LOOKBACK)
        head = _SUBJECT_START.match(text, lo, sp.start())
        start = head.end() if head else lo
        if sp.start() - start < 2:
            continue
        for s, e in _split_items(text[start:sp.start()], start):
            t = _TYPE_WORD.match(text, s, e)
            kind = "NGO"
            if t:
                kind = _LIST_TYPE.get(t.group(1), "UN entity")
                s = t.end()
            while s < e and text[s] in " -":
                s += 1
            name = text[s:e]
            if e - s < 2 or _NOT_ORG.match(name) or not re.search(r"[\u4e00-\u9fffA-Za-z]", name):
                continue
            if any(a <= s and e <= b for a, b in state_spans) or any(s <= a and b <= e and b - a >= len(name) - 1
                                                                    for a, b in state_spans):
                continue
            yield ListedName(s, e, kind)


def _item_key(name: str) -> tuple[str, str | None]:
    """Gazetteer id of a list item written as "全称(简称)" or a plain alias, else None."""
    index = organization_alias_index()
    if name in index:
        return index[name], None
    m = re.fullmatch(r"(.+?)\((.+)\)", name)
    if m and (m.group(1) in index or m.group(2) in index):
        return index.get(m.group(1)) or index[m.group(2)], None
    return "", name


# UN organs that are organizations in their own right: the bodies of bodies.tsv except the
# conferences of the States parties to a convention (they are their treaty's, not the UN's)
# and the regional bodies
_ORGAN_PARENTS = {"GA", "ECOSOC", "SC", "HRC"}  # parents of subsidiary organs that are UN entities
# … but working groups, expert groups, panels, advisory groups, task forces and centres are not
# (groups of people serving an organ); a coordination group of agencies (打击贩运人口机构间协调小组)
# is an entity of its members
_GROUP_HEADS = re.compile(r"(?:工作组|专家组|(?<!协调)小组|工作队|中心)$")
# "大会" names the General Assembly only where it stands as a word: not in "刑事司法大会"
# (a congress), "世界卫生大会", "大会堂", "大会议"
_GA_BEFORE_OK = set("和及与在由向请经将对为据是的并于其或即、,。;:()“《.0123456789 ") | {""}
_GA_BEFORE_OK |= set("到顾迎申交示认")  # the verbs before it: 注意到, 回顾, 欢迎, 重申, 提交, 表示, 确认
_GA_NOT_BEFORE = ("堂", "议")
_TITLE = re.compile(rf"《[^《》]{{1,{MAX_TITLE}}}》")
_PARTICLE = "的"




def title_spans(text: str) -> list[tuple[int, int]]:
    """Spans of 《…》 titles, in order (they do not nest)."""
    return [(m.start(), m.end()) for m in _TITLE.finditer(text)]


def in_title(titles: list[tuple[int, int]], s: int, e: int) -> bool:
    """Is [s, e) strictly inside one of the (sorted, disjoint) title spans?"""
    i = bisect_right(titles, (s, float("inf"))) - 1
    return i >= 0 and titles[i][0] < s and e < titles[i][1]


def un_organs(text: str, subsidiary: tuple[BodyMention, ...] = ()) -> list[OrganizationMention]:
    index, out = un_organ_index(), []
    titles = title_spans(text)
    named = [(f.start, f.end) for f in subsidiary if not f.anaphor]
    for s, e in matcher.overlapping_longest(text, matcher.UN_ORGAN):
        alias = text[s:e]
        if any(bs <= s and e <= be and (bs, be) != (s, e) for bs, be in named):
            continue  # "西亚经社会统计委员会": a committee of ESCWA, not the Statistical Commission
        if alias == "大会" and (text[s - 1:s] not in _GA_BEFORE_OK or text[e:e + 1] in _GA_NOT_BEFORE):
            continue
        if in_title(titles, s, e):
            continue
        code = index[alias]
        if alias.endswith(_PARTICLE) and alias[:-1] in index:  # "委员会的建议": the particle is not the name
            alias, e = alias[:-1], e - 1
        out.append(OrganizationMention(code, s, e, alias, "UN entity", body=code,
                                       label_en=bodies()[code].label_en))
    board_slugs = {b.slug for b in bodies().values()}
    for f in subsidiary:
        if f.parent not in _ORGAN_PARENTS or f.anaphor or not f.label_zh or f.key in board_slugs:
            continue  # an executive board (its key is its body's slug) is named by its own aliases
        if _GROUP_HEADS.search(f.label_zh):
            continue
        out.append(OrganizationMention(f.key, f.start, f.end, f.label, "UN entity", body=f.key,
                                       label_en=f.label_en, label_zh=f.label_zh))
    return out


def _as_its_organization(organ: OrganizationMention) -> OrganizationMention:
    """An organ named after its organization ("联合国教育、科学及文化组织大会", "地中海议会大会")
    is that organization acting: the organization's own node, on the span of its name."""
    index = organization_alias_index()
    label = organ.label
    for n in range(len(label) - 1, 1, -1):
        oid = index.get(label[:n])
        if oid is not None:
            return OrganizationMention(oid, organ.start, organ.start + n, label[:n],
                                       organizations()[oid].type)
    return organ


# --- organizations named by the text's own conventions -----------------------------------------
NAME_CONTENT_MAX = 16  # between the opener and the suffix of a name (国际<职业妇女福利互助会非洲>联合会)
ITEM_MAX = 20  # an organization named as an item of a list is at most this long
LIST_CLAUSE_MAX = 600  # a list of organizations between two punctuation marks is at most this long
# what may stand right before a name: punctuation, a list mark, a function word or the last
# character of a verb that governs it (包括, 与…合作, 即, 是)
_BEFORE_NAME = set(",。;:()“”《》、·-.0123456789 \n和与及同向由在对的了括是即经将把被请使让给从以或并至见")
_NO_NAME_INSIDE = re.compile(r"[的,。;:、()“”《》\s\d个]")  # a name has none of these (个: "两个创业中心")
_JOINER_INSIDE = re.compile(r"[和与及]")


@lru_cache(maxsize=8)
def organization_name_spans(text: str) -> list[tuple[int, int]]:
    """The names of organizations.tsv in the text, longest first (read once per text: the
    subsidiary bodies' extractor asks for them too)."""
    return matcher.overlapping_longest(text, matcher.ORGANIZATION)


def _suffix_re() -> re.Pattern:
    return word_regex("organization/suffix")


def _generic_re() -> re.Pattern:
    return word_regex("organization/generic")


def _not_a_name_start_re() -> re.Pattern:
    return word_regex("organization/not-a-name-start")


# after a State's name, only the suffixes that end nothing but names (and 中心: 爱尔兰人权中心),
# and a short topic: "芬兰代表提请注意跨国有组织…" is a clause, not a name
STATE_TOPIC_MAX = 6
_STATE_SUFFIXES = {*words("organization/strong-suffix"), "中心"}
_LIST_SUFFIXES = {*words("organization/strong-suffix"), "联盟"}  # enough for an item of a list
_ORGANIZE = re.compile(r"有?组织(?=犯罪)|有组织")  # 组织 the verb, 有组织犯罪: no name ends here


def _proper(name: str, opener: str, suffix: str) -> bool:
    """A name, not a common noun or a clause: no punctuation or number inside; a topic beside
    the generic words before the first joiner (国际和区域组织, 国际机构和非政府组织 are none,
    国际环境与发展学会 is one); after a State's name a short topic, no other State, no national
    or governmental body of that State."""
    if _NO_NAME_INSIDE.search(name) or _ORGANIZE.search(name) or "或" in name:
        return False
    topic = name[len(opener):len(name) - len(suffix)]
    if opener in state_alias_index():
        if suffix not in _STATE_SUFFIXES or len(topic) > STATE_TOPIC_MAX or _names_a_state(topic) \
                or _generic_re().search(topic):
            return False
    first = _JOINER_INSIDE.split(topic, maxsplit=1)[0]
    return bool(_generic_re().sub("", first))


def _names_a_state(text: str) -> bool:
    index = state_alias_index()
    return any(text[i:j] in index for i in range(len(text)) for j in range(i + 2, len(text) + 1))


def opened_names(text: str) -> Iterator[tuple[int, int]]:
    """"国际检察官协会", "全球酒精政策联盟", "巴勒斯坦土地协会": an opener standing after a
    boundary, a few characters, the first suffix."""
    for start, end in matcher.leftmost_longest(text, matcher.ORGANIZATION_OPENER | matcher.STATE):
        if start and text[start - 1] not in _BEFORE_NAME:
            continue
        for suffix in _suffix_re().finditer(text, end + 1, min(len(text), end + NAME_CONTENT_MAX)):
            name = text[start:suffix.end()]
            if _NO_NAME_INSIDE.search(name):
                break
            if _proper(name, text[start:end], suffix.group()):
                yield start, suffix.end()
                break


# "称作“联合国观察组织”的非政府组织", "名为“A”和“B”的非政府组织", "非政府组织“A”"
_QUOTED_ORGS = re.compile(r"""
    (?P<chain>“[^“”]{2,40}”(?:(?:和|、|及|以及)“[^“”]{2,40}”)*)的?(?:非政府组织|组织)(?!“)
  | 非政府组织(?P<after>“[^“”]{2,40}”)
""", re.X)
_QUOTED = re.compile(r"“([^“”]{2,40})”")


def quoted_names(text: str) -> Iterator[tuple[int, int]]:
    """Names in quotes that the text calls organizations."""
    for m in _QUOTED_ORGS.finditer(text):
        group = "chain" if m.group("chain") else "after"
        for q in _QUOTED.finditer(text, m.start(group), m.end(group)):
            yield q.start(1), q.end(1)


# a short name in brackets: Latin letters (IIED) or a few characters that are no clause ("(主要在信德省)")
_ABBREVIATED = re.compile(r"\((?P<abbr>[A-Za-z][A-Za-z\-]{1,9}|[\u4e00-\u9fff]{2,4})\)")
_NOT_IN_ABBREVIATION = re.compile(r"[在的是和与及或为了着其主]")


def abbreviated_names(text: str) -> Iterator[tuple[int, int]]:
    """"与地方可持续发展协会(宜可城)合作": a name with its short name in brackets after it."""
    index = organization_alias_index()
    for suffix in _suffix_re().finditer(text):
        abbr = _ABBREVIATED.match(text, suffix.end())
        if not abbr or _NOT_IN_ABBREVIATION.search(abbr.group("abbr")) or abbr.group("abbr") in index:
            continue  # a known short name: the organization is named by it
        start = suffix.start()
        while start > 0 and text[start - 1] not in _BEFORE_NAME and suffix.end() - start < ITEM_MAX:
            start -= 1
        if start > 0 and text[start - 1] not in _BEFORE_NAME:
            continue
        name = text[start:suffix.end()]
        if _proper(name, "", suffix.group()) and not _not_a_name_start_re().match(name):
            yield start, suffix.end()


_CLAUSE_STOP = re.compile(r"[,。;:()!?]")
_JOINER = re.compile(r"以及|[、和及与]")


def listed_with(text: str, found: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """"开发署、全球酒精政策联盟、非传染性疾病联盟和…": the items of a list that names an
    organization already found are organizations too when they end with a suffix that ends names,
    as far as the list runs without an item that is none."""
    stops = [m.start() for m in _CLAUSE_STOP.finditer(text)]
    clauses: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for s, e in found:
        i = bisect_right(stops, s)
        lo, hi = (stops[i - 1] + 1 if i else 0), (stops[i] if i < len(stops) else len(text))
        if e <= hi and hi - lo <= LIST_CLAUSE_MAX:  # no list runs long without punctuation
            clauses.setdefault((lo, hi), set()).add((s, e))
    for (lo, hi), inside in sorted(clauses.items()):
        run: list[tuple[int, int]] = []
        for item in [*_clause_items(text, lo, hi, inside), None]:
            if item is not None and (item in inside or _item_is_a_name(text[item[0]:item[1]])):
                run.append(item)
                continue
            if inside & set(run):
                yield from (i for i in run if i not in inside)
            run = []


def _clause_items(text: str, lo: int, hi: int, inside: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The items of text[lo:hi] split at the joiners outside the organizations found; an item
    holding one is that organization; the last item ends at its first suffix."""
    cuts = [j for j in _JOINER.finditer(text, lo, hi) if not any(s <= j.start() < e for s, e in inside)]
    bounds = [lo, *(x for j in cuts for x in (j.start(), j.end())), hi]
    items = []
    for s, e in zip(bounds[::2], bounds[1::2]):
        holding = next((f for f in sorted(inside) if s <= f[0] and f[1] <= e), None)
        if holding is not None:
            items.append(holding)
            continue
        if e == hi and (suffix := _suffix_re().search(text, s, e)):
            e = suffix.end()
        items.append((s, e))
    return items


def _item_is_a_name(item: str) -> bool:
    """An item of a list of organizations that is one: it ends with a suffix that ends only
    names (or 联盟), is short, and does not open with "其他", "所有" … (several organizations)."""
    suffix = next((w for w in _LIST_SUFFIXES if item.endswith(w)), None)
    return (suffix is not None and len(item) - len(suffix) >= 2 and len(item) <= ITEM_MAX
            and not _NO_NAME_INSIDE.search(item) and not _not_a_name_start_re().match(item)
            and bool(_generic_re().sub("", item[:len(item) - len(suffix)])) and item not in body_alias_index())


def named_by_convention(text: str, taken: list[tuple[int, int]]) -> list[OrganizationMention]:
    """Organizations not in the gazetteer, named as the text names organizations: an opener and
    a suffix, quotes called an organization, a short name in brackets, an item of a list of
    organizations. Not inside a title, never over a name already read."""
    titles = title_spans(text)
    spans: list[tuple[int, int]] = []
    for s, e in [*opened_names(text), *quoted_names(text), *abbreviated_names(text)]:
        if not any(a < e and s < b for a, b in [*taken, *spans]) and not in_title(titles, s, e):
            spans.append((s, e))
    for s, e in listed_with(text, sorted([*taken, *spans])):
        if not any(a < e and s < b for a, b in [*taken, *spans]) and not in_title(titles, s, e):
            spans.append((s, e))
    return [OrganizationMention(text[s:e], s, e, text[s:e], "NGO") for s, e in sorted(spans)]


def find_organizations(text: str, states: tuple[StateMention, ...] | None = None,
                       subsidiary: tuple[BodyMention, ...] = ()) -> list[OrganizationMention]:
    facts = _listed_organizations(text, states)
    listed = [(f.start, f.end) for f in facts]
    organs = [_as_its_organization(f) for f in un_organs(text, subsidiary)
              if not any(ls <= f.start and f.end <= le for ls, le in listed)]
    # an organ of bodies.tsv is its body's node: the same name in organizations.tsv is not a second one
    taken = listed + [(f.start, f.end) for f in organs]
    titles = title_spans(text)
    index = organization_alias_index()
    for s, e in organization_name_spans(text):
        if any(ls <= s and e <= le for ls, le in taken):
            continue
        if in_title(titles, s, e) or _runs_on(text, e):
            continue
        oid = index[text[s:e]]
        facts.append(_known(oid, s, e, text[s:e]))
    facts += organs
    facts += named_by_convention(text, [(f.start, f.end) for f in facts] + _spans_of(subsidiary))
    facts.sort(key=lambda f: f.start)
    return facts


def _runs_on(text: str, end: int) -> bool:
    """A name that runs on into a longer one: its last characters and the next make a suffix of
    names ("全球基金" in "全球基金会", another foundation)."""
    return end < len(text) and any(_suffix_re().fullmatch(text, end - n, end + 1) for n in (1, 2) if end >= n)


def _spans_of(subsidiary: tuple[BodyMention, ...]) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in subsidiary]


def _listed_organizations(text: str, states) -> list[OrganizationMention]:
    """The organizations of observer lists and of "…的观察员也作了发言" sentences."""
    items = list(observer_lists(text))
    busy = [(item.start, item.end) for item in items]
    items += [item for item in observers_speaking(text, states)
              if not any(a < item.end and item.start < b for a, b in busy)]
    facts = []
    for s, e, kind in items:
        name = text[s:e]
        key, new = _item_key(name)
        if new is not None:
            facts.append(OrganizationMention(new, s, e, new, kind, listed=True))
        else:
            facts.append(_known(key, s, e, name))
    return facts


def _known(oid: str, s: int, e: int, printed: str) -> OrganizationMention:
    """A mention of a gazetteer organization, with its preferred names."""
    o = organizations()[oid]
    return OrganizationMention(oid, s, e, printed, o.type, label_en=o.label_en, label_zh=o.labels_zh[0])


def extract(doc: Document) -> list[OrganizationMention]:
    return find_organizations(doc.normalized.text, doc.facts.of(StateMention), doc.facts.of(BodyMention))
