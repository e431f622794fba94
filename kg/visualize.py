"""Write a knowledge graph as one self-contained, offline, interactive HTML page.

``write_html(graph, path)`` takes the ``networkx.MultiDiGraph`` built elsewhere (node ids are
IRIs; see the attribute contract below) and writes a single HTML file that needs no network
at all: the vis-network standalone build shipped inside the ``pyvis`` package is inlined, the
graph data is embedded as JSON in a ``<script type="application/json">`` block, and a
Content-Security-Policy forbids any fetch.  pyvis itself is *not* used to write the page (its
"in_line" mode still pulls Bootstrap from a CDN and it renders tooltips as raw HTML whenever a
title contains "href").

Every text coming from the graph is escaped twice over: ``<``, ``>`` and ``&`` are written as
``\\u003c``/``\\u003e``/``\\u0026`` inside the JSON block, and the page only ever puts text into
the DOM with ``textContent`` (vis-network shows string tooltips with ``innerText``).

Node attributes read: label, kind, body, title, notation, date, session, session_date,
label_zh, label_en.  Edge attributes read: relation, verb, evidence, source, view.

Views: "citations" (CiTO relations between acts, drafts recommended), "mandates" (mandates,
establishment, endorsed recommendations) and "states" (sponsors).  Graphs above ``LARGE_GRAPH`` nodes get positions computed here (a fast,
pure-Python block layout: one block per body / node kind, chronological inside a block) and
are drawn with physics off; smaller graphs use vis physics, switched off once stabilised.

For tests the page sets ``window.kgStats = {nodes, edges, ready: true, view}`` and
``window.kgReadyAt = performance.now()`` once the current view is drawn.
"""
from __future__ import annotations

import functools
import html
import importlib.resources
import json
import math
import os
import re
from collections import Counter, defaultdict

__all__ = ["write_html", "build_payload", "view_of_edge", "LARGE_GRAPH", "VIEWS", "RELATIONS"]

#: Above this many nodes, positions are computed in Python and vis physics is off.
LARGE_GRAPH = 500

VIEWS = ("citations", "mandates", "states")

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
    "adoptedAt": ("adopted at", "#aec7e8"),
}
_CITO = ("obtainsBackgroundFrom", "confirms", "citesForInformation", "agreesWith",
         "citesAsAuthority", "supports", "cites")
_EXTRA_REL_COLOURS = ["#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"]

_BODY_COLOURS = {
    "UNTOC-COP": "#8e44ad",
    "GA": "#2e86de",
    "ECOSOC": "#27ae60",
    "CCPCJ": "#e67e22",
    "SC": "#c0392b",
    "HRC": "#16a085",
    "": "#95a5a6",
}
_EXTRA_BODY_COLOURS = ["#f1c40f", "#d35400", "#2c3e50", "#7f8c8d", "#1abc9c", "#e84393", "#6c5ce7", "#00b894"]

_KIND_STYLES = {
    "body": {"shape": "box", "color": "#34495e", "font": "#ffffff"},
    "session": {"shape": "triangle", "color": "#f39c12", "font": "#222222"},
    "addressee": {"shape": "square", "color": "#16a085", "font": "#222222"},
    "state": {"shape": "diamond", "color": "#b8860b", "font": "#222222"},
    "_other": {"shape": "dot", "color": "#bdc3c7", "font": "#222222"},
}

_NODE_FIELDS = ("label", "kind", "body", "title", "notation", "date", "session",
                "session_date", "label_zh", "label_en")
_EDGE_FIELDS = ("relation", "verb", "evidence", "source")


def view_of_edge(data: dict) -> str:
    """The view an edge belongs to: its ``view`` attribute, else guessed from ``relation``."""
    view = str(data.get("view") or "")
    if view in VIEWS:
        return view
    rel = str(data.get("relation") or "")
    if rel in ("mandates", "establishes", "endorsesRecommendations"):
        return "mandates"
    if rel == "sponsors":
        return "states"
    return view or "citations"


def _s(value) -> str:
    return "" if value is None else str(value)


