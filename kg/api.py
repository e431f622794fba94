"""api: the Python side of kg, for notebooks — ``kg.build`` and ``kg.open`` return a ``Build``.

``query`` gives rows of typed values (int, ``datetime.date``, ``Text`` keeping its language
tag…; see ``kg.query.python_value``) through the same guard and child process as ``kg query``;
``frame`` the same rows as a pandas DataFrame (``pip install 'kg[notebook]'``); ``graph`` an
rdflib Graph over the store with kg's prefixes bound; ``to_pyvis`` a view as a pyvis Network.
"""
from __future__ import annotations

import os
from pathlib import Path

from .query import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_TIMEOUT,
    execute,
    prefixes,
    query_name,
    resolve_query,
    present_named,
)


class Rows(list):
    """Rows of a query: a list of dicts (column -> typed value); ``columns`` in query order."""

    def __init__(self, rows, columns: list[str]):
        super().__init__(rows)
        self.columns = columns


class Build:
    """A built graph in ``out_dir``. ``kg.build`` returns one with the build's own report
    (``kg.batch.BuildResult``: ``documents`` — light summaries, ``kg.summary.DocumentSummary``
    —, ``failures``, ``warnings``, ``counts()``, ``files``, ``reused``, ``processed``,
    ``timings``); ``kg.open`` reads an existing build, store only."""

    def __init__(self, out_dir: str | os.PathLike, result=None):
        from .store import store_path

        self.out_dir = Path(out_dir)
        self.result = result  # kg.batch.BuildResult, or None for kg.open
        if result is None or result.documents:
            store_path(self.out_dir)  # StoreMissing now rather than at the first query

    def __getattr__(self, name: str):
        result = self.__dict__.get("result")
        if result is None or name.startswith("__"):
            raise AttributeError(f"{name!r}: kg.open reads the store of a build, not its "
                                 "report; the Build that kg.build returns has it")
        return getattr(result, name)

    def __repr__(self) -> str:
        return f"<kg.Build {str(self.out_dir)!r}>"

    def query(self, name_or_sparql: str, timeout: float = DEFAULT_TIMEOUT,
              max_memory: int | None = None, iris: bool = False) -> Rows:
        """Rows of a named query, a .rq file or SPARQL, as dicts of typed values (ASK: one row
        ``{"ask": bool}``; CONSTRUCT/DESCRIBE: subject, predicate, object). A named query gives
        the SPEC's columns; ``iris=True`` adds the IRIs of what each row names (``act_iri``…).

        Guarded and bounded like ``kg query``: no Update, SERVICE or FROM; run in a child
        process killed after ``timeout`` seconds, with ``max_memory`` bytes (2 GiB)."""
        sparql = resolve_query(name_or_sparql)
        result = execute(self.out_dir, sparql, timeout=timeout,
                         max_memory=max_memory or DEFAULT_MAX_MEMORY)
        present_named(query_name(name_or_sparql), result, iris=iris)
        return Rows(result.values(), result.terms()[0])

    def frame(self, name_or_sparql: str, timeout: float = DEFAULT_TIMEOUT,
              max_memory: int | None = None, iris: bool = False):
        """``query`` as a pandas DataFrame: integer columns as int64 (Int64 with gaps), date
        columns as datetime64, text as pandas strings (``query`` keeps each ``Text``'s ``.lang``)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("kg's frame() needs pandas: pip install 'kg[notebook]'") from None
        rows = self.query(name_or_sparql, timeout=timeout, max_memory=max_memory, iris=iris)
        frame = pd.DataFrame.from_records(list(rows), columns=rows.columns)
        for column in rows.columns:
            frame[column] = _typed_column(pd, frame[column])
        return frame

    @property
    def graph(self):
        """An rdflib Dataset over the Oxigraph store (read it only) whose default graph is the
        union of the documents' graphs and the shared graph, as for every query; kg's prefixes
        bound. ``graph.graph(URIRef(report))`` is one report's own graph.

        Plain rdflib, not guarded: ``graph.query`` runs whatever SPARQL it is given in this
        process, ``SERVICE`` included, with no time limit. Use ``query`` for untrusted SPARQL.
        It reads the build that was current when it was made: ``kg.open`` again for a newer one."""
        import rdflib
        from oxrdflib import OxigraphStore

        from .store import open_store

        graph = rdflib.Dataset(store=OxigraphStore(store=open_store(self.out_dir)),
                               default_union=True)
        for prefix, namespace in prefixes().items():
            graph.bind(prefix, namespace, override=True, replace=True)
        return graph

    def to_pyvis(self, view: str = "citations", notebook: bool = True):
        """The pyvis Network of a view (``citations``, ``mandates``, ``states``): in Jupyter,
        ``net.show("citations.html")`` draws it inline. Drawn from the projection the build
        kept (the graph of graph.html), not from SPARQL."""
        from .graph import graph_of
        from .views import to_pyvis

        return to_pyvis(graph_of(self.out_dir), view, notebook=notebook)


def _typed_column(pd, column):
    import math

    values = [v for v in column if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not values:
        return column
    import datetime

    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return column.astype("Int64" if len(values) < len(column) else "int64")
    if all(type(v) is datetime.date for v in values):
        return pd.to_datetime(column)
    return column
