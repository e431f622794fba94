"""isolate: run one SPARQL query in a child process that can be stopped and cannot reach out.

``kg query``, ``kg.api.Build.query`` (and ``kg serve``) run a user's query here, never in their
own process, because a thread cannot be stopped and a query has no memory bound of its own:

- the child is killed when the time limit passes (the work ends, not just the wait);
- its address space is capped with ``RLIMIT_AS`` (a cartesian ``ORDER BY`` fails in the child,
  the caller gets a message);
- it opens the store read-only;
- it runs in a network namespace of its own with no interface (where the kernel allows it), so
  even a query the guard missed has no network to reach: belt and braces with ``check_safe``;
- the guard (``kg.query.check_safe``) itself runs in the child, so parsing a hostile query is
  bounded in time and memory too.

The child speaks JSON: one request on stdin, one answer on stdout (``kg query``). With
``--loop`` it is a worker of ``kg serve`` (``kg.pool``): one request per line, one answer per
line, the last store it opened kept open; the parent kills it at the time limit and starts
another. It imports only pyoxigraph (and rdflib for the guard), so it starts in a few tens of
milliseconds.
"""
from __future__ import annotations

import ctypes
import json
import os
import resource
import sys

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def _leave_the_network() -> bool:
    """Move this (still single-threaded) process into an empty network namespace."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    # a user namespace lets an unprivileged user make the network namespace; root may not
    # need it but it does no harm
    for flags in (_CLONE_NEWUSER | _CLONE_NEWNET, _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


def _cap_memory(limit: int) -> None:
    if limit <= 0:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _answer(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False))
    sys.stdout.flush()


def answer(request: dict, stores: dict) -> dict:
    """The answer to one request: ``{"result": …}`` (``kg.query.encode``) or ``{"error": …}``.
    ``stores`` keeps the store last opened, by path."""
    from kg.query import QueryError, check_safe, encode, evaluate

    if request.get("guard", True):
        try:
            check_safe(request["sparql"], request["prefixes"])
        except QueryError as e:
            return {"error": str(e)}
    from pyoxigraph import Store

    try:
        path = request["store"]
        if path not in stores:
            stores.clear()  # a new build: the previous version is not read again
            stores[path] = Store.read_only(path)
        result = evaluate(stores[path], request["sparql"], request["prefixes"])
        return {"result": encode(result, request.get("cap"))}
    except (SyntaxError, ValueError, OSError) as e:
        return {"error": f"SPARQL error: {e}"}


def _serve_requests() -> int:
    """Worker mode: answer one JSON request per line until stdin closes."""
    from kg.query import check_safe  # noqa: F401  (the parser's import, paid before a request)

    stores: dict = {}
    for line in sys.stdin:
        try:
            reply = answer(json.loads(line), stores)
        except MemoryError:
            sys.stdout.write(json.dumps({"error": "memory"}) + "\n")
            sys.stdout.flush()
            return 3  # what is left of this process is not to be trusted with the next query
        sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def main(argv: list[str] | None = None) -> int:
    loop = "--loop" in (argv or [])
    first = None if loop else json.loads(sys.stdin.read())
    _leave_the_network()  # before any library starts a thread: unshare needs one thread
    _cap_memory(int(os.environ.get("KG_QUERY_MAX_MEMORY", "0")) if loop
                else int(first.get("max_memory", 0)))
    if loop:
        return _serve_requests()
    try:
        _answer(answer(first, {}))
    except MemoryError:
        _answer({"error": "memory"})
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