def _colour_map(keys, fixed: dict[str, str], extra: list[str]) -> dict[str, str]:
    out, i = {}, 0
    for k in keys:
        if k in fixed:
            out[k] = fixed[k]
        else:
            out[k] = extra[i % len(extra)]
            i += 1
    return out


def _block_layout(node_idx: list[int], nodes: list[dict], gap: float = 60.0) -> list[list[float]]:
    """O(n) layout for big graphs: one rectangular block per body (acts) or kind (others),
    blocks stacked top to bottom (largest first), items ordered by date left to right."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i in node_idx:
        n = nodes[i]
        key = (0, n["body"]) if n["kind"] == "act" else (1, n["kind"])
        groups[key].append(i)
    order = sorted(groups, key=lambda k: (k[0], -len(groups[k]), k[1]))
    pos: dict[int, list[float]] = {}
    y0 = 0.0
    for key in order:
        items = sorted(groups[key], key=lambda i: (nodes[i]["session_date"] or nodes[i]["date"] or "~",
                                                  nodes[i]["notation"], nodes[i]["label"]))
        rows = max(1, round(math.sqrt(len(items) / 4.0)))
        for k, i in enumerate(items):
            col, row = divmod(k, rows)
            # a small deterministic offset keeps straight edges along a row from overlapping
            pos[i] = [round(col * gap, 1), round(y0 + row * gap + (col % 2) * gap * 0.3, 1)]
        y0 += rows * gap + 2.5 * gap
    return [pos[i] for i in node_idx]


def build_payload(graph, title: str = "kg graph") -> dict:
    """The JSON-able data the page is built from (exposed for tests and other front ends)."""
    ids = list(graph.nodes)
    index = {nid: k for k, nid in enumerate(ids)}
    nodes = []
    for nid in ids:
        attrs = graph.nodes[nid]
        n = {f: _s(attrs.get(f)) for f in _NODE_FIELDS}
        n["id"] = _s(nid)
        if not n["label"]:
            n["label"] = n["notation"] or n["label_en"] or n["label_zh"] or n["id"]
        nodes.append(n)

    edges = []
    pair_count: Counter = Counter()
    for u, v, data in graph.edges(data=True):
        e = {f: _s(data.get(f)) for f in _EDGE_FIELDS}
        e["relation"] = e["relation"] or "cites"
        e["from"], e["to"] = index[u], index[v]
        e["view"] = view_of_edge(data)
        # parallel edges between one pair (e.g. "recalls" and "reaffirms") get curved apart
        key = (min(e["from"], e["to"]), max(e["from"], e["to"]))
        e["k"] = pair_count[key]
        pair_count[key] += 1
        edges.append(e)

    large = len(nodes) > LARGE_GRAPH
    views = {}
    for view in VIEWS:
        e_idx = [k for k, e in enumerate(edges) if e["view"] == view]
        members = set()
        for k in e_idx:
            members.add(edges[k]["from"])
            members.add(edges[k]["to"])
        if view == "citations":
            members.update(k for k, n in enumerate(nodes) if n["kind"] == "act")
        n_idx = sorted(members)
        indeg = Counter(edges[k]["to"] for k in e_idx)
        bodies = Counter(nodes[i]["body"] for i in n_idx if nodes[i]["kind"] == "act")
        kinds = Counter(nodes[i]["kind"] for i in n_idx if nodes[i]["kind"] != "act")
        rels = Counter(edges[k]["relation"] for k in e_idx)
        if view == "citations":  # the legend always lists the seven CiTO relations
            for r in _CITO:
                rels.setdefault(r, 0)
        rel_order = list(RELATIONS)
        views[view] = {
            "nodes": n_idx,
            "edges": e_idx,
            "indeg": [indeg.get(i, 0) for i in n_idx],
            "pos": _block_layout(n_idx, nodes) if large else None,
            "bodies": sorted(bodies.items(), key=lambda kv: (-kv[1], kv[0])),
            "kinds": sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])),
            "relations": sorted(rels.items(), key=lambda kv: (rel_order.index(kv[0]) if kv[0] in RELATIONS
                                                              else len(rel_order), kv[0])),
        }

    sessions: dict[str, str] = {}
    for n in nodes:
        if n["session"]:
            d = n["session_date"]
            if d and (not sessions.get(n["session"]) or d < sessions[n["session"]]):
                sessions[n["session"]] = d
            else:
                sessions.setdefault(n["session"], d)
    session_list = sorted(sessions.items(), key=lambda kv: (kv[1] or "9999", kv[0]))

    all_bodies = sorted({n["body"] for n in nodes}, key=lambda b: (b not in _BODY_COLOURS, b))
    all_rels = sorted({e["relation"] for e in edges} - set(RELATIONS))
    relations = {r: {"name": name, "color": col} for r, (name, col) in RELATIONS.items()}
    for i, r in enumerate(all_rels):
        relations[r] = {"name": r, "color": _EXTRA_REL_COLOURS[i % len(_EXTRA_REL_COLOURS)]}

    return {
        "title": _s(title),
        "layout": "precomputed" if large else "physics",
        "nodes": nodes,
        "edges": edges,
        "views": views,
        "viewOrder": list(VIEWS),
        "sessions": session_list,
        "relations": relations,
        "bodyColors": _colour_map(all_bodies, _BODY_COLOURS, _EXTRA_BODY_COLOURS),
        "kindStyles": _KIND_STYLES,
    }


def _json_for_script(obj) -> str:
    """JSON safe to embed in an HTML <script> element: no '<', '>' or '&' left in it."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@functools.lru_cache(maxsize=1)
