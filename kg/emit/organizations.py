"""Groups and organizations: gazetteer entries once per graph, mentions with provenance."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Triple

from .. import resolve
from ..extract.organizations import organizations
from ..gazetteer import bodies

KIND = "organizations"

# types that are formal organizations (constituted by an agreement), not informal groupings
_FORMAL = {"UN entity", "UN specialized agency", "UN related organization", "IGO",
           "regional economic integration organization", "EU institution", "NGO"}


def slug(text: str) -> str:
    """ASCII slug when the name is Latin, else percent-encoded; stable across documents."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    s = re.sub(r"[^0-9A-Za-z\u3400-\u9fff]+", "-", folded).strip("-").lower()
    return quote(s or "x", safe="-._~")


def org_iri(oid: str, base: str) -> str:
    return f"{base}organization/{slug(oid)}"


def _identity(v, node, oid, labels_zh, label_en, kind) -> Iterator[Triple]:
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


def vocabulary_triples(v) -> Iterator[Triple]:
    for o in organizations().values():
        yield from _identity(v, NamedNode(org_iri(o.id, v.base)), o.id, o.labels_zh, o.label_en, o.type)


def triples(doc, facts, emitter) -> Iterator[Triple]:
    v = emitter.v
    d = emitter.doc_node(doc)
    known = organizations()
    organs = bodies()
    for f in facts:
        body = f.attrs.get("body")
        if body:
            # a UN organ: the body's own node (labels from kg/emit/core.py for the organs of
            # bodies.tsv, from kg/emit/working_groups.py for subsidiary organs); typed here
            if body in organs:
                node = NamedNode(resolve.body_iri(body, v.base))
            else:
                node = NamedNode(f"{v.base}body/{body}")
                yield Triple(node, v.rdf("type"), v.org("Organization"))
                yield Triple(node, v.skos("notation"), Literal(body))
            yield Triple(node, v.rdf("type"), v.org("FormalOrganization"))
            yield Triple(node, v.kgo("organizationType"), Literal(f.attrs.get("type", "UN entity")))
        else:
            node = NamedNode(org_iri(f.key, v.base))
        if not body and f.key not in known:
            yield from _identity(v, node, f.key, (f.label,), "", f.attrs.get("type", "NGO"))
        yield Triple(d, v.kgo("mentions"), node)
        yield from emitter.annotate(doc, node, f.start, f.end, "organization-mention")
