"""States: every name of ``kg/data/states.tsv`` in the text, and who speaks on behalf of whom.

Matching: one lookahead regex (a trie of all aliases, of the names of groups and
organizations, and of a few longer non-State names) finds the longest name at every
position; overlapping shorter candidates are dropped, so 几内亚比绍 is not 几内亚,
刚果民主共和国 not 刚果, 南苏丹 not 苏丹, 77国集团和中国 not 中国 and 巴西利亚 not 巴西. A State
name is then rejected when the text around it makes it part of another name: 萨尔瓦多宣言,
利比亚透明协会, 印度洋, 发展中国家, "10月18日本届会议", and a name inside a 《title》 is part of
the title (《英国医学杂志》, 《帕劳国家法典》). The longer names (``state/blocker``)
and the words around a name that reject it are data (``kg/data/words.tsv``,
``kg/data/state_exceptions.tsv``), each with the reason it was added.

Facts: a ``StateMention`` (key ISO3) per mention, and ``SpeaksFor`` when a State speaks on
behalf of a group ("摩洛哥(代表77国集团和中国)", "芬兰代表代表…欧洲联盟成员国作了发言",
"阿曼代表以阿拉伯国家组的名义作了发言").
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import matcher
from ..facts import SpeaksFor, StateMention
from ..lexicon import (organization_alias_index, state_alias_index, state_rejected_before, states,
                       word_pattern)
from ..models import Document
from ..patterns import CN_COUNT_CHARS
from .organizations import in_title, observer_lists, title_spans

__all__ = ["extract", "find_speaks_for", "find_states", "states"]

SPEAKER_MAX_GAP = 40  # "State … (代表…)": the State stands at most this far before the "("
SEEN_AFTER_NAME = 12  # a "(代表…)" this close after an "X代表代表…" already read is the same
ORGANIZATION_NAME_GAP = 4  # "爱尔兰人权中心": at most this many characters between a State and the suffix

# "10月18日本届会议": 日本 after the digits of a date is "日" + "本届"
_DATE_DIGITS = "0123456789〇零" + CN_COUNT_CHARS
_NOT_A_GROUP = ("UN-SECRETARIAT",)  # "(代表秘书处)": an official, not a State's group


# the names read where a State's name may stand: the States', and the organizations' and the
# blocker words (words.tsv state/blocker) that, being longer, keep a State's name inside them
# from being read ("美国律师协会")
_NAMES = matcher.STATE | matcher.ORGANIZATION | matcher.STATE_BLOCKER


@lru_cache(maxsize=None)
def _organization_after() -> re.Pattern:
    """A few words and an organization's last word right after the name: "爱尔兰|人权中心"."""
    return re.compile(rf"(?:(?![的和与及、])[\u4e00-\u9fff]){{0,{ORGANIZATION_NAME_GAP}}}?"
                      rf"(?:{word_pattern('state/organization-suffix')})")


@lru_cache(maxsize=None)
def _rejected_after() -> re.Pattern:
    """A word right after the name that makes it part of another name (宣言, 协会, 洋 …)."""
    return re.compile(rf"(?!{word_pattern('state/accepted-after')})"
                      rf"(?:{word_pattern('state/rejected-after')})")


def _rejected(text: str, s: int, e: int) -> bool:
    name = text[s:e]
    before = text[s - 1] if s > 0 else ""
    if _rejected_after().match(text, e) or _organization_after().match(text, e):
        return True
    if name.endswith("国") and text[e:e + 1] in ("家", "际"):  # 发展中国家, 司法国际
        return True
    if before == "属":  # 法属…, 英属…: a territory
        return True
    if name == "日本" and before and before in _DATE_DIGITS:
        return True
    return any(text.endswith(w, 0, s) for w in state_rejected_before().get(name, ()))


def find_states(text: str, start: int = 0, end: int | None = None) -> list[StateMention]:
    index = state_alias_index()
    # names of organizations in observer lists ("美国律师协会") are not State mentions
    listed = [(item.start, item.end) for item in observer_lists(text)]
    titles = title_spans(text)
    out = []
    for s, e in matcher.overlapping_longest(text, _NAMES, start, end):
        iso3 = index.get(text[s:e])
        if iso3 is None or _rejected(text, s, e) or in_title(titles, s, e):
            continue
        if any(ls <= s and e <= le and (ls, le) != (s, e) for ls, le in listed):
            continue
        out.append(StateMention(iso3, s, e, text[s:e]))
    return out


def _group_in(text: str, s: int, e: int):
    """First group/organization named in text[s:e]: (id, start, end) or None."""
    index = organization_alias_index()
    for gs, ge in matcher.overlapping_longest(text, matcher.ORGANIZATION, s, e):
        oid = index[text[gs:ge]]
        if oid not in _NOT_A_GROUP:
            return oid, gs, ge
    return None


