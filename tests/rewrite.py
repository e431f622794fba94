"""Rewrite a real report into another text shape without changing its words.

Real reports reach kg in three shapes (see ``kg.normalize``): word-segmented, PDF text
hard-wrapped with page furniture and footnote blocks, and clean text with superscript
footnote marks. The functions here take the text of any real report, read it once through
``kg.normalize.normalize`` (the common starting point: running text without line breaks,
footnote marks with their positions, footnote texts) and rebuild it in another shape, so a
test can check that kg reads the same things from every shape.

Everything here is deterministic. Only the layout changes: line breaks, spaces, page
furniture, where footnote marks and texts are printed, and (optionally) full-width
punctuation, which kg maps back to ASCII anyway.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from kg.models import SourceText
from kg.normalize import normalize

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
FOOTNOTE_RULE = "______________"
PAGE_SYMBOL = "CTOC/COP/2099/1"
WIDTH = 38
LINES_PER_PAGE = 45

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_CJK_RE = re.compile(rf"[{_CJK}]")
# where a report starts a new paragraph: after a sentence end, before a paragraph marker
_PARAGRAPH_BREAK = re.compile(
    r"(?<=[。;:；：])(?=\d{1,3}\.(?!\d)|\([a-z]{1,3}\)|第\d{1,4}/\d{1,4}号(?:决议|决定)"
    r"|[一二三四五六七八九十]+\.|附件)"
)
# a document symbol such as CTOC/COP/2010/CRP.4 or A/64/1
_SYMBOL = re.compile(r"(?<![A-Za-z0-9/.])[A-Z]{1,8}(?:/[A-Za-z0-9.\-]+){2,6}")
_ASCII_RUN = re.compile(r"[A-Za-z0-9/.\-]+")
# characters on which a line break is ambiguous (a PDF break there may or may not be a space)
_LATIN_LEFT = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.)")
_LATIN_RIGHT = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789(")
# a number just after these is a count, not a footnote mark; before these, a quantity
_NUMERIC_BEFORE = set("第约共至和、及或到近逾有余达前后")
_UNITS_AFTER = set("年月日号条款段项次届个名人国种类份卷章节页%倍岁周")
_MARK_LIKE = re.compile(r"\d{1,3}")
_FULLWIDTH_OF = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}


@dataclass
class Parsed:
    """A report read into shape-free parts (positions are in ``body``)."""

    body: str  # running text, no line breaks, footnote marks removed
    marks: list[tuple[int, int]]  # (footnote number, position in body), by position
    notes: list[tuple[int, str]]  # (footnote number, footnote text without its number)
    # note index -> index in marks of the mark that carries it (None: no mark found)
    note_mark: list[int | None] = field(default_factory=list)

    def paragraphs(self) -> list[tuple[int, int]]:
        cuts = [0] + [m.start() for m in _PARAGRAPH_BREAK.finditer(self.body)] + [len(self.body)]
        return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]

    def notes_by_mark(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i, m in enumerate(self.note_mark):
            if m is not None:
                out.setdefault(m, []).append(i)
        return out

    def orphan_notes(self) -> list[int]:
        return [i for i, m in enumerate(self.note_mark) if m is None]


def parse(text: str) -> Parsed:
    nt = normalize(SourceText("rewrite-input.txt", "rewrite-input.txt", text, "utf-8", ""))
    fs = nt.footnotes_start
    body_end = fs - 1 if len(nt.text) > fs else fs  # a synthetic "\n" precedes the notes
    body = nt.text[:body_end]
    marks = sorted(((n, min(p, len(body))) for n, p in nt.footnote_marks), key=lambda m: (m[1], m[0]))
    notes = []
    for n, s, e in nt.footnote_texts:
        note = nt.text[s:e].strip()
        note = re.sub(rf"^{n}(?!\d)\s*", "", note)  # PDF footnote lines keep their number
        notes.append((n, note))
    # each footnote text goes with the first unused mark of its number
    used: set[int] = set()
    note_mark: list[int | None] = []
    for n, _ in notes:
        found = None
        for i, (mn, _) in enumerate(marks):
            if mn == n and i not in used:
                found = i
                break
        if found is not None:
            used.add(found)
        note_mark.append(found)
    return Parsed(body, marks, notes, note_mark)


# ---------------------------------------------------------------- punctuation, encodings

def to_fullwidth(text: str) -> str:
    """ASCII , ; : ( ) next to a Chinese character become full-width, as in real files."""
    out = []
    n = len(text)
    for i, ch in enumerate(text):
        fw = _FULLWIDTH_OF.get(ch)
        if fw:
            a = text[i - 1] if i else ""
            b = text[i + 1] if i + 1 < n else ""
            if (a and _CJK_RE.match(a)) or (b and _CJK_RE.match(b)):
                ch = fw
        out.append(ch)
    return "".join(out)


def to_encoding(text: str, enc: str) -> bytes:
    """Bytes of ``text`` in one of: 'gb18030', 'utf-16' (with BOM), 'utf-8-sig', 'crlf'
    (UTF-8 with CRLF line ends), 'utf-8'."""
    if enc == "gb18030":
        return text.encode("gb18030")
    if enc == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if enc == "utf-16-be":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    if enc == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if enc == "crlf":
        return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
    if enc == "utf-8":
        return text.encode("utf-8")
    raise ValueError(f"unknown encoding {enc!r}")


def superscript(n: int) -> str:
    return "".join(SUPERSCRIPT_DIGITS[int(d)] for d in str(n))


# ---------------------------------------------------------------- clean

def to_clean(text: str, fullwidth: bool = False) -> str:
    """One paragraph per line, blank lines between; superscript footnote marks; each footnote
    text on a line of its own starting with its superscript number, after its paragraph."""
    p = parse(text)
    by_mark = p.notes_by_mark()
    out: list[str] = []
    mi = 0
    for a, b in p.paragraphs():
        pieces: list[str] = []
        pos = a
        para_notes: list[int] = []
        last_at = None
        while mi < len(p.marks) and _mark_in(p.marks[mi][1], a, b, len(p.body)):
            n, at = p.marks[mi]
            at = max(at, a)
            pieces.append(p.body[pos:at])
            # two marks on one spot would read as one number ("¹²"): print the first only
            if at != last_at:
                pieces.append(superscript(n))
            last_at = pos = at
            para_notes.extend(by_mark.get(mi, []))
            mi += 1
        pieces.append(p.body[pos:b])
        line = "".join(pieces)
        out.append(to_fullwidth(line) if fullwidth else line)
        for i in para_notes:
            n, note = p.notes[i]
            out.append(superscript(n) + " " + (to_fullwidth(note) if fullwidth else note))
    for i in p.orphan_notes():
        n, note = p.notes[i]
        out.append(superscript(n) + " " + (to_fullwidth(note) if fullwidth else note))
    return "\n\n".join(out) + "\n"


def _mark_in(at: int, a: int, b: int, end: int) -> bool:
    """Does a mark at ``at`` belong to the paragraph [a, b)? A mark's position is that of
    the character after it, so a mark at a paragraph's start closes the one before."""
    return at <= b


