"""batch: files and folders in, graph.ttl + graph.html + the store out (the ``kg build`` job).

1. The files are read (bytes) and hashed one after the other, lazily; a file whose content is
   in the per-document cache (``kg/cache.py``) is not read again by the pipeline.
2. The others go through the map step (``kg/work.py``: decode → … → emit) in worker processes
   (no more than there are new files) or on Dask (``kg/parallel.py``); each result is cached
   and streamed into the store, one named graph per document, while the others are still being
   read. A file over its time budget, or that is not text, is reported by name; the others are
   built. Meanwhile, in threads started once the workers are forked, every document is folded
   into the corpus-level steps and the page's graph as soon as it is known (``_Corpus``), the
   previous store is checkpointed (``Store.backup``: hard links, cheap) and the page's template
   loaded.
3. In the new store the graphs of documents removed or changed since are dropped, file names
   updated, and the shared graph is rewritten from the cached shared triples of every document
   plus the corpus-level steps (``kg/resolve.py``, ``kg.emit.corpus_triples``).
4. Beside it, graph.ttl is the documents' cached Turtle put end to end plus the shared graph
   (never read back from the store); graph.html is projected from the documents' summaries.
5. The new version is published by one rename (``kg.store.publish``), so a failed or killed
   build leaves the previous one intact. One build per output folder at a time (an OS lock).

The result equals a fresh build's, whatever was built into the folder before.
"""
from __future__ import annotations

import contextlib
import errno
import fnmatch
import hashlib
import itertools
import json
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, parse, serialize

from . import parallel
from .cache import DocumentCache, fingerprint
from .emit import Corpus, Vocab, corpus_triples, name_triples, rdfs_labels
from .iris import shared_graph_iri
from .read import ReadError, read_bytes
from .resolve import base_iri
from .store import (
    STORE_DIR,
    WARNINGS_FILE,
    GraphLoader,
    OutputError,
    build_lock,
    current_version,
    new_version,
    publish,
    turtle_body,
    turtle_prefix_header,
)
from .summary import DocumentSummary, key_of
from .summary import counts as summary_counts
from .summary import mentions as summary_mentions

MANIFEST = "manifest.json"  # in each version: the documents its store holds
SHARED = "shared.nt"  # in each version: its store's shared graph, sorted N-Triples


@dataclass
class Failure:
    path: str
    message: str


#: which files of a folder are read by default: text files (a README.md, a PDF or a stray
#: spreadsheet in the folder is listed as skipped, never read as a report)
DEFAULT_INCLUDE = ("*.txt",)


@dataclass
class BuildResult:
    """What one build did: its documents (light summaries, ``kg.summary.DocumentSummary``: the
    build holds no document in memory), the files it skipped, its counts and timings. The
    Python API hands it out inside a ``kg.api.Build`` (``kg.build``), which queries the store."""

    out_dir: Path
    documents: list[DocumentSummary] = field(default_factory=list)  # one per file read
    failures: list[Failure] = field(default_factory=list)
    triples: int = 0
    files: dict[str, Path] = field(default_factory=dict)
    reused: int = 0  # documents taken from the cache (not read again)
    processed: int = 0  # documents read through the pipeline by this build
    timings: dict[str, float] = field(default_factory=dict)
    base: str = field(default_factory=base_iri)  # the base IRI the build minted under
    # files of the folders given that --include left out (listed, not read)
    skipped: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # the build's own warnings (same contents)

    @property
    def warnings(self) -> list[str]:
        """The build's warnings, then each document's (once for a content read under several
        names), every one naming its file."""
        first = {}
        for d in self.documents:
            first.setdefault(d.sha256, d)
        return [*self.notices, *(w for d in first.values() for w in d.warnings)]

    def counts(self) -> dict[str, int]:
        """Distinct documents (contents) and entities, as the graph has them."""
        return summary_counts(self.documents, self.triples, self.base)

    def mentions(self) -> dict[str, int]:
        """How often the documents name acts, States, organizations… (``counts`` counts each
        once)."""
        return summary_mentions(self.documents)


def sample_corpus() -> list[Path]:
    folder = resources.files("kg.samples")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