# "(代表…)" / "(还代表…)" with one level of nested parentheses
_ON_BEHALF_PAREN = re.compile(r"\((?:还|也)?代表((?:[^()]|\([^()]*\)){1,80}?)\)")
_ON_BEHALF_AFTER = re.compile(r"""
    (?:的)?代表(?:团)?                                # "X代表" / "X代表团"
    (?:[^,。;、()代]{0,12}?代表                        # … "代表<group>(作了|所作的)?发言"
        ((?:[^,。;、()]|\([^()]*\)){1,60}?)(?:作了|所作的)?发言
     | 以((?:[^,。;、()]|\([^()]*\)){1,40}?)的?名义    # … "以<group>的名义"
     | 以((?:[^,。;、()]|\([^()]*\)){1,40}?)主席国?的身份)  # … "以<group>(2023年)主席国的身份"
""", re.X)
# A letter transmitting a group's statement: its signatory State (the sender of the title line,
# "…印度尼西亚常驻联合国(维也纳)代表给…的信") writes as the group's chair or on its behalf:
# "谨以东南亚国家联盟(东盟)2023年主席国的身份,代表东盟成员国…", "谨代表77国集团和中国…"
_LETTER_ON_BEHALF = re.compile(r"""
    谨(?:以((?:[^,。;、()]|\([^()]*\)){1,40}?)主席国?的身份,?)?
    (?:代表((?:[^,。;、()]|\([^()]*\)){1,40}?)(?=[,。;、]|转递|随函|提交|发言|致函|告知|通知))?
""", re.X)
_LETTER_TITLE = re.compile(r"常驻[^。;]{0,24}?代表(?:团)?给[^。;]{1,40}?的(?:信|普通照会)")
LETTER_TITLE_SPAN = 600  # a letter's title line stands within this many characters of the start
_GAP_BREAK = re.compile(r"[、;。:]")
_PARENTHESIZED = re.compile(r"\([^()]*\)")


def find_speaks_for(text: str, mentions: list[StateMention]) -> list[SpeaksFor]:
    out: list[SpeaksFor] = []
    seen: set[int] = set()
    for m in mentions:
        a = _ON_BEHALF_AFTER.match(text, m.end)
        if a:
            which = next(i for i in (1, 2, 3) if a.group(i) is not None)
            g = _group_in(text, a.start(which), a.end(which))
            if g:
                out.append(_speaks_for(text, m, g, a.end()))
                seen.add(a.start())
    out += _letter_on_behalf(text, mentions)
    ends = sorted(mentions, key=lambda x: x.end)
    for p in _ON_BEHALF_PAREN.finditer(text):
        if any(p.start() - SEEN_AFTER_NAME <= s <= p.start() for s in seen):
            continue
        speaker = _speaker_before(text, ends, p.start())
        g = _group_in(text, p.start(1), p.end(1)) if speaker is not None else None
        if g:
            out.append(_speaks_for(text, speaker, g, p.end()))
    out.sort(key=lambda x: x.start)
    return out


def _letter_on_behalf(text: str, mentions: list[StateMention]) -> list[SpeaksFor]:
    """"谨以<group>主席国的身份,代表<group>…" in a letter: the State whose representative sends
    it (the State right before "常驻…代表给…的信" in its title line) speaks for the group."""
    title = _LETTER_TITLE.search(text, 0, LETTER_TITLE_SPAN)
    if title is None:
        return []
    sender = next((m for m in reversed(mentions) if m.end <= title.start()
                   and title.start() - m.end <= SEEN_AFTER_NAME), None)
    if sender is None:
        return []
    out = []
    for w in _LETTER_ON_BEHALF.finditer(text, title.end()):
        for i in (1, 2):
            g = _group_in(text, w.start(i), w.end(i)) if w.group(i) is not None else None
            if g:
                out.append(SpeaksFor(sender.key, g[0], w.start(), w.end(), sender.start, sender.end,
                                     g[1], g[2], text[w.start():w.end()]))
                break
    return out


def _speaks_for(text: str, state: StateMention, group: tuple[str, int, int], end: int) -> SpeaksFor:
    oid, gs, ge = group
    return SpeaksFor(state.key, oid, state.start, end, state.start, state.end, gs, ge,
                     text[state.start:end])


def _speaker_before(text: str, ends: list[StateMention], paren: int) -> StateMention | None:
    """The State that "(代表…)" at ``paren`` belongs to: the last one before it, when nothing
    but its own parenthesized words stands between them."""
    for m in reversed(ends):
        if m.end > paren:
            continue
        if paren - m.end > SPEAKER_MAX_GAP:
            return None
        gap = text[m.end:paren]
        bare = _PARENTHESIZED.sub("", gap)
        if not (_GAP_BREAK.search(bare) or "(代表" in gap or _group_in(text, m.end, paren)):
            return m
        return None
    return None


def extract(doc: Document) -> list:
    text = doc.normalized.text
    mentions = find_states(text)
    return [*mentions, *find_speaks_for(text, mentions)]
