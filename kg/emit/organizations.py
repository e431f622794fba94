"""Groups and organizations: gazetteer entries once per graph, mentions with provenance."""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from .. import iris
from ..facts import OrganizationMention
from ..lexicon import bodies, organizations
from ..models import Document
from .core import Emitter, Vocab

# types that are formal organizations (constituted by an agreement), not informal groupings
_FORMAL = {"UN entity", "UN specialized agency", "UN related organization", "IGO",
           "regional economic integration organization", "EU institution", "NGO"}


def _identity(v: Vocab, node, oid, labels_zh, label_en, kind) -> Iterator[Triple]:
    yield Triple(node, v.rdf("type"), v.org("Organization"))
    if kind in _FORMAL:
        yield Triple(node, v.rdf("type"), v.org("FormalOrganization"))
    yield Triple(node, v.skos("notation"), Literal(oid))
    yield Triple(node, v.skos("prefLabel"), Literal(labels_zh[0], language="zh"))
    if label_en:
        yield Triple(node, v.skos("prefLabel"), Literal(label_en, language="en"))
    for alias in labels_zh[1:]:
        yield Triple(node, v.skos("altLabel"), Literal(alias, language="zh"))
    yield Triple(node, v.kgo("organizationType"), Literal(kind))


def vocabulary(v: Vocab) -> Iterator[Triple]:
    for o in organizations().values():
        yield from _identity(v, NamedNode(iris.organization_iri(o.id, v.base)), o.id, o.labels_zh,
                             o.label_en, o.type)


def _organ_node(v: Vocab, body: str) -> NamedNode:
    """A UN organ is the body's own node: an acting body of bodies.tsv or a subsidiary body."""
    if body in bodies():
        return iris.node(iris.body_iri(body, v.base))
    return iris.node(iris.subsidiary_body_iri(body, v.base))


def _organ(v: Vocab, f: OrganizationMention, node: NamedNode) -> Iterator[Triple]:
    """Typed here; its labels come from kg/emit/core.py for the organs of bodies.tsv, from
    kg/emit/working_groups.py for subsidiary organs."""
    if f.body not in bodies():
        yield Triple(node, v.rdf("type"), v.org("Organization"))
        yield Triple(node, v.skos("notation"), Literal(f.body))
    yield Triple(node, v.rdf("type"), v.org("FormalOrganization"))
    yield Triple(node, v.kgo("organizationType"), Literal(f.type))


def mentions(doc: Document, facts: tuple[OrganizationMention, ...], emitter: Emitter) -> Iterator[Triple]:
    v = emitter.v
    d = emitter.doc_node(doc)
    known = organizations()
    mentioned: set[str] = set()
    for f in facts:
        if f.body:
            node = _organ_node(v, f.body)
            yield from _organ(v, f, node)
        else:
            node = iris.node(iris.organization_iri(f.key, v.base))
            if f.key not in known:
                yield from _identity(v, node, f.key, (f.label,), "", f.type)
        if node.value not in mentioned:  # once, however many spans
            mentioned.add(node.value)
            yield Triple(d, v.kgo("mentions"), node)
        yield from emitter.annotate(doc, node, f.start, f.end, "organization-mention")
