"""emit: Documents -> RDF (pyoxigraph terms), one named graph per document plus one shared graph.

``core`` emits what every report has (the report, its session, the acts it adopts and their
paragraphs) and holds the provenance helper; each other module here emits the facts of one
component, as declared in ``kg/components.py``.

Where a triple goes (``emit_document``): into the document's own graph (named by its report
IRI) when it is about the report — its subject is the report, an annotation or a fragment of
it, or its object is the report: provenance, what the report mentions, its file. Everything
else — what acts, States, bodies, citations, mandates… *are* — goes to the shared graph, once
however many documents state it (Oxigraph's union of graphs would repeat a triple stated in two
graphs, and a join over a fact read by 200 copies would multiply). The shared graph is
rewritten by every build from the documents' cached shared triples (``Emission.shared``) plus
the corpus-level triples (``corpus_triples``: vocabularies, acts' identity and notation, the
components' ``closing`` steps such as a person's preferred name), which are computed from what
each document's summary gathered — never from the documents themselves, so an incremental
build (most documents taken from the cache) gives the same triples as a fresh one.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Triple

from ..models import ActKey, Document
from ..resolve import act_notations
from .core import NS, Emitter, Vocab, act_identity_triples, report_label, vocabulary_triples

__all__ = ["NS", "Corpus", "Emission", "Emitter", "Vocab", "corpus_triples", "emit_document",
           "name_triples", "rdfs_labels", "triples_for"]


@dataclass
class Emission:
    """One document's triples, split by graph."""

    report: str  # the report IRI, the name of the document's graph
    own: list[Triple]  # the document's graph (without its file names: ``name_triples``)
    shared: list[Triple]  # for the shared graph, each once
    act_keys: frozenset[ActKey]  # the acts it names (their identity is corpus-level)
    label: str | None  # the report's label, when it names its session
    named: frozenset[str] = frozenset()  # IRIs it uses as objects, and its shared subjects
    shown: dict[str, str] | None = None  # fact -> the fragment its source is shown as
    mention_counts: dict[str, int] | None = None  # thing -> its mentions (States, organizations)
    # component kind -> key -> form -> count, for the components' closing steps (Emitter.gathered)
    gathered: dict[str, dict[str, dict[str, int]]] | None = None
    # kind of annotation -> the IRIs of the facts and things annotated (Emitter.things)
    things: dict[str, list[str]] | None = None
    spans: dict[str, int] | None = None  # kind of annotation -> spans (Emitter.spans)


def emit_document(doc: Document, v: Vocab) -> Emission:
    # the registry imports every emitter module of this package: read when called
    from ..components import RUN_ORDER

    emitter = Emitter(v)
    report = emitter.doc_node(doc).value
    inside = (report + "/", report + "#")
    own: dict[Triple, None] = {}
    shared: dict[Triple, None] = {}
    named: set[str] = set()  # every IRI in an object position (vocabulary use, kg/summary.py)

    def route(triples: Iterable[Triple]) -> None:
        for t in triples:
            s, o = t.subject.value, t.object
            mine = s == report or s.startswith(inside)
            if type(o) is NamedNode:
                value = o.value
                named.add(value)
                mine = mine or value == report or value.startswith(inside)
            if mine:
                own[t] = None
            else:
                shared[t] = None
                named.add(s)  # a shared subject (what the summary counts as used)

    route(emitter.document(doc))
    for component in RUN_ORDER:
        for fact_type, emit in component.emit.items():
            facts = doc.facts.of(fact_type)
            if facts:
                route(emit(doc, facts, emitter))
    # the provenance is the report's own: no triple of it needs to be looked at
    own.update(dict.fromkeys(emitter.finish(doc, named)))
    return Emission(report, list(own), list(shared), frozenset(emitter.act_keys), report_label(doc),
                    frozenset(named), dict(emitter.shown), dict(emitter.mention_counts),
                    {kind: {key: dict(forms) for key, forms in by_key.items()}
                     for kind, by_key in emitter.gathered.items()},
                    {kind: sorted(iris) for kind, iris in emitter.things.items()},
                    dict(emitter.spans))


def name_triples(report: str, names: Iterable[str], label: str | None, v: Vocab) -> Iterator[Triple]:
    """The file names the report was read under (and its label when it names no session)."""
    node = NamedNode(report)
    names = sorted(set(names))
    for name in names:
        yield Triple(node, v.kgo("fileName"), Literal(name))
    if label is None:
        for name in names:
            yield Triple(node, v.skos("prefLabel"), Literal(name, language="en"))
            yield Triple(node, v.rdfs("label"), Literal(name, language="en"))


_PREF_LABEL = b"<http://www.w3.org/2004/02/skos/core#prefLabel>"
_RDFS_LABEL = b"<http://www.w3.org/2000/01/rdf-schema#label>"


def rdfs_labels(lines: Iterable[bytes]) -> Iterator[bytes]:
    """For each ``skos:prefLabel`` of N-Triples ``lines``, the same label as ``rdfs:label``:
    SKOS makes one a sub-property of the other, but Protégé, Gephi and most RDF browsers show
    rdfs:label and infer nothing. Written into the shared graph, once per thing and language."""
    for line in lines:
        subject, predicate, rest = line.split(b" ", 2)
        if predicate == _PREF_LABEL:
            yield b" ".join((subject, _RDFS_LABEL, rest))