def collect(paths: list[str | os.PathLike], include: tuple[str, ...] | list[str] | None = None
            ) -> tuple[list[Path], list[Failure], list[Path]]:
    """Expand folders into their files (recursively, through symlinked folders, each real
    folder once; hidden files and folders skipped). In a folder only the files whose name
    matches one of ``include`` (shell patterns, case ignored; default ``*.txt``) are read, the
    others returned as skipped; a file named on its own is always read. Returns the files,
    the paths that do not exist, the files skipped."""
    patterns = [p.lower() for p in (include or DEFAULT_INCLUDE)]
    files: list[Path] = []
    failures: list[Failure] = []
    skipped: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in _walk(p):
                wanted = any(fnmatch.fnmatchcase(f.name.lower(), pattern) for pattern in patterns)
                (files if wanted else skipped).append(f)  # a PDF named *.txt is read and reported
        elif p.exists() or p.is_symlink():
            files.append(p)
        else:
            failures.append(Failure(str(p), f"{p}: no such file or directory"))
    return files, failures, skipped


def _walk(folder: Path) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()
    for root, dirs, names in os.walk(folder, followlinks=True):
        st = os.stat(root)
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop or a second way in
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for n in sorted(names):
            if not n.startswith("."):
                yield Path(root) / n


def build(paths: list[str | os.PathLike] | None = None, out_dir: str | os.PathLike = "output",
          html: bool = True, progress: bool = False, jobs: int | None = None,
          scheduler: str | None = None, file_timeout: float | None = None,
          include: list[str] | None = None) -> BuildResult:
    """Build (or bring up to date) the outputs of ``paths`` in ``out_dir``.

    ``jobs``: worker processes for the map step (default: every core; 0 runs it in this
    process, without a time budget); ``scheduler``: a Dask distributed scheduler address
    (``tcp://HOST:8786``) to run it on instead; ``file_timeout``: seconds one file may take
    (default 60 + 10 per MB); ``include``: the files of a folder to read (shell patterns,
    default ``*.txt``; the others are listed in ``skipped``)."""
    out = Path(out_dir)
    fresh = not os.path.lexists(out)  # a folder this build makes is removed if nothing is built
    with contextlib.ExitStack() as held:
        with _output_errors(out):
            held.enter_context(build_lock(out))  # for the whole build, before any work
        files, failures, skipped = collect(paths, include) if paths else (sample_corpus(), [], [])
        result = BuildResult(out_dir=out, failures=failures, skipped=[str(f) for f in skipped])
        plan = _Plan(files, Vocab(result.base), jobs, scheduler, file_timeout, progress)
        with _output_errors(out):
            try:
                _write_outputs(result, out, html, plan)
            except _NothingBuilt:
                # nothing readable: the previous output stays as it is, and no new folder
                # holding only the lock is left behind
                if fresh:
                    shutil.rmtree(out, ignore_errors=True)
        return result


@dataclass
class _Plan:
    files: list[Path]
    vocab: Vocab
    jobs: int | None
    scheduler: str | None
    file_timeout: float | None
    progress: bool


@dataclass
class _File:
    path: str  # as shown
    sha256: str
    name: str = ""  # as shown in the file columns
    origin: Path | None = None  # the file read


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


def _disambiguate_names(files: list[_File]) -> None:
    """Two different files with one name (a/report.txt, b/report.txt) are told apart in
    every ``file`` column by their path below the folder they share."""
    by_name: dict[str, list[_File]] = {}
    for f in files:
        f.name = os.path.basename(f.path)
        by_name.setdefault(f.name, []).append(f)
    for same in by_name.values():
        if len({f.sha256 for f in same}) < 2:
            continue
        paths = [os.path.abspath(f.path) for f in same]
        root = os.path.commonpath(paths) if len(set(paths)) > 1 else ""
        for f, p in zip(same, paths):
            f.name = os.path.relpath(p, root) if root else p


def _previous(out: Path, fp: str) -> tuple[Path | None, dict]:
    """The current version's store and manifest, if a build of this kg wrote them."""
    version = current_version(out)
    if version is None or not (version / MANIFEST).is_file() or not (version / STORE_DIR).is_dir():
        return None, {}
    try:
        manifest = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, {}
    if manifest.get("fingerprint") != fp:
        return None, {}  # another kg, base IRI or gazetteer: nothing of it is reused
    manifest["shared_path"] = str(version / SHARED)
    return version / STORE_DIR, manifest


