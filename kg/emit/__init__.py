"""emit: Documents -> RDF triples (pyoxigraph terms), streamed straight into the store.

``core`` emits what every report has (session, acts, paragraphs, mentions, citations) and
the provenance helpers; each entity kind of ``kg/extract`` that has facts to publish has a
module here defining ``KIND`` (the key in ``Document.entities``) and
``triples(doc, facts, emitter)``. Modules are found by name, so adding a kind touches no
shared file.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator
from functools import lru_cache

from pyoxigraph import Triple

from ..models import Document
from .core import NS, Emitter, Vocab, vocabulary_triples

__all__ = ["NS", "Emitter", "Vocab", "triples_for", "entity_emitters"]


@lru_cache(maxsize=None)
def entity_emitters() -> tuple:
    mods = []
    for info in pkgutil.iter_modules(__path__):
        if info.name == "core":
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(mod, "KIND") and hasattr(mod, "triples"):
            mods.append(mod)
    return tuple(mods)


def triples_for(documents: Iterable[Document], v: Vocab) -> Iterator[Triple]:
    yield from vocabulary_triples(v)
    for mod in entity_emitters():
        if hasattr(mod, "vocabulary_triples"):
            yield from mod.vocabulary_triples(v)
    emitter = Emitter(v)
    for doc in documents:
        yield from emitter.document(doc)
        for mod in entity_emitters():
            facts = doc.entities.get(mod.KIND)
            if facts:
                yield from mod.triples(doc, facts, emitter)
