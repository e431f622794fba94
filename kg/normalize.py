"""normalize: SourceText -> NormalizedText, whatever shape the file came in.

Real files come as word-segmented text (spaces inside words and symbols), PDF text with
hard line breaks, page headers and footnotes, or clean text with superscript footnote marks
and ``[symbol](#)`` links. Normalization brings all three to one form so that later stages
need one set of rules:

* full-width ASCII (digits, letters, punctuation) becomes ASCII; the ideographic space a space;
* page headers/footers, footnote marks and link markup are dropped;
* footnote texts are moved after the running text (they still carry citations);
* whitespace next to a CJK character disappears; elsewhere it collapses to one space
  (kept only between words, so ``CTOC/COP/201 0/ CRP.4`` becomes ``CTOC/COP/2010/CRP.4``).

Only deletions, moves and one-to-one character substitutions are made, so every normalized
character keeps the offset of the original character it came from (``offsets``).
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from itertools import compress

import ahocorasick_rs

from .lexicon import traditional_to_simplified
from .models import NormalizedText, SourceText
from .patterns import CN_COUNT_CHARS

# Full-width forms U+FF01..U+FF5E are ASCII 0x21..0x7E shifted; U+3000 is a space.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_FULLWIDTH[0x00A0] = 0x20
_FULLWIDTH_CHAR = re.compile("[\uff01-\uff5e\u3000\u00a0]")
_BLANKS = "\t\n\r\x0b\x0c\u2028\u2029\x85"  # the white space kept between words becomes " "
# White space a report's text holds, by its Latin-1 byte (``_whitespace_mask``); the others
# (U+1680, U+2000…) are looked for one by one
_WS_BYTES = bytes(range(256)).translate(
    bytes(0 if chr(b).isspace() else 1 for b in range(256)))
# (a class of the few there are — tests/test_normalize.py checks it is all of them — scans
# faster than a look at every character beyond Latin-1)
WHITESPACE_BEYOND_LATIN1 = "\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_WS_BEYOND_LATIN1 = re.compile(f"[{WHITESPACE_BEYOND_LATIN1}]")

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_RUN = re.compile(f"[{_SUPERSCRIPTS}]+")
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_CJK_OR_PUNCT = re.compile(rf"[{_CJK}\u3000-\u303f\uff00-\uffef“”‘’《》「」『』…—]")
_CJK_SPACE_CJK = re.compile(rf"[{_CJK}] +[{_CJK}]")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_CJK_RUN = re.compile(rf"[{_CJK}]+")

_FOOTNOTE_RULE = re.compile(r"^\s*_{5,}\s*$")
_FOOTNOTE_LINE = re.compile(r"^\s{0,4}(\d{1,3})\s+\S")
_SUPERSCRIPT_FOOTNOTE_LINE = re.compile(rf"^\s*[{_SUPERSCRIPTS}]+\s*\S")
_NEW_PARAGRAPH = re.compile(r"^\s*(\(\w{1,4}\)|\d{1,3}\s*[.．]\s)")
_MARK_ONLY_LINE = re.compile(r"^\s*\d{1,3}\s*$")
# a document symbol ("A/77/812", "E/2023/30-E/CN.15/2023/13", "S/RES/2752 (2024)") or the job
# number of an issued document ("23-04187"): printed alone on a line, only as page furniture
_SYMBOL = r"[A-Z]{1,8}(?:/[A-Z0-9.]{1,12}){2,6}"
_SYMBOL_ONLY = re.compile(rf"{_SYMBOL}(?:-{_SYMBOL})?(?: \(\d{{4}}\))?")
_JOB_NUMBER = re.compile(r"\d{2}-\d{5}")
MASTHEAD_LINES = 6  # the masthead's symbol is printed within the first lines of the text
_MASTHEAD_SYMBOL = re.compile(rf"联合国\s+({_SYMBOL}(?:-{_SYMBOL})?)$")
_PARAGRAPH_START = re.compile(rf"^\s*(\(\w{{1,4}}\)|\d{{1,3}}\s*[.．]|[{CN_COUNT_CHARS}]+\s*[.．、]|第\s*\d)")
# [text](#) or [text](http…): markdown links from PDF converters; not "[…](a)" in prose
_LINK = re.compile(r"\[([^\]\n]{1,300})\]\((?:#[^)\s]{0,300}|https?://[^)\s]{1,300})\)")
_YEAR_AFTER = re.compile(r"(?:19|20)\d\d\s*年")  # "…CRP.1 2006年…": a year, not the number's tail
_WS_BETWEEN_LATIN = re.compile(r"(?<=[A-Za-z0-9.)\u00c0-\u024f])\s+(?=[A-Za-z0-9(\u00c0-\u024f])")
# A stray footnote number in word-segmented text: " 4 " between words, not a quantity; or
# glued to the 第 of an article after a title ("《…公约》 14第 32 条": a title takes no number)
# (the space first, the character before it looked at from there: a fast scan for spaces)
_STRAY_MARK = re.compile(rf" (?:(?<=[{_CJK}》”）)] )(\d{{1,3}}) (?=[{_CJK}《])|(?<=[》”] )(\d{{1,3}})(?=第))")
_NUMERIC_CONTEXT_BEFORE = set("第约共至和、及或到近逾有余达前后")
# … but 约 ends the name of a treaty (公约, 条约, 规约, 盟约) as often as it means "about"
_TREATY_BEFORE_YUE = set("公条规盟")


def _numeric_before(text: str, pos: int) -> bool:
    """Does the character before ``pos`` make the number at ``pos`` a quantity (第8, 约8, 共8)?"""
    before = text[pos - 1] if pos else ""
    if before == "约" and pos >= 2 and text[pos - 2] in _TREATY_BEFORE_YUE:
        return False
    return before in _NUMERIC_CONTEXT_BEFORE
_UNITS_AFTER = set("年月日号条款段项次届个名人国种类份卷章节页%倍年岁周")


def sniff_shape(text: str) -> str:
    """'segmented', 'wrapped' or 'clean', from the text alone."""
    sample = text[:200_000]
    cjk = sum(map(len, _CJK_RUN.findall(sample))) or 1  # runs, not one match per character
    # each match holds a space: with few spaces there is no need to count the matches
    if sample.count(" ") / cjk > 0.12 and len(_CJK_SPACE_CJK.findall(sample)) / cjk > 0.12:
        return "segmented"
    lines = [ln.strip() for ln in sample.split("\n")]
    lines = [ln for ln in lines if ln]
    if len(lines) < 5:
        return "clean"
    broken = sum(
        1
        for a, b in zip(lines, lines[1:])
        if _CJK_CHAR.match(a[-1]) and (_CJK_CHAR.match(b[0]) or b[0] in "《“")
    )
    return "wrapped" if broken / len(lines) > 0.12 else "clean"


def _traditional_to_simplified() -> dict[int, int]:
    """The translate table of kg/data/t2s.tsv (traditional -> simplified, one for one)."""
    return traditional_to_simplified()


@lru_cache(maxsize=1)
def _traditional_chars() -> tuple[str, ...]:
    return tuple(sorted(map(chr, _traditional_to_simplified())))


@lru_cache(maxsize=1)
def _traditional_finder() -> ahocorasick_rs.AhoCorasick:
    """Every traditional character of the table, found in one pass in Rust: a set
    intersection with the text made a string of each of its characters (~3x slower, and a
    simplified text, the usual one, has none)."""
    return ahocorasick_rs.AhoCorasick(_traditional_chars())


@lru_cache(maxsize=1)
def _chained() -> bool:
    """Does a simplified character of the table have a simplified form of its own?"""
    table = _traditional_to_simplified()
    return any(v in table for v in table.values())


def _simplify(text: str) -> str:
    """Traditional characters to simplified, one for one, when the text has any: one
    ``replace`` per distinct character present (the same as ``translate`` when no simplified
    character is itself in the table), not a dict lookup per character."""
    chars = _traditional_chars()
    present = {chars[number] for number, _, _ in _traditional_finder().find_matches_as_indexes(text)}
    if not present:
        return text
    table = _traditional_to_simplified()
    if _chained():
        return text.translate(table)
    for ch in present:
        text = text.replace(ch, chr(table[ord(ch)]))
    return text


def _to_ascii(text: str) -> str:
    """Full-width forms to ASCII, ideographic and no-break spaces to spaces: one ``replace``
    per distinct character present (a report has a few dozen), not a lookup per character."""
    for ch in set(_FULLWIDTH_CHAR.findall(text)):
        text = text.replace(ch, chr(_FULLWIDTH[ord(ch)]))
    return text


def normalize(source: SourceText, shape: str | None = None) -> NormalizedText:
    text = _simplify(_to_ascii(source.text))
    shape = shape or sniff_shape(text)
    marks: list[tuple[int, int]] = []  # (footnote number, original offset)
    note_starts: list[tuple[int, int]] = []
    if shape == "segmented":
        main = [(0, len(text))]
        notes: list[tuple[int, int]] = []
    else:
        main, notes = _split_lines(text, marks, note_starts)
    body, body_offsets = _gather(text, main)
    notes_text, notes_offsets = _gather(text, notes)
    body, body_offsets = _clean(body, body_offsets, shape, marks)
    notes_text, notes_offsets = _clean(notes_text, notes_offsets, shape, [])
    footnotes_start = len(body)
    footnote_marks = sorted(
        (number, bisect_left(body_offsets, offset)) for number, offset in marks
    )
    if notes_text:
        # one synthetic separator, mapped onto the first footnote character
        body += "\n" + notes_text
        body_offsets.append(notes_offsets[0])
        body_offsets.extend(notes_offsets)
        footnotes_start += 1
    starts = [(n, footnotes_start + bisect_left(notes_offsets, o)) for n, o in note_starts]
    footnote_texts = [
        (n, s, starts[i + 1][1] if i + 1 < len(starts) else len(body))
        for i, (n, s) in enumerate(starts)
    ]
    return NormalizedText(
        source=source,
        text=body,
        offsets=body_offsets,
        shape=shape,
        footnotes_start=footnotes_start,
        footnote_marks=footnote_marks,
        footnote_texts=footnote_texts,
    )


def _split_lines(text: str, marks: list[tuple[int, int]], note_starts: list[tuple[int, int]]
                 ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Line pass: drop page furniture and footnote marks, move footnote lines aside."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        lines.append((pos, pos + len(line)))
        pos += len(line)
    furniture = _page_furniture(text, lines)
    main: list[tuple[int, int]] = []
    notes: list[tuple[int, int]] = []
    in_notes = False
    note_open = False
    for s, e in lines:
        line = text[s:e]
        stripped = line.strip()
        if not stripped:
            if not in_notes:
                main.append((s, e))
            continue
        if _FOOTNOTE_RULE.match(line):
            in_notes, note_open = True, False
            continue
        if furniture and stripped in furniture:
            continue
        if _SUPERSCRIPT_FOOTNOTE_LINE.match(line):
            note_starts.append((_superscript_value(stripped), s))
            notes.append((s, e))
            continue
        if in_notes:
            fm = _FOOTNOTE_LINE.match(line)
            if fm and not _PARAGRAPH_START.match(line):
                note_starts.append((int(fm.group(1)), s))
                notes.append((s, e))
                note_open = not stripped.endswith(("。", "."))
                continue
            if note_open and not _NEW_PARAGRAPH.match(line):
                notes.append((s, e))
                note_open = not stripped.endswith(("。", "."))
                continue
            in_notes = False
        if _MARK_ONLY_LINE.match(line):
            # a footnote mark or a page number on a line of its own
            marks.append((int(stripped), s))
            continue
        main.append((s, e))
    return _glued_marks(text, main, marks), notes


# A footnote mark glued to the end of a PDF line ("…执行公约8⏎及其各项议定书", "…的报告；6⏎2. 欢迎"):
# one or two digits after a word or a closing mark, where no number would end a line
_GLUED_MARK = re.compile(rf"(?<=[{_CJK}》”)）;；,，。])(\d{{1,2}})[ \t]*(?:\r?\n)?$")
# … and the next line goes on with words, not with a unit (8⏎个) or digits (a number wrapped
# inside: "资金9⏎3."); after the end of a sentence ("；6⏎2. 欢迎") it may open the next paragraph
_AFTER_GLUED_MARK = re.compile(rf"\s*[{_CJK}《“(]")
_AFTER_GLUED_MARK_AT_SENTENCE_END = re.compile(rf"\s*(?:[{_CJK}《“(]|\d{{1,3}}\s*[.．]\s*[{_CJK}])")
_SENTENCE_ENDS = set(";；。")


def _glued_marks(text: str, main: list[tuple[int, int]], marks: list[tuple[int, int]]
                 ) -> list[tuple[int, int]]:
    following: list[int | None] = [None] * len(main)  # the start of the next line not blank
    nxt = None
    for i in range(len(main) - 1, -1, -1):
        following[i] = nxt
        s, e = main[i]
        if text[s:e].strip():
            nxt = s
    out: list[tuple[int, int]] = []
    for i, (s, e) in enumerate(main):
        # a mark ends the line (before its blanks): a line that does not end in a digit has none
        m = _GLUED_MARK.search(text, s, e) if text[s:e].rstrip(" \t\r\n")[-1:].isdigit() else None
        nxt = following[i]
        after = _AFTER_GLUED_MARK_AT_SENTENCE_END if m and text[m.start() - 1] in _SENTENCE_ENDS else _AFTER_GLUED_MARK
        if (m is None or nxt is None or _numeric_before(text, m.start())
                or not after.match(text, nxt) or text[nxt:nxt + 1].strip() in _UNITS_AFTER):
            out.append((s, e))
            continue
        marks.append((int(m.group(1)), m.start(1)))
        out += [(s, m.start(1)), (m.end(1), e)]
    return out


def _page_furniture(text: str, lines: list[tuple[int, int]]) -> set[str]:
    """Page headers and footers: short Latin/number lines that repeat (no Chinese, no
    punctuation that running text would have), whatever spaces surround them. A line that is
    only the document's own symbol ("A/77/812") is furniture once it is printed twice, the
    masthead counting: a two-page document prints its header once more; a job number alone on
    a line is the foot of a page even printed once (the title page prints it with its "(C)" and
    dates). Any other header printed once or twice stays."""
    stripped_lines = [text[s:e].strip() for s, e in lines]
    counts: Counter[str] = Counter(
        ln for ln in stripped_lines
        if 0 < len(ln) <= 60 and not _CJK_OR_PUNCT.search(ln) and not ln.endswith((";", ",", "/", "-"))
    )
    own = _own_symbols(stripped_lines)
    counts.update(m.group(1) for ln in stripped_lines if (m := _MASTHEAD_SYMBOL.match(ln)))
    return {ln for ln, n in counts.items()
            if (n >= 3 or n == 2 and ln in own or _JOB_NUMBER.fullmatch(ln)) and not _MARK_ONLY_LINE.match(ln)}


def _own_symbols(stripped_lines: list[str]) -> set[str]:
    """The document's own symbol, printed in its masthead ("联合国  A/77/812" or a line of its own
    among the first lines): another symbol that a narrow line leaves alone is running text."""
    head = [ln for ln in stripped_lines if ln][:MASTHEAD_LINES]
    return {m.group(1) if m.re is _MASTHEAD_SYMBOL else m.group() for ln in head
            if (m := _MASTHEAD_SYMBOL.match(ln) or _SYMBOL_ONLY.fullmatch(ln))}


def _superscript_value(text: str) -> int:
    digits = "".join(str(_SUPERSCRIPTS.index(c)) for c in text if c in _SUPERSCRIPTS)
    return int(digits) if digits else 0


def _gather(text: str, ranges: list[tuple[int, int]]) -> tuple[str, array]:
    offsets = array("i")
    positions = _positions(max((e for _, e in ranges), default=0))
    for s, e in ranges:
        offsets.extend(positions[s:e])  # copied as memory, no int made per character
    return "".join(text[s:e] for s, e in ranges), offsets


_POSITIONS = array("i")
_POSITIONS_KEPT = 8_000_000  # 0, 1, 2 … kept for texts up to this long (32 MB)


def _positions(n: int) -> array:
    """The array 0, 1, …, n - 1 (a prefix of one kept from text to text)."""
    global _POSITIONS
    if n > _POSITIONS_KEPT:
        return array("i", range(n))
    if len(_POSITIONS) < n:
        _POSITIONS = array("i", range(min(max(n, 2 * len(_POSITIONS)), _POSITIONS_KEPT)))
    return _POSITIONS


def _clean(text: str, offsets: array, shape: str, marks: list[tuple[int, int]]
           ) -> tuple[str, array]:
    """Character-level deletions on already gathered text; footnote marks go to ``marks``."""
    deletions: list[tuple[int, int]] = []
    for m in _LINK.finditer(text):
        deletions.append((m.start(), m.start(1)))
        deletions.append((m.end(1), m.end()))
    for m in _SUPERSCRIPT_RUN.finditer(text):
        deletions.append((m.start(), m.end()))
        marks.append((_superscript_value(m.group()), offsets[m.start()]))
    if shape == "segmented":
        for m in _STRAY_MARK.finditer(text):
            group = 1 if m.group(1) else 2
            before = text[m.start() - 1] if m.start() else ""
            after = text[m.end() : m.end() + 1]
            if before not in _NUMERIC_CONTEXT_BEFORE and after not in _UNITS_AFTER:
                deletions.append((m.start(group), m.end(group)))
                marks.append((int(m.group(group)), offsets[m.start(group)]))
    deletions.sort()
    text, offsets = _apply(text, offsets, deletions)
    # whitespace, decided by the characters on each side: most runs touch a CJK character
    # and go; only runs between two Latin/digit characters are looked at one by one, and
    # keep their first character
    keep = []
    for m in _WS_BETWEEN_LATIN.finditer(text):
        s, e = m.span()
        # a year after a number ("议程项目 12⏎2023年…") starts a new one, also across a PDF
        # line break, where digits on both sides are otherwise a number that wrapped
        if _keep_one_space(text[s - 1], text[e], "\n" in m.group(), shape) or (
            shape != "clean" and text[s - 1].isdigit() and _YEAR_AFTER.match(text, e)
        ):
            keep.append(s)
    text, offsets = _drop_whitespace(text, offsets, keep)
    for ch in _BLANKS:
        if ch in text:
            text = text.replace(ch, " ")
    return text, offsets


def _whitespace_mask(text: str, keep: list[int]) -> bytearray:
    """One byte per character: 0 for white space to drop, 1 for a character to keep. Built
    with byte-level translations (no Python step per character)."""
    mask = bytearray(text.encode("latin-1", "replace").translate(_WS_BYTES))
    for m in _WS_BEYOND_LATIN1.finditer(text):
        mask[m.start()] = 0
    for s in keep:
        mask[s] = 1
    return mask


def _drop_whitespace(text: str, offsets: array, keep: list[int]) -> tuple[str, array]:
    """Every white space character goes but the first of each run in ``keep``."""
    if not text:
        return text, offsets
    pieces, pos = [], 0
    for s in keep:  # str.split() drops what \s matches (str.isspace)
        pieces.append("".join(text[pos:s].split()))
        pieces.append(text[s])
        pos = s + 1
    pieces.append("".join(text[pos:].split()))
    return "".join(pieces), _kept(offsets, _whitespace_mask(text, keep))


_DROPPED_RUN = re.compile(rb"\x00+")


def _kept(offsets: array, mask: bytearray) -> array:
    """The offsets whose mask byte is 1: copied slice by slice between the dropped runs when
    they are few (clean and PDF text), picked one by one when they are many (segmented text)."""
    dropped = mask.count(0)
    if dropped * 8 > len(mask):
        return array("i", compress(offsets, mask))
    kept, pos = array("i"), 0
    for run in _DROPPED_RUN.finditer(mask):
        kept.extend(offsets[pos:run.start()])
        pos = run.end()
    kept.extend(offsets[pos:])
    return kept


def _keep_one_space(a: str, b: str, crosses_line: bool, shape: str) -> bool:
    """Keep one space only between two words (or numbers) written in Latin script."""
    if not a or not b:
        return False
    if _CJK_OR_PUNCT.match(a) or _CJK_OR_PUNCT.match(b):
        return False
    if a.isdigit() and b.isdigit():
        return not (shape == "segmented" or (shape == "wrapped" and crosses_line))
    if a.isalpha() and b.isalpha() and (a > "\x7f" or b > "\x7f") and a.islower() == b.islower():
        # an accented letter split off its word ("Mar í a", "Germá⏎n"); a new word in a name
        # starts with a capital ("José Luis"), so a change of case keeps the space
        return False
    if shape == "segmented":
        return (a.isalpha() or a == ".") and b.isalpha()
    if a == ")" and b == "(":
        return False  # "…第17条) (a)…": no word boundary to keep, as in segmented text
    return (a.isalnum() or a in ".)") and (b.isalnum() or b == "(")


def _apply(text: str, offsets: array, deletions: list[tuple[int, int]]) -> tuple[str, array]:
    if not deletions:
        return text, offsets
    pieces: list[str] = []
    new_offsets = array("i")
    pos = 0
    for s, e in deletions:
        if s < pos:
            s = pos
        if e <= s:
            continue
        pieces.append(text[pos:s])
        new_offsets.extend(offsets[pos:s])
        pos = e
    pieces.append(text[pos:])
    new_offsets.extend(offsets[pos:])
    return "".join(pieces), new_offsets
