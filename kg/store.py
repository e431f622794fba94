"""store: the embedded, persistent Oxigraph store and atomic output files.

Everything is written beside its final place first and moved in only when complete, so an
interrupted or failed build leaves the previous output as it was.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from pyoxigraph import DefaultGraph, RdfFormat, Store, Triple, serialize

STORE_DIR = "store"
LOAD_CHUNK = 200_000  # triples per bulk load (~200 MB of loader memory)


class StoreMissing(Exception):
    pass


def write_store(triples: Iterable[Triple], out_dir: Path) -> tuple[Path, int]:
    """Bulk-load triples into a fresh store in ``out_dir/.store-*``; return (path, count).

    Call ``publish_store`` to move it into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".store-", dir=out_dir))
    # N-Triples written by Oxigraph's serializer and bulk-loaded by its parser (about twice as
    # fast as a Quad object per triple), in chunks: the bulk loader buffers what it is given,
    # so chunks keep memory flat however large the corpus
    nt = tmp.with_name(tmp.name + ".nt")
    triples = iter(triples)
    try:
        store = Store(str(tmp))
        while True:
            chunk = list(islice(triples, LOAD_CHUNK))
            if not chunk:
                break
            serialize(chunk, str(nt), RdfFormat.N_TRIPLES)
            store.bulk_load(path=str(nt), format=RdfFormat.N_TRIPLES)
        store.flush()
        count = len(store)
        del store
    finally:
        nt.unlink(missing_ok=True)
    return tmp, count


def publish_store(tmp: Path, out_dir: Path) -> Path:
    final = out_dir / STORE_DIR
    old = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=".store-old-", dir=out_dir))
        os.replace(final, old / STORE_DIR)
    os.replace(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return final


def open_store(out_dir: str | os.PathLike, read_only: bool = True) -> Store:
    path = Path(out_dir) / STORE_DIR
    if not path.is_dir():
        raise StoreMissing(f"no store in {Path(out_dir)}/: run 'kg build' first (or pass -o DIR)")
    return Store.read_only(str(path)) if read_only else Store(str(path))


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it replaces ``path`` only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are for sharing
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class BuildLocked(Exception):
    pass


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """One build per output folder; leftovers of a killed build are removed first."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = out_dir / ".kg-build.lock"
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        pid = _lock_owner(lock)
        if pid and _alive(pid):
            raise BuildLocked(f"{out_dir}: another kg build (pid {pid}) is writing here") from None
        lock.unlink(missing_ok=True)  # stale: its build was killed
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    with os.fdopen(fd, "w") as f:
        f.write(str(os.getpid()))
    try:
        for leftover in out_dir.glob(".store-*"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
        for leftover in out_dir.glob(".graph.*"):
            leftover.unlink(missing_ok=True)
        yield
    finally:
        lock.unlink(missing_ok=True)


def _lock_owner(lock: Path) -> int | None:
    try:
        return int(lock.read_text().strip() or 0) or None
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


RDF_FORMATS = {
    "ttl": (RdfFormat.TURTLE, "graph.ttl"),
    "nt": (RdfFormat.N_TRIPLES, "graph.nt"),
    "jsonld": (RdfFormat.JSON_LD, "graph.jsonld"),
}


def dump(store: Store, fmt: str, path: Path, prefixes: dict[str, str] | None = None) -> Path:
    rdf_format, _ = RDF_FORMATS[fmt]
    with atomic_output(path) as tmp:
        kwargs = {"prefixes": prefixes} if prefixes and fmt in ("ttl", "jsonld") else {}
        store.dump(str(tmp), rdf_format, from_graph=DefaultGraph(), **kwargs)
    return path
