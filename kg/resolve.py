"""resolve: identity across documents. Every IRI is minted in ``kg/iris.py`` (from what a
thing is, never from the document that mentions it); this module keeps the names that the
query, export and build modules read the base IRI by."""
from __future__ import annotations

from .iris import DEFAULT_BASE, base_iri

__all__ = ["DEFAULT_BASE", "base_iri"]
