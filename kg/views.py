"""views: the graph page's three views — citations, mandates, States — each a pyvis ``Network``.

One builder (``view_network``) serves the page that ``kg build`` writes (``kg/visualize.py``
renders the three networks with the project's template, ``kg/templates/page.html``) and the
notebook (``Build.to_pyvis`` returns one network, set to render with the same template, so
``net.show("mandates.html")`` draws the same view, offline).

Built from the networkx projection of ``kg/graph.py`` (each edge carries its ``view``). A node
of the projection keeps one integer id in every view, so the page can tell where else a node
is. Nodes and edges carry, besides what vis-network draws (label, shape, colour, size,
position, a plain-text ``title`` tooltip), what the page's details panel shows: a node's kind,
notation, labels, session, whether it was adopted in the reports read (``adopted``) or only
cited; an edge's relation, verb, paragraph, evidence (``readable``: without the spaces of a
word-segmented text) and ``file:start-end``.

- citations: act → act, typed by CiTO; adopted acts filled, acts only cited hollow.
- mandates: acts (and bodies that make recommendations) on the left, one column per session,
  and whom they ask on the right; the requests of one act of one addressee are one edge with
  their ``count``, each request (act, paragraph, verb, action, evidence, source) in its
  ``requests``. Establishment and endorsed recommendations are edges of this view too.
- states: State (or organization) → the act a draft it sponsored became.

Positions: the mandates view is always laid out here; the other views are laid out here above
``LARGE_GRAPH`` nodes (one block per body or kind, chronological inside: O(n)) and drawn with
physics off; smaller ones are left to vis physics in the page.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

import networkx as nx

VIEWS = ("citations", "mandates", "states")
VIEW_TITLES = {"citations": "Citations", "mandates": "Mandates", "states": "States"}

#: Above this many nodes in a view, positions are computed here and vis physics is off.
LARGE_GRAPH = 500

#: relation local name -> (display name, edge colour); order = legend order.
RELATIONS: dict[str, tuple[str, str]] = {
    "obtainsBackgroundFrom": ("recalls", "#1f77b4"),
    "confirms": ("reaffirms", "#2ca02c"),
    "citesForInformation": ("takes note", "#7f7f7f"),
    "agreesWith": ("welcomes", "#ff7f0e"),
    "citesAsAuthority": ("pursuant to", "#d62728"),
    "supports": ("endorses", "#9467bd"),
    "cites": ("cites", "#8c564b"),
    "mandates": ("mandates", "#e377c2"),
    "establishes": ("establishes", "#17becf"),
    "recommendsDraft": ("recommends a draft", "#9edae5"),
    "endorsesRecommendations": ("endorses recommendations", "#c5b0d5"),
    "sponsors": ("sponsors", "#bcbd22"),
}
CITO = ("obtainsBackgroundFrom", "confirms", "citesForInformation", "agreesWith",
        "citesAsAuthority", "supports", "cites")
_EXTRA_RELATION_COLOURS = ["#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"]

BODY_COLOURS = {
    "UNTOC-COP": "#8e44ad", "GA": "#2e86de", "ECOSOC": "#27ae60", "CCPCJ": "#e67e22",
    "SC": "#c0392b", "HRC": "#16a085", "": "#95a5a6",
}
_EXTRA_BODY_COLOURS = ["#f1c40f", "#d35400", "#2c3e50", "#7f8c8d", "#1abc9c", "#e84393",
                       "#6c5ce7", "#00b894"]

#: how each kind of node that is no act is drawn (and named in the legend)
KIND_STYLES = {
    "body": {"shape": "box", "color": "#34495e", "font": "#ffffff", "name": "body"},
    "addressee": {"shape": "square", "color": "#16a085", "font": "#222222", "name": "addressee"},
    "state": {"shape": "diamond", "color": "#b8860b", "font": "#222222", "name": "State"},
    "organization": {"shape": "triangle", "color": "#d35400", "font": "#222222",
                     "name": "organization"},
    "_other": {"shape": "dot", "color": "#bdc3c7", "font": "#222222", "name": "other"},
}

_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2026\u2014\u00b7"
_SPACE_NEAR_CJK = re.compile(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")
_SPACES = re.compile(r"\s+")


def readable(text: str | None) -> str:
    """Evidence as a reader wants it: no spaces next to Chinese characters (a word-segmented
    text prints ``回顾 其 第 4/4 号 决定``), line breaks and runs of spaces as one space. The
    graph keeps the exact text (``oa:exact``); only the page shows this."""
    if not text:
        return ""
    return _SPACES.sub(" ", _SPACE_NEAR_CJK.sub("", text)).strip()


def _truncate(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "\u2026"


def view_graph(g: nx.MultiDiGraph, view: str) -> nx.MultiDiGraph:
    """The edges of one view and the nodes they join."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: one of {', '.join(VIEWS)}")
    edges = [(u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True) if d.get("view") == view]
    # built in g's order (networkx's edge_subgraph iterates its nodes from a set: the page's
    # edges came out in another order at every run)
    ends = {n for u, v, *_ in edges for n in (u, v)}
    part = nx.MultiDiGraph()
    part.add_nodes_from((n, d) for n, d in g.nodes(data=True) if n in ends)
    part.add_edges_from((u, v, k, dict(d)) for u, v, k, d in edges)
    return part


