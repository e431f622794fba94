"""Plain data passed between the pipeline stages: the text and the structure of a document.

The facts read from it (act mentions, citations, States, bodies, …) are ``kg/facts.py``
dataclasses, held by ``Document.facts``.

Offsets: every ``start``/``end`` in these models is a position in the *normalized* text of
its document; ``Document.source_span`` maps it back to code-point offsets in the original,
decoded file (BOM removed, line ends untouched), which is what the RDF and CSV outputs show.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from .facts import ActMention, Citation, Facts


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

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering normalized [start, end)."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.source.text)
            return pos, pos
        piece = self.offsets[start:end]
        return min(piece), max(piece) + 1


@dataclass(frozen=True)
class ActKey:
    """Identity of an act: the body that adopted it, its kind and its number."""

    body: str  # canonical body code, e.g. "UNTOC-COP", "GA"
    kind: str  # "resolution" | "decision"
    number: str  # "5/1", "64/179", "2006/27", "2133 (2014)"

    @property
    def notation(self) -> str:
        return f"{self.body} {self.kind} {self.number}"


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


@dataclass
class Document:
    """One file read: its text, its structure (segment) and the facts read from it (extract)."""

    normalized: NormalizedText
    session: Session | None
    acts: list[AdoptedAct]
    # the body whose text this is: 其 ("its") and an act number without a body refer to it
    acting_body: str
    # the convention whose articles a bare 第N条 cites (None: a bare article is not guessed)
    instrument: str | None
    warnings: list[str] = field(default_factory=list)
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
