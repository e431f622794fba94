"""emit.provisions: treaties as ``eli:LegalResource``, their articles/paragraphs/subparagraphs as
``eli:LegalResourceSubdivision`` (``eli:is_part_of`` chain), and each citation of a provision by
an act (or by the report's narrative) as ``cito:cites`` (``cito:citesAsAuthority`` after
根据/依照/按照) plus a ``cito:Citation`` node carrying the provenance.

IRIs come from identity: ``instrument/UNTOC``, ``instrument/UNTOC/art/32/para/3/sub/d``.
"""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from .. import iris
from ..facts import ProvisionCitation
from ..lexicon import instruments
from ..models import Document
from .core import Emitter, Vocab, labelled


def vocabulary(v: Vocab) -> Iterator[Triple]:
    for ins in instruments().values():
        node = NamedNode(iris.instrument_iri(ins.id, v.base))
        yield from labelled(v, node, (v.eli("LegalResource"), v.kgo("Instrument")), ins.id,
                            ins.names_zh, ins.label_en)
        yield Triple(node, v.kgo("instrumentType"), Literal(ins.type))


def _label_en(f: ProvisionCitation, level: int) -> str:
    text = f"{f.instrument} article {f.article}"
    if level >= 2 and f.paragraph:
        text += f"({f.paragraph})"
    if level >= 3 and f.subparagraph:
        text += f"({f.subparagraph})"
    return text


def _provision_nodes(f: ProvisionCitation, v: Vocab) -> tuple[NamedNode, list[Triple]]:
    """The article, paragraph and subparagraph nodes down to the one cited."""
    parent = iris.node(iris.instrument_iri(f.instrument, v.base))
    chain = [(f.article, None, None, "articleNumber", f.article, 1)]
    if f.paragraph:
        chain.append((f.article, f.paragraph, None, "paragraphNumber", f.paragraph, 2))
    if f.subparagraph:
        chain.append((f.article, f.paragraph, f.subparagraph, "subparagraphNumber", f.subparagraph, 3))
    triples: list[Triple] = []
    node = parent
    numbers: list[tuple[str, str]] = []
    for article, paragraph, subparagraph, prop, value, level in chain:
        path = iris.provision_path(f.instrument, article, paragraph, subparagraph)
        node = iris.node(iris.provision_iri(path, v.base))
        numbers.append((prop, value))
        triples += [
            Triple(node, v.rdf("type"), v.eli("LegalResourceSubdivision")),
            Triple(node, v.eli("is_part_of"), parent),
            Triple(node, v.eli("number"), Literal(value)),
            Triple(node, v.skos("prefLabel"), Literal(_label_en(f, level), language="en")),
        ]
        triples += [Triple(node, v.kgo(p), Literal(n)) for p, n in numbers]
        parent = node
    return node, triples


def citations(doc: Document, facts: tuple[ProvisionCitation, ...], emitter: Emitter) -> Iterator[Triple]:
    v = emitter.v
    d = emitter.doc_node(doc)
    # a report cites the same provisions again and again: their nodes are described once (the
    # triples again would change nothing, each triple being stored once)
    described: dict[tuple, NamedNode] = {}
    for f in facts:
        node = described.get(f.key)
        if node is None:
            node, identity = _provision_nodes(f, v)
            described[f.key] = node
            yield from identity
        citing = emitter.act(f.citing) if f.citing else d
        path = iris.provision_path(f.instrument, f.article, f.paragraph, f.subparagraph)
        yield Triple(citing, v.cito(f.relation), node)
        cn = NamedNode(iris.provision_citation_iri(citing.value, f.relation, path))
        yield Triple(cn, v.rdf("type"), v.cito("Citation"))
        yield Triple(cn, v.cito("hasCitingEntity"), citing)
        yield Triple(cn, v.cito("hasCitedEntity"), node)
        yield Triple(cn, v.cito("hasCitationCharacterization"), v.cito(f.relation))
        if f.relation == "citesAsAuthority" and f.citing:
            yield Triple(citing, v.eli("based_on"), node)
        if f.warning:
            yield Triple(cn, v.kgo("warning"), Literal(f.warning, language="en"))
        # one annotation per fact: a list (第12、13和18条) gives several facts on one span
        yield from emitter.annotate(doc, cn, f.start, f.end, f"provision-citation/{path}")
        yield from emitter.annotate(doc, node, f.start, f.end, f"provision/{path}")
