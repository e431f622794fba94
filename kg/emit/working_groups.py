"""Subsidiary bodies (org:OrganizationalUnit, org:subOrganizationOf their parent) and the
"act establishes body" relation (a kgo:Establishment node with provenance + kgo:establishes).
"""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from .. import resolve
from ..extract.working_groups import KIND, Establishment
from ..models import EntityMention

__all__ = ["KIND", "triples", "body_node"]


def body_node(key: str, base: str) -> NamedNode:
    return NamedNode(f"{base}body/{key}")


def triples(doc, facts, emitter) -> Iterator[Triple]:
    v = emitter.v
    labelled: set[str] = set()
    for f in facts:
        if isinstance(f, Establishment):
            act = emitter.act(f.act)
            body = body_node(f.key, v.base)
            node = NamedNode(f"{resolve.act_iri(f.act, v.base)}/establishes/{f.key}")
            yield Triple(act, v.kgo("establishes"), body)
            yield Triple(node, v.rdf("type"), v.kgo("Establishment"))
            yield Triple(node, v.kgo("establishingAct"), act)
            yield Triple(node, v.kgo("establishedBody"), body)
            yield from emitter.annotate(doc, node, f.start, f.end, "establishment")
            continue
        if not isinstance(f, EntityMention) or f.attrs.get("anaphor"):
            continue
        node = body_node(f.key, v.base)
        if f.key not in labelled:
            labelled.add(f.key)
            a = f.attrs
            yield Triple(node, v.rdf("type"), v.org("OrganizationalUnit"))
            yield Triple(node, v.rdf("type"), v.kgo("SubsidiaryBody"))
            yield Triple(node, v.org("subOrganizationOf"), NamedNode(resolve.body_iri(a["parent"], v.base)))
            yield Triple(node, v.skos("prefLabel"), Literal(a["pref_zh"], language="zh"))
            if a.get("label_en"):
                yield Triple(node, v.skos("prefLabel"), Literal(a["label_en"], language="en"))
        if f.label != f.attrs["pref_zh"]:
            yield Triple(node, v.skos("altLabel"), Literal(f.label, language="zh"))
        yield Triple(emitter.doc_node(doc), v.kgo("mentionsBody"), node)
        yield from emitter.annotate(doc, node, f.start, f.end, "mention")
