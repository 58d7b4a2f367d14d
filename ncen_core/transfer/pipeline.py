"""Preparing records in a worker process while the importing process writes them.

An import spends most of its time in Python on each record (mapping, validation) and the
rest writing; on a machine with two cores or more, a large file is read and prepared by
a forked worker (:class:`ncen_core.transfer.preparer.Preparer`, which never touches the
database) while the importing process writes the records it hands over, in file order,
inside the import's one transaction. So a failure anywhere still leaves the database
unchanged: the worker's errors are raised again in the importing process, and the
importing process stops the worker if it fails itself.

Memory stays bounded: records travel in chunks through a queue of at most
:data:`CHUNKS_IN_FLIGHT` chunks, so the worker waits when the writer is behind. A chunk
is pickled by the worker with a dispatch table of its own (:func:`pack`): the records'
dataclasses travel as plain tuples of their fields, and each record's source rows as one
nested blob that the writer unpickles only if it needs them (a repeated key), since the
writer's time is half of the import's. The
worker is forked (it inherits the compiled mapping, the registry and the open file) and
exits without running the parent's clean-up, so the database connection it inherits is
never used or closed by it. Where ``fork`` is not available, or for small files, the
records are prepared in the importing process itself.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import gc
import io
import multiprocessing
import os
import pickle
import queue as queue_module
import threading
from pathlib import Path
from typing import Any, Iterator, Sequence

from ncen_core.transfer.bulk_writer import NewRecord
from ncen_core.transfer.preparer import Linked, Ready, Refused
from ncen_core.transfer.report import Problem
from ncen_core.transfer.source import SourceRow
from ncen_core.validation import Quantity

from ncen_core.transfer.errors import TransferError
from ncen_core.transfer.preparer import Prepared, Preparer, RowCounts
from ncen_core.transfer.report import UnknownValues
from ncen_core.transfer.source import TableSource

#: Files smaller than this are prepared in the importing process (a worker costs more
#: than it saves on a few thousand rows).
PARALLEL_MIN_BYTES = 4 << 20
CHUNK_RECORDS = 500
CHUNKS_IN_FLIGHT = 8
#: Allocations between youngest-generation collections during an import (Python's
#: default: 700). A batch of records holds some 100,000 containers while it is written:
#: below that, each batch met collections that found nothing to free (at 20,000: 21
#: collections, 3% of the CPU of importing 20,000 seizures in one process, measured).
GC_THRESHOLD = 100_000
#: How often the importing process checks that a silent worker is still alive.
POLL_SECONDS = 1.0


def can_fork() -> bool:
    """True where a worker can be forked safely and there is a second core for it.

    Only a single-threaded process forks on its own initiative: a fork copies locks that
    another thread may hold at that instant (the interface imports from a worker thread
    while its event loop and database threads run), and such a worker would wait forever.
    """
    return ("fork" in multiprocessing.get_all_start_methods()
            and (os.cpu_count() or 1) > 1
            and threading.active_count() == 1)


def worth_a_worker(path: Path) -> bool:
    """True for a file large enough to be prepared in a worker, on a machine that can."""
    try:
        return can_fork() and path.stat().st_size >= PARALLEL_MIN_BYTES
    except OSError:
        return False


class Finished:
    """What the rows gave besides records, known once they are all read."""

    def __init__(self, counts: RowCounts, unknown: UnknownValues, sha256: str):
        self.counts = counts
        self.unknown = unknown
        self.sha256 = sha256


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect the youngest generation every :data:`GC_THRESHOLD` allocations instead of
    every 700 while an import writes (its records and rows are many short-lived containers
    and make no cycles), then restore the thresholds as they were."""
    thresholds = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def prepared_here(preparer: Preparer, source: TableSource, finished: list[Finished]
                  ) -> Iterator[Prepared]:
    """The records of ``source``, prepared in this process; ``finished`` gets the totals."""
    yield from preparer.prepare(source.rows())
    finished.append(Finished(preparer.counts, preparer.mapper.ctx.unknown, source.sha256))


