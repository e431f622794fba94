// kg's graph page: the views of kg/views.py (pyvis networks: nodes, edges, options; the
// page's own metadata in options.kg), drawn with vis-network. Text from the graph goes into
// the DOM with textContent only; vis-network shows string tooltips as text.
// For tests: window.kgStats = {nodes, edges, ready, view} once a view is drawn,
// window.kgReadyAt = performance.now() then; kgSetView(name); kgFind(iri) -> node id in view.
(function () {
"use strict";
var D = JSON.parse(document.getElementById("kg-data").textContent);
var VIEWS = {}, ORDER = [];
D.views.forEach(function (v) {
  var meta = v.options.kg || {};
  delete v.options.kg;  // kg's, not vis-network's
  var name = meta.view || "view", byId = {}, adj = {};
  v.nodes.forEach(function (n) { byId[n.id] = n; adj[n.id] = []; });
  v.edges.forEach(function (e, k) {
    adj[e.from].push(k);
    if (e.to !== e.from) adj[e.to].push(k);
  });
  VIEWS[name] = {name: name, nodes: v.nodes, edges: v.edges, options: v.options, meta: meta,
                 byId: byId, adj: adj};
  ORDER.push(name);
});
var TITLE = D.title || (ORDER.length ? VIEWS[ORDER[0]].meta.title : "") || "kg graph";
// what a search reads of each node (one node keeps its id in every view)
var HAY = {}, IN_VIEWS = {};
ORDER.forEach(function (name) {
  VIEWS[name].nodes.forEach(function (n) {
    if (!(n.id in HAY)) {
      HAY[n.id] = [n.label, n.label_zh, n.label_en, n.notation].join("\u0000").toLowerCase();
      IN_VIEWS[n.id] = [];
    }
    IN_VIEWS[n.id].push(name);
  });
});
var state = {view: ORDER[0], session: "", subject: "", bodyOff: {}, relOff: {}, searchNote: ""};
var network = null, nodesDS = null, renderToken = 0, posCache = {}, shownNodes = {};
window.kgStats = {nodes: 0, edges: 0, ready: false, view: state.view};

function $(id) { return document.getElementById(id); }
function el(tag, text, cls) {
  var e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
function cur() { return VIEWS[state.view]; }
function relInfo(r) { return (cur().meta.relationStyles || {})[r] || {name: r, color: "#888888"}; }
function bodyColor(b) { return (cur().meta.bodyColors || {})[b] || "#95a5a6"; }
function kindStyle(k) {
  return (cur().meta.kindStyles || {})[k] || {shape: "dot", color: "#bdc3c7", name: k || "other"};
}
function natural(s) {
  return String(s).split(/(\d+)/).map(function (p, i) { return i % 2 ? Number(p) : p; });
}
function naturalCompare(a, b) {
  var x = natural(a), y = natural(b);
  for (var i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === undefined) return -1;
    if (y[i] === undefined) return 1;
    if (x[i] < y[i]) return -1;
    if (x[i] > y[i]) return 1;
  }
  return 0;
}

// ---------------------------------------------------------------- filters and legend
function swatch(color, cls) {
  var s = el("span", null, "sw" + (cls ? " " + cls : ""));
  s.style.background = color;
  return s;
}
function checkRow(text, sw, key, checked, onchange) {
  var lab = el("label"), cb = el("input");
  cb.type = "checkbox"; cb.checked = checked;
  cb.addEventListener("change", function () { onchange(cb.checked); });
  lab.appendChild(cb); lab.appendChild(sw); lab.appendChild(el("span", text));
  var cnt = el("span", "", "cnt");
  cnt.setAttribute("data-key", key);
  lab.appendChild(cnt);
  return lab;
}
function legendRow(text, sw, key) {
  var row = el("div", null, "row");
  row.appendChild(sw); row.appendChild(el("span", text));
  var cnt = el("span", "", "cnt");
  cnt.setAttribute("data-key", key);
  row.appendChild(cnt);
  return row;
}
function buildViewButtons() {
  var box = $("view-buttons");
  ORDER.forEach(function (name) {
    var b = el("button", VIEWS[name].meta.view_title || name);
    b.type = "button";
    b.setAttribute("data-view", name);
    b.setAttribute("aria-pressed", "false");
    b.addEventListener("click", function () { setView(name); });
    box.appendChild(b);
  });
}
function buildSessionFilter() {
  var sel = $("session-filter"), seen = {}, all = [];
  ORDER.forEach(function (name) {
    (VIEWS[name].meta.sessions || []).forEach(function (s) {
      if (!seen[s[0]]) { seen[s[0]] = true; all.push(s); }
    });
  });
  all.sort(function (a, b) { return (a[1] || "9999") < (b[1] || "9999") ? -1 : (a[1] || "9999") > (b[1] || "9999") ? 1 : naturalCompare(a[0], b[0]); });
  all.forEach(function (s) {
    var o = el("option", s[1] ? s[0] + " (" + s[1] + ")" : s[0]);
    o.value = s[0];
    sel.appendChild(o);
  });
  sel.addEventListener("change", function () { state.session = sel.value; render(); });
}
function subjectsOf(n) {
  return n.subjects ? n.subjects.split("|") : [];
}
function buildSubjectFilter() {
  // every subject of an act (UNBIS headings, key terms), the most frequent first, with the
  // number of distinct acts that have it
  var sel = $("subject-filter"), acts = {}, counts = {};
  ORDER.forEach(function (name) {
    VIEWS[name].nodes.forEach(function (n) {
      if (n.kind !== "act" || acts[n.iri || n.id]) return;
      acts[n.iri || n.id] = true;
      subjectsOf(n).forEach(function (s) { counts[s] = (counts[s] || 0) + 1; });
    });
  });
  var all = Object.keys(counts);
  all.sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : a > b ? 1 : 0); });
  all.forEach(function (s) {
    var o = el("option", s + " (" + counts[s] + ")");
    o.value = s;
    sel.appendChild(o);
  });
  $("subject-filter-wrap").style.display = all.length ? "" : "none";
  sel.addEventListener("change", function () { state.subject = sel.value; render(); });
}
function buildViewFilters() {
  var V = cur(), M = V.meta;
  var rf = $("relation-filter"), bf = $("body-filter"), kl = $("kind-legend"), al = $("act-legend");
  clear(rf); clear(bf); clear(kl); clear(al);
  (M.relations || []).forEach(function (rc) {
    var r = rc[0], ri = relInfo(r);
    rf.appendChild(checkRow(ri.name, swatch(ri.color, "line"), "rel:" + r, !state.relOff[r], function (on) {
      if (on) delete state.relOff[r]; else state.relOff[r] = true;
      render();
    }));
  });
  if (!(M.relations || []).length) rf.appendChild(el("span", "none", "hint"));
  (M.bodies || []).forEach(function (bc) {
    var b = bc[0];
    bf.appendChild(checkRow(b || "(no body)", swatch(bodyColor(b)), "body:" + b, !state.bodyOff[b], function (on) {
      if (on) delete state.bodyOff[b]; else state.bodyOff[b] = true;
      render();
    }));
  });
  $("body-filter-wrap").style.display = (M.bodies || []).length ? "" : "none";
  $("act-legend-wrap").style.display = (M.bodies || []).length ? "" : "none";
  al.appendChild(legendRow("adopted in these reports", swatch("#8e44ad", "adopted"), "act:adopted"));
  al.appendChild(legendRow("only cited", swatch("#ffffff", "hollow"), "act:cited"));
  (M.kinds || []).forEach(function (kc) {
    var ks = kindStyle(kc[0]);
    kl.appendChild(legendRow(ks.name || kc[0] || "(other)",
                             swatch(ks.color, ks.shape === "box" || ks.shape === "square" ? "square" : ""),
                             "kind:" + kc[0]));
  });
  $("kind-legend-wrap").style.display = (M.kinds || []).length ? "" : "none";
  $("view-hint").textContent = V.name === "mandates"
    ? "Left: who asks, one column per session; right: whom. An edge's number counts the requests; click an addressee for every request made of it."
    : "Node size: how often it is the target of this view's edges.";
}
function setCounts(counts) {
  var spans = document.querySelectorAll("#filters .cnt");
  for (var k = 0; k < spans.length; k++) {
    var key = spans[k].getAttribute("data-key");
    spans[k].textContent = String(counts[key] || 0);
  }
}

