"""batch: files and folders in, graph.ttl + graph.html + the store out (the ``kg build`` job).

One bad file is reported by name and skipped; the others are built. The outputs are written
as a new version and published by one rename (``kg.store.publish``), so a failed or killed
build leaves the previous one intact. One build per output folder at a time (an OS lock).
"""
from __future__ import annotations

import contextlib
import errno
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .components import fact_counts
from .facts import UnresolvedActMention
from .header import KINDS
from .emit import Vocab, triples_for
from .models import Document
from .pipeline import process_file
from .read import ReadError
from .resolve import base_iri
from .store import (
    STORE_DIR,
    OutputError,
    build_lock,
    dump,
    new_version,
    open_store,
    publish,
    write_store,
)

@dataclass
class Failure:
    path: str
    message: str


@dataclass
class BuildResult:
    out_dir: Path
    documents: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    triples: int = 0
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def warnings(self) -> list[str]:
        return [w for d in self.documents for w in d.warnings]

    def query(self, name_or_sparql: str, timeout: float = 30.0,
              max_memory: int | None = None) -> list[dict[str, str]]:
        """Rows of a named query (or SPARQL) as dicts: ``pandas.DataFrame(result.query("acts"))``.

        Guarded and bounded like ``kg query``: run in a child process that is killed after
        ``timeout`` seconds and may use ``max_memory`` bytes (2 GiB by default)."""
        from .query import DEFAULT_MAX_MEMORY, resolve_query, run

        header, rows = run(self.out_dir, resolve_query(name_or_sparql), timeout=timeout,
                           max_memory=max_memory or DEFAULT_MAX_MEMORY)
        return [dict(zip(header, r)) for r in rows]

    @property
    def graph(self):
        """An rdflib Graph backed by the Oxigraph store (read-only use).

        Plain rdflib, not guarded: ``graph.query`` runs whatever SPARQL it is given in this
        process, ``SERVICE`` included, with no time limit. Use ``query`` for untrusted SPARQL."""
        import rdflib
        from oxrdflib import OxigraphStore

        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        # triples live in the default graph of the store, not a named one
        return rdflib.Graph(store=OxigraphStore(store=open_store(self.out_dir)),
                            identifier=DATASET_DEFAULT_GRAPH_ID)

    def counts(self) -> dict[str, int]:
        entities: dict[str, int] = {}
        for d in self.documents:
            for kind, n in fact_counts(d).items():
                if kind not in ("acts", "citations"):  # counted above as act mentions, citations
                    entities[kind.replace("_", " ")] = entities.get(kind.replace("_", " "), 0) + n
        kinds: dict[str, int] = {}
        for d in self.documents:
            kinds[d.kind] = kinds.get(d.kind, 0) + 1
        return {
            "documents": len(self.documents),
            # by kind, as read from the text (kg/header.py), in the order of header.KINDS
            **{f"  {kind}": kinds[kind] for kind in KINDS if kind in kinds},
            "adopted acts": sum(len(d.acts) for d in self.documents),
            "paragraphs": sum(len(a.paragraphs) for d in self.documents for a in d.acts),
            "act mentions": sum(len(d.mentions) for d in self.documents),
            "unresolved act mentions": sum(len(d.facts.of(UnresolvedActMention)) for d in self.documents),
            "distinct acts": len({m.key for d in self.documents for m in d.mentions}
                                 | {a.key for d in self.documents for a in d.acts}),
            "citations": sum(len(d.citations) for d in self.documents),
            **dict(sorted(entities.items())),
            "triples": self.triples,
        }


def sample_corpus() -> list[Path]:
    folder = resources.files("kg.samples")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


