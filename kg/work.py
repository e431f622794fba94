"""work: the map step of a build — one file's bytes in, its graph and summary out.

``process_bytes`` runs read (decode) → normalize → segment → extract → emit for one file and
returns a ``DocumentResult``: the document's own graph as Turtle, its shared descriptions as
N-Triples (``kg/emit``), and its summary (``kg/summary.py``). It is a plain function of plain
data (a path to show, bytes, the base IRI), so the same step runs in this process, in a local
process pool or on a Dask cluster (``kg/parallel.py``), and its result is what the per-document
cache keeps (``kg/cache.py``) and the loader merges (``kg/batch.py``).
"""
from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import RdfFormat, serialize

from .emit import Vocab, emit_document
from .pipeline import process_source
from .read import source_from_bytes
from .summary import summarize


@dataclass
class DocumentResult:
    sha256: str
    summary: dict
    own_ttl: bytes  # the document's graph (without its file names), Turtle with kg's prefixes
    shared_nt: bytes  # its shared triples, N-Triples, one per line, sorted


def _order(t) -> tuple[str, str]:
    return t.subject.value, t.predicate.value


def process_bytes(shown: str, data: bytes, base: str) -> DocumentResult:
    """The map step for one file (raises ``ReadError`` for a file that is not text)."""
    doc = process_source(source_from_bytes(shown, data))
    v = Vocab(base)
    emission = emit_document(doc, v)
    summary = summarize(doc, emission, v)
    # sorted by subject: the Turtle groups each subject's triples under it
    own = serialize(sorted(emission.own, key=_order), format=RdfFormat.TURTLE,
                    prefixes=v.turtle_prefixes())
    shared = serialize(emission.shared, format=RdfFormat.N_TRIPLES)
    lines = sorted(set(shared.splitlines()))
    return DocumentResult(doc.source.sha256, summary, own,
                          b"\n".join(lines) + b"\n" if lines else b"")
