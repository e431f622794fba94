"""emit.core: what every document has (the report, its session, the acts it adopts and their
paragraphs), the vocabulary of acting bodies, and the provenance helper every emitter uses.

Vocabularies (see ontology/kg.ttl): UNDO for resolution/decision classes, ELI for legal
resources and their subdivisions, CiTO for citations, W3C ORG, PROV-O, OWL-Time, SKOS and
Web Annotation (oa:) for provenance: each fact (and each thing a report mentions) is the body
of one light ``oa:Annotation`` per report, whose targets are RFC 5147 fragment IRIs of the
source file (``…/doc/ID#char=100,120``); the fragments of facts users read as evidence carry
the exact text (``oa:exact``).
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Triple

from .. import iris
from ..iris import NS, Vocab
from ..lexicon import bodies, places
from ..models import ActKey, AdoptedAct, Document, Session

__all__ = ["NS", "Emitter", "Vocab", "act_identity_triples", "chinese_literal", "date_literal",
           "labelled", "report_label", "vocabulary_triples"]

PARAGRAPH_QUOTE_MAX = 200  # a paragraph's provenance spans at most its first characters
# the SKOS concept (ontology/kg.ttl, kgo:DocumentKinds) of each document kind (kg/header.py)
DOCUMENT_KIND_TERMS = {
    "session-report": "SessionReportDocument", "resolution": "ResolutionDocument",
    "decision": "DecisionDocument", "working-group-report": "WorkingGroupReportDocument",
    "secretariat-note": "SecretariatNoteDocument", "letter": "LetterDocument",
    "record": "RecordDocument", "other": "OtherDocument",
}


@lru_cache(maxsize=4096)
def chinese_literal(text: str) -> Literal:
    """A @zh literal of words that recur across reports (a verb, an addressee as written), made
    once per process: pyoxigraph checks the language tag each time it makes one."""
    return Literal(text, language="zh")


def date_literal(value: str, v: Vocab) -> Literal:
    return Literal(value, datatype=v.xsd("date"))


def _int(value: int, v: Vocab, kind: str = "integer") -> Literal:
    return Literal(str(value), datatype=v.xsd(kind))


def labelled(v: Vocab, node: NamedNode, types: tuple[NamedNode, ...], notation: str,
             labels_zh: tuple[str, ...] | list[str], label_en: str | None) -> Iterator[Triple]:
    """A gazetteer entry: its classes, skos:notation, prefLabel zh (first form) and en,
    the other Chinese forms as altLabel."""
    for t in types:
        yield Triple(node, v.rdf("type"), t)
    yield Triple(node, v.skos("notation"), Literal(notation))
    if labels_zh:
        yield Triple(node, v.skos("prefLabel"), Literal(labels_zh[0], language="zh"))
    if label_en:
        yield Triple(node, v.skos("prefLabel"), Literal(label_en, language="en"))
    for alias in labels_zh[1:]:
        yield Triple(node, v.skos("altLabel"), Literal(alias, language="zh"))


def vocabulary_triples(v: Vocab) -> Iterator[Triple]:
    """Things every graph holds once: the acting bodies of the gazetteer, the kinds of document
    (their SKOS concepts as ontology/kg.ttl declares them)."""
    for body in bodies().values():
        node = NamedNode(iris.body_iri(body.code, v.base))
        yield from labelled(v, node, (v.org("Organization"),), body.code, body.labels_zh,
                            body.label_en)
        yield Triple(node, v.kgo("bodyType"), Literal(body.type))
    yield Triple(v.kgo("DocumentKinds"), v.rdf("type"), v.skos("ConceptScheme"))
    for local, triples in iris.ontology_concepts("DocumentKinds"):
        node = v.kgo(local)
        for predicate, term in triples:
            if isinstance(term, NamedNode) and term.value.startswith(iris.ONTOLOGY_NS):
                term = v.kgo(term.value[len(iris.ONTOLOGY_NS):])  # moves with the base IRI
            yield Triple(node, NamedNode(predicate), term)


# How ``Emitter.annotate`` records each kind of annotation (the ``role`` emitters give, up to
# its first "/"; what follows names one fact among several on a span and is not needed now
# that an annotation is keyed by its fact).
# Things a report names: "this report mentions Kenya at these spans" — one annotation per
# (report, thing) whose targets are every span; no prov:wasDerivedFrom (a State is not derived
# from a report: the report mentions it).
# The subjects a report is about (UNBIS headings) and its acts' key terms are such things too,
# and so is the report itself where it prints an act number no body can be settled for.
MENTION_KINDS = frozenset({"mention", "body-mention", "state-mention", "organization-mention",
                           "symbol", "provision", "person-mention", "draft", "paragraph", "subject",
                           "keyword", "unresolved-act"})
# Facts users read as evidence: each target fragment carries the exact text (oa:exact).
EVIDENCE_KINDS = frozenset({"citation", "mandate", "establishment", "sponsor"})
# … and what else is quoted: an unresolved act reference (kgo:unresolvedActReference, a literal
# of the report) is shown by the words printed, for a reader to settle its body.
QUOTED_KINDS = EVIDENCE_KINDS | {"unresolved-act"}
# Facts whose source the tables and the page show: the corpus-level step records the one span
# shown (``kgo:shownSource``: the smallest fragment IRI of all reports' annotations), so a
# named query reads one triple per fact, not every annotation of every copy.
SHOWN_KINDS = EVIDENCE_KINDS | {"provision-citation", "speaks-for"}
# Things whose mentions the tables count (``kgo:mentionCount``, summed over the reports).
COUNTED_KINDS = frozenset({"state-mention", "organization-mention"})


class Emitter:
    """Turns one Document into triples. Provenance (``annotate``) is gathered while the
    emitters run and written by ``finish``: one light ``oa:Annotation`` per (report, fact or
    thing), its targets RFC 5147 fragments of the source file."""

    def __init__(self, v: Vocab):
        self.v = v
        self.act_keys: set[ActKey] = set()  # every act this document names: its identity and
        # notation are written once for the corpus (kg.emit.corpus_triples), not per document
        self._report: tuple[Document | None, NamedNode | None] = (None, None)  # the last doc_node
        # (fact IRI, kind) -> the fact's node and its spans in the source file, in the order
        # they were read
        self._spans: dict[tuple[str, str], tuple[NamedNode, dict[tuple[int, int], None]]] = {}
        self.shown: dict[str, str] = {}  # fact IRI -> its smallest fragment IRI (SHOWN_KINDS)
        self.mention_counts: dict[str, int] = {}  # thing IRI -> spans (COUNTED_KINDS)
        # what an emitter keeps of this document for its component's corpus-level ``closing``
        # (kg/components.py): component kind -> key -> form -> count, summed over the
        # documents by the build from their cached summaries (a person's printed names)
        self.gathered: dict[str, dict[str, dict[str, int]]] = {}
        # kind of annotation -> the facts and things this document annotates with it: what the
        # build summary counts as distinct entities (kg/summary.py), as the graph has them
        self.things: dict[str, set[str]] = {}
        self.spans: dict[str, int] = {}  # kind of annotation -> spans annotated (mentions)

    def act(self, key: ActKey) -> NamedNode:
        self.act_keys.add(key)
        return iris.node(iris.act_iri(key, self.v.base))

    def doc_node(self, doc: Document) -> NamedNode:
        if self._report[0] is not doc:
            self._report = (doc, NamedNode(report_iri(doc, self.v.base)))
        return self._report[1]

    def session_node(self, doc: Document) -> NamedNode | None:
        """The session the report is of, when it says which."""
        s = doc.session
        return NamedNode(iris.session_iri(s.body, s.ordinal, self.v.base)) if s and s.ordinal and s.body else None

    def document(self, doc: Document) -> Iterator[Triple]:
        """The report, its session, and the acts it adopts with their paragraphs."""
        d = self.doc_node(doc)
        yield from self._document_node(doc, d)
        session = self.session_node(doc)
        if session is not None:
            yield from self._session(doc, d, session)
        for act in doc.acts:
            yield from self._adopted_act(doc, d, act, session)

    def _adopted_act(self, doc: Document, d: NamedNode, act: AdoptedAct,
                     session: NamedNode | None) -> Iterator[Triple]:
        v = self.v
        node = self.act(act.key)
        yield Triple(node, v.prov("wasDerivedFrom"), d)
        if act.title:
            yield Triple(node, v.eli("title"), Literal(_title_text(act), language="zh"))
        if session is not None and act.key.draft:  # a commission's draft for another body
            yield Triple(node, v.kgo("recommendedAt"), session)
        elif session is not None and act.key.recommended_by is None:
            yield Triple(node, v.kgo("adoptedAt"), session)
        if act.date:
            yield Triple(node, v.eli("date_document"), date_literal(act.date, v))
        if act.heading_end > act.heading_start:
            yield from self.annotate(doc, node, act.heading_start, act.heading_end, "adoption")
        else:  # no heading printed (a fragment): the act's first characters
            yield from self.annotate(doc, node, act.start, min(act.end, act.start + PARAGRAPH_QUOTE_MAX), "adoption")
        for p in act.paragraphs:
            pn = iris.node(iris.paragraph_iri(act.key, p.label, v.base))  # mandates name it too
            yield Triple(pn, v.rdf("type"), v.eli("LegalResourceSubdivision"))
            yield Triple(pn, v.eli("is_part_of"), node)
            yield Triple(pn, v.eli("number"), Literal(p.label))
            yield Triple(pn, v.kgo("paragraphKind"), Literal(p.kind))
            yield from self.annotate(doc, pn, p.start, min(p.end, p.start + PARAGRAPH_QUOTE_MAX), "paragraph")

    def _document_node(self, doc: Document, d: NamedNode) -> Iterator[Triple]:
        """The report. Its file name (and the label made of it) is not here: the same content
        may be read under several names, and a renamed file needs no new reading; the build
        adds them (``name_triples``)."""
        v = self.v
        yield Triple(d, v.rdf("type"), v.kgo("Report"))
        yield Triple(d, v.rdf("type"), v.foaf("Document"))
        yield Triple(d, v.kgo("sha256"), Literal(doc.source.sha256))
        yield Triple(d, v.kgo("encoding"), Literal(doc.source.encoding))
        yield Triple(d, v.kgo("textShape"), Literal(doc.normalized.shape))
        yield Triple(d, v.kgo("documentKind"), v.kgo(DOCUMENT_KIND_TERMS[doc.kind]))
        if doc.acting_body in bodies():
            yield Triple(d, v.kgo("actingBody"), iris.node(iris.body_iri(doc.acting_body, v.base)))
        if doc.session and doc.session.symbol:
            yield Triple(d, v.kgo("symbol"), Literal(doc.session.symbol))
        label = report_label(doc)
        if label:
            yield Triple(d, v.skos("prefLabel"), Literal(label, language="en"))
            yield Triple(d, v.rdfs("label"), Literal(label, language="en"))

    def _session(self, doc: Document, d: NamedNode, node: NamedNode) -> Iterator[Triple]:
        v, s = self.v, doc.session
        yield Triple(node, v.rdf("type"), v.prov("Activity"))
        yield Triple(node, v.rdf("type"), v.kgo("Session"))
        yield Triple(node, v.skos("notation"), Literal(s.notation))
        yield Triple(node, v.kgo("ordinal"), _int(s.ordinal, v))
        yield Triple(node, v.prov("wasAssociatedWith"), iris.node(iris.body_iri(s.body, v.base)))
        yield Triple(d, v.kgo("reportOf"), node)
        for prop, date, which in (("hasBeginning", s.start_date, "start"), ("hasEnd", s.end_date, "end")):
            if date:
                instant = NamedNode(iris.session_instant_iri(node.value, which))
                yield Triple(node, v.time(prop), instant)
                yield Triple(instant, v.rdf("type"), v.time("Instant"))
                yield Triple(instant, v.time("inXSDDate"), date_literal(date, v))
        if s.place_zh:
            yield from self._place(node, s)
        yield from self.annotate(doc, node, s.start, s.end, "session")

    def _place(self, node: NamedNode, s: Session) -> Iterator[Triple]:
        v = self.v
        en = places().get(s.place_zh)
        place = iris.node(iris.place_iri(en or s.place_zh, v.base))
        yield Triple(node, v.prov("atLocation"), place)
        yield Triple(place, v.rdf("type"), v.prov("Location"))
        yield Triple(place, v.skos("prefLabel"), Literal(s.place_zh, language="zh"))
        if en:
            yield Triple(place, v.skos("prefLabel"), Literal(en, language="en"))

    def act_identity(self, key: ActKey) -> Iterator[Triple]:
        """An act's classes, notation, number and body are written once for the whole corpus
        (``act_identity_triples``, from every document's act keys: the notation is a
        corpus-level choice); here the act is only noted."""
        self.act(key)
        return iter(())

    def annotate(self, doc: Document, fact: NamedNode, start: int, end: int,
                 role: str) -> Iterator[Triple]:
        """Provenance: ``fact`` was read from normalized [start, end) of ``doc``, i.e.
        characters [s, e) of its source file. Every emitter's provenance goes through here.

        Nothing is written yet: the spans are gathered per (fact, kind of role) and ``finish``
        writes one annotation for each, whose targets are the fragments ``…/doc/ID#char=s,e``.
        Returns an empty iterator (emitters ``yield from`` it)."""
        span = doc.normalized.source_span(start, end)
        key = (fact.value, role.partition("/")[0])
        gathered = self._spans.get(key)
        if gathered is None:
            gathered = self._spans[key] = (fact, {})
        gathered[1][span] = None
        return iter(())

    def finish(self, doc: Document, named: set[str]) -> Iterator[Triple]:
        """The annotations gathered by ``annotate`` for ``doc``; call once, after its emitters.
        Every triple is of the report's own graph (its subject is an annotation or a fragment
        of the report, or its object is the report); the IRIs they have as objects are added
        to ``named``, so that no one reads them back from the triples."""
        v = self.v
        d = self.doc_node(doc)
        report = d.value
        rdf_type, annotation = v.rdf("type"), v.oa("Annotation")
        has_body, has_target, exact = v.oa("hasBody"), v.oa("hasTarget"), v.oa("exact")
        derived = v.prov("wasDerivedFrom")
        text = doc.source.text
        quoted: set[tuple[int, int]] = set()
        if self._spans:
            named.add(annotation.value)
        for (fact_iri, kind), (fact, spans) in self._spans.items():
            self.things.setdefault(kind, set()).add(fact_iri)
            self.spans[kind] = self.spans.get(kind, 0) + len(spans)
            ann = NamedNode(iris.annotation_iri(report, kind, fact_iri))
            yield Triple(ann, rdf_type, annotation)
            yield Triple(ann, has_body, fact)
            named.add(fact_iri)
            fragments = []
            for s, e in spans:
                fragment = iris.fragment_iri(report, s, e)
                fragments.append(fragment)
                target = NamedNode(fragment)
                yield Triple(ann, has_target, target)
                if kind in QUOTED_KINDS and (s, e) not in quoted:
                    quoted.add((s, e))
                    yield Triple(target, exact, Literal(text[s:e]))
            named.update(fragments)
            if kind not in MENTION_KINDS:
                named.add(report)
                yield Triple(fact, derived, d)
            if kind in SHOWN_KINDS:
                first = min(fragments)
                self.shown[fact_iri] = min(first, self.shown.get(fact_iri, first))
            if kind in COUNTED_KINDS:
                self.mention_counts[fact_iri] = self.mention_counts.get(fact_iri, 0) + len(spans)
        self._spans.clear()


def report_iri(doc: Document, base: str) -> str:
    """The report's IRI: what it is (its symbol, session, act or kind) and its content."""
    s = doc.session
    act = next((a.key for a in doc.acts if a.key.recommended_by is None), None)
    name = iris.report_name(s.symbol if s else None,
                            (s.body, s.ordinal) if s and s.ordinal and s.body else None,
                            act, doc.author_body, doc.kind)
    return iris.report_iri(doc.source.sha256, base, name)


