"""patterns: regex building blocks shared by several stages (numbers, numerals, dates, tries).

The lowest module of the pipeline after ``models``: segment and every extractor build their
patterns from these named parts, so a number or a numeral is written one way everywhere.
"""
from __future__ import annotations

import re

# --- act numbers -----------------------------------------------------------------------------
# Session-numbered acts (5/1, 64/179, 2006/27), with the lettered parts of a GA resolution
# ("53/243 A和B"), or a Security Council number with its year: 2133 (2014).
_LETTER_PARTS = r"[A-L](?:(?:和|、)[A-L])*(?![A-Za-z])"
ACT_NUMBER = rf"""(?x:  # a verbose group: it keeps its comments inside any pattern
      \d{{1,4}}/\d{{1,4}}(?:\s?{_LETTER_PARTS})?   # 5/1, 64/179, 53/243 A和B
    | \d{{3,4}}\s?\(\d{{4}}\)                      # SC 2133 (2014)
)"""
ACT_KIND = {"决议": "resolution", "决定": "decision"}

_SC_NUMBER = re.compile(r"(\d{3,4})\((\d{4})\)")


def canonical_number(raw: str) -> str:
    """'2133(2014)' -> '2133 (2014)'; other numbers lose their spaces ('5 / 1' -> '5/1')."""
    raw = raw.replace(" ", "")
    m = _SC_NUMBER.fullmatch(raw)
    return f"{m.group(1)} ({m.group(2)})" if m else raw


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
DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"


def iso_date(year: str | int, month: str | int, day: str | int) -> str:
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


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
