"""resolve: identity across documents. Every IRI is minted in ``kg/iris.py`` (from what a
thing is, never from the document that mentions it); this module holds the corpus-level steps
that need every document's keys, as pure functions of them, and the names that the query,
export and build modules read the base IRI by.

The corpus-level steps run after the documents, never inside one, over what each document's
cached summary keeps (``kg/summary.py``: its act keys), so a fresh build and an incremental one
(most documents taken from the cache, ``kg/batch.py``) give the same result.

- ``act_notations``: the notation each act is printed under (``skos:notation``, the act nodes
  of the page). The Security Council's acts are one node per number
  (``iris.act_number_identity``): 第1325号决议 and 第1325(2000)号决议 are the same act, and its
  notation carries the year when any document of the build prints it. The shared graph's act
  descriptions (``kg.emit.corpus_triples``) and the page's projection (``kg/graph.py``) both
  take their notations from here.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .iris import DEFAULT_BASE, act_number_identity, base_iri
from .models import ActKey

__all__ = ["DEFAULT_BASE", "act_notations", "base_iri"]


def act_notations(keys: Iterable[ActKey]) -> dict[ActKey, str]:
    """The notation of each act key whose number the corpus completes: a Security Council
    number printed without its year ("SC resolution 1325") takes the year another key prints
    ("SC resolution 1325 (2000)"); when documents print different years, the most printed (then
    the earliest) wins. Keys whose notation is their own are left out."""
    by_identity: dict[tuple[str, str, str], set[ActKey]] = {}
    years: dict[tuple[str, str, str], Counter] = {}
    for key in keys:
        if key.body != "SC" or not key.number:
            continue
        identity = (key.body, key.kind, act_number_identity(key))
        by_identity.setdefault(identity, set()).add(key)
        if key.number != identity[2]:
            years.setdefault(identity, Counter())[key.number] += 1
    notations: dict[ActKey, str] = {}
    for identity, printed in years.items():
        number = min(printed, key=lambda n: (-printed[n], n))
        for key in by_identity[identity]:
            notations[key] = f"{key.body} {key.kind} {number}"
    return notations
