"""graph: the networkx projection drawn by the HTML page and exported as GraphML/GEXF.

Projected from the extracted facts — the records each document's summary keeps
(``kg/summary.py``, cached per document) — never from SPARQL, so drawing the page costs no
query and no time limit can stop a build. Nodes are acts (labelled with the notation the
corpus-level step chose) and the bodies, addressees and sponsors they relate to; edges are
citations (typed by CiTO), mandates, establishment and sponsorship, each with its evidence and
``source`` (``file:start-end``).

Besides citations, the citations view has an act's draft recommended to another body
(``recommendsDraft``), and the mandates view a working group's recommendations with the group
as proposer and an act endorsing them (``endorsesRecommendations``).

When several documents state one fact, its source and evidence come from one span: the
smallest fragment IRI (report IRI, then start), as the named queries choose.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from . import iris
from .emit import Corpus, shown_location
from .emit.core import act_key_order as _key_order
from .resolve import act_notations
from .summary import key_of

PROJECTION_FILE = "graph.json"  # in the version folder: what kg export draws GraphML/GEXF from
# edges that are no CiTO relation: an act recommends a draft to another body (kgo:recommendedBy
# in the graph), an act endorses the recommendations a body made (their kgo:endorsedBy)
RECOMMENDS = "recommendsDraft"
ENDORSES = "endorsesRecommendations"


class _Span:
    """A candidate span of a fact, comparable like its fragment IRI; its ``source``
    (``file:start-end``) is written once the build knows the report's file names."""

    __slots__ = ("iri", "text")

    def __init__(self, report: str, start: int, end: int, text: str):
        self.iri = iris.fragment_iri(report, start, end)
        self.text = text


def _first(current: _Span | None, new: _Span) -> _Span:
    return new if current is None or new.iri < current.iri else current


