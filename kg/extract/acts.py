"""extract.acts: every mention of a resolution or decision, with its body, number and date.

Forms handled (after normalization): 第5/1号决议, 5/1号决定, lists 第1/2、1/3和2/5号决定,
大会2009年12月18日第64/179号决议, 其第2/2号决定 (the acting body), 大会在其…第55/25号决议,
经济及社会理事会第2006/27号决议, 安全理事会第2133(2014)号决议, and a date and a quoted
title between the body and the number.

A kind misprinted for an act of the same session ("第3/3号决议" when the session adopted
decision 3/3 and no resolution 3/3) is read as the adopted act, with a warning.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from ..facts import ActMention
from ..lexicon import body_alias_index, body_alias_pattern, preamble_verb_pattern, word_pattern
from ..models import ActKey, Document
from ..patterns import ACT_KIND, ACT_NUMBER, canonical_number, iso_date

LOOKBACK_FOR_BODY = 500  # the body's name, a date and a quoted title stand within this window
LIST_CONTINUATION_MAX = 450  # a mention this close after the previous one may continue its list
MAX_BODY_ALIAS = 40  # no body's name is longer

_LIST_SEPARATOR = r"(?:以及|、|,|和|及|与|或)"
ACT_MENTION = re.compile(rf"""
    (?<![A-Za-z0-9/.\-])                              # not inside a symbol (A/54/7号决议)
    (?P<di>第)?
    (?P<nums>{ACT_NUMBER}                              # one number …
        (?:号?{_LIST_SEPARATOR}第?{ACT_NUMBER})*)      # … or a list: 第1/2、1/3和2/5号
    号?(?P<kind>决议|决定)
