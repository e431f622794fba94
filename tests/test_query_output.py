"""kg query's output (issue 11, item 3) and the notebook API (item 2): W3C results JSON, Turtle
for CONSTRUCT/DESCRIBE, stdin, syntax errors and unknown prefixes, --no-truncate, numeric
order; kg.open, typed rows, frame, graph with prefixes, to_pyvis, a checkout named kg."""
from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import QueryResultsFormat, parse_query_results

import kg
from kg.query import Text, natural_key, python_value
from kg.store import StoreMissing

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "kg.cli"]
XSD = "http://www.w3.org/2001/XMLSchema#"


def cli(built, *args, stdin: str | None = None):
    return subprocess.run(CLI + ["query", *args, "-o", str(built.out_dir)], input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_natural_order():
    notations = ["GA resolution 55/255", "GA resolution 55/25", "GA resolution 11/6",
                 "GA resolution 5/1"]
    assert sorted(notations, key=natural_key) == ["GA resolution 5/1", "GA resolution 11/6",
                                                  "GA resolution 55/25", "GA resolution 55/255"]


def test_json_is_the_w3c_results_format_with_numbers_and_language_tags(built):
    r = cli(built, "SELECT ?iso ?label ?n WHERE { ?s a kgo:State ; skos:notation ?iso ; "
                   'skos:prefLabel ?label FILTER(?iso = "KEN") BIND(3 AS ?n) }', "--format", "json")
    assert r.returncode == 0, r.stderr
    document = json.loads(r.stdout)
    assert document["head"]["vars"] == ["iso", "label", "n"]
    bindings = document["results"]["bindings"]
    assert {b["label"]["xml:lang"] for b in bindings} == {"zh", "en"}
    assert bindings[0]["n"] == {"type": "literal", "value": "3", "datatype": XSD + "integer"}
    assert len(list(parse_query_results(r.stdout, QueryResultsFormat.JSON))) == 2  # a W3C reader
    r = cli(built, "ASK { ?s a kgo:State }", "--format", "json")
    assert json.loads(r.stdout) == {"head": {}, "boolean": True}


def test_construct_and_describe_print_turtle(built):
    r = cli(built, "CONSTRUCT { ?s skos:notation ?n } WHERE { ?s a kgo:State ; skos:notation ?n }")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("@prefix")
    graph = rdflib.Graph().parse(data=r.stdout, format="turtle")
    assert len(graph) > 100
    r = cli(built, "DESCRIBE <https://w3id.org/untoc-kg/state/KEN>")
    graph = rdflib.Graph().parse(data=r.stdout, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/untoc-kg/state/KEN"),
            rdflib.SKOS.prefLabel, rdflib.Literal("Kenya", lang="en")) in graph
    r = cli(built, "DESCRIBE <https://w3id.org/untoc-kg/state/KEN>", "--format", "nt")
    assert all(line.endswith(" .") for line in r.stdout.splitlines())


def test_the_query_comes_from_stdin(built):
    r = cli(built, "-", "--format", "csv",
            stdin="SELECT ?iso WHERE {\n  ?s a kgo:State ; skos:notation ?iso\n} ORDER BY ?iso LIMIT 2\n")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "iso" and len(lines) == 3 and lines[1] < lines[2]


def test_a_syntax_error_says_so_and_where(built):
    r = cli(built, "SELEC ?a WHERE { ?a ?b ?c }")
    assert r.returncode == 2
    assert "unknown query" not in r.stderr
    assert "SPARQL syntax error at line 1, column 1, found 'SELEC'" in r.stderr
    r = cli(built, "-", stdin="SELECT ?a WHERE {\n  ?a ?b ?c .\n  FILTER(?a = ) }")
    assert "SPARQL syntax error at line 3" in r.stderr and "FILTER(?a = )" in r.stderr
    r = cli(built, "citatons")  # a name: the names are listed
    assert "unknown query 'citatons'" in r.stderr and "citations" in r.stderr


def test_an_unknown_prefix_is_named(built):
    r = cli(built, "SELECT ?a WHERE { ?a foo:bar ?b }")
    assert r.returncode == 2
    assert "unknown prefix foo:" in r.stderr


def test_no_truncate_prints_cells_whole(built):
    cut = cli(built, "citations")
    whole = cli(built, "citations", "--no-truncate")
    assert "…" in cut.stdout
    longest = max(len(line) for line in whole.stdout.splitlines())
    assert longest > max(len(line) for line in cut.stdout.splitlines())
    evidence = [r["evidence"] for r in built.query("citations")]
    assert max(evidence, key=len) in whole.stdout


def test_acts_in_numeric_order_mandates_by_act_and_paragraph(built):
    acts = [r["act"] for r in built.query("acts")]
    ga = [a for a in acts if a.startswith("GA resolution 55/")]
    assert ga.index("GA resolution 55/25") < ga.index("GA resolution 55/255")
    cop = [a for a in acts if a.startswith("UNTOC-COP resolution")]
    assert cop.index("UNTOC-COP resolution 5/1") < cop.index("UNTOC-COP resolution 11/1")
    csv_acts = [line.split(",")[0] for line in cli(built, "acts", "--format", "csv").stdout.splitlines()[1:]]
    assert csv_acts == acts
    rows = built.query("mandates")
    keys = [(natural_key(r["act"]), natural_key(r["paragraph"])) for r in rows]
    assert keys == sorted(keys)


def test_typed_values():
    assert python_value({"type": "literal", "value": "12", "datatype": XSD + "integer"}) == 12
    assert python_value({"type": "literal", "value": "2010-10-18", "datatype": XSD + "date"}) \
        == datetime.date(2010, 10, 18)
    tagged = python_value({"type": "literal", "value": "公约", "xml:lang": "zh"})
    assert isinstance(tagged, Text) and tagged == "公约" and tagged.lang == "zh"
    assert python_value({"type": "literal", "value": "x", "datatype": XSD + "integer"}) == "x"
    assert python_value({"type": "uri", "value": "http://a/b"}) == "http://a/b"
    assert python_value(None) is None


def test_kg_open_gives_typed_rows_a_frame_a_graph_and_a_network(built):
    build = kg.open(built.out_dir)
    acts = {r["act"]: r for r in build.query("acts")}
    assert acts["GA resolution 55/25"]["date"] == datetime.date(2000, 11, 15)
    countries = build.query("countries")
    assert isinstance(countries[0]["mentions"], int)
    assert isinstance(countries[0]["label_en"], str)
    labels = build.query('SELECT ?l WHERE { ?s skos:notation "KEN" ; skos:prefLabel ?l }')
    assert {(r["l"], r["l"].lang) for r in labels} == {("Kenya", "en"), ("肯尼亚", "zh")}
    frame = build.frame("countries")
    assert str(frame["mentions"].dtype) == "int64"
    assert list(frame.columns) == ["iso3", "label_zh", "label_en", "mentions", "documents"]
    assert str(build.frame("acts")["date"].dtype).startswith("datetime64")
    graph = build.graph
    assert dict(graph.namespaces())["cito"] == rdflib.URIRef("http://purl.org/spar/cito/")
    assert len(list(graph.query("SELECT ?a WHERE { ?a cito:obtainsBackgroundFrom ?b } LIMIT 3"))) == 3
    net = build.to_pyvis("mandates")
    labels = {n["label"] for n in net.nodes}
    # the requests of one act of one addressee are one edge, with their count
    assert "Secretariat" in labels
    assert any(e["relation"] == "mandates" and e["count"] > 1 for e in net.edges)
    html = net.generate_html()  # kg's page template: vis-network inlined, draws with no network
    assert "vis.Network" in html and 'id="kg-data"' in html and "cdn" not in html.lower()
    with pytest.raises(AttributeError, match="kg.open reads the store"):
        build.documents


def test_kg_open_of_a_folder_without_a_build(tmp_path):
    with pytest.raises(StoreMissing):
        kg.open(tmp_path)


def test_a_checkout_named_kg_does_not_shadow_the_package_silently(tmp_path):
    (tmp_path / "kg").symlink_to(ROOT, target_is_directory=True)
    r = subprocess.run([sys.executable, "-c", "import kg; print(kg.build)"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=60,
                       env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    assert r.returncode != 0
    assert f"'import kg' found {tmp_path / 'kg'}, a checkout of kg" in r.stderr


def test_pyvis_tooltips_stay_text_whatever_the_report_says():
    import networkx as nx

    from kg.views import to_pyvis

    g = nx.MultiDiGraph()
    hostile = '<a href="x"><img src=x onerror="alert(1)"></a>'
    g.add_node("a", label="A", kind="act", body="GA", notation="GA resolution 1/1", label_zh=hostile)
    g.add_node("b", label="B", kind="act", body="GA", notation="GA resolution 1/2")
    g.add_edge("a", "b", relation="cites", evidence=hostile, view="citations")
    html = to_pyvis(g, "citations").generate_html()
    assert "popup.innerHTML" not in html  # pyvis's HTML tooltips stay off
    assert "<img" not in html and "<a href" not in html  # the data is escaped JSON
    with pytest.raises(ValueError, match="unknown view"):
        to_pyvis(g, "nowhere")
