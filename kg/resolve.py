"""resolve: identity across documents. Every IRI is minted in ``kg/iris.py`` (from what a
thing is, never from the document that mentions it); this module holds the corpus-level
steps: pure functions over what every document read (its cached summary), run by each build
— a fresh one or an incremental one — after the documents, never inside one document.

- ``act_notations``: the notation each act is printed under (``skos:notation``), chosen from
  every document's act keys. Today each key's own notation; a step that gives two keys one IRI
  (a Security Council number with and without its year) picks one notation for both here.
"""
from __future__ import annotations

from collections.abc import Iterable

from .iris import DEFAULT_BASE, base_iri
from .models import ActKey

__all__ = ["DEFAULT_BASE", "act_notations", "base_iri"]


def act_notations(keys: Iterable[ActKey]) -> dict[ActKey, str]:
    """Every act key of the corpus -> the notation its act is printed under."""
    return {key: key.notation for key in keys}
