"""Mandates: an adopted act asks an addressee to do something (请秘书处…, 促请缔约国…).

For every operative paragraph (numbered or lettered) and annexed recommendation paragraph of
an adopted act, each clause opening with a mandate verb (kg/data/mandate_verbs.tsv, with its
modifiers 还/又/并/进一步 …) gives one Mandate per addressee: the addressee normalized through
kg/data/addressees.tsv, or a working group found by kg/extract/working_groups.py (matched by
position, anaphors included), or else the written noun phrase; the requested action runs from
the addressee to the end of the clause (; 。 or the next mandate verb). 决定 counts only when
it directs someone (决定 X 应…).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..facts import BodyMention, Mandate
from ..lexicon import (
    addressee_pattern,
    addressees,
    bodies,
    body_alias_index,
    mandate_verbs,
    organization_alias_index,
    word_pattern,
    words,
)
from ..models import AdoptedAct, Document
from ..patterns import CN_COUNT_CHARS, ROMAN, alternation

ANNEX_RECOMMENDATIONS_SPAN = 120  # "建议" this close after an annex heading: recommendations
LUMPED_ANNEX_MIN = 20  # text this long after the last paragraph's "。" may be a lumped annex
BODY_PREFIX_SPAN = 16  # "该" / "上文第9段设立的" before a body named as the addressee
SUFFIX_ADDRESSEE_SPAN = 6  # "…和其他捐助方": the last named addressee within this many characters
SHORT_LABEL_SPAN = 6  # "(2)(c)": the label before a lettered item fits in this many characters


class _Addressee(NamedTuple):
    key: str  # addressees.tsv key, "body:<key>", "conference" or "other"
    surface: str  # as written
    en: str
    start: int
    end: int


class _Unit(NamedTuple):
    """An operative or annexed paragraph (or a lettered item split out of one)."""

    label: str
    kind: str  # "operative" | "annex"
    start: int
    end: int


@lru_cache(maxsize=None)
def _modal_forms() -> str:
    return alternation(f for f, v in mandate_verbs().items() if v.modal)


@lru_cache(maxsize=None)
def _verb_re() -> re.Pattern:
    """A mandate verb opening a clause, with its connector and adverb ("并请", "此外还鼓励")."""
    forms = alternation(f for f, v in mandate_verbs().items() if not v.modal)
    return re.compile(rf"""
        (?:{word_pattern('connector/mandate')})?     # 并且, 为此, 此外 …
        (?:{word_pattern('adverb/mandate')})?        # 还, 进一步, 再次 …
        ({forms})                                    # the verb
        (?![求愿])                                   # not 请求 / 请愿 ("request", "petition")
    """, re.X)


@lru_cache(maxsize=None)
def _modal_re() -> re.Pattern:
    """"<addressee>(还)应(考虑)…" in an endorsed recommendation."""
    return re.compile(rf"""
        (?:{word_pattern('adverb/modal')})?          # 还, 也, 亦 …
        (?:{_modal_forms()})                         # 应, 应当, 可, 不妨 …
        (?!{word_pattern('modal/not-before')})       # not 可能, 应用, 应邀 …
        (?:考虑)?                                    # 不妨考虑
    """, re.X)


@lru_cache(maxsize=None)
def _head_patterns() -> dict[str, re.Pattern]:
    """Noun phrases ending in an addressee's head noun (国家, 缔约国, 组织 …)."""
    heads = word_pattern("head/addressee")
    items = word_pattern("addressee/item")
    return {
        # "尚未加入的国家": a relative clause before the head
        "relative": re.compile(rf"^(?:《[^》]*》|[^,;:。《]){{0,80}}?的(?:{heads})"),
        "minimal": re.compile(rf"^(?:《[^》]*》|[^,;:。《]){{0,40}}?(?:{heads})"),
        # one item of a list of addressees
        "item": re.compile(rf"^(?:《[^》]*》|[^,;:。《、]){{0,25}}?(?:{heads}|(?:{items})(?=、|和|及|以及|,|;))"),
        "ends": re.compile(rf"(?:{heads})$"),
    }