# --- colours ---------------------------------------------------------------------------------
def body_colours(bodies) -> dict[str, str]:
    """A colour per acting body: the usual bodies' own, the others from a palette in turn."""
    out: dict[str, str] = {}
    extra = 0
    for body in sorted(set(bodies), key=lambda b: (b not in BODY_COLOURS, b)):
        if body in BODY_COLOURS:
            out[body] = BODY_COLOURS[body]
        else:
            out[body] = _EXTRA_BODY_COLOURS[extra % len(_EXTRA_BODY_COLOURS)]
            extra += 1
    return out


def relation_styles(relations) -> dict[str, dict[str, str]]:
    styles = {r: {"name": name, "color": colour} for r, (name, colour) in RELATIONS.items()}
    for i, r in enumerate(sorted(set(relations) - set(RELATIONS))):
        styles[r] = {"name": r, "color": _EXTRA_RELATION_COLOURS[i % len(_EXTRA_RELATION_COLOURS)]}
    return styles


def node_colour(data: dict, bodies: dict[str, str]) -> str:
    """The colour a node is drawn in: an act by its body, anything else by its kind."""
    if data.get("kind") == "act":
        return bodies.get(data.get("body") or "", BODY_COLOURS[""])
    return KIND_STYLES.get(data.get("kind"), KIND_STYLES["_other"])["color"]


# --- positions -------------------------------------------------------------------------------
def _when(data: dict) -> str:
    return data.get("session_date") or data.get("date") or "~"


def block_layout(g: nx.MultiDiGraph, members, gap: float = 60.0) -> dict:
    """O(n) positions for a big view: one rectangular block per body (acts) or kind (others),
    blocks stacked top to bottom (largest first), items ordered by date left to right."""
    groups: dict[tuple, list] = defaultdict(list)
    for n in members:
        d = g.nodes[n]
        groups[(0, d.get("body") or "") if d.get("kind") == "act" else (1, d.get("kind") or "")].append(n)
    pos: dict = {}
    y0 = 0.0
    for key in sorted(groups, key=lambda k: (k[0], -len(groups[k]), k[1])):
        items = sorted(groups[key], key=lambda n: (_when(g.nodes[n]), g.nodes[n].get("notation") or "",
                                                   g.nodes[n].get("label") or ""))
        rows = max(1, round(math.sqrt(len(items) / 4.0)))
        for k, n in enumerate(items):
            col, row = divmod(k, rows)
            # a small deterministic offset keeps straight edges along a row from overlapping
            pos[n] = (round(col * gap, 1), round(y0 + row * gap + (col % 2) * gap * 0.3, 1))
        y0 += rows * gap + 2.5 * gap
    return pos


COLUMN = 28  # nodes per column of the mandates view


