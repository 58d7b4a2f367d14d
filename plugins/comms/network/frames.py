"""The framed protocol spoken inside TLS between offices (and with a relay).

Every message is one frame: a 4-byte big-endian payload length, a 1-byte frame type, then
the payload. A reader refuses a length above its maximum before reading the payload, so
a peer can never make the other side buffer more than one frame's worth, and refuses a
type it does not know: there is no silent skipping, which would let two versions of the
protocol misread each other. Control frames carry canonical JSON; ``DATA`` frames carry
raw package bytes.

Version handshake: the server speaks first with ``HELLO`` listing the protocol versions
it speaks; the client answers ``HELLO`` with the one version it chose and the office it
claims to be; the server answers ``READY`` or ``ERROR`` (``version`` when it does not speak
that version: no fallback to another one, and the connection is closed).

Requests after ``READY``, answered in order (a client may send several ahead):

* ``PUT {kind, to, id, size}``, ``DATA``..., ``END {sha256}``: a package or a signed
  receipt for office ``to``; an office answers a package with ``RECEIPT`` (its signed
  receipt) and a receipt with ``STORED``; a relay answers ``STORED`` once it is durable;
* ``PULL {}`` (relay only): ``ITEM {kind, id, from, size}``, ``DATA``..., ``END {sha256}``
  for the oldest item waiting for the caller, or ``NONE``;
* ``CONFIRM {kind, id}`` (relay only): the caller has the item safe; ``CONFIRMED``;
* ``BYE``: the client is done.
"""

from __future__ import annotations

import enum
import socket
import struct
from dataclasses import dataclass
from typing import Any

from ncen_core.errors import NcenError

from .. import wire

PROTOCOL = "ncen-network"
VERSIONS = (1,)
HEADER = struct.Struct(">IB")


class FrameType(enum.IntEnum):
    """Every frame type of protocol version 1."""

    HELLO = 1
    READY = 2
    ERROR = 3
    PUT = 10
    DATA = 11
    END = 12
    RECEIPT = 13
    STORED = 14
    PULL = 20
    ITEM = 21
    NONE = 22
    CONFIRM = 23
    CONFIRMED = 24
    BYE = 30


class ProtocolError(NcenError):
    """The peer broke the protocol; ``code`` is sent in the ``ERROR`` frame."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class PeerClosed(ProtocolError):
    """The peer closed the connection (or it was cut) where a frame was expected."""

    def __init__(self, message: str = "the connection was closed by the other side"):
        super().__init__("closed", message)


class RemoteError(ProtocolError):
    """The peer sent an ``ERROR`` frame: it refused what we asked."""


@dataclass(frozen=True)
class Frame:
    """One frame read from a peer."""

    type: FrameType
    payload: bytes | bytearray | memoryview
    """Immutable bytes for control frames; a ``DATA`` payload stays in its receive buffer."""

    def json(self) -> dict[str, Any]:
        """The payload of a control frame as a JSON object."""
        try:
            value = wire.loads_strict(self.payload, f"{self.type.name} frame")
        except wire.StrictJsonError as error:
            raise ProtocolError("malformed", str(error)) from None
        if not isinstance(value, dict):
            raise ProtocolError("malformed", f"{self.type.name} frame: expected an object")
        return value


def frame_bytes(kind: FrameType, payload: bytes = b"") -> bytes:
    """One frame as it goes on the wire."""
    return HEADER.pack(len(payload), kind) + payload


def send_frame(sock: socket.socket, kind: FrameType, payload: bytes = b"") -> None:
    """Send one frame (header and payload in one call, so frames never interleave)."""
    sock.sendall(frame_bytes(kind, payload))


def send_json(sock: socket.socket, kind: FrameType, value: dict[str, Any]) -> None:
    """Send a control frame whose payload is canonical JSON."""
    send_frame(sock, kind, wire.dumps_canonical(value))


def send_error(sock: socket.socket, code: str, message: str) -> None:
    """Tell the peer why it is refused, best effort (it may already be gone, or out of time)."""
    try:
        send_json(sock, FrameType.ERROR, {"code": code, "message": message[:500]})
    except (OSError, ProtocolError):
        pass


def read_frame(sock: socket.socket, max_payload: int, into: bytearray | None = None) -> Frame:
    """The next frame; :class:`ProtocolError` for an oversized or unknown one.

    A ``DATA`` payload that fits ``into`` is read there (its payload is then a view of
    ``into``, valid until the buffer is reused), so bulk data needs no new buffer per
    frame. An ``ERROR`` frame from the peer is raised as :class:`RemoteError`.
    """
    length, code = HEADER.unpack(_read_exactly(sock, HEADER.size))
    if length > max_payload:
        raise ProtocolError("frame-too-large",
                            f"a frame of {length} bytes is larger than the {max_payload} allowed")
    try:
        kind = FrameType(code)
    except ValueError:
        raise ProtocolError("unknown-frame", f"unknown frame type {code}") from None
    if kind is FrameType.DATA and into is not None and length <= len(into):
        return Frame(kind, _read_into(sock, memoryview(into)[:length]))
    payload = _read_exactly(sock, length)
    frame = Frame(kind, payload if kind is FrameType.DATA else bytes(payload))
    if kind is FrameType.ERROR:
        detail = frame.json()
        raise RemoteError(str(detail.get("code", "error")), str(detail.get("message", "")))
    return frame


def expect(frame: Frame, *kinds: FrameType) -> Frame:
    """``frame`` if it is one of ``kinds``; otherwise the peer broke the conversation."""
    if frame.type not in kinds:
        expected = " or ".join(kind.name for kind in kinds)
        raise ProtocolError("unexpected-frame",
                            f"expected a {expected} frame, received {frame.type.name}")
    return frame


def _read_exactly(sock: socket.socket, size: int) -> bytearray:
    """``size`` bytes, read into one new buffer."""
    buffer = bytearray(size)
    _read_into(sock, memoryview(buffer))
    return buffer


def _read_into(sock: socket.socket, view: memoryview) -> memoryview:
    """Fill ``view`` from ``sock`` (a TLS read returns one record of 16 KiB at most, so a
    large frame takes many reads: no list of pieces joined afterwards)."""
    received, size = 0, len(view)
    while received < size:
        count = sock.recv_into(view[received:])
        if not count:
            raise PeerClosed()
        received += count
    return view
