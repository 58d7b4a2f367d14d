"""Package files kept aside: quarantined ones and those waiting for a newer keyring.

They live under ``<data_dir>/exchange/`` named by the SHA-256 of their bytes, so keeping
the same file twice keeps one copy. A copy is written under a temporary name, flushed and
renamed (:func:`..atomic_file.write_streaming`), so a crash never leaves half a file
under the final name.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from ..atomic_file import write_streaming

QUARANTINE_FOLDER = Path("exchange") / "quarantine"
PENDING_FOLDER = Path("exchange") / "pending"
_BLOCK = 1 << 20


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def keep_copy(source: Path, folder: Path, sha256: str) -> str:
    """Copy ``source`` into ``folder`` as ``<sha256>.age``; returns that name."""
    name = f"{sha256}.age"
    target = folder / name
    if not target.exists():
        with source.open("rb") as src:
            write_streaming(target, lambda out: shutil.copyfileobj(src, out, _BLOCK))
    return name


def remove_copy(folder: Path, name: str) -> None:
    """Delete a kept copy (a pending package once it has been imported)."""
    (folder / name).unlink(missing_ok=True)