// ---------------------------------------------------------------- details panel
function addRow(dl, key, value) {
  if (value === undefined || value === null || value === "") return;
  dl.appendChild(el("dt", key));
  dl.appendChild(el("dd", value));
}
function nodeLink(id) {
  var n = cur().byId[id], b = el("button", n ? n.label : String(id), "link");
  b.type = "button";
  b.addEventListener("click", function () { focusNode(id); });
  return b;
}
function requestItem(r, who) {
  var li = el("li");
  var head = el("div", null, "head");
  head.appendChild(who);
  var bits = [];
  if (r.paragraph) bits.push("\u00b6 " + r.paragraph);
  if (r.verb) bits.push(r.verb);
  if (r.relation && r.relation !== "mandates") bits.push(relInfo(r.relation).name);
  if (bits.length) head.appendChild(el("span", " \u00b7 " + bits.join(" \u00b7 ")));
  li.appendChild(head);
  if (r.action) li.appendChild(el("div", r.action));
  if (r.evidence && r.evidence !== r.action) li.appendChild(el("blockquote", r.evidence));
  if (r.source) li.appendChild(el("div", r.source, "src"));
  return li;
}
function requestList(box, title, items) {
  box.appendChild(el("h2", title + " (" + items.length + ")"));
  var ul = el("ul", null, "requests");
  items.forEach(function (it) { ul.appendChild(requestItem(it.r, it.who)); });
  box.appendChild(ul);
}
function showNode(id) {
  var V = cur(), n = V.byId[id], box = $("details");
  if (!n) return;
  clear(box);
  box.appendChild(el("h2", n.kind === "act" ? (n.adopted ? "Act (adopted)" : "Act (only cited)") : (kindStyle(n.kind).name || "node")));
  box.appendChild(el("h3", n.label));
  var dl = el("dl");
  addRow(dl, "Notation", n.notation !== n.label ? n.notation : "");
  addRow(dl, "Title", n.act_title);
  addRow(dl, "Body", n.body);
  addRow(dl, "Date", n.date);
  addRow(dl, "Adopted at", n.session);
  addRow(dl, "Label (zh)", n.label_zh !== n.act_title ? n.label_zh : "");
  addRow(dl, "Label (en)", n.label_en !== n.label ? n.label_en : "");
  addRow(dl, "Subjects", (n.subjects || "").split("|").join(", "));
  addRow(dl, "In views", (IN_VIEWS[id] || []).map(function (v) { return VIEWS[v].meta.view_title || v; }).join(", "));
  addRow(dl, "IRI", n.iri);
  box.appendChild(dl);
  var incoming = [], outgoing = [];
  V.adj[id].forEach(function (k) {
    var e = V.edges[k];
    if (e.to === id) incoming.push(e);
    if (e.from === id) outgoing.push(e);
  });
  if (V.name === "mandates") {
    var asked = [], asks = [];
    incoming.forEach(function (e) {
      (e.requests || []).forEach(function (r) { asked.push({r: r, who: nodeLink(e.from), key: r.act}); });
    });
    outgoing.forEach(function (e) {
      (e.requests || []).forEach(function (r) { asks.push({r: r, who: nodeLink(e.to), key: V.byId[e.to].label}); });
    });
    var order = function (a, b) { return naturalCompare(a.key, b.key) || naturalCompare(a.r.paragraph, b.r.paragraph); };
    asked.sort(order); asks.sort(order);
    if (asked.length) requestList(box, "Requests made of it", asked);
    if (asks.length) requestList(box, "What it asks", asks);
    return;
  }
  var items = [];
  outgoing.forEach(function (e) { items.push({e: e, other: e.to, dir: "\u2192 "}); });
  incoming.forEach(function (e) { items.push({e: e, other: e.from, dir: "\u2190 "}); });
  box.appendChild(el("h2", "Edges (" + items.length + ")"));
  var ul = el("ul");
  items.forEach(function (it) {
    var li = el("li"), head = el("div", null, "head");
    head.appendChild(el("span", it.dir + relInfo(it.e.relation).name + " "));
    head.appendChild(nodeLink(it.other));
    li.appendChild(head);
    var bits = [];
    if (it.e.verb) bits.push(it.e.verb);
    if (it.e.paragraph) bits.push("\u00b6 " + it.e.paragraph);
    if (bits.length) li.appendChild(el("div", bits.join(" \u00b7 "), "meta"));
    if (it.e.evidence) li.appendChild(el("blockquote", it.e.evidence));
    if (it.e.span) li.appendChild(el("div", it.e.span, "src"));
    ul.appendChild(li);
  });
  box.appendChild(ul);
}
function showEdge(k) {
  var V = cur(), e = V.edges[k], box = $("details"), ri = relInfo(e.relation);
  clear(box);
  box.appendChild(el("h2", "Relation"));
  box.appendChild(el("h3", ri.name + (ri.name !== e.relation ? " (" + e.relation + ")" : "")));
  var dl = el("dl");
  addRow(dl, "From", V.byId[e.from].label);
  addRow(dl, "To", V.byId[e.to].label);
  if ((e.count || 1) > 1) addRow(dl, "Requests", String(e.count));
  addRow(dl, "Verb", e.verb);
  addRow(dl, "Paragraph", e.paragraph);
  addRow(dl, "Source", e.span);
  box.appendChild(dl);
  if ((e.count || 1) > 1) {
    requestList(box, "Requests", (e.requests || []).map(function (r) { return {r: r, who: el("span", r.act)}; }));
    return;
  }
  if (e.action) { box.appendChild(el("h2", "Action")); box.appendChild(el("blockquote", e.action)); }
  if (e.evidence) { box.appendChild(el("h2", "Evidence")); box.appendChild(el("blockquote", e.evidence)); }
}
function clearDetails() {
  var box = $("details");
  clear(box);
  box.appendChild(el("p", "Click a node or an edge to see its details.", "hint"));
}
function focusNode(id) {
  if (!network || !shownNodes[id]) return;
  network.selectNodes([id], false);
  network.focus(id, {scale: 1.2, animation: {duration: 300}});
  showNode(id);
}

