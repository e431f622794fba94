"""batch: files and folders in, graph.ttl + graph.html + the store out (the ``kg build`` job).

One bad file is reported by name and skipped; the others are built. Outputs are written to
temporary places and moved in at the end, so a failed build leaves the previous one intact.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .components import fact_counts
from .emit import Vocab, triples_for
from .models import Document
from .pipeline import process_file
from .read import ReadError
from .resolve import base_iri
from .store import atomic_output, build_lock, dump, open_store, publish_store, write_store

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

    def query(self, name_or_sparql: str) -> list[dict[str, str]]:
        """Rows of a named query (or SPARQL) as dicts: ``pandas.DataFrame(result.query("acts"))``."""
        from .query import resolve_query, run

        header, rows = run(open_store(self.out_dir), resolve_query(name_or_sparql))
        return [dict(zip(header, r)) for r in rows]

    @property
    def graph(self):
        """An rdflib Graph backed by the Oxigraph store (read-only use)."""
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
        return {
            "documents": len(self.documents),
            "adopted acts": sum(len(d.acts) for d in self.documents),
            "paragraphs": sum(len(a.paragraphs) for d in self.documents for a in d.acts),
            "act mentions": sum(len(d.mentions) for d in self.documents),
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
    """Expand folders into their files (recursively; hidden files and folders skipped)."""
    files: list[Path] = []
    failures: list[Failure] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, names in os.walk(p):
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
    with build_lock(out):
        _write_outputs(result, out, html)
    return result


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
    vocab = Vocab(base_iri())
    tmp_store, result.triples = write_store(triples_for(result.documents, vocab), out)
    try:
        from pyoxigraph import Store

        store = Store(str(tmp_store))
        with atomic_output(out / "graph.ttl") as ttl_tmp:
            dump(store, "ttl", ttl_tmp, vocab.turtle_prefixes())
            if html:
                with atomic_output(out / "graph.html") as html_tmp:
                    _write_html(store, html_tmp)
                result.files["html"] = out / "graph.html"
            del store
        result.files["ttl"] = out / "graph.ttl"
        result.files["store"] = publish_store(tmp_store, out)
    finally:
        if tmp_store.exists():
            import shutil

            shutil.rmtree(tmp_store, ignore_errors=True)


def _write_html(store, path: Path) -> None:
    from .graph import graph
    from .visualize import write_html

    write_html(graph(store), path, title="kg — citations and mandates")
