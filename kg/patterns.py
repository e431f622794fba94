"""patterns: regex building blocks shared by several stages (numbers, numerals, dates, tries).

The lowest module of the pipeline after ``models``: segment and every extractor build their
patterns from these named parts, so a number or a numeral is written one way everywhere.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

# --- act numbers -----------------------------------------------------------------------------
# One grammar for the numbers of every organ and era, built from named parts. Each form is a
# convention of the bodies that number their acts that way:
#   special   GA ES-10/2 (emergency special session), S-26/2 (special session); HRC S-17/1
#   cop       UNFCCC decisions 1/CP.21, 3/CMP.1, 1/CMA.3, UNCCD 1/COP.13 (the session is in it)
#   slash     64/179 (GA, session/number), 5/1 (a treaty conference or commission), 2006/27 and
#             2009/267 (ECOSOC, year/number), with lettered parts: 53/243 A和B, 2023/201 A
#   roman     1541 (XV), 2200 A (XXI) (GA before 1976), 9 (I), 1147 (XLI) (ECOSOC before 1978),
#             689 (XXXV) (ECLAC: the session in roman numerals)
#   dated     2133 (2014) (SC: the year in brackets)
#   lettered  J (70) (ECE: a letter and the session)
#   dotted    58.3 (WHA58.3: the Assembly and the number)
#   bare      1325 (SC without its year, ACHPR 263)
# Spaces may stand anywhere between the parts (segmented and PDF text), brackets are ASCII after
# normalization. Every part is bounded, so a number is matched in constant time and a list of
# them in time linear in its length.
_SP = r"\s?"
ROMAN_NUMERAL = r"[IVXLC]{1,8}"
PART_LETTER = r"[A-L]"
PART_JOINER = r"(?:和|、|及)"
# the lettered parts of one act: "A", "A和B", "A、B和C" (not the start of a Latin word)
_PARTS = rf"{PART_LETTER}(?:{_SP}{PART_JOINER}{_SP}{PART_LETTER})*(?![A-Za-z])"
_NUMBER_PARTS = {
    "special": rf"(?:ES|S){_SP}-{_SP}\d{{1,2}}{_SP}/{_SP}\d{{1,3}}",
    "cop": rf"\d{{1,2}}{_SP}/{_SP}(?:CP|CMP|CMA|COP){_SP}\.{_SP}\d{{1,2}}",
    "slash": rf"\d{{1,4}}{_SP}/{_SP}\d{{1,4}}(?:{_SP}{_PARTS})?",
    "roman": rf"\d{{1,4}}{_SP}(?:{PART_LETTER}{_SP})?\({_SP}{ROMAN_NUMERAL}{_SP}\)",
    "dated": rf"\d{{1,4}}{_SP}\({_SP}(?:19|20)\d\d{_SP}\)",
    "lettered": rf"(?<![A-Za-z]){PART_LETTER}{_SP}\({_SP}\d{{1,3}}{_SP}\)",
    "dotted": r"\d{1,3}\.\d{1,3}(?![\d.])",
    "bare": r"\d{1,5}(?![\d./])",
}
NUMBER_FORMS = tuple(_NUMBER_PARTS)  # tried in this order: the first that fits is the form
ACT_NUMBER = "(?:" + "|".join(f"(?:{part})" for part in _NUMBER_PARTS.values()) + ")"
_ONE_NUMBER = re.compile("|".join(f"(?P<{name}>{part})" for name, part in _NUMBER_PARTS.items()))
ACT_KIND = {"决议": "resolution", "决定": "decision"}
SPECIAL_SESSION_PREFIXES = ("ES", "S")
FIRST_ANNUAL_NUMBER = 1946  # a slash number whose first part is this large is numbered by year
NUMBERING_STYLES = ("session", "annual", "special", "cop", "roman", "dated", "lettered", "dotted",
                    "bare")


@dataclass(frozen=True)
class ActNumber:
    """One act number as printed, read by the grammar above."""

    form: str  # one of NUMBER_FORMS
    text: str  # canonical: "64/179", "53/243 A", "2200 A (XXI)", "2133 (2014)", "J (70)"
    series: int | None = None  # the session or year it is numbered in (64, 2006), when printed
    year: int | None = None  # the year printed in brackets (SC)

    @property
    def style(self) -> str:
        """The numbering convention it follows (bodies.tsv ``numbering``): the form, except that
        a slash number is "annual" when its first part is a year (ECOSOC 2006/27, executive
        boards 2022/6) and "session" otherwise (GA 64/179, a conference 5/1)."""
        if self.form == "slash":
            return "annual" if (self.series or 0) >= FIRST_ANNUAL_NUMBER else "session"
        return self.form

    @property
    def base(self) -> str:
        """The number without a printed year: "2133 (2014)" -> "2133" (one SC act either way)."""
        return self.text.split(" (", 1)[0] if self.form == "dated" else self.text


_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def read_act_numbers(raw: str) -> list[ActNumber]:
    """The acts a printed number names: '53/243 A和B' -> 53/243 A and 53/243 B; '1541(XV)' ->
    1541 (XV); [] when ``raw`` is not a number of the grammar."""
    m = _ONE_NUMBER.fullmatch(raw.strip())
    if not m:
        return []
    form = m.lastgroup
    text = _SPACES.sub("", m.group())
    first = int(_DIGITS.search(text).group()) if _DIGITS.search(text) else None
    if form == "slash":
        head, letters = re.match(r"(\d+/\d+)(.*)", text).groups()
        parts = re.findall(PART_LETTER, letters) or [""]
        return [ActNumber(form, f"{head} {p}".strip(), first) for p in parts]
    if form in ("roman", "dated", "lettered"):
        lead, bracket = text.split("(", 1)
        lead = re.sub(rf"(\d)({PART_LETTER})$", r"\1 \2", lead)
        year = int(bracket[:-1]) if form == "dated" else None
        series = int(bracket[:-1]) if form == "lettered" else first
        return [ActNumber(form, f"{lead} ({bracket}", series, year)]
    if form == "cop":
        return [ActNumber(form, text, int(text.rsplit(".", 1)[1]))]
    if form == "special":
        return [ActNumber(form, text, int(_DIGITS.search(text).group()))]
    return [ActNumber(form, text, first)]


def canonical_number(raw: str) -> str:
    """The canonical text of the first act a printed number names ('2133(2014)' -> '2133 (2014)',
    '5 / 1' -> '5/1'); the printed text without spaces when it is not a number."""
    numbers = read_act_numbers(raw)
    return numbers[0].text if numbers else _SPACES.sub("", raw)


# --- Chinese numerals ------------------------------------------------------------------------
CN_DIGIT_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                   "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNIT_VALUES = {"十": 10, "百": 100}
# every character of a Chinese numeral (session ordinals 第十一届, chapters 二., article 第一百十条)
CN_NUMERAL_CHARS = "零〇一二三四五六七八九十百两"
# the numerals that count items, chapters and annexes of a report (一 … 十)
CN_COUNT_CHARS = "一二三四五六七八九十"
# Roman numerals of annexes, by their Chinese numeral (附件一 = annex I)
ROMAN = {"一": "I", "二": "II", "三": "III", "四": "IV", "五": "V", "六": "VI", "七": "VII",
         "八": "VIII", "九": "IX", "十": "X"}


def chinese_numeral(text: str) -> int | None:
    """'十一' -> 11, '二十三' -> 23, '五' -> 5; ASCII digits pass through; anything else None."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGIT_VALUES:
            current = CN_DIGIT_VALUES[ch]
        elif ch in CN_UNIT_VALUES:
            total += (current or 1) * CN_UNIT_VALUES[ch]
            current = 0
        else:
            return None
    return total + current


# --- dates -----------------------------------------------------------------------------------
# A date as printed: 2010年10月18日. The year is four digits standing alone (not the tail of a
# longer number: "…99999999年" is no year), and the date is checked where it is read (iso_date).
YEAR = r"(?<!\d)(\d{4})"
DATE = rf"{YEAR}年(\d{{1,2}})月(\d{{1,2}})日"
FIRST_YEAR = 1900  # no UN-era date is earlier (the League of Nations texts cited are dated after)
LAST_YEAR = 2199


def iso_date(year: str | int, month: str | int, day: str | int) -> str | None:
    """'2010-10-18', or None when the parts are no calendar date of the UN era (a 13th month,
    a 45th day, year 9999): an xsd:date is only written for a real day."""
    try:
        y, m, d = int(year), int(month), int(day)
        if not FIRST_YEAR <= y <= LAST_YEAR:
            return None
        return datetime.date(y, m, d).isoformat()
    except (TypeError, ValueError):
        return None


# --- word lists as patterns ------------------------------------------------------------------
def alternation(words) -> str:
    """``a|b|c`` of the words, escaped, longest first (so a longer word wins at a position)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


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
