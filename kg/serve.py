"""serve: ``kg serve``, a read-only SPARQL 1.1 Protocol endpoint over a build, and its query page.

Starlette (routing, static files, CORS) on uvicorn. Every request is a user's query, so it
gets what ``kg query`` gives one: the guard (``kg.query.check_safe``: no Update, SERVICE or
FROM) and a child process with no network, a memory cap and a time limit (``kg.pool``, warm
children), on a snapshot of the current build (``kg.pool.StoreVersions``: a new build is
picked up at the next request; a deleted version is never read). Answers are cut at
``max_rows`` (the ``KG-Result-Truncated`` header says so).

- ``GET /sparql?query=…``, ``POST /sparql`` (``application/x-www-form-urlencoded`` or
  ``application/sparql-query``); ``update=``, ``default-graph-uri`` and ``named-graph-uri`` are
  refused (the store is read-only; a query's default graph is the union of the store's graphs,
  one per report and the shared one, as for ``kg query``);
- content negotiation (``Accept``): SPARQL results JSON (default), XML, CSV, TSV for SELECT and
  ASK; Turtle (default), N-Triples, JSON-LD, RDF/XML for CONSTRUCT and DESCRIBE;
- ``/`` the query page (YASGUI, vendored in ``kg/static/yasgui``; the named queries as
  examples from ``/queries.json``), under a Content-Security-Policy that allows no request
  outside this server;
- no CORS header unless ``allow_origins`` names an origin.
"""
from __future__ import annotations

import contextlib
import re
import socket
import sys
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .pool import QueryPool, StoreVersions
from .query import (
    QueryError,
    QueryLimitExceeded,
    Result,
    describe_queries,
    named_queries,
    prefixes,
    turtle_prefixes,
)
from .store import StoreMissing

MAX_QUERY_BYTES = 1 << 20  # a request body larger than this is refused (413)

# what the page may load: its own scripts, styles and fonts, and its requests to this server
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' "
                           "'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
                           "connect-src 'self'; form-action 'self'; base-uri 'none'; "
                           "frame-ancestors 'none'")

# (media type, kg.query.Result.serialize format), the first is the default
TABLE_MEDIA = (("application/sparql-results+json", "json"),
               ("application/sparql-results+xml", "xml"),
               ("text/csv", "csv"), ("text/tab-separated-values", "tsv"),
               ("application/json", "json"), ("application/xml", "xml"), ("text/xml", "xml"))
