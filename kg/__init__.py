"""kg — a knowledge-graph builder for Chinese UN meeting reports.

Pipeline (one module per stage): read → normalize → segment → extract → resolve → emit →
store / query / visualize. For notebooks (``pip install 'kg[notebook]'`` for pandas)::

    import kg
    result = kg.build(["reports/"], out_dir="output")   # or kg.open("output") later
    result.query("acts")            # rows of typed values (int, date, Text with .lang)
    result.frame("citations")       # a pandas DataFrame
    result.graph                    # rdflib.Graph over the store, prefixes bound
    result.to_pyvis("mandates")     # a pyvis Network, to show inline
"""
from __future__ import annotations

import os

__version__ = "0.1.0"


def build(paths: list[str | os.PathLike] | None = None, out_dir: str | os.PathLike = "output",
          *, html: bool = True, progress: bool = False, jobs: int | None = None,
          scheduler: str | None = None, file_timeout: float | None = None,
          include: list[str] | None = None):
    """Build the graph of ``paths`` (files or folders; None: the sample corpus shipped with
    kg) into ``out_dir``, as ``kg build`` does; return the ``kg.api.Build``.

    Into a folder built before, only added or changed files are read again and removed ones
    dropped (the result equals a fresh build). ``html``: write ``graph.html`` too;
    ``progress``: a progress bar on long runs; ``jobs``: worker processes reading documents
    (default: every core; 0: all in this process, without a time budget per file);
    ``scheduler``: a Dask distributed scheduler (``tcp://HOST:8786``) to read them on instead;
    ``file_timeout``: seconds one file may take (default 60 + 10 per MB); ``include``: which
    files of a folder to read (shell patterns, default ``["*.txt"]``; the others are listed in
    ``skipped``, not read). A file that cannot be read is skipped and listed in ``failures``;
    ``documents`` (one per file), ``warnings`` (each naming its file), ``counts()`` (distinct
    documents and entities, as the graph has them) and ``mentions()`` describe the build. Raises ``kg.store.BuildLocked`` when another build writes to
    ``out_dir`` and ``kg.store.OutputError`` when it cannot be written."""
    from .api import Build
    from .batch import build as build_batch

    return Build(out_dir, build_batch(paths, out_dir, html=html, progress=progress, jobs=jobs,
                                      scheduler=scheduler, file_timeout=file_timeout,
                                      include=include))


def open(out_dir: str | os.PathLike = "output"):
    """Reopen the build in ``out_dir`` without rebuilding: a ``kg.api.Build`` to ``query``,
    ``frame``, ``graph`` and ``to_pyvis``. Raises ``kg.store.StoreMissing`` when there is none."""
    from .api import Build

    return Build(out_dir)
