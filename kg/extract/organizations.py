"""Groups of States and organizations: gazetteer names and observer lists.

Two sources of facts, both ``EntityMention(kind="organization", key=<id>, attrs={"type": ...})``:

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

Names inside a title (《…》) are not mentions of the organization.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..gazetteer import bodies
from ..models import Document, EntityMention

KIND = "organizations"
REQUIRES = ("states", "working_groups")


@dataclass(frozen=True)
class Organization:
    id: str
    label_en: str
    labels_zh: tuple[str, ...]
    type: str


def data_rows(name: str) -> list[list[str]]:
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def organizations() -> dict[str, Organization]:
    out = {}
    for oid, en, zh, kind in data_rows("organizations.tsv"):
        out[oid] = Organization(oid, en, tuple(a for a in zh.split("|") if a), kind)
    return out


@lru_cache(maxsize=None)
def organization_alias_index() -> dict[str, str]:
    return {alias: o.id for o in organizations().values() for alias in o.labels_zh}


def trie_regex(words) -> str:
    """A regex matching any of ``words``, longest first at each position (greedy trie)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie)


def lookahead_pattern(words) -> re.Pattern:
    """Zero-width pattern whose group 1 is the longest of ``words`` starting at each position
    (a first-character class check first keeps the scan fast)."""
    words = [w for w in words if w]
    first = "".join(sorted({w[0] for w in words}))
    return re.compile("(?=[" + re.escape(first) + "])(?=(" + trie_regex(words) + "))")


def overlapping_longest(pattern: re.Pattern, text: str, start: int = 0, end: int | None = None):
    """All (start, end) matches of ``pattern`` (a lookahead group), longest wins on overlap."""
    end = len(text) if end is None else end
    cands = [(m.start(1), m.end(1)) for m in pattern.finditer(text, start, end) if m.end(1) > m.start(1)]
    cands.sort(key=lambda c: (c[0] - c[1], c[0]))
    taken: list[tuple[int, int]] = []
    busy = bytearray(max(0, end - start) + 1)
    for s, e in cands:
        if any(busy[i - start] for i in range(s, e)):
            continue
        for i in range(s, e):
            busy[i - start] = 1
        taken.append((s, e))
    taken.sort()
    return taken


@lru_cache(maxsize=None)
def _alias_pattern() -> re.Pattern:
    return lookahead_pattern(organization_alias_index())


# aliases that name an organization only as a whole word: "秘书处" inside "英联邦秘书处" is
# handled by longest match; these guard the generic short forms against longer names
_NOT_AFTER = re.compile(r"(?:执行局|办公室|委员会|理事会|议会)")

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
    for s, e in overlapping_longest(_alias_pattern(), text):
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


def observer_lists(text: str):
    """(start, end, type) of each organization named in an observer list."""
    for head in _LIST_HEAD.finditer(text):
        kind = _LIST_TYPE.get(head.group(1), "UN entity")
        stop = text.find("。", head.end())
        stop = len(text) if stop < 0 else stop
        if stop - head.end() > 1500:
            continue
        for s, e in _split_items(text[head.end():stop], head.end()):
            while s < e and text[s] in " -":
                s += 1
            if e - s >= 2:
                yield s, e, kind


# "…A以及B的观察员也作了发言" / "还听取了A、B和C的观察员的发言"
_SPOKE = re.compile(r"的?观察员(?:也|还)?(?:在会上)?(?:作了发言|发了言|的发言|所作的发言)")
_SUBJECT_START = re.compile(r".*(?:[。;:]|(?<![\d.])\d{1,3}\.(?!\d)|听取了|以及下列|此外,)", re.S)
_TYPE_WORD = re.compile(r"(非政府组织|政府间组织|联合国机构|专门机构)")
_NOT_ORG = re.compile(r"^(?:签署国|非签署国|观察国|缔约国|成员国|国家|各国|其他|一些|若干|下列|以下)")


def observers_speaking(text: str, states: list[EntityMention] | None = None):
    """(start, end, type) of each organization named as the subject of "…的观察员也作了发言"."""
    state_spans = [(m.start, m.end) for m in states or [] if getattr(m, "kind", None) == "state"]
    for sp in _SPOKE.finditer(text):
        lo = max(0, sp.start() - 300)
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
            yield s, e, kind


def _item_key(name: str) -> tuple[str, str | None]:
    """Gazetteer id of a list item written as "全称(简称)" or a plain alias, else None."""
    index = organization_alias_index()
    if name in index:
        return index[name], None
    m = re.fullmatch(r"(.+?)\((.+)\)", name)
    if m and (m.group(1) in index or m.group(2) in index):
        return index.get(m.group(1)) or index[m.group(2)], None
    return "", name