def _write_outputs(result: BuildResult, out: Path, html: bool, plan: _Plan) -> None:
    """Write a new version (store, graph.ttl, graph.html) unseen, then publish it at once."""
    import time

    v = plan.vocab
    fp = fingerprint(v.base)
    cache = DocumentCache(out, v.base)
    cache.clean()
    previous_store, manifest = _previous(out, fp)
    # the vocabularies the corpus-level step writes, made while the workers read documents
    import threading

    from .emit import vocabulary_index

    threading.Thread(target=vocabulary_index, args=(v.base,), daemon=True).start()
    # the workers start before any store is open in this process (kg/parallel.py)
    timings = result.timings
    t0 = time.perf_counter()
    with _Progress(plan.progress, len(plan.files)) as progress:
        with new_version(out) as version, contextlib.ExitStack() as stack:
            background = stack.enter_context(
                ThreadPoolExecutor(max_workers=2, thread_name_prefix="kg-background"))
            new_store = stack.enter_context(_NewStore(version / STORE_DIR, previous_store,
                                                      background))
            corpus = stack.enter_context(_Corpus(cache, v))

            def started() -> None:  # once the workers run: the work this process does meanwhile
                corpus.release()
                new_store.start()
                if html:  # the page's first-drawing costs
                    from .visualize import prepare

                    background.submit(prepare)

            files = _map(result, plan, cache, new_store, progress, corpus, started)
            files = _read_damaged_again(files, result, plan, cache, new_store, progress, corpus)
            if not files:  # nothing readable: keep the previous output as it is
                raise _NothingBuilt
            t1 = time.perf_counter()
            progress.stage("store, graph.ttl, graph.html" if html else "store, graph.ttl")
            _disambiguate_names(files)
            result.notices += _same_contents(files)
            docs = _documents(files, cache)
            corpus.finish(docs)
            # the store (Oxigraph, without the GIL) and the files beside it at the same time
            files_threads = stack.enter_context(
                ThreadPoolExecutor(max_workers=2, thread_name_prefix="kg-files"))
            written = [files_threads.submit(_timed, "graph.ttl (beside the store)", _write_turtle,
                                            version / "graph.ttl", docs, corpus, cache, v),
                       files_threads.submit(_timed, "graph.html (beside the store)",
                                            _write_page, version, corpus, html)]
            store = new_store.open()
            sizes = _update_store(store, docs, manifest, corpus, v)
            store.flush()
            (version / SHARED).write_bytes(corpus.shared_nt)
            result.triples = sum(sizes.values()) + corpus.shared_size
            del store
            new_store.close()  # before it is published and opened read-only by queries
            t2 = time.perf_counter()
            file_times = dict(future.result() for future in written)
            t4 = time.perf_counter()
            (version / MANIFEST).write_text(json.dumps({
                "fingerprint": fp, "base": v.base, "triples": result.triples,
                "documents": {sha: {"report": corpus.summaries[sha]["report"], "names": names,
                                    "label": corpus.summaries[sha]["label"]}
                              for sha, names in docs.items()},
            }, ensure_ascii=False, indent=1), encoding="utf-8")
            result.documents = _file_summaries(files, corpus.summaries)
            # every warning, one per line (the summary prints the first 20)
            (version / WARNINGS_FILE).write_text(
                "".join(f"{w}\n" for w in result.warnings), encoding="utf-8")
        progress.stage("publish")
        published = publish(version, out)
        cache.prune(set(docs))
    for key, name in (("html", "graph.html"), ("ttl", "graph.ttl"), ("store", STORE_DIR),
                      ("warnings", WARNINGS_FILE)):
        if name in published:
            result.files[key] = published[name]
    timings.update({"read+map+load documents": t1 - t0, "store (drop, names, shared)": t2 - t1,
                    **file_times, "publish": time.perf_counter() - t4})


def _timed(name: str, write, *args) -> tuple[str, float]:
    import time

    t0 = time.perf_counter()
    write(*args)
    return name, time.perf_counter() - t0


def _write_page(version: Path, corpus: "_Corpus", html: bool) -> None:
    """The page's projection (kept for GraphML/GEXF exports) and graph.html."""
    from .graph import PROJECTION_FILE, save

    g = corpus.projection.graph()
    save(g, version / PROJECTION_FILE)
    if html:
        from .visualize import write_html

        write_html(g, version / "graph.html", title="kg — citations and mandates")