def sides_layout(g: nx.MultiDiGraph, left, right, weight: Counter,
                 x_gap: float = 230.0, y_gap: float = 66.0) -> tuple[dict, list]:
    """The mandates view: who asks on the left — one column per session in the order of the
    sessions (acts of no session, and bodies making recommendations, last) — and whom they ask
    on the right, most asked first; columns of at most ``COLUMN`` nodes. Returns positions and
    the column headings ``(text, x, y)``."""
    by_session: dict[tuple, list] = defaultdict(list)
    for n in left:
        d = g.nodes[n]
        session = d.get("session") or ""
        by_session[(session == "", d.get("session_date") or "", session)].append(n)
    pos: dict = {}
    headings: list = []
    x = 0.0
    for key in sorted(by_session):
        items = sorted(by_session[key], key=lambda n: _natural(g.nodes[n].get("notation") or
                                                               g.nodes[n].get("label") or ""))
        headings.append((key[2] or "other proposers", x, -y_gap))
        for k, n in enumerate(items):
            col, row = divmod(k, COLUMN)
            pos[n] = (x + col * x_gap, row * y_gap)
        x += (1 + (len(items) - 1) // COLUMN) * x_gap
    x += x_gap * 1.8
    headings.append(("whom they ask", x, -y_gap))
    items = sorted(right, key=lambda n: (-weight[n], g.nodes[n].get("label") or ""))
    for k, n in enumerate(items):
        col, row = divmod(k, COLUMN)
        pos[n] = (x + col * x_gap * 1.5, row * y_gap)  # names in boxes: wider columns
    return pos, headings


def _natural(text: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|\D+", text))


# --- the networks ----------------------------------------------------------------------------
class _Ids(list):
    """pyvis keeps node ids in a list and checks membership on every node and edge added
    (quadratic: minutes at 5,000 nodes); this list answers ``in`` from a set."""

    def __init__(self):
        super().__init__()
        self._set: set = set()

    def append(self, item) -> None:
        super().append(item)
        self._set.add(item)

    def __contains__(self, item) -> bool:
        return item in self._set


def _network(height: str, notebook: bool):
    from pyvis.network import Network

    # in_line: pyvis copies no lib/ folder; the page inlines vis-network itself anyway
    net = Network(height=height, width="100%", directed=True, notebook=False,
                  cdn_resources="in_line")
    net.node_ids = _Ids()
    from .visualize import template_environment

    net.templateEnv = template_environment()
    net.path = "page.html"
    if notebook:
        net.prep_notebook()  # pyvis renders net.template in a notebook
    return net


def _node_tooltip(d: dict) -> str:
    parts = [d.get("label") or ""]
    if d.get("notation") and d.get("notation") != d.get("label"):
        parts.append(d["notation"])
    if d.get("title") and d.get("title") != d.get("label"):
        parts.append(_truncate(d["title"], 200))
    if d.get("kind") == "act":
        parts.append(f"adopted at {d['session']}" if d.get("session") else
                     ("adopted" if d.get("adopted") else "only cited in these reports"))
    if d.get("date"):
        parts.append(d["date"])
    return "\n".join(p for p in parts if p)


_NODE_FIELDS = ("kind", "body", "notation", "title", "date", "session", "session_date",
                "label_zh", "label_en", "subjects")


def _add_node(net, ids: dict, n, d: dict, colours: dict, size: float, pos=None,
              badge: int = 0) -> None:
    kind = d.get("kind") or ""
    colour = node_colour(d, colours)
    item = {f: str(d.get(f) or "") for f in _NODE_FIELDS}
    # "title" is vis-network's tooltip: an act's title goes as "act_title"
    item["act_title"] = item.pop("title") if kind == "act" else ""
    item.update(iri=str(n), adopted=bool(d.get("adopted") or d.get("session")),
                title=_node_tooltip(d), size=round(size, 1))
    if kind == "act":
        shape = "dot"
        if item["adopted"]:
            item["color"] = {"background": colour, "border": "#222222",
                             "highlight": {"background": colour, "border": "#000000"}}
            item["borderWidth"] = 2
        else:  # only cited: hollow, in its body's colour
            item["color"] = {"background": "#ffffff", "border": colour,
                             "highlight": {"background": "#ffffff", "border": colour}}
            item["borderWidth"] = 3
    else:
        style = KIND_STYLES.get(kind, KIND_STYLES["_other"])
        shape, item["color"] = style["shape"], colour
        item["font"] = {"color": style["font"]} if shape != "box" else {"color": style["font"],
                                                                       "strokeWidth": 0}
    if badge:  # the mandates view: how many requests it receives, drawn after its name
        item["badge"] = badge
        if kind != "act":
            shape = "box"
            item["font"] = {"color": "#ffffff", "strokeWidth": 0}
            item["widthConstraint"] = {"maximum": 320}
    if pos is not None:
        item["x"], item["y"] = pos
    net.add_node(ids[n], label=d.get("label") or str(n), shape=shape, **item)


def _edge_item(d: dict, styles: dict) -> dict:
    relation = d.get("relation") or "cites"
    colour = styles.get(relation, {"color": "#888888"})["color"]
    return {"relation": relation, "verb": d.get("verb") or "",
            "paragraph": d.get("paragraph") or "",
            "span": d.get("source") or "",  # file:start-end ("source" is pyvis's edge end)
            "evidence": readable(d.get("evidence")), "action": readable(d.get("action")),
            "color": {"color": colour, "highlight": colour, "hover": colour}}


def _edge_tooltip(item: dict, styles: dict, frm: str, to: str) -> str:
    s = styles.get(item["relation"], {"name": item["relation"]})["name"]
    s += f" ({item['verb']})" if item["verb"] else ""
    s += f"\n{frm} \u2192 {to}"
    if item.get("count", 1) > 1:
        s += f"\n{item['count']} requests"
    elif item["paragraph"]:
        s += f"\nparagraph {item['paragraph']}"
    text = item["action"] or item["evidence"]
    if text and item.get("count", 1) == 1:
        s += "\n" + _truncate(text, 300)
    if item["span"] and item.get("count", 1) == 1:
        s += "\n" + item["span"]
    return s


def _options(view: str, large: bool, meta: dict) -> dict:
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {"shape": "dot", "borderWidth": 1,
                  "font": {"size": 14, "color": "#222222", "strokeWidth": 3,
                           "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "width": 1.2,
                  "smooth": False, "color": {"inherit": False}, "selectionWidth": 2,
                  "font": {"size": 12, "align": "top", "strokeWidth": 3,
                           "strokeColor": "#ffffff"}},
        "interaction": {"hover": not large, "tooltipDelay": 150, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "multiselect": True},
        "physics": {"enabled": not meta["precomputed"], "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120,
                                         "avoidOverlap": 0.2},
                    "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 50,
                                      "fit": True}},
        # read by the page (and taken out before the options reach vis-network)
        "kg": meta,
    }


