"""facts: what the extractors read from a document, one frozen dataclass per kind of fact.

Every fact that has a span carries ``start``/``end``: positions in the *normalized* text of
its document (``Document.source_span`` maps them back to the file). Facts reach the emitters
through ``Document.facts`` (a ``Facts``): ``doc.facts.of(StateMention)`` gives the States
mentioned, in the order they were found. Which component produces and emits each type is
declared in ``kg/components.py``.

This module imports nothing from the pipeline at run time (``ActKey`` and ``Paragraph`` are
only annotations), so ``kg/models.py`` can hold the facts of a ``Document``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import ActKey, Paragraph


# --- acts and citations ----------------------------------------------------------------------
@dataclass(frozen=True)
class ActMention:
    """A resolution or decision named in the text (第5/1号决议, 大会第64/179号决议)."""

    key: ActKey
    start: int
    end: int
    date: str | None = None  # ISO date printed with the mention
    body_inferred: bool = False  # body guessed from the number, not written


@dataclass(frozen=True)
class UnresolvedActMention:
    """A numbered act whose body the text does not settle (第17/1号决议 in a report of a
    Conference that held eleven sessions; 联合国第1325号决议): kept as printed, with why."""

    number: str  # canonical, as the grammar reads it: "17/1", "2006 (XIX)"
    kind: str  # "resolution" | "decision"
    start: int
    end: int
    reason: str

    @property
    def text(self) -> str:
        return f"{self.kind} {self.number}"


@dataclass(frozen=True)
class Citation:
    """An adopted act cites another act, typed by the verb that governs the mention."""

    citing: ActKey
    cited: ActMention
    relation: str  # CiTO local name
    verb_key: str | None  # key in verbs.tsv, None when no verb governs it
    verb_zh: str
    paragraph: Paragraph | None
    evidence_start: int  # evidence runs from here (the verb, or the mention) to cited.end

    @property
    def start(self) -> int:
        return self.evidence_start

    @property
    def end(self) -> int:
        return self.cited.end


# --- States, organizations, persons ----------------------------------------------------------
@dataclass(frozen=True)
class StateMention:
    key: str  # ISO 3166 alpha-3
    start: int
    end: int
    label: str  # as written


@dataclass(frozen=True)
class SpeaksFor:
    """``state`` spoke on behalf of ``group`` (an organizations.tsv id); [start, end) covers both."""

    state: str
    group: str
    start: int
    end: int
    state_start: int
    state_end: int
    group_start: int
    group_end: int
    label: str = ""


@dataclass(frozen=True)
class OrganizationMention:
    """A group of States or an organization: a gazetteer id, or a name read from an observer
    list (``listed``); a UN organ points at its body (``body``: a bodies.tsv code or a
    subsidiary body's key)."""

    key: str
    start: int
    end: int
    label: str  # as written
    type: str  # "regional group", "NGO", "UN entity", …
    listed: bool = False
    body: str | None = None
    label_en: str = ""
    label_zh: str = ""


@dataclass(frozen=True)
class PersonMention:
    """A person holding a role (a bureau seat, a chair, a title of office) for a State or an
    organization. ``key`` is name + State (or organization, or printed affiliation)."""

    key: str
    start: int
    end: int
    name: str
    state: str | None
    role: str  # a key of extract.persons.ROLES or the slug of the English title
    role_zh: str
    role_en: str = ""
    role_inferred: bool = False  # a truncated label ("告:") read as the role it ends
    bureau: bool = False  # elected to the session's bureau
    state_start: int | None = None
    state_end: int | None = None
    organization: str | None = None
    affiliation: str | None = None


# --- subsidiary bodies -----------------------------------------------------------------------
@dataclass(frozen=True)
class BodyMention:
    """A working group, expert group, committee … named in the text; ``key`` is its identity
    (``<parent slug>/<slug>``). An ``anaphor`` (该工作组) is resolved to a body but names none."""

    key: str
    start: int
    end: int
    label: str  # as written
    parent: str  # the body it belongs to (a bodies.tsv code; an organizations.tsv id for an organization's)
    label_zh: str  # preferred Chinese name
    label_en: str
    head: str  # 工作组, 专家组, 委员会 …
    topic: str  # as written, without generic modifiers ("" for anaphors)
    anaphor: bool = False


@dataclass(frozen=True)
class Establishment:
    """act establishes body (key), read at [start, end)."""

    act: ActKey
    key: str
    start: int
    end: int
    label_zh: str


# --- mandates, provisions, documents, drafts -------------------------------------------------
@dataclass(frozen=True)
class Mandate:
    act: ActKey | None  # the proponent act; None when a body proposes (``proponent_body``)
    index: int  # order within the act (identity of the mandate node)
    paragraph: str  # "3", "(c)"
    paragraph_kind: str  # "operative" | "annex"
    verb_key: str
    verb_zh: str
    addressee_key: str  # addressees.tsv key, "body:<body key>" or "other"
    addressee_zh: str  # as written
    addressee_en: str
    action: str
    start: int  # the verb
    end: int  # end of the action
    # a working group's recommendation: the group proposes (a subsidiary body key); when an act
    # endorses recommendations annexed to it, the body that made them
    proponent_body: str | None = None
    # a written list of addressees ("会员国、联合国系统及人道主义组织"): each one it names, as
    # (key, as written, English label); empty when the addressee is one
    addressee_parts: tuple[tuple[str, str, str], ...] = ()

    @property
    def addressees(self) -> tuple[tuple[str, str, str], ...]:
        """Every addressee the mandate names: the parts of a list, or the one addressee."""
        return self.addressee_parts or ((self.addressee_key, self.addressee_zh, self.addressee_en),)


@dataclass(frozen=True)
class ProvisionCitation:
    """``citing`` (an adopted act, or None for the report's own narrative) cites a provision."""

    instrument: str
    article: str
    paragraph: str | None
    subparagraph: str | None
    citing: ActKey | None
    start: int
    end: int
    relation: str = "cites"  # CiTO local name: cites | citesAsAuthority
    warning: str | None = None  # how the instrument was guessed, when it was

    @property
    def key(self) -> tuple:
        return (self.instrument, self.article, self.paragraph, self.subparagraph)


@dataclass(frozen=True)
class SymbolMention:
    """A UN document named by its symbol (one fact per document named)."""

    key: str  # the symbol
    start: int
    end: int
    label: str  # as written
    agenda_item: str | None = None  # an agenda item glued to the symbol in a document list
    expanded_from: str | None = None  # "…/4和Corr.1": the expression that named it
    misprint: str | None = None  # the symbol as printed when it is read as another (CTOP/COP/…)


@dataclass(frozen=True)
class Sponsor:
    kind: str  # "state" | "organization" | "body" (a working group…) | "other" (a chair…)
    key: str  # ISO3, organization id, body key, or the surface text for "other"
    label: str
    start: int
    end: int
    role: str = "sponsor"  # "sponsor" | "submitter"
    on_behalf: str | None = None


@dataclass(frozen=True)
class Draft:
    symbol: str
    start: int  # first mention of the symbol read as a draft
    end: int
    sponsors: tuple[Sponsor, ...] = ()
    became: ActKey | None = None
    became_start: int = 0
    became_end: int = 0


# --- subjects --------------------------------------------------------------------------------
@dataclass(frozen=True)
class SubjectHeading:
    """A UNBIS subject heading printed at the head of the document (its ``%%%`` line)."""

    label: str  # as printed: "TRANSNATIONAL CRIME"
    start: int
    end: int


@dataclass(frozen=True)
class KeyTerm:
    """A key term of an adopted act (jieba's TF-IDF over the act's text); [start, end) is its
    first occurrence in the act."""

    act: ActKey
    term: str
    rank: int  # 1: the heaviest term of the act
    start: int
    end: int


# --- the container ---------------------------------------------------------------------------
class Facts:
    """The facts read from one document, in the order they were added."""

    def __init__(self) -> None:
        self._all: list = []
        self._by_type: dict[type, list] = {}
        self._views: dict[tuple[type, ...], tuple] = {}

    def add(self, fact) -> None:
        self._all.append(fact)
        self._by_type.setdefault(type(fact), []).append(fact)
        self._views.clear()

    def extend(self, facts) -> None:
        for fact in facts:
            self.add(fact)

    def of(self, *types: type) -> tuple:
        """The facts of these types, in the order they were added."""
        view = self._views.get(types)
        if view is None:
            if len(types) == 1:
                view = tuple(self._by_type.get(types[0], ()))
            else:
                view = tuple(f for f in self._all if type(f) in types)
            self._views[types] = view
        return view

    def __iter__(self):
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)
