"""export: the built store in other formats — RDF (ttl, nt, jsonld), graphs for Gephi
(graphml, gexf, via networkx) and CSV tables (one file per named query)."""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from .emit import Vocab
from .query import named_queries, run, to_csv
from .resolve import base_iri
from .store import RDF_FORMATS, atomic_output, dump, open_store

FORMATS = ("ttl", "nt", "jsonld", "graphml", "gexf", "csv")


def export(fmt: str, out_dir: str | Path = "output") -> list[Path]:
    out = Path(out_dir)
    store = open_store(out)
    if fmt in RDF_FORMATS:
        return [dump(store, fmt, out / RDF_FORMATS[fmt][1], Vocab(base_iri()).turtle_prefixes())]
    if fmt in ("graphml", "gexf"):
        from .graph import graph

        g = _simple(graph(store))
        path = out / f"graph.{fmt}"
        with atomic_output(path) as tmp:
            (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(g, tmp)
        return [path]
    if fmt == "csv":
        paths = []
        for name, sparql in named_queries().items():
            header, rows = run(store, sparql)
            path = out / "csv" / f"{name}.csv"
            with atomic_output(path) as tmp:
                tmp.write_text(to_csv(header, rows), encoding="utf-8")
            paths.append(path)
        return paths
    raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")


def _simple(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML/GEXF want plain string attributes, no None."""
    h = nx.MultiDiGraph()
    for n, a in g.nodes(data=True):
        h.add_node(n, **{k: ("" if v is None else str(v)) for k, v in a.items()})
    for u, v, k, a in g.edges(keys=True, data=True):
        h.add_edge(u, v, key=k, **{x: ("" if y is None else str(y)) for x, y in a.items()})
    return h
