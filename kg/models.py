"""Plain data passed between the pipeline stages.

Offsets: every ``start``/``end`` in these models is a position in the *normalized* text of
its document; ``Document.source_span`` maps it back to code-point offsets in the original,
decoded file (BOM removed, line ends untouched), which is what the RDF and CSV outputs show.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field


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


@dataclass
class ActMention:
    key: ActKey
    start: int
    end: int
    date: str | None = None  # ISO date printed with the mention
    body_inferred: bool = False  # body guessed from the number, not written


@dataclass
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


@dataclass
class Paragraph:
    kind: str  # "preambular" | "operative" | "annex"
    label: str  # "1", "(a)", "p3" for the 3rd preambular paragraph
    start: int
    end: int


@dataclass
class AdoptedAct:
    key: ActKey
    title: str
    heading_start: int
    heading_end: int
    start: int  # whole text of the act, heading included
    end: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    date: str | None = None


@dataclass
class Citation:
    citing: ActKey
    cited: ActMention
    relation: str  # CiTO local name
    verb_key: str | None  # key in verbs.tsv, None when no verb governs it
    verb_zh: str
    paragraph: Paragraph | None
    evidence_start: int  # evidence runs from here (the verb, or the mention) to cited.end


@dataclass
class EntityMention:
    """A named thing found in the text (a State, an organization, a symbol, …).

    ``key`` is its identity across documents (ISO 3166 alpha-3 for a State, the canonical
    symbol for a document, …); ``start``/``end`` are normalized offsets of the surface form.
    """

    kind: str
    key: str
    start: int
    end: int
    label: str = ""
    attrs: dict = field(default_factory=dict)


@dataclass
class Document:
    normalized: NormalizedText
    session: Session | None
    acts: list[AdoptedAct]
    mentions: list[ActMention]
    citations: list[Citation]
    warnings: list[str] = field(default_factory=list)
    # facts of the other entity kinds, keyed by the extractor's KIND (see kg/extract)
    entities: dict[str, list] = field(default_factory=dict)

    @property
    def source(self) -> SourceText:
        return self.normalized.source

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.normalized.source_span(start, end)

    def quote(self, start: int, end: int) -> str:
        s, e = self.source_span(start, end)
        return self.source.text[s:e]