class Projection:
    """The page's graph, gathered one document summary at a time (the summaries are not held:
    what several documents state is kept once). Acts are keyed by their IRI: two keys that name
    one act (a Security Council number with and without its year) are one node."""

    def __init__(self, base: str):
        self.base = base
        self.acts: dict[str, dict] = {}  # act IRI -> record (its keys, dates, title, …)
        self.labels: dict[str, list] = {}  # IRI -> [(zh, en), rank]
        self.citations: dict[tuple, list] = {}  # (citing, cited, relation) -> [verb, span, ¶, rank]
        self.recommends: dict[tuple, _Span] = {}  # (recommending act, draft) -> span
        self.mandates: dict[tuple, list] = {}  # (mandate, addressee) -> [proponent, …, span, rank]
        self.endorses: dict[tuple, _Span] = {}  # (act, body) -> span
        self.establishes: dict[tuple, _Span] = {}
        self.sponsors: dict[tuple, list] = {}  # (draft, who) -> [kind, span, rank]
        self.became: dict[str, set[str]] = {}
        # report IRI -> the file name its sources show: ``kg.emit.Corpus.shown_files``, the
        # map the shared graph's kgo:shownLocation is written from (set once all are known)
        self.files: dict[str, str] = {}

    def _act(self, items) -> str:
        key = key_of(items)
        iri = iris.act_iri(key, self.base)
        record = self.acts.setdefault(iri, {"keys": set(), "dates": set(), "subjects": set(),
                                            "ranks": {}})
        record["keys"].add(key)
        return iri

    def add(self, summary: dict, rank: str = "") -> None:
        """One document's records. Documents may come in any order: where documents disagree
        (an act's title, a mandate's verb) the one of the smallest ``rank`` (a build ranks
        documents by sha256) wins, so the graph does not depend on the order they came in."""
        g = summary["graph"]
        report = summary["report"]

        def span(s: int, e: int, text: str) -> _Span:
            return _Span(report, s, e, text)

        self._add_acts(g, rank)
        self._add_citations(g, rank, span)
        self._add_mandates(g, rank, span)
        for records, target in (("recommends", self.recommends), ("endorses", self.endorses),
                                ("establishes", self.establishes)):
            for act, other, s, e, text in g[records]:
                # a draft the act recommends is an act; a body it endorses or establishes is not
                key = (self._act(act), self._act(other) if records == "recommends" else other)
                target[key] = _first(target.get(key), span(s, e, text))
        for draft, who, kind, s, e, text in g["sponsors"]:
            entry = self.sponsors.get((draft, who))
            if entry is None or rank < entry[2]:
                held = entry[1] if entry is not None else None
                entry = self.sponsors[(draft, who)] = [kind, held, rank]
            entry[1] = _first(entry[1], span(s, e, text))
        for draft, act in g["became"]:
            self.became.setdefault(draft, set()).add(self._act(act))

    def _add_acts(self, g: dict, rank: str) -> None:
        for a in g["acts"]:
            record = self.acts[self._act(a["key"])]
            record["dates"].update(a["dates"])
            record["subjects"].update(a.get("subjects", ()))
            for field in ("title", "session", "session_date", "adopted"):
                held = record["ranks"].get(field)
                if a.get(field) and (held is None or rank < held):
                    record[field], record["ranks"][field] = a[field], rank
        for iri, pair in g["labels"].items():
            held = self.labels.get(iri)
            if held is None or (any(pair) and (not any(held[0]) or rank < held[1])):
                self.labels[iri] = [pair, rank]

    def _add_citations(self, g: dict, rank: str, span) -> None:
        for citing, cited, relation, verb, s, e, text, paragraph in g["citations"]:
            entry = self.citations.setdefault((self._act(citing), self._act(cited), relation),
                                              ["", None, "", None])
            if verb and (entry[3] is None or rank < entry[3]):
                entry[0], entry[3] = verb, rank
            chosen = _first(entry[1], span(s, e, text))
            if chosen is not entry[1]:  # the paragraph of the span shown
                entry[1], entry[2] = chosen, paragraph

    def _add_mandates(self, g: dict, rank: str, span) -> None:
        for iri, act, body, who, verb, action, s, e, text, paragraph in g["mandates"]:
            proponent = self._act(act) if body is None else body
            entry = self.mandates.get((iri, who))
            if entry is None or rank < entry[5]:
                held = entry[3] if entry is not None else None
                entry = self.mandates[(iri, who)] = [proponent, verb, action, held, paragraph, rank]
            entry[3] = _first(entry[3], span(s, e, text))

    def _source(self, span: _Span) -> str:
        return shown_location(span.iri, self.files) or ""

    def graph(self) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        _add_acts(g, self.acts)
        labels = {iri: pair for iri, (pair, _) in self.labels.items()}
        source = self._source
        for (citing, cited, relation), (verb, span, paragraph, _) in sorted(self.citations.items()):
            g.add_edge(citing, cited, key=relation, relation=relation, verb=verb,
                       evidence=span.text, source=source(span), paragraph=paragraph,
                       view="citations")
        for (act, draft), span in sorted(self.recommends.items()):
            g.add_edge(act, draft, key=RECOMMENDS, relation=RECOMMENDS, verb="建议…通过",
                       evidence=span.text, source=source(span), view="citations")
        for (mandate, who), (proponent, verb, action, span, paragraph, _) in sorted(
                self.mandates.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            _add_party(g, proponent, labels, "body")  # an act is in already; a body proposes
            _add_party(g, who, labels, "addressee")
            g.add_edge(proponent, who, relation="mandates", verb=verb, action=action,
                       evidence=span.text, source=source(span), paragraph=paragraph,
                       mandate=mandate, view="mandates")
        for (act, body), span in sorted(self.endorses.items()):
            _add_party(g, body, labels, "body")
            g.add_edge(act, body, key=ENDORSES, relation=ENDORSES, verb="核可",
                       evidence=span.text, source=source(span), view="mandates")
        for (act, body), span in sorted(self.establishes.items()):
            _add_party(g, body, labels, "body")
            g.add_edge(act, body, key="establishes", relation="establishes", verb="设立",
                       evidence=span.text, source=source(span), view="mandates")
        for (draft, who), (kind, span, _) in sorted(self.sponsors.items()):
            for act in sorted(self.became.get(draft, ())):
                _add_party(g, who, labels, kind)
                g.add_edge(who, act, key=f"sponsors {draft}", relation="sponsors",
                           verb="提案", evidence=f"{draft}: {span.text}", source=source(span),
                           view="states")
        return g


def project(documents: Iterable[tuple[dict, list[str]]], base: str) -> nx.MultiDiGraph:
    """The graph of a corpus from its documents' summaries, each with the file names it was
    read under."""
    projection, steps = Projection(base), Corpus()
    for summary, names in documents:
        projection.add(summary)
        steps.name_files(summary["report"], names)
    projection.files = steps.shown_files
    return projection.graph()


def _add_acts(g: nx.MultiDiGraph, acts: dict[str, dict]) -> None:
    """Act nodes, labelled with the notation the corpus-level step chose (``act_notations``
    over every key of the corpus: the function the shared graph's notations come from too)."""
    notations = act_notations(k for record in acts.values() for k in record["keys"])
    for iri, record in sorted(acts.items()):
        key = min(record["keys"], key=_key_order)
        n = notations.get(key, key.notation)
        g.add_node(iri, label=n, notation=n, kind="act", act_kind=key.kind, body=key.body,
                   title=record.get("title") or "", date=min(record["dates"], default=""),
                   session=record.get("session", ""), session_date=record.get("session_date", ""),
                   label_zh=record.get("title") or "", label_en=n,
                   subjects="|".join(sorted(record["subjects"])),
                   adopted=bool(record.get("adopted")))


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