CLAUSE_START_RE = re.compile(r"[,;:。]")
CLAUSE_END_RE = re.compile(r"[;。]")
SENTENCE_END_RE = re.compile(r"。")
JOIN_RE = re.compile(r"(?:、|和其他|及其他|以及|和|及)")
# 决定 X 应/应当/应该/将…: the decision directs X ("主席应…": the chair)
DIRECTIVE_RE = re.compile(r"(?:主席)?(?:应当|应该|应|将)")
WG_PREFIX_RE = re.compile(r"^(?:该|本|上文第\d+段(?:所)?设立的)?$")
SUB_RE = re.compile(r"""
    (?:(?<=[;:。])                               # after the end of a clause:
        (?:(\d{1,4})\.(?=[\u4e00-\u9fff])        #   a lumped numbered paragraph "3."
         | \(([a-z])\)(?=[\u4e00-\u9fff(])))     #   or a lettered item "(c)"
  | \((a)\)(?=[\u4e00-\u9fff])(?![段项款])       # a list's first item "(a)" anywhere
""", re.X)
LABEL_RE = re.compile(rf"""
    \d{{1,3}}\.                          # 3.
  | \([a-z]\)                            # (c)
  | \d{{1,3}}之[{CN_COUNT_CHARS}]+\.       # 37之七. (a paragraph inserted after 37)
""", re.X)
ANNEX_MARK_RE = re.compile(rf"附件([{CN_COUNT_CHARS}]?)")
ITEM_RE = re.compile(r"""
    \(([a-z])\)(?=[\u4e00-\u9fff(“"《])(?![段项款])    # (a), not "(a)段"
  | (?<![\d./])(\d{1,2})\.(?=[\u4e00-\u9fff])          # 1.
""", re.X)
_SHORT_LABEL_BEFORE = re.compile(r"\(\w{1,3}\)$")
ENDORSE_RE = re.compile(r"(?:核可|赞同|核准|认可)[^。;]{0,120}建议")
_NOT_AN_ITEM_AFTER = ("和", "及", "或", "至", "第")  # "(a)和(b)", "第1.": a reference, not an item
_THEY = "它们"  # "they": the addressees of the clause before
_DECIDES = "决定"
_ITEM_LABEL_BEFORE = re.compile(r"\([a-z]\)$")  # "(a)敦促…": an item opens a clause
_ITS = "其"
ORGAN_PREFIX = "organ:"  # an addressee key naming a body of bodies.tsv (the General Assembly …)
_CHAIR = "主席"


def _annex_label(roman: str, item: str, recs: bool) -> str:
    """'annex I (a)', 'annex (f)', 'annex recommendation 6' (distinct across annexes of one act)."""
    head = "annex" + (f" {roman}" if roman else "")
    if item.isdigit():
        return f"{head} recommendation {item}" if recs else f"{head} {item}"
    return f"{head} ({item})"


def _recommendations_after(text: str, pos: int) -> bool:
    return "建议" in text[pos:pos + ANNEX_RECOMMENDATIONS_SPAN]


class _AnnexItems:
    """Counts an annex's items (a), (b) … and 1., 2. …; a new 附件 heading restarts them."""

    def __init__(self, text: str, start: int, roman: str):
        self.text, self.roman = text, roman
        self.recs = _recommendations_after(text, start)
        self.expect_letter, self.expect_num = "a", 1

    def restart_at_heading(self, since: int, pos: int) -> None:
        marks = list(ANNEX_MARK_RE.finditer(self.text, since, pos))
        if marks and marks[-1].group(1):
            self.roman = ROMAN.get(marks[-1].group(1), self.roman)
            self.recs = _recommendations_after(self.text, marks[-1].end())
            self.expect_letter, self.expect_num = "a", 1

    def next_label(self, m: re.Match, opened: bool) -> str | None:
        """The label of the item at m, or None when m does not continue the count."""
        prev = self.text[m.start() - 1:m.start()]
        if m.group(1):
            x = m.group(1)
            if x != self.expect_letter or (x == "a" and prev == ":" and opened):
                return None
            self.expect_letter = chr(ord(x) + 1)
        else:
            if int(m.group(2)) != self.expect_num:
                return None
            self.expect_num, x = self.expect_num + 1, m.group(2)
        return _annex_label(self.roman, x, self.recs)


