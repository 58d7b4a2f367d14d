"""Answering requests in order, in batches that share their flushes to disk (group commit).

A relay acknowledges an item only once it is on disk, and a flush costs milliseconds of
waiting for the disk; one after the other they would cap a relay at a few hundred small
packages a second. So the connection thread hands each item's flush (file ``fsync`` and
rename) to a pool as soon as the item is read, and reads on while the client keeps
sending: the filesystem commits concurrent flushes together (ext4 joins them in one
journal commit). Every :data:`BATCH` items, or when the client has nothing more on the
way, the batch is sealed: a pool thread awaits its flushes and flushes each folder the
batch renamed into once (one folder flush covers every rename before it). The connection
thread does not wait for that: it reads the next items, whose flushes overlap the sealing
of the batches before them, and sends the answers of each batch, in request order and in
one write, as soon as its sealing is done. It waits only when the client has nothing
more on the way (the client then waits for answers), and then only for the oldest
batch. Nothing is acknowledged before it is on disk.
"""

from __future__ import annotations

import select
import ssl
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

from .. import wire
from ..atomic_file import sync_folder
from .frames import FrameType, frame_bytes, send_frame
from .timed_socket import TimedSocket

BATCH = 64
"""Items per batch at most: the flushes one sealing waits for."""


class Replies:
    """The answers of one connection, sent in request order."""

    def __init__(self, sock: TimedSocket, pool: Executor):
        self._sock = sock
        self._pool = pool
        self._open: list[tuple[Future[None], Path | None]] = []
        self._open_answers: list[bytes] = []
        self._sealed: deque[tuple[Future[None], bytes]] = deque()

    def after(self, work: Callable[[], None], kind: FrameType, value: dict[str, Any], *,
              folder: Path | None = None) -> None:
        """Run ``work`` in the pool now; answer ``value`` once ``work`` is done and
        ``folder`` (where ``work`` renamed a file) is flushed. An error of ``work`` ends
        the connection unanswered."""
        self._open.append((self._pool.submit(work), folder))
        self._open_answers.append(frame_bytes(kind, wire.dumps_canonical(value)))
        if len(self._open) >= BATCH:
            self._seal()

    def now(self, kind: FrameType, value: dict[str, Any] | bytes) -> None:
        """Answer at once, after every answer held back."""
        self.send_held()
        send_frame(self._sock, kind, value if isinstance(value, bytes)
                   else wire.dumps_canonical(value))

    def send_held(self) -> None:
        """Send every answer held back, once on disk; the caller may then write to the
        socket itself."""
        self._seal()
        while self._sealed:
            self._send_oldest()

    def before_read(self) -> None:
        """Send the answers that are ready; if the client has sent nothing more, it is
        waiting for answers: seal the open batch and wait for the oldest until either
        the client sends again or nothing is held back."""
        while self._sealed and self._sealed[0][0].done():
            self._send_oldest()
        while (self._open or self._sealed) and not _input_waiting(self._sock.sock):
            self._seal()
            self._send_oldest()

    def _seal(self) -> None:
        if not self._open:
            return
        flushes = [flush for flush, _ in self._open]
        folders = list(dict.fromkeys(folder for _, folder in self._open if folder is not None))
        self._sealed.append((self._pool.submit(_settle_batch, flushes, folders),
                             b"".join(self._open_answers)))
        self._open, self._open_answers = [], []

    def _send_oldest(self) -> None:
        sealing, answers = self._sealed.popleft()
        sealing.result()
        self._sock.sendall(answers)


def _settle_batch(flushes: Iterable[Future[None]], folders: Iterable[Path]) -> None:
    """Wait for a batch's flushes (submitted to the pool before this), flush its folders."""
    for flush in flushes:
        flush.result()
    for folder in folders:
        sync_folder(folder)


def _input_waiting(sock) -> bool:
    """True when bytes from the client are already here (decrypted or on the socket)."""
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)
