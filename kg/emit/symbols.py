"""emit.symbols: every UN document named by its symbol, a ``foaf:Document`` + ``kgo:UNDocument``
with the symbol as ``skos:notation``; the report ``kgo:mentions`` it (with provenance). A
misprinted symbol read as the one it means (``CTOP/COP/2010/11``) keeps its printed form as a
``skos:hiddenLabel``, the SKOS label for misspelt variants: searchable, never displayed."""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, Triple

from .. import iris
from ..facts import SymbolMention
from ..models import Document
from .core import Emitter


def mentions(doc: Document, facts: tuple[SymbolMention, ...], emitter: Emitter) -> Iterator[Triple]:
    v = emitter.v
    d = emitter.doc_node(doc)
    done: set[str] = set()
    for f in facts:
        node = iris.node(iris.un_document_iri(f.key, v.base))
        if f.key not in done:
            done.add(f.key)
            yield Triple(node, v.rdf("type"), v.foaf("Document"))
            yield Triple(node, v.rdf("type"), v.kgo("UNDocument"))
            yield Triple(node, v.skos("notation"), Literal(f.key))
            yield Triple(d, v.kgo("mentions"), node)
        if f.misprint:
            yield Triple(node, v.skos("hiddenLabel"), Literal(f.misprint))
        # one annotation per document: "L.1和Add.1-3" names four on one span
        yield from emitter.annotate(doc, node, f.start, f.end, iris.annotation_role("symbol", f.key))
