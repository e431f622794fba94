"""Mandates as n-ary nodes (UNDO's undo:Relation pattern): kgo:Mandate ⊑ undo:Relation with
kgo:proponent (the act, or the body whose recommendations these are: a working group's report,
an annex an act endorses — then kgo:endorsedBy the act), kgo:addressee (an organization; each
one a written list names), kgo:verb (a SKOS concept), kgo:action (requested action, @zh),
kgo:inParagraph, provenance; plus act kgo:mandates addressee when the act itself asks.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Triple

from .. import iris
from ..extract.mandates import without_short_name
from ..facts import Mandate
from ..lexicon import addressees, mandate_verbs, organization_alias_index
from ..models import Document
from .core import Emitter, Vocab, chinese_literal

BODY_PREFIX = "body:"  # an addressee key naming a subsidiary body
ORGAN_PREFIX = "organ:"  # … naming a body of bodies.tsv (the General Assembly …)


@lru_cache(maxsize=4096)  # the addressees of a corpus are few, asked again and again
def addressee_node(key: str, surface: str, base: str) -> NamedNode:
    """Who a mandate asks: a subsidiary body's or an organ's own node; an organization of the
    gazetteer (UNODC, INTERPOL) its own node too — so one query counts what was asked of it,
    however the mandate names it —; else the addressee of addressees.tsv (the Secretariat: a
    bare 秘书处 is the acting body's secretariat, no one organization) or, unlisted, the words
    as written."""
    if key.startswith(BODY_PREFIX):
        return iris.node(iris.subsidiary_body_iri(key[len(BODY_PREFIX):], base))
    if key.startswith(ORGAN_PREFIX):
        return iris.node(iris.body_iri(key[len(ORGAN_PREFIX):], base))
    organization = addressee_organization(key, surface)
    if organization is not None:
        return iris.node(iris.organization_iri(organization, base))
    if key == "other":
        return NamedNode(iris.unlisted_addressee_iri(surface, base))
    return iris.node(iris.addressee_iri(key, base))


def addressee_organization(key: str, surface: str) -> str | None:
    """The organization (organizations.tsv id) an addressee is: an unlisted addressee written
    as one of its names, or an addressee of addressees.tsv one of whose forms is its name."""
    if key == "other":  # "联合国艾滋病毒/艾滋病联合规划署(艾滋病规划署)": the name before its short name
        return organization_alias_index().get(without_short_name(surface.strip()))
    return _listed_organizations().get(key)


@lru_cache(maxsize=1)
def _listed_organizations() -> dict[str, str]:
    index = organization_alias_index()
    found: dict[str, str] = {}
    for form, a in addressees().items():
        if form in index:
            found.setdefault(a.key, index[form])
    return found


def vocabulary(v: Vocab) -> Iterator[Triple]:
    scheme = NamedNode(iris.mandate_verb_scheme_iri(v.base))
    yield Triple(scheme, v.rdf("type"), v.skos("ConceptScheme"))
    yield Triple(scheme, v.skos("prefLabel"), Literal("Mandate verbs", language="en"))
    seen = set()
    for verb in mandate_verbs().values():
        if verb.key in seen:
            continue
        seen.add(verb.key)
        node = NamedNode(iris.verb_iri(verb.key, v.base))
        yield Triple(node, v.rdf("type"), v.skos("Concept"))
        yield Triple(node, v.skos("inScheme"), scheme)
        yield Triple(node, v.skos("notation"), Literal(verb.key))
        yield Triple(node, v.skos("prefLabel"), Literal(verb.forms_zh[0], language="zh"))
        yield Triple(node, v.skos("prefLabel"), Literal(verb.label_en, language="en"))
        for f in verb.forms_zh[1:]:
            yield Triple(node, v.skos("altLabel"), Literal(f, language="zh"))
    seen = set(_listed_organizations())  # addressed by the organization's own node
    for form, a in addressees().items():
        if a.key in _listed_organizations():
            continue
        node = NamedNode(iris.addressee_iri(a.key, v.base))
        if a.key not in seen:
            seen.add(a.key)
            yield Triple(node, v.rdf("type"), v.org("Organization"))
            yield Triple(node, v.rdf("type"), v.kgo("Addressee"))
            yield Triple(node, v.skos("notation"), Literal(a.key))
            yield Triple(node, v.skos("prefLabel"), Literal(a.pref_zh, language="zh"))
            yield Triple(node, v.skos("prefLabel"), Literal(a.label_en, language="en"))
        if form != a.pref_zh:
            yield Triple(node, v.skos("altLabel"), Literal(form, language="zh"))


def mandates(doc: Document, facts: tuple[Mandate, ...], emitter: Emitter) -> Iterator[Triple]:
    v = emitter.v
    for m in facts:
        act = emitter.act(m.act) if m.act is not None else None
        proposer = (iris.node(iris.subsidiary_body_iri(m.proponent_body, v.base)) if m.proponent_body
                    else act)
        node, para = _mandate_nodes(doc, m, emitter)
        yield Triple(node, v.rdf("type"), v.kgo("Mandate"))
        yield Triple(node, v.rdf("type"), v.undo("Relation"))
        yield Triple(node, v.kgo("proponent"), proposer)
        if m.proponent_body and act is not None:
            yield Triple(node, v.kgo("endorsedBy"), act)
        yield Triple(node, v.kgo("verb"), iris.node(iris.verb_iri(m.verb_key, v.base)))
        yield Triple(node, v.kgo("verbText"), chinese_literal(m.verb_zh))
        yield Triple(node, v.kgo("addresseeText"), chinese_literal(m.addressee_zh))
        yield Triple(node, v.kgo("action"), Literal(m.action, language="zh"))
        yield Triple(node, v.kgo("inParagraph"), para)
        yield Triple(node, v.kgo("paragraphLabel"), Literal(m.paragraph))
        for key, zh, _en in m.addressees:
            who = addressee_node(key, zh, v.base)
            yield Triple(node, v.kgo("addressee"), who)
            if act is not None and not m.proponent_body:
                yield Triple(act, v.kgo("mandates"), who)
            if key == "other" and addressee_organization(key, zh) is None:
                yield Triple(who, v.rdf("type"), v.org("Organization"))
                yield Triple(who, v.rdf("type"), v.kgo("Addressee"))
                yield Triple(who, v.skos("prefLabel"), Literal(zh, language="zh"))
        # the paragraph (a lettered item split out of a lumped paragraph may be new to core)
        yield Triple(para, v.rdf("type"), v.eli("LegalResourceSubdivision"))
        yield Triple(para, v.eli("is_part_of"), act if act is not None else emitter.doc_node(doc))
        yield Triple(para, v.kgo("paragraphKind"), Literal(m.paragraph_kind))
        yield from emitter.annotate(doc, node, m.start, m.end, "mandate")


def _mandate_nodes(doc: Document, m: Mandate, emitter: Emitter) -> tuple[NamedNode, NamedNode]:
    """The mandate and its paragraph: of the act; or, for a body's recommendations in a report,
    of the report that records them."""
    base = emitter.v.base
    if m.act is not None:
        return (NamedNode(iris.mandate_iri(m.act, m.index, base)),
                iris.node(iris.paragraph_iri(m.act, m.paragraph, base)))
    report = emitter.doc_node(doc).value
    return (NamedNode(iris.recommendation_iri(report, m.index)),
            NamedNode(iris.report_paragraph_iri(report, m.paragraph)))