""", re.X)
_ONE_NUMBER = re.compile(ACT_NUMBER)
_LETTERED_PARTS = re.compile(r"^(\d{1,4}/\d{1,4})\s?([A-L](?:(?:和|、)[A-L])*)$")
_PART_LETTER = re.compile(r"[A-L]")
# What may stand between a body's name and the number
_BETWEEN_BODY_AND_NUMBER = re.compile(r"""
    (?:(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日)?    # a date: 2009年12月18日
    (?:通过的)?                                          # "adopted"
    (?:题为(?:“[^“”]{0,400}”|"[^"]{0,400}")的)?            # a quoted title: 题为“…”的
    $
""", re.X)
_LIST_JOINER = re.compile(rf"{_LIST_SEPARATOR}$")
# words between a body's name and the number, tried in this order: "大会在其…第55/25号决议";
# 其 ("its") alone refers to the body whose text this is
_FILLERS = ("在其", "其", "在", "的", "于")
_ITS = ("在其", "其")

# UN numbering conventions used to infer a body that is not written (see _infer_body)
FIRST_YEAR_NUMBER = 1946  # a first part this large is a year: ECOSOC numbers by year
FIRST_GA_SESSION_NUMBER = 40  # session numbers this large are the General Assembly's


def extract(doc: Document) -> list[ActMention]:
    session = doc.session.ordinal if doc.session else None
    mentions = find_act_mentions(doc.normalized.text, doc.acting_body, session, doc.warnings)
    return correct_same_session_kinds(doc, mentions)


def expand_parts(raw: str) -> list[str]:
    """'53/243 A和B' -> ['53/243 A', '53/243 B'] (GA resolutions in lettered parts)."""
    m = _LETTERED_PARTS.match(raw.strip())
    if not m:
        return [canonical_number(raw)]
    return [f"{m.group(1)} {letter}" for letter in _PART_LETTER.findall(m.group(2))]


def find_act_mentions(text: str, acting_body: str | None, acting_session: int | None,
                      warnings: list[str] | None = None) -> list[ActMention]:
    """All act mentions in ``text``, in order, each resolved to a body."""
    reader = _MentionReader(text, acting_body, acting_session, warnings)
    for m in ACT_MENTION.finditer(text):
        reader.read(m)
    return reader.mentions


class _MentionReader:
    """Reads the mentions in text order: a list continues the body of the mention before it."""

    def __init__(self, text, acting_body, acting_session, warnings):
        self.text, self.acting_body, self.acting_session = text, acting_body, acting_session
        self.warnings = warnings
        self.aliases = body_alias_index()
        self.alias_lengths = sorted({len(a) for a in self.aliases}, reverse=True)
        formulas = [(f.start(), self.aliases[f.group(1)]) for f in enacting_formulas(text)]
        self.formula_starts = [p for p, _ in formulas]
        self.formula_bodies = [b for _, b in formulas]
        self.mentions: list[ActMention] = []
        self.previous_end = -1
        self.previous_body: str | None = None

    def local_body(self, lead: int) -> str | None:
        """The body speaking at ``lead``: the last enacting formula before it, else the text's."""
        k = bisect_right(self.formula_starts, lead) - 1
        return self.formula_bodies[k] if k >= 0 else self.acting_body

    def read(self, m: re.Match) -> None:
        kind = ACT_KIND[m.group("kind")]
        lead = m.start()
        date, body = _look_back(self.text, lead, self.aliases, self.alias_lengths, self.local_body(lead))
        joined = body is None and _joined_to_previous(self.text, lead, self.previous_end)
        numbers = [(nm, part) for nm in _ONE_NUMBER.finditer(m.group("nums"))
                   for part in expand_parts(nm.group())]
        for i, (nm, number) in enumerate(numbers):
            item_body, inferred = self.body_of(number, kind, lead, body, joined or i > 0)
            if item_body is None:
                continue
            start = m.start() if i == 0 else m.start("nums") + nm.start()
            end = m.end() if len(numbers) == 1 else m.start("nums") + nm.end()
            self.mentions.append(ActMention(ActKey(item_body, kind, number), start, end,
                                            date if i == 0 else None, inferred))
            self.previous_body = item_body
        self.previous_end = m.end()

    def body_of(self, number, kind, lead, written, continues) -> tuple[str | None, bool]:
        """(body, inferred): as written, else the previous item's in a list, else inferred."""
        if written is not None:
            return written, False
        if continues and self.previous_body:
            return self.previous_body, False
        body = _infer_body(number, self.acting_body, self.acting_session)
        if self.warnings is not None and body is None:
            self.warnings.append(f"act {number} ({kind}) at {lead}: body not written, not inferable")
        return body, True


def enacting_formulas(text: str):
    """'大会，重申…' / '…缔约方会议，注意到…': the body that speaks in the paragraphs after."""
    pattern = re.compile(rf"""
        ({body_alias_pattern().pattern}),                 # the body's name and a comma,
        (?=(?:{word_pattern('adverb/enacting')})?         # then its first verb
           (?:{preamble_verb_pattern()})
         | 1\.)                                           # or its first operative paragraph
    """, re.X)
    return pattern.finditer(text)


def _look_back(text, lead, aliases, alias_lengths, acting_body) -> tuple[str | None, str | None]:
    """(date, body) from the words just before the mention."""
    window = text[max(0, lead - LOOKBACK_FOR_BODY) : lead]
    date = None
    dm = _BETWEEN_BODY_AND_NUMBER.search(window)
    cut = len(window)
    if dm and dm.group(0):
        cut = dm.start()
        if dm.group("y"):
            date = iso_date(dm.group("y"), dm.group("m"), dm.group("d"))
    before = window[:cut]
    for filler in _FILLERS:
        if before.endswith(filler):
            body = _alias_at_end(before[: -len(filler)], aliases, alias_lengths)
            if body:
                return date, body
            if filler in _ITS:
                return date, acting_body
    body = _alias_at_end(before, aliases, alias_lengths)
    if body is None and before.endswith("第"):
        # a doubled "大会第大会第" style misprint: look past one more 第
        body = _alias_at_end(before[:-1], aliases, alias_lengths)
    return date, body


def _alias_at_end(text: str, aliases: dict[str, str], lengths: list[int]) -> str | None:
    tail = text[-MAX_BODY_ALIAS:]
    for n in lengths:
        if n <= len(tail) and tail[-n:] in aliases:
            return aliases[tail[-n:]]
    return None


def _joined_to_previous(text: str, lead: int, previous_end: int) -> bool:
    """True when this mention continues a list right after the previous mention."""
    if previous_end < 0 or lead - previous_end > LIST_CONTINUATION_MAX:
        return False
    between = text[previous_end:lead]
    between = _BETWEEN_BODY_AND_NUMBER.sub("", between)
    return bool(_LIST_JOINER.fullmatch(between))


def _infer_body(number: str, acting_body: str | None, acting_session: int | None) -> str | None:
    """A number written without a body: read the convention of UN numbering."""
    if "(" in number:
        return "SC"  # only the Security Council numbers its resolutions with the year
    first = int(number.split("/")[0])
    if first >= FIRST_YEAR_NUMBER:
        return "ECOSOC"  # year-numbered resolutions and decisions
    if acting_body and acting_session and first <= acting_session:
        return acting_body  # the acting body's own earlier sessions
    if first >= FIRST_GA_SESSION_NUMBER:
        return "GA"  # session-numbered General Assembly acts
    if acting_body and not acting_session:
        return acting_body  # not a session report: the text's own body
    return None  # a later session than the acting body has had: some other body


def correct_same_session_kinds(doc: Document, mentions: list[ActMention]) -> list[ActMention]:
    """A misprinted kind for an act of the same session ("第3/3号决议" when the session
    adopted decision 3/3 and no resolution 3/3) is read as the adopted act, with a warning."""
    adopted = {a.key for a in doc.acts}
    by_number = {(a.key.body, a.key.number): a.key for a in doc.acts}
    corrected = []
    for mention in mentions:
        key = mention.key
        other = None if key in adopted else by_number.get((key.body, key.number))
        if other is not None and other.kind != key.kind:
            doc.warnings.append(
                f"{doc.source.name}: {key.notation} at {doc.source_span(mention.start, mention.end)[0]}"
                f" is not adopted here; read as {other.notation} (misprint)"
            )
            mention = replace(mention, key=other)
        corrected.append(mention)
    return corrected
