"""components: the declared list of what kg reads and writes, one entry per kind of entity.

Each ``Component`` names its kind, the fact types it produces (``kg/facts.py``), the kinds
whose facts it reads, its ``extract(doc)`` and, per fact type, the emitter that turns those
facts into RDF; optionally a ``vocabulary`` of gazetteer triples written once per graph, and a
``closing`` written once for the whole corpus (what depends on all documents).

A closing never sees the documents: a build reads most of them from its cache, and holds none
in memory. While a document is emitted, its emitters note what the closing needs in
``emitter.gathered[kind]`` as counts (key -> form -> how often, plain JSON); the counts go into
the document's cached summary, the build sums them over every document of the corpus, and the
closing turns the sums into triples of the shared graph. So an incremental build, which reads
only the changed files, gives the same triples as a fresh one.
The list is checked when this module is imported: a duplicate kind, an unknown requirement,
a dependency cycle, a fact type with no emitter (or two producers), an emitter for a type the
component does not produce — each is an error here, not a silent gap in the graph.

The pipeline runs ``RUN_ORDER`` (the list sorted so that every component runs after what it
requires); a failing extractor costs only its own facts (a warning says so).
To add a kind of entity, see ``kg/extract/README.md``.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from pyoxigraph import Triple

from .emit import acts as emit_acts
from .emit import citations as emit_citations
from .emit import drafts as emit_drafts
from .emit import mandates as emit_mandates
from .emit import organizations as emit_organizations
from .emit import persons as emit_persons
from .emit import provisions as emit_provisions
from .emit import states as emit_states
from .emit import subjects as emit_subjects
from .emit import symbols as emit_symbols
from .emit import working_groups as emit_working_groups
from .emit.core import Emitter, Vocab
from .extract import (acts, citations, drafts, mandates, organizations, persons, provisions, states,
                      subjects, symbols, working_groups)
from .facts import (ActMention, BodyMention, Citation, Draft, Establishment, Mandate,
                    KeyTerm, OrganizationMention, PersonMention, ProvisionCitation, SpeaksFor,
                    StateMention, SubjectHeading, SymbolMention, UnresolvedActMention)
from .models import Document

ExtractFn = Callable[[Document], Iterable]
EmitFn = Callable[[Document, tuple, Emitter], Iterator[Triple]]


class ComponentError(ValueError):
    """The declared components do not fit together."""


@dataclass(frozen=True)
class Component:
    kind: str
    facts: tuple[type, ...]
    extract: ExtractFn
    emit: Mapping[type, EmitFn] = field(default_factory=dict)  # fact type -> its emitter
    requires: tuple[str, ...] = ()
    vocabulary: Callable[[Vocab], Iterator[Triple]] | None = None
    # triples written once for the corpus from what the emitters gathered in every document,
    # summed (key -> Counter of forms): a person's preferred name among all the forms printed
    closing: Callable[[dict[str, Counter], Vocab], Iterator[Triple]] | None = None


COMPONENTS: tuple[Component, ...] = (
    Component("acts", (ActMention, UnresolvedActMention), acts.extract,
              {ActMention: emit_acts.mentions, UnresolvedActMention: emit_acts.unresolved}),
    Component("citations", (Citation,), citations.extract, {Citation: emit_citations.citations},
              requires=("acts",), vocabulary=emit_citations.vocabulary),
    Component("symbols", (SymbolMention,), symbols.extract, {SymbolMention: emit_symbols.mentions}),
    Component("states", (StateMention, SpeaksFor), states.extract,
              {StateMention: emit_states.mentions, SpeaksFor: emit_states.speaks_for},
              vocabulary=emit_states.vocabulary),
    Component("working_groups", (BodyMention, Establishment), working_groups.extract,
              {BodyMention: emit_working_groups.mentions, Establishment: emit_working_groups.establishments},
              requires=("acts",)),
    Component("organizations", (OrganizationMention,), organizations.extract,
              {OrganizationMention: emit_organizations.mentions},
              requires=("states", "working_groups"), vocabulary=emit_organizations.vocabulary),
    Component("drafts", (Draft,), drafts.extract, {Draft: emit_drafts.drafts},
              requires=("acts", "symbols", "states", "organizations", "working_groups")),
    Component("mandates", (Mandate,), mandates.extract, {Mandate: emit_mandates.mandates},
              requires=("working_groups",), vocabulary=emit_mandates.vocabulary),
    Component("persons", (PersonMention,), persons.extract, {PersonMention: emit_persons.mentions},
              requires=("states", "organizations"), vocabulary=emit_persons.vocabulary,
              closing=emit_persons.names),
    Component("provisions", (ProvisionCitation,), provisions.extract,
              {ProvisionCitation: emit_provisions.citations}, vocabulary=emit_provisions.vocabulary),
    Component("subjects", (SubjectHeading, KeyTerm), subjects.extract,
              {SubjectHeading: emit_subjects.headings, KeyTerm: emit_subjects.key_terms},
              vocabulary=emit_subjects.vocabulary),
)


def validate(components: tuple[Component, ...]) -> tuple[Component, ...]:
    """The components in dependency order (declared order otherwise), or ComponentError."""
    by_kind: dict[str, Component] = {}
    producer: dict[type, str] = {}
    for c in components:
        if c.kind in by_kind:
            raise ComponentError(f"component {c.kind!r} is declared twice")
        by_kind[c.kind] = c
        if not callable(c.extract):
            raise ComponentError(f"component {c.kind!r}: extract is not callable")
        for t in c.facts:
            if t in producer:
                raise ComponentError(f"{t.__name__} is produced by {producer[t]!r} and {c.kind!r}")
            producer[t] = c.kind
            if t not in c.emit:
                raise ComponentError(f"component {c.kind!r}: no emitter for {t.__name__} (its facts would be lost)")
        for t in c.emit:
            if t not in c.facts:
                raise ComponentError(f"component {c.kind!r} emits {t.__name__} but does not produce it")
    for c in components:
        for req in c.requires:
            if req not in by_kind:
                raise ComponentError(f"component {c.kind!r} requires unknown kind {req!r}")
    return _dependency_order(components, by_kind)


def _dependency_order(components, by_kind) -> tuple[Component, ...]:
    ordered: list[Component] = []
    done: set[str] = set()

    def visit(kind: str, path: tuple[str, ...]) -> None:
        if kind in done:
            return
        if kind in path:
            raise ComponentError(f"component dependency cycle: {' -> '.join(path + (kind,))}")
        for req in by_kind[kind].requires:
            visit(req, path + (kind,))
        done.add(kind)
        ordered.append(by_kind[kind])

    for c in components:
        visit(c.kind, ())
    return tuple(ordered)


RUN_ORDER: tuple[Component, ...] = validate(COMPONENTS)


def component(kind: str) -> Component:
    return next(c for c in COMPONENTS if c.kind == kind)


def fact_counts(doc: Document) -> dict[str, int]:
    """How many facts of each kind the document holds."""
    return {c.kind: sum(len(doc.facts.of(t)) for t in c.facts) for c in COMPONENTS}
