"""The client side of the protocol: connect to an office or relay, push, pull, confirm.

The client checks the server as strictly as the server checks it: TLS 1.3 only, the
server's certificate must be the one the keyring pins for the office it meant to reach,
and the server's ``HELLO`` must name that office and offer the protocol version the client
speaks (there is no fallback).
"""

from __future__ import annotations

import select
import socket
import ssl
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from ncen_core.timeutil import utcnow

from .. import wire
from ..keyring import Keyring
from ..keys import OfficeKeys
from .frames import (
    PROTOCOL,
    VERSIONS,
    Frame,
    FrameType,
    ProtocolError,
    RemoteError,
    expect,
    frame_bytes,
    read_frame,
    send_frame,
    send_json,
)
from .limits import DEFAULT_NETWORK_LIMITS, NetworkLimits
from .spool import receive_file, send_file
from .timed_socket import TimedSocket
from .trust import certificate_pin, client_context, server_host_name

ITEM_KINDS = ("package", "receipt")
PIPELINE_WINDOW = 64
"""Items sent ahead of the answers read, to an office (whose answers, signed receipts of up
to 4 KiB, must fit the socket buffers while the client is busy sending)."""
RELAY_WINDOW = 256
"""Items sent ahead to a relay (answers of a few dozen bytes): enough for several batches
to be on their way to disk at once (see :mod:`.replies`)."""


@dataclass(frozen=True)
class Outgoing:
    """An item to send: a package file or a signed receipt file for office ``to``."""

    kind: str
    to: str
    item_id: str
    path: Path


@dataclass(frozen=True)
class PulledItem:
    """An item taken from a relay mailbox, spooled to ``path`` and not yet confirmed."""

    kind: str
    item_id: str
    sender: str
    path: Path


