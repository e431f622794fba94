#!/usr/bin/env python
"""Scale benchmark of ``kg build`` (issue 10), side by side in one run.

    python bench/bench.py [--sizes 1,10,50,200] [--naive-sizes 1,10] [--no-results]
    python bench/bench.py --query-sizes 50,870 [--baseline REV] [--keep DIR]

(the second: only build those sizes with ``--jobs 2`` and time the named queries on them, and
REV's texts of them alternately; 870 copies make a ~10M-triple store)

Corpora: the three sample reports repeated N times (N× = 3N files), each copy made distinct
by a trailing line "\\n副本 k\\n" (its own sha256, its own report IRI and named graph).

For each size, each measurement in a fresh Python process (imports before the timer):

- build, ``--jobs 1`` on one core (the process and its worker pinned to CPU 0 with
  ``sched_setaffinity``): wall, MB/s per core, triples, triples per MB, peak RSS of the main
  process and of the largest worker;
- build, ``--jobs 2`` on both cores: wall, MB/s per core, speed-up over ``--jobs 1``;
- incremental, into the ``--jobs 2`` output: one new report added, one changed, one removed
  (wall, and its share of the full build);
- named queries on the store (engine time, best of 3, in ms; plus one ``kg query`` through the
  guarded child process);
- the naive peer pipeline (jieba over the text + the same triples added one by one to an
  rdflib Graph + Turtle) at ``--naive-sizes``, and kg's throughput ratio to it;
- where each second of the map step goes (stage by stage, on the 10× corpus; then the load of
  its results into a store, as the main process does it), and the
  extractors' gazetteer matching with regexes vs kg/matcher.py's Aho-Corasick automaton.

MB = 10^6 bytes of the decoded text as UTF-8. Results also go to bench/results.md.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


# ----------------------------------------------------------------------------- corpus

def make_corpus(root: Path, copies: int, first: int = 0) -> Path:
    from kg.batch import sample_corpus

    folder = root / f"c{copies}"
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(first, first + copies):
        for p in sample_corpus():
            data = p.read_bytes() + f"\n副本 {k}\n".encode("utf-8")
            (folder / f"{p.stem}_copy{k:04d}{p.suffix}").write_bytes(data)
    return folder


def corpus_mb(folder: Path) -> float:
    from kg.read import read_file

    return sum(len(read_file(p).text.encode("utf-8")) for p in folder.iterdir()) / 1e6


# ----------------------------------------------------------------------------- workers

def _rss() -> tuple[float, float]:
    """Peak RSS (MB) of this process and of its largest child (a pool worker)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def w_build(folder: str, out: str, jobs: str, pin: str) -> dict:
    import kg
    import kg.batch
    import kg.graph
    import kg.parallel
    import kg.visualize  # noqa: F401  (imports before the timer, as for every measurement)

    if pin == "1":
        os.sched_setaffinity(0, {0})  # the worker processes inherit it
    t0 = time.perf_counter()
    c0 = time.process_time()
    result = kg.build([folder], out, html=True, jobs=int(jobs))
    wall = time.perf_counter() - t0
    cpu_main = time.process_time() - c0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.failures:
        raise SystemExit(f"failures: {result.failures[:3]}")
    own, child = _rss()
    return {"wall": wall, "triples": result.triples, "rss": own, "worker_rss": child,
            "cpu_main": cpu_main, "cpu_workers": children.ru_utime + children.ru_stime,
            "processed": result.processed, "reused": result.reused, "timings": result.timings,
            "ttl_mb": (Path(out) / "graph.ttl").stat().st_size / 1e6,
            "store_mb": sum(f.stat().st_size for f in (Path(out) / "store").resolve().iterdir()) / 1e6}


