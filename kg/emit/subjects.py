"""emit.subjects: subjects as SKOS concepts, in two schemes.

- UNBIS headings (``{base}subject/unbis``, notation ``UNBIS``): ``skos:Concept`` labelled in
  English as printed; the report ``dcterms:subject`` each.
- key terms (``{base}subject/keyword``, notation ``keyword``): ``skos:Concept`` labelled in
  Chinese; the adopted act ``dcterms:subject`` each.

Provenance of each concept's occurrence through ``Emitter.annotate``.
"""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from .. import iris
from ..facts import KeyTerm, SubjectHeading
from ..models import Document
from .core import Emitter, Vocab

SCHEMES = {  # scheme -> (notation, English label)
    "unbis": ("UNBIS", "UNBIS Thesaurus subject headings, as printed with the document"),
    "keyword": ("keyword", "Key terms of adopted acts (jieba TF-IDF)"),
}


def vocabulary(v: Vocab) -> Iterator[Triple]:
    for scheme, (notation, label) in SCHEMES.items():
        node = NamedNode(iris.subject_scheme_iri(scheme, v.base))
        yield Triple(node, v.rdf("type"), v.skos("ConceptScheme"))
        yield Triple(node, v.skos("notation"), Literal(notation))
        yield Triple(node, v.skos("prefLabel"), Literal(label, language="en"))


def _concept(v: Vocab, scheme: str, label: str, language: str) -> tuple[NamedNode, list[Triple]]:
    node = iris.node(iris.subject_iri(scheme, label, v.base))
    return node, [Triple(node, v.rdf("type"), v.skos("Concept")),
                  Triple(node, v.skos("inScheme"), iris.node(iris.subject_scheme_iri(scheme, v.base))),
                  Triple(node, v.skos("prefLabel"), Literal(label, language=language))]


def headings(doc: Document, facts: tuple[SubjectHeading, ...], emitter: Emitter) -> Iterator[Triple]:
    v = emitter.v
    report = emitter.doc_node(doc)
    for f in facts:
        node, triples = _concept(v, "unbis", f.label, "en")
        yield from triples
        yield Triple(report, v.dcterms("subject"), node)
        yield from emitter.annotate(doc, node, f.start, f.end, "subject")


def key_terms(doc: Document, facts: tuple[KeyTerm, ...], emitter: Emitter) -> Iterator[Triple]:
    v = emitter.v
    for f in facts:
        node, triples = _concept(v, "keyword", f.term, "zh")
        yield from triples
        yield Triple(emitter.act(f.act), v.dcterms("subject"), node)
        yield from emitter.annotate(doc, node, f.start, f.end, "keyword")
