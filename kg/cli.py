"""The ``kg`` command line: build, query, export, serve."""
from __future__ import annotations

import argparse
import os
import sys
import time

from . import __version__
from .query import CLI_FORMATS


def _count(text: str) -> int:
    """A whole number >= 0 (argparse type)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {n}")
    return n


def _positive_seconds(text: str) -> float:
    """A number of seconds > 0 (argparse type)."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not seconds > 0:  # also refuses NaN
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, not {text}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kg", description=__doc__)
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the graph from report files or folders")
    b.add_argument("paths", nargs="*", help="files or folders (default: the shipped sample corpus)")
    b.add_argument("-o", "--out", default="output", help="output folder (default: output/)")
    b.add_argument("--no-html", action="store_true", help="skip graph.html")
    b.add_argument("-q", "--quiet", action="store_true", help="print only failures")
    b.add_argument("-j", "--jobs", type=_count, default=None, metavar="N",
                   help="worker processes reading documents (default: every core; 0: none, "
                        "all in this process, without a time budget per file)")
    b.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="run the reading on this Dask distributed scheduler instead")
    b.add_argument("--file-timeout", type=_positive_seconds, default=None, metavar="SECONDS",
                   help="time one file may take before it is stopped and reported "
                        "(default: 60 + 10 per MB)")
    b.add_argument("--include", action="append", metavar="PATTERN",
                   help="which files of a folder to read, as a shell pattern (repeatable; "
                        "default: '*.txt'); the others are listed as skipped, not read; a file "
                        "named on its own is always read")

    q = sub.add_parser("query", help="run a named query, a .rq file or SPARQL text")
    q.add_argument("query", nargs="?", help="NAME | FILE.rq | 'SPARQL' | - (read from stdin)")
    q.add_argument("-o", "--out", default="output", help="folder holding the store")
    q.add_argument("--format", choices=CLI_FORMATS, default="table",
                   help="table (CONSTRUCT/DESCRIBE: Turtle), csv, tsv, json (W3C SPARQL results "
                        "JSON; JSON-LD for triples), xml, ttl, nt")
    q.add_argument("--no-truncate", action="store_true", help="print table cells whole")
    q.add_argument("--list", action="store_true", help="list the named queries")
    q.add_argument("--iris", action="store_true",
                   help="a named query's IRI columns too (act_iri…, after the SPEC's columns)")
    q.add_argument("--timeout", type=float, default=30.0,
                   help="seconds; the query is stopped after them (default 30)")
    q.add_argument("--max-memory", type=int, default=2048, metavar="MiB",
                   help="address space the query's process may use (default 2048; "
                        "the process itself takes ~450)")

    s = sub.add_parser("serve", help="a read-only SPARQL endpoint and query page over the store")
    s.add_argument("-o", "--out", default="output", help="folder holding the store")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=7878, help="port (default 7878)")
    s.add_argument("--timeout", type=float, default=30.0, help="seconds per query (default 30)")
    s.add_argument("--max-rows", type=int, default=10_000,
                   help="rows (or triples) per answer; more are cut (default 10000)")
    s.add_argument("--max-memory", type=int, default=2048, metavar="MiB",
                   help="address space of each query process (default 2048)")
    s.add_argument("--workers", type=int, default=2, help="query processes (default 2)")
    s.add_argument("--allow-origin", action="append", default=[], metavar="ORIGIN",
                   help="let pages from ORIGIN query the endpoint (CORS; off by default)")

    e = sub.add_parser("export", help="export the built graph")
    e.add_argument("--format", required=True,
                   choices=("ttl", "nt", "jsonld", "nq", "trig", "graphml", "gexf", "csv"))
    e.add_argument("-o", "--out", default="output", help="folder holding the store")

    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "query":
            return _query(args)
        if args.command == "serve":
            return _serve(args)
        return _export(args)
    except KeyboardInterrupt:
        print("kg: interrupted; previous outputs left as they were", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`kg build | head`): nothing more to say, and no traceback
        # when Python flushes stdout at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _build(args) -> int:
    from .batch import build
    from .store import BuildLocked, OutputError

    t0 = time.perf_counter()
    try:
        result = build(args.paths or None, args.out, html=not args.no_html, progress=not args.quiet,
                       jobs=args.jobs, scheduler=args.scheduler, file_timeout=args.file_timeout,
                       include=args.include)
    except (BuildLocked, OutputError) as e:
        print(f"kg: {e}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - t0
    for f in result.failures:
        print(f"kg: skipped {f.message}", file=sys.stderr)
    if not result.documents and not result.failures:
        print(f"kg: no file to read in {' '.join(args.paths)}"
              + (f" ({len(result.skipped)} skipped: not {' '.join(args.include or ['*.txt'])}; "
                 "--include PATTERN reads them)" if result.skipped else ""), file=sys.stderr)
        return 2
    if not result.documents:
        print(f"kg: nothing built: every file failed; {args.out}/ left as it was",
              file=sys.stderr)
        return 2
    if not args.quiet:
        _print_summary(args, result, elapsed)
    if result.failures:
        print(f"kg: {len(result.failures)} of {len(result.failures) + len(result.documents)} "
              "files failed", file=sys.stderr)
        return 1 if result.documents else 2
    return 0


def _print_summary(args, result, elapsed: float) -> None:
    """Distinct things as the graph has them; beside them, how often the documents name them."""
    size = sum(d.chars for d in {d.sha256: d for d in result.documents}.values())
    print(f"built {args.out}/ in {elapsed:.2f} s ({size / 1e6:.2f} M characters; "
          f"{result.processed} documents read, {result.reused} unchanged ones reused)")
    mentions = result.mentions()
    files = len(result.documents)
    for name, n in result.counts().items():
        note = ""
        if name == "documents" and files != n:
            note = f"({files} files)"
        elif mentions.get(name):
            note = f"({mentions[name]} mentions)"
        print(f"  {name:24s} {n:>7}  {note}".rstrip())
    if result.skipped:
        patterns = " ".join(args.include or ["*.txt"])
        print(f"  {'skipped (not ' + patterns + ')':24s} {len(result.skipped):>7}")
        for path in result.skipped[:10]:
            print(f"    {path}")
        if len(result.skipped) > 10:
            print(f"    … {len(result.skipped) - 10} more")
    warnings = result.warnings
    print(f"  {'warnings':24s} {len(warnings):>7}")
    for w in warnings[:20]:
        print(f"    {w}")
    if len(warnings) > 20:
        where = result.files.get("warnings")
        print(f"    … {len(warnings) - 20} more" + (f" (all of them: {where})" if where else ""))
    print(f"  {'failed files':24s} {len(result.failures):>7}")
    for key, path in result.files.items():
        if key != "warnings":
            print(f"  wrote {path}")


def _query(args) -> int:
    from .query import (
        QueryError,
        describe_queries,
        execute,
        format_result,
        query_name,
        resolve_query,
        present_named,
        visible_controls,
    )
    from .store import StoreMissing

    if args.list or not args.query:
        for name, doc in describe_queries():
            print(f"{name:16s} {doc}")
        return 0
    try:
        spec = sys.stdin.read() if args.query == "-" else args.query
        sparql = resolve_query(spec)
        result = execute(args.out, sparql, timeout=args.timeout,
                         max_memory=args.max_memory * 2**20)
        present_named(query_name(spec), result, iris=args.iris)
        out = format_result(result, args.format, truncate=not args.no_truncate)
    except (QueryError, StoreMissing) as e:
        print(f"kg: {visible_controls(str(e))}", file=sys.stderr)
        return 2
    if sys.stdout.isatty():  # report text must not drive the terminal (ESC sequences…)
        out = visible_controls(out)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return 0


def _serve(args) -> int:
    from .serve import serve
    from .store import StoreMissing

    try:
        return serve(args.out, host=args.host, port=args.port, timeout=args.timeout,
                     max_rows=args.max_rows, max_memory=args.max_memory * 2**20,
                     workers=args.workers, allow_origins=args.allow_origin)
    except StoreMissing as e:
        print(f"kg: {e}", file=sys.stderr)
        return 2


def _export(args) -> int:
    from .export import export
    from .store import StoreMissing

    try:
        for path in export(args.format, args.out):
            print(f"wrote {path}")
    except StoreMissing as e:
        print(f"kg: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
