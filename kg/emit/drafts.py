"""emit.drafts: a draft (an L. document) ``kgo:sponsoredBy`` States / organizations
(``kgo:submittedBy`` whoever submitted it when a list of sponsors is printed), ``kgo:became`` the
act it was adopted as. Each sponsorship is an n-ary ``kgo:Sponsorship`` node and each outcome a
``kgo:DraftOutcome`` node, both carrying provenance. The draft is the same node as its symbol's
(emit.symbols); sponsors are the nodes the States, organizations and bodies emitters mint."""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from .. import iris
from ..facts import Draft, Sponsor
from ..models import Document
from .core import Emitter, Vocab


def sponsor_iri(sp: Sponsor, base: str) -> str | None:
    if sp.kind == "state":
        return iris.state_iri(sp.key, base)
    if sp.kind == "organization":
        return iris.organization_iri(sp.key, base)
    if sp.kind == "body":
        return iris.subsidiary_body_iri(sp.key, base)
    return None  # a chair or a group kept as written


def _sponsorship(doc: Document, draft: NamedNode, sp: Sponsor, v: Vocab,
                 emitter: Emitter) -> Iterator[Triple]:
    target = sponsor_iri(sp, v.base)
    sn = NamedNode(iris.sponsorship_iri(draft.value, sp.role, sp.key))
    yield Triple(sn, v.rdf("type"), v.kgo("Sponsorship"))
    yield Triple(sn, v.kgo("draft"), draft)
    yield Triple(sn, v.kgo("sponsorRole"), Literal(sp.role))
    yield Triple(sn, v.kgo("sponsorKey"), Literal(sp.key))
    yield Triple(sn, v.skos("prefLabel"), Literal(sp.label, language="zh"))
    if target:
        target = NamedNode(target)
        yield Triple(sn, v.kgo("sponsor"), target)
        yield Triple(draft, v.kgo("sponsoredBy" if sp.role == "sponsor" else "submittedBy"), target)
    if sp.on_behalf:
        yield Triple(sn, v.kgo("onBehalfOfText"), Literal(sp.on_behalf, language="zh"))
    yield from emitter.annotate(doc, sn, sp.start, sp.end, iris.annotation_role("sponsor", sp.role, sp.key))


def drafts(doc: Document, facts: tuple[Draft, ...], emitter: Emitter) -> Iterator[Triple]:
    v = emitter.v
    for f in facts:
        node = iris.node(iris.un_document_iri(f.symbol, v.base))
        yield Triple(node, v.rdf("type"), v.foaf("Document"))
        yield Triple(node, v.rdf("type"), v.kgo("UNDocument"))
        yield Triple(node, v.rdf("type"), v.kgo("Draft"))
        yield Triple(node, v.skos("notation"), Literal(f.symbol))
        yield from emitter.annotate(doc, node, f.start, f.end, iris.annotation_role("draft", f.symbol))
        for sp in f.sponsors:
            yield from _sponsorship(doc, node, sp, v, emitter)
        if f.became is not None:
            act = emitter.act(f.became)
            yield Triple(node, v.kgo("became"), act)
            outcome = NamedNode(iris.draft_outcome_iri(node.value))
            yield Triple(outcome, v.rdf("type"), v.kgo("DraftOutcome"))
            yield Triple(outcome, v.kgo("draft"), node)
            yield Triple(outcome, v.kgo("became"), act)
            yield from emitter.annotate(doc, outcome, f.became_start, f.became_end, "became")
