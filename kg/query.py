"""query: named SPARQL queries (ontology/queries/*.rq), .rq files or inline SPARQL,
run read-only against the Oxigraph store, printed as table, CSV or JSON.

Queries may use the standard prefixes (eli:, cito:, skos:, …) and ``kgo:``/``kg:``
without declaring them. Updates, ``LOAD``, ``SERVICE`` and ``FROM`` are refused by
``check_safe``, which reads the query with a real SPARQL parser: a query never writes and
never reaches outside the store. A user's query runs in a child process (``kg.isolate``) that
is killed at the time limit and has a memory cap; kg's own queries run in-process untimed.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from importlib import resources
from pathlib import Path

from pyoxigraph import Literal, NamedNode, QueryBoolean, QuerySolutions, Store


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


def check_safe(sparql: str, prefixes: dict[str, str] | None = None) -> None:
    """Refuse anything that would write, fetch a URL or call a remote endpoint.

    The one guard for ``kg query``, ``BuildResult.query`` and ``kg serve``. It decides from the
    query as rdflib's SPARQL parser reads it (Unicode escapes expanded, comments, strings and
    IRIs tokenized by the grammar), never from text patterns: the request must parse as a
    query (not an Update such as ``LOAD``), and its algebra must hold no ``SERVICE`` and no
    ``FROM``/``FROM NAMED`` (we hold no remote graphs). A text that rdflib cannot parse is
    refused too: what cannot be checked is not run.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import parser
    from rdflib.plugins.sparql.algebra import translateQuery

    try:
        parsed = parser.parseQuery(sparql)
    except ParseException as query_error:
        try:
            update = parser.parseUpdate(sparql)
        except ParseException:
            raise QueryError(f"refused: not a SPARQL query kg can check ({query_error})") from None
        except RecursionError:
            raise QueryError("refused: the query is nested too deeply to check") from None
        operations = ", ".join(sorted({_update_word(r.name) for r in update.request})) or "Update"
        raise QueryError(
            f"refused: the query is a SPARQL Update ({operations}); kg query is read-only and offline"
        ) from None
    except RecursionError:
        raise QueryError("refused: the query is nested too deeply to check") from None
    try:
        algebra = translateQuery(parsed, initNs=prefixes or {}).algebra
    except RecursionError:
        raise QueryError("refused: the query is nested too deeply to check") from None
    except Exception as e:  # unknown prefix, ill-formed aggregate…: rdflib's own words
        raise QueryError(f"refused: not a SPARQL query kg can check ({e})") from None
    if _find(parsed, "ServiceGraphPattern") or _find(algebra, "ServiceGraphPattern"):
        raise QueryError("refused: the query contains a remote SERVICE call; "
                         "kg query is read-only and offline")
    if algebra.get("datasetClause") or _find(parsed, "DatasetClause"):
        raise QueryError("refused: FROM <…> would load a graph from outside the store "
                         "(kg holds no other graphs); kg query is read-only and offline")


_UPDATE_WORDS = {"InsertData": "INSERT DATA", "DeleteData": "DELETE DATA",
                 "DeleteWhere": "DELETE WHERE", "Modify": "DELETE/INSERT"}


def _update_word(name: str) -> str:
    return _UPDATE_WORDS.get(name, name.upper())