def _vis_js() -> str:
    """The vis-network standalone build that ships inside the pyvis package."""
    root = importlib.resources.files("pyvis")
    candidates = ["templates/lib/vis-9.1.2/vis-network.min.js", "lib/vis-9.1.2/vis-network.min.js",
                  "templates/lib/vis-9.0.4/vis-network.min.js", "lib/vis-9.0.4/vis-network.min.js"]
    for rel in candidates:
        res = root.joinpath(*rel.split("/"))
        if res.is_file():
            js = res.read_text(encoding="utf-8")
            # never let the library text close the <script> element it is inlined in
            return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    raise FileNotFoundError("vis-network.min.js not found inside the pyvis package")


_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")

_CSS = r"""
*{box-sizing:border-box}
html,body{margin:0;height:100%;font:14px/1.4 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#222;background:#fafafa}
#app{display:flex;flex-direction:column;height:100vh}
header{display:flex;flex-wrap:wrap;align-items:center;gap:8px 14px;padding:8px 12px;background:#2c3e50;color:#fff}
header h1{font-size:16px;margin:0 8px 0 0;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:32vw}
.views button{border:1px solid #7f8c8d;background:#3d566e;color:#fff;padding:4px 10px;cursor:pointer;font:inherit}
.views button:first-child{border-radius:4px 0 0 4px}.views button:last-child{border-radius:0 4px 4px 0}
.views button[aria-pressed="true"]{background:#ecf0f1;color:#2c3e50;font-weight:600}
#search{padding:4px 8px;border-radius:4px;border:1px solid #7f8c8d;width:220px;font:inherit}
#search-count{min-width:70px;font-size:13px;color:#ecf0f1}
header .btn{border:1px solid #7f8c8d;background:#3d566e;color:#fff;border-radius:4px;padding:4px 10px;cursor:pointer;font:inherit}
#status{margin-left:auto;font-size:12px;color:#bdc3c7}
main{flex:1;display:flex;min-height:0}
#filters{width:230px;overflow:auto;padding:10px;border-right:1px solid #ddd;background:#fff;font-size:13px}
#filters h2,#details h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#555;margin:12px 0 6px}
#filters > h2:first-child{margin-top:0}
#filters label{display:flex;align-items:center;gap:6px;padding:1px 0;cursor:pointer}
#filters select{width:100%;font:inherit}
.sw{display:inline-block;width:12px;height:12px;border-radius:50%;flex:none;border:1px solid rgba(0,0,0,.25)}
.sw.line{width:18px;height:4px;border-radius:2px;border:none}
.cnt{margin-left:auto;color:#888;font-size:12px}
.hint{color:#888;font-size:12px}
#stage{flex:1;position:relative;min-width:0}
#graph{position:absolute;inset:0}
#empty{position:absolute;inset:0;display:none;align-items:center;justify-content:center;color:#777;font-size:16px}
#details{width:320px;overflow:auto;padding:10px 12px;border-left:1px solid #ddd;background:#fff;font-size:13px}
#details h3{font-size:15px;margin:4px 0 8px;word-break:break-word}
#details dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:3px 8px}
#details dt{color:#777}
#details dd{margin:0;word-break:break-word;white-space:pre-wrap}
#details blockquote{margin:6px 0;padding:6px 8px;background:#f4f6f7;border-left:3px solid #bbb;white-space:pre-wrap;word-break:break-word}
div.vis-tooltip{position:absolute;visibility:hidden;padding:5px 7px;white-space:pre-wrap;max-width:420px;font-size:13px;background:#fffef5;border:1px solid #999;border-radius:3px;box-shadow:2px 2px 8px rgba(0,0,0,.2);pointer-events:none;z-index:5;word-break:break-word}
"""