class _Progress:
    """What a long build (over 20 files) shows on stderr when asked: a bar over the files (read
    through the pipeline, taken from the cache, or failed), then a bar over the stages that
    follow (the store, graph.ttl, graph.html, publishing), each named as it starts."""

    LONG = 20

    def __init__(self, on: bool, files: int):
        self.on = on and files > self.LONG
        # the store with graph.ttl and the page beside it, then publishing
        self.files, self.stages = files, 2
        self._files = self._stages = None

    def __enter__(self):
        if self.on:
            from tqdm import tqdm

            self._files = tqdm(total=self.files, unit="file", desc="reading")
        return self

    def file_done(self, n: int = 1) -> None:
        if self._files is not None:
            self._files.update(n)

    def stage(self, name: str) -> None:
        if not self.on:
            return
        from tqdm import tqdm

        if self._files is not None:
            self._files.close()
            self._files = None
            self._stages = tqdm(total=self.stages, unit="stage", desc="writing",
                                bar_format="{desc}: {n_fmt}/{total_fmt} {postfix}")
        else:
            self._stages.update(1)
        self._stages.set_postfix_str(name)

    def __exit__(self, *exc) -> None:
        for bar in (self._files, self._stages):
            if bar is not None:
                if exc[0] is None and bar is self._stages:
                    bar.update(bar.total - bar.n)
                bar.close()


class _NothingBuilt(Exception):
    pass


class _NewStore:
    """The new version's store: a checkpoint of the previous build's (``Store.backup``: hard
    links), made in a thread once the workers run, then opened once — by the first document
    loaded, or after the map step — and closed before the version is published. Documents'
    graphs load in a thread as they come; the last chunk is waited for only when the store
    step needs the store (``open``), so the corpus-level step runs meanwhile."""

    def __init__(self, path: Path, previous: Path | None, background: ThreadPoolExecutor):
        self.path, self.previous, self._background = path, previous, background
        self._checkpoint = None
        self._store: Store | None = None
        self._loader: GraphLoader | None = None

    def start(self) -> None:
        if self.previous is not None and self._checkpoint is None:
            self._checkpoint = self._background.submit(
                lambda: Store.read_only(str(self.previous)).backup(str(self.path)))

    def load(self, report: str, turtle: bytes, v: Vocab) -> None:
        """A document's graph, loaded in a thread (``GraphLoader``) while the build goes on."""
        if self._loader is None:  # opened once the workers run (none is forked from a store)
            self._loader = GraphLoader(self._open(), v.turtle_prefixes())
        self._loader.add(report, turtle)

    def send(self) -> None:
        """Start loading the documents' graphs gathered so far (in the loader's thread)."""
        if self._loader is not None:
            self._loader.send()

    def open(self) -> Store:
        """The store with every document loaded."""
        store = self._open()
        if self._loader is not None:
            loader, self._loader = self._loader, None
            try:
                loader.flush()
            finally:
                loader.close()
        return store

    def _open(self) -> Store:
        if self._store is None:
            self.start()
            if self._checkpoint is not None:
                self._checkpoint.result()
            self._store = Store(str(self.path))
        return self._store

    def close(self) -> None:
        if self._loader is not None:  # a failed build: its error is the one said
            with contextlib.suppress(Exception):
                self._loader.close()
            self._loader = None
        if self._checkpoint is not None and self._store is None:
            with contextlib.suppress(Exception):
                self._checkpoint.result()
        self._store = None  # pyoxigraph closes a store when its last reference goes

    def __enter__(self) -> "_NewStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _map(result: BuildResult, plan: _Plan, cache: DocumentCache, new_store: _NewStore,
         progress: _Progress, corpus: _Corpus, started) -> list[_File]:
    """Hash every file, run the map step on the new contents, stream them into the store."""
    files: list[_File] = []
    scheduled: dict[str, _File] = {}  # sha256 -> the first file of that content, being read
    copies: list[_File] = []  # later files of a content already scheduled: not read again
    built: set[str] = set()  # the contents read and loaded

    def tasks():
        for path in plan.files:
            try:
                shown, data = read_bytes(path)
            except ReadError as e:
                result.failures.append(Failure(str(path), str(e)))
                progress.file_done()
                continue
            sha = hashlib.sha256(data).hexdigest()
            f = _File(shown, sha, origin=path)
            if sha in scheduled:
                # the same content again: read once; settled after the loop, since a runner
                # that takes tasks one by one has already loaded the first file by now
                copies.append(f)
                progress.file_done()
                continue
            if cache.has(sha):
                corpus.add_cached(sha)
                files.append(f)
                result.reused += 1
                progress.file_done()
                continue
            scheduled[sha] = f
            yield sha, shown, data

    outcomes = _run(tasks(), plan, started)
    with contextlib.closing(outcomes):  # a failing build stops the workers at once
        _gather(outcomes, result, plan, cache, new_store, progress, corpus, scheduled, files, built)
    new_store.send()  # the last documents' graphs start loading while the corpus step runs
    for f in copies:
        if f.sha256 in built:
            files.append(f)
        else:
            result.failures.append(Failure(f.path, f"{f.path}: the same content as "
                                           f"{scheduled[f.sha256].path}, which could not be read"))
    if not files and result.failures:
        return []
    files.sort(key=lambda f: f.path)
    return files