def prepared_in_worker(preparer: Preparer, source: TableSource, finished: list[Finished],
                       chunk_records: int = CHUNK_RECORDS) -> Iterator[Prepared]:
    """The records of ``source``, prepared by a forked worker and handed over in file
    order, ``chunk_records`` at a time; ``finished`` gets the totals. Stops the worker if
    the caller stops early."""
    context = multiprocessing.get_context("fork")
    channel = context.Queue(maxsize=CHUNKS_IN_FLIGHT)
    worker = context.Process(target=_work, args=(preparer, source, channel, chunk_records),
                             daemon=True, name="ncen-import-prepare")
    worker.start()
    try:
        while True:
            kind, payload = _receive(channel, worker)
            if kind == "records":
                yield from unpack(payload)
            elif kind == "finished":
                finished.append(payload)
                break
            else:
                raise payload
        worker.join()
    finally:
        if worker.is_alive():
            worker.terminate()
            worker.join()
        channel.close()
        channel.join_thread()


def _receive(channel: Any, worker: Any) -> tuple[str, Any]:
    while True:
        try:
            return channel.get(timeout=POLL_SECONDS)
        except queue_module.Empty:
            if not worker.is_alive():
                raise TransferError(f"the import's worker process stopped (exit code "
                                    f"{worker.exitcode}); nothing was imported") from None


def _work(preparer: Preparer, source: TableSource, channel: Any, chunk_records: int) -> None:
    """The worker: prepare every record, send them in chunks, then the totals or the error.

    The heap it inherited is left out of garbage collection (it is never freed here, and
    its pages stay shared with the importing process); it inherits the importing process's
    :func:`fewer_collections` too.
    """
    gc.freeze()
    try:
        chunk: list[Prepared] = []
        for item in preparer.prepare(source.rows()):
            chunk.append(item)
            if len(chunk) >= chunk_records:
                channel.put(("records", pack(chunk)))
                chunk = []
        if chunk:
            channel.put(("records", pack(chunk)))
        channel.put(("finished", Finished(preparer.counts, preparer.mapper.ctx.unknown,
                                          source.sha256)))
    except BaseException as exc:  # handed to the importing process, which raises it
        channel.put(("error", _sendable(exc)))
    finally:
        channel.close()
        channel.join_thread()


def _sendable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling, else a TransferError saying what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return TransferError(f"preparing the records failed: {type(exc).__name__}: {exc}")


class PackedRows(Sequence[SourceRow]):
    """The source rows of one record as the worker pickled them, unpickled on first use."""

    def __init__(self, blob: bytes):
        self._blob = blob
        self._rows: list[SourceRow] | None = None

    def _unpacked(self) -> list[SourceRow]:
        if self._rows is None:
            self._rows = pickle.loads(self._blob)
        return self._rows

    def __getitem__(self, index: Any) -> Any:
        return self._unpacked()[index]

    def __len__(self) -> int:
        return len(self._unpacked())


def _by_fields(item: Any) -> tuple[Any, tuple[Any, ...]]:
    return type(item), tuple(getattr(item, name) for name in _FIELDS[type(item)])


def _ready(item: Ready) -> tuple[Any, tuple[Any, ...]]:
    return _unpack_ready, (pickle.dumps(item.rows, protocol=pickle.HIGHEST_PROTOCOL),
                           item.key, item.record, item.linked)


def _unpack_ready(blob: bytes, key: tuple[str, ...], record: NewRecord,
                  linked: list[Linked]) -> Ready:
    return Ready(PackedRows(blob), key, record, linked)


_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls))
           for cls in (Refused, Linked, NewRecord, Problem, SourceRow, Quantity)}
_DISPATCH = copyreg.dispatch_table.copy()
_DISPATCH.update({cls: _by_fields for cls in _FIELDS})
_DISPATCH[Ready] = _ready


def pack(records: list[Any]) -> bytes:
    """``records`` pickled with the worker's dispatch table (see the module docstring)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(records)
    return buffer.getvalue()


def unpack(blob: bytes) -> list[Any]:
    """The records of a chunk :func:`pack` made. The cyclic garbage collector is paused
    meanwhile: unpickling makes thousands of containers and no cycle, and each would
    otherwise bring a collection nearer (a third of the time, measured)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(blob)
    finally:
        if was_enabled:
            gc.enable()
