"""store: the embedded, persistent Oxigraph store and the published output folder.

A build writes a whole new version of its outputs, unseen, into ``DIR/versions/<id>/``
(``store/``, ``graph.ttl``, ``graph.html``), then publishes it with one ``rename``: the symlink
``DIR/current`` is replaced by one pointing at the new version. ``DIR/store``, ``DIR/graph.ttl``
and ``DIR/graph.html`` are symlinks through ``current/``, so the paths stay the same and the
three always come from one build: a build killed at any step leaves the previous version (or,
once the rename is done, the new one) whole. Old versions are removed after the rename.

One build at a time per folder: ``build_lock`` holds an ``flock`` on ``DIR/.kg-build.lock`` for
the whole build; only the holder cleans what a killed build left behind.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from pyoxigraph import RdfFormat, Store, Triple, serialize

STORE_DIR = "store"
VERSIONS_DIR = "versions"
CURRENT = "current"
WARNINGS_FILE = "warnings.txt"
PUBLISHED = ("store", "graph.ttl", "graph.html", WARNINGS_FILE)  # DIR/<name> -> current/<name>
LOCK_FILE = ".kg-build.lock"
LOAD_CHUNK = 200_000  # triples per bulk load (~200 MB of loader memory)


class StoreMissing(Exception):
    pass


class OutputError(Exception):
    """The output folder cannot be written (read-only, a file, disk full…); says which."""


def turtle_prefix_header(prefixes: dict[str, str]) -> bytes:
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in prefixes.items()).encode("utf-8")


def turtle_body(ttl: bytes) -> bytes:
    """A Turtle document without its ``@prefix`` lines (kg writes them first, all of them)."""
    pos = 0
    while ttl.startswith(b"@prefix ", pos):
        pos = ttl.index(b"\n", pos) + 1
    return ttl[pos:]


class GraphLoader:
    """Loads documents' graphs into a store in bulk: each document's Turtle (its prefixes
    stripped) becomes one ``<report> { … }`` block of a TriG chunk; a chunk is bulk-loaded when
    it reaches ``chunk_bytes`` (Oxigraph's bulk loader holds ~10× a chunk in memory while it sorts
    it), so memory stays flat however large the corpus. A chunk loads in a thread of its own
    (Oxigraph works without the GIL) while the next one is gathered, so the build goes on
    handing work to its workers meanwhile."""

    def __init__(self, store: Store, prefixes: dict[str, str], chunk_bytes: int = 8 << 20):
        from concurrent.futures import ThreadPoolExecutor

        self.store = store
        self.header = turtle_prefix_header(prefixes)
        self.chunk_bytes = chunk_bytes
        self._parts: list[bytes] = []
        self._size = 0
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-load")
        self._loading = None

    def add(self, report: str, turtle: bytes, extra_nt: bytes = b"") -> None:
        block = b"<" + report.encode("utf-8") + b"> {\n" + turtle_body(turtle) + extra_nt + b"}\n"
        self._parts.append(block)
        self._size += len(block)
        if self._size >= self.chunk_bytes:
            self._load()

    def _load(self) -> None:
        self._wait()
        if self._parts:
            chunk = self.header + b"".join(self._parts)
            self._parts, self._size = [], 0
            # lenient: the Turtle was written by pyoxigraph's serializer (in a worker, or read
            # from the cache it wrote), whose IRIs were checked as each term was made; checking
            # them again costs ~10 % of the load
            self._loading = self._thread.submit(self.store.bulk_load, chunk, RdfFormat.TRIG,
                                                lenient=True)

    def _wait(self) -> None:
        if self._loading is not None:
            loading, self._loading = self._loading, None
            loading.result()  # a loading error is raised here

    def send(self) -> None:
        """Start loading what is gathered (after the chunk loading now, if any), not waiting."""
        self._load()

    def flush(self) -> None:
        """Load what is gathered and wait until every chunk is in the store."""
        self._load()
        self._wait()

    def close(self) -> None:
        """Wait for a chunk still loading (also when the build failed) and end the thread."""
        try:
            self._wait()
        finally:
            self._thread.shutdown(wait=True)


def write_store(triples: Iterable[Triple], out_dir: Path, path: Path | None = None) -> tuple[Path, int]:
    """Bulk-load triples into the default graph of a fresh store at ``path`` (default: a new
    ``out_dir/.store-*``); return (path, count). For small in-memory uses and the benchmark's
    peer pipeline; ``kg build`` loads documents' graphs with ``GraphLoader``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if path is None:
        path = Path(tempfile.mkdtemp(prefix=".store-", dir=out_dir))
    triples = iter(triples)
    store = Store(str(path))
    while True:
        chunk = list(islice(triples, LOAD_CHUNK))
        if not chunk:
            break
        store.bulk_load(serialize(chunk, format=RdfFormat.N_TRIPLES), RdfFormat.N_TRIPLES)
    store.flush()
    count = len(store)
    del store
    return path, count


