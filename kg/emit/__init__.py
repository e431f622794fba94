"""emit: Documents -> RDF triples (pyoxigraph terms), streamed straight into the store.

``core`` emits what every report has (the report, its session, the acts it adopts and their
paragraphs) and holds the provenance helper; each other module here emits the facts of one
component, as declared in ``kg/components.py``.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyoxigraph import Triple

from ..models import Document
from .core import NS, Emitter, Vocab, vocabulary_triples

__all__ = ["NS", "Emitter", "Vocab", "triples_for"]


def triples_for(documents: Iterable[Document], v: Vocab) -> Iterator[Triple]:
    # the registry imports every emitter module of this package: read when called, not when
    # this package is imported
    from ..components import RUN_ORDER

    from ..resolve import act_notations

    documents = list(documents)
    yield from vocabulary_triples(v)
    for component in RUN_ORDER:
        if component.vocabulary is not None:
            yield from component.vocabulary(v)
    keys = [m.key for d in documents for m in d.mentions] + [a.key for d in documents for a in d.acts]
    emitter = Emitter(v, act_notations(keys))
    for doc in documents:
        yield from emitter.document(doc)
        for component in RUN_ORDER:
            for fact_type, emit in component.emit.items():
                facts = doc.facts.of(fact_type)
                if facts:
                    yield from emit(doc, facts, emitter)
    for component in RUN_ORDER:
        if component.closing is not None:
            yield from component.closing(emitter)