GRAPH_MEDIA = (("text/turtle", "ttl"), ("application/n-triples", "nt"),
               ("application/ld+json", "jsonld"), ("application/rdf+xml", "rdfxml"),
               ("text/plain", "nt"))
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def negotiate(accept: str, offers: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """The offer the ``Accept`` header prefers (highest q, then the client's order; ``*/*``
    and ``type/*`` take our default), or None when it accepts none of them."""
    ranges = []
    for position, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((-q, position, media.lower()))
    if not ranges:
        return offers[0]
    for negative_q, _, media in sorted(ranges):
        if negative_q >= 0:
            break
        for offer in offers:
            if media in (offer[0], "*/*") or (media.endswith("/*") and
                                              offer[0].startswith(media[:-1])):
                return offer
    return None


def _media_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") or "json" in media else media


def example_queries() -> list[dict[str, str]]:
    """The named queries, with PREFIX lines for the prefixes they use without declaring (the
    endpoint declares them, but an editor or another client should see them)."""
    known = prefixes()
    out = []
    descriptions = dict(describe_queries())
    for name, text in named_queries().items():
        declared = set(re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", text))
        used = set(re.findall(r"(?<![\w<\"'#])([A-Za-z][\w-]*):(?=[\w(])", text))
        missing = sorted(p for p in used - declared if p in known)
        declarations = "".join(f"PREFIX {p}: <{known[p]}>\n" for p in missing)
        lines = text.splitlines(keepends=True)
        comments = next((i for i, line in enumerate(lines) if not line.startswith("#")), 0)
        out.append({"name": name, "description": descriptions.get(name, ""),
                    "sparql": "".join(lines[:comments]) + declarations + "".join(lines[comments:])})
    return out


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response


class Endpoint:
    """The SPARQL endpoint of one output folder."""

    def __init__(self, out_dir, timeout: float, max_rows: int, max_memory: int, workers: int):
        self.versions = StoreVersions(out_dir)
        self.settings = {"size": workers, "timeout": timeout, "max_memory": max_memory,
                         "cap": max_rows}
        self.pool: QueryPool | None = None
        self.max_rows = max_rows

    @contextlib.asynccontextmanager
    async def lifespan(self, app):
        self.pool = QueryPool(**self.settings)
        try:
            yield
        finally:
            self.pool.close()
            self.versions.close()

    def execute(self, sparql: str) -> Result:
        store = self.versions.acquire()
        try:
            return self.pool.execute(str(store), sparql)
        finally:
            self.versions.release(store)

    async def sparql(self, request: Request) -> Response:
        try:
            params = await _protocol_params(request)
        except _Refusal as refusal:
            return PlainTextResponse(str(refusal), status_code=refusal.status)
        queries = params.get("query", [])
        if not queries:
            if "text/html" in request.headers.get("accept", ""):
                return page(request)
            return PlainTextResponse("no query: GET /sparql?query=… or POST one (SPARQL 1.1 "
                                     "Protocol); the query page is at /", status_code=400)
        if len(queries) > 1:
            return PlainTextResponse("one query per request", status_code=400)
        try:
            result = await run_in_threadpool(self.execute, queries[0])
        except QueryLimitExceeded as e:
            return PlainTextResponse(str(e), status_code=503)
        except StoreMissing as e:
            return PlainTextResponse(str(e), status_code=503)
        except QueryError as e:
            return PlainTextResponse(str(e), status_code=400)
        return self.answer(result, request.headers.get("accept", ""))

    def answer(self, result: Result, accept: str) -> Response:
        offers = GRAPH_MEDIA if result.kind == "graph" else TABLE_MEDIA
        chosen = negotiate(accept, offers)
        if chosen is None:
            return PlainTextResponse(
                f"none of the accepted types ({accept}) for this result; it can be "
                + ", ".join(sorted({m for m, _ in offers})), status_code=406)
        media, fmt = chosen
        body = result.serialize(fmt, turtle_prefixes())
        headers = {"Vary": "Accept"}
        if result.truncated:
            headers["KG-Result-Truncated"] = str(self.max_rows)
        return Response(body, media_type=_media_type(media), headers=headers)


class _Refusal(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


async def _protocol_params(request: Request) -> dict[str, list[str]]:
    """The protocol's parameters of a GET or POST, or a _Refusal (what is not a read-only
    query of this store: an update, another graph, an unknown body)."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        body = await _body(request)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            for name, values in parse_qs(body.decode("utf-8", "replace"),
                                         keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        elif kind == "application/sparql-query":
            params.setdefault("query", []).append(body.decode("utf-8", "replace"))
        elif kind == "application/sparql-update":
            raise _Refusal("kg serve is read-only: SPARQL Update is refused", 403)
        else:
            raise _Refusal(f"a POST is application/x-www-form-urlencoded or "
                           f"application/sparql-query, not {kind or 'untyped'}", 415)
    if "update" in params:
        raise _Refusal("kg serve is read-only: SPARQL Update is refused", 403)
    for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri",
                 "using-named-graph-uri"):
        if params.get(name):
            raise _Refusal(f"{name} refused: a query reads the store's own graphs (its default "
                           "graph is their union; GRAPH ?report { … } reads one report's)")
    return params


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_QUERY_BYTES:
        raise _Refusal(f"the request is over {MAX_QUERY_BYTES} bytes", 413)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_QUERY_BYTES:
            raise _Refusal(f"the request is over {MAX_QUERY_BYTES} bytes", 413)
    return bytes(body)


def _static() -> Path:
    return Path(str(resources.files("kg.static")))


def page(request: Request) -> Response:
    return FileResponse(_static() / "index.html", media_type="text/html; charset=utf-8")


async def queries(request: Request) -> Response:
    return JSONResponse(example_queries())


def create_app(out_dir="output", timeout: float = 30.0, max_rows: int = 10_000,
               max_memory: int = 2 * 2**30, workers: int = 2,
               allow_origins: list[str] | tuple[str, ...] = (), host: str = "127.0.0.1") -> Starlette:
    """The ASGI application of ``kg serve`` (raises StoreMissing when ``out_dir`` has no build)."""
    endpoint = Endpoint(out_dir, timeout, max_rows, max_memory, workers)
    middleware = [Middleware(SecurityHeaders)]
    if host in LOOPBACK:  # a page elsewhere cannot reach a local server by DNS rebinding
        middleware.insert(0, Middleware(TrustedHostMiddleware,
                                        allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1"]))
    if allow_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(allow_origins),
                                     allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type"],
                                     expose_headers=["KG-Result-Truncated"]))
    routes = [
        Route("/", page),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST"]),
        Route("/queries.json", queries),
        Mount("/static", StaticFiles(directory=_static()), name="static"),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=endpoint.lifespan)


def serve(out_dir="output", host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
          max_rows: int = 10_000, max_memory: int = 2 * 2**30, workers: int = 2,
          allow_origins: list[str] | tuple[str, ...] = ()) -> int:
    import uvicorn

    app = create_app(out_dir, timeout=timeout, max_rows=max_rows, max_memory=max_memory,
                     workers=workers, allow_origins=allow_origins, host=host)
    shown = f"[{host}]" if ":" in host else host
    # bind first, so a port in use or a bad address is one clear message and the banner below
    # is only printed once the endpoint is really there
    try:
        listening = socket.create_server(
            (host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as e:
        print(f"kg: cannot listen on {shown}:{port}: {e.strerror or e}", file=sys.stderr)
        return 2
    print(f"kg serve: SPARQL endpoint http://{shown}:{port}/sparql, query page "
          f"http://{shown}:{port}/ (read-only; Ctrl-C stops)", flush=True)
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[listening])
    return 0
