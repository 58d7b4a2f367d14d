"""A socket whose every read is bounded by an idle timeout and an overall deadline.

A peer that stops sending is dropped after the idle timeout; a connection that has lasted
longer than the overall timeout is dropped at its next read, however busy it is, so a slow
trickle cannot hold a connection slot for ever.
"""

from __future__ import annotations

import socket
import time

from .frames import ProtocolError


class TimedSocket:
    """Wraps a (TLS) socket: ``recv_into`` and ``sendall`` under both timeouts."""

    def __init__(self, sock: socket.socket, idle: float, overall: float):
        self.sock = sock
        self._idle = idle
        self._deadline = time.monotonic() + overall
        self._timeout: float | None = None

    def recv_into(self, buffer: memoryview) -> int:
        self._arm()
        try:
            return self.sock.recv_into(buffer)
        except TimeoutError:
            raise self._timeout_error() from None

    def sendall(self, data: bytes) -> None:
        self._arm()
        try:
            self.sock.sendall(data)
        except TimeoutError:
            raise self._timeout_error() from None

    def _arm(self) -> None:
        """Bound the next call by the idle timeout and what is left of the overall one
        (the socket's timeout is only changed when that bound changes)."""
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise ProtocolError("overall-timeout", "the connection lasted longer than allowed")
        timeout = min(self._idle, remaining)
        if timeout != self._timeout:
            self.sock.settimeout(timeout)
            self._timeout = timeout

    def _timeout_error(self) -> ProtocolError:
        if time.monotonic() >= self._deadline:
            return ProtocolError("overall-timeout", "the connection lasted longer than allowed")
        return ProtocolError("idle-timeout",
                             f"nothing was received for {self._idle:g} seconds")
