"""graph: the networkx projection drawn by the HTML page and exported as GraphML/GEXF.

Projected from the extracted facts — the records each document's summary keeps
(``kg/summary.py``, cached per document) — never from SPARQL, so drawing the page costs no
query and no time limit can stop a build. Nodes are acts (labelled with the notation the
corpus-level step chose) and the bodies, addressees and sponsors they relate to; edges are
citations (typed by CiTO), mandates, establishment and sponsorship, each with its evidence and
``source`` (``file:start-end``).

When several documents state one fact, its source and evidence come from one span: the
smallest fragment IRI (report IRI, then start), as the named queries choose.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from . import iris
from .models import ActKey
from .resolve import act_notations

PROJECTION_FILE = "graph.json"  # in the version folder: what kg export draws GraphML/GEXF from


class _Span:
    """A candidate span of a fact, comparable like its fragment IRI."""

    __slots__ = ("iri", "source", "text")

    def __init__(self, report: str, names: list[str], start: int, end: int, text: str):
        self.iri = iris.fragment_iri(report, start, end)
        self.source = f"{min(names)}:{start}-{end}"
        self.text = text


def _first(current: _Span | None, new: _Span) -> _Span:
    return new if current is None or new.iri < current.iri else current


class Projection:
    """The page's graph, gathered one document summary at a time (the summaries are not held:
    what several documents state is kept once)."""

    def __init__(self, base: str):
        self.base = base
        self.acts: dict[tuple, dict] = {}
        self.labels: dict[str, list[str]] = {}
        self.citations: dict[tuple, list] = {}  # (citing, cited, relation) -> [verb, span]
        self.mandates: dict[str, list] = {}
        self.establishes: dict[tuple, _Span] = {}
        self.sponsors: dict[tuple, list] = {}
        self.became: dict[str, set[tuple]] = {}

    def add(self, summary: dict, names: list[str]) -> None:
        g = summary["graph"]
        report = summary["report"]
        for a in g["acts"]:
            record = self.acts.setdefault(tuple(a["key"]), {"dates": set()})
            record["dates"].update(a["dates"])
            for field in ("title", "session", "session_date"):
                if a.get(field) and not record.get(field):
                    record[field] = a[field]
        for iri, pair in g["labels"].items():
            self.labels.setdefault(iri, pair)
        for citing, cited, relation, verb, s, e, text in g["citations"]:
            entry = self.citations.setdefault((tuple(citing), tuple(cited), relation), [verb, None])
            entry[0] = entry[0] or verb
            entry[1] = _first(entry[1], _Span(report, names, s, e, text))
        for iri, act, who, verb, action, s, e, text in g["mandates"]:
            entry = self.mandates.setdefault(iri, [tuple(act), who, verb, action, None])
            entry[4] = _first(entry[4], _Span(report, names, s, e, text))
        for act, body, s, e, text in g["establishes"]:
            key = (tuple(act), body)
            self.establishes[key] = _first(self.establishes.get(key), _Span(report, names, s, e, text))
        for draft, who, kind, s, e, text in g["sponsors"]:
            entry = self.sponsors.setdefault((draft, who), [kind, None])
            entry[1] = _first(entry[1], _Span(report, names, s, e, text))
        for draft, act in g["became"]:
            self.became.setdefault(draft, set()).add(tuple(act))

    def graph(self) -> nx.MultiDiGraph:
        return _assemble(self.acts, self.labels, self.citations, self.mandates, self.establishes,
                         self.sponsors, self.became, self.base)


def project(documents: Iterable[tuple[dict, list[str]]], base: str) -> nx.MultiDiGraph:
    """The graph of a corpus from its documents' summaries, each with the file names it was
    read under."""
    projection = Projection(base)
    for summary, names in documents:
        projection.add(summary, names)
    return projection.graph()


def _assemble(acts, labels, citations, mandates, establishes, sponsors, became, base) -> nx.MultiDiGraph:
    keys = {k: ActKey(*k) for k in acts}
    notation = act_notations(keys.values())
    g = nx.MultiDiGraph()
    node_of: dict[tuple, str] = {}
    for k, record in sorted(acts.items()):
        key = keys[k]
        iri = iris.act_iri(key, base)
        node_of[k] = iri
        n = notation[key]
        g.add_node(iri, label=n, notation=n, kind="act", act_kind=key.kind, body=key.body,
                   title=record.get("title", ""), date=min(record["dates"], default=""),
                   session=record.get("session", ""), session_date=record.get("session_date", ""),
                   label_zh=record.get("title", ""), label_en=n)
    for (citing, cited, relation), (verb, span) in sorted(citations.items()):
        g.add_edge(node_of[citing], node_of[cited], key=relation, relation=relation, verb=verb,
                   evidence=span.text, source=span.source, view="citations")
    for _, (act, who, verb, action, span) in sorted(mandates.items()):
        _add_party(g, who, labels, "addressee")
        g.add_edge(node_of[act], who, relation="mandates", verb=verb,
                   evidence=action or span.text, source=span.source, view="mandates")
    for (act, body), span in sorted(establishes.items()):
        _add_party(g, body, labels, "body")
        g.add_edge(node_of[act], body, key="establishes", relation="establishes", verb="设立",
                   evidence=span.text, source=span.source, view="mandates")
    for (draft, who), (kind, span) in sorted(sponsors.items()):
        for act in sorted(became.get(draft, ())):
            _add_party(g, who, labels, kind)
            g.add_edge(who, node_of[act], key=f"sponsors {draft}", relation="sponsors",
                       verb="提案", evidence=f"{draft}: {span.text}", source=span.source,
                       view="states")
    return g


def _add_party(g: nx.MultiDiGraph, iri: str, labels: dict, kind: str) -> None:
    if iri not in g:
        zh, en = labels.get(iri, ("", ""))
        g.add_node(iri, label=en or zh or iri.rsplit("/", 1)[-1], kind=kind, body="", title=zh,
                   notation=en or zh, date="", session="", session_date="", label_zh=zh,
                   label_en=en)


def save(g: nx.MultiDiGraph, path: Path) -> None:
    """The projection as node-link JSON (kept with the build for GraphML/GEXF exports)."""
    # endpoint keys that no attribute uses (edges carry a "source": file:start-end)
    data = nx.node_link_data(g, edges="edges", source="_u", target="_v", key="_k", name="_id")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def load(path: Path) -> nx.MultiDiGraph:
    data = json.loads(path.read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges", source="_u",
                              target="_v", key="_k", name="_id")


def graph_of(out_dir) -> nx.MultiDiGraph:
    """The projection of the build published in ``out_dir`` (what its graph.html shows)."""
    from .store import CURRENT

    return load(Path(out_dir) / CURRENT / PROJECTION_FILE)