// ---------------------------------------------------------------- search (every view)
function matchesIn(name, q) {
  var out = [];
  VIEWS[name].nodes.forEach(function (n) { if (HAY[n.id].indexOf(q) >= 0) out.push(n.id); });
  return out;
}
function runSearch(focus) {
  var q = $("search").value.trim().toLowerCase(), out = $("search-count"), other = $("search-elsewhere");
  clear(other);
  if (!q) {
    out.textContent = ""; out.setAttribute("data-count", "");
    if (network) network.unselectAll();
    return [];
  }
  var here = matchesIn(state.view, q), elsewhere = [];
  ORDER.forEach(function (name) {
    if (name === state.view) return;
    var m = matchesIn(name, q);
    if (m.length) elsewhere.push([name, m.length]);
  });
  if (!here.length && elsewhere.length && focus) {
    // nothing in this view: go where the matches are, and say so
    state.searchNote = "none in " + (VIEWS[state.view].meta.view_title || state.view);
    state.focusAfterRender = true;
    setView(elsewhere[0][0], {keepSearch: true});
    return matchesIn(state.view, q);
  }
  out.textContent = here.length + (here.length === 1 ? " match" : " matches");
  out.setAttribute("data-count", String(here.length));
  if (state.searchNote) other.appendChild(el("span", " (" + state.searchNote + ")"));
  elsewhere.forEach(function (vm) {
    other.appendChild(el("span", " \u00b7 "));
    var b = el("button", vm[1] + " in " + (VIEWS[vm[0]].meta.view_title || vm[0]));
    b.type = "button";
    b.setAttribute("data-view", vm[0]);
    b.addEventListener("click", function () { setView(vm[0], {keepSearch: true}); });
    other.appendChild(b);
  });
  var visible = here.filter(function (id) { return shownNodes[id]; });
  if (network && nodesDS) {
    network.selectNodes(visible, false);
    if (focus && visible.length === 1) {
      network.focus(visible[0], {scale: 1.2, animation: {duration: 300}});
      showNode(visible[0]);
    } else if (focus && visible.length > 1) {
      network.fit({nodes: visible, animation: {duration: 300}});
    }
  }
  return here;
}

