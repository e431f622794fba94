"""States (gazetteer, once per graph), their mentions, and "speaks on behalf of" a group.

A State is ``kgo:State`` (a subclass of ``org:Organization``) at ``{base}state/{ISO3}``,
``skos:exactMatch`` the EU Publications Office country authority. Speaking for a group is
PROV's qualified delegation: ``state prov:actedOnBehalfOf group`` plus a ``prov:Delegation``
node (``prov:agent`` the group, ``prov:hadActivity`` the session) carrying the provenance.
"""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from .. import iris
from ..facts import SpeaksFor, StateMention
from ..lexicon import states
from ..models import Document
from .core import Emitter, Vocab, labelled


def vocabulary(v: Vocab) -> Iterator[Triple]:
    for st in states().values():
        node = NamedNode(iris.state_iri(st.iso3, v.base))
        yield from labelled(v, node, (v.kgo("State"), v.org("Organization")), st.iso3,
                            (st.label_zh, *st.aliases_zh), st.label_en)
        yield Triple(node, v.skos("exactMatch"), NamedNode(iris.eu_country_iri(st.iso3)))
        yield Triple(node, v.kgo("membershipStatus"), Literal(st.status))


def mentions(doc: Document, facts: tuple[StateMention, ...], emitter: Emitter) -> Iterator[Triple]:
    v = emitter.v
    d = emitter.doc_node(doc)
    mentioned: set[str] = set()  # the report mentions a State once, at all of its spans
    for f in facts:
        node = iris.node(iris.state_iri(f.key, v.base))
        if f.key not in mentioned:
            mentioned.add(f.key)
            yield Triple(d, v.kgo("mentions"), node)
        yield from emitter.annotate(doc, node, f.start, f.end, "state-mention")


def speaks_for(doc: Document, facts: tuple[SpeaksFor, ...], emitter: Emitter) -> Iterator[Triple]:
    v = emitter.v
    session = emitter.session_node(doc)
    s = doc.session
    where = iris.session_or_report_path(s.body if s else None, s.ordinal if s else None,
                                        doc.source.sha256, "-")
    for f in facts:
        state = iris.node(iris.state_iri(f.state, v.base))
        group = iris.node(iris.organization_iri(f.group, v.base))
        node = NamedNode(iris.delegation_iri(f.state, f.group, where, v.base))
        yield Triple(state, v.prov("actedOnBehalfOf"), group)
        yield Triple(state, v.prov("qualifiedDelegation"), node)
        yield Triple(node, v.rdf("type"), v.prov("Delegation"))
        yield Triple(node, v.prov("agent"), group)
        yield Triple(node, v.kgo("delegate"), state)
        if session is not None:
            yield Triple(node, v.prov("hadActivity"), session)
        yield from emitter.annotate(doc, node, f.start, f.end, "speaks-for")
