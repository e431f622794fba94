"""emit: Documents -> RDF triples (pyoxigraph objects, streamed straight into the store).

Vocabularies (see ontology/kg.ttl): UNDO for resolution/decision classes, ELI for legal
resources and their subdivisions, CiTO for citations, W3C ORG, PROV-O, OWL-Time, SKOS and
Web Annotation (oa:) for provenance: each fact is the body of an ``oa:Annotation`` whose
target selects the characters of the source file it was read from.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from .. import resolve
from ..gazetteer import bodies, places, verbs
from ..models import ActKey, Document

NS = {
    "undo": "https://w3id.org/un/ontology/undo/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "cito": "http://purl.org/spar/cito/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "oa": "http://www.w3.org/ns/oa#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


class _Namespace:
    """``ns("local")`` -> the NamedNode ``<ns + local>``, made once."""

    __slots__ = ("iri", "_nodes")

    def __init__(self, iri: str):
        self.iri = iri
        self._nodes: dict[str, NamedNode] = {}

    def __call__(self, local: str) -> NamedNode:
        node = self._nodes.get(local)
        if node is None:
            node = self._nodes[local] = NamedNode(self.iri + local)
        return node


class Vocab:
    """NamedNode factories per prefix: ``v.eli("number")`` -> <…eli/ontology#number>."""

    def __init__(self, base: str):
        self.base = base
        self.kgo_ns = base + "ontology#"
        for prefix, iri in NS.items():
            setattr(self, prefix, _Namespace(iri))
        self.kgo = _Namespace(self.kgo_ns)

    def prefixes(self) -> dict[str, str]:
        return {**NS, "kgo": self.kgo_ns, "kg": self.base}

    def turtle_prefixes(self) -> dict[str, str]:
        # no kg: prefix — our IRIs have slashes, which Turtle would have to escape
        return {**NS, "kgo": self.kgo_ns}


def _date(value: str, v: Vocab) -> Literal:
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
    """Things every graph holds once: bodies and citation verbs from the gazetteers."""
    for body in bodies().values():
        node = NamedNode(resolve.body_iri(body.code, v.base))
        yield from labelled(v, node, (v.org("Organization"),), body.code, body.labels_zh,
                            body.label_en)
    scheme = NamedNode(v.base + "verb")
    yield Triple(scheme, v.rdf("type"), v.skos("ConceptScheme"))
    yield Triple(scheme, v.skos("prefLabel"), Literal("Citation verbs", language="en"))
    for verb in verbs().values():
        node = NamedNode(f"{v.base}verb/{verb.key}")
        yield from labelled(v, node, (v.skos("Concept"),), verb.key, verb.forms_zh, verb.label_en)
        yield Triple(node, v.skos("inScheme"), scheme)
        yield Triple(node, v.kgo("citoProperty"), v.cito(verb.cito))