def _annex_units(text: str, start: int, end: int, roman: str) -> list[_Unit]:
    """Split an annex (or the annex lumped after an act's last paragraph) into its items."""
    out = []
    items = _AnnexItems(text, start, roman)
    cur, cur_start = None, start
    for m in ITEM_RE.finditer(text, start, end):
        prev = text[m.start() - 1:m.start()]
        if text.endswith("以及", 0, m.start()) or prev in _NOT_AN_ITEM_AFTER:
            continue
        if prev == ")" and _SHORT_LABEL_BEFORE.search(text, max(0, m.start() - SHORT_LABEL_SPAN), m.start()):
            continue  # "(2)(c)": a label continued, not a new item
        items.restart_at_heading(cur_start, m.start())
        label = items.next_label(m, cur is not None)
        if label is None:
            continue
        if cur is not None:
            out.append(_Unit(cur, "annex", cur_start, m.start()))
        cur, cur_start = label, m.start()
    if cur is not None:
        out.append(_Unit(cur, "annex", cur_start, end))
    return out


def _annex_mark(text: str, pos: int) -> str:
    """Roman numeral of the 附件 heading at pos ("" when it has none)."""
    mk = ANNEX_MARK_RE.match(text, pos)
    return ROMAN.get(mk.group(1), "") if mk else ""


def _units(doc: Document, act: AdoptedAct, endorsed: list | None = None) -> list[_Unit]:
    """Each operative/annex unit of the act, lumped paragraphs split.

    Annexed items are labelled with their annex ('annex I (a)', 'annex (f)', 'annex recommendation
    6') so that two annexes of one act never give the same paragraph. Annexes are kept only when
    the act endorses them (核可/赞同…建议); a draft put forward for consideration asks nobody.
    """
    text = doc.normalized.text
    out: list[_Unit] = []
    ops = [p for p in act.paragraphs if p.kind == "operative"]
    annex_from = None  # (start, roman)
    for p in act.paragraphs:
        if p.kind == "preambular":
            continue
        label = p.label.strip(".")
        if p.kind == "annex" or label.startswith("附件"):
            if annex_from is None:
                annex_from = (p.start, _annex_mark(label, 0))
            continue
        p_end = p.end
        # the last paragraph ends at its 。; text lumped after it is the annex
        if ops and p is ops[-1]:
            dot = text.find("。", p.start, p.end)
            if (0 <= dot < p.end - LUMPED_ANNEX_MIN and ITEM_RE.search(text, dot + 1, p.end)
                    and annex_from is None):
                annex_from = (dot + 1, _annex_mark(text, dot + 1))
                p_end = dot + 1
        out += _split_paragraph(text, label, p.kind, p.start, p_end)
    endorsement = ENDORSE_RE.search(text, act.start, annex_from[0]) if annex_from else None
    if endorsement is not None:
        out.extend(_annex_units(text, annex_from[0], act.end, annex_from[1]))
        if endorsed is not None:
            endorsed.append(_recommending_body(doc, endorsement, annex_from[0]))
    return out


def _recommending_body(doc: Document, endorsement: re.Match, annex_start: int) -> str | None:
    """The body whose recommendations an act endorses: named in the endorsement ("核可技术援助
    问题工作组的建议") or in the annex's heading ("附件 技术援助工作组的建议")."""
    spans = ((endorsement.start(), endorsement.end()), (annex_start, annex_start + ANNEX_RECOMMENDATIONS_SPAN))
    for lo, hi in spans:
        for f in doc.facts.of(BodyMention):
            if lo <= f.start < hi and f.key:  # an anaphor (核可工作组…的建议) is resolved too
                return f.key
    return None


