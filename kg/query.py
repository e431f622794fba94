"""query: named SPARQL queries (ontology/queries/*.rq), .rq files or inline SPARQL,
run read-only against the Oxigraph store, printed as a table, CSV, TSV, the W3C SPARQL 1.1
Query Results JSON or XML (SELECT, ASK), Turtle or N-Triples (CONSTRUCT, DESCRIBE).

Queries may use the standard prefixes (eli:, cito:, skos:, …) and ``kgo:``/``kg:``
without declaring them. Updates, ``LOAD``, ``SERVICE`` and ``FROM`` are refused by
``check_safe``, which reads the query with a real SPARQL parser: a query never writes and
never reaches outside the store. A user's query runs in a child process (``kg.isolate``) that
is killed at the time limit and has a memory cap; kg's own queries run in-process untimed.

Every query goes through ``evaluate`` (one call of ``Store.query``). Results come back from the
child as the W3C results JSON (graphs as N-Triples) and are held in a ``Result``, which prints
every format and gives typed Python values (``Result.values``: int, date, ``Text`` with its
language tag…).
"""
from __future__ import annotations

import csv
import datetime
import decimal
import io
import itertools
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pyoxigraph import (BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat,
                        QuerySolutions, RdfFormat, Store, Triple)


class QueryError(Exception):
    pass


class QueryLimitExceeded(QueryError):
    """The query ran out of its time or memory (not a fault of its text)."""


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
        # the comment block that opens the file (a description may run over several lines)
        lines = text.splitlines()
        opening = itertools.takewhile(lambda ln: ln.startswith("#"), lines)
        out.append((name, " ".join(ln[1:].strip() for ln in opening)))
    return out


def resolve_query(spec: str) -> str:
    """A named query, a path to a .rq file, or the SPARQL text itself.

    A bare word (``acts``, ``citatons``) is a query name: an unknown one says which names there
    are. Anything else that is not a file is SPARQL text, left to the parser to judge (so
    ``SELEC ?a …`` is a syntax error at line 1, column 1, not an unknown query)."""
    queries = named_queries()
    if spec in queries:
        return queries[spec]
    looks_like_path = len(spec) < 300 and "\n" not in spec and Path(spec).is_file()
    if spec.endswith(".rq") or looks_like_path:
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"{spec}: no such query file")
        return path.read_text(encoding="utf-8")
    if _QUERY_NAME.fullmatch(spec.strip()):
        raise QueryError(
            f"unknown query {spec!r}: use one of {', '.join(queries)} (kg query --list), "
            "a .rq file or SPARQL text"
        )
    return spec


_QUERY_NAME = re.compile(r"[\w.-]+")


def query_name(spec: str) -> str | None:
    """The name of the named query ``spec`` is (or whose text it is), else None."""
    queries = named_queries()
    if spec in queries:
        return spec
    return next((name for name, text in queries.items() if text == spec), None)


def check_safe(sparql: str, prefixes: dict[str, str] | None = None) -> None:
    """Refuse anything that would write, fetch a URL or call a remote endpoint.

    The one guard for ``kg query``, ``kg.api.Build.query`` and ``kg serve``. It decides from the
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
            raise QueryError(syntax_error(sparql, query_error)) from None
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
        prefix = re.fullmatch(r"Unknown namespace prefix : (.*)", str(e))
        if prefix:
            known = " ".join(f"{p}:" for p in sorted(prefixes or {}))
            raise QueryError(f"unknown prefix {prefix.group(1)}: (declare it with PREFIX "
                             f"{prefix.group(1)}: <…>; declared for you: {known})") from None
        raise QueryError(f"refused: not a SPARQL query kg can check ({e})") from None
    if _find(parsed, "ServiceGraphPattern") or _find(algebra, "ServiceGraphPattern"):
        raise QueryError("refused: the query contains a remote SERVICE call; "
                         "kg query is read-only and offline")
    if algebra.get("datasetClause") or _find(parsed, "DatasetClause"):
        raise QueryError("refused: FROM <…> would load a graph from outside the store (a "
                         "query reads the store's own graphs: GRAPH ?g, not FROM); kg query is "
                         "read-only and offline")


def syntax_error(sparql: str, error) -> str:
    """The parser's complaint, where it was (line, column) and the line with a caret under it."""
    line_no, column = error.lineno, error.col
    lines = sparql.splitlines() or [""]
    line = lines[min(line_no, len(lines)) - 1]
    found = f", found {error.found}" if getattr(error, "found", None) else ""
    expected = re.sub(r"^Expected\s*", "", error.msg or "")
    return (f"SPARQL syntax error at line {line_no}, column {column}{found}"
            f" (expected {expected}); refused, kg runs only what its parser reads\n  {visible_controls(line)}\n  {' ' * (column - 1)}^")


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


