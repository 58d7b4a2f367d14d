"""Moving a package (or receipt) over a connection into a file that is complete or absent.

The sender announces the size in its request, streams ``DATA`` frames and ends with an
``END`` frame carrying the SHA-256 of what it sent, computed while sending (one pass over
the file, however large). Received bytes go to a hidden temporary file beside their
destination, are checked against that size and hash, flushed to disk, renamed into place,
and the folder flushed; only then is the package imported, queued or acknowledged. A
transfer cut half-way leaves no file under a package name, so resending it starts again
cleanly.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import socket
import tempfile
from pathlib import Path
from typing import BinaryIO

from .. import wire
from ..atomic_file import sync_folder
from .frames import FrameType, ProtocolError, expect, read_frame, send_frame, send_json

_BLOCK = 1 << 20
_SHA256 = re.compile(r"[0-9a-f]{64}")


def send_file(sock: socket.socket, path: Path, max_frame: int) -> None:
    """Stream ``path`` as ``DATA`` frames of at most ``max_frame`` bytes, then ``END``."""
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(min(_BLOCK, max_frame)):
            digest.update(chunk)
            send_frame(sock, FrameType.DATA, chunk)
    send_json(sock, FrameType.END, {"sha256": digest.hexdigest()})


def receive_file(sock: socket.socket, destination: Path, *, size: int,
                 max_frame: int) -> Path:
    """Read ``DATA`` frames up to ``END`` into ``destination``, durably; returns it.

    Raises :class:`ProtocolError` (``size``/``hash``) when the bytes differ from what was
    announced; nothing is left behind then.
    """
    commit(receive_unflushed(sock, destination, size=size, max_frame=max_frame), destination)
    return destination


def receive_unflushed(sock: socket.socket, destination: Path, *, size: int,
                      max_frame: int) -> Path:
    """Read the item into a hidden temporary file beside ``destination``, not yet flushed.

    The caller must :func:`commit` it before acknowledging anything.
    """
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(dir=destination.parent,
                                             prefix=f".{destination.name}.", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as target:
            _copy_frames(sock, target, size, max_frame)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def commit(temporary: Path, destination: Path) -> None:
    """Flush ``temporary`` to disk, rename it to ``destination`` and flush the folder."""
    settle(temporary, destination)
    sync_folder(destination.parent)


def settle(temporary: Path, destination: Path) -> None:
    """Flush ``temporary`` to disk and rename it to ``destination``; the caller must flush
    the folder before acknowledging it (several renames share one folder flush)."""
    try:
        handle = os.open(temporary, os.O_RDWR)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temporary, destination)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def receive_bytes(sock: socket.socket, *, size: int, max_frame: int) -> bytes:
    """Like :func:`receive_file` for a small item (a receipt), kept in memory."""
    buffer = io.BytesIO()
    _copy_frames(sock, buffer, size, max_frame)
    return buffer.getvalue()


def _copy_frames(sock: socket.socket, target: BinaryIO, size: int, max_frame: int) -> None:
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
    try:
        claimed = wire.require_str(frame.json().get("sha256"), "END frame: sha256", _SHA256)
    except wire.StrictJsonError as error:
        raise ProtocolError("malformed", str(error)) from None
    if digest.hexdigest() != claimed:
        raise ProtocolError("hash", "the bytes received do not match the SHA-256 sent")
