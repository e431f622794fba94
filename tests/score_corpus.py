"""Score kg on real UN text it was not developed on, against the independent readings in
tests/gold/corpus/, tests/gold/kinds.json and tests/gold/commissions.json (made by readers who
did not see kg's output).

    python tests/score_corpus.py            # every set, figures only
    python tests/score_corpus.py -v un2023  # one set, with every miss (FN) and extra (FP)

The corpora are cut into one file per document by the readers' own scripts
(tests/corpus/split_*.py) into a cache folder; each file is built with the pipeline.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
KINDS_DATA = ROOT / "tests" / "data" / "kinds"
COMMISSIONS_DATA = ROOT / "tests" / "data" / "commissions"


def shared_corpus() -> Path:
    for cand in (os.environ.get("KG_SHARED_CORPUS"), ROOT.parent / "shared" / "corpus",
                 ROOT.parent.parent / "shared" / "corpus", Path("/work/shared/corpus")):
        if cand and Path(cand).is_dir():
            return Path(cand)
    raise FileNotFoundError("the shared corpus (../shared/corpus) is not beside this checkout")


@lru_cache(maxsize=None)
def corpus_files(cache: str | None = None) -> Path:
    """Cut the shared corpus into one file per document (once per cache folder)."""
    out = Path(cache or os.environ.get("KG_CORPUS_CACHE", "/tmp/kg-corpus-split"))
    stamp = out / ".complete"
    if stamp.exists():
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    corpus = shared_corpus()
    subprocess.run([sys.executable, str(ROOT / "tests/corpus/split_unpc.py"), str(out),
                    "--corpus", str(corpus)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, str(ROOT / "tests/corpus/split_un2023.py"), str(out / "un2023")],
                   check=True, stdout=subprocess.DEVNULL)
    (out / "misc").mkdir()
    for f in (corpus / "un-misc").glob("*.txt"):
        shutil.copy(f, out / "misc" / f.name)
    stamp.write_text("ok")
    return out


@dataclass(frozen=True)
class GoldSet:
    name: str
    gold: Path
    folder: str  # below the corpus cache, or an absolute folder
    rename: tuple[str, str] = ("", "")  # gold key -> file path (old, new)
    # the gold's kinds were read from the text (not from the symbol, as in the UNPC sets)
    kinds_read: bool = True

    def path(self, key: str) -> Path:
        base = Path(self.folder) if os.path.isabs(self.folder) else corpus_files() / self.folder
        old, new = self.rename
        return base / (key.replace(old, new, 1) if old else key)


SETS = (
    GoldSet("un2023", GOLD / "corpus/un2023.json", "un2023"),
    GoldSet("unpc-dev", GOLD / "corpus/unpc.json", "", kinds_read=False),
    GoldSet("unpc-dev-segmented", GOLD / "corpus/unpc.json", "", ("unpc-dev/", "unpc-dev-segmented/"),
            kinds_read=False),
    GoldSet("unpc-test", GOLD / "corpus/unpc_test.json", "", kinds_read=False),
    GoldSet("misc", GOLD / "corpus/misc.json", "misc"),
    GoldSet("kinds-clean", GOLD / "kinds.json", str(KINDS_DATA)),
    GoldSet("kinds-wrapped", GOLD / "kinds.json", str(KINDS_DATA), (".clean.txt", ".wrapped.txt")),
    GoldSet("commissions-clean", GOLD / "commissions.json", str(COMMISSIONS_DATA)),
    GoldSet("commissions-wrapped", GOLD / "commissions.json", str(COMMISSIONS_DATA),
            (".clean.txt", ".wrapped.txt")),
)


@dataclass
class Tally:
    found: set = field(default_factory=set)
    gold: set = field(default_factory=set)

    def add(self, doc_key: str, found, gold) -> None:
        self.found |= {(doc_key, *_tuple(x)) for x in found}
        self.gold |= {(doc_key, *_tuple(x)) for x in gold}

    def prf(self) -> tuple[float, float, int, int, int]:
        tp = len(self.found & self.gold)
        p = tp / len(self.found) if self.found else 1.0
        r = tp / len(self.gold) if self.gold else 1.0
        return p, r, tp, len(self.found), len(self.gold)


def _tuple(x) -> tuple:
    return x if isinstance(x, tuple) else (x,)


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


# --- what the extractor found, in the gold's terms ------------------------------------------
def own_acts(doc) -> list:
    """The acts this document adopts or carries (session reports: the adopted acts)."""
    return list(doc.acts)


def act_ref(doc, key, gold_doc: dict) -> str:
    """How the gold names an own act: its ref when the gold prints the act's notation (a
    numbered act), else 'self' for the act the document adopts and 'draft-N' for the N-th draft
    it carries (an act kg identifies by body, date and title, or by the recommending act; a
    draft a commission's report recommends to the Council or the General Assembly).
    ``key`` None is a body's own proposal (a working group's recommendations): 'self'."""
    if key is None:
        return "self"
    printed = {a["act"]: a["ref"] for a in gold_doc.get("own_acts", []) if a.get("act")}
    if key.notation in printed:
        return printed[key.notation]
    drafts = [a.key for a in doc.acts if a.key.recommended_by is not None or
              (a.key.document and a.key.body and a.key.title and doc.kind == "other") or
              (a.key.draft and doc.kind == "session-report")]
    if key in drafts:
        return f"draft-{drafts.index(key) + 1}"
    return "self" if any(a.key == key for a in doc.acts) else key.notation


def mentioned(doc) -> set[str]:
    return {m.key.notation for m in doc.mentions}


def citations(doc, gold_doc) -> set[tuple[str, str, str]]:
    return {(act_ref(doc, c.citing, gold_doc), c.cited.key.notation, c.relation) for c in doc.citations}


def mandates(doc, gold_doc) -> list[tuple[str, str, str]]:
    from kg.facts import Mandate

    # one entry per addressee a mandate names (a written list names several)
    return [(act_ref(doc, m.act, gold_doc), m.paragraph, _compact(zh))
            for m in doc.facts.of(Mandate) for _key, zh, _en in m.addressees]


def _para(label: str) -> str:
    return "".join(re.findall(r"[0-9]+|[a-z]+|[ivx]+", (label or "").lower()))


def match_mandates(found: list[tuple], gold: list[tuple]) -> tuple[set, set]:
    """Pair found and gold mandates: same act, compatible paragraph (equal, or one label the
    tail of the other: '(a)' ~ '1(a)'), addressee equal or one containing the other."""
    free = list(enumerate(found))
    matched_found, matched_gold = set(), set()
    for gi, (gact, gpara, gwho) in enumerate(gold):
        for n, (fi, (fact, fpara, fwho)) in enumerate(free):
            if fact != gact:
                continue
            gp, fp = _para(gpara), _para(fpara)
            if not (gp == fp or (fp and gp.endswith(fp)) or (gp and fp.endswith(gp))):
                continue
            if not fwho or not (fwho == gwho or fwho in gwho or gwho in fwho):
                continue
            matched_found.add(fi)
            matched_gold.add(gi)
            del free[n]
            break
    return matched_found, matched_gold


@dataclass
class Score:
    mentioned: Tally = field(default_factory=Tally)
    edges: Tally = field(default_factory=Tally)
    typed: Tally = field(default_factory=Tally)
    kinds: Tally = field(default_factory=Tally)  # (document, kind) where the gold reads a kind
    mandates_tp: int = 0
    mandates_found: int = 0
    mandates_gold: int = 0
    misses: list = field(default_factory=list)
    standalone: Score | None = None  # the same figures over standalone resolutions and decisions

    def mandates_prf(self):
        p = self.mandates_tp / self.mandates_found if self.mandates_found else 1.0
        r = self.mandates_tp / self.mandates_gold if self.mandates_gold else 1.0
        return p, r, self.mandates_tp, self.mandates_found, self.mandates_gold


STANDALONE = ("resolution", "decision")


def score_set(gs: GoldSet, verbose: bool = False) -> Score:
    from kg.pipeline import process_file

    gold = json.loads(gs.gold.read_text(encoding="utf-8"))
    s = Score(standalone=Score())
    for key, g in gold.items():
        if key.startswith("_"):
            continue
        doc = process_file(gs.path(key))
        if not gs.kinds_read:
            g = {k: v for k, v in g.items() if k != "kind"}
        _score_document(s, key, doc, g, verbose)
        if g.get("kind") in STANDALONE:
            _score_document(s.standalone, key, doc, g, False)
    if verbose:
        for label, tally in (("mentioned", s.mentioned), ("typed", s.typed), ("kind", s.kinds)):
            s.misses += [(f"FP {label}", *x) for x in sorted(tally.found - tally.gold)]
            s.misses += [(f"FN {label}", *x) for x in sorted(tally.gold - tally.found)]
    return s


def _score_document(s: Score, key: str, doc, g: dict, verbose: bool) -> None:
    s.mentioned.add(key, mentioned(doc), g.get("mentioned_acts", []))
    if g.get("kind"):
        s.kinds.add(key, [doc.kind], [g["kind"]])
    if "citations" in g or "own_acts" in g:
        gold_typed = {(c["citing"], c["cited"], c["relation"]) for c in g.get("citations", [])}
        found_typed = citations(doc, g)
        s.typed.add(key, found_typed, gold_typed)
        s.edges.add(key, {t[:2] for t in found_typed}, {t[:2] for t in gold_typed})
    if "mandates" in g:
        found = mandates(doc, g)
        gold_m = [(m["act"], m["paragraph"], _compact(m["addressee"])) for m in g["mandates"]]
        mf, mg = match_mandates(found, gold_m)
        s.mandates_tp += len(mg)
        s.mandates_found += len(found)
        s.mandates_gold += len(gold_m)
        if verbose:
            s.misses += [("FP mandate", key, found[i]) for i in range(len(found)) if i not in mf]
            s.misses += [("FN mandate", key, gold_m[i]) for i in range(len(gold_m)) if i not in mg]


FIGURES = ("acts mentioned", "document kind", "citation edges", "typed citations", "mandates")


def figures(s: Score) -> dict[str, tuple]:
    """label -> (precision, recall, tp, found, gold), for the figures the set has."""
    out = {}
    for label, fig in zip(FIGURES, (s.mentioned.prf(), s.kinds.prf(), s.edges.prf(), s.typed.prf(),
                                    s.mandates_prf())):
        if fig[3] or fig[4]:
            out[label] = fig
    return out


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    names = [a for a in argv if not a.startswith("-")]
    for gs in SETS:
        if names and gs.name not in names:
            continue
        s = score_set(gs, verbose)
        print(f"{gs.name}")
        _print(figures(s))
        standalone = figures(s.standalone)
        if any(k in standalone for k in ("citation edges", "mandates")):
            print("  standalone resolutions and decisions:")
            _print({k: v for k, v in standalone.items() if k not in ("acts mentioned", "document kind")},
                   indent="    ")
        for m in s.misses:
            print("   ", *m)


def _print(figs: dict, indent: str = "  ") -> None:
    for label, (p, r, tp, nf, ng) in figs.items():
        print(f"{indent}{label:16s} precision {p:.3f} recall {r:.3f}  (tp {tp}, found {nf}, gold {ng})")


if __name__ == "__main__":
    main(sys.argv[1:])
