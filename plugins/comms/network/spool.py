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
import queue
import re
import socket
import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Self

from .. import wire
from ..atomic_file import sync_folder
from .frames import HEADER, FrameType, ProtocolError, expect, frame_bytes, read_frame

_BLOCK = 1 << 20
BACKGROUND_FROM = 4 << 20
"""Items of this size or more are written to disk by a thread of their own (see _Sink)."""
_QUEUED_PIECES = 8
WRITEBACK_EVERY = 8 << 20
"""Bytes of a large item after which its writing to disk is started (see _Sink)."""
_FADVISE = hasattr(os, "posix_fadvise")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TEMPORARY_SUFFIX = ".part"
_END_SIZE = len(frame_bytes(FrameType.END, wire.dumps_canonical({"sha256": "0" * 64})))


def send_file(sock: socket.socket, path: Path, max_frame: int, *, before: bytes = b"") -> None:
    """Stream ``path`` as ``DATA`` frames of at most ``max_frame`` bytes, then ``END``.

    ``before`` (the request frame announcing the item) leaves in the same write as the
    first frame, and the last frame in the same write as ``END``: a small item leaves in
    one TLS write. Each frame is read from the file straight behind its header, in one
    reused buffer.
    """
    digest = hashlib.sha256()
    with path.open("rb", buffering=0) as source:
        remaining = os.fstat(source.fileno()).st_size
        block = max(1, min(_BLOCK, max_frame, remaining))
        buffer = bytearray(len(before) + HEADER.size + block + _END_SIZE)
        buffer[:len(before)] = before
        view, start = memoryview(buffer), len(before)
        while count := _read_block(source, view[start + HEADER.size:][:block]):
            digest.update(view[start + HEADER.size:][:count])
            HEADER.pack_into(buffer, start, count, FrameType.DATA)
            start += HEADER.size + count
            remaining -= count
            if remaining <= 0:
                break
            sock.sendall(view[:start])
            start = 0
    end = frame_bytes(FrameType.END, wire.dumps_canonical({"sha256": digest.hexdigest()}))
    buffer[start:start + len(end)] = end
    sock.sendall(view[:start + len(end)])


def _read_block(source: BinaryIO, view: memoryview) -> int:
    """Fill ``view`` from ``source`` as far as the file goes; the number of bytes read."""
    filled = 0
    while filled < len(view) and (count := source.readinto(view[filled:])):
        filled += count
    return filled


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
    try:
        descriptor, temporary = _make_temporary(destination)
    except FileNotFoundError:
        destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor, temporary = _make_temporary(destination)
    try:
        with os.fdopen(descriptor, "wb") as target:
            _copy_frames(sock, target, size, max_frame)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def remove_unfinished(folder: Path) -> int:
    """Delete the hidden temporary files of transfers a crash cut short in ``folder`` (call
    it only while nothing is being received there); how many there were."""
    if not folder.is_dir():
        return 0
    unfinished = [path for path in folder.iterdir()
                  if path.name.startswith(".") and path.name.endswith(_TEMPORARY_SUFFIX)]
    for path in unfinished:
        path.unlink(missing_ok=True)
    if unfinished:
        sync_folder(folder)
    return len(unfinished)


def _make_temporary(destination: Path) -> tuple[int, str]:
    """A new hidden file beside ``destination`` (whose folder must exist)."""
    return tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.",
                            suffix=_TEMPORARY_SUFFIX)


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
    with _Sink(target, digest, piece=max(1, min(size, max_frame)),
               background=size >= BACKGROUND_FROM) as sink:
        while True:
            frame = expect(read_frame(sock, max_frame, into=sink.buffer()), FrameType.DATA,
                           FrameType.END)
            if frame.type is FrameType.END:
                break
            received += len(frame.payload)
            if received > size:
                raise ProtocolError("size", f"more than the {size} bytes announced were sent")
            sink.put(frame.payload)
    if received != size:
        raise ProtocolError("size", f"{received} bytes were sent, {size} were announced")
    try:
        claimed = wire.require_str(frame.json().get("sha256"), "END frame: sha256", _SHA256)
    except wire.StrictJsonError as error:
        raise ProtocolError("malformed", str(error)) from None
    if digest.hexdigest() != claimed:
        raise ProtocolError("hash", "the bytes received do not match the SHA-256 sent")


class _Sink:
    """Hashes and writes the pieces of one item, for a large item in a thread of its own.

    Writing a large package is often held back by the disk (the kernel throttles a writer
    that is ahead of it); done in the reading thread, every such wait would also stop the
    network. So frames are read into a few reused buffers (:data:`_QUEUED_PIECES` and the
    one being read) that the writer hands back once written: the next frames are read and
    decrypted meanwhile, and a reader ahead of the disk waits for a free buffer. Every
    :data:`WRITEBACK_EVERY` bytes the writer asks the kernel to start writing them to disk,
    so the flush before the answer finds little left to write. The first error of the
    writer is raised by the next :meth:`put` or when the block ends.
    """

    def __init__(self, target: BinaryIO, digest: Any, *, piece: int, background: bool):
        self._target, self._digest = target, digest
        self._error: BaseException | None = None
        self._pieces: queue.SimpleQueue[memoryview | None] | None = None
        self._free: queue.SimpleQueue[bytearray] = queue.SimpleQueue()
        self._current: bytearray | None = None
        self._written = self._started = 0
        for _ in range(_QUEUED_PIECES + 1 if background else 1):
            self._free.put(bytearray(piece))
        if background:
            self._pieces = queue.SimpleQueue()
            self._writer = threading.Thread(target=self._write_all, name="ncen-spool-writer",
                                            daemon=True)
            self._writer.start()

    def buffer(self) -> bytearray:
        """A buffer to read the next frame into (the same one until :meth:`put` takes it)."""
        if self._current is None:
            self._current = self._free.get()
        return self._current

    def put(self, piece: memoryview | bytes | bytearray) -> None:
        """Hash and write ``piece`` (a view of :meth:`buffer`, or bytes of its own)."""
        if self._pieces is None:
            self._write(piece)
            return
        if self._error is not None:
            raise self._error
        if isinstance(piece, memoryview) and piece.obj is self._current:
            self._current = None
        else:
            piece = memoryview(bytes(piece))
        self._pieces.put(piece)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._pieces is None:
            return
        self._pieces.put(None)
        self._writer.join()
        if error is None and self._error is not None:
            raise self._error

    def _write(self, piece: memoryview | bytes | bytearray) -> None:
        self._digest.update(piece)
        self._target.write(piece)

    def _write_all(self) -> None:
        assert self._pieces is not None
        while (piece := self._pieces.get()) is not None:
            if self._error is None:
                try:
                    self._write(piece)
                    self._start_writeback(len(piece))
                except OSError as error:  # handed to the reading thread
                    self._error = error
            if isinstance(piece.obj, bytearray):
                self._free.put(piece.obj)
            piece.release()

    def _start_writeback(self, count: int) -> None:
        """Have the kernel start writing what was written since the last call (no wait)."""
        self._written += count
        if self._written - self._started < WRITEBACK_EVERY or not _FADVISE:
            return
        self._target.flush()
        os.posix_fadvise(self._target.fileno(), self._started, self._written - self._started,
                         os.POSIX_FADV_DONTNEED)
        self._started = self._written
