"""Package files kept aside: quarantined ones and those waiting for a newer keyring.

They live under ``<data_dir>/exchange/`` named by the SHA-256 of their bytes, so keeping
the same file twice keeps one copy. A copy is written under a temporary name, flushed and
renamed, so a crash never leaves half a file under the final name.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

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
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = f"{sha256}.age"
    target = folder / name
    if target.exists():
        return name
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out, _BLOCK)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name


def remove_copy(folder: Path, name: str) -> None:
    """Delete a kept copy (a pending package once it has been imported)."""
    (folder / name).unlink(missing_ok=True)
