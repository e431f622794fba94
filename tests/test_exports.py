"""Schema friction (issue 11, item 5): what Gephi, JSON-LD tools, Protégé and a CSV user get —
and the named query `delegations`, mandate addressees that are organizations' own nodes."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from pyoxigraph import RdfFormat, serialize

from kg.export import export
from kg.query import IRI_COLUMN, named_queries
from kg.store import open_store

BASE = "https://w3id.org/untoc-kg/"
SPEC_HEADERS = {  # ../shared/SPEC.md, "Named queries"
    "delegations": "state,group,session,source",
    "mandates": "act,paragraph,verb,addressee,action,source",
    "acts": "act,body,kind,number,date,title,adopted_at",
}


@pytest.fixture(scope="module")
def exported(built):
    for fmt in ("jsonld", "graphml", "gexf", "csv"):
        export(fmt, built.out_dir)
    return built.out_dir


def test_jsonld_is_compacted_with_a_context_and_reads_back_whole(exported):
    import rdflib

    text = (exported / "graph.jsonld").read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["@context"]["kgo"] == BASE + "ontology#" and doc["@context"]["kg"] == BASE
    mandate = next(n for n in doc["@graph"] if "kgo:Mandate" in (n.get("@type") or []))
    assert mandate["@id"].startswith("kg:act/") and "kgo:addressee" in mandate
    assert '"http://www.w3.org/2004/02/skos/core#prefLabel"' not in text  # compact, not expanded
    # the same triples as the store (read by another implementation: rdflib's JSON-LD parser)
    g = rdflib.Graph()
    g.parse(data=text, format="json-ld")
    store = open_store(exported)
    mine = set(serialize((q.triple for q in store), format=RdfFormat.N_TRIPLES).decode().splitlines())
    theirs = set(rdflib.Graph().parse(data=g.serialize(format="nt"), format="nt")
                 .serialize(format="nt").splitlines())
    assert len(g) == len(mine)
    # compared as sets of terms (both sides' N-Triples escape alike for these texts)
    assert {line for line in theirs if line} == {line for line in mine if line}


def test_graphml_and_gexf_carry_kind_colour_position_for_gephi(exported):
    g = nx.read_graphml(exported / "graph.graphml")
    act = g.nodes[BASE + "act/untoc-cop/resolution/5-1"]
    assert (act["kind"], act["color"], act["adopted"]) == ("act", "#8e44ad", True)
    assert (act["r"], act["g"], act["b"]) == (0x8E, 0x44, 0xAD)  # what Gephi's importer reads
    assert isinstance(act["x"], float) and isinstance(act["y"], float) and act["size"] >= 10
    spots = {(d["x"], d["y"]) for _, d in g.nodes(data=True)}
    assert len(spots) == g.number_of_nodes()
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"act", "addressee", "body", "state"} <= kinds
    cited = g.nodes[BASE + "act/un-ga/resolution/55-25"]
    assert cited["adopted"] is False
    edge = next(d for *_, d in g.edges(data=True) if d["relation"] == "obtainsBackgroundFrom")
    assert edge["label"] == "recalls" and edge["weight"] == 1.0
    # GEXF: Gephi's viz: elements
    root = ET.parse(exported / "graph.gexf").getroot()
    ns = {"g": root.tag.split("}")[0][1:], "viz": "http://gexf.net/1.2/viz"}
    viz = {el.tag.split("}")[1] for el in root.iter() if "viz" in el.tag}
    assert viz >= {"color", "position", "size"}
    node = next(n for n in root.iter(f"{{{ns['g']}}}node") if n.get("id") == BASE + "act/untoc-cop/resolution/5-1")
    colour = next(el for el in node if el.tag.endswith("}color"))
    assert (colour.get("r"), colour.get("g"), colour.get("b")) == ("142", "68", "173")


def test_csv_exports_carry_iris_after_the_spec_columns(exported, built):
    store_rows = {r["n"]: r["act"] for r in built.query(
        "SELECT ?n ?act WHERE { ?n skos:notation ?act ; a eli:LegalResource }", iris=False)}
    for name in named_queries():
        text = (exported / "csv" / f"{name}.csv").read_text(encoding="utf-8")
        header = text.splitlines()[0].split(",")
        spec = [c for c in header if not c.endswith(IRI_COLUMN)]
        iris = header[len(spec):]
        assert header[:len(spec)] == spec and iris and all(c.endswith(IRI_COLUMN) for c in iris), name
        if name in SPEC_HEADERS:
            assert ",".join(spec) == SPEC_HEADERS[name]
    # a row joins back to the graph: its act_iri is the node whose notation the row prints
    rows = list(csv.DictReader(io.StringIO((exported / "csv" / "acts.csv").read_text(encoding="utf-8"))))
    assert rows and all(store_rows[r["act_iri"]] == r["act"] for r in rows)
    mandates = list(csv.DictReader(io.StringIO((exported / "csv" / "mandates.csv").read_text(encoding="utf-8"))))
    assert len(mandates) == len(built.query("mandates"))  # one row per mandate and addressee
    assert all(r["mandate_iri"].startswith(BASE) and r["addressee_iri"].startswith(BASE) for r in mandates)


def test_named_queries_print_the_spec_columns_unless_asked(built):
    rows = built.query("mandates")
    assert rows.columns == SPEC_HEADERS["mandates"].split(",")
    with_iris = built.query("mandates", iris=True)
    assert with_iris.columns[:6] == rows.columns and with_iris.columns[6:] == [
        "act_iri", "addressee_iri", "mandate_iri"]
    assert len(with_iris) == len(rows)


def test_delegations(built):
    rows = built.query("delegations")
    assert rows.columns == SPEC_HEADERS["delegations"].split(",")
    got = {(r["state"], r["group"], r["session"]) for r in rows}
    assert ("Algeria", "Group of 77 and China", "UNTOC-COP session 5") in got
    assert ("South Africa", "Group of African States", "UNTOC-COP session 5") in got
    # each with the span it was read from; the text there names the group
    texts = {d.name: d.source.text for d in built.documents}
    for r in rows:
        name, start, end = re.fullmatch(r"(.+):(\d+)-(\d+)", r["source"]).groups()
        assert texts[name][int(start):int(end)], r
    # sessions in reading order (3 < 5 < 11), then group, then State
    order = [int(r["session"].rsplit(" ", 1)[1]) for r in rows]
    assert order == sorted(order)


def test_an_organization_asked_is_its_own_node(built):
    unodc = BASE + "organization/unodc"
    asked = built.query(f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m kgo:addressee <{unodc}> }}")[0]["n"]
    assert asked > 10
    # the same node the reports' mentions of UNODC are counted on, with its labels
    orgs = {r["organization"]: r for r in built.query("organizations", iris=True)}
    assert orgs["UNODC"]["organization_iri"] == unodc
    assert not built.query(f"SELECT ?m WHERE {{ ?m kgo:addressee <{BASE}addressee/unodc> }}")
    # one query: what was asked of UNODC, by whichever name the mandate wrote
    rows = built.query(f"""SELECT ?written (COUNT(?m) AS ?n) WHERE {{ ?m kgo:addressee <{unodc}> ;
                           kgo:addresseeText ?written }} GROUP BY ?written""")
    assert len(rows) >= 1 and sum(r["n"] for r in rows) >= asked


def test_rdfs_label_beside_every_pref_label_once(built):
    missing = built.query("SELECT ?s WHERE { ?s skos:prefLabel ?l FILTER NOT EXISTS { ?s rdfs:label ?l } } LIMIT 5")
    assert missing == []
    ken = built.query(f"SELECT ?g ?l WHERE {{ GRAPH ?g {{ <{BASE}state/KEN> rdfs:label ?l }} }}")
    assert sorted(r["l"].lang for r in ken) == ["en", "zh"]  # once per language, in one graph
    assert {r["g"] for r in ken} == {BASE + "graph/shared"}