_BODY_HTML = r"""
<div id="app">
<header>
  <h1 id="page-title"></h1>
  <div class="views" role="group" aria-label="View">
    <button type="button" data-view="citations" aria-pressed="false">Citations</button><button type="button" data-view="mandates" aria-pressed="false">Mandates</button><button type="button" data-view="states" aria-pressed="false">States</button>
  </div>
  <label for="search" style="position:absolute;left:-9999px">Search</label>
  <input id="search" type="search" placeholder="Search label / notation…" autocomplete="off">
  <span id="search-count" aria-live="polite"></span>
  <button type="button" class="btn" id="fit">Fit</button>
  <span id="status"></span>
</header>
<main>
  <aside id="filters">
    <h2>Session</h2>
    <select id="session-filter"><option value="">All sessions</option></select>
    <h2>Relations</h2>
    <div id="relation-filter"></div>
    <h2>Bodies</h2>
    <div id="body-filter"></div>
    <div id="kind-legend-wrap"><h2>Other nodes</h2><div id="kind-legend"></div></div>
    <p class="hint">Node size: how often cited in this view.</p>
  </aside>
  <div id="stage"><div id="graph"></div><div id="empty">No data for this view.</div></div>
  <aside id="details" aria-live="polite"><p class="hint">Click a node or an edge to see its details.</p></aside>
</main>
</div>
"""

