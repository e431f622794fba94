"""emit.core: what every document has (the report, its session, the acts it adopts and their
paragraphs), the vocabulary of acting bodies, and the provenance helper every emitter uses.

Vocabularies (see ontology/kg.ttl): UNDO for resolution/decision classes, ELI for legal
resources and their subdivisions, CiTO for citations, W3C ORG, PROV-O, OWL-Time, SKOS and
Web Annotation (oa:) for provenance: each fact is the body of an ``oa:Annotation`` whose
target selects the characters of the source file it was read from.
"""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from .. import iris
from ..iris import NS, Vocab
from ..lexicon import bodies, places
from ..models import ActKey, AdoptedAct, Document, Session

__all__ = ["NS", "Emitter", "Vocab", "date_literal", "labelled", "vocabulary_triples"]

PARAGRAPH_QUOTE_MAX = 200  # a paragraph's provenance quotes at most its first characters
# the SKOS concept (ontology/kg.ttl, kgo:DocumentKinds) of each document kind (kg/header.py)
DOCUMENT_KIND_TERMS = {
    "session-report": "SessionReportDocument", "resolution": "ResolutionDocument",
    "decision": "DecisionDocument", "working-group-report": "WorkingGroupReportDocument",
    "secretariat-note": "SecretariatNoteDocument", "letter": "LetterDocument",
    "record": "RecordDocument", "other": "OtherDocument",
}


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