def _split_paragraph(text: str, label: str, kind: str, start: int, end: int) -> list[_Unit]:
    """A paragraph with the numbered paragraphs and lettered items lumped into it split out."""
    out = []
    numeric = label.isdigit()
    cur_label, cur_start = label, start
    expect = int(label) + 1 if numeric else None
    for m in SUB_RE.finditer(text, start + 1, end):
        if m.group(1) and expect is not None:
            if not m.group(1).endswith(str(expect)):
                continue
            new = str(expect)
            sub_start = m.end() - len(new) - 1
            expect += 1
        elif m.group(2) or m.group(3):
            # a list after "请各国:" belongs to its numbered paragraph
            if m.start() == start:
                continue
            letter = m.group(2) or m.group(3)
            if numeric and ":" in text[cur_start:m.start()] and cur_label == label:
                # items after "请各国:" continue its verb, unless each carries its own (敦促…)
                if not _verb_re().match(text, m.end()):
                    continue
                new, sub_start = f"{label}({letter})", m.start()
            else:
                new, sub_start = f"({letter})", m.start()
        else:
            continue
        out.append(_Unit(cur_label, kind, cur_start, sub_start))
        cur_label, cur_start = new, sub_start
    out.append(_Unit(cur_label, kind, cur_start, end))
    return out


# --- addressees ------------------------------------------------------------------------------
def _wg_at(wgs: list[BodyMention], pos: int, text: str) -> BodyMention | None:
    for f in wgs:
        if pos <= f.start <= pos + BODY_PREFIX_SPAN and WG_PREFIX_RE.match(text[pos:f.start]):
            return f
    return None


def _addressees_at(text: str, wgs, pos: int, end: int, prev: _Addressee | None,
                   unit_start: int = 0) -> list[_Addressee]:
    """The addressee(s) written at pos: a body, 它们 ("they"), addressees of the gazetteer, or
    a noun phrase as written (which ends the list)."""
    out: list[_Addressee] = []
    p = pos
    while p < end:
        wg = _wg_at(wgs, p, text)
        organ = None if wg is not None else _organ_at(text, p, end)
        if wg is not None:
            found = _body_addressee(text, wg, p)
        elif organ is not None:
            found = organ
        elif text.startswith(_THEY, p):
            found = _pronoun(text, p, prev, unit_start)
            if found is None:
                break
        else:
            m = addressee_pattern().match(text, p, end)
            if not m or text.startswith("、", m.end()):
                written = _written_addressee(text, p, end)
                return out + [written] if written else out
            found = _listed_addressee(text, m, p, end)
        out.append(found)
        # a list of bodies: X和Y
        j = JOIN_RE.match(text, found.end, end)
        if not (j and (_wg_at(wgs, j.end(), text) is not None or _organ_at(text, j.end(), end))):
            break
        p = j.end()
    return out


def _body_addressee(text: str, wg: BodyMention, p: int) -> _Addressee:
    """A body named as the addressee ("该工作组"); "<body>主席" is its chair, kept as written."""
    if text.startswith(_CHAIR, wg.end):
        end = wg.end + len(_CHAIR)
        return _Addressee("other", text[p:end], "", p, end)
    return _Addressee("body:" + wg.key, wg.label, wg.label_en, p, wg.end)


def _pronoun(text: str, p: int, prev: _Addressee | None, unit_start: int) -> _Addressee | None:
    """它们: the previous clause's addressee, else the last gazetteer addressee of the unit."""
    if prev is None:
        earlier = list(addressee_pattern().finditer(text, unit_start, p))
        if not earlier:
            return None
        a = addressees()[earlier[-1].group()]
        prev = _Addressee(a.key, earlier[-1].group(), a.label_en, 0, 0)
    return _Addressee(prev.key, _THEY, prev.en, p, p + len(_THEY))


