"""Trust, second round (issue 12): the defects an attacker and a careless corpus found.

Each test names the item of the issue it guards and fails on the code before the fix.
"""
from __future__ import annotations

import csv
import fcntl
import http.server
import io
import json
import os
import pty
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import kg
import kg.query
from kg.batch import sample_corpus
from kg.models import SourceText
from kg.pipeline import process_source
from kg.query import QueryError, check_safe, named_queries, prefixes, run
from kg.read import ReadError, read_file
from kg.store import BuildLocked, OutputError, open_store

SAMPLES = sample_corpus()
REPORT = SAMPLES[2].read_text(encoding="utf-8")  # session 3: 4 decisions
CLI = [sys.executable, "-m", "kg.cli"]
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def adopted(result):
    return sorted(k.notation for d in result.documents for k in d.adopted)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Session 3 built once (no page) for the query tests."""
    out = tmp_path_factory.mktemp("small")
    return kg.build([str(SAMPLES[2])], out, html=False)


# --- 1. the SPARQL guard: decided from the parse, never from text patterns ----------------

class _Listener:
    """A local HTTP server that records every request it gets (it must get none)."""

    def __init__(self):
        seen = self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _record(self):
                seen.append(f"{self.command} {self.path}")
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _record

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def listener():
    served = _Listener()
    yield served
    served.close()


def _hostile(url: str) -> dict[str, str]:
    """Queries that reach ``url`` if run unguarded: every way of hiding the keyword found."""
    leak = f"<{url}/leak>"
    return {
        "plain": f"SELECT * WHERE {{ SERVICE {leak} {{ ?s ?p ?o }} }}",
        "lower case": f"select * where {{ service {leak} {{ ?s ?p ?o }} }}",
        "mixed case": f"SeLeCt * WhErE {{ SeRvIcE {leak} {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT {leak} {{ ?s ?p ?o }} }}",
        "IRI with #": f"SELECT * WHERE {{ BIND(<http://x/#a> AS ?x) SERVICE {leak} {{ ?s ?p ?o }} }}",
        "IRI with # then dot":
            f"SELECT * WHERE {{ BIND(<http://x/#a> AS ?x) . SERVICE {leak} {{ ?s ?p ?o }} }}",
        "IRI with '": f"SELECT * WHERE {{ BIND(<http://x/'a> AS ?x) SERVICE {leak} {{ ?s ?p ?o }} }}",
        "digits glued": f"SELECT * WHERE {{ ?sel oa:start 355SERVICE {leak} {{ ?s ?p ?o }} }}",
        "decimal glued": f"SELECT * WHERE {{ ?sel oa:start 3.5SERVICE {leak} {{ ?s ?p ?o }} }}",
        "after a comment": f"SELECT * WHERE {{ # it's a comment with a ' and a \"\n"
                           f"SERVICE {leak} {{ ?s ?p ?o }} }}",
        "comment glued": f"SELECT * WHERE {{ ?s ?p ?o #x\nSERVICE {leak} {{ ?s ?p ?o }} }}",
        "after a string with '": f"SELECT * WHERE {{ BIND(\"it's\" AS ?x) SERVICE {leak} {{ ?s ?p ?o }} }}",
        "after a long string": f"SELECT * WHERE {{ BIND('''a\"b#c''' AS ?x) SERVICE {leak} {{ ?s ?p ?o }} }}",
        "after an escaped quote": f"SELECT * WHERE {{ BIND(\"a\\\"b\" AS ?x) SERVICE {leak} {{ ?s ?p ?o }} }}",
        "unicode escape": f"SELECT * WHERE {{ \\u0053ERVICE {leak} {{ ?s ?p ?o }} }}",
        "unicode escape lower": f"SELECT * WHERE {{ \\u0073ervice {leak} {{ ?s ?p ?o }} }}",
        "variable endpoint": f"SELECT * WHERE {{ VALUES ?e {{ {leak} }} SERVICE ?e {{ ?s ?p ?o }} }}",
        "in OPTIONAL": f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE {leak} {{ ?s ?p ?o }} }} }}",
        "in UNION": f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE {leak} {{ ?s ?p ?o }} }} }}",
        "in a subquery": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE {leak} {{ ?s ?p ?o }} }} }} }}",
        "in FILTER EXISTS":
            f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ SERVICE {leak} {{ ?s ?p ?o }} }} }}",
        "in ASK": f"ASK {{ SERVICE {leak} {{ ?s ?p ?o }} }}",
        "in CONSTRUCT": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE {leak} {{ ?s ?p ?o }} }}",
        "in DESCRIBE": f"DESCRIBE ?s WHERE {{ SERVICE {leak} {{ ?s ?p ?o }} }}",
        "prefixed endpoint": f"PREFIX r: <{url}/> SELECT * WHERE {{ SERVICE r:leak {{ ?s ?p ?o }} }}",
        "FROM": f"SELECT * FROM <{url}/g.ttl> WHERE {{ ?s ?p ?o }}",
        "FROM glued": f"SELECT * FROM<{url}/g.ttl> WHERE {{ ?s ?p ?o }}",
        "FROM NAMED": f"SELECT * FROM NAMED <{url}/g.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "from lower case": f"select * from <{url}/g.ttl> where {{ ?s ?p ?o }}",
        "FROM prefixed": f"PREFIX r: <{url}/> SELECT * FROM r:g WHERE {{ ?s ?p ?o }}",
        "LOAD": f"LOAD <{url}/g.ttl>",
        "LOAD INTO": f"LOAD SILENT <{url}/g.ttl> INTO GRAPH <http://x/g>",
        "load lower case": f"load <{url}/g.ttl>",
        "INSERT with SERVICE":
            f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE {leak} {{ ?s ?p ?o }} }}",
        "INSERT DATA": "INSERT DATA { <a:b> <a:c> <a:d> }",
        "DELETE WHERE": "DELETE WHERE { ?s ?p ?o }",
        "CLEAR": "CLEAR ALL",
        "DROP": "DROP DEFAULT",
        "query then update": f"SELECT * WHERE {{ ?s ?p ?o }} ; LOAD <{url}/g.ttl>",
    }


def test_guard_refuses_every_hidden_service_load_from_and_update():
    for name, sparql in _hostile("http://127.0.0.1:9").items():
        with pytest.raises(QueryError, match="refused"):
            check_safe(sparql, prefixes())
            pytest.fail(f"not refused: {name}: {sparql}")


def test_the_listener_would_see_an_unguarded_service_call(listener):
    """The control: Oxigraph itself does call the endpoint, so the test below can fail."""
    from pyoxigraph import Store

    try:
        list(Store().query(f"SELECT * WHERE {{ SERVICE <{listener.url}/control> {{ ?s ?p ?o }} }}"))
    except RuntimeError:
        pass  # what the listener answers does not matter: that it was asked does
    assert listener.requests == ["POST /control"]


def test_no_hostile_query_reaches_the_listener(small, listener):
    """Item 1: through the CLI and the Python API (the same child process as kg query)."""
    hostile = _hostile(listener.url)
    not_refused = []
    for name in ("IRI with #", "IRI with '", "digits glued", "unicode escape", "FROM", "LOAD"):
        r = subprocess.run(CLI + ["query", hostile[name], "-o", str(small.out_dir)],
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 2 or "refused" not in r.stderr:
            not_refused.append(f"kg query: {name}: {r.stderr}")
    for name, sparql in hostile.items():
        try:
            small.query(sparql)
            not_refused.append(f"API: {name}")
        except QueryError as e:
            if "refused" not in str(e):
                not_refused.append(f"API: {name}: {e}")
    time.sleep(0.2)
    assert listener.requests == []
    assert not_refused == []


@pytest.mark.parametrize("sparql", [
    'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/> LOAD FROM" AS ?x) }',
    "SELECT ?x WHERE { BIND(<http://example.org/SERVICE#FROM> AS ?x) }",
    "SELECT ?service WHERE { BIND('from' AS ?service) }",
    "SELECT ?a WHERE { ?a cito:obtainsBackgroundFrom ?b }  # SERVICE in a comment",
    # README's example questions
    'SELECT ?citing WHERE { ?a cito:obtainsBackgroundFrom ?b . ?b skos:notation "UNTOC-COP decision 4/4" . ?a skos:notation ?citing }',
    "SELECT ?article (COUNT(DISTINCT ?citing) AS ?citing_acts) WHERE { ?c a cito:Citation ; "
    "cito:hasCitingEntity ?citing ; cito:hasCitedEntity ?p . ?p kgo:articleNumber ?article ; "
    'eli:is_part_of+ ?ins . ?ins a kgo:Instrument ; skos:notation "UNTOC" . } GROUP BY ?article '
    "ORDER BY DESC(?citing_acts)",
    "SELECT ?file ?start ?end ?exact WHERE { ?c a cito:Citation ; cito:hasCitedEntity/skos:notation "
    '"GA resolution 55/25" . ?ann oa:hasBody ?c ; oa:hasTarget ?t . ?t oa:hasSource/kgo:fileName '
    "?file ; oa:hasSelector ?p, ?q . ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }",
])
def test_guard_lets_ordinary_queries_through(sparql):
    check_safe(sparql, prefixes())


def test_named_queries_pass_the_guard_too():
    for name, sparql in named_queries().items():
        check_safe(sparql, prefixes())


# --- 3. a build never dies of a query timeout -----------------------------------------------

def test_the_page_is_built_whatever_the_query_time_limit(tmp_path, monkeypatch):
    """The HTML step's own queries are not user queries: no time limit applies to them."""
    defaults = list(kg.query.run.__defaults__)
    defaults[0] = 1e-9  # the time limit, whatever its default
    monkeypatch.setattr(kg.query.run, "__defaults__", tuple(defaults))
    if hasattr(kg.query, "DEFAULT_TIMEOUT"):
        monkeypatch.setattr(kg.query, "DEFAULT_TIMEOUT", 1e-9)
    result = kg.build([str(SAMPLES[2])], tmp_path / "out", html=True)
    assert (tmp_path / "out" / "graph.html").stat().st_size > 10_000
    assert "UNTOC-COP decision 3/1" in (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert adopted(result) == [f"UNTOC-COP decision 3/{i}" for i in range(1, 5)]


# --- 4. a file name that is not UTF-8 ---------------------------------------------------------

def test_a_non_utf8_file_name_is_built_and_kept_recognisable(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = os.path.join(os.fsencode(folder), b"bad\xff.txt")
    with open(bad, "wb") as f:
        f.write(REPORT.encode("utf-8"))
    (folder / "good.txt").write_text(SAMPLES[1].read_text(encoding="utf-8"), encoding="utf-8")
    result = kg.build([str(folder)], tmp_path / "out", html=True)
    assert not result.failures and len(result.documents) == 2
    files = sorted(r["file"] for r in result.query("documents"))
    assert files == ["bad\\xff.txt", "good.txt"]
    r = subprocess.run(CLI + ["build", str(folder), "-o", str(tmp_path / "out2"), "-q"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "Traceback" not in r.stderr


# --- 5. source and evidence from one annotation --------------------------------------------

def _check_spans(rows, texts):
    checked = 0
    for row in rows:
        if not row["source"]:
            continue
        file, span = row["source"].rsplit(":", 1)
        start, end = map(int, span.split("-"))
        assert texts[file][start:end] == row["evidence"], row
        checked += 1
    return checked


def test_a_citation_in_two_files_pairs_source_and_evidence_of_one(tmp_path):
    """The same citations in two files whose text differs around them (line ends, a preface):
    each row's evidence is the text at its own source span."""
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "a.txt": REPORT,
        "b.txt": "前言。\r\n" * 7 + REPORT.replace("\n", "\r\n"),
    }
    for name, text in texts.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    result = kg.build([str(folder)], tmp_path / "out", html=False)
    rows = result.query("citations")
    assert _check_spans(rows, texts) == len(rows) > 10
    from kg.graph import graph_of

    g = graph_of(tmp_path / "out")
    edges = [d for _, _, d in g.edges(data=True)  # (a mandate edge shows its action instead)
             if d.get("source") and d["relation"] not in ("mandates", "sponsors")]
    assert _check_spans(edges, texts) == len(edges) > 10


# --- 6. publishing is atomic --------------------------------------------------------------

_KILL_AT = r"""
import os, shutil, signal, sys
import kg, kg.batch
n = int(sys.argv[1]); calls = [0]; writing = [False]; depth = [0]
def killing(fn):
    # each file operation of kg counts once: the unlinks rmtree makes inside are its own
    def wrapper(*a, **k):
        if writing[0] and depth[0] == 0:
            calls[0] += 1
            if calls[0] == n:
                os.kill(os.getpid(), signal.SIGKILL)
        depth[0] += 1
        try:
            return fn(*a, **k)
        finally:
            depth[0] -= 1
    return wrapper
for mod, name in ((os, "replace"), (os, "rename"), (os, "symlink"), (os, "link"), (os, "unlink"),
                  (shutil, "rmtree")):
    setattr(mod, name, killing(getattr(mod, name)))
real_write = kg.batch._write_outputs
def write_outputs(*a, **k):
    writing[0] = True  # count the file operations of writing and publishing the outputs
    return real_write(*a, **k)
kg.batch._write_outputs = write_outputs
kg.build([sys.argv[2]], sys.argv[3], html=True)
print("finished", calls[0])
"""


def _which_build(out: Path) -> set[str]:
    """Which input each published output comes from: file names in the page, the Turtle and
    the store (opened at DIR/store, the path a user or a script would use)."""
    seen = set()
    for name in ("alpha.txt", "beta.txt"):
        if name in (out / "graph.ttl").read_text(encoding="utf-8"):
            seen.add(f"ttl:{name}")
        if (out / "graph.html").exists() and name in (out / "graph.html").read_text(encoding="utf-8"):
            seen.add(f"html:{name}")
    from pyoxigraph import Store

    try:
        store = Store.read_only(str(out / "store"))
    except OSError:
        return seen | {"store:missing"}
    for sol in store.query("SELECT ?f WHERE { ?d kgo:fileName ?f }", prefixes=prefixes(),
                           use_default_graph_as_union=True):
        seen.add(f"store:{sol['f'].value}")
    del store
    return seen


def _legacy_layout(out: Path) -> None:
    """Turn a versioned output folder into the plain layout of the kg before versions."""
    if not (out / "current").is_symlink():
        return  # already plain
    version = (out / "current").resolve()
    for name in ("store", "graph.ttl", "graph.html"):
        (out / name).unlink()
        if (version / name).exists():
            shutil.move(str(version / name), str(out / name))
    (out / "current").unlink()
    shutil.rmtree(out / "versions")


@pytest.fixture(scope="module")
def alpha_beta(tmp_path_factory):
    """Two small inputs told apart by file name, and a published output of the first."""
    folder = tmp_path_factory.mktemp("publish")
    excerpt = REPORT[: len(REPORT) // 6]  # still has citations, so the page names its file
    alpha, beta = folder / "alpha.txt", folder / "beta.txt"
    alpha.write_text(excerpt, encoding="utf-8")
    beta.write_text(excerpt + "\n副本\n", encoding="utf-8")
    kg.build([str(alpha)], folder / "alpha-out", html=True)
    legacy = folder / "alpha-legacy"
    shutil.copytree(folder / "alpha-out", legacy, symlinks=True)
    _legacy_layout(legacy)
    return alpha, beta, {"versions": folder / "alpha-out", "older-layout": legacy}


@pytest.mark.parametrize("layout", ["versions", "older-layout"])
def test_a_build_killed_at_any_step_of_publishing_leaves_one_whole_output(tmp_path, alpha_beta,
                                                                          layout):
    alpha, beta, prepared = alpha_beta
    old = {"ttl:alpha.txt", "html:alpha.txt", "store:alpha.txt"}
    new = {"ttl:beta.txt", "html:beta.txt", "store:beta.txt"}
    step, outcomes, mixed, not_cleaned = 0, [], [], []
    while True:
        step += 1
        out = tmp_path / f"out{step}"
        shutil.copytree(prepared[layout], out, symlinks=True)
        assert _which_build(out) == old
        r = subprocess.run([sys.executable, "-c", _KILL_AT, str(step), str(beta), str(out)],
                           capture_output=True, text=True, timeout=120)
        state = _which_build(out)
        if state not in (old, new):
            mixed.append(f"killed at step {step}: {sorted(state)}")
        outcomes.append("new" if state == new else "old")
        # whatever was left, the next build cleans up and publishes
        kg.build([str(alpha)], out, html=True)
        if _which_build(out) != old or len(list((out / "versions").glob("*"))) != 1 \
                or [p for p in out.iterdir() if p.name.startswith((".store-", ".link-"))]:
            not_cleaned.append(f"after a kill at step {step}: {sorted(p.name for p in out.iterdir())}")
        if r.returncode == 0:
            assert r.stdout.startswith("finished")
            break
        assert r.returncode == -9, r.stderr
        assert step < 40
    assert mixed == []
    assert not_cleaned == []
    assert outcomes[0] == "old" and outcomes[-1] == "new" and len(outcomes) >= 3


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_a_failing_rename_at_any_step_leaves_one_whole_output(tmp_path, alpha_beta):
    """Fault injection in the kernel's answer: the N-th rename(2) of the build fails (EIO)."""
    alpha, beta, prepared = alpha_beta
    old = {"ttl:alpha.txt", "html:alpha.txt", "store:alpha.txt"}
    new = {"ttl:beta.txt", "html:beta.txt", "store:beta.txt"}
    for n in range(1, 60):
        out = tmp_path / f"out{n}"
        shutil.copytree(prepared["versions"], out, symlinks=True)
        r = subprocess.run(["strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=rename",
                            "-e", f"inject=rename:error=EIO:when={n}"]
                           + CLI + ["build", str(beta), "-o", str(out), "-q"],
                           capture_output=True, text=True, timeout=120)
        state = _which_build(out)
        assert state in (old, new), (n, state)
        assert "Traceback" not in r.stderr, r.stderr
        if r.returncode == 0:
            assert state == new
            break
        assert r.returncode == 2 and r.stderr.startswith("kg:"), (n, r.stderr)
        assert state == old
    else:
        pytest.fail("every rename failed?")
    assert n > 3


# --- 7. the build lock is an OS lock --------------------------------------------------------

def test_an_empty_lock_file_held_by_a_live_build_is_respected(tmp_path):
    """A build that has created the lock file but not yet written its pid is still a build."""
    out = tmp_path / "out"
    out.mkdir()
    lock = out / ".kg-build.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)  # empty, like a build just starting
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(BuildLocked, match="another kg build"):
            kg.build([str(SAMPLES[2])], out, html=False)
        assert not (out / "graph.ttl").exists()
    finally:
        os.close(fd)
    kg.build([str(SAMPLES[2])], out, html=False)  # released: the next build runs
    assert (out / "graph.ttl").exists()


def test_a_stale_lock_file_of_a_dead_build_does_not_block(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".kg-build.lock").write_text("999999999")
    kg.build([str(SAMPLES[2])], out, html=False)
    assert (out / "graph.ttl").exists()


def _signal_then_sleep(event, seconds: float) -> None:
    event.set()
    time.sleep(seconds)


def test_a_process_forked_by_a_build_does_not_hold_its_lock(tmp_path):
    """The workers of a build's process pool are forked while it holds the lock; were they to
    hold it too, a killed build's workers finishing their file would lock the next build out."""
    import multiprocessing

    from kg.store import build_lock

    out = tmp_path / "out"
    fork = multiprocessing.get_context("fork")
    running = fork.Event()
    with build_lock(out):
        child = fork.Process(target=_signal_then_sleep, args=(running, 30))
        child.start()
    try:
        assert running.wait(10)  # the child runs (what a fork does in the child is done)
        with build_lock(out):  # the child is alive and was forked under the lock
            assert child.is_alive()
    finally:
        child.kill()
        child.join()


def test_two_builds_at_once_one_waits_out_or_is_refused(tmp_path):
    out = tmp_path / "out"
    procs = [subprocess.Popen(CLI + ["build", str(SAMPLES[i]), "-o", str(out), "-q", "--no-html"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in (1, 2)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert sorted(code for code, _ in results) in ([0, 0], [0, 2])
    for code, err in results:
        if code == 2:
            assert "another kg build" in err
    assert len(list((out / "versions").iterdir())) == 1
    assert not list(out.glob(".store-*"))
    r = subprocess.run(CLI + ["query", "documents", "-o", str(out), "--format", "csv"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 2


# --- 8. a timeout ends the work; memory is bounded ------------------------------------------

def test_python_api_timeout_stops_the_work(small):
    import psutil

    me = psutil.Process()
    t0 = time.perf_counter()
    with pytest.raises(QueryError, match="longer than 1 s"):
        small.query(HEAVY, timeout=1)
    assert time.perf_counter() - t0 < 10
    cpu = me.cpu_times()
    time.sleep(1.5)
    after = me.cpu_times()
    assert (after.user + after.system) - (cpu.user + cpu.system) < 0.5  # nothing left running
    assert not me.children(recursive=True)


def test_cli_timeout_is_quiet_and_stops_the_child(small):
    r = subprocess.run(CLI + ["query", HEAVY, "-o", str(small.out_dir), "--timeout", "1"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "kg: query took longer than 1 s; stopped (use --timeout to allow more)"]


def test_memory_is_capped(small):
    """A cartesian ORDER BY grows without end; the cap stops it long before the machine, while
    an ordinary query runs under the same cap (the cap is address space: ~450 MiB of it is the
    process itself, its threads and the store)."""
    cartesian = ("SELECT ?a ?b ?c WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f } "
                 "ORDER BY ?a ?b ?c ?d ?e ?f")
    t0 = time.perf_counter()
    r = subprocess.run(CLI + ["query", cartesian, "-o", str(small.out_dir), "--timeout", "120",
                              "--max-memory", "700"], capture_output=True, text=True, timeout=180)
    assert r.returncode == 2
    assert "needed more than 700 MiB of memory" in r.stderr, r.stderr
    assert time.perf_counter() - t0 < 100
    r = subprocess.run(CLI + ["query", "acts", "-o", str(small.out_dir), "--max-memory", "700"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "UNTOC-COP decision 3/1" in r.stdout


def test_named_query_in_a_child_is_still_fast(small):
    t0 = time.perf_counter()
    for _ in range(5):
        rows = small.query("acts")
    per_query = (time.perf_counter() - t0) / 5
    assert len(rows) >= 20 and per_query < 1.0


def test_a_store_object_cannot_be_given_a_time_limit(small):
    with pytest.raises(TypeError, match="output folder"):
        run(open_store(small.out_dir), "SELECT * WHERE { ?s ?p ?o } LIMIT 1", timeout=5)


# --- 9. control characters ----------------------------------------------------------------

def _report_with_controls() -> str:
    """The session-3 report with BS and an ESC sequence inside a citation's evidence (placed
    where the citation is still read)."""
    doc = process_source(SourceText("r.txt", "r.txt", REPORT, "utf-8", "0"))
    want = {(c.cited.key.notation, c.relation) for c in doc.citations}
    for c in doc.citations:
        s, e = doc.source_span(c.evidence_start, c.cited.end)
        for cut in range(s + 1, e):
            text = REPORT[:cut] + "\x08\x1b[2J" + REPORT[cut:]
            d = process_source(SourceText("r.txt", "r.txt", text, "utf-8", "0"))
            got = {(x.cited.key.notation, x.relation) for x in d.citations}
            if got == want and any("\x1b" in d.quote(x.evidence_start, x.cited.end)
                                   for x in d.citations):
                return text
    pytest.skip("no place in a citation keeps it readable with control characters")


def test_control_characters_make_no_malformed_xml_and_no_terminal_escapes(tmp_path):
    path = tmp_path / "controls.txt"
    path.write_text(_report_with_controls(), encoding="utf-8")
    out = tmp_path / "out"
    kg.build([str(path)], out, html=False)
    evidence = [r["evidence"] for r in kg.open(out).query("citations")]
    assert any("\x1b" in e for e in evidence)  # the data keeps the file's characters
    for fmt in ("graphml", "gexf"):
        r = subprocess.run(CLI + ["export", "--format", fmt, "-o", str(out)],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        ET.parse(out / f"graph.{fmt}")  # well-formed XML
        assert "\\x08\\x1b[2J" in (out / f"graph.{fmt}").read_text(encoding="utf-8")
    for fmt in ("table", "csv", "json"):
        pid, fd = pty.fork()
        if pid == 0:  # the child: kg query with a terminal as stdout
            os.execv(sys.executable, CLI + ["query", "citations", "-o", str(out), "--format", fmt])
        shown = b""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        os.waitpid(pid, 0)
        assert b"\x1b" not in shown and b"\x08" not in shown, fmt
        assert (b"\\u001b[2J" if fmt == "json" else b"\\x1b[2J") in shown, fmt
    # to a pipe, CSV keeps the exact characters (data for programs)
    r = subprocess.run(CLI + ["query", "citations", "-o", str(out), "--format", "csv"],
                       capture_output=True, text=True)
    assert any("\x1b" in row["evidence"] for row in csv.DictReader(io.StringIO(r.stdout)))


# --- 10. only regular files, the read bounded --------------------------------------------

def _build_cli(args, tmp_path, timeout=60):
    """kg build in a child with 2 GiB of address space: a read that never ends fails fast."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, resource.RLIM_INFINITY))

    return subprocess.run(CLI + ["build", *map(str, args), "-o", str(tmp_path / "out"), "-q",
                                 "--no-html"], capture_output=True, text=True, timeout=timeout,
                          preexec_fn=cap)


def test_a_fifo_and_a_link_to_dev_zero_are_refused_by_name(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    r = _build_cli([folder], tmp_path)
    assert r.returncode == 1, r.stderr
    assert re.search(r"pipe\.txt: is a FIFO", r.stderr) and re.search(r"zero\.txt: is a character device", r.stderr)
    assert "2 of 3 files failed" in r.stderr
    with pytest.raises(ReadError, match="not a regular file"):
        read_file(folder / "pipe.txt")


def test_the_read_stops_at_the_limit_whatever_the_size_said(tmp_path, monkeypatch):
    path = tmp_path / "growing.txt"
    path.write_text(REPORT, encoding="utf-8")
    monkeypatch.setattr("kg.read.MAX_BYTES", 50_000)
    real_fstat, real_stat = os.fstat, os.stat

    def small_size(result):
        fields = list(result)
        fields[6] = 10  # st_size: the file "was" small when looked at
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", lambda fd: small_size(real_fstat(fd)))
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: small_size(real_stat(p, *a, **k))
                        if str(p) == str(path) else real_stat(p, *a, **k))
    with pytest.raises(ReadError, match="limit"):
        read_file(path)


# --- 11. the smaller ones -------------------------------------------------------------------

def test_an_output_path_that_is_a_file_is_one_message(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    r = subprocess.run(CLI + ["build", str(SAMPLES[2]), "-o", str(blocker), "-q", "--no-html"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "cannot write the output" in r.stderr and str(blocker) in r.stderr


def test_a_read_only_output_folder_is_one_message(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    if os.geteuid() == 0:  # root writes anywhere: refuse the way a read-only folder does
        real_open = os.open

        def read_only(p, flags, *a, **k):
            if str(p).startswith(str(out)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                raise PermissionError(13, "Permission denied", str(p))
            return real_open(p, flags, *a, **k)

        monkeypatch.setattr(os, "open", read_only)
    else:
        out.chmod(0o555)
    with pytest.raises(OutputError, match="cannot write the output: Permission denied"):
        kg.build([str(SAMPLES[2])], out, html=False)


def test_a_full_disk_is_one_message_and_leaves_nothing_behind(tmp_path, monkeypatch):
    import errno

    import kg.batch

    out = tmp_path / "out"
    kg.build([str(SAMPLES[2])], out, html=False)
    before = (out / "graph.ttl").read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kg.batch, "_write_turtle", full)  # the disk fills while graph.ttl is written
    with pytest.raises(OutputError, match="no space left"):
        kg.build([str(SAMPLES[1])], out, html=False)
    assert (out / "graph.ttl").read_bytes() == before
    assert len(list((out / "versions").iterdir())) == 1
    assert not [p for p in out.iterdir() if p.name.startswith(".store-")]


def test_symlinked_subfolders_are_followed_once(tmp_path):
    folder = tmp_path / "in"
    (folder / "real").mkdir(parents=True)
    (folder / "real" / "a.txt").write_text(REPORT, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text(SAMPLES[1].read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "linked").symlink_to(elsewhere)
    (folder / "loop").symlink_to(folder)  # a cycle must not recurse
    files, failures, skipped = kg.batch.collect([folder])
    names = sorted(p.name for p in files)
    assert names == ["a.txt", "b.txt"] and not failures and not skipped


@pytest.mark.parametrize("data", [
    "\u3000\u3000\u3000\n\u3000".encode("utf-8"),
    "\ufeff\u3000 \n".encode("utf-8"),
    "\u3000\u3000".encode("gb18030"),
    "\u3000\u3000\n".encode("utf-16"),
    "\u3000 \n\ufeff".encode("utf-8"),  # a BOM at the end, not the start
    "\u200b\n\u200d\u2060".encode("utf-8"),  # zero-width space, joiner, word joiner
], ids=["utf8", "bom", "gb18030", "utf16", "trailing-bom", "zero-width"])
def test_white_space_only_files_are_empty(tmp_path, data):
    path = tmp_path / "blank.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError, match="empty file"):
        read_file(path)


def test_one_visible_character_after_invisible_ones_is_a_document(tmp_path):
    path = tmp_path / "one.txt"
    path.write_bytes("\u200b\ufeff\u3000决".encode("utf-8"))
    assert read_file(path).text.endswith("决")


@pytest.mark.parametrize("name,data", [
    ("utf16-le-odd", REPORT.encode("utf-16-le") + "决".encode("utf-16-le")[:1]),
    ("utf16-bom-odd", REPORT.encode("utf-16") + b"\x33"),
    ("utf16-half-surrogate", REPORT.encode("utf-16-le") + "𠀀".encode("utf-16-le")[:2]),
    ("gb18030-cut", REPORT.encode("gb18030") + "决".encode("gb18030")[:1]),
    ("gb18030-four-byte-cut", REPORT.encode("gb18030") + "𠀀".encode("gb18030")[:2]),
])
def test_utf16_and_gb18030_cut_in_the_last_character_drop_it(tmp_path, name, data):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    source = read_file(path)
    assert source.text.rstrip() == REPORT.rstrip()
    assert "truncated last character dropped" in source.encoding
    result = kg.build([str(path)], tmp_path / "out", html=False)
    assert adopted(result) == [f"UNTOC-COP decision 3/{i}" for i in range(1, 5)]


def test_outputs_are_where_readme_says(small):
    out = small.out_dir
    for name in ("graph.ttl", "store"):
        assert (out / name).exists() and (out / name).is_symlink()
        assert os.readlink(out / name) == f"current/{name}"
    assert os.readlink(out / "current").startswith("versions/")
    assert json.loads(json.dumps(small.query("documents"), default=str))[0]["file"] == SAMPLES[2].name