def _find(node, name: str, depth: int = 0) -> bool:
    """Whether a parse tree or algebra (rdflib CompValues, lists, ParseResults) holds ``name``."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if depth > 10_000:
        raise QueryError("refused: the query is nested too deeply to check")
    if isinstance(node, CompValue):
        if node.name == name:
            return True
        return any(_find(v, name, depth + 1) for v in node.values())
    if isinstance(node, dict):
        return any(_find(v, name, depth + 1) for v in node.values())
    if isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        return any(_find(v, name, depth + 1) for v in node)
    return False


def prefixes() -> dict[str, str]:
    from .emit import Vocab
    from .resolve import base_iri

    return Vocab(base_iri()).prefixes()


DEFAULT_TIMEOUT = 30.0  # seconds
DEFAULT_MAX_MEMORY = 2 * 2**30  # bytes of address space for the query's process


def run(target, sparql: str, timeout: float | None = None,
        max_memory: int = DEFAULT_MAX_MEMORY) -> tuple[list[str], list[list[str]]]:
    """Run a user's SELECT/ASK/CONSTRUCT; return (header, rows of strings).

    ``target`` is the output folder of a build (or its ``store/``): the query then runs in a
    child process (``kg.isolate``) that is killed after ``timeout`` seconds (30 by default) and
    may use at most ``max_memory`` bytes. A ``pyoxigraph.Store`` object of this process is
    still accepted (guarded, run here), but then neither a time nor a memory bound can be
    enforced, so ``timeout`` is refused for it."""
    if isinstance(target, Store):
        if timeout is not None:
            raise TypeError("a time limit needs the output folder (the query runs in a child "
                            "process); a Store object can only be queried without one")
        names = prefixes()
        if not _is_named(sparql):
            check_safe(sparql, names)
        try:
            return rows_of(target.query(sparql, prefixes=names, use_default_graph_as_union=True))
        except (SyntaxError, ValueError, OSError) as e:
            raise QueryError(f"SPARQL error: {e}") from None
    return _run_isolated(_store_path(target), sparql,
                         DEFAULT_TIMEOUT if timeout is None else timeout, max_memory)


def run_trusted(store: Store, sparql: str) -> tuple[list[str], list[list[str]]]:
    """Run one of kg's own queries in this process: no guard, no time limit (a build must
    never die of a query timeout; kg's queries are not a user's)."""
    return rows_of(store.query(sparql, prefixes=prefixes(), use_default_graph_as_union=True))


def _is_named(sparql: str) -> bool:
    """kg's own named queries are trusted: they skip the parser (and its 0.3 s import)."""
    return sparql in named_queries().values()


def _store_path(target) -> str:
    from .store import store_path

    return str(store_path(target))


def _run_isolated(store: str, sparql: str, timeout: float, max_memory: int):
    import subprocess
    import sys

    request = json.dumps({"store": store, "sparql": sparql, "prefixes": prefixes(),
                          "guard": not _is_named(sparql), "max_memory": max_memory})
    # -P: the current folder is not put on the path (no ./json.py is imported by the child);
    # kg's own folder is appended last, so an uninstalled checkout works too
    package_root = str(Path(__file__).resolve().parent.parent)
    start = (f"import sys; sys.path.append({package_root!r}); "
             "from kg.isolate import main; sys.exit(main())")
    child = subprocess.Popen([sys.executable, "-P", "-c", start], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = child.communicate(request.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise QueryError(f"query took longer than {timeout:g} s; stopped "
                         "(use --timeout to allow more)") from None
    except BaseException:  # Ctrl-C: the child goes with us
        child.kill()
        child.communicate()
        raise
    answer = None
    if out:
        try:
            answer = json.loads(out.decode("utf-8"))
        except ValueError:
            answer = None
    if answer and "header" in answer:
        return answer["header"], answer["rows"]
    if answer and answer.get("error") not in (None, "memory"):
        raise QueryError(answer["error"])
    memory_words = ("memory allocation", "MemoryError", "Cannot allocate memory",
                    "bad_alloc", "out of memory")
    text = err.decode("utf-8", "replace")
    if (answer and answer.get("error") == "memory") or any(w in text for w in memory_words) \
            or child.returncode == -6:  # Rust aborts when an allocation fails
        raise QueryError(f"query needed more than {max_memory / 2**20:.0f} MiB of memory; "
                         "stopped (use --max-memory to allow more)")
    last = next((ln for ln in reversed(text.splitlines()) if ln.strip()), "no message")
    raise QueryError(f"query process failed (exit {child.returncode}): {last}")


def _term(t) -> str:
    if t is None:
        return ""
    if isinstance(t, (NamedNode, Literal)):
        return t.value
    return str(t)


def rows_of(res) -> tuple[list[str], list[list[str]]]:
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


# what a terminal would obey rather than show: C0 controls but tab and newline (ESC starts
# escape sequences, CR overwrites a line), DEL, C1 controls (0x9b is an 8-bit CSI) and the
# bidirectional overrides that reorder what is shown
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_controls(text: str) -> str:
    """``text`` with every control character written out (``\\x1b``) instead of obeyed."""
    return _CONTROLS.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
        text)


def to_table(header: list[str], rows: list[list[str]], max_width: int = 60) -> str:
    """A table for a person at a terminal: control characters are always shown, not obeyed."""

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    def cut(s: str) -> str:
        s = visible_controls(s.replace("\n", " ").replace("\t", " "))
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