def _listed_addressee(text: str, m: re.Match, p: int, end: int) -> _Addressee:
    """A gazetteer addressee, with the list it heads ("缔约国及其他国际捐助方和双边捐助方")."""
    a = addressees()[m.group()]
    key, en = a.key, a.label_en
    heads = _head_patterns()
    q, others = m.end(), False
    while True:
        j = JOIN_RE.match(text, q, end)
        if j and (org_end := _organization_item(text, j.end(), end)):
            q = org_end
            continue
        it = heads["item"].match(text[j.end():end]) if j else None
        if not it or not heads["ends"].search(it.group()):
            break
        others = others or "其他" in j.group() or "其他" in it.group()
        q = j.end() + it.end()
    surface = text[p:q]
    if q > m.end():
        hit = addressees().get(surface)
        last = addressee_pattern().search(surface, len(surface) - SUFFIX_ADDRESSEE_SPAN)
        if hit:
            key, en = hit.key, hit.label_en
        elif others and last and last.end() == len(surface):
            key, en = addressees()[last.group()].key, addressees()[last.group()].label_en
        elif not others:  # (毒品和犯罪问题办公室及联合国系统其他相关机构: the first is named)
            key, en = "other", ""
    return _Addressee(key, surface, en, p, q)


def _written_addressee(text: str, p: int, end: int) -> _Addressee | None:
    """A noun phrase ending in an addressee's head noun, with the list it heads."""
    heads = _head_patterns()
    seg = text[p:end]
    if seg.startswith(words("addressee/not-first")):
        return None  # "呼吁在国家和国际两级…": a prepositional phrase, no addressee
    relative = heads["relative"].match(seg)
    if relative and _ITS in relative.group():  # "最不发达国家通过其各自的国家…": 其 refers back
        relative = None
    mm = relative or heads["minimal"].match(seg)
    if not mm or text.startswith(words("head/not-before"), p + mm.end()):
        return None  # "分享国家经验": the head noun modifies the next noun; no addressee
    q = p + mm.end()
    item_word = next((w for w in words("addressee/item") if text.startswith(w, q)), None)
    if item_word:  # "联合国驻地协调员系统": the head names a system
        q += len(item_word)
    while j := JOIN_RE.match(text, q, end):
        if org_end := _organization_item(text, j.end(), end):
            q = org_end
        elif it := heads["item"].match(text[j.end():end]):
            q = j.end() + it.end()
        else:
            break
    surface = text[p:q]
    hit = addressees().get(surface)
    cut = max(surface.rfind("的"), surface.rfind("》"))
    if hit is None and cut >= 0:  # 尚未加入的国家, 《议定书》缔约国: a subset of States (parties)
        hit = addressees().get(surface[cut + 1:])
    if hit:
        return _Addressee(hit.key, surface, hit.label_en, p, q)
    return _Addressee("other", surface, "", p, q)


def _own_undertaking(body: str, pos: int) -> _Addressee:
    """决定设立… : the body undertakes it itself — as the addressee of the gazetteer that names it
    (the UNTOC Conference: "conference"), else as an organ."""
    known = bodies().get(body)
    for name in (known.labels_zh + known.generic_zh) if known else ():
        a = addressees().get(name)
        if a is not None:
            return _Addressee(a.key, "", a.label_en, pos, pos)
    return _Addressee(ORGAN_PREFIX + body, "", known.label_en if known else "", pos, pos)


def _organ_at(text: str, pos: int, end: int) -> _Addressee | None:
    """A body of bodies.tsv named as the addressee: "建议大会通过…", "吁请安全理事会…"."""
    names, lengths = _organ_names()
    for n in lengths.get(text[pos:pos + 1], ()):
        if pos + n <= end and text[pos:pos + n] in names:
            code = names[text[pos:pos + n]]
            chair = next((w for w in _ORGAN_OFFICES if text.startswith(w, pos + n)), None)
            if chair:  # "经济及社会理事会主席和大会主席": the organs' presidents, as written
                return _Addressee("other", text[pos:pos + n + len(chair)], "", pos, pos + n + len(chair))
            return _Addressee(ORGAN_PREFIX + code, text[pos:pos + n], bodies()[code].label_en, pos, pos + n)
    return None


_ORGAN_OFFICES = ("主席团", "主席")  # an organ's bureau or president: not the organ (longest first)


@lru_cache(maxsize=None)
def _organ_names() -> tuple[dict[str, str], dict[str, tuple[int, ...]]]:
    """The bodies' names, and by their first character the lengths they have (longest first)."""
    return _by_first_character(body_alias_index())