class Emitter:
    """Turns Documents into triples; keeps what was written once across documents."""

    def __init__(self, v: Vocab, notations: dict[ActKey, str] | None = None):
        self.v = v
        # acts whose notation the corpus settles (kg/resolve.py: an SC number's year)
        self.notations = notations or {}
        self._described: set[str] = set()  # acts whose identity triples are out already
        self._spans: set[str] = set()  # spans whose target and selectors are out already
        self._report: tuple[Document | None, NamedNode | None] = (None, None)  # the last doc_node
        # what an emitter keeps across documents for its component's ``closing`` (by kind)
        self.gathered: dict[str, dict] = {}

    def act(self, key: ActKey) -> NamedNode:
        return NamedNode(iris.act_iri(key, self.v.base))

    def doc_node(self, doc: Document) -> NamedNode:
        if self._report[0] is not doc:
            self._report = (doc, NamedNode(iris.report_iri(doc.source.sha256, self.v.base)))
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
        yield from self.act_identity(act.key)
        node = self.act(act.key)
        yield Triple(node, v.prov("wasDerivedFrom"), d)
        if act.title:
            yield Triple(node, v.eli("title"), Literal(_title_text(act), language="zh"))
        if session is not None:
            yield Triple(node, v.kgo("adoptedAt"), session)
        if act.date:
            yield Triple(node, v.eli("date_document"), date_literal(act.date, v))
        if act.heading_end > act.heading_start:
            yield from self.annotate(doc, node, act.heading_start, act.heading_end, "adoption")
        else:  # no heading printed (a fragment): the act's first characters
            yield from self.annotate(doc, node, act.start, min(act.end, act.start + PARAGRAPH_QUOTE_MAX), "adoption")
        for p in act.paragraphs:
            pn = NamedNode(iris.paragraph_iri(act.key, p.label, v.base))
            yield Triple(pn, v.rdf("type"), v.eli("LegalResourceSubdivision"))
            yield Triple(pn, v.eli("is_part_of"), node)
            yield Triple(pn, v.eli("number"), Literal(p.label))
            yield Triple(pn, v.kgo("paragraphKind"), Literal(p.kind))
            yield from self.annotate(doc, pn, p.start, min(p.end, p.start + PARAGRAPH_QUOTE_MAX), "paragraph")

    def _document_node(self, doc: Document, d: NamedNode) -> Iterator[Triple]:
        v = self.v
        yield Triple(d, v.rdf("type"), v.kgo("Report"))
        yield Triple(d, v.rdf("type"), v.foaf("Document"))
        yield Triple(d, v.kgo("fileName"), Literal(doc.source.name))
        yield Triple(d, v.kgo("sha256"), Literal(doc.source.sha256))
        yield Triple(d, v.kgo("encoding"), Literal(doc.source.encoding))
        yield Triple(d, v.kgo("textShape"), Literal(doc.normalized.shape))
        yield Triple(d, v.kgo("documentKind"), v.kgo(DOCUMENT_KIND_TERMS[doc.kind]))
        if doc.acting_body in bodies():
            yield Triple(d, v.kgo("actingBody"), NamedNode(iris.body_iri(doc.acting_body, v.base)))
        if doc.session and doc.session.symbol:
            yield Triple(d, v.kgo("symbol"), Literal(doc.session.symbol))
        label = (f"Report of {doc.session.notation}" if doc.session and doc.session.ordinal and doc.session.body
                 else doc.source.name)
        yield Triple(d, v.skos("prefLabel"), Literal(label, language="en"))

    def _session(self, doc: Document, d: NamedNode, node: NamedNode) -> Iterator[Triple]:
        v, s = self.v, doc.session
        yield Triple(node, v.rdf("type"), v.prov("Activity"))
        yield Triple(node, v.rdf("type"), v.kgo("Session"))
        yield Triple(node, v.skos("notation"), Literal(s.notation))
        yield Triple(node, v.kgo("ordinal"), _int(s.ordinal, v))
        yield Triple(node, v.prov("wasAssociatedWith"), NamedNode(iris.body_iri(s.body, v.base)))
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
        place = NamedNode(iris.place_iri(en or s.place_zh, v.base))
        yield Triple(node, v.prov("atLocation"), place)
        yield Triple(place, v.rdf("type"), v.prov("Location"))
        yield Triple(place, v.skos("prefLabel"), Literal(s.place_zh, language="zh"))
        if en:
            yield Triple(place, v.skos("prefLabel"), Literal(en, language="en"))

    def act_identity(self, key: ActKey) -> Iterator[Triple]:
        """An act's classes, notation, number and body, once per build."""
        node = self.act(key)
        if node.value in self._described:
            return
        self._described.add(node.value)
        v = self.v
        yield Triple(node, v.rdf("type"), v.undo("Resolution" if key.kind == "resolution" else "Decision"))
        yield Triple(node, v.rdf("type"), v.eli("LegalResource"))
        yield Triple(node, v.skos("notation"), Literal(self.notations.get(key, key.notation)))
        if key.number:
            yield Triple(node, v.eli("number"), Literal(self.notations.get(key, key.notation).split(" ", 2)[2]))
        yield Triple(node, v.kgo("kind"), Literal(key.kind))
        if key.body:
            yield Triple(node, v.eli("passed_by"), NamedNode(iris.body_iri(key.body, v.base)))
        if key.recommended_by is not None:
            yield Triple(node, v.kgo("recommendedBy"), self.act(key.recommended_by))
            yield from self.act_identity(key.recommended_by)

    def annotate(self, doc: Document, fact: NamedNode, start: int, end: int,
                 role: str) -> Iterator[Triple]:
        """Provenance (Web Annotation): ``fact`` was read from normalized [start, end), i.e.
        characters [s, e) of the source file. Every emitter's provenance goes through here.

        The target and its selectors depend on the span only, so they are written once per
        span; the annotation is one per (span, role, fact)."""
        v = self.v
        d = self.doc_node(doc)
        s, e = doc.source_span(start, end)
        span = iris.span_iri(d.value, s, e)
        ann = NamedNode(iris.annotation_iri(span, role, fact.value))
        target = NamedNode(span)
        rdf_type = v.rdf("type")
        yield Triple(ann, rdf_type, v.oa("Annotation"))
        yield Triple(ann, v.oa("hasBody"), fact)
        yield Triple(ann, v.oa("hasTarget"), target)
        yield Triple(ann, v.kgo("role"), Literal(role))
        yield Triple(fact, v.prov("wasDerivedFrom"), d)
        if span in self._spans:
            return
        self._spans.add(span)
        pos, quote = NamedNode(iris.selector_iri(span, "position")), NamedNode(iris.selector_iri(span, "quote"))
        yield Triple(target, rdf_type, v.oa("SpecificResource"))
        yield Triple(target, v.oa("hasSource"), d)
        yield Triple(target, v.oa("hasSelector"), pos)
        yield Triple(target, v.oa("hasSelector"), quote)
        yield Triple(pos, rdf_type, v.oa("TextPositionSelector"))
        yield Triple(pos, v.oa("start"), _int(s, v))
        yield Triple(pos, v.oa("end"), _int(e, v))
        yield Triple(quote, rdf_type, v.oa("TextQuoteSelector"))
        yield Triple(quote, v.oa("exact"), Literal(doc.source.text[s:e]))


_REWIDEN = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})


def _title_text(act: AdoptedAct) -> str:
    """The title in Chinese typography: normalization made its punctuation ASCII."""
    return act.title.translate(_REWIDEN)
