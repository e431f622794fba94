"""emit.drafts: a draft (an L. document) ``kgo:sponsoredBy`` States / organizations
(``kgo:submittedBy`` whoever submitted it when a list of sponsors is printed), ``kgo:became`` the
act it was adopted as. Each sponsorship is an n-ary ``kgo:Sponsorship`` node and each outcome a
``kgo:DraftOutcome`` node, both carrying provenance. Same document IRI as emit.symbols; State
IRIs ``state/<ISO3>`` and organization IRIs ``organization/<id>`` as the States and organizations
emitters mint them."""
from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Triple

from .organizations import org_iri
from .symbols import document_iri

KIND = "drafts"


def sponsor_iri(kind: str, key: str, base: str) -> str | None:
    if kind == "state":
        return f"{base}state/{key}"
    if kind == "organization":
        return org_iri(key, base)  # the organizations emitter's IRI for that id
    if kind == "body":
        return f"{base}body/{key}"  # as emit.working_groups mints it
    return None


def triples(doc, facts, emitter) -> Iterator[Triple]:
    v = emitter.v
    for f in facts:
        node = NamedNode(document_iri(f.symbol, v.base))
        yield Triple(node, v.rdf("type"), v.foaf("Document"))
        yield Triple(node, v.rdf("type"), v.kgo("UNDocument"))
        yield Triple(node, v.rdf("type"), v.kgo("Draft"))
        yield Triple(node, v.skos("notation"), Literal(f.symbol))
        yield from emitter.annotate(doc, node, f.start, f.end, f"draft/{quote(f.symbol, safe='')}")
        for sp in f.sponsors:
            target = sponsor_iri(sp.kind, sp.key, v.base)
            sn = NamedNode(f"{node.value}/sponsorship/{sp.role}/{quote(sp.key, safe='')}")
            yield Triple(sn, v.rdf("type"), v.kgo("Sponsorship"))
            yield Triple(sn, v.kgo("draft"), node)
            yield Triple(sn, v.kgo("sponsorRole"), Literal(sp.role))
            yield Triple(sn, v.kgo("sponsorKey"), Literal(sp.key))
            yield Triple(sn, v.skos("prefLabel"), Literal(sp.label, language="zh"))
            if target:
                target = NamedNode(target)
                yield Triple(sn, v.kgo("sponsor"), target)
                yield Triple(node, v.kgo("sponsoredBy" if sp.role == "sponsor" else "submittedBy"), target)
            if sp.on_behalf:
                yield Triple(sn, v.kgo("onBehalfOfText"), Literal(sp.on_behalf, language="zh"))
            yield from emitter.annotate(doc, sn, sp.start, sp.end,
                                        f"sponsor/{sp.role}/{quote(sp.key, safe='')}")
        if f.became is not None:
            act = emitter.act(f.became)
            yield Triple(node, v.kgo("became"), act)
            on = NamedNode(f"{node.value}/became")
            yield Triple(on, v.rdf("type"), v.kgo("DraftOutcome"))
            yield Triple(on, v.kgo("draft"), node)
            yield Triple(on, v.kgo("became"), act)
            yield from emitter.annotate(doc, on, f.became_start, f.became_end, "became")
