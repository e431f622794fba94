"""Groups of States and organizations: gazetteer names and observer lists.

Two sources of facts, both ``EntityMention(kind="organization", key=<id>, attrs={"type": ...})``:

- every alias of ``kg/data/organizations.tsv`` (regional and political groups, UN entities,
  intergovernmental organizations), longest alias first, overlapping shorter matches dropped;
- the items of an observer list ("下列非政府组织的观察员也作了发言:A、B和C。",
  "下列政府间组织派观察员出席了会议:…"): each item is one organization; an item that is
  not in the gazetteer gets the list's type (NGO, IGO, UN entity) and its own name as key.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..models import Document, EntityMention

KIND = "organizations"


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


def _split_items(text: str, offset: int):
    """Items of a Chinese list "A、B、C和D" with their absolute offsets."""
    items, pos = [], 0
    depth = 0
    for i, ch in enumerate(text):
        if ch in "(“":
            depth += 1
        elif ch in ")”" and depth:
            depth -= 1
        elif ch == "、" and depth == 0:
            items.append((pos, i))
            pos = i + 1
    items.append((pos, len(text)))
    out = []
    for n, (s, e) in enumerate(items):
        piece = text[s:e]
        if n == len(items) - 1:
            # the last item may be "X和Y": split only where both halves look like names
            for m in re.finditer("和", piece):
                left, right = piece[: m.start()], piece[m.end():]
                if left and right and (_ORG_SUFFIX.search(left) or left in organization_alias_index()):
                    out.append((offset + s, offset + s + m.start()))
                    s = s + m.end()
                    break
        out.append((offset + s, offset + e))
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


def _item_key(name: str) -> tuple[str, str | None]:
    """Gazetteer id of a list item written as "全称(简称)" or a plain alias, else None."""
    index = organization_alias_index()
    if name in index:
        return index[name], None
    m = re.fullmatch(r"(.+?)\((.+)\)", name)
    if m and (m.group(1) in index or m.group(2) in index):
        return index.get(m.group(1)) or index[m.group(2)], None
    return "", name


def find_organizations(text: str) -> list[EntityMention]:
    orgs, index = organizations(), organization_alias_index()
    facts: list[EntityMention] = []
    listed: list[tuple[int, int]] = []
    for s, e, kind in observer_lists(text):
        name = text[s:e]
        key, new = _item_key(name)
        if new is not None:
            facts.append(EntityMention("organization", new, s, e, new, {"type": kind, "listed": True}))
        else:
            facts.append(EntityMention("organization", key, s, e, name, {"type": orgs[key].type}))
        listed.append((s, e))
    for s, e in overlapping_longest(_alias_pattern(), text):
        if any(ls <= s and e <= le for ls, le in listed):
            continue
        alias = text[s:e]
        oid = index[alias]
        if alias == "秘书处" and _NOT_AFTER.match(text, e):
            continue
        facts.append(EntityMention("organization", oid, s, e, alias, {"type": orgs[oid].type}))
    facts.sort(key=lambda f: f.start)
    return facts


def extract(doc: Document) -> list:
    return find_organizations(doc.normalized.text)
