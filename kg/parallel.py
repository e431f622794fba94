"""parallel: where the map step (``kg.work.process_bytes``) runs — here, a process pool, or Dask.

``run`` takes tasks (a key, the path to show, the file's bytes) and yields ``(key, result or
exception)`` as they finish, in whatever order, so the caller streams each result into the
store while the others are still being read:

- ``jobs >= 1`` (default: every core): a pool of ``jobs`` worker processes (Pebble), each task
  with a time budget (``file_budget``): a file that takes longer — pathological input — has its
  worker killed and is reported as a ``FileTimeout``; the batch goes on on a new worker. The
  workers are forked from this process; each warms up as it starts (``_worker_start``: the
  tables and patterns loaded, then kept out of the garbage collector's way).
- ``jobs == 0``: in this process, one file after the other, no time budget (for profiling).
- ``scheduler="tcp://HOST:PORT"``: the same step on an existing Dask distributed cluster. The
  bytes travel with the task, so the workers need kg installed but not the files; the results
  come back through Dask. Dask cannot stop a running task, so a file over its budget is
  reported and its result dropped, but its worker thread runs on until it ends.

At most ``4 × workers`` tasks are in flight (enough that no worker waits while this process
loads a chunk into the store): memory holds a few files, never the corpus.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, TimeoutError as FutureTimeout, wait

from .work import process_bytes

Task = tuple[object, str, bytes]  # (key, path as shown, bytes)


class FileTimeout(Exception):
    """A file took longer than its time budget (the message names it)."""


def file_budget(size: int, per_file: float | None = None) -> float:
    """Seconds one file may take: ``per_file`` if given, else 60 s plus 10 s per MB (a real
    report is read at ~1 MB/s per core; a pathological one is stopped)."""
    return per_file if per_file is not None else 60.0 + 10.0 * size / 1e6


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run(tasks: Iterable[Task], base: str, jobs: int | None = None, scheduler: str | None = None,
        per_file: float | None = None, started: Callable[[], None] | None = None
        ) -> Iterator[tuple[object, object]]:
    """``started`` is called once the workers are forked (at once without a local pool): work
    this process does in threads of its own starts then, since a thread running during a fork
    can leave a lock held in the child (an import half done, say)."""
    if scheduler or jobs == 0:
        if started is not None:
            started()
    if scheduler:
        yield from _run_dask(tasks, base, scheduler, per_file)
    elif jobs == 0:
        for key, shown, data in tasks:
            try:
                yield key, process_bytes(shown, data, base)
            except Exception as e:  # reported for this file; the batch goes on
                yield key, e
    else:
        yield from _run_pool(tasks, base, jobs or default_jobs(), per_file, started)


def _timeout_message(shown: str, budget: float) -> FileTimeout:
    return FileTimeout(f"{shown}: took longer than {budget:g} s (pathological input?); stopped "
                       "and skipped")


def _context():
    """Workers forked from this process (kg already imported, nothing re-imported: a script
    that calls ``kg.build`` needs no ``if __name__ == "__main__"`` guard). The store is opened
    only after the pool has started its workers; a worker forked later to replace one that ran
    out of time runs Python only, never the store."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


# a worker's collector runs a young collection every 50,000 allocations (not 700): the map
# step makes no garbage cycles to speak of, and its long-lived tables are frozen out of the way
WORKER_GC_THRESHOLDS = (50_000, 20, 100)


def _worker_start(base: str) -> None:
    """A pool worker's first steps: warm up (``work.warm_up``), then move everything loaded so
    far out of the collector's sight (``gc.freeze``) and collect young objects less often
    (~3 % of the map step's time otherwise)."""
    import gc

    from .work import warm_up

    warm_up(base)
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def _run_pool(tasks, base, jobs, per_file, started=None):
    from pebble import ProcessPool

    pending = iter(tasks)
    running: dict = {}
    pool = ProcessPool(max_workers=jobs, context=_context(), initializer=_worker_start,
                       initargs=(base,))
    try:
        while True:
            while len(running) < 4 * jobs:
                task = next(pending, None)
                if task is None:
                    break
                key, shown, data = task
                budget = file_budget(len(data), per_file)
                future = pool.schedule(process_bytes, args=(shown, data, base), timeout=budget)
                running[future] = (key, shown, budget)
            if started is not None:  # the first task scheduled forked the workers
                started()
                started = None
            if not running:
                return
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                key, shown, budget = running.pop(future)
                yield key, _outcome(future, shown, budget)
    finally:
        pool.stop()
        # joining the pool waits for pebble's manager threads, which poll every 0.1 s: it is
        # done in a thread while the build goes on
        # (not a daemon: pebble's workers are not daemonic, so the join must run to its end;
        # Python waits for it before it exits)
        threading.Thread(target=pool.join, name="kg-pool-join").start()


def _outcome(future, shown: str, budget: float):
    try:
        return future.result()
    except FutureTimeout:
        return _timeout_message(shown, budget)
    except Exception as e:  # the file's own error (ReadError…), or its worker died
        return e


def _run_dask(tasks, base, scheduler, per_file):
    import time

    from distributed import Client
    from distributed import wait as dask_wait

    with Client(scheduler) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending = iter(tasks)
        running: dict = {}  # future -> (key, shown, budget, deadline)
        while True:
            while len(running) < 2 * workers:
                task = next(pending, None)
                if task is None:
                    break
                key, shown, data = task
                budget = file_budget(len(data), per_file)
                future = client.submit(process_bytes, shown, data, base, pure=False)
                running[future] = (key, shown, budget, time.monotonic() + budget)
            if not running:
                return
            wait_for = max(0.01, min(d for *_, d in running.values()) - time.monotonic())
            try:
                done = dask_wait(list(running), timeout=wait_for, return_when="FIRST_COMPLETED").done
            except (TimeoutError, FutureTimeout):
                done = set()
            now = time.monotonic()
            for future in list(running):
                key, shown, budget, deadline = running[future]
                if future in done:
                    del running[future]
                    try:
                        yield key, future.result()
                    except Exception as e:
                        yield key, e
                elif now > deadline:  # Dask cannot stop it: reported, its result dropped
                    del running[future]
                    future.cancel()
                    yield key, _timeout_message(shown, budget)
