"""extract: one module per entity kind.

``acts`` and ``citations`` are the core (called by the pipeline directly). Every other
module here that defines ``KIND`` (a name), ``extract(doc) -> list`` and optionally
``REQUIRES`` (kinds it reads from ``doc.entities``) is run by the pipeline after the core,
in dependency order, and its facts stored in ``doc.entities[KIND]``.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache


@lru_cache(maxsize=None)
def entity_extractors() -> tuple:
    mods = {}
    for info in pkgutil.iter_modules(__path__):
        mod = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(mod, "KIND") and hasattr(mod, "extract"):
            mods[mod.KIND] = mod
    ordered, done = [], set()

    def visit(kind, stack=()):
        if kind in done:
            return
        if kind in stack:
            raise RuntimeError(f"extractor dependency cycle: {' -> '.join(stack + (kind,))}")
        for req in getattr(mods[kind], "REQUIRES", ()):
            if req in mods:
                visit(req, stack + (kind,))
        done.add(kind)
        ordered.append(mods[kind])

    for kind in sorted(mods):
        visit(kind)
    return tuple(ordered)
