"""Persons and the seats they hold: ``foaf:Person`` + ``org:Membership`` (role, body,
session, State on whose behalf), each membership with provenance.

A person's names: every form printed for them in the documents built together is kept (each
document's emitter counts its forms in ``emitter.gathered``, cached with its summary; the build
sums them over the corpus); then (``names``, the component's closing) the preferred one becomes ``foaf:name`` and ``skos:prefLabel``
and the others ``skos:altLabel`` — Chinese-script names tagged ``zh``, Latin-script names as
printed, untagged (their language is not known). The choice depends only on the forms and how
often each is printed, never on the order of the files (``preferred_name``)."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from .. import iris
from ..extract.persons import ROLES, person_identity
from ..facts import PersonMention
from ..lexicon import organizations
from ..models import Document
from .core import Emitter, Vocab


def vocabulary(v: Vocab) -> Iterator[Triple]:
    scheme = NamedNode(iris.role_scheme_iri(v.base))
    yield Triple(scheme, v.rdf("type"), v.skos("ConceptScheme"))
    yield Triple(scheme, v.skos("prefLabel"), Literal("Roles held by persons", language="en"))
    for key, (zh, en) in ROLES.items():
        node = NamedNode(iris.role_iri(key, v.base))
        yield Triple(node, v.rdf("type"), v.org("Role"))
        yield Triple(node, v.rdf("type"), v.skos("Concept"))
        yield Triple(node, v.skos("inScheme"), scheme)
        yield Triple(node, v.skos("notation"), Literal(key))
        yield Triple(node, v.skos("prefLabel"), Literal(zh, language="zh"))
        yield Triple(node, v.skos("prefLabel"), Literal(en, language="en"))


def _printed_role(v: Vocab, node: NamedNode, f: PersonMention) -> Iterator[Triple]:
    """A title as printed (大使, 司法部长, …), its English form from kg/data/roles.tsv."""
    yield Triple(node, v.rdf("type"), v.org("Role"))
    yield Triple(node, v.rdf("type"), v.skos("Concept"))
    yield Triple(node, v.skos("inScheme"), NamedNode(iris.role_scheme_iri(v.base)))
    yield Triple(node, v.skos("notation"), Literal(f.role))
    yield Triple(node, v.skos("prefLabel"), Literal(f.role_en or f.role, language="en"))
    yield Triple(node, v.skos("altLabel"), Literal(f.role_zh, language="zh"))


def mentions(doc: Document, facts: tuple[PersonMention, ...], emitter: Emitter) -> Iterator[Triple]:
    v = emitter.v
    d = emitter.doc_node(doc)
    s = doc.session
    session = emitter.session_node(doc)
    where = iris.session_or_report_path(s.body if s else None, s.ordinal if s else None,
                                        doc.source.sha256, "/")
    printed = emitter.gathered.setdefault("persons", {})  # summed over the corpus for ``names``
    for f in facts:
        person = NamedNode(iris.person_iri(person_identity(f.name), f.state, v.base,
                                           f.organization or f.affiliation))
        state = iris.node(iris.state_iri(f.state, v.base)) if f.state else None
        forms = printed.setdefault(person.value, {})
        name = _as_printed(f.name)
        forms[name] = forms.get(name, 0) + 1
        yield Triple(person, v.rdf("type"), v.foaf("Person"))
        if state is not None:
            yield Triple(person, v.prov("actedOnBehalfOf"), state)
        m = NamedNode(iris.membership_iri(where, f.role, person.value, v.base))
        yield Triple(m, v.rdf("type"), v.org("Membership"))
        yield Triple(m, v.org("member"), person)
        role = iris.node(iris.role_iri(f.role, v.base))
        yield Triple(m, v.org("role"), role)
        if f.role not in ROLES:
            yield from _printed_role(v, role, f)
        if state is not None:
            yield Triple(m, v.prov("actedOnBehalfOf"), state)
        if f.organization and f.organization in organizations():
            yield Triple(m, v.org("organization"), iris.node(iris.organization_iri(f.organization, v.base)))
        if f.bureau and s is not None:
            yield Triple(m, v.org("organization"), iris.node(iris.body_iri(s.body, v.base)))
        if session is not None:
            yield Triple(m, v.kgo("atSession"), session)
        if f.role_inferred:
            yield Triple(m, v.kgo("roleInferred"), Literal("true", datatype=v.xsd("boolean")))
        yield Triple(d, v.kgo("mentions"), person)
        yield from emitter.annotate(doc, m, f.start, f.end, "membership")
        yield from emitter.annotate(doc, person, f.start, f.start + len(f.name), "person-mention")


_SPACES = re.compile(r"\s+")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _as_printed(name: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip()


def preferred_name(forms: Counter) -> str:
    """The form to show among those printed for one person: the fullest (most words: "Eugenio
    María Curia" over "Eugenio Curia"), then the one with the most accented letters (a printed
    accent is rarely invented, a dropped one is a common slip: "Ibáñez" over "Ibañez"), then
    the most printed, then the first in code-point order."""
    return min(forms, key=lambda n: (-len(n.split()), -sum(not c.isascii() for c in n),
                                     -forms[n], n))


def names(printed: dict[str, Counter], v: Vocab) -> Iterator[Triple]:
    """Each person's preferred name (``foaf:name``, ``skos:prefLabel``) and other printed
    forms (``skos:altLabel``), from the forms every document of the corpus printed for them
    (person IRI -> form -> times printed, summed over the documents' summaries)."""
    for iri, forms in sorted(printed.items()):
        node = NamedNode(iri)
        pref = preferred_name(forms)
        yield Triple(node, v.foaf("name"), Literal(pref))
        yield Triple(node, v.skos("prefLabel"), _label(pref))
        for other in sorted(forms):
            if other != pref:
                yield Triple(node, v.skos("altLabel"), _label(other))


def _label(name: str) -> Literal:
    return Literal(name, language="zh") if _HAN.search(name) else Literal(name)