def view_network(g: nx.MultiDiGraph, view: str = "citations", *, ids: dict | None = None,
                 colours: dict | None = None, notebook: bool = False, height: str = "700px",
                 title: str = ""):
    """The pyvis ``Network`` of ``view`` (nodes, edges, options), set to render with kg's page
    template. ``ids`` (projection node -> integer) keeps a node's id across views; ``colours``
    a body's colour across views."""
    part = view_graph(g, view)
    ids = ids if ids is not None else {n: i for i, n in enumerate(g.nodes)}
    colours = colours if colours is not None else body_colours(
        d.get("body") or "" for _, d in g.nodes(data=True) if d.get("kind") == "act")
    members = set(part.nodes)
    if view == "citations":  # every act, cited or not
        members |= {n for n, d in g.nodes(data=True) if d.get("kind") == "act"}
    styles = relation_styles(d.get("relation") or "cites" for *_, d in part.edges(data=True))
    net = _network(height, notebook)
    net.heading = title
    if view == "mandates":
        edges, indeg, pos, headings = _mandate_edges(g, part, members, styles)
    else:
        edges, indeg = _plain_edges(g, part, styles)
        pos = block_layout(g, members) if len(members) > LARGE_GRAPH else {}
        headings = []
    for n in sorted(members, key=lambda n: ids[n]):
        _add_node(net, ids, n, g.nodes[n], colours, min(48.0, 9 + 5 * math.sqrt(indeg[n])),
                  pos.get(n), badge=indeg[n] if view == "mandates" else 0)
    for k, (u, v, item) in enumerate(edges):
        net.add_edge(ids[u], ids[v], id=k, **item)
    meta = _meta(g, view, members, edges, styles, colours)
    meta.update(precomputed=bool(pos), headings=headings, title=title,
                view_title=VIEW_TITLES[view])
    net.options = _options(view, len(members) > LARGE_GRAPH, meta)
    if view == "mandates":  # read at the scale that fits the two sides in
        net.options["nodes"]["font"]["size"] = 17
        net.options["edges"]["font"]["size"] = 15
    return net


def _plain_edges(g, part, styles) -> tuple[list, Counter]:
    edges, indeg, pairs = [], Counter(), Counter()
    for u, v, d in part.edges(data=True):
        item = _edge_item(d, styles)
        item["title"] = _edge_tooltip(item, styles, g.nodes[u].get("label") or str(u),
                                      g.nodes[v].get("label") or str(v))
        pair = (min(str(u), str(v)), max(str(u), str(v)))
        if pairs[pair]:  # parallel edges (recalls and reaffirms) curve apart
            k = pairs[pair]
            item["smooth"] = {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW",
                              "roundness": 0.15 * math.ceil(k / 2)}
        pairs[pair] += 1
        indeg[v] += 1
        edges.append((u, v, item))
    return edges, indeg


