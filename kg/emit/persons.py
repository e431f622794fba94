"""Persons and the seats they hold: ``foaf:Person`` + ``org:Membership`` (role, body,
session, State on whose behalf), each membership with provenance."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Triple

from .. import resolve
from ..extract.persons import ROLES
from ..extract.organizations import organizations
from .organizations import org_iri, slug
from .states import state_iri

KIND = "persons"


def name_slug(name: str) -> str:
    """The name as printed, lower-cased, accents kept (percent-encoded): "Ibáñez" and "Ibañez"
    are two spellings and stay two nodes (identity is the printed name + State)."""
    s = re.sub(r"[^\w]+", "-", unicodedata.normalize("NFC", name)).strip("-").lower()
    return quote(s or "x", safe="-._~")


def person_iri(name: str, iso3: str | None, base: str, affiliation: str | None = None) -> str:
    """From identity: name + State, or name + organization/affiliation when no State is printed."""
    tail = iso3.lower() if iso3 else slug(affiliation or "x")
    return f"{base}person/{name_slug(name)}-{tail}"


def role_iri(role: str, base: str) -> str:
    return f"{base}role/{role}"


def vocabulary_triples(v) -> Iterator[Triple]:
    scheme = NamedNode(v.base + "role")
    yield Triple(scheme, v.rdf("type"), v.skos("ConceptScheme"))
    yield Triple(scheme, v.skos("prefLabel"), Literal("Roles held by persons", language="en"))
    for key, (zh, en) in ROLES.items():
        node = NamedNode(role_iri(key, v.base))
        yield Triple(node, v.rdf("type"), v.org("Role"))
        yield Triple(node, v.rdf("type"), v.skos("Concept"))
        yield Triple(node, v.skos("inScheme"), scheme)
        yield Triple(node, v.skos("notation"), Literal(key))
        yield Triple(node, v.skos("prefLabel"), Literal(zh, language="zh"))
        yield Triple(node, v.skos("prefLabel"), Literal(en, language="en"))


def triples(doc, facts, emitter) -> Iterator[Triple]:
    v = emitter.v
    d = emitter.doc_node(doc)
    s = doc.session
    session = NamedNode(resolve.session_iri(s.body, s.ordinal, v.base)) if s and s.ordinal else None
    where = f"{resolve.body_slug(s.body)}/{s.ordinal}" if session is not None else f"doc/{doc.source.sha256[:16]}"
    known = organizations()
    for f in facts:
        name, iso3, role = f.attrs["name"], f.attrs["state"], f.attrs["role"]
        org = f.attrs.get("organization")
        person = NamedNode(person_iri(name, iso3, v.base, org or f.attrs.get("affiliation")))
        state = NamedNode(state_iri(iso3, v.base)) if iso3 else None
        yield Triple(person, v.rdf("type"), v.foaf("Person"))
        yield Triple(person, v.foaf("name"), Literal(name))
        yield Triple(person, v.skos("prefLabel"), Literal(name))
        if state is not None:
            yield Triple(person, v.prov("actedOnBehalfOf"), state)
        m = NamedNode(f"{v.base}membership/{where}/{role}/{person.value.rsplit('/', 1)[1]}")
        yield Triple(m, v.rdf("type"), v.org("Membership"))
        yield Triple(m, v.org("member"), person)
        rnode = NamedNode(role_iri(role, v.base))
        yield Triple(m, v.org("role"), rnode)
        if role not in ROLES:
            # a title as printed (大使, 司法部长, …), its English form from kg/data/roles.tsv
            yield Triple(rnode, v.rdf("type"), v.org("Role"))
            yield Triple(rnode, v.rdf("type"), v.skos("Concept"))
            yield Triple(rnode, v.skos("inScheme"), NamedNode(v.base + "role"))
            yield Triple(rnode, v.skos("notation"), Literal(role))
            yield Triple(rnode, v.skos("prefLabel"), Literal(f.attrs.get("role_en") or role, language="en"))
            yield Triple(rnode, v.skos("altLabel"), Literal(f.attrs["role_zh"], language="zh"))
        if state is not None:
            yield Triple(m, v.prov("actedOnBehalfOf"), state)
        if org and org in known:
            yield Triple(m, v.org("organization"), NamedNode(org_iri(org, v.base)))
        if f.attrs.get("bureau") and s is not None:
            yield Triple(m, v.org("organization"), NamedNode(resolve.body_iri(s.body, v.base)))
        if session is not None:
            yield Triple(m, v.kgo("atSession"), session)
        if f.attrs.get("role_inferred"):
            yield Triple(m, v.kgo("roleInferred"), Literal("true", datatype=v.xsd("boolean")))
        yield Triple(d, v.kgo("mentions"), person)
        yield from emitter.annotate(doc, m, f.start, f.end, "membership")
        yield from emitter.annotate(doc, person, f.start, f.start + len(name), "person-mention")