# ---------------------------------------------------------------- wrapped (PDF text)

def _can_break(s: str, i: int) -> bool:
    """May a line break go between s[i-1] and s[i]? Not next to a space and not between two
    Latin characters (there a PDF break is read as a space), except between two digits."""
    if i <= 0 or i >= len(s):
        return True
    a, b = s[i - 1], s[i]
    if a == " " or b == " ":
        return False
    if a.isdigit() and b.isdigit():
        return True
    return not (a in _LATIN_LEFT and b in _LATIN_RIGHT)


def _wrap(s: str, width: int = WIDTH, min_last: int = 6) -> list[str]:
    """Cut ``s`` into lines of about ``width`` characters, anywhere a break is unambiguous."""
    lines = []
    pos = 0
    while len(s) - pos > width:
        cut = pos + width
        while cut > pos + 1 and not _can_break(s, cut):
            cut -= 1
        if cut <= pos + 1:  # a long Latin run: go forward instead
            cut = pos + width
            while cut < len(s) and not _can_break(s, cut):
                cut += 1
        if len(s) - cut < min_last and _can_break(s, len(s)):
            # do not leave a stub (a lone "12" line would read as a footnote mark)
            back = len(s) - min_last
            while back > pos + 1 and not _can_break(s, back):
                back -= 1
            if back > pos + 1:
                cut = min(cut, back)
        # a line of 1-3 digits alone reads as a footnote mark or page number: lengthen it
        while cut < len(s) and (_MARK_LIKE.fullmatch(s[pos:cut].strip()) or not _can_break(s, cut)):
            cut += 1
        lines.append(s[pos:cut])
        pos = cut
    if lines and _MARK_LIKE.fullmatch(s[pos:].strip()):
        lines[-1] += s[pos:]
    elif pos < len(s) or not lines:
        lines.append(s[pos:])
    return lines


def _wrap_note(n: int, note: str, width: int = WIDTH) -> list[str]:
    """A footnote as PDF text: ' N text', wrapped; a continuation line must not end the
    note early (。 or .) nor look like the start of a paragraph or another footnote."""
    first = f" {n} "
    return _wrap(first + note, width)


