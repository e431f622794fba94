"""Tests for the graph page (kg/views.py: each view a pyvis Network; kg/visualize.py and
kg/templates: the page).

Unit tests read the written HTML and the views' data; browser tests drive the Debian
``chromium`` headless over the DevTools protocol (tests/browser.py, needs the
``websocket-client`` package) and are skipped only when no chromium binary is installed.
"""
from __future__ import annotations

import importlib.util
import json
import random
import re
import shutil
import time
from pathlib import Path

import networkx as nx
import pytest

from kg.views import LARGE_GRAPH, readable
from kg.visualize import page_data, write_html

ROOT = Path(__file__).resolve().parents[1]
TITLE = "kg test graph"
XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "<script>alert(1)</script>"

_spec = importlib.util.spec_from_file_location("kg_test_browser", Path(__file__).with_name("browser.py"))
browser_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(browser_mod)

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no `chromium` binary on PATH (Debian: apt-get install chromium); browser tests skipped")


# ---------------------------------------------------------------------------- graphs
def _act(g, nid, label, body, notation, session="", session_date="", **kw):
    g.add_node(nid, label=label, kind="act", body=body, notation=notation, session=session,
               session_date=session_date, title=kw.pop("title", ""), date=kw.pop("date", session_date),
               label_zh=kw.pop("label_zh", ""), label_en=kw.pop("label_en", ""), **kw)


def small_graph(with_states: bool = True) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    cop5, cop6 = ("UNTOC-COP session 5", "2010-10-18"), ("UNTOC-COP session 6", "2012-10-15")
    _act(g, "kg:cop-5-1", "UNTOC-COP resolution 5/1", "UNTOC-COP", "5/1", *cop5,
         title="确保有效执行《联合国打击跨国有组织犯罪公约》", label_zh="第5/1号决议")
    _act(g, "kg:cop-5-2", "UNTOC-COP resolution 5/2", "UNTOC-COP", "5/2", *cop5,
         title="技术援助", label_zh="第5/2号决议")
    _act(g, "kg:cop-6-1", "UNTOC-COP resolution 6/1", "UNTOC-COP", "6/1", *cop6,
         title="审议机制", label_en="Resolution 6/1")
    _act(g, "kg:ga-55-25", "GA resolution 55/25", "GA", "A/RES/55/25", date="2000-11-15",
         title="联合国打击跨国有组织犯罪公约")
    _act(g, "kg:ecosoc-2004-1", XSS_SCRIPT, "ECOSOC", "E/RES/2004/1", date="2004-07-21")
    _act(g, "kg:ccpcj-x", XSS_IMG, "CCPCJ", "CCPCJ/x", date="2009-01-01")
    g.add_node("kg:wg-tech", label="Working Group on Technical Assistance", kind="body", body="UNTOC-COP")
    g.add_node("kg:secretariat", label="Secretariat", kind="addressee", body="", label_zh="秘书处")

    def cite(u, v, rel, verb, ev):
        g.add_edge(u, v, relation=rel, verb=verb, evidence=ev, source="report-5.txt:100-140", view="citations")

    cite("kg:cop-5-1", "kg:ga-55-25", "obtainsBackgroundFrom", "回顾", "回顾大会第55/25号决议")
    cite("kg:cop-5-1", "kg:ga-55-25", "confirms", "重申", "重申大会第55/25号决议")
    cite("kg:cop-5-2", "kg:ga-55-25", "citesAsAuthority", "根据", "根据大会第55/25号决议")
    cite("kg:cop-6-1", "kg:cop-5-1", "obtainsBackgroundFrom", "回顾", "回顾其第5/1号决议")
    cite("kg:cop-6-1", "kg:ecosoc-2004-1", "citesForInformation", "注意到", "注意到<b>经社理事会</b> & 决议")
    cite("kg:cop-5-2", "kg:ccpcj-x", "agreesWith", "欢迎", 'evidence with <img src=x onerror="window.__xss=2">')
    g.add_edge("kg:cop-5-2", "kg:wg-tech", relation="establishes", verb="设立", evidence="决定设立技术援助工作组",
               source="report-5.txt:200-230", view="mandates")
    # two requests of one act of the Secretariat: one edge of the mandates view, count 2
    g.add_edge("kg:cop-6-1", "kg:secretariat", relation="mandates", verb="请", paragraph="3",
               action="编写 一份 报告", evidence="请 秘书处 编写 一份 报告", source="report-6.txt:10-30",
               view="mandates")
    g.add_edge("kg:cop-6-1", "kg:secretariat", relation="mandates", verb="还请", paragraph="4",
               action="召开会议", evidence="还请秘书处召开会议", source="report-6.txt:40-52",
               view="mandates")
    if with_states:
        for s in ("Italy", "Mexico"):
            g.add_node(f"kg:state-{s}", label=s, kind="state", body="")
            g.add_edge(f"kg:state-{s}", "kg:cop-5-1", relation="sponsors", verb="提交", evidence=f"{s} 提交",
                       source="report-5.txt:5-9", view="states")
    return g