@lru_cache(maxsize=None)
def _organization_names() -> tuple[dict[str, str], dict[str, tuple[int, ...]]]:
    """The organizations' names (organizations.tsv), by first character as ``_organ_names``."""
    return _by_first_character(organization_alias_index())


def _by_first_character(names: dict[str, str]) -> tuple[dict[str, str], dict[str, tuple[int, ...]]]:
    lengths: dict[str, set[int]] = {}
    for name in names:
        lengths.setdefault(name[:1], set()).add(len(name))
    return names, {first: tuple(sorted(ns, reverse=True)) for first, ns in lengths.items()}


_SHORT_NAME = re.compile(r"\([^()]{1,12}\)")  # "(艾滋病规划署)" after an organization's name


def without_short_name(name: str) -> str:
    """An organization's name without the short name printed in brackets after it."""
    short = _SHORT_NAME.search(name)
    return name[:short.start()] if short and short.end() == len(name) and short.start() else name


def _organization_item(text: str, pos: int, end: int) -> int | None:
    """Where an organization of the gazetteer named at ``pos`` ends (with its short name in
    brackets after it), as an item of a list of addressees ("会员国和联合国艾滋病毒/艾滋病联合
    规划署(艾滋病规划署)"); None when none is named there."""
    names, lengths = _organization_names()
    for n in lengths.get(text[pos:pos + 1], ()):
        if pos + n <= end and text[pos:pos + n] in names:
            short = _SHORT_NAME.match(text, pos + n, end)
            return short.end() if short else pos + n
    return None


# --- a list of addressees, one mandate each -------------------------------------------------
_ITEM_JOINER = re.compile(r"以及|、|和|及|与")
_MODIFIER_MARK = "的"  # "处于复杂人道主义紧急情况的各国和各方": a relative clause shared by the list


def split_coordinated(text: str, a: _Addressee) -> list[_Addressee]:
    """"会员国、联合国系统及人道主义组织和发展组织" names four addressees: a written list is cut at
    its joiners where the part before ends in an addressee's head noun (or is a known name);
    "相关人道主义和发展组织" stays one (人道主义 names no actor). A list whose parts share one
    modifier ("相关组织和行为体": a common noun alone after the first; "…情况的各国和各方": a
    relative clause) and a gazetteer phrase ("会员国和其他捐助方") stay whole."""
    surface = a.surface
    if addressees().get(surface) is not None or a.key.startswith("body:") or surface == _THEY:
        return [a]
    heads = _head_patterns()["ends"]
    items, begin = [], 0
    for j in _ITEM_JOINER.finditer(surface):
        part = surface[begin:j.start()]
        if part and _names_an_actor(part, heads):
            items.append((begin, j.start()))
            begin = j.end()
    last = surface[begin:]
    if not items or not last or not _names_an_actor(last, heads):
        return [a]
    items.append((begin, len(surface)))
    if _MODIFIER_MARK in surface[items[0][0]:items[0][1]]:
        return [a]
    # a common noun alone shares the modifier of the item before: "其他相关机构和组织" is one
    merged: list[tuple[int, int]] = []
    for s, e in items:
        if merged and surface[s:e] in words("head/common"):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    if len(merged) < 2:
        return [a]
    out = []
    for s, e in merged:
        part = surface[s:e]
        hit = addressees().get(part)
        key, en = (hit.key, hit.label_en) if hit else ("other", "")
        out.append(_Addressee(key, part, en, a.start + s, a.start + e))
    return out


def _names_an_actor(part: str, heads: re.Pattern) -> bool:
    return (addressees().get(part) is not None or bool(heads.search(part))
            or part.endswith(words("addressee/item")) or part.endswith(words("body/head"))
            or _organization_item(part, 0, len(part)) == len(part))