def _mandate_edges(g, part, members, styles) -> tuple[list, Counter, dict, list]:
    """One edge per (who asks, whom, relation) with the count of requests and each request."""
    grouped: dict[tuple, list] = defaultdict(list)
    for u, v, d in part.edges(data=True):
        grouped[(u, v, d.get("relation") or "mandates")].append(d)
    edges, weight = [], Counter()
    for (u, v, relation), ds in sorted(grouped.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]), kv[0][2])):
        requests = sorted((_request(g, u, d) for d in ds),
                          key=lambda r: (_natural(r["paragraph"]), r["source"]))
        item = _edge_item(ds[0], styles)
        item.update(count=len(ds), requests=requests)
        if len(ds) > 1:
            item.update(label=str(len(ds)), width=round(1.2 + 1.6 * math.log2(len(ds)), 2),
                        paragraph="", evidence="", action="", span="", verb="")
        item["title"] = _edge_tooltip(item, styles, g.nodes[u].get("label") or str(u),
                                      g.nodes[v].get("label") or str(v))
        weight[v] += len(ds)
        edges.append((u, v, item))
    asking = {u for u, _, _ in edges}
    pos, headings = sides_layout(g, [n for n in members if n in asking],
                                 [n for n in members if n not in asking], weight)
    return edges, weight, pos, headings


def _request(g, proposer, d: dict) -> dict:
    """One request of a mandates-view edge, as the addressee's list shows it."""
    return {"act": g.nodes[proposer].get("label") or str(proposer),
            "relation": d.get("relation") or "mandates", "paragraph": d.get("paragraph") or "",
            "verb": d.get("verb") or "", "action": readable(d.get("action")),
            "evidence": readable(d.get("evidence")), "source": d.get("source") or ""}


def _meta(g, view, members, edges, styles, colours) -> dict:
    """What the page's legend and filters list for the view (counted again by the page as the
    filters change)."""
    relations = Counter(item["relation"] for _, _, item in edges)
    if view == "citations":  # the legend always lists the seven CiTO relations
        for r in CITO:
            relations.setdefault(r, 0)
    order = list(RELATIONS)
    members = sorted(members, key=str)  # a set: the legend's order must not change per run
    bodies = Counter(g.nodes[n].get("body") or "" for n in members if g.nodes[n].get("kind") == "act")
    kinds = Counter(g.nodes[n].get("kind") or "" for n in members if g.nodes[n].get("kind") != "act")
    sessions: dict[str, str] = {}
    for n in members:
        d = g.nodes[n]
        if d.get("session"):
            date = d.get("session_date") or ""
            if d["session"] not in sessions or (date and date < (sessions[d["session"]] or "9999")):
                sessions[d["session"]] = date
    return {
        "view": view,
        "relations": sorted(relations.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order
                                                               else len(order), kv[0])),
        "bodies": sorted(bodies.items(), key=lambda kv: (-kv[1], kv[0])),
        "kinds": sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])),
        "sessions": sorted(sessions.items(), key=lambda kv: (kv[1] or "9999", _natural(kv[0]))),
        "relationStyles": {r: styles[r] for r in relations},
        "bodyColors": {b: colours.get(b, BODY_COLOURS[""]) for b in bodies},
        "kindStyles": {k: KIND_STYLES.get(k, KIND_STYLES["_other"]) for k in kinds},
    }


def page_networks(g: nx.MultiDiGraph, title: str = "") -> dict:
    """The three views of the page, one node id and one colour per body across them."""
    ids = {n: i for i, n in enumerate(g.nodes)}
    colours = body_colours(d.get("body") or "" for _, d in g.nodes(data=True)
                           if d.get("kind") == "act")
    return {view: view_network(g, view, ids=ids, colours=colours, title=title) for view in VIEWS}


def to_pyvis(g: nx.MultiDiGraph, view: str = "citations", notebook: bool = True,
             height: str = "700px"):
    """The pyvis ``Network`` of ``view``, to show in Jupyter (``net.show("view.html")``): drawn
    with kg's page template — vis-network inlined (no network needed), labels as text, the
    view's legend, filters, search and details."""
    return view_network(g, view, notebook=notebook, height=height,
                        title=f"kg — {VIEW_TITLES.get(view, view)}")