def turtle_prefixes() -> dict[str, str]:
    """The prefixes Turtle output declares (no ``kg:``: our IRIs' slashes would be escaped)."""
    from .emit import Vocab
    from .resolve import base_iri

    return Vocab(base_iri()).turtle_prefixes()


DEFAULT_TIMEOUT = 30.0  # seconds
DEFAULT_MAX_MEMORY = 2 * 2**30  # bytes of address space for the query's process


def evaluate(store: Store, sparql: str, prefixes: dict[str, str]):
    """The one place a query meets the store: the child process, a ``Store`` object and kg's
    own queries all come here, so how the store is read (e.g. the default graph as the union
    of the named graphs) is decided once."""
    # the default graph is the union of the documents' graphs and the shared graph
    return store.query(sparql, prefixes=prefixes, use_default_graph_as_union=True)


# --- results: what the child sends back, and every form it is printed or handed over in ----

XSD = "http://www.w3.org/2001/XMLSchema#"


class Text(str):
    """A language-tagged string: a ``str`` (compares, prints and sorts as its text) that keeps
    its tag in ``lang`` (``Text('公约', lang='zh')``)."""

    lang: str

    def __new__(cls, value: str, lang: str):
        text = super().__new__(cls, value)
        text.lang = lang
        return text

    def __repr__(self) -> str:
        return f"Text({str.__repr__(self)}, lang={self.lang!r})"

    def __reduce__(self):
        return (Text, (str(self), self.lang))


def _boolean(value: str) -> bool:
    if value not in ("true", "false", "1", "0"):
        raise ValueError(value)
    return value in ("true", "1")


_INTEGERS = ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
             "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt",
             "unsignedShort", "unsignedByte")
_CONVERTERS = {
    **{XSD + name: int for name in _INTEGERS},
    XSD + "decimal": decimal.Decimal,
    XSD + "double": float,
    XSD + "float": float,
    XSD + "boolean": _boolean,
    XSD + "date": datetime.date.fromisoformat,
    XSD + "dateTime": datetime.datetime.fromisoformat,
}


def python_value(term: dict | None):
    """One term of the W3C results JSON as a Python value: an IRI or a plain string as
    ``str``, a tagged string as ``Text``, xsd numbers as int / Decimal / float, xsd:date and
    dateTime as ``datetime`` objects, xsd:boolean as bool, a blank node as ``"_:id"``, unbound
    as None. A literal whose text does not fit its datatype stays a string."""
    if term is None:
        return None
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return value
    if kind == "bnode":
        return f"_:{value}"
    if kind == "triple":
        return tuple(python_value(value[k]) for k in ("subject", "predicate", "object"))
    if term.get("xml:lang"):
        return Text(value, term["xml:lang"])
    convert = _CONVERTERS.get(term.get("datatype", ""))
    if convert is None:
        return value
    try:
        return convert(value)
    except (ValueError, ArithmeticError):
        return value


def _lexical(term: dict | None) -> str:
    if term is None:
        return ""
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    if term["type"] == "triple":
        parts = (_lexical(term["value"][k]) for k in ("subject", "predicate", "object"))
        return "<< " + " ".join(parts) + " >>"
    return term["value"]