def to_wrapped(text: str, fullwidth: bool = True, width: int = WIDTH,
               lines_per_page: int = LINES_PER_PAGE, symbol: str = PAGE_SYMBOL) -> str:
    """PDF text: paragraphs hard-wrapped at 38 characters, footnote marks on lines of their
    own, footnote texts in a ``______________`` block at the bottom of their page, and a page
    footer (page number, blank line, report symbol) every ~45 lines."""
    p = parse(text)
    fw = to_fullwidth if fullwidth else (lambda s: s)
    by_mark = p.notes_by_mark()
    out: list[str] = []
    page_lines = 0
    page_no = 2
    pending: list[int] = []  # notes whose marks are on this page

    def emit(line: str) -> None:
        nonlocal page_lines, page_no, pending
        out.append(line)
        if line.strip():
            page_lines += 1
        if page_lines >= lines_per_page:
            if pending:
                out.append("")
                out.append(FOOTNOTE_RULE + " ")
                for i, j in enumerate(pending):
                    n, note = p.notes[j]
                    if i:
                        out.append("")
                    out.extend(line_ + " " for line_ in _wrap_note(n, fw(note), width))
            out.extend(["", "", f" {page_no} ", " ", "", f" {symbol}", ""])
            page_no += 1
            page_lines = 0
            pending = []

    mi = 0
    for a, b in p.paragraphs():
        # split the paragraph at its footnote marks
        chunks: list[tuple[str, int | None]] = []
        pos = a
        while mi < len(p.marks) and _mark_in(p.marks[mi][1], a, b, len(p.body)):
            at = max(p.marks[mi][1], a)
            chunks.append((p.body[pos:at], mi))
            pos = at
            mi += 1
        chunks.append((p.body[pos:b], None))
        first = True
        for chunk, mark in chunks:
            if chunk:
                for k, line in enumerate(_wrap(fw(chunk), width)):
                    emit((" " if first and k == 0 else "") + line + " ")
                first = False
            if mark is not None:
                emit(str(p.marks[mark][0]))
                pending.extend(by_mark.get(mark, []))
        emit(" ")
    pending.extend(p.orphan_notes())
    if pending:
        out.append("")
        out.append(FOOTNOTE_RULE + " ")
        for i, j in enumerate(pending):
            n, note = p.notes[j]
            if i:
                out.append("")
            out.extend(line_ + " " for line_ in _wrap_note(n, fw(note), width))
    out.extend(["", "", f" {page_no} ", " ", "", f" {symbol}", ""])
    return "\n".join(out)


# ---------------------------------------------------------------- segmented

def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _split_symbol(sym: str) -> str:
    """CTOC/COP/2010/CRP.4 -> CTOC/COP/201 0/ CRP.4, as the real segmented file prints some."""
    m = re.search(r"\d(\d)(?=/|$)", sym)
    if m:
        sym = sym[: m.start(1)] + " " + sym[m.start(1):]
    i = sym.rfind("/")
    if 0 < i < len(sym) - 1:
        sym = sym[: i + 1] + " " + sym[i + 1:]
    return sym


def _mark_readable(body: str, pos: int) -> bool:
    """Would a reader of segmented text see a stray number here as a footnote mark?"""
    a = body[pos - 1] if pos > 0 else ""
    b = body[pos] if pos < len(body) else ""
    if not a or not b:
        return False
    if a in _NUMERIC_BEFORE or b in _UNITS_AFTER:
        return False
    return (bool(_CJK_RE.match(a)) or a in "》”)") and (bool(_CJK_RE.match(b)) or b in "《“")


def to_segmented(text: str, fullwidth: bool = True, split_every: int = 3) -> str:
    """Word-segmented text: one line, spaces between jieba words (and inside every
    ``split_every``-th document symbol), footnote marks kept as stray numbers " 4 " where they
    can be read as marks, footnote texts dropped (the real segmented file has none)."""
    jieba = _jieba()
    p = parse(text)
    body = fw_body = to_fullwidth(p.body) if fullwidth else p.body
    assert len(fw_body) == len(p.body)
    mark_at: dict[int, list[int]] = {}
    for n, pos in p.marks:
        if _mark_readable(p.body, pos):
            mark_at.setdefault(pos, []).append(n)
    # cut the body at marks and at Latin/number runs, so those stay whole tokens
    cuts = sorted(set(mark_at) | {0, len(body)})
    tokens: list[str] = []
    symbol_count = 0
    for s, e in zip(cuts, cuts[1:]):
        if s in mark_at:
            tokens.extend(str(n) for n in mark_at[s][:1])
        piece = body[s:e]
        pos = 0
        for m in _ASCII_RUN.finditer(piece):
            tokens.extend(jieba.lcut(piece[pos:m.start()]) if m.start() > pos else [])
            run = m.group()
            if _SYMBOL.fullmatch(run):
                symbol_count += 1
                if symbol_count % split_every == 0:
                    run = _split_symbol(run)
            tokens.append(run)
            pos = m.end()
        if pos < len(piece):
            tokens.extend(jieba.lcut(piece[pos:]))
    if len(body) in mark_at:
        tokens.append(str(mark_at[len(body)][0]))
    words = [t.strip() for t in tokens if t.strip()]
    return " ".join(words) + "\n"


