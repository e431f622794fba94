"""extract.symbols: UN document symbols, one fact per document named.

A symbol is a series prefix in capitals (A, E, S, ST, CTOC, CAC, UNODC, …) followed by at
least two /-separated components ending in a number: CTOC/COP/2010/L.7/Rev.1, A/RES/55/25,
E/CN.15/2023/L.3, E/2023/30, A/CONF.192/15, CTOC/COP/WG.3/2021/3, A/64/6(Sect.16).

A misprinted symbol is read as the symbol it means, by two rules about how symbols are made
(never a list of known misprints); the fact keeps the printed form (``misprint``, emitted as a
``skos:hiddenLabel``, the SKOS label for misspellings) and the document gets a warning:
- an unknown series one slip away from a known one of ``kg/data/symbol_series.tsv`` (a letter
  typed wrong, two neighbours swapped), followed by a component that series uses:
  ``CTOP/COP/2010/11`` -> ``CTOC/COP/2010/11``, ``UNDOC/CCPCJ/…`` -> ``UNODC/CCPCJ/…`` (series of
  three or more letters only: one letter off ``A`` or ``ST`` is another series);
- a component with letters printed twice in a row: ``CTOC/COP/COP/2006/L.6/Rev.1`` ->
  ``CTOC/COP/2006/L.6/Rev.1`` (numbers may repeat: A/70/70 is a real symbol).

Several documents in one expression:
- ``CTOC/COP/2006/4和Corr.1`` -> …/4 and …/4/Corr.1; ``CTOC/COP/2006/L.1和Add.1-3`` -> L.1,
  L.1/Add.1, L.1/Add.2, L.1/Add.3 (also 及, 、 and ``/Add.1-3`` written on the symbol);
- a joint document, one document issued under two symbols (``A/78/95-E/2023/80``,
  ``CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4``), is one document: one symbol, the joint one.

What belongs to a symbol besides its components: a series with a number (``GEGN.2/2023/91/CRP.91``),
a component with a letter after its point (``ST/CS/SER.A/29/Rev.1``), a part, volume or section
in brackets (``A/73/12 (Part I)``, ``A/64/6(Sect.16)``), and the year of a Security Council
resolution (``S/RES/2752 (2024)``, the symbol the Council prints; ``S/RES/2752`` when no year is).
In the lists of documents annexed to reports the agenda item follows the symbol with no
separator (``CTOC/COP/2010/52(b)秘书处的报告``, ``CTOC/COP/2010/134和7``): a last number of two
or more digits directly followed by ``(b)``, ``和7`` or ``-6`` and then by Chinese text loses its
last digit (the agenda item), kept as ``agenda_item``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from ..facts import SymbolMention
from ..lexicon import symbol_series
from ..models import Document

_COMP = r"""(?x:
    (?:Add|Corr|Rev|Amend)\.\d+(?:-\d+)?     # revisions and addenda (ranges expanded)
  | [A-Z][A-Za-z]{0,9}(?:\.(?:\d+|[A-Z]{1,2}(?![A-Za-z])))?   # COP, RES, L.7, CRP.4, WG.3, CN.15, SER.A
  | \d+(?:\.\d+)?                          # 2010, 55, 25
)"""
SYMBOL = re.compile(rf"""
    (?P<sym>[A-Z]                           # (a capital first: a fast scan for capitals)
        (?<![A-Za-z0-9./].)                 # not inside a longer symbol or a number
        [A-Z]{{0,7}}(?:\.\d+)?              # the series: A, E, S, ST, CTOC, UNODC, GEGN.2 …
        (?:/{_COMP}){{2,}}                   # at least two components
        (?:\s?\((?:Sect|Part|Vol)\.?\s?[0-9IVX]+\))?)   # A/64/6(Sect.16), A/73/12 (Part I)
""", re.X)
# the year a Security Council resolution's symbol carries: S/RES/2752 (2024)
_SC_YEAR = re.compile(r"\s?\((?P<year>(?:19|20)\d\d)\)")
_SC_RESOLUTION = re.compile(r"S/RES/\d+")
# a joint symbol: "-" and the document's other symbol
_JOINT = re.compile(r"-(?=[A-Z]{1,8}(?:\.\d+)?/)")
_SPACES = re.compile(r"\s+")
# 和Corr.1, 及Add.1-3, 、Add.2 right after a symbol
_TAIL = re.compile(r"(?:和|及|、|,|与)(?P<kind>Add|Corr|Rev|Amend)\.(?P<a>\d+)(?:-(?P<b>\d+))?")
# agenda item glued to the symbol in a document table, then the title in Chinese
_AGENDA = re.compile(r"""
    (?:\([a-z]\)                          # "(b)"
      | [-和]\d{1,2}(?:\([a-z]\))?)         # or "和7", "-6(a)"
    (?:[-和、]\d{1,2}(?:\([a-z]\))?)*       # more items: "和7、8"
    (?=[\u3400-\u9fff《“])                  # then the document's title