def view_members(g, view: str):
    """Nodes and edges the page should render for a view (no filters)."""
    nodes = {n for n, d in g.nodes(data=True) if d.get("kind") == "act"} if view == "citations" else set()
    edges = 0
    for u, v, d in g.edges(data=True):
        if d.get("view") == view:
            nodes |= {u, v}
            edges += 1
    return nodes, edges


def big_graph(n_nodes: int = 5000, n_edges: int = 8000, seed: int = 7) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    bodies = ["UNTOC-COP", "GA", "ECOSOC", "CCPCJ", "SC"]
    n_acts, n_orgs = n_nodes - 400, 100
    acts = []
    for i in range(n_acts):
        b, s = bodies[i % 5], i % 40
        nid = f"kg:act/{i}"
        acts.append(nid)
        _act(g, nid, f"{b} resolution {s}/{i}", b, f"{s}/{i}", f"{b} session {s}", f"{1980 + s}-03-01",
             title=f"关于第{i}号议题的决议", label_zh=f"第{s}/{i}号决议")
    for i in range(n_orgs):
        g.add_node(f"kg:org/{i}", label=f"Working group {i}", kind="body", body="")
    for i in range(n_nodes - n_acts - n_orgs):
        g.add_node(f"kg:state/{i}", label=f"State {i}", kind="state", body="")
    rels = ["obtainsBackgroundFrom", "confirms", "citesForInformation", "agreesWith", "supports",
            "citesAsAuthority", "cites"]
    n_cit = n_edges * 3 // 4
    for i in range(n_cit):
        g.add_edge(rng.choice(acts), rng.choice(acts), relation=rng.choice(rels), verb="回顾",
                   evidence="回顾其关于打击跨国有组织犯罪的决议" * 2, source=f"r{i % 50}.txt:{i}-{i + 40}",
                   view="citations")
    for i in range((n_edges - n_cit) // 2):
        g.add_edge(rng.choice(acts), f"kg:org/{rng.randrange(n_orgs)}",
                   relation=rng.choice(["mandates", "establishes"]), view="mandates")
    for i in range(n_edges - g.number_of_edges()):
        g.add_edge(f"kg:state/{rng.randrange(300)}", rng.choice(acts), relation="sponsors", view="states")
    return g


# ---------------------------------------------------------------------------- unit tests
def views_of(g) -> dict:
    return {v["options"]["kg"]["view"]: v for v in page_data(g)}


def test_labels_are_escaped_in_html(tmp_path):
    path = tmp_path / "g.html"
    write_html(small_graph(), path, title="<b>title</b> & co")
    text = path.read_text(encoding="utf-8")
    low = text.lower()
    assert "<script>alert" not in low
    assert "<img src=x" not in low
    assert "onerror=\"window" not in low
    # the data is there, escaped for a JSON block
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in text
    assert "\\u003cimg src=x onerror=" in text
    assert "<title>&lt;b&gt;title&lt;/b&gt; &amp; co</title>" in text
    # the data block parses back to the original labels
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    data = json.loads(m.group(1))
    labels = {n["label"] for v in data["views"] for n in v["nodes"]}
    assert labels >= {XSS_SCRIPT, XSS_IMG}
    # no raw HTML rendering anywhere in the page script
    app_script = text.rsplit("<script>", 1)[1]
    assert "innerHTML" not in app_script and "insertAdjacentHTML" not in app_script


def test_html_is_self_contained(tmp_path):
    path = tmp_path / "g.html"
    write_html(small_graph(), path)
    text = path.read_text(encoding="utf-8")
    low = text.lower()
    for bad in ('src="http', "src='http", 'href="http', "href='http", "@import", "url(http", 'url("http',
                "url('http", 'src="//', 'href="//', "cdn."):
        assert bad not in low, bad
    assert not re.search(r"<script[^>]*\bsrc\s*=", low)
    assert not re.search(r"<link[^>]*rel=\"?stylesheet", low)
    assert "vis.Network" in text and "content-security-policy" in low


def test_the_page_is_rendered_from_template_files():
    """The page's script and style are files of kg/templates (package data), not Python."""
    from importlib import resources

    folder = resources.files("kg") / "templates"
    for name in ("page.html", "page.js", "page.css"):
        assert (folder / name).is_file(), name
    visualize = (Path(__file__).resolve().parents[1] / "kg" / "visualize.py").read_text(encoding="utf-8")
    assert "function " not in visualize and "{display:" not in visualize


def test_views_are_pyvis_networks_sharing_node_ids():
    from pyvis.network import Network

    from kg.views import page_networks

    nets = page_networks(small_graph())
    assert all(isinstance(n, Network) for n in nets.values())
    ids = {}
    for net in nets.values():
        for node in net.nodes:
            assert ids.setdefault(node["iri"], node["id"]) == node["id"]  # one id in every view


def test_views_data_and_layout():
    g = small_graph()
    views = views_of(g)
    for view in ("citations", "states"):
        nodes, n_edges = view_members(g, view)
        v = views[view]
        assert {n["iri"] for n in v["nodes"]} == nodes
        assert len(v["edges"]) == n_edges
    # mandates: one edge per (act, addressee, relation), with its count and every request
    nodes, n_edges = view_members(g, "mandates")
    m = views["mandates"]
    assert {n["iri"] for n in m["nodes"]} == nodes
    assert sum(e["count"] for e in m["edges"]) == n_edges == 3 and len(m["edges"]) == 2
    iri = {n["id"]: n["iri"] for n in m["nodes"]}
    asked = next(e for e in m["edges"] if iri[e["to"]] == "kg:secretariat")
    assert asked["count"] == 2 and asked["label"] == "2"
    assert [(r["act"], r["paragraph"], r["verb"]) for r in asked["requests"]] == [
        ("UNTOC-COP resolution 6/1", "3", "请"), ("UNTOC-COP resolution 6/1", "4", "还请")]
    # evidence without the spaces of a word-segmented text
    assert asked["requests"][0]["evidence"] == "请秘书处编写一份报告"
    assert asked["requests"][0]["source"] == "report-6.txt:10-30"
    # the two sides: who asks left of whom they ask, every node placed
    pos = {iri[n["id"]]: n["x"] for n in m["nodes"]}
    assert m["options"]["kg"]["precomputed"] and len(pos) == len(m["nodes"])
    assert pos["kg:cop-6-1"] < pos["kg:secretariat"] and pos["kg:cop-5-2"] < pos["kg:wg-tech"]
    cit = views["citations"]
    size = {n["iri"]: n["size"] for n in cit["nodes"]}
    assert size["kg:ga-55-25"] == max(size.values())  # cited most
    adopted = {n["iri"]: n["adopted"] for n in cit["nodes"]}
    assert adopted["kg:cop-5-1"] and not adopted["kg:ga-55-25"]
    hollow = {n["iri"]: n["color"]["background"] for n in cit["nodes"]}
    assert hollow["kg:ga-55-25"] == "#ffffff" != hollow["kg:cop-5-1"]
    meta = cit["options"]["kg"]
    assert [s for s, _ in meta["sessions"]] == ["UNTOC-COP session 5", "UNTOC-COP session 6"]
    assert not meta["precomputed"] and "x" not in cit["nodes"][0]
    # the legend lists the seven CiTO relations even when absent
    assert {r for r, _ in meta["relations"]} >= {"supports", "cites"}
    edge = next(e for e in cit["edges"] if e["verb"] == "注意到")
    assert edge["span"] == "report-5.txt:100-140" and edge["evidence"] == "注意到<b>经社理事会</b> &决议"


def test_readable_evidence():
    assert readable("回顾 其 第 4/4 号 决定 ,") == "回顾其第4/4号决定,"
    assert readable("《 联合国 打击 跨国 有组织 犯罪 公约 》") == "《联合国打击跨国有组织犯罪公约》"
    assert readable("请秘书处\n向缔约方会议  报告") == "请秘书处向缔约方会议报告"
    assert readable("General Assembly  resolution\n55/25") == "General Assembly resolution 55/25"


def test_5000_nodes_are_built_fast():
    t0 = time.perf_counter()
    big = views_of(big_graph())
    elapsed = time.perf_counter() - t0
    v = big["citations"]
    assert len(v["nodes"]) > LARGE_GRAPH and v["options"]["kg"]["precomputed"]
    assert not v["options"]["physics"]["enabled"]
    spots = [(n["x"], n["y"]) for n in v["nodes"]]
    assert len(set(spots)) == len(spots)  # no two nodes on one spot
    assert elapsed < 3.0, f"views of 5,000 nodes took {elapsed:.2f}s"


def test_empty_graph(tmp_path):
    path = tmp_path / "empty.html"
    write_html(nx.MultiDiGraph(), path)
    assert "vis.Network" in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- browser tests
@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("no `chromium` binary on PATH (Debian: apt-get install chromium)")
    with browser_mod.Browser(width=1400, height=900) as b:
        yield b


def _load(b, path: Path, timeout: float = 15.0) -> dict:
    b.navigate(path.resolve().as_uri())
    return b.wait_for("window.kgStats && window.kgStats.ready && window.kgStats", timeout=timeout)


def _assert_clean(b, path: Path):
    b.pump(0.2)
    url = path.resolve().as_uri()
    extra = [u for u in b.requests() if u != url and not u.startswith("data:")]
    assert extra == [], f"network requests: {extra}"
    assert b.errors() == [], b.errors()


def _search(b, query: str) -> str:
    b.evaluate(
        "(function(){var s=document.getElementById('search');s.value=%s;"
        "s.dispatchEvent(new Event('input',{bubbles:true}));})()" % json.dumps(query))
    b.wait_for("window.kgStats.ready")
    return b.evaluate("document.getElementById('search-count').textContent")


def _switch(b, view: str) -> dict:
    b.evaluate("document.querySelector('#view-buttons button[data-view=%s]').click()" % view)
    return b.wait_for("window.kgStats.ready && window.kgStats.view === %s && window.kgStats" % json.dumps(view))


def _details(b) -> str:
    return b.evaluate("document.getElementById('details').textContent")


def _node_dom_xy(b, node_iri: str):
    """Viewport coordinates of a node of the current view, from the page's vis network."""
    return b.evaluate(
        """(function(){var i=kgFind(%s);
        var p=kgNetwork.getPositions([i])[i]; var d=kgNetwork.canvasToDOM(p);
        var r=document.getElementById('graph').getBoundingClientRect();
        return [r.left+d.x, r.top+d.y];})()""" % json.dumps(node_iri))


def _click_node(b, node_iri: str) -> None:
    b.evaluate("kgNetwork.moveTo({position: kgNetwork.getPositions([kgFind(%s)])[kgFind(%s)], scale: 1.5})"
               % (json.dumps(node_iri), json.dumps(node_iri)))
    b.pump(0.1)
    b.click(*_node_dom_xy(b, node_iri))


@needs_chromium
def test_page_loads_offline_with_all_nodes(browser, tmp_path):
    g = small_graph()
    path = tmp_path / "small.html"
    write_html(g, path, title=TITLE)
    stats = _load(browser, path)
    nodes, n_edges = view_members(g, "citations")
    assert stats["view"] == "citations"
    assert stats["nodes"] == len(nodes) and stats["edges"] == n_edges
    assert browser.evaluate("document.title") == TITLE
    assert browser.evaluate("typeof window.kgReadyAt") == "number"
    assert browser.evaluate("window.__xss === undefined")
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    # seven CiTO relations in the legend, in order
    legend = browser.evaluate(
        "Array.from(document.querySelectorAll('#relation-filter label')).map(function(l){return l.textContent})")
    names = [re.sub(r"\d+$", "", t) for t in legend]
    assert names == ["recalls", "reaffirms", "takes note", "welcomes", "pursuant to", "endorses", "cites"]
    # adopted acts and acts only cited, told apart in the legend, counted
    acts = browser.evaluate("document.getElementById('act-legend').textContent")
    assert "adopted in these reports3" in acts and "only cited3" in acts
    _assert_clean(browser, path)


@needs_chromium
def test_click_shows_details_as_text(browser, tmp_path):
    g = small_graph()
    path = tmp_path / "small.html"
    write_html(g, path, title=TITLE)
    _load(browser, path)
    browser.click(*_node_dom_xy(browser, "kg:ccpcj-x"))
    details = browser.wait_for("document.getElementById('details').textContent.indexOf('CCPCJ/x')>=0 && "
                               "document.getElementById('details').textContent")
    assert XSS_IMG in details
    assert "Edges (1)" in details and "welcomes" in details  # the node's edges, listed
    assert "Act (only cited)" in details
    # an edge: click the middle of the (only, straight) 6/1 -> ECOSOC edge
    (x1, y1), (x2, y2) = _node_dom_xy(browser, "kg:cop-6-1"), _node_dom_xy(browser, "kg:ecosoc-2004-1")
    browser.click((x1 + x2) / 2, (y1 + y2) / 2)
    details = browser.wait_for("document.getElementById('details').textContent.indexOf('Evidence')>=0 && "
                               "document.getElementById('details').textContent")
    assert "注意到<b>经社理事会</b> &决议" in details
    assert "report-5.txt:100-140" in details and "注意到" in details and "takes note" in details
    assert browser.evaluate("document.querySelectorAll('#details img, #details b, #details script').length") == 0
    assert browser.evaluate("window.__xss === undefined")
    assert browser.evaluate("document.title") == TITLE
    _assert_clean(browser, path)


@needs_chromium
def test_search_counts_matches_in_every_view(browser, tmp_path):
    g = small_graph()
    path = tmp_path / "small.html"
    write_html(g, path, title=TITLE)
    _load(browser, path)
    nodes, _ = view_members(g, "citations")

    def expected(q):
        q = q.lower()
        return sum(any(q in str(g.nodes[n].get(f, "")).lower() for f in ("label", "label_zh", "label_en", "notation"))
                   for n in nodes)

    for q, n in [("resolution", 4), ("RESOLUTION 5/", 2), ("第5/", 2), ("a/res/55", 1), ("Resolution 6/1", 1),
                 ("onerror", 1)]:
        assert expected(q) == n, q
        text = _search(browser, q)
        assert text == f"{n} match" + ("" if n == 1 else "es"), (q, text)
        assert browser.evaluate("document.getElementById('search-count').dataset.count") == str(n)
        assert browser.evaluate("kgNetwork.getSelectedNodes().length") == n
    # a single match opens its details; the payload stays text
    _search(browser, "onerror")
    assert XSS_IMG in _details(browser)
    assert browser.evaluate("window.__xss === undefined")
    # matches in another view are named there …
    _search(browser, "5/2")
    assert "1 in Mandates" in browser.evaluate("document.getElementById('search-elsewhere').textContent")
    # … and a search with none in this view goes where they are, and says so
    assert _search(browser, "Working Group on Technical") == "1 match"
    assert browser.evaluate("window.kgStats.view") == "mandates"
    assert "none in Citations" in browser.evaluate("document.getElementById('search-elsewhere').textContent")
    assert "Working Group on Technical Assistance" in _details(browser)
    assert _search(browser, "nothing-like-this") == "0 matches"
    assert _search(browser, "") == ""
    _assert_clean(browser, path)


@needs_chromium
def test_filters_and_their_counts(browser, tmp_path):
    g = small_graph()
    path = tmp_path / "small.html"
    write_html(g, path, title=TITLE)
    stats = _load(browser, path)

    def count(key):
        return int(browser.evaluate("document.querySelector('#filters .cnt[data-key=%s]').textContent"
                                    % json.dumps(key)))

    assert count("rel:obtainsBackgroundFrom") == 2 and count("body:GA") == 1
    # relation filter: drop "recalls"
    browser.evaluate("(function(){var l=Array.from(document.querySelectorAll('#relation-filter label'))"
                     ".find(function(l){return l.textContent.indexOf('recalls')===0});"
                     "l.querySelector('input').click();})()")
    after = browser.wait_for("window.kgStats.ready && window.kgStats")
    n_recalls = sum(1 for *_, d in g.edges(data=True) if d["relation"] == "obtainsBackgroundFrom")
    assert after["edges"] == stats["edges"] - n_recalls
    browser.evaluate("document.querySelector('#relation-filter input').click()")  # back on
    assert browser.wait_for("window.kgStats.ready && window.kgStats")["edges"] == stats["edges"]
    # session filter: sessions ordered by date; session 6 shows its act and what it cites
    options = browser.evaluate("Array.from(document.querySelectorAll('#session-filter option'))"
                               ".map(function(o){return o.value})")
    assert options == ["", "UNTOC-COP session 5", "UNTOC-COP session 6"]
    browser.evaluate("(function(){var s=document.getElementById('session-filter');s.value='UNTOC-COP session 6';"
                     "s.dispatchEvent(new Event('change'));})()")
    s6 = browser.wait_for("window.kgStats.ready && window.kgStats")
    assert (s6["nodes"], s6["edges"]) == (3, 2)  # 6/1 -> 5/1, 6/1 -> ECOSOC
    # the counts follow the filter
    assert (count("rel:obtainsBackgroundFrom"), count("rel:confirms"), count("body:UNTOC-COP")) == (1, 0, 1)
    browser.evaluate("(function(){var s=document.getElementById('session-filter');s.value='';"
                     "s.dispatchEvent(new Event('change'));})()")
    browser.wait_for("window.kgStats.ready")
    # body filter: hide GA acts and the edges touching them
    browser.evaluate("(function(){var l=Array.from(document.querySelectorAll('#body-filter label'))"
                     ".find(function(l){return l.textContent.indexOf('GA')===0});"
                     "l.querySelector('input').click();})()")
    no_ga = browser.wait_for("window.kgStats.ready && window.kgStats")
    assert (no_ga["nodes"], no_ga["edges"]) == (stats["nodes"] - 1, stats["edges"] - 3)
    assert count("rel:citesAsAuthority") == 0
    _assert_clean(browser, path)


@needs_chromium
def test_the_subject_filter_keeps_the_acts_of_a_subject(browser, tmp_path):
    g = small_graph()
    g.nodes["kg:cop-5-2"]["subjects"] = "TECHNICAL ASSISTANCE|技术援助"
    g.nodes["kg:cop-6-1"]["subjects"] = "TECHNICAL ASSISTANCE"
    path = tmp_path / "subjects.html"
    write_html(g, path, title=TITLE)
    stats = _load(browser, path)
    options = browser.evaluate("Array.from(document.querySelectorAll('#subject-filter option'))"
                               ".map(function(o){return o.value + '=' + o.textContent})")
    # the most frequent first, with the number of acts
    assert options == ["=All subjects", "TECHNICAL ASSISTANCE=TECHNICAL ASSISTANCE (2)", "技术援助=技术援助 (1)"]

    def choose(subject):
        browser.evaluate("(function(){var s=document.getElementById('subject-filter');s.value=%s;"
                         "s.dispatchEvent(new Event('change'));})()" % json.dumps(subject))
        return browser.wait_for("window.kgStats.ready && window.kgStats")

    # 5/2 cites 55/25 and CCPCJ x; 6/1 cites 5/1 and ECOSOC: 6 acts, 4 edges
    assert (lambda s: (s["nodes"], s["edges"]))(choose("TECHNICAL ASSISTANCE")) == (6, 4)
    assert (lambda s: (s["nodes"], s["edges"]))(choose("技术援助")) == (3, 2)
    assert choose("")["edges"] == stats["edges"]
    _assert_clean(browser, path)
    # a page whose acts have no subjects shows no subject filter
    plain = tmp_path / "plain.html"
    write_html(small_graph(), plain, title=TITLE)
    _load(browser, plain)
    assert browser.evaluate("document.getElementById('subject-filter-wrap').style.display") == "none"



@needs_chromium
def test_views_and_the_requests_of_an_addressee(browser, tmp_path):
    g = small_graph()
    path = tmp_path / "small.html"
    write_html(g, path, title=TITLE)
    _load(browser, path)
    for view in ("mandates", "states", "citations"):
        stats = _switch(browser, view)
        nodes, n_edges = view_members(g, view)
        drawn = n_edges if view != "mandates" else 2  # the mandates view aggregates
        assert (stats["nodes"], stats["edges"]) == (len(nodes), drawn), view
        assert browser.evaluate("getComputedStyle(document.getElementById('empty')).display") == "none"
    _switch(browser, "mandates")
    _click_node(browser, "kg:secretariat")
    details = browser.wait_for("document.getElementById('details').textContent.indexOf('Requests made of it')>=0"
                               " && document.getElementById('details').textContent")
    assert "Requests made of it (2)" in details
    assert "¶ 3 · 请" in details and "编写一份报告" in details and "report-6.txt:10-30" in details
    assert "¶ 4 · 还请" in details and "report-6.txt:40-52" in details
    _assert_clean(browser, path)

    # a view without edges says so
    path2 = tmp_path / "nostates.html"
    write_html(small_graph(with_states=False), path2, title=TITLE)
    _load(browser, path2)
    stats = _switch(browser, "states")
    assert (stats["nodes"], stats["edges"]) == (0, 0)
    assert browser.evaluate("getComputedStyle(document.getElementById('empty')).display") != "none"
    assert "No data" in browser.evaluate("document.getElementById('empty').textContent")
    _assert_clean(browser, path2)


@needs_chromium
def test_scale_5000_nodes(browser, tmp_path):
    g = big_graph(5000, 8000)
    assert g.number_of_nodes() == 5000 and g.number_of_edges() == 8000
    path = tmp_path / "big.html"
    t0 = time.perf_counter()
    write_html(g, path, title="scale")
    write_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    stats = _load(browser, path, timeout=30)
    wall_s = time.perf_counter() - t0
    ready_ms = browser.evaluate("window.kgReadyAt")
    print(f"\n5,000 nodes / 8,000 edges: write_html {write_s:.2f}s, "
          f"ready {ready_ms:.0f} ms after navigation start (wall {wall_s:.2f}s), "
          f"{path.stat().st_size / 1e6:.1f} MB")
    nodes, n_edges = view_members(g, "citations")
    assert (stats["nodes"], stats["edges"]) == (len(nodes), n_edges)
    assert ready_ms < 3000, f"ready after {ready_ms:.0f} ms"
    assert write_s < 6, f"write_html took {write_s:.2f}s"
    assert _search(browser, "resolution 7/") == f"{sum(1 for n in nodes if 'resolution 7/' in g.nodes[n]['label'].lower())} matches"
    t0 = time.perf_counter()
    stats = _switch(browser, "mandates")
    assert stats["edges"] > 0 and time.perf_counter() - t0 < 3
    _assert_clean(browser, path)


@needs_chromium
def test_a_notebook_view_renders_with_kg_template(browser, tmp_path):
    """Build.to_pyvis's network, written by pyvis itself (net.show in Jupyter), is kg's page
    with one view: offline, escaped, drawn."""
    from kg.views import to_pyvis

    net = to_pyvis(small_graph(), "mandates")
    path = tmp_path / "notebook.html"
    net.write_html(str(path), notebook=True)
    assert path.read_bytes().isascii()  # pyvis writes in the locale's encoding
    stats = _load(browser, path)
    assert (stats["view"], stats["edges"]) == ("mandates", 2)
    assert browser.evaluate("document.querySelectorAll('#view-buttons button').length") == 1
    _assert_clean(browser, path)


@needs_chromium
def test_sample_corpus_page_and_screenshots(browser, tmp_path):
    """The page kg build writes for the shipped reports: every view drawn from the real graph,
    searchable across views, the Secretariat's requests listed, offline. The README's
    screenshots come from here (KG_UPDATE_SCREENSHOTS=1 copies them into output/)."""
    import kg
    from kg.graph import graph_of

    result = kg.build(None, tmp_path / "out")
    page = result.files["html"]
    g = graph_of(tmp_path / "out")
    stats = _load(browser, page)
    nodes, n_edges = view_members(g, "citations")
    assert (stats["nodes"], stats["edges"]) == (len(nodes), n_edges)
    assert n_edges == len(result.query("citations"))
    # a substring search: GA resolutions 55/25 (the Convention) and 55/255 (the Firearms
    # Protocol) are both cited in the reports
    assert _search(browser, "55/25") == "2 matches"
    assert _search(browser, "GA resolution 55/255") == "1 match"
    # a body is in the mandates view only: the search goes there and says so
    assert _search(browser, "Working Group on Technical") == "1 match"
    assert browser.evaluate("window.kgStats.view") == "mandates"
    assert "none in Citations" in browser.evaluate("document.getElementById('search-elsewhere').textContent")
    _search(browser, "")
    _switch(browser, "citations")
    browser.evaluate("document.getElementById('fit').click()")
    browser.pump(0.6)  # the fit animation
    browser_mod.save_screenshot(browser, "view-citations.png")
    # the mandates view: click the Secretariat, get every request made of it
    stats = _switch(browser, "mandates")
    asked = result.query("""SELECT ?m ?paragraph ?source WHERE { ?m kgo:addressee <https://w3id.org/untoc-kg/addressee/secretariat> ;
                            kgo:paragraphLabel ?paragraph }""")
    assert len(asked) > 40
    _click_node(browser, "https://w3id.org/untoc-kg/addressee/secretariat")
    details = browser.wait_for("document.getElementById('details').textContent.indexOf('Requests made of it')>=0"
                               " && document.getElementById('details').textContent")
    assert f"Requests made of it ({len(asked)})" in details
    items = browser.evaluate("Array.from(document.querySelectorAll('#details ul.requests li'))"
                             ".map(function(li){return li.textContent})")
    assert len(items) == len(asked)
    assert all(re.search(r"\.txt:\d+-\d+$", t) for t in items)  # each with its file:start-end
    assert all("¶" in t for t in items)  # … its paragraph
    assert not any(re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", t) for t in items)  # readable text
    browser.evaluate("document.getElementById('fit').click()")
    browser.pump(0.6)
    browser_mod.save_screenshot(browser, "view-mandates.png")
    stats = _switch(browser, "states")
    nodes, n_edges = view_members(g, "states")
    assert n_edges > 0 and (stats["nodes"], stats["edges"]) == (len(nodes), n_edges)
    browser_mod.save_screenshot(browser, "view-states.png")
    _assert_clean(browser, page)
