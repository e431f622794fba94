"""emit.acts: each act mention — the act's identity (once), ``kgo:mentions`` from the report,
the date printed with it, and provenance; each numbered mention whose body the text does not
settle as the report's ``kgo:unresolvedActReference`` (the number and kind as printed), with
provenance, and no act node."""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, Triple

from ..facts import ActMention, UnresolvedActMention
from ..iris import annotation_role
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


def unresolved(doc: Document, facts: tuple[UnresolvedActMention, ...], emitter: Emitter) -> Iterator[Triple]:
    v = emitter.v
    d = emitter.doc_node(doc)
    for f in facts:
        yield Triple(d, v.kgo("unresolvedActReference"), Literal(f.text))
        yield from emitter.annotate(doc, d, f.start, f.end, annotation_role("unresolved-act", f.text))
