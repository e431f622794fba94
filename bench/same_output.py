#!/usr/bin/env python
"""Sorted N-Quads of kg's graph for the corpora a speed change must not change.

    python bench/same_output.py OUT_DIR [--jobs N]
    diff -r BEFORE_DIR AFTER_DIR       # nothing: the speed change changed no quad

Builds, each from scratch and each with every output (``kg.build``): the sample corpus
(``kg/samples``), ``tests/data/kinds`` and the split shared corpus (``tests/score_corpus.py``
cuts it into ``/tmp/kg-corpus-split``, or ``$KG_CORPUS_CACHE``), and writes each store's quads,
sorted, one file per corpus (``samples.nq``, ``kinds.nq``, ``corpus-split.nq``), with their
count and sha256 on stdout, and the sha256 of each graph.ttl (``samples.graph.ttl.sha256`` …:
the Turtle file written byte for byte as before, too).
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpora() -> dict[str, list[str]]:
    sys.path.insert(0, str(ROOT / "tests"))
    from score_corpus import corpus_files

    from kg.batch import sample_corpus

    return {"samples": [str(p) for p in sample_corpus()],
            "kinds": [str(ROOT / "tests" / "data" / "kinds")],
            "corpus-split": [str(corpus_files())]}


def sorted_quads(out: Path) -> bytes:
    from pyoxigraph import RdfFormat

    from kg.store import open_store

    store = open_store(out)
    dumped = store.dump(format=RdfFormat.N_QUADS)
    return b"\n".join(sorted(set(dumped.splitlines()))) + b"\n"


def main(argv: list[str] | None = None) -> int:
    import kg

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", help="folder for the sorted N-Quads")
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")
    args = ap.parse_args(argv)
    dest = Path(args.out)
    dest.mkdir(parents=True, exist_ok=True)
    for name, paths in corpora().items():
        with tempfile.TemporaryDirectory(prefix="kg-same-") as scratch:
            result = kg.build(paths, scratch, jobs=args.jobs)
            quads = sorted_quads(Path(scratch))
            turtle = hashlib.sha256((Path(scratch) / "graph.ttl").read_bytes()).hexdigest()
        (dest / f"{name}.nq").write_bytes(quads)
        (dest / f"{name}.graph.ttl.sha256").write_text(turtle + "\n")
        lines = quads.count(b"\n")
        print(f"{name}: {len(result.documents)} documents, {len(result.failures)} failed, "
              f"{lines} quads, sha256 {hashlib.sha256(quads).hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
