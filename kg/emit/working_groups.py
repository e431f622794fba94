"""Subsidiary bodies (org:OrganizationalUnit, org:subOrganizationOf their parent) and the
"act establishes body" relation (a kgo:Establishment node with provenance + kgo:establishes).
"""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from .. import iris
from ..facts import BodyMention, Establishment
from ..models import Document
from .core import Emitter


def mentions(doc: Document, facts: tuple[BodyMention, ...], emitter: Emitter) -> Iterator[Triple]:
    """Each body once with its labels; every name it is written under as an altLabel. An
    anaphor (该工作组) names no body: it is kept for the mandates, not published."""
    v = emitter.v
    labelled: set[str] = set()
    for f in facts:
        if f.anaphor:
            continue
        node = NamedNode(iris.subsidiary_body_iri(f.key, v.base))
        if f.key not in labelled:
            labelled.add(f.key)
            yield Triple(node, v.rdf("type"), v.org("OrganizationalUnit"))
            yield Triple(node, v.rdf("type"), v.kgo("SubsidiaryBody"))
            yield Triple(node, v.org("subOrganizationOf"), iris.node(iris.body_iri(f.parent, v.base)))
            yield Triple(node, v.skos("prefLabel"), Literal(f.label_zh, language="zh"))
            if f.label_en:
                yield Triple(node, v.skos("prefLabel"), Literal(f.label_en, language="en"))
        if f.label != f.label_zh:
            yield Triple(node, v.skos("altLabel"), Literal(f.label, language="zh"))
        yield Triple(emitter.doc_node(doc), v.kgo("mentionsBody"), node)
        yield from emitter.annotate(doc, node, f.start, f.end, "body-mention")


def establishments(doc: Document, facts: tuple[Establishment, ...], emitter: Emitter) -> Iterator[Triple]:
    v = emitter.v
    for f in facts:
        act = emitter.act(f.act)
        body = iris.node(iris.subsidiary_body_iri(f.key, v.base))
        node = NamedNode(iris.establishment_iri(f.act, f.key, v.base))
        yield Triple(act, v.kgo("establishes"), body)
        yield Triple(node, v.rdf("type"), v.kgo("Establishment"))
        yield Triple(node, v.kgo("establishingAct"), act)
        yield Triple(node, v.kgo("establishedBody"), body)
        yield from emitter.annotate(doc, node, f.start, f.end, "establishment")
