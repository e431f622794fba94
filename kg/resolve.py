"""resolve: identity across documents — one IRI per act, body, session, paragraph.

IRIs come from what a thing *is* (body + kind + number), never from the document that
mentions it, so the same act cited by two reports is one node. The base IRI is
configurable (``KG_BASE_IRI`` or ``--base``); the default is documented in README.
"""
from __future__ import annotations

import os
import re
from urllib.parse import quote

from .gazetteer import bodies
from .models import ActKey, Document

DEFAULT_BASE = "https://w3id.org/untoc-kg/"


def base_iri() -> str:
    base = os.environ.get("KG_BASE_IRI", DEFAULT_BASE)
    return base if base.endswith(("/", "#")) else base + "/"


def _slug(text: str) -> str:
    return quote(re.sub(r"[\s/()]+", "-", text).strip("-"), safe="-._~")


def body_slug(code: str) -> str:
    body = bodies().get(code)
    return body.slug if body else _slug(code.lower())


def act_iri(key: ActKey, base: str) -> str:
    return f"{base}act/{body_slug(key.body)}/{key.kind}/{_slug(key.number)}"


def paragraph_iri(key: ActKey, label: str, base: str) -> str:
    return f"{act_iri(key, base)}/para/{_slug(label.strip('.()')) or 'x'}"


def body_iri(code: str, base: str) -> str:
    return f"{base}body/{body_slug(code)}"


def session_iri(body: str, ordinal: int, base: str) -> str:
    return f"{base}session/{body_slug(body)}/{ordinal}"


def document_iri(doc: Document, base: str) -> str:
    return f"{base}doc/{doc.source.sha256[:16]}"


def place_iri(label: str, base: str) -> str:
    return f"{base}place/{_slug(label)}"


def citation_iri(citing: ActKey, cited: ActKey, relation: str, base: str) -> str:
    tail = f"{body_slug(cited.body)}/{cited.kind}/{_slug(cited.number)}"
    return f"{act_iri(citing, base)}/cites/{relation}/{tail}"


def fix_same_session_kinds(doc: Document) -> None:
    """A misprinted kind for an act of the same session ("第3/3号决议" when the session
    adopted decision 3/3 and no resolution 3/3) is read as the adopted act, with a warning."""
    adopted = {a.key for a in doc.acts}
    by_number = {(a.key.body, a.key.number): a.key for a in doc.acts}
    for mention in doc.mentions:
        key = mention.key
        if key in adopted:
            continue
        other = by_number.get((key.body, key.number))
        if other is not None and other.kind != key.kind:
            doc.warnings.append(
                f"{doc.source.name}: {key.notation} at {doc.source_span(mention.start, mention.end)[0]}"
                f" is not adopted here; read as {other.notation} (misprint)"
            )
            mention.key = other
    kept, seen = [], set()
    for c in doc.citations:  # a corrected kind may now repeat or cite itself
        identity = (c.citing, c.cited.key, c.relation)
        if c.cited.key != c.citing and identity not in seen:
            seen.add(identity)
            kept.append(c)
    doc.citations[:] = kept