def collect(paths: list[str | os.PathLike]) -> tuple[list[Path], list[Failure]]:
    """Expand folders into their files (recursively, through symlinked folders, each real
    folder once; hidden files and folders skipped)."""
    files: list[Path] = []
    failures: list[Failure] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            seen: set[tuple[int, int]] = set()
            for root, dirs, names in os.walk(p, followlinks=True):
                st = os.stat(root)
                if (st.st_dev, st.st_ino) in seen:  # a symlink loop or a second way in
                    dirs[:] = []
                    continue
                seen.add((st.st_dev, st.st_ino))
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in sorted(names):
                    f = Path(root) / n
                    if not n.startswith("."):
                        files.append(f)  # every file: a PDF or image is reported, not skipped
        elif p.exists() or p.is_symlink():
            files.append(p)
        else:
            failures.append(Failure(str(p), f"{p}: no such file or directory"))
    return files, failures


def build(paths: list[str | os.PathLike] | None = None, out_dir: str | os.PathLike = "output",
          html: bool = True, progress: bool = False) -> BuildResult:
    out = Path(out_dir)
    with contextlib.ExitStack() as held:
        with _output_errors(out):
            held.enter_context(build_lock(out))  # for the whole build, before any work
        return _build_locked(paths, out, html, progress)


def _build_locked(paths, out: Path, html: bool, progress: bool) -> BuildResult:
    files, failures = collect(paths) if paths else (sample_corpus(), [])
    result = BuildResult(out_dir=out, failures=failures)
    iterator = files
    if progress and len(files) > 20:
        from tqdm import tqdm

        iterator = tqdm(files, unit="file", desc="reading")
    for f in iterator:
        try:
            result.documents.append(process_file(f))
        except ReadError as e:
            result.failures.append(Failure(str(f), str(e)))
        except Exception as e:  # a bug must not stop the batch; say which file hit it
            result.failures.append(Failure(str(f), f"{f}: internal error {type(e).__name__}: {e}"))
    if not result.documents and result.failures:
        return result  # nothing readable: keep the previous output as it is
    _disambiguate_names(result.documents)
    with _output_errors(out):
        _write_outputs(result, out, html)
    return result


@contextlib.contextmanager
def _output_errors(out: Path):
    """An output folder that cannot be written is one clear message, not a traceback."""
    try:
        yield
    except OSError as e:
        reason = e.strerror or str(e)
        if e.errno in (errno.EEXIST, errno.ENOTDIR):
            reason = "a file is in the way of the output folder (-o must name a folder)"
        elif e.errno == errno.ENOSPC:
            reason = "no space left on the device"
        raise OutputError(f"{out}: cannot write the output: {reason}; "
                          "the previous output is left as it was") from None


def _disambiguate_names(documents: list[Document]) -> None:
    """Two different files with one name (a/report.txt, b/report.txt) are told apart in
    every ``file`` column by their path below the folder they share."""
    by_name: dict[str, list[Document]] = {}
    for d in documents:
        by_name.setdefault(d.source.name, []).append(d)
    for same in by_name.values():
        if len({d.source.sha256 for d in same}) < 2:
            continue
        paths = [os.path.abspath(d.source.path) for d in same]
        root = os.path.commonpath(paths) if len(set(paths)) > 1 else ""
        for d, p in zip(same, paths):
            d.source.name = os.path.relpath(p, root) if root else p


def _write_outputs(result: BuildResult, out: Path, html: bool) -> None:
    """Write a new version (store, graph.ttl, graph.html) unseen, then publish it at once."""
    from pyoxigraph import Store

    vocab = Vocab(base_iri())
    with new_version(out) as version:
        store_dir, result.triples = write_store(triples_for(result.documents, vocab), out,
                                                version / STORE_DIR)
        store = Store(str(store_dir))
        dump(store, "ttl", version / "graph.ttl", vocab.turtle_prefixes())
        if html:
            _write_html(store, version / "graph.html")
        del store  # closed before it is published and opened read-only by queries
    published = publish(version, out)
    for key, name in (("html", "graph.html"), ("ttl", "graph.ttl"), ("store", STORE_DIR)):
        if name in published:
            result.files[key] = published[name]


def _write_html(store, path: Path) -> None:
    from .graph import graph
    from .visualize import write_html

    write_html(graph(store), path, title="kg — citations and mandates")