# --- mandates --------------------------------------------------------------------------------
class _ActReader:
    """Reads the mandates of one act (or of a body's recommendations: ``act`` None and
    ``proponent_body`` the body), numbering them in order (the index is their identity)."""

    def __init__(self, doc: Document, act: AdoptedAct | None, wgs: list[BodyMention],
                 proponent_body: str | None = None):
        self.doc, self.act, self.wgs = doc, act, wgs
        self.proponent_body = proponent_body
        self.text = doc.normalized.text
        self.mandates: list[Mandate] = []

    def add(self, unit: _Unit, verb_key: str, verb_zh: str, found: list[_Addressee], action: str,
            start: int, end: int) -> None:
        for n_a, a in enumerate(found):
            # one span per mandate (its annotation IRI comes from the span): later addressees
            # of a list start at their own name
            items = split_coordinated(self.text, a)
            parts = tuple((i.key, i.surface, i.en) for i in items) if len(items) > 1 else ()
            # an endorsed annex: the recommending body proposes, the act endorses
            proponent = self.proponent_body if unit.kind == "annex" or self.act is None else None
            self.mandates.append(Mandate(self.act.key if self.act else None, len(self.mandates),
                                         unit.label, unit.kind, verb_key, verb_zh, a.key, a.surface,
                                         a.en, action,
                                         start if n_a == 0 else a.start, max(a.end, end),
                                         proponent_body=proponent, addressee_parts=parts))

    def read(self, unit: _Unit) -> None:
        text = self.text
        lm = LABEL_RE.match(text, unit.start, unit.end)
        body_start = lm.end() if lm else unit.start
        hits = [m for m in _verb_re().finditer(text, body_start, unit.end)
                if m.start() == body_start or text[m.start() - 1] in ",;:。"
                or text.endswith(_DECIDES, 0, m.start()) or _ITEM_LABEL_BEFORE.search(text, 0, m.start())
                or self.subject_before(body_start, m.start())]
        # "决定请…": the decision is the request (请 opens the clause, 决定 asks no one itself)
        hits = [m for i, m in enumerate(hits)
                if not (m.group(1) == _DECIDES and i + 1 < len(hits) and hits[i + 1].start() == m.end())]
        prev = None
        for h_i, m in enumerate(hits):
            nxt = hits[h_i + 1].start() if h_i + 1 < len(hits) else None
            prev = self.clause(unit, m, nxt, body_start, prev)
        if unit.kind == "annex":
            self.modal_clauses(unit, body_start)

    def subject_before(self, start: int, pos: int) -> bool:
        """"工作组建议缔约方会议…": the group itself is the subject of the verb."""
        return (any(f.start == start and f.end == pos for f in self.wgs)
                or (self.act is None and self.text[start:pos] in words("body/head")))

    def clause(self, unit: _Unit, m: re.Match, nxt: int | None, body_start: int,
               prev: _Addressee | None) -> _Addressee | None:
        """The mandates of the clause opened by verb m; returns the clause's last addressee
        (它们 in the next clause), or ``prev`` when the clause asks nobody."""
        text = self.text
        verb_key = mandate_verbs()[m.group(1)].key
        semi = CLAUSE_END_RE.search(text, m.end(), unit.end)
        clause_end = semi.start() if semi else unit.end
        if nxt is not None and nxt > m.end():
            clause_end = min(clause_end, nxt - 1)
        found = _addressees_at(text, self.wgs, m.end(), clause_end, prev, body_start)
        if verb_key == "decides":
            found = self.decided(m, found, clause_end)
        if not found or verb_key == "demands" and found[0].key == "other":
            return prev
        a_end = found[-1].end
        if text.startswith(":", a_end):  # 请各国:(a)…(b)… — the list is the action
            stop = SENTENCE_END_RE.search(text, a_end, unit.end)
            clause_end = stop.start() if stop else unit.end
            if nxt is not None:
                clause_end = min(clause_end, nxt - 1)
        action = text[a_end:max(a_end, clause_end)].strip(",:")
        directive = DIRECTIVE_RE.match(action) if verb_key == "decides" else None
        if directive:  # "决定X应…": the action is what follows 应
            action = action[directive.end():]
        self.add(unit, verb_key, m.group(), found, action, m.start(), clause_end)
        return found[-1]

    def decided(self, m: re.Match, found: list[_Addressee], clause_end: int) -> list[_Addressee]:
        """决定 directs someone only as "决定 X 应…"; any other decision of the acting body is its
        own undertaking (决定设立/召开/在其第六届会议上…), and 决定 X 应 with X no actor
        (决定统括工具应当用于…) asks nobody."""
        text = self.text
        directive = DIRECTIVE_RE.match(text, found[-1].end) if found else None
        if directive and not (found[0].key == "other" and "主席" not in found[0].surface):
            return found
        if directive or DIRECTIVE_RE.search(text, m.end(), clause_end) or self.act is None \
                or self.act.key.body != self.doc.acting_body:
            return []
        return [_own_undertaking(self.act.key.body, m.end())]

    def modal_clauses(self, unit: _Unit, start: int) -> None:
        """'(h)为促进…,各国应全面实施…': an addressee opening a clause, then 应/可/不妨(考虑)."""
        text = self.text
        for cs in [start] + [c.end() for c in CLAUSE_START_RE.finditer(text, start, unit.end)]:
            found = _addressees_at(text, self.wgs, cs, unit.end, None, start)
            mm = _modal_re().match(text, found[-1].end) if found else None
            if not mm:
                continue
            stop = CLAUSE_END_RE.search(text, mm.end(), unit.end)
            c_end = stop.start() if stop else unit.end
            action = text[mm.end():c_end].strip(",:")
            bare = re.search(_modal_forms(), mm.group())
            self.add(unit, mandate_verbs()[bare.group()].key, mm.group(), found, action, cs, c_end)