// ---------------------------------------------------------------- drawing
function markReady(token, nc, ec) {
  if (token !== renderToken) return;
  window.kgReadyAt = performance.now();
  window.kgStats = {nodes: nc, edges: ec, ready: true, view: state.view};
  $("status").textContent = nc + " nodes \u00b7 " + ec + " edges";
  var focus = !!state.focusAfterRender;
  state.focusAfterRender = false;
  if ($("search").value.trim()) runSearch(focus);
}
function savePositions() {
  if (!network || !nodesDS) return;
  var p = network.getPositions(), c = posCache[state.view] || (posCache[state.view] = {});
  for (var id in p) c[id] = [p[id].x, p[id].y];
}
function ensureNetwork(options) {
  if (network) { network.setOptions(options); return; }
  network = new vis.Network($("graph"), {nodes: [], edges: []}, options);
  network.on("click", function (params) {
    if (params.nodes && params.nodes.length && typeof params.nodes[0] === "number") showNode(params.nodes[0]);
    else if (params.edges && params.edges.length) showEdge(params.edges[0]);
    else clearDetails();
  });
  window.kgNetwork = network;
}
var DRAWN = ["id", "label", "title", "shape", "color", "size", "font", "borderWidth", "x", "y",
             "widthConstraint"];
var DRAWN_EDGE = ["id", "from", "to", "title", "color", "width", "label", "smooth", "arrows"];
function pick(obj, keys) {
  var o = {};
  for (var k = 0; k < keys.length; k++) if (obj[keys[k]] !== undefined) o[keys[k]] = obj[keys[k]];
  return o;
}
function filterView(V) {
  // which nodes pass the filters, which edges are drawn, and the counts the legend shows
  var bodyOK = {}, pass = {}, shown = {}, counts = {}, edges = [];
  V.nodes.forEach(function (n) {
    bodyOK[n.id] = n.kind !== "act" || !state.bodyOff[n.body];
    var chosen = (!state.session || n.session === state.session) &&
                 (!state.subject || subjectsOf(n).indexOf(state.subject) >= 0);
    pass[n.id] = bodyOK[n.id] && chosen;
    if (n.kind === "act" && chosen) {
      counts["body:" + n.body] = (counts["body:" + n.body] || 0) + 1;
    }
  });
  V.edges.forEach(function (e) {
    if (!bodyOK[e.from] || !bodyOK[e.to] || (!pass[e.from] && !pass[e.to])) return;
    counts["rel:" + e.relation] = (counts["rel:" + e.relation] || 0) + (e.count || 1);
    if (state.relOff[e.relation]) return;
    shown[e.from] = shown[e.to] = true;
    edges.push(e);
  });
  var nodes = V.nodes.filter(function (n) { return pass[n.id] || shown[n.id]; });
  nodes.forEach(function (n) {
    if (n.kind === "act") counts[n.adopted ? "act:adopted" : "act:cited"] = (counts[n.adopted ? "act:adopted" : "act:cited"] || 0) + 1;
    else counts["kind:" + n.kind] = (counts["kind:" + n.kind] || 0) + 1;
  });
  return {nodes: nodes, edges: edges, counts: counts};
}
function render() {
  var token = ++renderToken, V = cur(), M = V.meta;
  window.kgStats = {nodes: 0, edges: 0, ready: false, view: state.view};
  var F = filterView(V);
  setCounts(F.counts);
  if (!V.edges.length) {
    $("empty").style.display = "flex";
    $("graph").style.visibility = "hidden";
    if (network) { network.setData({nodes: [], edges: []}); nodesDS = null; }
    shownNodes = {};
    markReady(token, 0, 0);
    return;
  }
  $("empty").style.display = "none";
  $("graph").style.visibility = "visible";
  var cache = posCache[state.view] || {}, missing = false;
  shownNodes = {};
  var nodeObjs = F.nodes.map(function (n) {
    shownNodes[n.id] = true;
    var o = pick(n, DRAWN);
    if (n.badge) o.label = n.label + "  (" + n.badge + ")";
    if (o.x === undefined && cache[n.id]) { o.x = cache[n.id][0]; o.y = cache[n.id][1]; }
    if (o.x === undefined) missing = true;
    return o;
  });
  if (M.precomputed) {
    (M.headings || []).forEach(function (h, k) {
      nodeObjs.push({id: "heading-" + k, label: h[0], x: h[1], y: h[2], shape: "text",
                     font: {size: 16, bold: true, color: "#555555"}, chosen: false, physics: false});
    });
  }
  var edgeObjs = F.edges.map(function (e) { return pick(e, DRAWN_EDGE); });
  var options = JSON.parse(JSON.stringify(V.options));
  var physics = !M.precomputed && missing;
  options.physics.enabled = physics;
  ensureNetwork(options);
  nodesDS = new vis.DataSet(nodeObjs);
  var nc = F.nodes.length, ec = edgeObjs.length;
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
  network.setData({nodes: nodesDS, edges: new vis.DataSet(edgeObjs)});
  if (!physics) { network.fit({animation: false}); network.redraw(); }
}

function setView(name, how) {
  if (!VIEWS[name]) return;
  if (network && state.view !== name && !cur().meta.precomputed) savePositions();
  state.view = name;
  var bs = document.querySelectorAll("#view-buttons button");
  for (var k = 0; k < bs.length; k++) bs[k].setAttribute("aria-pressed", bs[k].getAttribute("data-view") === name ? "true" : "false");
  buildViewFilters();
  clearDetails();
  if (!(how && how.keepSearch)) clear($("search-elsewhere"));
  render();
}

document.title = TITLE;
$("page-title").textContent = TITLE;
buildViewButtons();
buildSessionFilter();
buildSubjectFilter();
$("search").addEventListener("input", function () { state.searchNote = ""; runSearch(true); });
$("fit").addEventListener("click", function () { if (network) network.fit({animation: {duration: 300}}); });
window.kgSetView = setView;
window.kgFind = function (iri) {
  var n = cur().nodes.filter(function (x) { return x.iri === iri; })[0];
  return n ? n.id : null;
};
if (ORDER.length) setView(ORDER[0]);
else { $("empty").style.display = "flex"; markReady(++renderToken, 0, 0); }
})();
