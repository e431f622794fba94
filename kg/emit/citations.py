"""emit.citations: act ``cito:<relation>`` act, plus a ``cito:Citation`` node with the verb, the
paragraph and provenance; the citation verbs as SKOS concepts (once per graph)."""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from .. import iris
from ..facts import Citation
from ..lexicon import verbs
from ..models import Document
from .core import Emitter, Vocab, labelled


def vocabulary(v: Vocab) -> Iterator[Triple]:
    scheme = NamedNode(iris.verb_scheme_iri(v.base))
    yield Triple(scheme, v.rdf("type"), v.skos("ConceptScheme"))
    yield Triple(scheme, v.skos("prefLabel"), Literal("Citation verbs", language="en"))
    for verb in verbs().values():
        node = NamedNode(iris.verb_iri(verb.key, v.base))
        yield from labelled(v, node, (v.skos("Concept"),), verb.key, verb.forms_zh, verb.label_en)
        yield Triple(node, v.skos("inScheme"), scheme)
        yield Triple(node, v.kgo("citoProperty"), v.cito(verb.cito))


def citations(doc: Document, facts: tuple[Citation, ...], emitter: Emitter) -> Iterator[Triple]:
    v = emitter.v
    d = emitter.doc_node(doc)
    for c in facts:
        citing, cited = emitter.act(c.citing), emitter.act(c.cited.key)
        yield Triple(citing, v.cito(c.relation), cited)
        cn = NamedNode(iris.citation_iri(c.citing, c.cited.key, c.relation, v.base))
        yield Triple(cn, v.rdf("type"), v.cito("Citation"))
        yield Triple(cn, v.cito("hasCitingEntity"), citing)
        yield Triple(cn, v.cito("hasCitedEntity"), cited)
        yield Triple(cn, v.cito("hasCitationCharacterization"), v.cito(c.relation))
        if c.verb_key:
            yield Triple(cn, v.kgo("verb"), iris.node(iris.verb_iri(c.verb_key, v.base)))
        if c.verb_zh:
            yield Triple(cn, v.kgo("verbText"), Literal(c.verb_zh, language="zh"))
        if c.paragraph is not None:
            pn = iris.node(iris.paragraph_iri(c.citing, c.paragraph.label, v.base))
            yield Triple(cn, v.kgo("inParagraph"), pn)
        yield Triple(cn, v.prov("wasDerivedFrom"), d)
        yield from emitter.annotate(doc, cn, c.evidence_start, c.cited.end, "citation")
