"""Score kg's entities (States, speaks-for, organizations, persons, subsidiary bodies,
provisions, symbols) on documents it was not developed on, against the independent reading in
tests/gold/entities_unseen.json (a reader who did not see kg's output).

    python tests/score_entities.py        # figures
    python tests/score_entities.py -v     # with every miss (FN) and extra (FP)

Entries the reader flagged ``borderline`` (and ``states_borderline``) count neither way; the
document's own body (``self``) and masthead bodies are left out of the organizations.
Names match when, spaces removed, one contains the other (a name printed with or without
联合国, 的 …); persons match on surname (last word) and State.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from score_corpus import KINDS_DATA, corpus_files

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests/gold/entities_unseen.json").read_text(encoding="utf-8"))
FIELDS = ("states", "speaks_for", "organizations", "persons", "subsidiary_bodies", "provisions",
          "symbols")


def document_path(name: str) -> Path:
    if name.endswith(".clean.txt"):
        return KINDS_DATA / name
    if name.startswith("un2023-"):
        return corpus_files() / "un2023" / name
    return corpus_files() / "misc" / name


def _compact(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def _names_match(a: str, b: str) -> bool:
    a, b = _compact(a), _compact(b)
    return bool(a and b) and (a == b or a in b or b in a)


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    return "".join(c for c in name if not unicodedata.combining(c)).lower()


@dataclass
class Tally:
    tp_found: int = 0
    found: int = 0
    tp_gold: int = 0
    gold: int = 0
    misses: list = field(default_factory=list)

    def prf(self):
        p = self.tp_found / self.found if self.found else 1.0
        r = self.tp_gold / self.gold if self.gold else 1.0
        return p, r

    def count(self, doc: str, found: list, gold: list, optional: list, match) -> None:
        """found/gold/optional: lists of items; match(f, g) -> bool."""
        for f in found:
            if any(match(f, g) for g in gold):
                self.tp_found += 1
                self.found += 1
            elif any(match(f, g) for g in optional):
                continue
            else:
                self.found += 1
                self.misses.append(("FP", doc, f))
        for g in gold:
            self.gold += 1
            if any(match(f, g) for f in found):
                self.tp_gold += 1
            else:
                self.misses.append(("FN", doc, g))


def found_entities(doc) -> dict[str, list]:
    from kg import lexicon
    from kg.facts import (BodyMention, OrganizationMention, PersonMention, ProvisionCitation,
                          SpeaksFor, StateMention, SymbolMention)

    orgs_en = {o.id: o.label_en for o in lexicon.organizations().values()}
    by_key: dict[str, set[str]] = {}
    for b in doc.facts.of(BodyMention):
        if not b.anaphor:
            by_key.setdefault(b.key, set()).update({b.label, b.label_zh})
    organizations: dict[str, set[str]] = {}
    for o in doc.facts.of(OrganizationMention):
        organizations.setdefault(o.key, set()).update({o.label, o.label_zh, o.label_en})
    return {
        "states": sorted({s.key for s in doc.facts.of(StateMention)}),
        "speaks_for": sorted({(s.state, orgs_en.get(s.group, s.group)) for s in doc.facts.of(SpeaksFor)}),
        "organizations": [tuple(sorted(n for n in names if n)) for names in organizations.values()],
        "persons": sorted({(p.name, p.state or "") for p in doc.facts.of(PersonMention)}),
        "subsidiary_bodies": [tuple(sorted(n for n in names if n)) for names in by_key.values()],
        "provisions": sorted({p.key for p in doc.facts.of(ProvisionCitation)},
                             key=lambda k: tuple(x or "" for x in k)),
        "symbols": sorted({s.key for s in doc.facts.of(SymbolMention)}),
    }


def gold_entities(g: dict) -> tuple[dict[str, list], dict[str, list]]:
    """(required, optional) per field."""
    req: dict[str, list] = {f: [] for f in FIELDS}
    opt: dict[str, list] = {f: [] for f in FIELDS}
    borderline_states = set(g.get("states_borderline", []))
    for s in g.get("states", []):
        (opt if s in borderline_states else req)["states"].append(s)
    opt["states"] += [s for s in borderline_states if s not in g.get("states", [])]
    req["speaks_for"] = [(s["state"], s["group"]) for s in g.get("speaks_for", [])]
    for o in g.get("organizations", []):
        names = tuple(n for n in [o.get("zh"), o.get("en"), *o.get("aliases", [])] if n)
        skip = o.get("borderline") or o.get("self") or o.get("masthead")
        (opt if skip else req)["organizations"].append(names)
    for p in g.get("persons", []):
        req["persons"].append((p.get("name", ""), p.get("state") or ""))
    for b in g.get("subsidiary_bodies", []):
        names = tuple(n for n in [*b.get("names", []), b.get("en")] if n)
        (opt if b.get("borderline") else req)["subsidiary_bodies"].append(names)
        opt["subsidiary_bodies"].append(tuple(b.get("anaphora", [])))
    for p in g.get("provisions", []):
        if p.get("article"):
            req["provisions"].append((p["instrument"], str(p["article"]), p.get("paragraph"),
                                      p.get("subparagraph")))
    req["symbols"] = list(g.get("symbols", []))
    return req, opt


def _match_names(f: tuple, g: tuple) -> bool:
    return any(_names_match(a, b) for a in f for b in g)


def _match_person(f: tuple, g: tuple) -> bool:
    fname, fstate = f
    gname, gstate = g
    fl, gl = _fold(fname).split(), _fold(gname).split()
    same_name = _compact(fname) == _compact(gname) or (fl and gl and fl[-1] == gl[-1])
    return bool(same_name) and (fstate == gstate or not gstate)


def _match_provision(f: tuple, g: tuple) -> bool:
    return tuple(str(x) if x is not None else None for x in f) == g


def _match_speaks_for(f: tuple, g: tuple) -> bool:
    return f[0] == g[0] and _names_match(_fold(f[1]), _fold(g[1]))


MATCHERS = {
    "states": lambda f, g: f == g,
    "speaks_for": _match_speaks_for,
    "organizations": _match_names,
    "persons": _match_person,
    "subsidiary_bodies": _match_names,
    "provisions": _match_provision,
    "symbols": lambda f, g: f == g,
}


def score() -> dict[str, Tally]:
    from kg.pipeline import process_file

    tallies = {f: Tally() for f in FIELDS}
    for name, g in GOLD.items():
        if name.startswith("_"):
            continue
        found = found_entities(process_file(document_path(name)))
        req, opt = gold_entities(g)
        for f in FIELDS:
            tallies[f].count(name, found[f], req[f], opt[f], MATCHERS[f])
    return tallies


def main(argv: list[str]) -> None:
    for f, t in score().items():
        p, r = t.prf()
        print(f"{f:18s} precision {p:.3f} recall {r:.3f}  (found {t.found}, gold {t.gold})")
        if "-v" in argv:
            for m in t.misses:
                print("   ", *m)


if __name__ == "__main__":
    main(sys.argv[1:])
