"""kg serve (issue 11, item 1): the SPARQL 1.1 Protocol endpoint, driven by SPARQLWrapper and
by curl, its guard over HTTP (a local listener that must see no request), its limits, a new
build picked up while it runs, and the query page in a browser with no network."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import kg
from kg.batch import sample_corpus
from kg.query import named_queries

SAMPLES = sample_corpus()
CLI = [sys.executable, "-m", "kg.cli"]
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``kg serve`` in a child process on a free loopback port."""

    def __init__(self, out_dir: Path, *args: str):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            CLI + ["serve", "-o", str(out_dir), "--port", str(self.port), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kg serve exited: {self.process.communicate()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("kg serve did not listen")

    def request(self, path: str = "/sparql", data: bytes | None = None,
                headers: dict | None = None, method: str | None = None):
        """(status, headers, body) of one request."""
        req = urllib.request.Request(self.url + path, data=data, headers=headers or {},
                                     method=method)
        try:
            with OPENER.open(req, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def get(self, sparql: str, accept: str = "") -> tuple:
        query = urllib.parse.urlencode({"query": sparql})
        return self.request(f"/sparql?{query}", headers={"Accept": accept} if accept else {})

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    kg.build([str(SAMPLES[2])], folder, html=False)  # session 3: 4 decisions
    return folder


@pytest.fixture(scope="module")
def server(out):
    served = Server(out)
    yield served
    served.stop()


def test_sparqlwrapper_json_keeps_numbers_dates_and_language_tags(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery("""SELECT ?act ?date ?ordinal ?label WHERE {
        ?a kgo:adoptedAt ?s ; skos:notation ?act ; eli:date_document ?date .
        ?s kgo:ordinal ?ordinal . ?b a kgo:State ; skos:notation "KEN" ; skos:prefLabel ?label
    } ORDER BY ?act""")
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    assert answer["head"]["vars"] == ["act", "date", "ordinal", "label"]
    rows = answer["results"]["bindings"]
    acts = {r["act"]["value"] for r in rows}
    assert acts == {"UNTOC-COP decision 3/1", "UNTOC-COP decision 3/2", "UNTOC-COP decision 3/3",
                    "UNTOC-COP decision 3/4"}
    first = rows[0]
    assert first["date"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"
    assert first["ordinal"] == {"type": "literal", "value": "3",
                                "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert {r["label"]["xml:lang"] for r in rows} == {"zh", "en"}


def test_sparqlwrapper_csv_and_a_named_query(server):
    from SPARQLWrapper import CSV, POST, SPARQLWrapper

    client = SPARQLWrapper(server.url + "/sparql")
    client.setMethod(POST)
    client.setQuery(named_queries()["acts"])
    client.setReturnFormat(CSV)
    text = client.query().convert().decode("utf-8")
    lines = text.splitlines()
    # the query's text as it is: the SPEC's columns, then the IRI of each row's act (kg query
    # NAME prints the SPEC's columns only; a SPARQL client gets what the SPARQL selects)
    assert lines[0] == "act,body,kind,number,date,title,adopted_at,act_iri"
    assert any(line.startswith("UNTOC-COP decision 3/1,UNTOC-COP,decision,3/1,") for line in lines)


def test_curl_get_post_form_post_query_and_negotiation(server):
    if shutil.which("curl") is None:
        pytest.skip("no curl")
    endpoint = server.url + "/sparql"
    ask = "ASK { ?a skos:notation \"UNTOC-COP decision 3/1\" }"
    runs = {
        "GET": ["curl", "-s", "-G", endpoint, "--data-urlencode", f"query={ask}"],
        "POST form": ["curl", "-s", endpoint, "--data-urlencode", f"query={ask}"],
        "POST query": ["curl", "-s", endpoint, "-H", "Content-Type: application/sparql-query",
                       "--data-binary", ask],
    }
    for name, cmd in runs.items():
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout
        assert json.loads(out) == {"head": {}, "boolean": True}, name
    xml = subprocess.run(runs["GET"] + ["-H", "Accept: application/sparql-results+xml"],
                         capture_output=True, text=True, timeout=60).stdout
    assert "<boolean>true</boolean>" in xml
    select = "SELECT ?n WHERE { ?s a kgo:State ; skos:notation ?n } ORDER BY ?n LIMIT 2"
    tsv = subprocess.run(["curl", "-s", "-G", endpoint, "--data-urlencode", f"query={select}",
                          "-H", "Accept: text/tab-separated-values"],
                         capture_output=True, text=True, timeout=60).stdout
    assert tsv.splitlines()[0] == "?n" and tsv.splitlines()[1].startswith('"')


def test_construct_and_describe_give_turtle_or_ntriples(server):
    construct = ("CONSTRUCT { ?s skos:notation ?n } WHERE { ?s a kgo:State ; skos:notation ?n "
                 'FILTER(?n = "KEN") }')
    status, headers, body = server.get(construct)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert b"@prefix skos:" in body and b'skos:notation "KEN"' in body
    status, headers, body = server.get(construct, "application/n-triples")
    assert headers["Content-Type"] == "application/n-triples"
    assert body.strip() == (b"<https://w3id.org/untoc-kg/state/KEN> "
                            b"<http://www.w3.org/2004/02/skos/core#notation> \"KEN\" .")
    status, _, body = server.get(construct, "text/csv")  # not a table
    assert status == 406
    status, headers, body = server.get("DESCRIBE <https://w3id.org/untoc-kg/state/KEN>")
    assert status == 200 and "肯尼亚".encode() in body


def test_service_is_refused_over_http_and_the_listener_sees_nothing(server, listener):
    hostile = [
        f"SELECT * WHERE {{ SERVICE <{listener.url}/leak> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{listener.url}/leak> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{listener.url}/g.ttl> WHERE {{ ?s ?p ?o }}",
        f"ASK {{ ?a ?b ?c OPTIONAL {{ SERVICE <{listener.url}/leak> {{ ?s ?p ?o }} }} }}",
    ]
    for sparql in hostile:
        status, _, body = server.get(sparql)
        assert status == 400 and b"refused" in body, sparql
        status, _, body = server.request(data=sparql.encode(), headers={
            "Content-Type": "application/sparql-query"})
        assert status == 400 and b"refused" in body, sparql
    for form in ({"update": f"LOAD <{listener.url}/g.ttl>"},
                 {"query": f"LOAD <{listener.url}/g.ttl>"}):
        status, _, body = server.request(data=urllib.parse.urlencode(form).encode(), headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        assert status in (400, 403), form
    status, _, _ = server.request(data=b"DROP ALL", headers={
        "Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, _ = server.request(
        "/sparql?" + urllib.parse.urlencode({"query": "ASK {}", "default-graph-uri":
                                             f"{listener.url}/g"}))
    assert status == 400
    time.sleep(0.3)
    assert listener.requests == []
    assert server.get("ASK { ?s ?p ?o }")[0] == 200  # and the endpoint still answers


@pytest.fixture()
def listener():
    from test_trust_round2 import _Listener

    served = _Listener()
    yield served
    served.close()


def test_syntax_errors_say_where(server):
    status, _, body = server.get("SELEC ?a WHERE { ?a ?b ?c }")
    assert status == 400
    assert b"SPARQL syntax error at line 1, column 1" in body


def test_no_cors_header_unless_an_origin_is_allowed(server, out):
    origin = {"Origin": "http://example.org"}
    _, headers, _ = server.request("/sparql?query=ASK%7B%7D", headers=origin)
    assert "Access-Control-Allow-Origin" not in headers
    allowed = Server(out, "--allow-origin", "http://example.org")
    try:
        _, headers, _ = allowed.request("/sparql?query=ASK%7B%7D", headers=origin)
        assert headers["Access-Control-Allow-Origin"] == "http://example.org"
        _, headers, _ = allowed.request("/sparql?query=ASK%7B%7D",
                                        headers={"Origin": "http://elsewhere.example"})
        assert "Access-Control-Allow-Origin" not in headers
    finally:
        allowed.stop()


def test_time_limit_and_row_cap(out):
    limited = Server(out, "--timeout", "1", "--max-rows", "5", "--workers", "1")
    try:
        t0 = time.perf_counter()
        status, _, body = limited.get(HEAVY)
        assert status == 503 and b"longer than 1 s" in body
        assert time.perf_counter() - t0 < 10
        status, headers, body = limited.get("SELECT ?s WHERE { ?s ?p ?o }", "text/csv")
        assert status == 200 and headers["KG-Result-Truncated"] == "5"
        assert len(body.decode().splitlines()) == 1 + 5
        status, headers, _ = limited.get("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")
        assert status == 200 and "KG-Result-Truncated" not in headers  # the worker was replaced
    finally:
        limited.stop()


def test_a_named_query_over_http_is_fast(server):
    acts = named_queries()["acts"]
    server.get(acts)  # the worker opens the store
    t0 = time.perf_counter()
    for _ in range(10):
        status, _, _ = server.get(acts)
        assert status == 200
    per_query = (time.perf_counter() - t0) / 10
    assert per_query < 0.3, per_query  # measured ~0.01 s on two cores


def test_a_new_build_is_picked_up_and_no_request_reads_a_deleted_version(tmp_path):
    out = tmp_path / "out"
    kg.build([str(SAMPLES[2])], out, html=False)  # session 3
    served = Server(out, "--workers", "2")
    ask5 = 'ASK { ?a skos:notation "UNTOC-COP resolution 5/1" ; kgo:adoptedAt ?s }'
    failures: list[str] = []
    stop = threading.Event()

    def hammer():
        while not stop.is_set():
            status, _, body = served.get("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            if status != 200:
                failures.append(body.decode("utf-8", "replace"))

    try:
        assert json.loads(served.get(ask5)[2])["boolean"] is False
        threads = [threading.Thread(target=hammer) for _ in range(2)]
        for t in threads:
            t.start()
        for corpus in ([SAMPLES[0]], [SAMPLES[2]], [SAMPLES[0]]):  # three new versions (5, 3, 5)
            kg.build([str(p) for p in corpus], out, html=False)
            time.sleep(0.3)
        stop.set()
        for t in threads:
            t.join(60)
        assert failures == []
        assert json.loads(served.get(ask5)[2])["boolean"] is True  # session 5 is current
        versions = os.listdir(out / "versions")
        assert len(versions) == 1  # the builds deleted the versions the server had read
        snapshots = [p.name for p in out.iterdir() if p.name.startswith(".kg-serve-")]
        assert len(snapshots) <= 1
    finally:
        stop.set()
        served.stop()
    assert not [p for p in out.iterdir() if p.name.startswith(".kg-serve-")]  # cleaned on exit


def _browser_module():
    spec = importlib.util.spec_from_file_location("browser", Path(__file__).with_name("browser.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_query_page_works_with_no_network(server):
    """Also the README's screenshot (output/query-page.png, with KG_UPDATE_SCREENSHOTS=1)."""
    browser = _browser_module()
    if browser.find_chromium() is None:
        pytest.skip("no chromium (apt-get install chromium)")
    with browser.Browser(width=1400, height=900) as b:
        b.navigate(server.url + "/")
        b.wait_for('document.querySelectorAll("#examples button").length >= 12', 20)
        b.evaluate('[...document.querySelectorAll("#examples button")]'
                   '.find(x => x.textContent === "acts").click()')
        b.wait_for('document.querySelector(".yasr") && '
                   'document.querySelector(".yasr").innerText.includes("UNTOC-COP decision 3/1")', 20)
        b.pump(0.5)
        shot = browser.save_screenshot(b, "query-page.png")
        assert shot.stat().st_size > 10_000  # a drawn page, not a blank one
        outside = [u for u in b.requests() if not u.startswith(server.url + "/")
                   and not u.startswith("data:")]
        assert outside == []
        assert b.errors() == []


def test_a_request_holding_a_version_reads_it_whole_after_a_build_deleted_it(tmp_path):
    """The snapshot is what makes this hold: the version's own folder is gone."""
    from kg.pool import QueryPool, StoreVersions

    out = tmp_path / "out"
    kg.build([str(SAMPLES[2])], out, html=False)  # session 3
    old_version = os.readlink(out / "current")
    versions = StoreVersions(out)
    pool = QueryPool(size=1, timeout=30)
    try:
        held = versions.acquire()
        kg.build([str(SAMPLES[0])], out, html=False)  # session 5; session 3's version deleted
        assert not (out / old_version).exists()
        adopted_3_1 = 'ASK { ?a skos:notation "UNTOC-COP decision 3/1" ; kgo:adoptedAt ?s }'
        assert pool.execute(str(held), adopted_3_1).boolean is True
        versions.release(held)
        current = versions.acquire()  # the next request moves to the new build …
        assert not held.exists()  # … and lets the old snapshot go, since nothing reads it
        assert pool.execute(str(current), adopted_3_1).boolean is False
        versions.release(current)
    finally:
        pool.close()
        versions.close()
    assert not [p for p in out.iterdir() if p.name.startswith(".kg-serve-")]


def _files(folder: Path) -> dict[str, tuple[int, str]]:
    import hashlib

    return {p.name: (p.stat().st_ino, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_published_store_never_changes_under_incremental_builds(tmp_path):
    """An incremental build starts its store as a checkpoint of the published one (hard links
    to the same RocksDB files) and then writes to it; the server's snapshot links the same
    files too. Neither the published version nor the snapshot may change: every file keeps its
    bytes, and the snapshot answers as the build it was taken of."""
    from kg.pool import QueryPool, StoreVersions

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SAMPLES[2], folder / SAMPLES[2].name)  # session 3
    out = tmp_path / "out"
    kg.build([str(folder)], out, html=False)
    published = (out / "current" / "store").resolve()
    before = _files(published)
    versions = StoreVersions(out)
    pool = QueryPool(size=1, timeout=30)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?d a kgo:Report }"
    try:
        held = versions.acquire()
        snapshot = _files(held)
        assert {name: digest for name, (_, digest) in snapshot.items()} == \
            {name: digest for name, (_, digest) in before.items() if name in snapshot}
        for more in (SAMPLES[0], SAMPLES[1]):  # two incremental builds, each reading one file
            shutil.copyfile(more, folder / more.name)
            result = kg.build([str(folder)], out, html=False)
            assert result.processed == 1
        assert _files(held) == snapshot  # same inodes, same bytes
        assert pool.execute(str(held), count).values() == [{"n": 1}]
        current = versions.acquire()
        assert pool.execute(str(current), count).values() == [{"n": 3}]
        versions.release(current)
        versions.release(held)
    finally:
        pool.close()
        versions.close()


def test_a_query_past_the_memory_cap_is_stopped_and_its_worker_replaced(out):
    from kg.pool import QueryPool, StoreVersions
    from kg.query import QueryLimitExceeded

    versions = StoreVersions(out)
    pool = QueryPool(size=1, timeout=120, max_memory=700 * 2**20)
    store = versions.acquire()
    try:
        cartesian = ("SELECT ?a ?b ?c WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f } "
                     "ORDER BY ?a ?b ?c ?d ?e ?f")
        with pytest.raises(QueryLimitExceeded, match="more than 700 MiB"):
            pool.execute(str(store), cartesian)
        assert pool.execute(str(store), "ASK { ?s ?p ?o }").boolean is True
    finally:
        versions.release(store)
        pool.close()
        versions.close()


def test_a_port_in_use_is_one_clear_message_and_no_banner(out, capsys):
    import socket

    from kg.serve import serve

    taken = socket.create_server(("127.0.0.1", 0))
    port = taken.getsockname()[1]
    try:
        assert serve(out, port=port, workers=1) == 2
    finally:
        taken.close()
    printed = capsys.readouterr()
    assert f"kg: cannot listen on 127.0.0.1:{port}:" in printed.err
    assert "SPARQL endpoint" not in printed.out