class Emitter:
    """Turns one Document into triples; keeps IRIs stable across documents."""

    def __init__(self, v: Vocab):
        self.v = v
        self._described: set[ActKey] = set()  # acts whose identity triples are out already
        self._spans: set[str] = set()  # spans whose target and selectors are out already

    def act(self, key: ActKey) -> NamedNode:
        return NamedNode(resolve.act_iri(key, self.v.base))

    def document(self, doc: Document) -> Iterator[Triple]:
        v = self.v
        d = NamedNode(resolve.document_iri(doc, v.base))
        yield from self._document_node(doc, d)
        session = self._session(doc, d) if doc.session and doc.session.ordinal else None
        if session is not None:
            yield from session[1]
        for act in doc.acts:
            yield from self._act_identity(act.key)
            node = self.act(act.key)
            yield Triple(node, v.prov("wasDerivedFrom"), d)
            if act.title:
                yield Triple(node, v.eli("title"), Literal(_title_text(doc, act), language="zh"))
            if session is not None:
                yield Triple(node, v.kgo("adoptedAt"), session[0])
                yield Triple(node, v.eli("passed_by"), NamedNode(resolve.body_iri(act.key.body, v.base)))
            if act.date:
                yield Triple(node, v.eli("date_document"), _date(act.date, v))
            yield from self._annotate(doc, d, node, act.heading_start, act.heading_end, "adoption")
            for p in act.paragraphs:
                pn = NamedNode(resolve.paragraph_iri(act.key, p.label, v.base))
                yield Triple(pn, v.rdf("type"), v.eli("LegalResourceSubdivision"))
                yield Triple(pn, v.eli("is_part_of"), node)
                yield Triple(pn, v.eli("number"), Literal(p.label))
                yield Triple(pn, v.kgo("paragraphKind"), Literal(p.kind))
                yield from self._annotate(doc, d, pn, p.start, min(p.end, p.start + 200), "paragraph")
        for m in doc.mentions:
            node = self.act(m.key)
            yield from self._act_identity(m.key)
            yield Triple(d, v.kgo("mentions"), node)
            if m.date:
                yield Triple(node, v.eli("date_document"), _date(m.date, v))
            yield from self._annotate(doc, d, node, m.start, m.end, "mention")
        for c in doc.citations:
            citing, cited = self.act(c.citing), self.act(c.cited.key)
            yield Triple(citing, v.cito(c.relation), cited)
            cn = NamedNode(resolve.citation_iri(c.citing, c.cited.key, c.relation, v.base))
            yield Triple(cn, v.rdf("type"), v.cito("Citation"))
            yield Triple(cn, v.cito("hasCitingEntity"), citing)
            yield Triple(cn, v.cito("hasCitedEntity"), cited)
            yield Triple(cn, v.cito("hasCitationCharacterization"), v.cito(c.relation))
            if c.verb_key:
                yield Triple(cn, v.kgo("verb"), NamedNode(f"{v.base}verb/{c.verb_key}"))
            if c.verb_zh:
                yield Triple(cn, v.kgo("verbText"), Literal(c.verb_zh, language="zh"))
            if c.paragraph is not None:
                pn = NamedNode(resolve.paragraph_iri(c.citing, c.paragraph.label, v.base))
                yield Triple(cn, v.kgo("inParagraph"), pn)
            yield Triple(cn, v.prov("wasDerivedFrom"), d)
            yield from self._annotate(doc, d, cn, c.evidence_start, c.cited.end, "citation")

    def _document_node(self, doc: Document, d: NamedNode) -> Iterator[Triple]:
        v = self.v
        yield Triple(d, v.rdf("type"), v.kgo("Report"))
        yield Triple(d, v.rdf("type"), v.foaf("Document"))
        yield Triple(d, v.kgo("fileName"), Literal(doc.source.name))
        yield Triple(d, v.kgo("sha256"), Literal(doc.source.sha256))
        yield Triple(d, v.kgo("encoding"), Literal(doc.source.encoding))
        yield Triple(d, v.kgo("textShape"), Literal(doc.normalized.shape))
        if doc.session and doc.session.symbol:
            yield Triple(d, v.kgo("symbol"), Literal(doc.session.symbol))
        label = f"Report of {doc.session.notation}" if doc.session and doc.session.ordinal else doc.source.name
        yield Triple(d, v.skos("prefLabel"), Literal(label, language="en"))

    def _session(self, doc: Document, d: NamedNode):
        v, s = self.v, doc.session
        node = NamedNode(resolve.session_iri(s.body, s.ordinal, v.base))
        triples = [
            Triple(node, v.rdf("type"), v.prov("Activity")),
            Triple(node, v.rdf("type"), v.kgo("Session")),
            Triple(node, v.skos("notation"), Literal(s.notation)),
            Triple(node, v.kgo("ordinal"), _int(s.ordinal, v)),
            Triple(node, v.prov("wasAssociatedWith"), NamedNode(resolve.body_iri(s.body, v.base))),
            Triple(d, v.kgo("reportOf"), node),
        ]
        for prop, date, suffix in (("hasBeginning", s.start_date, "start"), ("hasEnd", s.end_date, "end")):
            if date:
                instant = NamedNode(f"{node.value}/{suffix}")
                triples += [
                    Triple(node, v.time(prop), instant),
                    Triple(instant, v.rdf("type"), v.time("Instant")),
                    Triple(instant, v.time("inXSDDate"), _date(date, v)),
                ]
        if s.place_zh:
            en = places().get(s.place_zh)
            place = NamedNode(resolve.place_iri(en or s.place_zh, v.base))
            triples += [
                Triple(node, v.prov("atLocation"), place),
                Triple(place, v.rdf("type"), v.prov("Location")),
                Triple(place, v.skos("prefLabel"), Literal(s.place_zh, language="zh")),
            ]
            if en:
                triples.append(Triple(place, v.skos("prefLabel"), Literal(en, language="en")))
        triples += list(self._annotate(doc, d, node, s.start, s.end, "session"))
        return node, triples

    def _act_identity(self, key: ActKey) -> Iterator[Triple]:
        if key in self._described:
            return
        self._described.add(key)
        v = self.v
        node = self.act(key)
        yield Triple(node, v.rdf("type"), v.undo("Resolution" if key.kind == "resolution" else "Decision"))
        yield Triple(node, v.rdf("type"), v.eli("LegalResource"))
        yield Triple(node, v.skos("notation"), Literal(key.notation))
        yield Triple(node, v.eli("number"), Literal(key.number))
        yield Triple(node, v.kgo("kind"), Literal(key.kind))
        yield Triple(node, v.eli("passed_by"), NamedNode(resolve.body_iri(key.body, v.base)))

    def doc_node(self, doc: Document) -> NamedNode:
        return NamedNode(resolve.document_iri(doc, self.v.base))

    def annotate(self, doc: Document, fact: NamedNode, start: int, end: int,
                 role: str) -> Iterator[Triple]:
        """Provenance for an entity module: ``fact`` read from normalized [start, end)."""
        return self._annotate(doc, self.doc_node(doc), fact, start, end, role)

    def _annotate(self, doc: Document, d: NamedNode, fact: NamedNode, start: int, end: int,
                  role: str) -> Iterator[Triple]:
        """Web Annotation: ``fact`` was read from characters [s, e) of the source file.

        The target and its selectors depend on the span only, so they are written once per
        span; the annotation is one per (span, role, fact)."""
        v = self.v
        s, e = doc.source_span(start, end)
        span = f"{d.value}/span/{s}-{e}"
        fact_id = hashlib.blake2s(fact.value.encode(), digest_size=6).hexdigest()
        ann = NamedNode(f"{span}/{role}/{fact_id}")
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
        pos, quote = NamedNode(span + "/position"), NamedNode(span + "/quote")
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


def _title_text(doc: Document, act) -> str:
    """The title in Chinese typography: normalization made its punctuation ASCII."""
    return act.title.translate(_REWIDEN)