def store_path(target: str | os.PathLike) -> Path:
    """The store of an output folder (through ``current/``; a folder of an older kg has a plain
    ``store/``), or ``target`` itself when it is a store."""
    folder = Path(target)
    for candidate in (folder / CURRENT / STORE_DIR, folder / STORE_DIR):
        if candidate.is_dir():
            return candidate
    if (folder / "CURRENT").is_file():  # RocksDB's own marker: the store folder itself
        return folder
    raise StoreMissing(f"no store in {folder}/: run 'kg build' first (or pass -o DIR)")


def open_store(out_dir: str | os.PathLike, read_only: bool = True) -> Store:
    path = store_path(out_dir)
    return Store.read_only(str(path)) if read_only else Store(str(path))


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


@contextlib.contextmanager
def new_version(out_dir: Path) -> Iterator[Path]:
    """A fresh, unpublished ``DIR/versions/<id>/``; removed again if the block fails."""
    versions = out_dir / VERSIONS_DIR
    versions.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%dT%H%M%S-"), dir=versions))
    os.chmod(path, 0o777 & ~_umask())  # mkdtemp makes 0700; outputs are for sharing
    try:
        yield path
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise


def _relink(link: Path, target: str) -> None:
    """Make ``link`` a symlink to ``target`` with one rename (a new link swapped over it)."""
    if link.is_symlink() and os.readlink(link) == target:
        return
    tmp = link.with_name(f".link-{link.name}-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _adopt_legacy_outputs(out_dir: Path) -> None:
    """A folder written by a kg without versions (plain ``store/``, ``graph.ttl``…) becomes a
    version before anything new is published, in steps that each leave the old outputs
    readable at their paths, and that a later build resumes if one is killed: the files are
    hard-linked into a version holding a ``store`` link, ``current`` is pointed at it, the
    plain store folder and that link swap places in one ``renameat2(RENAME_EXCHANGE)``, and the
    plain files are swapped for links."""
    plain = [n for n in PUBLISHED if (out_dir / n).exists() and not (out_dir / n).is_symlink()]
    if not plain:
        return
    legacy = current_version(out_dir)
    if legacy is None:
        with new_version(out_dir) as legacy:
            for name in plain:
                if name != STORE_DIR:
                    os.link(out_dir / name, legacy / name)
            if STORE_DIR in plain:
                os.symlink(f"{CURRENT}/{STORE_DIR}", legacy / STORE_DIR)  # swapped in below
        _relink(out_dir / CURRENT, f"{VERSIONS_DIR}/{legacy.name}")
    for name in plain:
        if name != STORE_DIR:
            _relink(out_dir / name, f"{CURRENT}/{name}")
        elif (legacy / STORE_DIR).is_symlink():
            _exchange(out_dir / STORE_DIR, legacy / STORE_DIR)
        else:
            raise OSError(errno.EEXIST, f"{out_dir / STORE_DIR} is a folder, not a link to "
                          f"{CURRENT}/{STORE_DIR}; move it away")


def _exchange(a: Path, b: Path) -> None:
    """Swap two paths atomically (Linux ``renameat2``); elsewhere in two renames."""
    import ctypes

    at_fdcwd, rename_exchange = -100, 2
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return
        err = ctypes.get_errno()
        if err not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            raise OSError(err, os.strerror(err), str(a))
    # no exchange on this file system: a moment without a.  Both ends are links or folders
    # that kg finds either way (store_path looks through current/ first)
    aside = b.with_name(f".exchange-{os.getpid()}")
    os.replace(b, aside)
    os.replace(a, b)
    os.replace(aside, a)


def publish(version: Path, out_dir: Path) -> dict[str, Path]:
    """Make ``version`` the current output with one rename; return the published paths."""
    _adopt_legacy_outputs(out_dir)
    _relink(out_dir / CURRENT, f"{VERSIONS_DIR}/{version.name}")  # the one atomic step
    published = {}
    for name in PUBLISHED:
        link = out_dir / name
        if (version / name).exists():
            _relink(link, f"{CURRENT}/{name}")
            published[name] = link
        elif link.is_symlink() or link.is_file():
            link.unlink()  # e.g. a build without the page: no page of an older build stays
    remove_old_versions(out_dir)
    return published


def current_version(out_dir: Path) -> Path | None:
    link = out_dir / CURRENT
    if not link.is_symlink():
        return None
    return (out_dir / os.readlink(link)).resolve()


def remove_old_versions(out_dir: Path) -> None:
    """Every version but the current one (the previous, or unpublished ones of killed builds)."""
    keep = current_version(out_dir)
    versions = out_dir / VERSIONS_DIR
    if not versions.is_dir():
        return
    for entry in versions.iterdir():
        if keep is None or entry.resolve() != keep:
            shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it replaces ``path`` only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for sharing
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class BuildLocked(Exception):
    pass


_HELD_LOCKS: set[int] = set()  # descriptors of the build locks this process holds


def _release_locks_in_child() -> None:
    """A process forked by a build (a worker of its process pool, ``kg/parallel.py``) does not
    hold the build's lock: a lock held by an open file is released only when every process
    holding it has closed it, so a killed build's workers, finishing the file they were
    reading, would keep the folder locked against the next build."""
    for fd in list(_HELD_LOCKS):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_release_locks_in_child)


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """One build per output folder, by an OS lock held for the whole build: the kernel drops
    it when the holder dies, so there is no stale lock to judge and no lock file to delete
    (the file stays; deleting it would let a second build lock a new file beside the first).
    Leftovers of killed builds are removed by the holder only."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = out_dir / LOCK_FILE
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    _HELD_LOCKS.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            owner = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            who = f" (pid {owner})" if owner.isdigit() else ""
            raise BuildLocked(f"{out_dir}: another kg build{who} is writing here") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)  # for the message above only
        _remove_leftovers(out_dir)
        yield
    finally:
        _HELD_LOCKS.discard(fd)
        os.close(fd)  # releases the lock


def _remove_leftovers(out_dir: Path) -> None:
    for pattern in (".store-*", ".graph.*", ".link-*"):
        for leftover in out_dir.glob(pattern):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
    remove_old_versions(out_dir)


RDF_FORMATS = {
    "ttl": (RdfFormat.TURTLE, "graph.ttl"),
    "nt": (RdfFormat.N_TRIPLES, "graph.nt"),
    "jsonld": (RdfFormat.JSON_LD, "graph.jsonld"),
}


def union_triples(store: Store) -> Iterator[Triple]:
    """Every triple of every graph (each once: kg's graphs share no triple)."""
    for q in store:
        yield Triple(q.subject, q.predicate, q.object)


def dump(store: Store, fmt: str, path: Path, prefixes: dict[str, str] | None = None) -> Path:
    """The union of the store's graphs as triples (Turtle, N-Triples, JSON-LD)."""
    rdf_format, _ = RDF_FORMATS[fmt]
    with atomic_output(path) as tmp:
        kwargs = {"prefixes": prefixes} if prefixes and fmt in ("ttl", "jsonld") else {}
        serialize(union_triples(store), str(tmp), rdf_format, **kwargs)
    return path