def _read_damaged_again(files: list[_File], result: BuildResult, plan: _Plan,
                        cache: DocumentCache, new_store: _NewStore, progress: _Progress,
                        corpus: _Corpus) -> list[_File]:
    """Documents whose cached result could not be read (damaged on disk) are read again from
    their files, with a warning."""
    damaged = corpus.wait()
    if not damaged:
        return files
    cache.forget(damaged)
    again = sorted({f.origin for f in files if f.sha256 in damaged and f.origin is not None})
    result.reused -= sum(1 for f in files if f.sha256 in damaged)
    result.notices += [f"{f.path}: its cached result ({cache.folder}/{f.sha256}.*) could not be "
                       f"read ({damaged[f.sha256]}); the file was read again"
                       for f in files if f.sha256 in damaged]
    redo = _Plan(again, plan.vocab, plan.jobs, plan.scheduler, plan.file_timeout, False)
    kept = [f for f in files if f.sha256 not in damaged]
    quiet = _Progress(False, len(again))  # the bar counted these files already
    return sorted(kept + _map(result, redo, cache, new_store, quiet, corpus, lambda: None),
                  key=lambda f: f.path)


def _gather(outcomes, result: BuildResult, plan: _Plan, cache: DocumentCache,
            new_store: _NewStore, progress: _Progress, corpus: _Corpus,
            scheduled: dict[str, _File], files: list[_File], built: set[str]) -> None:
    """Each document read: cached, folded into the corpus, its graph loaded; a failure noted."""
    for sha, outcome in outcomes:
        progress.file_done()
        if isinstance(outcome, BaseException):
            f = scheduled[sha]
            message = str(outcome) if isinstance(outcome, (ReadError, parallel.FileTimeout)) \
                else f"{f.path}: internal error {type(outcome).__name__}: {outcome}"
            result.failures.append(Failure(f.path, message))
            continue
        corpus.add_new(sha, cache.put(outcome), outcome.shared_nt)
        new_store.load(outcome.summary["report"], outcome.own_ttl, plan.vocab)
        files.append(scheduled[sha])
        built.add(sha)
        result.processed += 1


def _run(tasks: Iterator, plan: _Plan, started) -> Iterator:
    """``parallel.run`` with no more workers than there are files to read: the files are
    hashed until as many new contents as workers are found (or all are hashed) before the
    pool starts. A build that adds one report to a corpus starts one worker, one that only
    removes or renames files none (each worker spends ~0.25 s of a core warming up)."""
    workers = plan.jobs if plan.jobs is not None else parallel.default_jobs()
    first = list(itertools.islice(tasks, max(workers, 1)))
    if not first:
        started()
        return (outcome for outcome in ())
    if len(first) < workers:
        workers = len(first)
    return parallel.run(itertools.chain(first, tasks), plan.vocab.base, workers, plan.scheduler,
                        plan.file_timeout, started)


def _same_contents(files: list[_File]) -> list[str]:
    """A warning for each content read under several paths (a renamed copy left beside the
    original): it is one document, read once and counted once."""
    paths: dict[str, list[str]] = {}
    for f in files:
        paths.setdefault(f.sha256, []).append(f.path)
    return [f"{', '.join(same)}: the same content (sha256 {sha[:12]}…) in {len(same)} files; "
            "read once, one document"
            for sha, same in sorted(paths.items(), key=lambda kv: kv[1]) if len(set(same)) > 1]


