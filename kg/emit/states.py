"""States (gazetteer, once per graph), their mentions, and "speaks on behalf of" a group.

A State is ``kgo:State`` (a subclass of ``org:Organization``) at ``{base}state/{ISO3}``,
``skos:exactMatch`` the EU Publications Office country authority. Speaking for a group is
PROV's qualified delegation: ``state prov:actedOnBehalfOf group`` plus a ``prov:Delegation``
node (``prov:agent`` the group, ``prov:hadActivity`` the session) carrying the provenance.
"""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from .. import resolve
from ..extract.states import SpeaksFor, states
from ..models import EntityMention
from .core import labelled
from .organizations import org_iri, slug

KIND = "states"
EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"


def state_iri(iso3: str, base: str) -> str:
    return f"{base}state/{iso3}"


def vocabulary_triples(v) -> Iterator[Triple]:
    for st in states().values():
        node = NamedNode(state_iri(st.iso3, v.base))
        yield from labelled(v, node, (v.kgo("State"), v.org("Organization")), st.iso3,
                            (st.label_zh, *st.aliases_zh), st.label_en)
        yield Triple(node, v.skos("exactMatch"), NamedNode(EU_COUNTRY + st.iso3))
        yield Triple(node, v.kgo("membershipStatus"), Literal(st.status))


def triples(doc, facts, emitter) -> Iterator[Triple]:
    v = emitter.v
    d = emitter.doc_node(doc)
    session = None
    if doc.session and doc.session.ordinal:
        session = NamedNode(resolve.session_iri(doc.session.body, doc.session.ordinal, v.base))
    for f in facts:
        if isinstance(f, EntityMention):
            node = NamedNode(state_iri(f.key, v.base))
            yield Triple(d, v.kgo("mentions"), node)
            yield from emitter.annotate(doc, node, f.start, f.end, "state-mention")
        elif isinstance(f, SpeaksFor):
            state = NamedNode(state_iri(f.state, v.base))
            group = NamedNode(org_iri(f.group, v.base))
            where = (f"{resolve.body_slug(doc.session.body)}-{doc.session.ordinal}"
                     if session is not None else f"doc-{doc.source.sha256[:16]}")
            node = NamedNode(f"{state.value}/on-behalf-of/{slug(f.group)}/{where}")
            yield Triple(state, v.prov("actedOnBehalfOf"), group)
            yield Triple(state, v.prov("qualifiedDelegation"), node)
            yield Triple(node, v.rdf("type"), v.prov("Delegation"))
            yield Triple(node, v.prov("agent"), group)
            yield Triple(node, v.kgo("delegate"), state)
            if session is not None:
                yield Triple(node, v.prov("hadActivity"), session)
            yield from emitter.annotate(doc, node, f.start, f.end, "speaks-for")