def _term_json(term) -> dict:
    """A pyoxigraph term in the W3C SPARQL 1.1 results JSON."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def encode(res, cap: int | None = None) -> dict:
    """A pyoxigraph result as the child sends it: the W3C results JSON of a SELECT or ASK, the
    triples of a CONSTRUCT or DESCRIBE as N-Triples; at most ``cap`` rows or triples
    (``truncated`` says whether there were more)."""
    from pyoxigraph import serialize

    if isinstance(res, QueryBoolean):
        return {"head": {}, "boolean": bool(res)}
    items, truncated = [], False
    names = [v.value for v in res.variables] if isinstance(res, QuerySolutions) else []
    for item in res:
        if cap is not None and len(items) >= cap:
            truncated = True
            break
        if names:
            item = {n: _term_json(t) for n, t in zip(names, item) if t is not None}
        items.append(item)
    if isinstance(res, QuerySolutions):
        return {"head": {"vars": names}, "results": {"bindings": items}, "truncated": truncated}
    graph = serialize(items, format=RdfFormat.N_TRIPLES).decode("utf-8") if items else ""
    return {"ntriples": graph, "truncated": truncated}


RESULT_FORMATS = {"json": QueryResultsFormat.JSON, "xml": QueryResultsFormat.XML,
                  "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV}
GRAPH_FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES,
                 "jsonld": RdfFormat.JSON_LD, "rdfxml": RdfFormat.RDF_XML}


@dataclass
class Result:
    """What a query gave, as the child sent it: the variables and bindings (W3C results
    JSON) of a SELECT, the ``boolean`` of an ASK, or the ``ntriples`` of a CONSTRUCT or
    DESCRIBE; ``truncated`` when a result cap cut it short."""

    vars: list[str] = field(default_factory=list)
    bindings: list[dict] = field(default_factory=list)
    boolean: bool | None = None
    ntriples: str | None = None
    truncated: bool = False

    @classmethod
    def from_transport(cls, obj: dict) -> Result:
        if "ntriples" in obj:
            return cls(ntriples=obj["ntriples"], truncated=obj.get("truncated", False))
        if "boolean" in obj:
            return cls(boolean=bool(obj["boolean"]))
        return cls(vars=list(obj["head"]["vars"]), bindings=obj["results"]["bindings"],
                   truncated=obj.get("truncated", False))

    @property
    def kind(self) -> str:
        """``select``, ``ask`` or ``graph`` (CONSTRUCT, DESCRIBE)."""
        if self.ntriples is not None:
            return "graph"
        return "ask" if self.boolean is not None else "select"

    def w3c(self) -> dict:
        """The W3C SPARQL 1.1 Query Results JSON document (a SELECT or ASK)."""
        if self.kind == "ask":
            return {"head": {}, "boolean": self.boolean}
        if self.kind == "graph":
            raise QueryError("a CONSTRUCT or DESCRIBE gives triples, not a results table")
        return {"head": {"vars": self.vars}, "results": {"bindings": self.bindings}}

    def triples(self) -> list[Triple]:
        from pyoxigraph import parse

        if self.kind != "graph":
            raise QueryError("only a CONSTRUCT or DESCRIBE gives triples")
        return list(parse(self.ntriples.encode("utf-8"), format=RdfFormat.N_TRIPLES))

    def terms(self) -> tuple[list[str], list[list[dict | None]]]:
        """Header and rows of W3C JSON terms (a graph: subject, predicate, object)."""
        if self.kind == "ask":
            return ["ask"], [[{"type": "literal", "value": "true" if self.boolean else "false",
                               "datatype": XSD + "boolean"}]]
        if self.kind == "graph":
            return (["subject", "predicate", "object"],
                    [[_term_json(t.subject), _term_json(t.predicate), _term_json(t.object)]
                     for t in self.triples()])
        return self.vars, [[b.get(v) for v in self.vars] for b in self.bindings]

    def strings(self) -> tuple[list[str], list[list[str]]]:
        """Header and rows of plain text (lexical forms; unbound is "")."""
        header, rows = self.terms()
        return header, [[_lexical(t) for t in row] for row in rows]

    def values(self) -> list[dict]:
        """Rows as dicts of typed Python values (``python_value``)."""
        header, rows = self.terms()
        return [{h: python_value(t) for h, t in zip(header, row)} for row in rows]

    def serialize(self, fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
        """``json``, ``xml``, ``csv``, ``tsv`` (W3C) for a SELECT or ASK; ``ttl``, ``nt``,
        ``jsonld``, ``rdfxml`` for a CONSTRUCT or DESCRIBE (Turtle with ``prefixes``)."""
        from pyoxigraph import parse_query_results, serialize

        if self.kind == "graph":
            if fmt not in GRAPH_FORMATS:
                raise QueryError(f"a CONSTRUCT or DESCRIBE gives triples: format {fmt!r} is for "
                                 f"tables; use one of {', '.join(GRAPH_FORMATS)}")
            if fmt == "nt":
                return self.ntriples.encode("utf-8")
            used = {k: ns for k, ns in (prefixes or {}).items() if f"<{ns}" in self.ntriples}
            kwargs = {"prefixes": used} if fmt in ("ttl", "rdfxml") and used else {}
            return serialize(self.triples(), format=GRAPH_FORMATS[fmt], **kwargs) or b""
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"a SELECT or ASK gives a table: format {fmt!r} is for triples; "
                             f"use one of {', '.join(RESULT_FORMATS)}")
        document = json.dumps(self.w3c(), ensure_ascii=False)
        if fmt == "json":
            return document.encode("utf-8")
        return parse_query_results(document, QueryResultsFormat.JSON).serialize(
            format=RESULT_FORMATS[fmt])

    def drop_columns(self, columns: list[str]) -> None:
        """Leave these columns out, and the rows that then repeat an earlier one (a DISTINCT
        query's rows differ only in the columns dropped)."""
        if not columns:
            return
        self.vars = [v for v in self.vars if v not in columns]
        seen, kept = set(), []
        for b in self.bindings:
            row = {v: t for v, t in b.items() if v not in columns}
            key = json.dumps(row, sort_keys=True)
            if key not in seen:
                seen.add(key)
                kept.append(row)
        self.bindings = kept

    def sort_rows(self, columns: tuple[str, ...]) -> None:
        """Order the rows by these columns, numbers inside the text compared as numbers
        (``55/25`` before ``55/255``, ``5/1`` before ``11/6``); a stable sort."""
        self.bindings.sort(key=lambda b: tuple(natural_key(_lexical(b.get(c))) for c in columns))


def natural_key(text: str) -> tuple:
    """A sort key that compares the runs of digits in ``text`` as numbers."""
    return tuple((0, int(part), "") if part.isascii() and part.isdigit() else (1, 0, part)
                 for part in re.findall(r"[0-9]+|[^0-9]+", text))


NAMED_ORDER = {
    # the order a reader expects, which SPARQL's string order cannot give (5/1 < 11/6 < 55/25)
    "acts": ("body", "kind", "number"),
    "mandates": ("act", "paragraph"),
    "subjects": ("act",),
    "delegations": ("session", "group", "state"),
}
#: a named query's columns that end so are the IRIs of what its row names (``act_iri``…):
#: after the SPEC's columns, kept by the CSV export (rows join back to the graph), left out of
#: ``kg query NAME`` and ``Build.query(NAME)`` unless asked for (``--iris``, ``iris=True``)
IRI_COLUMN = "_iri"


def present_named(name: str | None, result: Result, iris: bool = False) -> Result:
    """Rows of a named query in their reading order (``NAMED_ORDER``), with the SPEC's columns
    only unless ``iris``; any other query as it came."""
    if name is None or result.kind != "select":
        return result
    if name in NAMED_ORDER:
        result.sort_rows(NAMED_ORDER[name])
    if not iris:
        result.drop_columns([v for v in result.vars if v.endswith(IRI_COLUMN)])
    return result


# --- running a query ----------------------------------------------------------------------

def execute(target, sparql: str, timeout: float | None = None,
            max_memory: int = DEFAULT_MAX_MEMORY, cap: int | None = None) -> Result:
    """Run a user's query (guarded); return its ``Result`` (at most ``cap`` rows).

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
            return Result.from_transport(encode(evaluate(target, sparql, names), cap))
        except (SyntaxError, ValueError, OSError) as e:
            raise QueryError(f"SPARQL error: {e}") from None
    return _run_isolated(_store_path(target), sparql,
                         DEFAULT_TIMEOUT if timeout is None else timeout, max_memory, cap)


def run(target, sparql: str, timeout: float | None = None,
        max_memory: int = DEFAULT_MAX_MEMORY) -> tuple[list[str], list[list[str]]]:
    """``execute``, as (header, rows of strings)."""
    return execute(target, sparql, timeout=timeout, max_memory=max_memory).strings()


def run_trusted(store: Store, sparql: str) -> tuple[list[str], list[list[str]]]:
    """Run one of kg's own queries in this process: no guard, no time limit (a build must
    never die of a query timeout; kg's queries are not a user's)."""
    return rows_of(evaluate(store, sparql, prefixes()))


def _is_named(sparql: str) -> bool:
    """kg's own named queries are trusted: they skip the parser (and its 0.3 s import)."""
    return sparql in named_queries().values()