def report_label(doc: Document) -> str | None:
    """The report's English label when it names its session and its body (else its file name
    is used)."""
    s = doc.session
    return f"Report of {s.notation}" if s and s.ordinal and s.body else None


def act_identity_triples(keys, notations: dict[ActKey, str], v: Vocab) -> Iterator[Triple]:
    """Each act's classes, notation, number, body and, for a recommended draft, the act that
    recommends it — once per act IRI (two keys that name one act — a Security Council number
    with and without its year — share the notation the corpus-level step chose,
    ``kg.resolve.act_notations``)."""
    by_iri: dict[str, list[ActKey]] = {}
    todo = list(keys)
    while todo:
        key = todo.pop()
        same = by_iri.setdefault(iris.act_iri(key, v.base), [])
        if key not in same:
            same.append(key)
            if key.recommended_by is not None:  # the recommending act is described too
                todo.append(key.recommended_by)
    for iri, same in sorted(by_iri.items()):
        same.sort(key=act_key_order)
        notation = notations.get(same[0], same[0].notation)
        # number, kind and body from the key printed as the chosen notation, when there is one
        key = next((k for k in same if k.notation == notation), same[0])
        node = NamedNode(iri)
        yield Triple(node, v.rdf("type"), v.undo("Resolution" if key.kind == "resolution" else "Decision"))
        yield Triple(node, v.rdf("type"), v.eli("LegalResource"))
        yield Triple(node, v.skos("notation"), Literal(notation))
        if key.number:  # an act identified by date and title has none
            yield Triple(node, v.eli("number"), Literal(key.number))
        yield Triple(node, v.kgo("kind"), Literal(key.kind))
        if key.body:  # a body the text does not settle is left out, never defaulted
            yield Triple(node, v.eli("passed_by"), iris.node(iris.body_iri(key.body, v.base)))
        if key.recommended_by is not None:
            yield Triple(node, v.kgo("recommendedBy"),
                         iris.node(iris.act_iri(key.recommended_by, v.base)))


def act_key_order(key: ActKey) -> tuple:
    return (key.body, key.kind, key.number, key.date or "", key.title or "", key.document or "",
            key.draft, key.recommended_by.notation if key.recommended_by is not None else "")


_REWIDEN = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})


def _title_text(act: AdoptedAct) -> str:
    """The title in Chinese typography: normalization made its punctuation ASCII."""
    return act.title.translate(_REWIDEN)
