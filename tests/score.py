"""Score the extractor against the gold reading in tests/gold (prints precision/recall)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from kg.pipeline import process_file

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests/gold/acts_citations.json").read_text(encoding="utf-8"))


def prf(found: set, gold: set) -> tuple[float, float, int, int, int]:
    tp = len(found & gold)
    p = tp / len(found) if found else 1.0
    r = tp / len(gold) if gold else 1.0
    return p, r, tp, len(found), len(gold)


def score(files=None, verbose=False):
    totals = {k: [set(), set()] for k in ("adopted", "mentioned", "edges", "typed")}
    for name, gold in GOLD.items():
        if name.startswith("_") or (files and name not in files):
            continue
        doc = process_file(ROOT / "kg/samples" / name)
        found = {
            "adopted": {(name, a.key.notation) for a in doc.acts},
            "mentioned": {(name, m.key.notation) for m in doc.mentions},
            "edges": {(name, c.citing.notation, c.cited.key.notation) for c in doc.citations},
            "typed": {(name, c.citing.notation, c.cited.key.notation, c.relation) for c in doc.citations},
        }
        expected = {
            "adopted": {(name, a["act"]) for a in gold["adopted"]},
            "mentioned": {(name, a) for a in gold["mentioned_acts"]},
            "edges": {(name, c["citing"], c["cited"]) for c in gold["citations"]},
            "typed": {(name, c["citing"], c["cited"], c["relation"]) for c in gold["citations"]},
        }
        for k in totals:
            totals[k][0] |= found[k]
            totals[k][1] |= expected[k]
            if verbose:
                for x in sorted(found[k] - expected[k]):
                    print("  FP", k, x)
                for x in sorted(expected[k] - found[k]):
                    print("  FN", k, x)
    return {k: prf(f, g) for k, (f, g) in totals.items()}


if __name__ == "__main__":
    for k, (p, r, tp, nf, ng) in score(sys.argv[1:] or None, verbose=True).items():
        print(f"{k:10s} precision {p:.3f} recall {r:.3f}  (tp {tp}, found {nf}, gold {ng})")