class Connection:
    """An authenticated conversation with the server of ``office``."""

    def __init__(self, sock: TimedSocket, tls: ssl.SSLSocket, office: str,
                 limits: NetworkLimits):
        self._sock = sock
        self._tls = tls
        self.office = office
        self._limits = limits

    @classmethod
    def open(cls, keys: OfficeKeys, keyring: Keyring, office: str, address: tuple[str, int],
             *, limits: NetworkLimits = DEFAULT_NETWORK_LIMITS) -> Connection:
        """Connect to ``office`` at ``address``; raises :class:`ProtocolError` or ``OSError``."""
        keyring.check_usable(utcnow())
        server = keyring.office(office)
        raw = socket.create_connection(address, timeout=limits.idle_timeout)
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            tls = client_context(keys, server).wrap_socket(
                raw, server_hostname=server_host_name(office))
        except BaseException:
            raw.close()
            raise
        timed = TimedSocket(tls, limits.idle_timeout, limits.overall_timeout)
        connection = cls(timed, tls, office, limits)
        try:
            if certificate_pin(tls.getpeercert(binary_form=True) or b"") != server.tls_sha256:
                raise ProtocolError("not-trusted", f"the server is not {office}: its "
                                    "certificate is not the one the keyring pins")
            connection._hello(keys.office)
        except BaseException:
            tls.close()
            raise
        return connection

    def _hello(self, me: str) -> None:
        hello = expect(self._read(), FrameType.HELLO).json()
        if hello.get("protocol") != PROTOCOL or hello.get("office") != self.office:
            raise ProtocolError("office-mismatch", f"the server does not say it is office "
                                f"{self.office} speaking {PROTOCOL}")
        offered = hello.get("versions")
        if not isinstance(offered, list) or VERSIONS[-1] not in offered:
            raise ProtocolError("version", f"the server offers protocol versions {offered!r}; "
                                f"this client speaks {list(VERSIONS)}")
        self.role = str(hello.get("role"))
        send_json(self._sock, FrameType.HELLO, {"version": VERSIONS[-1], "office": me})
        ready = expect(self._read(), FrameType.READY).json()
        self.max_package = ready.get("max_package")
        if isinstance(self.max_package, bool) or not isinstance(self.max_package, int):
            raise ProtocolError("malformed", "the server's READY does not give its package cap")

    def push_file(self, kind: str, to: str, item_id: str, path: Path) -> Frame:
        """Send one file for ``to``; returns the server's ``RECEIPT`` or ``STORED``."""
        [(_, reply)] = self.push_files([Outgoing(kind, to, item_id, path)])
        return reply

    def push_files(self, items: Iterable[Outgoing],
                   window: int | None = None) -> Iterator[tuple[Outgoing, Frame]]:
        """Send ``items`` back to back and yield each with the server's answer, in order.

        Up to ``window`` items (by default :data:`RELAY_WINDOW` to a relay,
        :data:`PIPELINE_WINDOW` to an office) are sent ahead of the answers read, so
        neither side waits a round trip per item (on a link with 100 ms of latency that is
        what limits small packages) and a relay can flush many at once. Answers already
        here are read between items; the answers are small frames the server can always
        write while the client is still sending, so sending ahead cannot deadlock. When
        the server cuts the connection while items are on their way, the answers it gave
        before are still yielded, then its reason is raised (a :class:`RemoteError`).
        """
        if window is None:
            window = RELAY_WINDOW if self.role == "relay" else PIPELINE_WINDOW
        waiting: deque[Outgoing] = deque()
        upcoming = iter(items)
        while True:
            while len(waiting) < window and (item := next(upcoming, None)) is not None:
                size = self._size_of(item)
                try:
                    self._send_item(item, size)
                except (OSError, ssl.SSLError) as error:
                    yield from self._answers_before_the_cut(waiting, error)
                    raise self._reason_for(error) from None
                waiting.append(item)
                while waiting and _input_waiting(self._tls):
                    yield waiting.popleft(), self._answer()
            if not waiting:
                return
            yield waiting.popleft(), self._answer()

    def _answer(self) -> Frame:
        return expect(self._read(), FrameType.RECEIPT, FrameType.STORED)

    def _answers_before_the_cut(self, waiting: deque[Outgoing],
                                error: Exception) -> Iterator[tuple[Outgoing, Frame]]:
        """The answers the server sent before cutting the connection; its ``ERROR`` is
        raised as soon as it is read, and ``error`` if the connection ends first."""
        while waiting:
            try:
                answer = self._answer()
            except RemoteError:
                raise
            except (OSError, ssl.SSLError, ProtocolError):
                raise error from None
            yield waiting.popleft(), answer

    def _size_of(self, item: Outgoing) -> int:
        size = item.path.stat().st_size
        if size > self.max_package:
            raise ProtocolError("too-large", f"{item.path.name} has {size} bytes; the server "
                                f"of {self.office} accepts packages of at most "
                                f"{self.max_package}")
        return size

    def _send_item(self, item: Outgoing, size: int) -> None:
        put = frame_bytes(FrameType.PUT, wire.dumps_canonical(
            {"kind": item.kind, "to": item.to, "id": item.item_id, "size": size}))
        send_file(self._sock, item.path, self._limits.max_frame, before=put)

    def _reason_for(self, error: Exception) -> Exception:
        """The server's ``ERROR`` if it said why it cut the connection, else ``error``."""
        try:
            self._read()
        except RemoteError as refused:
            return refused
        except (OSError, ssl.SSLError, ProtocolError):
            pass
        return error

    def pull(self, folder: Path) -> PulledItem | None:
        """The next item waiting for this office at a relay, spooled into ``folder``."""
        send_json(self._sock, FrameType.PULL, {})
        frame = expect(self._read(), FrameType.ITEM, FrameType.NONE)
        if frame.type is FrameType.NONE:
            return None
        header = frame.json()
        kind, item_id = header.get("kind"), header.get("id")
        if kind not in ITEM_KINDS or not isinstance(item_id, str) or not item_id.isascii():
            raise ProtocolError("malformed", "the relay announced an item without kind or id")
        size = header.get("size")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ProtocolError("malformed", "the relay announced an item without its size")
        path = receive_file(self._sock, folder / f"{item_id}.{kind}", size=size,
                            max_frame=self._limits.max_frame)
        return PulledItem(kind, item_id, str(header.get("from")), path)

    def confirm(self, item: PulledItem) -> None:
        """Tell the relay the item is safe here; only then does it delete its copy."""
        send_json(self._sock, FrameType.CONFIRM, {"kind": item.kind, "id": item.item_id})
        expect(self._read(), FrameType.CONFIRMED)

    def close(self) -> None:
        """Say goodbye (best effort) and close."""
        try:
            send_frame(self._sock, FrameType.BYE)
        except (OSError, ProtocolError):
            pass
        self._tls.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def _read(self) -> Frame:
        return read_frame(self._sock, self._limits.max_frame)



def _input_waiting(tls: ssl.SSLSocket) -> bool:
    """True when bytes from the server are already here (decrypted or on the socket)."""
    return bool(tls.pending() or select.select([tls], [], [], 0)[0])
