"""extract.acts: every mention of a resolution or decision, with its body, number and date.

Forms handled (after normalization): 第5/1号决议, 5/1号决定, lists 第1/2、1/3和2/5号决定,
大会2009年12月18日第64/179号决议, 其第2/2号决定 (the acting body), 大会在其…第55/25号决议,
经济及社会理事会第2006/27号决议, 安全理事会第2133(2014)号决议, and a date and a quoted
title between the body and the number.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ..gazetteer import body_alias_index
from ..models import ActKey, ActMention

# 5/1, 64/179, 2006/27 or a Security Council number with its year: 2133 (2014)
NUMBER = r"(?:\d{1,4}/\d{1,4}(?:\s?[A-L](?:(?:和|、)[A-L])*(?![A-Za-z]))?|\d{3,4}\s?\(\d{4}\))"
_LETTERS = re.compile(r"^(\d{1,4}/\d{1,4})\s?([A-L](?:(?:和|、)[A-L])*)$")
_SEP = r"(?:以及|、|,|和|及|与|或)"
ACT_MENTION = re.compile(
    rf"(?<![A-Za-z0-9/.\-])(?P<di>第)?(?P<nums>{NUMBER}(?:号?{_SEP}第?{NUMBER})*)号?(?P<kind>决议|决定)"
)
_ONE_NUMBER = re.compile(NUMBER)
_KIND = {"决议": "resolution", "决定": "decision"}

# What may stand between a body's name and the number: 在其, a date, 题为"…"的, 第
_DATE_BEFORE = re.compile(
    r"(?:(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日)?(?:通过的)?"
    r"(?:题为(?:“[^“”]{0,400}”|\"[^\"]{0,400}\")的)?$"
)
_LIST_JOINER = re.compile(rf"{_SEP}$")
_MAX_ALIAS = 40


def expand_parts(raw: str) -> list[str]:
    """'53/243 A和B' -> ['53/243 A', '53/243 B'] (GA resolutions in lettered parts)."""
    m = _LETTERS.match(raw.strip())
    if not m:
        return [canonical_number(raw)]
    return [f"{m.group(1)} {letter}" for letter in re.findall(r"[A-L]", m.group(2))]


def canonical_number(raw: str) -> str:
    raw = raw.replace(" ", "")
    m = re.fullmatch(r"(\d{3,4})\((\d{4})\)", raw)
    return f"{m.group(1)} ({m.group(2)})" if m else raw


def find_act_mentions(text: str, acting_body: str | None, acting_session: int | None,
                      warnings: list[str] | None = None) -> list[ActMention]:
    """All act mentions in ``text``, in order, each resolved to a body."""
    aliases = body_alias_index()
    alias_lengths = sorted({len(a) for a in aliases}, reverse=True)
    formulas = [(f.start(), aliases[f.group(1)]) for f in enacting_formulas(text)]
    formula_starts = [p for p, _ in formulas]
    mentions: list[ActMention] = []
    previous_end = -1
    previous_body: str | None = None
    for m in ACT_MENTION.finditer(text):
        kind = _KIND[m.group("kind")]
        lead = m.start()
        k = bisect_right(formula_starts, lead) - 1
        local_body = formulas[k][1] if k >= 0 else acting_body
        date, body, inferred = _look_back(text, lead, aliases, alias_lengths, local_body)
        joined = body is None and _joined_to_previous(text, lead, previous_end)
        numbers = [(nm, part) for nm in _ONE_NUMBER.finditer(m.group("nums"))
                   for part in expand_parts(nm.group())]
        for i, (nm, number) in enumerate(numbers):
            item_body, item_inferred = body, inferred
            if item_body is None and (joined or i > 0) and previous_body:
                item_body, item_inferred = previous_body, False
            if item_body is None:
                item_body = _infer_body(number, acting_body, acting_session)
                item_inferred = True
                if warnings is not None and item_body is None:
                    warnings.append(f"act {number} ({kind}) at {lead}: body not written, not inferable")
            if item_body is None:
                continue
            start = m.start() if i == 0 else m.start("nums") + nm.start()
            end = m.end() if len(numbers) == 1 else m.start("nums") + nm.end()
            mentions.append(
                ActMention(
                    key=ActKey(item_body, kind, number),
                    start=start,
                    end=end,
                    date=date if i == 0 else None,
                    body_inferred=item_inferred,
                )
            )
            previous_body = item_body
        previous_end = m.end()
    return mentions


def enacting_formulas(text: str):
    """'大会，重申…' / '…缔约方会议，注意到…': the body that speaks in the paragraphs after."""
    from ..gazetteer import body_alias_pattern, preamble_verbs

    verbs = "|".join(map(re.escape, preamble_verbs()))
    pattern = re.compile(
        rf"({body_alias_pattern().pattern}),(?=(?:还|又|并|也|进一步|再次|特别)?(?:{verbs})|1\.)"
    )
    return pattern.finditer(text)


def _look_back(text, lead, aliases, alias_lengths, acting_body):
    """(date, body, inferred) from the words just before the mention."""
    window = text[max(0, lead - 500) : lead]
    date = None
    dm = _DATE_BEFORE.search(window)
    cut = len(window)
    if dm and dm.group(0):
        cut = dm.start()
        if dm.group("y"):
            date = f"{int(dm.group('y')):04d}-{int(dm.group('m')):02d}-{int(dm.group('d')):02d}"
    before = window[:cut]
    for filler in ("在其", "其", "在", "的", "于"):
        if before.endswith(filler):
            stripped = before[: -len(filler)]
            body = _alias_at_end(stripped, aliases, alias_lengths)
            if body:
                return date, body, False
            if filler in ("在其", "其"):
                return date, acting_body, False
    body = _alias_at_end(before, aliases, alias_lengths)
    if body:
        return date, body, False
    # a doubled "大会第大会第" style misprint: look past one more 第
    if before.endswith("第"):
        body = _alias_at_end(before[:-1], aliases, alias_lengths)
        if body:
            return date, body, False
    return date, None, False


def _alias_at_end(text: str, aliases: dict[str, str], lengths: list[int]) -> str | None:
    tail = text[-_MAX_ALIAS:]
    for n in lengths:
        if n <= len(tail) and tail[-n:] in aliases:
            return aliases[tail[-n:]]
    return None


def _joined_to_previous(text: str, lead: int, previous_end: int) -> bool:
    """True when this mention continues a list right after the previous mention."""
    if previous_end < 0 or lead - previous_end > 450:
        return False
    between = text[previous_end:lead]
    between = _DATE_BEFORE.sub("", between)
    return bool(_LIST_JOINER.fullmatch(between))


def _infer_body(number: str, acting_body: str | None, acting_session: int | None) -> str | None:
    """A number written without a body: read the convention of UN numbering."""
    if "(" in number:
        return "SC"  # only the Security Council numbers its resolutions with the year
    first = int(number.split("/")[0])
    if first >= 1946:
        return "ECOSOC"  # year-numbered resolutions and decisions
    if acting_body and acting_session and first <= acting_session:
        return acting_body  # the acting body's own earlier sessions
    if first >= 40:
        return "GA"  # session-numbered General Assembly acts
    if acting_body and not acting_session:
        return acting_body  # not a session report: the text's own body
    return None  # a later session than the acting body has had: some other body
