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
from importlib import resources

from pyoxigraph import RdfFormat, serialize

from .emit import Emission, Vocab, emit_document
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
    return result(doc.source.sha256, summarize(doc, emission, v), emission, v)


def result(sha256: str, summary: dict, emission: Emission, v: Vocab) -> DocumentResult:
    """A document's emitted triples as the cache keeps them."""
    # sorted by subject: the Turtle groups each subject's triples under it
    own = serialize(sorted(emission.own, key=_order), format=RdfFormat.TURTLE,
                    prefixes=v.turtle_prefixes())
    shared = serialize(emission.shared, format=RdfFormat.N_TRIPLES)
    lines = sorted(set(shared.splitlines()))
    # the size of the document's graph before its file names (the store keeps each triple once)
    summary["own_triples"] = len(set(emission.own))
    return DocumentResult(sha256, summary, own, b"\n".join(lines) + b"\n" if lines else b"")


# the opening of a sample report (its first decision and part of the second): enough text for
# every stage to load its tables and compile its patterns
WARM_UP_SAMPLE, WARM_UP_CHARACTERS = "004_6ccde6d073868c0f.txt", 6000


def warm_up(base: str) -> None:
    """Load what the map step loads on its first file (the gazetteers, the key terms' index,
    the compiled patterns), by running it on the opening of a sample report: a worker does it
    as it starts, while this process is still finding the files to give it."""
    try:
        text = resources.files("kg.samples").joinpath(WARM_UP_SAMPLE).read_text(encoding="utf-8")
        process_bytes("warm-up", text[:WARM_UP_CHARACTERS].encode("utf-8"), base)
    except Exception:  # a warm-up that fails leaves the work to the first file
        pass
