"""Parsing a package's plaintext while the age layer decrypts it.

The receiver is the destination age decrypts into. It collects the preamble, has it
judged, then streams each part into its own file in a private folder, hashing as it goes,
so a package of 100 MB of photos never sits in memory. The files are named by position
(``part-00000``), never by the part names in the manifest.

A failed rule does not stop decryption: the receiver remembers the first failure and
drops the rest of the plaintext, so that an age failure further on (a damaged chunk) still
takes precedence, as the fixed rule order requires.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from .package_errors import PackageRejected, PartHashMismatch, PartSizeMismatch
from .package_framing import Preamble, parse_preamble
from .package_manifest import Manifest, ManifestPart


class PlaintextReceiver:
    """A write-only file for :func:`.age.decrypt` that unpacks a package into ``folder``."""

    def __init__(self, verify: Callable[[Preamble], Manifest], folder: Path,
                 max_manifest_size: int):
        self._verify = verify
        self._folder = folder
        self._max_manifest_size = max_manifest_size
        self._pending = bytearray()
        self._failure: PackageRejected | None = None
        self._manifest: Manifest | None = None
        self._parts: Iterator[ManifestPart] = iter(())
        self._files: dict[str, Path] = {}
        self._current: ManifestPart | None = None
        self._file: BinaryIO | None = None
        self._digest = hashlib.sha256()
        self._remaining = 0

    def write(self, data: bytes) -> int:
        """Take the next decrypted bytes; rule failures are kept for :meth:`finish`."""
        self._guarded(data, complete=False)
        return len(data)

    def finish(self) -> tuple[Manifest, dict[str, Path]]:
        """The verified manifest and the part files by name, once decryption succeeded.

        Raises the first rule failure seen, or :class:`PartSizeMismatch` when the
        plaintext ended before the last declared part did.
        """
        self._guarded(b"", complete=True)
        if self._failure is not None:
            raise self._failure
        assert self._manifest is not None
        if self._current is not None:
            self.close()
            raise PartSizeMismatch(
                f"the package ends inside part {self._current.name}: the parts hold fewer "
                "bytes than the manifest declares")
        return self._manifest, self._files

    def close(self) -> None:
        """Close the part file being written, if any."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def _guarded(self, data: bytes, *, complete: bool) -> None:
        if self._failure is not None:
            return
        try:
            self._take(data, complete)
        except PackageRejected as error:
            self._failure = error
            self.close()

    def _take(self, data: bytes, complete: bool) -> None:
        if self._manifest is None:
            self._pending += data
            preamble = parse_preamble(self._pending, complete=complete,
                                      max_manifest_size=self._max_manifest_size)
            if preamble is None:
                return
            self._manifest = self._verify(preamble)
            self._parts = iter(self._manifest.parts)
            data = bytes(self._pending[preamble.size :])
            self._pending = bytearray()
            self._advance()
        self._write_parts(memoryview(data))

    def _write_parts(self, view: memoryview) -> None:
        while view:
            if self._current is None or self._file is None:
                raise PartSizeMismatch(
                    "the package holds more bytes after its parts than the manifest declares")
            piece = view[: self._remaining]
            self._file.write(piece)
            self._digest.update(piece)
            self._remaining -= len(piece)
            view = view[len(piece) :]
            self._advance()

    def _advance(self) -> None:
        """Close the current part once complete and open the next that expects bytes."""
        while self._current is None or self._remaining == 0:
            if self._current is not None:
                self._close_part(self._current)
            self._current = next(self._parts, None)
            if self._current is None:
                return
            path = self._folder / f"part-{len(self._files):05d}"
            self._files[self._current.name] = path
            self._file = path.open("xb")
            self._digest = hashlib.sha256()
            self._remaining = self._current.size

    def _close_part(self, part: ManifestPart) -> None:
        self.close()
        if self._digest.hexdigest() != part.sha256:
            raise PartHashMismatch(
                f"part {part.name} does not match the SHA-256 in the manifest (altered "
                "before it was signed, or a sender fault)")