""", re.X)
_RANGE = re.compile(r"^(?P<head>.*/)?(?P<kind>Add|Corr|Rev|Amend)\.(?P<a>\d+)-(?P<b>\d+)$")
MAX_RANGE = 40  # "Add.1-3": ranges longer than this are misreadings
_DIGIT = re.compile(r"\d")
_TWO_DIGITS_AT_END = re.compile(r"\d{2}$")
_LETTER = re.compile(r"[A-Za-z]")
MIN_CORRECTED_SERIES = 3  # series shorter than this are never corrected (A, S, ST, TD, DP …)


def extract(doc: Document) -> list[SymbolMention]:
    text = doc.normalized.text
    out: list[SymbolMention] = []
    for sym, start, end in printed_symbols(text):
        agenda_item = None
        agenda = _AGENDA.match(text, end) if _TWO_DIGITS_AT_END.search(sym) else None
        if agenda:
            sym, end = sym[:-1], end - 1
            agenda_item = text[end:agenda.end()]
        surface = text[start:end]
        meant, why = _corrected_joint(sym)
        if why:
            doc.warnings.append(f"{doc.source.path}: symbol {sym} read as {meant} ({why})")
        found = [SymbolMention(s, start, end, surface, agenda_item) for s in _expand_range(meant)]
        found += _tails(text, meant, start, end)
        if why:  # each document named keeps its own printed form
            printed = _expand_range(sym) + [t.key for t in _tails(text, sym, start, end)]
            found = [replace(f, misprint=p) for f, p in zip(found, printed)]
        out += found
    return out


def printed_symbols(text: str) -> Iterator[tuple[str, int, int]]:
    """(symbol, start, end) of each symbol printed: a joint symbol whole, a Security Council
    resolution with its year, spaces inside a symbol read as one."""
    pos = 0
    while m := SYMBOL.search(text, pos):
        start, end = m.start("sym"), m.end("sym")
        pos = end
        if not _DIGIT.search(m.group("sym").rsplit("/", 1)[-1]):
            continue
        while (j := _JOINT.match(text, end)) and (other := SYMBOL.match(text, j.end())):
            end = pos = other.end("sym")
        sym = _SPACES.sub(" ", text[start:end])
        if _SC_RESOLUTION.fullmatch(sym) and (year := _SC_YEAR.match(text, end)):
            sym, end = f"{sym} ({year.group('year')})", year.end()  # the Council's form, one space
            pos = end
        yield sym, start, end


def _corrected_joint(sym: str) -> tuple[str, str]:
    """``corrected`` for each symbol of a joint one."""
    read = [corrected(part) for part in _JOINT.split(sym)]
    return "-".join(m for m, _ in read), "; ".join(w for _, w in read if w)


def corrected(sym: str) -> tuple[str, str]:
    """The symbol a printed one means and why it differs ("" when it is as printed)."""
    parts = sym.split("/")
    why = []
    doubled = [i for i in range(1, len(parts)) if parts[i] == parts[i - 1] and _LETTER.search(parts[i])]
    if doubled:
        why.append(f"{parts[doubled[0]]} printed twice")
        parts = [p for i, p in enumerate(parts) if i not in doubled]
    series = _series_meant(parts[0], parts[1].split(".")[0] if len(parts) > 1 else "")
    if series:
        why.append(f"unknown series {parts[0]}, a misprint of {series}")
        parts[0] = series
    return "/".join(parts), "; ".join(why)


def _series_meant(series: str, following: str) -> str | None:
    """The known series an unknown one is a misprint of: one letter off, same length, and
    followed by a component that series uses; None when the series is known or no one fits."""
    known = symbol_series()
    if series in known or len(series) < MIN_CORRECTED_SERIES:
        return None
    near = [k for k, nexts in known.items()
            if _one_slip(series, k) and (not nexts or following in nexts)]
    return near[0] if len(near) == 1 else None


def _one_slip(a: str, b: str) -> bool:
    """One letter typed wrong (CTOP for CTOC) or two neighbours swapped (UNDOC for UNODC)."""
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                              and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])


def _tails(text: str, sym: str, start: int, end: int) -> list[SymbolMention]:
    """和Corr.1 / 和Add.1-3 after the symbol: the documents they name."""
    out = []
    pos = end
    while t := _TAIL.match(text, pos):
        head = sym
        parts = head.rsplit("/", 1)
        if parts[-1].split(".")[0] == t.group("kind") and len(parts) == 2:
            head = parts[0]
        a = int(t.group("a"))
        b = int(t.group("b") or a)
        if not a <= b <= a + MAX_RANGE:
            b = a
        whole = text[start:t.end()]
        out += [SymbolMention(f"{head}/{t.group('kind')}.{n}", start, t.end(), whole, expanded_from=whole)
                for n in range(a, b + 1)]
        pos = t.end()
    return out


def _expand_range(sym: str) -> list[str]:
    """'X/L.1/Add.1-3' -> X/L.1/Add.1, X/L.1/Add.2, X/L.1/Add.3."""
    m = _RANGE.match(sym)
    if not m:
        return [sym]
    a, b = int(m.group("a")), int(m.group("b"))
    if not a <= b <= a + MAX_RANGE:
        return [sym]
    head = m.group("head") or ""
    return [f"{head}{m.group('kind')}.{n}" for n in range(a, b + 1)]
