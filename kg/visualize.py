"""visualize: the graph as one self-contained, offline, interactive HTML page.

``write_html(graph, path)`` takes the networkx projection (``kg/graph.py``), builds its three
views as pyvis ``Network``s (``kg/views.py``: nodes, edges, options) and renders them with the
project's own Jinja2 template, ``kg/templates/page.html`` (its script and style beside it,
``page.js`` and ``page.css``; the same template draws a single view in a notebook,
``Build.to_pyvis``). pyvis's own template is not used: it loads Bootstrap and tom-select from
CDNs and shows a tooltip as HTML when it holds "href".

The page needs no network at all: the vis-network build shipped inside pyvis, the script and
the style are inlined, and a Content-Security-Policy forbids any request. Every text coming
from the graph is escaped twice over: the data is JSON in a ``<script type="application/json">``
element with ``<``, ``>`` and ``&`` written ``\\u003c``/``\\u003e``/``\\u0026``, and the page
puts text into the DOM with ``textContent`` only (vis-network shows string tooltips as text).

For tests the page sets ``window.kgStats = {nodes, edges, ready: true, view}`` and
``window.kgReadyAt = performance.now()`` once the current view is drawn.
"""
from __future__ import annotations

import functools
import importlib.resources
import json
import os
import re

from .views import LARGE_GRAPH, RELATIONS, VIEWS, page_networks

__all__ = [
    "LARGE_GRAPH",
    "RELATIONS",
    "VIEWS",
    "page_data",
    "prepare",
    "render_html",
    "template_environment",
    "write_html",
]

TEMPLATES = "templates"  # kg/templates: page.html, page.js, page.css


def script_json(obj, ascii: bool = False) -> str:
    """JSON safe inside an HTML <script> element: no '<', '>' or '&' left in it (nor the two
    line separators JavaScript once read as line ends). ``ascii``: every other non-ASCII
    character escaped too (pyvis writes a notebook's page in the locale's encoding)."""
    from markupsafe import Markup

    s = json.dumps(obj, ensure_ascii=ascii, separators=(",", ":"))
    return Markup(s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
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


def _ascii_js(js: str) -> str:
    """Script text with every non-ASCII character written as a \\u escape (valid in strings,
    regular expressions, identifiers and comments alike)."""
    def escape(m: re.Match) -> str:
        data = m.group().encode("utf-16-be")
        return "".join(f"\\u{int.from_bytes(data[i:i + 2], 'big'):04x}" for i in range(0, len(data), 2))

    return re.sub(r"[^\x00-\x7f]", escape, js)


def _html_text(text, ascii: bool = False) -> str:
    """Text for an HTML element: escaped, and with ``ascii`` every other non-ASCII character
    as a character reference."""
    from markupsafe import Markup, escape

    escaped = str(escape(text or ""))
    return Markup(escaped.encode("ascii", "xmlcharrefreplace").decode() if ascii else escaped)


@functools.lru_cache(maxsize=8)
def _asset(name: str) -> str:
    text = importlib.resources.files("kg").joinpath(TEMPLATES, name).read_text(encoding="utf-8")
    if re.search(r"</(script|style)", text, re.IGNORECASE):
        raise ValueError(f"kg/templates/{name} must not close the element it is inlined in")
    return text


@functools.lru_cache(maxsize=1)
def _ascii_vis_js() -> str:
    return _ascii_js(_vis_js())


@functools.lru_cache(maxsize=1)
def template_environment():
    """The Jinja2 environment of kg's page (Jinja2 comes with pyvis): HTML autoescaped, the
    script and style inlined as they are, the data through ``script_json``."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(loader=PackageLoader("kg", TEMPLATES),
                      autoescape=select_autoescape(["html"]), keep_trailing_newline=True)
    env.filters["script_json"] = script_json
    env.filters["fromjson"] = json.loads
    env.globals["asset"] = lambda name: Markup(_asset(name))
    env.filters["html_text"] = _html_text
    env.globals["vis_js"] = lambda ascii=False: Markup(_ascii_vis_js() if ascii else _vis_js())
    return env


def prepare() -> None:
    """Load what drawing the first page costs (pyvis and the IPython it imports, the compiled
    template, vis-network's script: ~0.1 s): a build does it in a thread while its workers
    read documents, not after them."""
    from pyvis.network import Network  # noqa: F401

    template_environment().get_template("page.html")
    _vis_js()
    for name in ("page.js", "page.css"):
        _asset(name)


def page_data(graph, title: str = "kg graph") -> list[dict]:
    """The views as the page reads them: each one's pyvis nodes, edges and options."""
    return [{"nodes": net.nodes, "edges": net.edges, "options": net.options}
            for net in page_networks(graph, title).values()]


def render_html(graph, title: str = "kg graph") -> str:
    return template_environment().get_template("page.html").render(
        views=page_data(graph, title), title=title, kg_page=True)


def write_html(graph, path: str | os.PathLike, title: str = "kg graph") -> None:
    """Write ``graph`` (the networkx projection, see ``kg/graph.py``) as one offline page."""
    text = render_html(graph, title)
    with open(path, "w", encoding="utf-8", errors="replace", newline="\n") as fh:
        fh.write(text)
