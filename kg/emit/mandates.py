"""Mandates as n-ary nodes (UNDO's undo:Relation pattern): kgo:Mandate ⊑ undo:Relation with
kgo:proponent (the act), kgo:addressee (an organization), kgo:verb (a SKOS concept),
kgo:action (requested action, @zh), kgo:inParagraph, provenance; plus act kgo:mandates addressee.
"""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from .. import resolve
from ..extract.mandates import KIND, addressees, verbs
from .working_groups import body_node

__all__ = ["KIND", "triples", "vocabulary_triples"]


def addressee_node(key: str, surface: str, base: str) -> NamedNode:
    if key.startswith("body:"):
        return body_node(key[5:], base)
    if key == "other":
        return NamedNode(f"{base}addressee/{resolve._slug(surface)}")
    return NamedNode(f"{base}addressee/{key}")


def vocabulary_triples(v) -> Iterator[Triple]:
    scheme = NamedNode(v.base + "verbs/mandate")
    yield Triple(scheme, v.rdf("type"), v.skos("ConceptScheme"))
    yield Triple(scheme, v.skos("prefLabel"), Literal("Mandate verbs", language="en"))
    seen = set()
    for form, (key, en, forms) in verbs().items():
        if key in seen:
            continue
        seen.add(key)
        node = NamedNode(f"{v.base}verb/{key}")
        yield Triple(node, v.rdf("type"), v.skos("Concept"))
        yield Triple(node, v.skos("inScheme"), scheme)
        yield Triple(node, v.skos("notation"), Literal(key))
        yield Triple(node, v.skos("prefLabel"), Literal(forms[0], language="zh"))
        yield Triple(node, v.skos("prefLabel"), Literal(en, language="en"))
        for f in forms[1:]:
            yield Triple(node, v.skos("altLabel"), Literal(f, language="zh"))
    seen = set()
    for form, (key, en, pref) in addressees().items():
        node = NamedNode(f"{v.base}addressee/{key}")
        if key not in seen:
            seen.add(key)
            yield Triple(node, v.rdf("type"), v.org("Organization"))
            yield Triple(node, v.rdf("type"), v.kgo("Addressee"))
            yield Triple(node, v.skos("notation"), Literal(key))
            yield Triple(node, v.skos("prefLabel"), Literal(pref, language="zh"))
            yield Triple(node, v.skos("prefLabel"), Literal(en, language="en"))
        if form != pref:
            yield Triple(node, v.skos("altLabel"), Literal(form, language="zh"))


def triples(doc, facts, emitter) -> Iterator[Triple]:
    v = emitter.v
    for m in facts:
        act = emitter.act(m.act)
        node = NamedNode(f"{resolve.act_iri(m.act, v.base)}/mandate/{m.index}")
        who = addressee_node(m.addressee_key, m.addressee_zh, v.base)
        para = NamedNode(resolve.paragraph_iri(m.act, m.paragraph, v.base))
        yield Triple(node, v.rdf("type"), v.kgo("Mandate"))
        yield Triple(node, v.rdf("type"), v.undo("Relation"))
        yield Triple(node, v.kgo("proponent"), act)
        yield Triple(node, v.kgo("addressee"), who)
        yield Triple(node, v.kgo("verb"), NamedNode(f"{v.base}verb/{m.verb_key}"))
        yield Triple(node, v.kgo("verbText"), Literal(m.verb_zh, language="zh"))
        yield Triple(node, v.kgo("addresseeText"), Literal(m.addressee_zh, language="zh"))
        yield Triple(node, v.kgo("action"), Literal(m.action, language="zh"))
        yield Triple(node, v.kgo("inParagraph"), para)
        yield Triple(node, v.kgo("paragraphLabel"), Literal(m.paragraph))
        yield Triple(act, v.kgo("mandates"), who)
        # the paragraph (a lettered item split out of a lumped paragraph may be new to core)
        yield Triple(para, v.rdf("type"), v.eli("LegalResourceSubdivision"))
        yield Triple(para, v.eli("is_part_of"), act)
        yield Triple(para, v.kgo("paragraphKind"), Literal(m.paragraph_kind))
        if m.addressee_key == "other":
            yield Triple(who, v.rdf("type"), v.org("Organization"))
            yield Triple(who, v.rdf("type"), v.kgo("Addressee"))
            yield Triple(who, v.skos("prefLabel"), Literal(m.addressee_zh, language="zh"))
        yield from emitter.annotate(doc, node, m.start, m.end, "mandate")
