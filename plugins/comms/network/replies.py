"""Answering requests in order while the flushes behind the answers run in parallel.

A relay acknowledges an item only once it is on disk, and a flush costs milliseconds of
waiting for the disk; one after the other they would cap a relay at a few hundred small
packages a second. The filesystem commits flushes that run at the same time together
(ext4 joins concurrent ``fsync`` calls in one journal commit), so the connection thread
hands each flush to a small pool and reads the next item while it runs. Answers still
leave in request order, each only after its own flush, and the thread never blocks
reading while an answer is ready or could be made ready: before each read it sends what
is done, and when the client has nothing more on the way it waits for every pending flush
and answers, so a client waiting for answers is never left waiting.
"""

from __future__ import annotations

import select
import ssl
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

from .frames import FrameType, send_frame, send_json
from .timed_socket import TimedSocket

MAX_PENDING = 32
"""Answers held back at most; past this the thread waits for the oldest flush."""


class Replies:
    """The answers of one connection, sent in request order."""

    def __init__(self, sock: TimedSocket, pool: Executor):
        self._sock = sock
        self._pool = pool
        self._pending: deque[tuple[Future[None], FrameType, dict[str, Any]]] = deque()

    def after(self, work: Callable[[], None], kind: FrameType, value: dict[str, Any]) -> None:
        """Run ``work`` in the pool; answer ``value`` once it is done (its error ends the
        connection unanswered)."""
        self._pending.append((self._pool.submit(work), kind, value))
        if len(self._pending) > MAX_PENDING:
            self._send(wait_for=1)

    def now(self, kind: FrameType, value: dict[str, Any] | bytes) -> None:
        """Answer at once, after every answer held back."""
        self._send(wait_for=len(self._pending))
        if isinstance(value, bytes):
            send_frame(self._sock, kind, value)
        else:
            send_json(self._sock, kind, value)

    def before_read(self) -> None:
        """Send the answers ready; all of them when the client has sent nothing more."""
        self._send(wait_for=0 if _input_waiting(self._sock.sock) else len(self._pending))

    def _send(self, *, wait_for: int) -> None:
        while self._pending and (wait_for > 0 or self._pending[0][0].done()):
            future, kind, value = self._pending.popleft()
            future.result()
            send_json(self._sock, kind, value)
            wait_for -= 1


def _input_waiting(sock) -> bool:
    """True when bytes from the client are already here (decrypted or on the socket)."""
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)