def extract(doc: Document) -> list[Mandate]:
    bodies_named = doc.facts.of(BodyMention)
    facts: list[Mandate] = []
    for act in doc.acts:
        endorsed: list = []
        units = _units(doc, act, endorsed)
        reader = _ActReader(doc, act, [f for f in bodies_named if act.start <= f.start < act.end],
                            endorsed[0] if endorsed else None)
        for unit in units:
            reader.read(unit)
        facts += reader.mandates
    if doc.kind == "working-group-report":
        facts += recommendations(doc, bodies_named)
    return facts


_RECOMMENDATIONS = re.compile(r"通过了?(?:下列|以下|如下)建议")
_CHAPTER = re.compile(rf"(?<![\d第])[{CN_COUNT_CHARS}]\.(?=[\u4e00-\u9fff])")
_NUMBERED_PARAGRAPH = re.compile(r"(\d{1,3})\.(?=\D)")
_SECTION_HEADING = re.compile(r"[A-H]\.(?=[\u4e00-\u9fff])")  # "B. 利用技术实施…": a section


def recommendations(doc: Document, bodies_named) -> list[Mandate]:
    """A working group's report: the recommendations it adopted (the numbered paragraphs after
    "…通过了下列建议", up to the next chapter) are mandates with the group as proponent — the
    group named in the report's heading. A paragraph or a section heading starts a line of the
    source, or follows the end of a sentence."""
    nt = doc.normalized
    text = nt.text
    adopted = _RECOMMENDATIONS.search(text, 0, nt.footnotes_start)
    group = next((f for f in bodies_named if not f.anaphor), None)
    if adopted is None or group is None:
        return []
    chapter = _CHAPTER.search(text, adopted.end(), nt.footnotes_start)
    end = chapter.start() if chapter else nt.footnotes_start
    lines = set(nt.line_starts(adopted.end(), end))

    def opens(m: re.Match) -> bool:
        return m.start() in lines or text[m.start() - 1] in "。;:"

    starts = [(m.start(), m.group(1)) for m in _NUMBERED_PARAGRAPH.finditer(text, adopted.end(), end)
              if opens(m)]
    breaks = sorted([p for p, _ in starts] + [m.start() for m in _SECTION_HEADING.finditer(text, adopted.end(), end)
                                             if opens(m)] + [end])
    reader = _ActReader(doc, None, [f for f in bodies_named if adopted.end() <= f.start < end], group.key)
    for start, label in starts:
        unit = _Unit(label, "recommendation", start, next(b for b in breaks if b > start))
        reader.read(unit)
        reader.modal_clauses(unit, LABEL_RE.match(text, start).end())
    return reader.mandates