def _store_path(target) -> str:
    from .store import store_path

    return str(store_path(target))


def request_for(store: str, sparql: str, max_memory: int, cap: int | None) -> dict:
    """What a child process is asked (``kg.isolate``)."""
    return {"store": store, "sparql": sparql, "prefixes": prefixes(),
            "guard": not _is_named(sparql), "max_memory": max_memory, "cap": cap}


def child_command() -> list[str]:
    """The command of a query child process."""
    import sys

    # -P: the current folder is not put on the path (no ./json.py is imported by the child);
    # kg's own folder is appended last, so an uninstalled checkout works too
    package_root = str(Path(__file__).resolve().parent.parent)
    start = (f"import sys; sys.path.append({package_root!r}); "
             "from kg.isolate import main; sys.exit(main(sys.argv[1:]))")
    return [sys.executable, "-P", "-c", start]


def child_environment(max_memory: int) -> dict[str, str]:
    """The environment of a query child whose address space is capped at ``max_memory``."""
    # glibc reserves 64 MiB of address space for each thread's malloc arena; under RLIMIT_AS
    # the store's threads then fail to start ("Resource temporarily unavailable") long before
    # the query uses the memory. Two arenas keep the cap about the query.
    return dict(os.environ, KG_QUERY_MAX_MEMORY=str(max_memory), MALLOC_ARENA_MAX="2")