def _documents(files: list[_File], cache: DocumentCache) -> dict[str, list[str]]:
    """sha256 -> the names its content was read under, in a stable order."""
    docs: dict[str, list[str]] = {}
    for f in files:
        docs.setdefault(f.sha256, []).append(f.name)
    return {sha: sorted(set(names)) for sha, names in sorted(docs.items())}


def _update_store(store: Store, docs: dict[str, list[str]], manifest: dict, corpus: "_Corpus",
                  v: Vocab) -> dict[str, int]:
    """Bring a checkpoint of the previous store (or an empty one) to the corpus ``docs``: drop
    the graphs of documents gone, set file names, rewrite the shared graph. Returns the size
    (quads) of each document's graph, from what its summary counted (counting the store would
    cost ~0.2 s per million quads)."""
    before = manifest.get("documents", {})
    for sha, old in before.items():
        if sha not in docs:
            store.remove_graph(NamedNode(old["report"]))
    adds, sizes = [], {}
    for sha, names in docs.items():
        summary = corpus.summaries[sha]
        graph = NamedNode(summary["report"])
        # the file names are never among a document's own triples (kgo:fileName, and a label
        # from them only when the document has none of its own)
        named = set(name_triples(summary["report"], names, summary["label"], v))
        sizes[sha] = summary["own_triples"] + len(named)
        old = before.get(sha)
        if old is not None and old["names"] == names:
            continue
        if old is not None:
            for t in name_triples(old["report"], old["names"], old["label"], v):
                store.remove(Quad(t.subject, t.predicate, t.object, graph))
        adds += [Quad(t.subject, t.predicate, t.object, graph) for t in named]
    if adds:
        store.load(serialize(adds, format=RdfFormat.N_QUADS), RdfFormat.N_QUADS)
    _update_shared(store, manifest.get("shared_path"), corpus.shared_nt, v)
    return sizes


def _update_shared(store: Store, previous: str | None, shared_nt: bytes, v: Vocab) -> None:
    """Make the store's shared graph ``shared_nt``: by the difference with the previous build's
    (a few triples when a report is added or changed), or rewritten whole."""
    graph = NamedNode(shared_graph_iri(v.base))
    old = None
    if previous is not None:
        try:
            old = set(Path(previous).read_bytes().splitlines())
        except OSError:
            old = None
    new = set(shared_nt.splitlines())
    if old is None or len(old ^ new) > len(new) // 2:
        store.clear_graph(graph)
        store.bulk_load(shared_nt, RdfFormat.N_TRIPLES, to_graph=graph)
        return
    for t in parse(b"\n".join(old - new), RdfFormat.N_TRIPLES):
        store.remove(Quad(t.subject, t.predicate, t.object, graph))
    added = new - old
    if added:
        store.load(b"\n".join(added), RdfFormat.N_TRIPLES, to_graph=graph)


