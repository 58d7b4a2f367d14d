"""Answering requests in order, in batches that share their flushes to disk (group commit).

A relay acknowledges an item only once it is on disk, and a flush costs milliseconds of
waiting for the disk; one after the other they would cap a relay at a few hundred small
packages a second. So the connection thread hands each item's flush (file ``fsync`` and
rename) to a pool as soon as the item is read, and reads on while the client keeps
sending: the filesystem commits concurrent flushes together (ext4 joins them in one
journal commit). When the client has nothing more on the way, or :data:`MAX_PENDING`
answers are held back, the batch is closed: every flush of the batch is awaited, each
folder the batch renamed into is flushed once (one folder flush covers every rename before
it), and the answers leave together, in request order. (Measured on loopback, starting
the flushes as items arrive beats starting them together when the batch closes, and
beats answering each item as soon as its own flush ends, which costs a folder flush per
few items.) Nothing is acknowledged before it
is on disk, and a client waiting for answers is never left waiting: the thread closes the
batch before it would block reading.
"""

from __future__ import annotations

import select
import ssl
from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

from ..atomic_file import sync_folder
from .frames import FrameType, send_frame, send_json
from .timed_socket import TimedSocket

MAX_PENDING = 64
"""Answers held back at most: the largest batch."""


class Replies:
    """The answers of one connection, sent in request order."""

    def __init__(self, sock: TimedSocket, pool: Executor):
        self._sock = sock
        self._pool = pool
        self._pending: list[tuple[Future[None], Path | None, FrameType, dict[str, Any]]] = []

    def after(self, work: Callable[[], None], kind: FrameType, value: dict[str, Any], *,
              folder: Path | None = None) -> None:
        """Run ``work`` in the pool now; answer ``value`` with the batch, once ``work`` is
        done and ``folder`` (where ``work`` renamed a file) is flushed. An error of
        ``work`` ends the connection unanswered."""
        self._pending.append((self._pool.submit(work), folder, kind, value))
        if len(self._pending) >= MAX_PENDING:
            self._close_batch()

    def now(self, kind: FrameType, value: dict[str, Any] | bytes) -> None:
        """Answer at once, after every answer held back."""
        self._close_batch()
        if isinstance(value, bytes):
            send_frame(self._sock, kind, value)
        else:
            send_json(self._sock, kind, value)

    def before_read(self) -> None:
        """Close the batch unless the client has already sent more."""
        if self._pending and not _input_waiting(self._sock.sock):
            self._close_batch()

    def _close_batch(self) -> None:
        batch, self._pending = self._pending, []
        for flush, _, _, _ in batch:
            flush.result()
        for folder in dict.fromkeys(folder for _, folder, _, _ in batch if folder is not None):
            sync_folder(folder)
        for _, _, kind, value in batch:
            send_json(self._sock, kind, value)


def _input_waiting(sock) -> bool:
    """True when bytes from the client are already here (decrypted or on the socket)."""
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)
