"""query: named SPARQL queries (ontology/queries/*.rq), .rq files or inline SPARQL,
run read-only against the Oxigraph store, printed as table, CSV or JSON.

Queries may use the standard prefixes (eli:, cito:, skos:, …) and ``kgo:``/``kg:``
without declaring them. Updates, ``SERVICE``, ``LOAD`` and remote ``FROM`` are refused:
a query never writes and never reaches outside the store.
"""
from __future__ import annotations

import csv
import io
import json
import re
import threading
from importlib import resources
from pathlib import Path

from pyoxigraph import Literal, NamedNode, QueryBoolean, QuerySolutions, Store

from .emit import Vocab
from .resolve import base_iri


class QueryError(Exception):
    pass


def named_queries() -> dict[str, str]:
    folder = resources.files("kg.ontology.queries")
    return {
        p.name[:-3]: p.read_text(encoding="utf-8")
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".rq")
    }


def describe_queries() -> list[tuple[str, str]]:
    out = []
    for name, text in named_queries().items():
        first = next((ln[1:].strip() for ln in text.splitlines() if ln.startswith("#")), "")
        out.append((name, first))
    return out


def resolve_query(spec: str) -> str:
    """A named query, a path to a .rq file, or the SPARQL text itself."""
    queries = named_queries()
    if spec in queries:
        return queries[spec]
    if spec.endswith(".rq") or (len(spec) < 300 and "\n" not in spec and Path(spec).is_file()):
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"{spec}: no such query file")
        return path.read_text(encoding="utf-8")
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|PREFIX|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE)\b", spec, re.I):
        return spec
    raise QueryError(
        f"unknown query {spec!r}: use one of {', '.join(queries)} (kg query --list), "
        "a .rq file or SPARQL text"
    )


_STRINGS_AND_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*'
)
_FORBIDDEN = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH|SERVICE)\b", re.I
)
_FROM = re.compile(r"\bFROM\b", re.I)  # (FROM <iri>, FROM NAMED <iri>, FROM<iri>, FROM ex:g)


def check_safe(sparql: str) -> None:
    """Refuse anything that would write, fetch a URL or call a remote endpoint."""
    code = _STRINGS_AND_COMMENTS.sub(" ", sparql)
    code = re.sub(r"<[^<>\s]*>", "<>", code)  # IRIs may contain any word
    code = re.sub(r"[?$]\w+|\w*:\w*", " ", code)  # so may variables and prefixed names
    m = _FORBIDDEN.search(code)
    if m:
        word = m.group(1).upper()
        what = "a remote SERVICE call" if word == "SERVICE" else f"a SPARQL Update ({word})"
        raise QueryError(f"refused: the query contains {what}; kg query is read-only and offline")
    if _FROM.search(code):
        raise QueryError("refused: FROM <…> would load a graph from outside the store")


def prefixes() -> dict[str, str]:
    return Vocab(base_iri()).prefixes()


def run(store: Store, sparql: str, timeout: float = 30.0) -> tuple[list[str], list[list[str]]]:
    """Execute a SELECT/ASK; return (header, rows of strings). CONSTRUCT gives s,p,o rows."""
    check_safe(sparql)
    result: dict = {}

    def work():
        try:
            res = store.query(sparql, prefixes=prefixes())
            result["value"] = _rows(res)
        except Exception as e:  # surfaced below with the message of the engine
            result["error"] = e

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"query took longer than {timeout:g} s; stopped (use --timeout to allow more)")
    if "error" in result:
        raise QueryError(f"SPARQL error: {result['error']}")
    return result["value"]


def _term(t) -> str:
    if t is None:
        return ""
    if isinstance(t, (NamedNode, Literal)):
        return t.value
    return str(t)


def _rows(res) -> tuple[list[str], list[list[str]]]:
    if isinstance(res, QueryBoolean):
        return ["ask"], [["true" if bool(res) else "false"]]
    if isinstance(res, QuerySolutions):
        header = [v.value for v in res.variables]
        return header, [[_term(sol[h]) for h in header] for sol in res]
    return ["subject", "predicate", "object"], [
        [_term(t.subject), _term(t.predicate), _term(t.object)] for t in res
    ]


def to_csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def to_json(header: list[str], rows: list[list[str]]) -> str:
    return json.dumps([dict(zip(header, r)) for r in rows], ensure_ascii=False, indent=2)


def to_table(header: list[str], rows: list[list[str]], max_width: int = 60) -> str:
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    def cut(s: str) -> str:
        s = s.replace("\n", " ")
        out, w = "", 0
        for c in s:
            cw = width(c)
            if w + cw > max_width - 1:
                return out + "…"
            out += c
            w += cw
        return out

    cells = [[cut(c) for c in r] for r in rows]
    widths = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values):
        return "  ".join(v + " " * (widths[i] - width(v)) for i, v in enumerate(values)).rstrip()

    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(rows)} rows)")
    return "\n".join(out)


FORMATTERS = {"csv": to_csv, "json": to_json, "table": to_table}