# UN organs that are organizations in their own right (not conferences of States parties)
_ORGAN_EXCLUDED = {"UNTOC-COP", "UNCAC-COSP"}
_ORGAN_PARENTS = {"GA", "ECOSOC", "SC", "HRC"}
# "大会" names the General Assembly only where it stands as a word: not in "刑事司法大会"
# (a congress), "世界卫生大会", "大会堂", "大会议"
_GA_BEFORE_OK = set("和及与在由向请经将对为据是的并于其或即、,。;:()“《.0123456789 ") | {""}


@lru_cache(maxsize=None)
def _organ_index() -> dict[str, str]:
    return {a: b.code for b in bodies().values() if b.code not in _ORGAN_EXCLUDED for a in b.labels_zh}


@lru_cache(maxsize=None)
def _organ_pattern() -> re.Pattern:
    return lookahead_pattern(_organ_index())


def _titles(text: str) -> list[tuple[int, int]]:
    """Spans of 《…》 titles, in order (they do not nest)."""
    return [(m.start(), m.end()) for m in re.finditer(r"《[^《》]{1,200}》", text)]


def _in_title(titles: list[tuple[int, int]], s: int, e: int) -> bool:
    """Is [s, e) strictly inside one of the (sorted, disjoint) title spans?"""
    i = bisect_right(titles, (s, float("inf"))) - 1
    return i >= 0 and titles[i][0] < s and e < titles[i][1]


def un_organs(text: str, subsidiary: list[EntityMention] = ()) -> list[EntityMention]:
    index, out = _organ_index(), []
    titles = _titles(text)
    for s, e in overlapping_longest(_organ_pattern(), text):
        alias = text[s:e]
        if alias == "大会" and (text[s - 1:s] not in _GA_BEFORE_OK or text[e:e + 1] in ("堂", "议")):
            continue
        if _in_title(titles, s, e):
            continue
        code = index[alias]
        out.append(EntityMention("organization", code, s, e, alias,
                                 {"type": "UN entity", "body": code, "label_en": bodies()[code].label_en}))
    for f in subsidiary:
        a = f.attrs
        if a.get("parent") not in _ORGAN_PARENTS or a.get("anaphor") or not a.get("pref_zh"):
            continue
        if re.search(r"(?:工作组|专家组)$", a["pref_zh"]):
            continue
        out.append(EntityMention("organization", f.key, f.start, f.end, f.label,
                                 {"type": "UN entity", "body": f.key, "label_en": a.get("label_en", ""),
                                  "label_zh": a["pref_zh"]}))
    return out


def find_organizations(text: str, states: list[EntityMention] | None = None,
                       subsidiary: list[EntityMention] = ()) -> list[EntityMention]:
    orgs, index = organizations(), organization_alias_index()
    facts: list[EntityMention] = []
    listed: list[tuple[int, int]] = []
    items = list(observer_lists(text))
    busy = [(s, e) for s, e, _ in items]
    items += [(s, e, k) for s, e, k in observers_speaking(text, states)
              if not any(a < e and s < b for a, b in busy)]
    for s, e, kind in items:
        name = text[s:e]
        key, new = _item_key(name)
        if new is not None:
            facts.append(EntityMention("organization", new, s, e, new, {"type": kind, "listed": True}))
        else:
            facts.append(EntityMention("organization", key, s, e, name, {"type": orgs[key].type}))
        listed.append((s, e))
    titles = _titles(text)
    for s, e in overlapping_longest(_alias_pattern(), text):
        if any(ls <= s and e <= le for ls, le in listed):
            continue
        if _in_title(titles, s, e):
            continue
        alias = text[s:e]
        oid = index[alias]
        if alias == "秘书处" and _NOT_AFTER.match(text, e):
            continue
        facts.append(EntityMention("organization", oid, s, e, alias, {"type": orgs[oid].type}))
    facts += [f for f in un_organs(text, subsidiary)
              if not any(ls <= f.start and f.end <= le for ls, le in listed)]
    facts.sort(key=lambda f: f.start)
    return facts


def extract(doc: Document) -> list:
    states = [f for f in doc.entities.get("states", []) if isinstance(f, EntityMention)]
    wgs = [f for f in doc.entities.get("working_groups", []) if isinstance(f, EntityMention)]
    return find_organizations(doc.normalized.text, states, wgs)