SHAPES = {
    "segmented": to_segmented,
    "wrapped": to_wrapped,
    "clean": to_clean,
}


# ---------------------------------------------------------------- PDF pages of a clean document

_FOOTNOTE_LINE = re.compile(rf"^([{SUPERSCRIPT_DIGITS}]+)\s+(.*)$")
_SUPERSCRIPT_RUN = re.compile(rf"[{SUPERSCRIPT_DIGITS}]+")
_COLUMN_GAP = re.compile(r"\s{3,}")  # a title block printed in two columns


def _plain_number(superscripts: str) -> int:
    return int("".join(str(SUPERSCRIPT_DIGITS.index(c)) for c in superscripts))


def to_pdf_pages(text: str, symbol: str, job: str | None = None, fullwidth: bool = True,
                 width: int = WIDTH, lines_per_page: int = LINES_PER_PAGE) -> str:
    """PDF text of a document in the clean shape, keeping its lines (headers, title blocks,
    meeting lines) instead of re-flowing it through ``kg.normalize`` as ``to_wrapped`` does.

    Each line is hard-wrapped at ``width`` characters (inside words and numbers where a PDF
    break is unambiguous); the two columns of a title block come out as separate lines; a
    superscript footnote mark becomes a plain number on a line of its own and its footnote
    text goes to the foot of the page under a ``______________`` rule. Page furniture: with
    ``job`` (a UN job number such as ``24-13986``) as on issued documents — the first page ends
    with the job line and the bar-code text, later pages start with ``symbol`` and end with
    ``page/total`` next to the job number; without ``job`` as in the seed report 004 — the page
    number and ``symbol`` at the foot of every page."""
    fw = to_fullwidth if fullwidth else (lambda s: s)
    notes: dict[int, str] = {}
    lines: list[str] = []
    for line in text.splitlines():
        note = _FOOTNOTE_LINE.match(line)
        if note:
            notes[_plain_number(note.group(1))] = note.group(2)
        elif _COLUMN_GAP.search(line.strip()):
            lines.extend(part for part in _COLUMN_GAP.split(line.strip()) if part)
        else:
            lines.append(line.strip())

    pages: list[tuple[list[str], list[int]]] = [([], [])]  # (content lines, footnotes)
    filled = 0

    def emit(line: str, note: int | None = None) -> None:
        nonlocal filled
        content, page_notes = pages[-1]
        content.append(line)
        if note is not None:
            page_notes.append(note)
        if line.strip():
            filled += 1
        if filled >= lines_per_page:
            pages.append(([], []))
            filled = 0

    for line in lines:
        if not line:
            emit(" ")
            continue
        first = True
        pos = 0
        chunks: list[tuple[str, int | None]] = []
        for mark in _SUPERSCRIPT_RUN.finditer(line):
            chunks.append((line[pos:mark.start()], _plain_number(mark.group())))
            pos = mark.end()
        chunks.append((line[pos:], None))
        for chunk, note in chunks:
            if chunk:
                for k, part in enumerate(_wrap(fw(chunk), width)):
                    emit((" " if first and k == 0 else "") + part + " ")
                first = False
            if note is not None:
                emit(str(note), note)
    if len(pages) > 1 and not any(s.strip() for s in pages[-1][0]) and not pages[-1][1]:
        pages.pop()

    total = len(pages)
    out: list[str] = []
    for number, (content, page_notes) in enumerate(pages, start=1):
        if job and number > 1:
            out.extend([f"{symbol} ", ""])
        out.extend(content)
        if page_notes:
            out.extend(["", FOOTNOTE_RULE + " "])
            for i, n in enumerate(page_notes):
                if i:
                    out.append("")
                out.extend(part + " " for part in _wrap_note(n, fw(notes[n]), width))
        if not job:
            out.extend(["", "", f" {number} ", " ", "", f" {symbol}", ""])
        elif number == 1:
            out.extend(["", f"{job} (C)", f"*{job.replace('-', '')}*", ""])
        elif number % 2 == 0:
            out.extend(["", f"{number}/{total} {job}", ""])
        else:
            out.extend(["", f"{job} {number}/{total}", ""])
    return "\n".join(out)