_APP_JS = r"""
(function () {
"use strict";
var D = JSON.parse(document.getElementById("kg-data").textContent);
var NODES = D.nodes, EDGES = D.edges, N = NODES.length;
var state = {view: "citations", session: "", bodyOff: {}, relOff: {}};
var network = null, nodesDS = null, edgesDS = null, renderToken = 0;
var posCache = {};
var HAY = new Array(N);
for (var h = 0; h < N; h++) {
  var nh = NODES[h];
  HAY[h] = [nh.label, nh.label_zh, nh.label_en, nh.notation].join("\u0000").toLowerCase();
}
window.kgStats = {nodes: 0, edges: 0, ready: false, view: state.view};

function $(id) { return document.getElementById(id); }
function el(tag, text, cls) {
  var e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
function relInfo(r) { return D.relations[r] || {name: r, color: "#888888"}; }
function bodyColor(b) { return D.bodyColors[b] || "#95a5a6"; }
function kindStyle(k) { return D.kindStyles[k] || D.kindStyles._other; }
function truncate(s, n) { return s.length > n ? s.slice(0, n - 1) + "\u2026" : s; }

function nodeTooltip(n) {
  var p = [n.label];
  if (n.notation && n.notation !== n.label) p.push(n.notation);
  if (n.title) p.push(truncate(n.title, 200));
  if (n.date) p.push(n.date);
  else if (n.session) p.push(n.session);
  return p.join("\n");
}
function edgeTooltip(e) {
  var s = relInfo(e.relation).name + (e.verb ? " (" + e.verb + ")" : "");
  s += "\n" + NODES[e.from].label + " \u2192 " + NODES[e.to].label;
  if (e.evidence) s += "\n" + truncate(e.evidence, 300);
  if (e.source) s += "\n" + e.source;
  return s;
}

// ---------------------------------------------------------------- filters / legend
function swatch(color, line) {
  var s = el("span", null, line ? "sw line" : "sw");
  s.style.background = color;
  return s;
}
function checkRow(text, color, line, count, checked, onchange) {
  var lab = el("label"), cb = el("input");
  cb.type = "checkbox"; cb.checked = checked;
  cb.addEventListener("change", function () { onchange(cb.checked); });
  lab.appendChild(cb); lab.appendChild(swatch(color, line));
  lab.appendChild(el("span", text)); lab.appendChild(el("span", count, "cnt"));
  return lab;
}
function buildSessionFilter() {
  var sel = $("session-filter");
  D.sessions.forEach(function (s) {
    var o = el("option", s[1] ? s[0] + " (" + s[1] + ")" : s[0]);
    o.value = s[0];
    sel.appendChild(o);
  });
  sel.addEventListener("change", function () { state.session = sel.value; render(); });
}
function buildViewFilters() {
  var V = D.views[state.view];
  var rf = $("relation-filter"), bf = $("body-filter"), kl = $("kind-legend");
  clear(rf); clear(bf); clear(kl);
  V.relations.forEach(function (rc) {
    var r = rc[0], ri = relInfo(r);
    rf.appendChild(checkRow(ri.name, ri.color, true, rc[1], !state.relOff[r], function (on) {
      if (on) delete state.relOff[r]; else state.relOff[r] = true;
      render();
    }));
  });
  if (!V.relations.length) rf.appendChild(el("span", "none", "hint"));
  V.bodies.forEach(function (bc) {
    var b = bc[0];
    bf.appendChild(checkRow(b || "(no body)", bodyColor(b), false, bc[1], !state.bodyOff[b], function (on) {
      if (on) delete state.bodyOff[b]; else state.bodyOff[b] = true;
      render();
    }));
  });
  if (!V.bodies.length) bf.appendChild(el("span", "none", "hint"));
  V.kinds.forEach(function (kc) {
    var row = el("label"), ks = kindStyle(kc[0]);
    var sw = swatch(ks.color, false);
    if (ks.shape === "box" || ks.shape === "square") sw.style.borderRadius = "2px";
    row.appendChild(sw); row.appendChild(el("span", kc[0] || "(other)")); row.appendChild(el("span", kc[1], "cnt"));
    kl.appendChild(row);
  });
  $("kind-legend-wrap").style.display = V.kinds.length ? "" : "none";
}

// ---------------------------------------------------------------- details panel
function addRow(dl, key, value) {
  if (value === undefined || value === null || value === "") return;
  dl.appendChild(el("dt", key));
  dl.appendChild(el("dd", value));
}
function showNode(i) {
  var n = NODES[i], box = $("details"), V = D.views[state.view];
  clear(box);
  box.appendChild(el("h2", n.kind === "act" ? "Act" : (n.kind || "node")));
  box.appendChild(el("h3", n.label));
  var dl = el("dl");
  addRow(dl, "Notation", n.notation);
  addRow(dl, "Title", n.title);
  addRow(dl, "Body", n.body);
  addRow(dl, "Date", n.date);
  addRow(dl, "Session", n.session);
  addRow(dl, "Session date", n.session_date);
  addRow(dl, "Label (zh)", n.label_zh);
  addRow(dl, "Label (en)", n.label_en);
  var k = V.nodes.indexOf(i);
  if (k >= 0) addRow(dl, "In-degree", String(V.indeg[k]));
  addRow(dl, "IRI", n.id);
  box.appendChild(dl);
}
function showEdge(ei) {
  var e = EDGES[ei], box = $("details"), ri = relInfo(e.relation);
  clear(box);
  box.appendChild(el("h2", "Relation"));
  box.appendChild(el("h3", ri.name + (ri.name !== e.relation ? " (" + e.relation + ")" : "")));
  var dl = el("dl");
  addRow(dl, "From", NODES[e.from].label);
  addRow(dl, "To", NODES[e.to].label);
  addRow(dl, "Verb", e.verb);
  addRow(dl, "Source", e.source);
  addRow(dl, "View", e.view);
  box.appendChild(dl);
  if (e.evidence) {
    box.appendChild(el("h2", "Evidence"));
    box.appendChild(el("blockquote", e.evidence));
  }
}
function clearDetails() {
  var box = $("details");
  clear(box);
  box.appendChild(el("p", "Click a node or an edge to see its details.", "hint"));
}

// ---------------------------------------------------------------- search
function runSearch(focus) {
  var q = $("search").value.trim().toLowerCase(), out = $("search-count");
  if (!q) {
    out.textContent = ""; out.setAttribute("data-count", "");
    if (network && nodesDS) network.unselectAll();
    return [];
  }
  var ids = nodesDS ? nodesDS.getIds() : [], m = [];
  for (var k = 0; k < ids.length; k++) if (HAY[ids[k]].indexOf(q) >= 0) m.push(ids[k]);
  out.textContent = m.length + (m.length === 1 ? " match" : " matches");
  out.setAttribute("data-count", String(m.length));
  if (network && nodesDS) {
    network.selectNodes(m, false);
    if (focus && m.length === 1) {
      network.focus(m[0], {scale: 1.2, animation: {duration: 300}});
      showNode(m[0]);
    } else if (focus && m.length > 1) {
      network.fit({nodes: m, animation: {duration: 300}});
    }
  }
  return m;
}

// ---------------------------------------------------------------- drawing
function markReady(token, nc, ec) {
  if (token !== renderToken) return;
  window.kgReadyAt = performance.now();
  window.kgStats = {nodes: nc, edges: ec, ready: true, view: state.view};
  $("status").textContent = nc + " nodes \u00b7 " + ec + " edges";
  if ($("search").value.trim()) runSearch(false);
}
function savePositions() {
  if (!network || !nodesDS) return;
  var p = network.getPositions(), c = posCache[state.view] || (posCache[state.view] = {});
  for (var id in p) c[id] = [p[id].x, p[id].y];
}
function ensureNetwork(large) {
  if (network) return;
  var options = {
    autoResize: true,
    layout: {improvedLayout: !large, randomSeed: 7},
    nodes: {shape: "dot", borderWidth: 1, font: {size: 14, color: "#222222", strokeWidth: 3, strokeColor: "#ffffff"}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.5}}, width: 1.2, smooth: false,
            color: {inherit: false}, selectionWidth: 2},
    interaction: {hover: !large, tooltipDelay: 150, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
                  multiselect: true},
    physics: {enabled: false, solver: "forceAtlas2Based",
              forceAtlas2Based: {gravitationalConstant: -60, springLength: 120, avoidOverlap: 0.2},
              stabilization: {enabled: true, iterations: 300, updateInterval: 50, fit: true}}
  };
  network = new vis.Network($("graph"), {nodes: [], edges: []}, options);
  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges && params.edges.length) showEdge(params.edges[0]);
    else clearDetails();
  });
  window.kgNetwork = network;
}
function render() {
  var token = ++renderToken;
  var V = D.views[state.view], large = D.layout === "precomputed";
  window.kgStats = {nodes: 0, edges: 0, ready: false, view: state.view};
  if (!V.edges.length) {
    $("empty").style.display = "flex";
    $("graph").style.visibility = "hidden";
    if (network) { network.setData({nodes: [], edges: []}); nodesDS = edgesDS = null; }
    markReady(token, 0, 0);
    return;
  }
  $("empty").style.display = "none";
  $("graph").style.visibility = "visible";

  var bodyOK = new Uint8Array(N), pass = new Uint8Array(N), shown = new Uint8Array(N);
  var k, i, n;
  for (k = 0; k < V.nodes.length; k++) {
    i = V.nodes[k]; n = NODES[i];
    bodyOK[i] = (n.kind !== "act" || !state.bodyOff[n.body]) ? 1 : 0;
    pass[i] = (bodyOK[i] && (!state.session || n.session === state.session)) ? 1 : 0;
  }
  var edgeObjs = [];
  for (k = 0; k < V.edges.length; k++) {
    var ei = V.edges[k], e = EDGES[ei];
    if (state.relOff[e.relation] || !bodyOK[e.from] || !bodyOK[e.to]) continue;
    if (!pass[e.from] && !pass[e.to]) continue;
    shown[e.from] = shown[e.to] = 1;
    var col = relInfo(e.relation).color;
    var eo = {id: ei, from: e.from, to: e.to, title: edgeTooltip(e), color: {color: col, highlight: col, hover: col}};
    if (e.k > 0) eo.smooth = {enabled: true, type: (e.k % 2 ? "curvedCW" : "curvedCCW"), roundness: 0.15 * Math.ceil(e.k / 2)};
    edgeObjs.push(eo);
  }
  var cache = posCache[state.view] || {}, missing = false, nodeObjs = [];
  for (k = 0; k < V.nodes.length; k++) {
    i = V.nodes[k];
    if (!pass[i] && !shown[i]) continue;
    n = NODES[i];
    var o = {id: i, label: n.label, title: nodeTooltip(n), size: Math.min(48, 9 + 5 * Math.sqrt(V.indeg[k]))};
    if (n.kind === "act") {
      o.shape = "dot"; o.color = bodyColor(n.body);
    } else {
      var ks = kindStyle(n.kind);
      o.shape = ks.shape; o.color = ks.color; o.font = {color: ks.font};
      if (ks.shape === "box") o.font = {color: ks.font, strokeWidth: 0};
    }
    var p = V.pos ? V.pos[k] : cache[i];
    if (p) { o.x = p[0]; o.y = p[1]; } else missing = true;
    nodeObjs.push(o);
  }
  ensureNetwork(large);
  var physics = !large && missing;
  network.setOptions({physics: {enabled: physics}});
  nodesDS = new vis.DataSet(nodeObjs);
  edgesDS = new vis.DataSet(edgeObjs);
  var nc = nodeObjs.length, ec = edgeObjs.length;
  if (physics) {
    network.once("stabilizationIterationsDone", function () {
      if (token !== renderToken) return;
      network.setOptions({physics: {enabled: false}});
      savePositions();
      network.once("afterDrawing", function () { markReady(token, nc, ec); });
      network.fit({animation: false});  // the settled layout, all of it in view
      network.redraw();
    });
  } else {
    network.once("afterDrawing", function () { markReady(token, nc, ec); });
  }
  network.setData({nodes: nodesDS, edges: edgesDS});
  if (!physics) { network.fit({animation: false}); network.redraw(); }
}

function setView(v) {
  if (!D.views[v]) return;
  if (network && state.view !== v && D.layout !== "precomputed") savePositions();
  state.view = v;
  var bs = document.querySelectorAll(".views button");
  for (var k = 0; k < bs.length; k++) bs[k].setAttribute("aria-pressed", bs[k].getAttribute("data-view") === v ? "true" : "false");
  buildViewFilters();
  clearDetails();
  render();
}

document.title = D.title;
$("page-title").textContent = D.title;
buildSessionFilter();
var vb = document.querySelectorAll(".views button");
for (var b = 0; b < vb.length; b++) {
  vb[b].addEventListener("click", function (ev) { setView(ev.currentTarget.getAttribute("data-view")); });
}
$("search").addEventListener("input", function () { runSearch(true); });
$("fit").addEventListener("click", function () { if (network) network.fit({animation: {duration: 300}}); });
window.kgSetView = setView;
setView("citations");
})();
"""


def render_html(graph, title: str = "kg graph") -> str:
    payload = build_payload(graph, title)
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n",
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<link rel=\"icon\" href=\"data:,\">\n",
        f"<title>{html.escape(_s(title))}</title>\n",
        "<style>", _CSS, "</style>\n</head>\n<body>\n",
        _BODY_HTML,
        "<script type=\"application/json\" id=\"kg-data\">", _json_for_script(payload), "</script>\n",
        "<script>\n", _vis_js(), "\n</script>\n",
        "<script>", _APP_JS, "</script>\n</body>\n</html>\n",
    ])


def write_html(graph, path: str | os.PathLike, title: str = "kg graph") -> None:
    """Write ``graph`` (a networkx MultiDiGraph, see module doc) as one offline HTML page."""
    text = render_html(graph, title)
    with open(path, "w", encoding="utf-8", errors="replace", newline="\n") as fh:
        fh.write(text)