@dataclass
class Corpus:
    """What the corpus-level steps read: every document's act keys, the vocabulary entries they
    use, the span each fact is shown by, the mentions of each thing, what the components
    gathered for their closing steps (from cached summaries: small, and added one document at a
    time, so the corpus is never held in memory)."""

    act_keys: set[ActKey] = field(default_factory=set)
    used: set[str] | None = None  # None: every vocabulary entry
    shown: dict[str, str] = field(default_factory=dict)
    mention_counts: dict[str, int] = field(default_factory=dict)
    gathered: dict[str, dict[str, Counter]] = field(default_factory=dict)
    # report IRI -> the file name its shown sources are read under (the smallest of its names),
    # set once every document is known; a report without one gets no kgo:shownLocation
    shown_files: dict[str, str] = field(default_factory=dict)

    def name_files(self, report: str, names: Iterable[str]) -> None:
        """The file names ``report`` was read under (the smallest is the one shown; two
        documents that are the same report add theirs together, as its kgo:fileName do)."""
        names = [*names, *([self.shown_files[report]] if report in self.shown_files else [])]
        if names:
            self.shown_files[report] = min(names)

    def add(self, act_keys: Iterable[ActKey], used: Iterable[str], shown: dict[str, str],
            mention_counts: dict[str, int],
            gathered: dict[str, dict[str, dict[str, int]]] | None = None) -> None:
        for kind, by_key in (gathered or {}).items():
            mine = self.gathered.setdefault(kind, {})
            for key, forms in by_key.items():
                mine.setdefault(key, Counter()).update(forms)
        self.act_keys.update(act_keys)
        self.used = set(used) if self.used is None else self.used | set(used)
        for fact, fragment in shown.items():
            if fact not in self.shown or fragment < self.shown[fact]:
                self.shown[fact] = fragment
        for thing, n in mention_counts.items():
            self.mention_counts[thing] = self.mention_counts.get(thing, 0) + n


def corpus_triples(corpus: Corpus, v: Vocab) -> Iterator[Triple]:
    """What the shared graph holds besides the documents' shared triples: the entries of the
    gazetteers' vocabularies the documents use (with what their descriptions point to; all of
    them when ``corpus.used`` is None), every act's identity with the notation the corpus-level
    step chose, what the components' closing steps write, the span each fact's source is shown
    by and the mentions of each thing."""
    from ..components import RUN_ORDER

    derived = list(act_identity_triples(corpus.act_keys, act_notations(corpus.act_keys), v))
    for component in RUN_ORDER:
        if component.closing is not None:
            derived += component.closing(corpus.gathered.get(component.kind, {}), v)
    vocabulary = vocabulary_index(v.base)
    if corpus.used is None:
        for triples in vocabulary.values():
            yield from triples
    else:  # and what the corpus-level triples point to (the body of an act only cited)
        used = corpus.used | {t.object.value for t in derived if isinstance(t.object, NamedNode)}
        yield from _reachable(vocabulary, used)
    yield from derived
    shown, location = v.kgo("shownSource"), v.kgo("shownLocation")
    count = v.kgo("mentionCount")
    for fact, fragment in sorted(corpus.shown.items()):
        yield Triple(NamedNode(fact), shown, NamedNode(fragment))
        where = shown_location(fragment, corpus.shown_files)
        if where is not None:
            yield Triple(NamedNode(fact), location, Literal(where))
    for thing, n in sorted(corpus.mention_counts.items()):
        yield Triple(NamedNode(thing), count, Literal(str(n), datatype=v.xsd("integer")))


def shown_location(fragment: str, files: dict[str, str]) -> str | None:
    """``file:start-end`` for a fragment ``<report>#char=start,end`` (RFC 5147), the file being
    the report's in ``files``; None when the report has no file name. The same string the
    named queries built in SPARQL before (CONCAT of the file, ":" and the range, "," -> "-")."""
    report, hash_, _ = fragment.partition("#")
    file = files.get(report) if hash_ else None
    if file is None:
        return None
    return f"{file}:{fragment.partition('#char=')[2].replace(',', '-')}"


@lru_cache(maxsize=4)
def vocabulary_index(base: str) -> dict[str, tuple[Triple, ...]]:
    """The gazetteers' vocabulary triples by subject (made once per process: a build may make
    it in a thread while its workers read the documents)."""
    from ..components import RUN_ORDER

    v = Vocab(base)
    by_subject: dict[str, list[Triple]] = {}
    triples = list(vocabulary_triples(v))
    for component in RUN_ORDER:
        if component.vocabulary is not None:
            triples += component.vocabulary(v)
    for t in triples:
        by_subject.setdefault(t.subject.value, []).append(t)
    return {s: tuple(ts) for s, ts in by_subject.items()}


def _reachable(by_subject: dict[str, tuple[Triple, ...]], start: set[str]) -> Iterator[Triple]:
    """The triples about the subjects in ``start`` and about what they point to, transitively."""
    todo = sorted(s for s in start if s in by_subject)
    seen = set(todo)
    while todo:
        for t in by_subject[todo.pop()]:
            yield t
            o = t.object
            if isinstance(o, NamedNode) and o.value in by_subject and o.value not in seen:
                seen.add(o.value)
                todo.append(o.value)


def triples_for(documents: Iterable[Document], v: Vocab) -> Iterator[Triple]:
    """Every triple of a corpus, each once (the union of the graphs), for small in-memory uses."""
    emissions = [(d, emit_document(d, v)) for d in documents]
    corpus = Corpus()
    for d, e in emissions:
        corpus.add(e.act_keys, e.named, e.shown or {}, e.mention_counts or {}, e.gathered)
        corpus.name_files(e.report, [d.source.name])
    seen: set[Triple] = set()
    for t in corpus_triples(corpus, v):
        if t not in seen:
            seen.add(t)
            yield t
    for d, e in emissions:
        for t in (*e.own, *e.shared, *name_triples(e.report, [d.source.name], e.label, v)):
            if t not in seen:
                seen.add(t)
                yield t