class _Corpus:
    """The corpus-level steps (``kg.emit.Corpus``), the shared graph, the page's projection,
    and each document's summary without its heavy parts (what the build result and the
    manifest need), gathered one document at a time from its summary and shared triples.

    Each document is folded in, in a thread of its own, as soon as it is known — one from the
    cache once its file is hashed, a new one once its worker returns it — so a build that maps
    a few new files into a large corpus does this while its workers read them, not after. The
    result does not depend on the order documents come in (``Projection.add`` ranks them)."""

    HEAVY = ("graph", "shown", "mention_counts", "vocabulary", "gathered")
    PARTS = frozenset(HEAVY) | {"report", "label", "own_triples"}  # what a fold reads

    def __init__(self, cache: DocumentCache, v: Vocab):
        from .graph import Projection

        self._cache, self._v = cache, v
        self._lines: set[bytes] = set()
        self._steps = Corpus()
        self._folded: set[str] = set()
        self.damaged: dict[str, str] = {}  # cached documents that could not be read
        self._held: list[str] | None = []  # cached documents added before ``release``
        self._futures: list = []
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-corpus")
        self.projection = Projection(v.base)
        self.summaries: dict[str, dict] = {}
        self.shared_nt = b""
        self.shared_size = 0

    def add_cached(self, sha: str) -> None:
        """A document of the cache (its summary and shared triples are read in the thread,
        once ``release`` was called)."""
        if self._held is not None:
            self._held.append(sha)
        else:
            self._futures.append(self._thread.submit(self._fold, sha, None, None))

    def release(self) -> None:
        """Start folding the cached documents: once the workers run (the thread would slow
        down this process's hashing of the files, and so the workers' start, by ~60 ms at 10x)."""
        held, self._held = self._held, None
        for sha in held or ():
            self._futures.append(self._thread.submit(self._fold, sha, None, None))

    def add_new(self, sha: str, summary_json: str, shared_nt: bytes) -> None:
        """A document just mapped: its summary as the cache stored it, its shared triples."""
        self._futures.append(self._thread.submit(self._fold, sha, summary_json, shared_nt))

    def _fold(self, sha: str, summary_json: str | None, shared_nt: bytes | None) -> None:
        if sha in self._folded:
            return
        try:  # everything that can fail on a damaged cache entry, before anything is changed
            s = json.loads(summary_json if summary_json is not None
                           else self._cache.summary_json(sha))
            shared = shared_nt if shared_nt is not None else self._cache.shared_nt(sha)
            keys = [key_of(k) for k in s["act_keys"]]
            missing = self.PARTS - s.keys()
            if missing:
                raise KeyError(f"no {', '.join(sorted(missing))}")
        except (OSError, ValueError, KeyError, TypeError) as e:
            self.damaged[sha] = f"{type(e).__name__}: {e}"
            return
        self._folded.add(sha)
        self._lines.update(shared.splitlines())
        self._steps.add(keys, s["vocabulary"], s["shown"], s["mention_counts"], s["gathered"])
        self.projection.add(s, rank=sha)
        self.summaries[sha] = {k: x for k, x in s.items() if k not in self.HEAVY}

    def wait(self) -> dict[str, str]:
        """Wait until every document added is folded; returns the cached ones that could not
        be read (sha256 -> why): the build reads their files again."""
        self.release()
        for future in self._futures:
            future.result()
        self._futures = []
        damaged, self.damaged = self.damaged, {}
        return damaged

    def finish(self, docs: dict[str, list[str]]) -> None:
        """After every document of ``docs`` was added: name the files the sources show, run
        the corpus-level steps, write the shared graph."""
        try:
            damaged = self.wait()
        finally:
            self.close()
        if damaged:
            raise RuntimeError(f"kg: internal error: unreadable results of {len(damaged)} "
                               f"documents ({next(iter(damaged.values()))})")
        missing = set(docs) - set(self.summaries)
        if missing:
            raise RuntimeError(f"kg: internal error: {len(missing)} documents were not gathered")
        for sha, names in docs.items():
            self._steps.name_files(self.summaries[sha]["report"], names)
        self.projection.files = self._steps.shown_files  # the page's sources as the queries'
        lines = self._lines
        lines.update(serialize(list(corpus_triples(self._steps, self._v)),
                               format=RdfFormat.N_TRIPLES).splitlines())
        lines.discard(b"")
        lines.update(rdfs_labels(list(lines)))
        # the shared graph as sorted N-Triples: each document's shared triples once, and the
        # corpus-level ones (vocabularies, acts' identity and notation, shown sources, counts)
        self.shared_nt = b"\n".join(sorted(lines)) + b"\n"
        self.shared_size = len(lines)  # triples: each line one, and no two the same

    def close(self) -> None:
        self._thread.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "_Corpus":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _write_turtle(path: Path, docs: dict[str, list[str]], corpus: _Corpus,
                  cache: DocumentCache, v: Vocab) -> None:
    """graph.ttl: each document's cached Turtle (the stream it was emitted as) end to end, its
    file names, then the shared graph — the union of the store's graphs, never read back."""
    prefixes = v.turtle_prefixes()
    with open(path, "wb") as out:
        out.write(turtle_prefix_header(prefixes))
        for sha, names in docs.items():
            s = corpus.summaries[sha]
            out.write(b"\n")
            out.write(turtle_body(cache.own_ttl(sha)))
            out.write(serialize(list(name_triples(s["report"], names, s["label"], v)),
                                format=RdfFormat.N_TRIPLES))
        out.write(b"\n")
        out.write(turtle_body(serialize(parse(corpus.shared_nt, RdfFormat.N_TRIPLES),
                                        format=RdfFormat.TURTLE, prefixes=prefixes)))


def _file_summaries(files: list[_File], summaries: dict[str, dict]) -> list[DocumentSummary]:
    return [DocumentSummary(f.path, f.name, summaries[f.sha256]) for f in files]
