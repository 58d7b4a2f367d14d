"""Replacing a file so that a crash leaves either the old or the new content, never a mix.

Keystores, keyrings and packages are written to a temporary file in the same folder,
flushed to disk, renamed over the target, and the folder itself is flushed so the rename
survives a power cut. Files are created readable by their owner only.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` with write-then-rename and fsync of file and folder."""
    write_streaming(path, lambda handle: handle.write(data), mode=mode)


def write_streaming(path: Path, write: Callable[[BinaryIO], object], *,
                    mode: int = 0o600) -> None:
    """Like :func:`write_atomically`, for content too large to hold: ``write`` is called
    with the open temporary file and writes it piece by piece."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Flush a folder so a rename or deletion in it survives a power cut.

    Windows cannot open a folder for flushing (its renames are journalled by NTFS), so
    there this does nothing.
    """
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
