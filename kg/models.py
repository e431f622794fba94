"""Plain data passed between the pipeline stages: the text and the structure of a document.

The facts read from it (act mentions, citations, States, bodies, …) are ``kg/facts.py``
dataclasses, held by ``Document.facts``.

Offsets: every ``start``/``end`` in these models is a position in the *normalized* text of
its document; ``Document.source_span`` maps it back to code-point offsets in the original,
decoded file (BOM removed, line ends untouched), which is what the RDF and CSV outputs show.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field

from .facts import ActMention, Citation, Facts

_NEWLINE = re.compile(r"\n")


@dataclass
class SourceText:
    """A file decoded to text, exactly as written (no newline translation)."""

    path: str
    name: str
    text: str
    encoding: str
    sha256: str


@dataclass
class NormalizedText:
    """Cleaned text plus, for every character, its offset in ``source.text``."""

    source: SourceText
    text: str
    offsets: array  # offsets[i] = original index of text[i]; len(text) entries
    shape: str  # "segmented" | "wrapped" | "clean"
    footnotes_start: int  # footnote text moved out of the running text starts here
    # (footnote number, position of its mark in the running text)
    footnote_marks: list[tuple[int, int]] = field(default_factory=list)
    # (footnote number, start, end) of each footnote text, after footnotes_start
    footnote_texts: list[tuple[int, int, int]] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)

    def line_starts(self, start: int = 0, end: int | None = None) -> list[int]:
        """Normalized positions in [start, end) of the running text whose character begins a
        line of the source file (normalization joins lines; a paragraph per line still shows
        here). Footnotes are not looked at."""
        if self._line_starts is None:
            body = self.offsets[: self.footnotes_start]  # increasing: only deletions before
            starts = []
            for m in _NEWLINE.finditer(self.source.text):
                i = bisect_left(body, m.end())
                if 0 < i < len(body) and (not starts or starts[-1] != i):
                    starts.append(i)
            self._line_starts = starts
        end = self.footnotes_start if end is None else end
        return self._line_starts[bisect_left(self._line_starts, start):bisect_left(self._line_starts, end)]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering normalized [start, end)."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.source.text)
            return pos, pos
        piece = self.offsets[start:end]
        return min(piece), max(piece) + 1


@dataclass(frozen=True)
class ActKey:
    """Identity of an act: the body that adopted it, its kind and its number.

    An act whose number is not printed (an ECOSOC resolution as issued before its number is
    given, a fragment) is identified by body, kind, adoption date and title instead — never by a
    guessed number; one with neither date nor title by the document that carries it. A draft
    that one body recommends to another is the other body's act, identified by the recommending
    act (``recommended_by``) and its title."""

    body: str  # canonical body code, e.g. "UNTOC-COP", "GA"; "" when the text does not say
    kind: str  # "resolution" | "decision"
    number: str  # "5/1", "64/179", "2006/27", "2133 (2014)"; "" when not printed
    date: str | None = None  # unnumbered acts: the adoption date
    title: str | None = None  # unnumbered acts: the title
    recommended_by: ActKey | None = None  # a draft: the act that recommends it
    document: str | None = None  # unnumbered, undated, untitled: the carrying file's hash
    draft: bool = False  # a draft put forward (…提出的决议草案, a commission's 决议草案一), not yet adopted

    @property
    def notation(self) -> str:
        body = self.body or "(body not printed)"
        if self.number:
            return f"{body} {self.kind} {self.number}"
        title = f" “{self.title}”" if self.title else ""
        if self.recommended_by is not None:
            return f"{body} draft {self.kind}{title} (recommended by {self.recommended_by.body})"
        if self.draft:  # a commission's draft is dated by the day it recommended it
            dated = f" of {self.date}" if self.date else ""
            return f"{body} draft {self.kind}{dated}{title or f' (untitled, document {self.document})'}"
        if title:
            return f"{body} {self.kind}{f' of {self.date}' if self.date else ''}{title}"
        return (f"{body} {self.kind}{f' of {self.date}' if self.date else ''} "
                f"(untitled, document {self.document or '?'})")


@dataclass(frozen=True)
class Session:
    body: str
    ordinal: int | None
    start_date: str | None
    end_date: str | None
    place_zh: str | None
    symbol: str | None
    start: int = 0
    end: int = 0

    @property
    def notation(self) -> str:
        return f"{self.body} session {self.ordinal}"


@dataclass(frozen=True)
class Paragraph:
    kind: str  # "preambular" | "operative" | "annex"
    label: str  # "1", "(a)", "p3" for the 3rd preambular paragraph
    start: int
    end: int


@dataclass(frozen=True)
class AdoptedAct:
    key: ActKey
    title: str
    heading_start: int
    heading_end: int
    start: int  # whole text of the act, heading included
    end: int
    paragraphs: tuple[Paragraph, ...] = ()
    date: str | None = None
    # where chapter I of a commission's report prints it: its section ("A") and, for a draft it
    # recommends, its heading ("决议草案一"); the narrative refers to it so ("案文见第一章，A节，决议草案一")
    section: str = ""
    label: str = ""


@dataclass
class Document:
    """One file read: its text, its structure (segment) and the facts read from it (extract)."""

    normalized: NormalizedText
    session: Session | None
    acts: list[AdoptedAct]
    # the body whose text this is: 其 ("its") and an act number without a body refer to it
    acting_body: str | None
    # the convention whose articles a bare 第N条 cites (None: a bare article is not guessed)
    instrument: str | None
    warnings: list[str] = field(default_factory=list)
    # what kind of document it is, read from its text (kg/kinds.py): "session-report",
    # "resolution", "decision", "working-group-report", "secretariat-note", "letter", "record",
    # "other"
    kind: str = "other"
    # a subsidiary body whose report this is (a working group: the proponent of its
    # recommendations), as a subsidiary body key ("untoc-cop/trafficking-in-persons")
    author_body: str | None = None
    facts: Facts = field(default_factory=Facts)

    @property
    def source(self) -> SourceText:
        return self.normalized.source

    @property
    def mentions(self) -> tuple[ActMention, ...]:
        return self.facts.of(ActMention)

    @property
    def citations(self) -> tuple[Citation, ...]:
        return self.facts.of(Citation)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.normalized.source_span(start, end)

    def quote(self, start: int, end: int) -> str:
        s, e = self.source_span(start, end)
        return self.source.text[s:e]
