"""pool: query processes kept warm for ``kg serve``, and the store version each request reads.

A request of the endpoint is a user's query like ``kg query``'s: the same guard and the same
child (``kg.isolate``: read-only store, memory cap, no network), but starting a child and
importing the parser per request would cost ~0.3 s. ``QueryPool`` keeps a few children running
in their loop mode; each answers one request at a time; one that passes the time limit, runs
out of memory or dies is killed and replaced.

``StoreVersions`` settles which build a request reads. The output folder is versioned
(``DIR/current`` -> ``DIR/versions/<id>``, old versions deleted by the next build), so a server
that stays up re-reads ``current`` per request and moves to a new build when it changes. It
reads a private snapshot of each version: hard links to the store's files (RocksDB files are
never changed once written) in ``DIR/.kg-serve-<pid>-<n>/``, so a build deleting the version
while a query runs deletes only its own names of the files. The snapshot goes when the
server has moved on and no request reads it. Where it cannot be made (no write access to DIR,
another file system) the version is read in place.
"""
from __future__ import annotations

import errno
import json
import os
import queue
import select
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from .query import (
    QueryError,
    QueryLimitExceeded,
    Result,
    child_command,
    child_environment,
    request_for,
    result_of_answer,
    timeout_message,
)
from .store import CURRENT, STORE_DIR, store_path

SNAPSHOT_PREFIX = ".kg-serve-"
_NOT_LINKED = ("LOCK", "LOG")  # RocksDB's lock and info log: not data, and a reader may write them


class _WorkerDied(Exception):
    pass


class Worker:
    """One query child in loop mode (``python -m kg.isolate --loop``)."""

    def __init__(self, max_memory: int):
        env = child_environment(max_memory)
        self._stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(child_command() + ["--loop"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self._stderr, env=env)
        self._pending = bytearray()

    def ask(self, request: dict, timeout: float) -> bytes:
        """Send one request; return its answer line. ``TimeoutError`` past ``timeout`` s,
        ``_WorkerDied`` when the child is gone."""
        try:
            self.process.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise _WorkerDied() from None
        deadline = time.monotonic() + timeout
        fd = self.process.stdout.fileno()
        while b"\n" not in self._pending:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError()
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    raise _WorkerDied()
                self._pending += chunk
        end = self._pending.index(b"\n")
        line = bytes(self._pending[:end])
        del self._pending[:end + 1]
        return line

    def stop(self) -> tuple[str, int | None]:
        """Kill the child; return what it wrote on stderr and its exit status."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self._stderr.seek(0)
        text = self._stderr.read().decode("utf-8", "replace")
        self._stderr.close()
        return text, self.process.returncode


class QueryPool:
    """``size`` warm query children; ``execute`` runs a guarded query on one of them."""

    def __init__(self, size: int = 2, timeout: float = 30.0, max_memory: int = 2 * 2**30,
                 cap: int | None = 10_000):
        self.timeout, self.max_memory, self.cap = timeout, max_memory, cap
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, size)):
            self._idle.put(self._start())

    def _start(self) -> Worker:
        worker = Worker(self.max_memory)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: Worker) -> tuple[str, int | None]:
        with self._lock:
            self._all.discard(worker)
        stderr, status = worker.stop()
        if not self._closed:
            self._idle.put(self._start())
        return stderr, status

    def execute(self, store: str, sparql: str) -> Result:
        """The Result of ``sparql`` on the store at ``store`` (a store folder), or QueryError."""
        if self._closed:
            raise QueryError("the server is shutting down")
        worker = self._idle.get()
        request = request_for(store, sparql, self.max_memory, self.cap)
        try:
            line = worker.ask(request, self.timeout)
        except TimeoutError:
            self._replace(worker)
            raise QueryLimitExceeded(timeout_message(self.timeout)) from None
        except _WorkerDied:
            stderr, status = self._replace(worker)
            return result_of_answer(b"", stderr, status, self.max_memory)
        except BaseException:
            self._replace(worker)
            raise
        if b'"error": "memory"' in line:  # the child exits after a MemoryError
            self._replace(worker)
        else:
            self._idle.put(worker)
        return result_of_answer(line, "", 0, self.max_memory)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.stop()


class StoreVersions:
    """The store folder each request reads: a snapshot of the current version of ``out_dir``."""

    def __init__(self, out_dir: str | os.PathLike):
        self.out_dir = Path(out_dir)
        store_path(self.out_dir)  # StoreMissing now, not at the first request
        self._lock = threading.Lock()
        self._current: tuple[str, Path, bool] | None = None  # (version, store read, snapshot?)
        self._readers: dict[Path, int] = {}
        self._snapshots: set[Path] = set()  # only these are ever removed
        self._count = 0
        remove_stale_snapshots(self.out_dir)

    def acquire(self) -> Path:
        """The store folder of the current build, held until ``release``."""
        with self._lock:
            version = self._version()
            if self._current is None or self._current[0] != version:
                previous = self._current
                self._current = (version, *self._snapshot())
                if previous is not None:
                    self._drop_if_unused(previous[1])
            path = self._current[1]
            self._readers[path] = self._readers.get(path, 0) + 1
            return path

    def release(self, path: Path) -> None:
        with self._lock:
            self._readers[path] -= 1
            current = self._current is not None and self._current[1] == path
            if not current:
                self._drop_if_unused(path)

    def close(self) -> None:
        with self._lock:
            for path in self._snapshots:
                shutil.rmtree(path.parent, ignore_errors=True)
            self._snapshots.clear()
            self._current = None

    def _version(self) -> str:
        link = self.out_dir / CURRENT
        try:
            return os.readlink(link)
        except OSError:  # an output folder of a kg without versions: its plain store/
            return str(store_path(self.out_dir).resolve())

    def _snapshot(self) -> tuple[Path, bool]:
        """(store folder to read, whether it is our snapshot) for the current version."""
        for _attempt in range(5):
            source = store_path(self.out_dir).resolve()  # the version's real folder
            self._count += 1
            folder = self.out_dir / f"{SNAPSHOT_PREFIX}{os.getpid()}-{self._count}"
            try:
                os.mkdir(folder)
                shutil.copytree(source, folder / STORE_DIR, copy_function=os.link,
                                ignore=lambda _dir, names: [n for n in names
                                                            if n.startswith(_NOT_LINKED)])
                self._snapshots.add(folder / STORE_DIR)
                return folder / STORE_DIR, True
            except (FileNotFoundError, shutil.Error):
                shutil.rmtree(folder, ignore_errors=True)  # a build removed it meanwhile
                continue
            except OSError as e:
                shutil.rmtree(folder, ignore_errors=True)
                if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.EXDEV, errno.EMLINK):
                    return source, False  # cannot snapshot here: read the version in place
                raise
        return store_path(self.out_dir).resolve(), False

    def _drop_if_unused(self, path: Path) -> None:
        if path in self._snapshots and self._readers.get(path, 0) == 0:
            self._readers.pop(path, None)
            self._snapshots.discard(path)
            shutil.rmtree(path.parent, ignore_errors=True)


def remove_stale_snapshots(out_dir: Path) -> None:
    """Snapshots left by a server that was killed (its process is gone)."""
    for folder in out_dir.glob(f"{SNAPSHOT_PREFIX}*"):
        pid = folder.name[len(SNAPSHOT_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
