"""States: every name of ``kg/data/states.tsv`` in the text, and who speaks on behalf of whom.

Matching: one lookahead regex (a trie of all aliases, of the names of groups and
organizations, and of a few longer non-State names) finds the longest name at every
position; overlapping shorter candidates are dropped, so 几内亚比绍 is not 几内亚,
刚果民主共和国 not 刚果, 南苏丹 not 苏丹, 77国集团和中国 not 中国 and 巴西利亚 not 巴西. A State
name is then rejected when the text around it makes it part of another name: 萨尔瓦多宣言,
利比亚透明协会, 印度洋, 发展中国家, "10月18日本届会议".

Facts: ``EntityMention(kind="state", key=ISO3)`` per mention, and ``SpeaksFor`` when a State
speaks on behalf of a group ("摩洛哥(代表77国集团和中国)", "芬兰代表代表…欧洲联盟成员国作了发言",
"阿曼代表以阿拉伯国家组的名义作了发言").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..models import Document, EntityMention
from .organizations import (
    data_rows,
    observer_lists,
    organization_alias_index,
    organizations,
    overlapping_longest,
    lookahead_pattern,
)

KIND = "states"


@dataclass(frozen=True)
class State:
    iso3: str
    label_zh: str
    label_en: str
    aliases_zh: tuple[str, ...]
    status: str


@dataclass
class SpeaksFor:
    """``state`` spoke on behalf of ``group`` (an organizations.tsv id); [start, end) covers both."""

    state: str
    group: str
    start: int
    end: int
    state_start: int
    state_end: int
    group_start: int
    group_end: int
    label: str = ""


@lru_cache(maxsize=None)
def states() -> dict[str, State]:
    out = {}
    for row in data_rows("states.tsv"):
        iso3, zh, en, aliases, status = (row + [""] * 5)[:5]
        out[iso3] = State(iso3, zh, en, tuple(a for a in aliases.split("|") if a), status or "member")
    return out


@lru_cache(maxsize=None)
def state_alias_index() -> dict[str, str]:
    index = {}
    for st in states().values():
        for alias in (st.label_zh, *st.aliases_zh):
            index[alias] = st.iso3
    return index


# Longer names that contain a State name but name something else (consumed, yield nothing).
BLOCKERS = (
    "发展中国家", "圣萨尔瓦多", "巴西利亚", "内蒙古", "新几内亚岛", "印度支那", "法属圭亚那",
    "美属萨摩亚", "前南斯拉夫问题国际法庭", "南斯拉夫问题国际法庭", "卢旺达问题国际刑事法庭",
    "卢旺达国际刑事法庭", "中国香港特别行政区", "中国澳门特别行政区", "中国台湾",
    "刚果河", "尼日尔河", "约旦河西岸", "巴勒斯坦民族权力机构",
)

# A State name followed by one of these is part of a longer name (a declaration, a city, a sea …)
_REJECT_AFTER = re.compile(
    r"(?:宣言|协会|公约|议定书|进程|大学|学院|市(?!场)|城|湾|洋|洲|河|湖|运河|港|半岛|海峡|语|原则|"
    r"行动计划|国际|透明|共识|会议中心|办事处|文(?!件))"
)
_NUMERAL = "0123456789〇零一二三四五六七八九十"
# A State name preceded by one of these characters is the tail of another word (司法国务秘书,
# 道德国, 北美国家) or of a place (巴西萨尔瓦多 is the city of Salvador).
_REJECT_BEFORE = {
    "法国": set("司非合违立执宪刑民"),
    "德国": set("道品"),
    "美国": set("南北中欧拉"),
    "英国": set("精"),
}
_REJECT_BEFORE_WORD = {"萨尔瓦多": ("巴西",)}


@lru_cache(maxsize=None)
def _pattern() -> re.Pattern:
    words = set(state_alias_index()) | set(organization_alias_index()) | set(BLOCKERS)
    return lookahead_pattern(words)


def _rejected(text: str, s: int, e: int) -> bool:
    name = text[s:e]
    if _REJECT_AFTER.match(text, e):
        return True
    if name.endswith("国") and e < len(text) and text[e] in "家际":  # 发展中国家, 司法国际
        return True
    if s > 0 and text[s - 1] == "属":  # 法属…, 英属…
        return True
    if name == "日本" and s > 0 and text[s - 1] in _NUMERAL:  # "10月18日本届会议"
        return True
    if s > 0 and text[s - 1] in _REJECT_BEFORE.get(name, ()):
        return True
    if any(text.endswith(w, 0, s) for w in _REJECT_BEFORE_WORD.get(name, ())):
        return True
    return False


def find_states(text: str, start: int = 0, end: int | None = None) -> list[EntityMention]:
    index = state_alias_index()
    # names of organizations in observer lists ("美国律师协会") are not State mentions
    listed = [(ls, le) for ls, le, _ in observer_lists(text)]
    out = []
    for s, e in overlapping_longest(_pattern(), text, start, end):
        iso3 = index.get(text[s:e])
        if iso3 is None or _rejected(text, s, e):
            continue
        if any(ls <= s and e <= le and (ls, le) != (s, e) for ls, le in listed):
            continue
        out.append(EntityMention("state", iso3, s, e, text[s:e]))
    return out


@lru_cache(maxsize=None)
def _org_pattern() -> re.Pattern:
    return lookahead_pattern(organization_alias_index())


def _group_in(text: str, s: int, e: int):
    """First group/organization named in text[s:e]: (id, start, end) or None."""
    index = organization_alias_index()
    for gs, ge in overlapping_longest(_org_pattern(), text, s, e):
        oid = index[text[gs:ge]]
        if oid not in ("UN-SECRETARIAT",):
            return oid, gs, ge
    return None


# "(代表…)" / "(还代表…)" with one level of nested parentheses
_ON_BEHALF_PAREN = re.compile(r"\((?:还|也)?代表((?:[^()]|\([^()]*\)){1,80}?)\)")
# "X代表代表…作了发言" / "X代表以…的名义"
_ON_BEHALF_AFTER = re.compile(
    r"(?:的)?代表(?:团)?(?:[^,。;、()代]{0,12}?代表((?:[^,。;、()]|\([^()]*\)){1,60}?)(?:作了|所作的)?发言"
    r"|以((?:[^,。;、()]|\([^()]*\)){1,40}?)的?名义)"
)
_GAP_BREAK = re.compile(r"[、;。:]")


def find_speaks_for(text: str, mentions: list[EntityMention]) -> list[SpeaksFor]:
    out: list[SpeaksFor] = []
    seen: set[int] = set()
    for m in mentions:
        a = _ON_BEHALF_AFTER.match(text, m.end)
        if a:
            gs, ge = (a.start(1), a.end(1)) if a.group(1) is not None else (a.start(2), a.end(2))
            g = _group_in(text, gs, ge)
            if g:
                out.append(SpeaksFor(m.key, g[0], m.start, a.end(), m.start, m.end, g[1], g[2]))
                seen.add(a.start())
    ends = sorted(mentions, key=lambda x: x.end)
    for p in _ON_BEHALF_PAREN.finditer(text):
        if any(p.start() - 12 <= s <= p.start() for s in seen):
            continue
        speaker = None
        for m in reversed(ends):
            if m.end > p.start():
                continue
            if p.start() - m.end > 40:
                break
            gap = text[m.end:p.start()]
            bare = re.sub(r"\([^()]*\)", "", gap)
            if not (_GAP_BREAK.search(bare) or "(代表" in gap or _group_in(text, m.end, p.start())):
                speaker = m
            break
        if speaker is None:
            continue
        g = _group_in(text, p.start(1), p.end(1))
        if g:
            out.append(SpeaksFor(speaker.key, g[0], speaker.start, p.end(), speaker.start, speaker.end,
                                 g[1], g[2], text[speaker.start:p.end()]))
    for sf in out:
        if not sf.label:
            sf.label = text[sf.start:sf.end]
    out.sort(key=lambda x: x.start)
    return out


def extract(doc: Document) -> list:
    text = doc.normalized.text
    mentions = find_states(text)
    return [*mentions, *find_speaks_for(text, mentions)]


def state_of(name: str) -> str | None:
    """ISO3 of a State written exactly as ``name`` (any alias), else None."""
    return state_alias_index().get(name)


def group_types() -> dict[str, str]:
    return {o.id: o.type for o in organizations().values()}
