"""export: the built store in other formats — RDF (ttl, nt, jsonld), graphs for Gephi
(graphml, gexf, via networkx) and CSV tables (one file per named query)."""
from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from .emit import Vocab
from .query import named_queries, run_trusted, to_csv
from .resolve import base_iri
from .store import RDF_FORMATS, atomic_output, dump, open_store

FORMATS = ("ttl", "nt", "jsonld", "graphml", "gexf", "csv")


def export(fmt: str, out_dir: str | Path = "output") -> list[Path]:
    out = Path(out_dir)
    store = open_store(out)
    if fmt in RDF_FORMATS:
        # graph.ttl is a link into the current version: rewrite the file it points at
        path = (out / RDF_FORMATS[fmt][1]).resolve()
        dump(store, fmt, path, Vocab(base_iri()).turtle_prefixes())
        return [out / RDF_FORMATS[fmt][1]]
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
            header, rows = run_trusted(store, sparql)  # kg's own queries
            path = out / "csv" / f"{name}.csv"
            with atomic_output(path) as tmp:
                tmp.write_text(to_csv(header, rows), encoding="utf-8")
            paths.append(path)
        return paths
    raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")


# characters XML 1.0 cannot hold at all, not even as &#…; (a \x08 in a report would make
# the file malformed): C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value) -> str:
    """A plain string XML can carry: None is empty, a forbidden character is written out."""
    if value is None:
        return ""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", str(value))


def _simple(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML/GEXF want plain string attributes (no None), and well-formed XML."""
    h = nx.MultiDiGraph()
    for n, a in g.nodes(data=True):
        h.add_node(xml_text(n), **{k: xml_text(v) for k, v in a.items()})
    for u, v, k, a in g.edges(keys=True, data=True):
        h.add_edge(xml_text(u), xml_text(v), key=xml_text(k), **{x: xml_text(y) for x, y in a.items()})
    return h