def _run_isolated(store: str, sparql: str, timeout: float, max_memory: int,
                  cap: int | None) -> Result:
    import subprocess

    request = json.dumps(request_for(store, sparql, max_memory, cap))
    child = subprocess.Popen(child_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=child_environment(max_memory))
    try:
        out, err = child.communicate(request.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise QueryLimitExceeded(timeout_message(timeout)) from None
    except BaseException:  # Ctrl-C: the child goes with us
        child.kill()
        child.communicate()
        raise
    return result_of_answer(out, err.decode("utf-8", "replace"), child.returncode, max_memory)


def timeout_message(timeout: float) -> str:
    return f"query took longer than {timeout:g} s; stopped (use --timeout to allow more)"


def result_of_answer(out: bytes, stderr: str, returncode: int | None, max_memory: int) -> Result:
    """The child's answer as a Result, or the QueryError that says what went wrong."""
    answer = None
    if out:
        try:
            answer = json.loads(out.decode("utf-8"))
        except ValueError:
            answer = None
    if answer and "result" in answer:
        return Result.from_transport(answer["result"])
    if answer and answer.get("error") not in (None, "memory"):
        raise QueryError(answer["error"])
    memory_words = ("memory allocation", "MemoryError", "Cannot allocate memory",
                    "bad_alloc", "out of memory")
    if (answer and answer.get("error") == "memory") or any(w in stderr for w in memory_words) \
            or returncode == -6:  # Rust aborts when an allocation fails
        raise QueryLimitExceeded(f"query needed more than {max_memory / 2**20:.0f} MiB of memory; "
                         "stopped (use --max-memory to allow more)")
    last = next((ln for ln in reversed(stderr.splitlines()) if ln.strip()), "no message")
    raise QueryError(f"query process failed (exit {returncode}): {last}")


def _term(t) -> str:
    if t is None:
        return ""
    if isinstance(t, (NamedNode, Literal)):
        return t.value
    return str(t)


def rows_of(res) -> tuple[list[str], list[list[str]]]:
    """A pyoxigraph result as (header, rows of strings), read in this process."""
    if isinstance(res, QueryBoolean):
        return ["ask"], [["true" if bool(res) else "false"]]
    if isinstance(res, QuerySolutions):
        header = [v.value for v in res.variables]
        # a solution iterated gives its values in the variables' order (None when unbound):
        # ~4x cheaper than looking each up by name, which large results notice
        return header, [[_term(t) for t in sol] for sol in res]
    return ["subject", "predicate", "object"], [
        [_term(t.subject), _term(t.predicate), _term(t.object)] for t in res
    ]


# --- printing -----------------------------------------------------------------------------

def to_csv(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


# what a terminal would obey rather than show: C0 controls but tab and newline (ESC starts
# escape sequences, CR overwrites a line), DEL, C1 controls (0x9b is an 8-bit CSI) and the
# bidirectional overrides that reorder what is shown
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_controls(text: str) -> str:
    """``text`` with every control character written out (``\\x1b``) instead of obeyed."""
    return _CONTROLS.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
        text)


def to_table(header: list[str], rows: list[list[str]], max_width: int | None = 60) -> str:
    """A table for a person at a terminal: control characters are always shown, not obeyed;
    cells wider than ``max_width`` are cut with an ellipsis (None: never cut)."""

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    def cut(s: str) -> str:
        s = visible_controls(s.replace("\n", " ").replace("\t", " "))
        out, w = "", 0
        for c in s:
            cw = width(c)
            if max_width is not None and w + cw > max_width - 1:
                return out + "…"
            out += c
            w += cw
        return out

    cells = [[cut(c) for c in r] for r in rows]
    widths = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values):
        return "  ".join(v + " " * (widths[i] - width(v)) for i, v in enumerate(values)).rstrip()

    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out)


CLI_FORMATS = ("table", "csv", "tsv", "json", "xml", "ttl", "nt")


def format_result(result: Result, fmt: str, truncate: bool = True) -> str:
    """``kg query``'s output: a table (a CONSTRUCT or DESCRIBE prints Turtle), CSV of the
    lexical forms, the W3C TSV, JSON and XML (JSON-LD and RDF/XML for triples), Turtle or
    N-Triples."""
    if fmt == "table":
        if result.kind == "graph":
            return result.serialize("ttl", turtle_prefixes()).decode("utf-8")
        return to_table(*result.strings(), max_width=60 if truncate else None)
    if fmt == "csv":
        return to_csv(*result.strings())
    if result.kind == "graph":
        fmt = {"json": "jsonld", "xml": "rdfxml"}.get(fmt, fmt)
        if fmt == "tsv":
            return to_csv(*result.strings(), delimiter="\t")
    elif fmt == "json":
        return json.dumps(result.w3c(), ensure_ascii=False, indent=2)
    return result.serialize(fmt, turtle_prefixes()).decode("utf-8")
