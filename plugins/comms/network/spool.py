"""Moving a package (or receipt) over a connection into a file that is complete or absent.

Received bytes go to a hidden temporary file beside their destination, checked against the
size and SHA-256 the sender announced, flushed to disk, renamed into place, and the folder
flushed; only then is the package imported, queued or acknowledged. A transfer cut half-way
leaves no file under a package name, so resending it starts again cleanly.
"""

from __future__ import annotations

import hashlib
import io
import os
import socket
import tempfile
from pathlib import Path

from ..atomic_file import sync_folder
from .frames import FrameType, ProtocolError, expect, read_frame, send_frame

_BLOCK = 1 << 20


def send_file(sock: socket.socket, path: Path, max_frame: int) -> None:
    """Stream ``path`` as ``DATA`` frames of at most ``max_frame`` bytes, then ``END``."""
    block = min(_BLOCK, max_frame)
    with path.open("rb") as source:
        while chunk := source.read(block):
            send_frame(sock, FrameType.DATA, chunk)
    send_frame(sock, FrameType.END)


def receive_file(sock: socket.socket, destination: Path, *, size: int, sha256: str,
                 max_frame: int) -> Path:
    """Read ``DATA`` frames up to ``END`` into ``destination``, durably; returns it.

    Raises :class:`ProtocolError` (``size``/``hash``) when the bytes differ from what was
    announced; nothing is left behind then.
    """
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(dir=destination.parent,
                                             prefix=f".{destination.name}.", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as target:
            _copy_frames(sock, target, size, sha256, max_frame)
            target.flush()
            os.fsync(target.fileno())
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    sync_folder(destination.parent)
    return destination


def _copy_frames(sock: socket.socket, target, size: int, sha256: str, max_frame: int) -> None:
    digest, received = hashlib.sha256(), 0
    while True:
        frame = expect(read_frame(sock, max_frame), FrameType.DATA, FrameType.END)
        if frame.type is FrameType.END:
            break
        received += len(frame.payload)
        if received > size:
            raise ProtocolError("size", f"more than the {size} bytes announced were sent")
        digest.update(frame.payload)
        target.write(frame.payload)
    if received != size:
        raise ProtocolError("size", f"{received} bytes were sent, {size} were announced")
    if digest.hexdigest() != sha256:
        raise ProtocolError("hash", "the bytes sent do not match the SHA-256 announced")


def receive_bytes(sock: socket.socket, *, size: int, sha256: str, max_frame: int) -> bytes:
    """Like :func:`receive_file` for a small item (a receipt), kept in memory."""
    buffer = io.BytesIO()
    _copy_frames(sock, buffer, size, sha256, max_frame)
    return buffer.getvalue()


def send_bytes(sock: socket.socket, data: bytes, max_frame: int) -> None:
    """Send a small item as ``DATA`` frames, then ``END``."""
    for start in range(0, len(data), min(_BLOCK, max_frame)):
        send_frame(sock, FrameType.DATA, data[start : start + min(_BLOCK, max_frame)])
    send_frame(sock, FrameType.END)