def w_queries(out: str, baseline: str = "", child: str = "1") -> dict:
    """Engine time of every named query (best of 3, in ms), with the query texts of the git
    revision ``baseline`` timed alternately on the same store when one is given (before/after
    in one process, so a busy machine slows both alike)."""
    from pyoxigraph import Store

    from kg.query import named_queries, prefixes, rows_of, run

    store = Store.read_only(str(Path(out) / "store"))
    names = prefixes()
    before = baseline_queries(baseline) if baseline else {}

    def timed(sparql: str, store=store) -> tuple[float, float, int]:
        t0, c0 = time.perf_counter(), time.process_time()
        header, found = rows_of(store.query(sparql, prefixes=names, use_default_graph_as_union=True))
        return (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000, len(found)

    # wall and CPU time (the engine runs in this thread: CPU time is what a busy machine's other
    # processes do not add to), each the best of 3
    latency, cpu, rows, latency_before, cpu_before, rows_before = {}, {}, {}, {}, {}, {}
    for name, sparql in named_queries().items():
        for _ in range(3):
            wall, used, rows[name] = timed(sparql)
            latency[name] = min(latency.get(name, wall), wall)
            cpu[name] = min(cpu.get(name, used), used)
            if name in before:
                wall, used, rows_before[name] = timed(before[name])
                latency_before[name] = min(latency_before.get(name, wall), wall)
                cpu_before[name] = min(cpu_before.get(name, used), used)
    del store
    result = {"latency": latency, "cpu": cpu, "rows": rows, "latency_before": latency_before,
              "cpu_before": cpu_before, "rows_before": rows_before}
    if child == "1":
        t0 = time.perf_counter()
        run(out, named_queries()["citations"])  # the guarded child process of kg query
        result["child_citations"] = (time.perf_counter() - t0) * 1000
    return result


def baseline_queries(revision: str) -> dict[str, str]:
    """The named queries' texts at a git revision (``git show REV:ontology/queries/NAME.rq``)."""
    from kg.query import named_queries

    texts = {}
    for name in named_queries():
        proc = subprocess.run(["git", "show", f"{revision}:ontology/queries/{name}.rq"],
                              cwd=HERE.parent, capture_output=True, text=True, check=False)
        if proc.returncode == 0:
            texts[name] = proc.stdout
    return texts


def w_naive(folder: str, out: str) -> dict:
    import jieba
    import rdflib

    from kg.emit import Vocab, triples_for
    from kg.pipeline import process_file
    from kg.read import read_file
    from kg.resolve import base_iri

    jieba.setLogLevel(60)
    jieba.initialize()
    paths = sorted(Path(folder).iterdir())
    docs = [process_file(p) for p in paths]  # the content of its triples: kg's, untimed
    vocab = Vocab(base_iri())
    triples = list(triples_for(docs, vocab))
    t0 = time.perf_counter()
    texts = [read_file(p).text for p in paths]
    tokens = sum(len(jieba.lcut(text)) for text in texts)
    g = rdflib.Graph()
    for prefix, ns in vocab.prefixes().items():
        g.bind(prefix, ns)
    for t in triples:
        g.add(tuple(_to_rdflib(x, rdflib) for x in (t.subject, t.predicate, t.object)))
    Path(out).mkdir(parents=True, exist_ok=True)
    g.serialize(destination=str(Path(out) / "graph.ttl"), format="turtle")
    return {"wall": time.perf_counter() - t0, "triples": len(g), "tokens": tokens,
            "rss": _rss()[0]}


def _to_rdflib(term, rdflib):
    from pyoxigraph import Literal, NamedNode

    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return rdflib.Literal(term.value, datatype=None if dt.endswith("#string") else rdflib.URIRef(dt))
    return rdflib.BNode(term.value)


def w_stages(folder: str) -> dict:
    """Seconds per stage of the map step over the corpus, in this process (then the load of
    its results into a store)."""
    from pyoxigraph import Store

    from kg.components import RUN_ORDER
    from kg.emit import Vocab, emit_document
    from kg.normalize import normalize
    from kg.read import read_bytes, source_from_bytes
    from kg.resolve import base_iri
    from kg.segment import segment
    from kg.store import GraphLoader
    from kg.summary import summarize
    from kg.work import result, warm_up

    v = Vocab(base_iri())
    documents: list[tuple[str, bytes]] = []
    stages: dict[str, float] = {}

    def timed(name, fn, *args):
        t0 = time.perf_counter()
        out = fn(*args)
        stages[name] = stages.get(name, 0.0) + time.perf_counter() - t0
        return out

    paths = sorted(Path(folder).iterdir())
    # what a pool worker does as it starts (kg/parallel.py), before its first file
    timed("warm-up of a process (gazetteers, patterns, key terms' index)", warm_up, v.base)
    for p in paths:
        shown, data = timed("read (bytes)", read_bytes, p)
        source = timed("decode", source_from_bytes, shown, data)
        doc = timed("segment", segment, timed("normalize", normalize, source))
        for c in RUN_ORDER:
            doc.facts.extend(timed(f"extract {c.kind}", lambda c=c: list(c.extract(doc))))
        emission = timed("emit (triples, graphs)", emit_document, doc, v)
        summary = timed("summary (page records)", summarize, doc, emission, v)
        done = timed("serialize (Turtle, N-Triples)", result, doc.source.sha256, summary, emission, v)
        documents.append((summary["report"], done.own_ttl))
    # what the main process does with each result next (kg/batch.py): its Turtle bulk-loaded
    # into the store in TriG chunks (kg/store.py); not part of the map step's total
    with tempfile.TemporaryDirectory(prefix="kg-bench-load-") as scratch:
        loader = GraphLoader(Store(scratch), v.turtle_prefixes())
        t0 = time.perf_counter()
        try:
            for report, own_ttl in documents:
                loader.add(report, own_ttl)
            loader.flush()
        finally:
            loader.close()
        stages[LOAD_STAGE] = time.perf_counter() - t0
    return stages


LOAD_STAGE = "load into the store (main process: Oxigraph's bulk load of the documents' TriG)"


def _outside_map_step(stage: str) -> bool:
    return stage.startswith("warm-up") or stage == LOAD_STAGE


def w_matchers(folder: str) -> dict:
    """The gazetteers' names: one lookahead regex pass per gazetteer (what the extractors ran
    before) vs one Aho-Corasick pass for all of them (kg/matcher.py) and each gazetteer's
    selection from it; seconds over the corpus, and whether the spans agree."""
    import re

    from kg import matcher
    from kg.lexicon import (bodies, organization_alias_index, state_alias_index, un_organ_index,
                            words)
    from kg.normalize import normalize
    from kg.patterns import lookahead_pattern, overlapping_longest, trie_regex
    from kg.read import read_file

    texts = [normalize(read_file(p)).text for p in sorted(Path(folder).iterdir())]
    boards = {n for b in bodies().values() if b.type == "executive-board" for n in b.labels_zh}
    organizations = set(organization_alias_index())
    kinds = {  # name: (kinds, names, leftmost-longest scan rather than overlapping)
        "states": (matcher.STATE | matcher.ORGANIZATION | matcher.STATE_BLOCKER,
                   set(state_alias_index()) | organizations | set(words("state/blocker")), False),
        "organizations": (matcher.ORGANIZATION, organizations, False),
        "UN organs": (matcher.UN_ORGAN, set(un_organ_index()), False),
        "executive boards": (matcher.EXECUTIVE_BOARD, boards, False),
        "organization openers": (matcher.ORGANIZATION_OPENER | matcher.STATE,
                                 set(words("organization/opener")) | set(state_alias_index()), True),
    }
    regex = {name: 0.0 for name in kinds}
    selection = dict(regex)
    same = {name: True for name in kinds}
    patterns = {name: re.compile(trie_regex(names)) if leftmost else lookahead_pattern(names)
                for name, (_, names, leftmost) in kinds.items()}
    scan = 0.0
    for text in texts:  # as in the pipeline: every extractor of one document, then the next
        t0 = time.perf_counter()
        matcher.found_in(text)
        scan += time.perf_counter() - t0
        for name, (bits, _, leftmost) in kinds.items():
            t0 = time.perf_counter()
            if leftmost:
                b = matcher.leftmost_longest(text, bits)
            else:
                b = matcher.overlapping_longest(text, bits)
            t1 = time.perf_counter()
            if leftmost:
                a = [m.span() for m in patterns[name].finditer(text)]
            else:
                a = overlapping_longest(patterns[name], text)
            t2 = time.perf_counter()
            selection[name] += t1 - t0
            regex[name] += t2 - t1
            same[name] = same[name] and a == b
    out = {"one Aho-Corasick pass (every name)": {"regex": None, "aho-corasick": scan, "same": None}}
    for name in kinds:
        out[name] = {"regex": regex[name], "aho-corasick": selection[name], "same": same[name]}
    out["all"] = {"regex": sum(regex.values()), "aho-corasick": scan + sum(selection.values()),
                  "same": all(same.values())}
    return out


def w_count(out: str) -> dict:
    from pyoxigraph import Store

    return {"triples": len(Store.read_only(str(Path(out) / "store")))}


WORKERS = {"build": w_build, "queries": w_queries, "naive": w_naive, "stages": w_stages,
           "matchers": w_matchers, "count": w_count}


def measure(kind: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--_worker", kind, *args],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"worker {kind} {args} failed:\n{proc.stderr[-3000:]}")
    line = next(x for x in proc.stdout.splitlines() if x.startswith("BENCH-RESULT "))
    return json.loads(line[len("BENCH-RESULT "):])


# ----------------------------------------------------------------------------- runs

def run_size(n: int, scratch: Path, naive: bool, log) -> dict:
    folder = make_corpus(scratch, n)
    mb = corpus_mb(folder)
    r: dict = {"n": n, "files": 3 * n, "mb": mb}
    r["jobs1"] = measure("build", str(folder), str(scratch / f"o{n}-j1"), "1", "1")
    log(f"{n}x jobs 1 (1 core): {r['jobs1']['wall']:.1f} s")
    shutil.rmtree(scratch / f"o{n}-j1")
    out = scratch / f"o{n}"
    r["jobs2"] = measure("build", str(folder), str(out), "2", "0")
    log(f"{n}x jobs 2: {r['jobs2']['wall']:.1f} s")
    r["queries"] = measure("queries", str(out))
    # incremental: a new report, then a changed one, then one removed
    extra = make_corpus(scratch / "extra", 1, first=n)
    added = next(iter(sorted(extra.iterdir())))
    shutil.copy(added, folder / added.name)
    r["add"] = measure("build", str(folder), str(out), "2", "0")
    changed = sorted(folder.iterdir())[0]
    changed.write_bytes(changed.read_bytes() + "\n修改\n".encode("utf-8"))
    r["change"] = measure("build", str(folder), str(out), "2", "0")
    (folder / added.name).unlink()
    r["remove"] = measure("build", str(folder), str(out), "2", "0")
    log(f"{n}x incremental: add {r['add']['wall']:.2f} s, change {r['change']['wall']:.2f} s, "
        f"remove {r['remove']['wall']:.2f} s")
    if naive:
        r["naive"] = measure("naive", str(folder), str(scratch / f"naive{n}"))
        log(f"{n}x naive: {r['naive']['wall']:.1f} s")
    shutil.rmtree(out)
    shutil.rmtree(scratch / "extra", ignore_errors=True)
    return r


def run_query_size(n: int, scratch: Path, baseline: str, log) -> dict:
    """A store of N copies built once with ``--jobs 2`` (kept in ``scratch`` and reused when
    ``scratch`` already holds it), then the named queries timed on it (and ``baseline``'s)."""
    out = scratch / f"o{n}"
    r: dict = {"n": n, "files": 3 * n}
    if not (out / "store").exists():
        folder = make_corpus(scratch, n)
        r["mb"] = corpus_mb(folder)
        r["build"] = measure("build", str(folder), str(out), "2", "0")
        log(f"{n}x jobs 2: {r['build']['wall']:.1f} s, {r['build']['triples']:,} triples")
    r["triples"] = measure("count", str(out))["triples"]
    r["queries"] = measure("queries", str(out), baseline, "0")
    log(f"{n}x queries timed")
    return r


def query_report(results: list[dict], baseline: str) -> str:
    """Named queries' CPU time per store size, before (``baseline``) and after side by side,
    and the wall time now at the largest size."""
    cols = []
    for r in results:
        size = f"{r['n']}× ({r['triples']:,} triples)"
        cols += [f"{size}: {baseline}", f"{size}: now"] if baseline else [f"{size}"]
    lines = ["| query | " + " | ".join(cols) + " | wall now, largest | rows, largest |",
             "|---|" + "---:|" * (len(cols) + 2)]
    for name in results[0]["queries"]["latency"]:
        cells = []
        for r in results:
            q = r["queries"]
            if baseline:
                cells.append(f"{q['cpu_before'][name]:,.0f}" if name in q["cpu_before"] else "—")
            cells.append(f"**{q['cpu'][name]:,.0f}**")
        last = results[-1]["queries"]
        lines.append(f"| {name} | " + " | ".join(cells)
                     + f" | {last['latency'][name]:,.0f} | {last['rows'][name]:,} |")
    return "\n".join(lines)


QUERY_SECTION = "## Named queries on large stores"


def write_query_section(text: str) -> None:
    """Put ``text`` as the results file's section on large stores (replacing the last one)."""
    path = HERE / "results.md"
    old = path.read_text(encoding="utf-8") if path.exists() else "# kg benchmark results\n"
    kept = old.split(f"\n{QUERY_SECTION}\n")[0].rstrip("\n")
    path.write_text(f"{kept}\n\n{QUERY_SECTION}\n\n{text}\n", encoding="utf-8")


def kept_query_section() -> str:
    """The results file's section on large stores, which a run of the other sizes keeps."""
    path = HERE / "results.md"
    if not path.exists():
        return ""
    parts = path.read_text(encoding="utf-8").split(f"\n{QUERY_SECTION}\n", 1)
    return f"\n{QUERY_SECTION}\n{parts[1]}" if len(parts) == 2 else ""


def report(results: list[dict], stages: dict | None, matchers: dict | None, mb10: float) -> str:
    cols = [f"{r['n']}×" for r in results]
    lines = ["| | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]

    def row(label, fn):
        cells = []
        for r in results:
            try:
                cells.append(fn(r))
            except KeyError:
                cells.append("—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("files", lambda r: f"{r['files']}")
    row("source MB", lambda r: f"{r['mb']:.2f}")
    row("triples", lambda r: f"{r['jobs2']['triples']:,}")
    row("triples per MB", lambda r: f"{r['jobs2']['triples'] / r['mb']:,.0f}")
    row("graph.ttl MB / store MB", lambda r: f"{r['jobs2']['ttl_mb']:.1f} / {r['jobs2']['store_mb']:.0f}")
    row("**--jobs 1, one core**: wall s", lambda r: f"{r['jobs1']['wall']:.2f}")
    row("MB/s per core (jobs 1)", lambda r: f"**{r['mb'] / r['jobs1']['wall']:.2f}**")
    row("**--jobs 2, two cores**: wall s", lambda r: f"{r['jobs2']['wall']:.2f}")
    row("MB/s per core (jobs 2)", lambda r: f"{r['mb'] / r['jobs2']['wall'] / 2:.2f}")
    row("speed-up jobs 2 / jobs 1", lambda r: f"**{r['jobs1']['wall'] / r['jobs2']['wall']:.2f}×**")
    row("CPU s, jobs 2: main process / workers",
        lambda r: f"{r['jobs2']['cpu_main']:.1f} / {r['jobs2']['cpu_workers']:.1f}")
    # what two free cores allow: the workers' share split in two, the main process alongside
    row("speed-up two free cores allow (from CPU time)",
        lambda r: f"{(r['jobs2']['cpu_main'] + r['jobs2']['cpu_workers']) / max(r['jobs2']['cpu_main'], (r['jobs2']['cpu_main'] + r['jobs2']['cpu_workers']) / 2):.2f}×")
    row("peak RSS MB: main / largest worker (jobs 1)",
        lambda r: f"{r['jobs1']['rss']:.0f} / {r['jobs1']['worker_rss']:.0f}")
    row("peak RSS MB: main / largest worker (jobs 2)",
        lambda r: f"{r['jobs2']['rss']:.0f} / {r['jobs2']['worker_rss']:.0f}")
    for step in ("add", "change", "remove"):
        row(f"incremental: one report {step}{'d' if step.endswith('e') else 'ed'}: s (share of full)",
            lambda r, s=step: f"{r[s]['wall']:.2f} ({100 * r[s]['wall'] / r['jobs2']['wall']:.0f} %)")
    row("naive jieba + rdflib: wall s", lambda r: f"{r['naive']['wall']:.1f}")
    row("kg jobs 1 / naive throughput", lambda r: f"**{r['naive']['wall'] / r['jobs1']['wall']:.1f}×**")
    names = list(results[0]["queries"]["latency"])
    lines += ["", "Named queries, engine time in ms (best of 3; rows at the largest size):", "",
              "| query | " + " | ".join(cols) + " | rows |", "|---|" + "---:|" * (len(cols) + 1)]
    for name in names:
        lines.append(f"| {name} | " + " | ".join(f"{r['queries']['latency'][name]:.0f}" for r in results)
                     + f" | {results[-1]['queries']['rows'][name]} |")
    lines.append("| `kg query citations` (guarded child process, wall) | "
                 + " | ".join(f"{r['queries']['child_citations']:.0f}" for r in results) + " | |")
    lines += ["", "Phases of the jobs 2 build (s):", "", "| phase | " + " | ".join(cols) + " |",
              "|---|" + "---:|" * len(cols)]
    for phase in results[0]["jobs2"]["timings"]:
        lines.append(f"| {phase} | " + " | ".join(f"{r['jobs2']['timings'].get(phase, 0):.2f}"
                                                   for r in results) + " |")
    if stages:
        total = sum(v for k, v in stages.items() if not _outside_map_step(k))
        load = stages.get(LOAD_STAGE, 0.0)
        lines += ["", f"Where the map step's seconds go (10× corpus, {mb10:.1f} MB, one process, "
                  f"{total:.2f} s = {mb10 / total:.2f} MB/s; with the load, {mb10 / (total + load):.2f} "
                  "MB/s):", "", "| stage | s | share |", "|---|---:|---:|"]
        for k, v in sorted(stages.items(), key=lambda kv: -kv[1]):
            lines.append(f"| {k} | {v:.3f} | {'' if _outside_map_step(k) else f'{100 * v / total:.0f} %'} |")
    if matchers:
        lines += ["", "Gazetteer matching on the 10× corpus (s): a lookahead regex pass per gazetteer vs "
                  "kg/matcher.py (one Aho-Corasick pass for every name, then each gazetteer's "
                  "selection from its matches, which the corpus's documents are kept for):", "",
                  "| names | regex pass | Aho-Corasick | same spans |", "|---|---:|---:|---|"]
        for k, v in matchers.items():
            regex = "" if v["regex"] is None else f"{v['regex']:.3f}"
            same = "" if v["same"] is None else str(v["same"])
            lines.append(f"| {k} | {regex} | {v['aho-corasick']:.3f} | {same} |")
    return "\n".join(lines)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1,10,50,200", help="corpus sizes (copies of the samples)")
    ap.add_argument("--naive-sizes", default="1,10", help="sizes the naive pipeline runs at")
    ap.add_argument("--no-results", action="store_true", help="do not write bench/results.md")
    ap.add_argument("--query-sizes", help="instead: only build these sizes (--jobs 2) and time the "
                    "named queries on them, e.g. 50,870 (870×: ~10M triples, ~390 MB of source)")
    ap.add_argument("--baseline", default="", help="with --query-sizes: also time the named "
                    "queries as of this git revision, alternately on the same store")
    ap.add_argument("--keep", help="with --query-sizes: keep the corpora and stores in this folder "
                    "(and reuse the stores it already holds) instead of a temporary one")
    ap.add_argument("--_worker", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._worker:
        kind, *rest = args._worker
        print("BENCH-RESULT " + json.dumps(WORKERS[kind](*rest)))
        return 0
    if args.query_sizes:
        return main_queries(args)
    sizes = [int(s) for s in args.sizes.split(",")]
    naive = {int(s) for s in args.naive_sizes.split(",") if s}
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    scratch = Path(tempfile.mkdtemp(prefix="kg-bench-"))

    def log(msg):
        print(f"  [{time.perf_counter() - started:6.0f} s] {msg}", file=sys.stderr, flush=True)

    try:
        results = [run_size(n, scratch, n in naive, log) for n in sizes]
        c10 = make_corpus(scratch / "stages", 10)
        stages = measure("stages", str(c10))
        matchers = measure("matchers", str(c10))
        mb10 = corpus_mb(c10)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    text = report(results, stages, matchers, mb10)
    load_after = os.getloadavg()[0]
    notes = [f"(benchmark wall {time.perf_counter() - started:.0f} s; 1-min load average "
             f"{load_before:.1f} before, {load_after:.1f} after, on {os.cpu_count()} CPUs"
             f"{': the machine was busy, timings are noisy' if max(load_before, load_after) > 1.5 else ''})"]
    print(text)
    print("\n".join(notes))
    if not args.no_results:
        header = ["# kg benchmark results", "",
                  f"- date: {_dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
                  f"- CPU: {cpu_model()} ({os.cpu_count()} logical CPUs)",
                  f"- Python: {platform.python_version()} on {platform.system()} {platform.release()}",
                  f"- command: `python bench/bench.py --sizes {args.sizes} --naive-sizes {args.naive_sizes}`",
                  ""]
        kept = kept_query_section()  # the large stores' queries, measured by --query-sizes
        (HERE / "results.md").write_text("\n".join(header + [text, ""] + notes) + "\n" + kept,
                                         encoding="utf-8")
    return 0


def main_queries(args) -> int:
    """--query-sizes: the named queries on large stores, before and after side by side."""
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    scratch = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kg-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)

    def log(msg):
        print(f"  [{time.perf_counter() - started:6.0f} s] {msg}", file=sys.stderr, flush=True)

    try:
        results = [run_query_size(int(n), scratch, args.baseline, log)
                   for n in args.query_sizes.split(",")]
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    load_after = os.getloadavg()[0]
    text = "\n".join([
        f"- date: {_dt.datetime.now().astimezone().isoformat(timespec='seconds')}; command: "
        f"`python bench/bench.py --query-sizes {args.query_sizes}"
        f"{f' --baseline {args.baseline}' if args.baseline else ''}`",
        f"- 1-min load average {load_before:.1f} before, {load_after:.1f} after, on "
        f"{os.cpu_count()} CPUs",
        "", "Engine CPU time in ms (best of 3: the query and its rows read into Python, "
        "`w_queries`; the engine runs in the calling thread), and wall time:", "",
        query_report(results, args.baseline)])
    print(text)
    if not args.no_results:
        write_query_section(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
