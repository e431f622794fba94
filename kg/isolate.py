"""isolate: run one SPARQL query in a child process that can be stopped and cannot reach out.

``kg query``, ``BuildResult.query`` (and ``kg serve``) run a user's query here, never in their
own process, because a thread cannot be stopped and a query has no memory bound of its own:

- the child is killed when the time limit passes (the work ends, not just the wait);
- its address space is capped with ``RLIMIT_AS`` (a cartesian ``ORDER BY`` fails in the child,
  the caller gets a message);
- it opens the store read-only;
- it runs in a network namespace of its own with no interface (where the kernel allows it), so
  even a query the guard missed has no network to reach: belt and braces with ``check_safe``;
- the guard (``kg.query.check_safe``) itself runs in the child, so parsing a hostile query is
  bounded in time and memory too.

The child speaks JSON: one request on stdin, one answer on stdout. It imports only pyoxigraph
(and rdflib for the guard), so it starts in a few tens of milliseconds.
"""
from __future__ import annotations

import ctypes
import json
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


def main() -> int:
    request = json.loads(sys.stdin.read())
    _leave_the_network()  # before any library starts a thread: unshare needs one thread
    _cap_memory(int(request.get("max_memory", 0)))
    try:
        if request.get("guard", True):
            from kg.query import QueryError, check_safe

            try:
                check_safe(request["sparql"], request["prefixes"])
            except QueryError as e:
                _answer({"error": str(e)})
                return 0
        from pyoxigraph import Store

        from kg.query import rows_of

        try:
            store = Store.read_only(request["store"])
            # the default graph is the union of the documents' graphs and the shared graph
            result = store.query(request["sparql"], prefixes=request["prefixes"],
                                 use_default_graph_as_union=True)
            header, rows = rows_of(result)
        except (SyntaxError, ValueError, OSError) as e:
            _answer({"error": f"SPARQL error: {e}"})
            return 0
        _answer({"header": header, "rows": rows})
    except MemoryError:
        _answer({"error": "memory"})
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
