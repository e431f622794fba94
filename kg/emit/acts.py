"""emit.acts: each act mention — the act's identity (once), ``kgo:mentions`` from the report,
the date printed with it, and provenance."""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Triple

from ..facts import ActMention
from ..models import Document
from .core import Emitter, date_literal


def mentions(doc: Document, facts: tuple[ActMention, ...], emitter: Emitter) -> Iterator[Triple]:
    v = emitter.v
    d = emitter.doc_node(doc)
    for m in facts:
        node = emitter.act(m.key)
        yield from emitter.act_identity(m.key)
        yield Triple(d, v.kgo("mentions"), node)
        if m.date:
            yield Triple(node, v.eli("date_document"), date_literal(m.date, v))
        yield from emitter.annotate(doc, node, m.start, m.end, "mention")
