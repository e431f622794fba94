"""views: a view of the graph (citations, mandates, States) as a pyvis ``Network``.

Built from the networkx projection of ``kg/graph.py`` (each edge carries its ``view``); used by
``Build.to_pyvis`` to show a view inline in Jupyter, and meant for the HTML page too.
"""
from __future__ import annotations

import networkx as nx

VIEWS = ("citations", "mandates", "states")


def view_graph(g: nx.MultiDiGraph, view: str) -> nx.MultiDiGraph:
    """The edges of one view and the nodes they join."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: one of {', '.join(VIEWS)}")
    edges = [(u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if d.get("view") == view]
    return g.edge_subgraph(edges).copy()


def _as_text(tooltip: str) -> str:
    """A tooltip pyvis shows as text: a node title holding "href" makes pyvis show every
    title with innerHTML (report text as HTML); an invisible word joiner breaks the word."""
    return tooltip.replace("href", "hre\u2060f")


def to_pyvis(g: nx.MultiDiGraph, view: str = "citations", notebook: bool = True,
             height: str = "700px"):
    """The pyvis ``Network`` of ``view``: nodes labelled by notation (acts) or name, grouped by
    kind (and body for acts), tooltips shown as text (never as HTML); edges labelled by their
    relation.
    vis-network is inlined (``cdn_resources="in_line"``), so the page needs no network."""
    from pyvis.network import Network

    part = view_graph(g, view)
    net = Network(height=height, width="100%", directed=True, notebook=notebook,
                  cdn_resources="in_line")
    for node, data in part.nodes(data=True):
        kind = data.get("kind", "")
        group = f"{kind} {data['body']}".strip() if kind == "act" and data.get("body") else kind
        tooltip = "\n".join(t for t in (data.get("notation"), data.get("label_zh"),
                                        data.get("session")) if t)
        net.add_node(node, label=data.get("label") or node, title=_as_text(tooltip or node),
                     group=group)
    for u, v, data in part.edges(data=True):
        tooltip = "\n".join(t for t in (data.get("relation"), data.get("verb"),
                                        data.get("evidence"), data.get("source")) if t)
        net.add_edge(u, v, title=_as_text(tooltip), label=data.get("relation", ""))
    return net
