"""One exchange folder: complete packages appear in it atomically, and leave it only by moving.

Writing: a package is streamed into a hidden temporary file in the folder itself, flushed
to disk, renamed to its final name, and the folder is flushed (:mod:`..atomic_file`), so a
reader (or a power cut) never sees a partial package under a package name. Reading: :meth:`waiting` lists
the complete packages, oldest first; once its import has committed a file is moved to
``done/`` or ``quarantine/`` (never deleted), so a crash in between only means the file is
imported again, which the importer recognises as a duplicate.
"""

from __future__ import annotations

import os
import shutil
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ncen_core.errors import NcenError

from ..atomic_file import sync_folder, write_streaming
from .names import SUFFIX, PackageFileName, is_complete_package

DONE = "done"
QUARANTINE = "quarantine"
PENDING = "pending"
PACKAGE_MODE = 0o644
_COPY_BLOCK = 1 << 20


class ExchangeFolderError(NcenError):
    """An exchange folder cannot be used: a bad URL, or a folder that cannot be written."""


class FileTransport:
    """Packages in and out of one folder (``file:///srv/exchange/BE-BRU``)."""

    scheme = "file"

    def __init__(self, folder: Path):
        self.folder = folder

    @classmethod
    def from_url(cls, url: str) -> FileTransport:
        """The folder of a ``file:`` URL (``file:///abs/path``, ``file:///C:/path``)."""
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme != cls.scheme or parsed.netloc not in ("", "localhost"):
            raise ExchangeFolderError(
                f"exchange folder {url!r}: expected a local folder URL such as "
                "file:///srv/ncen/exchange")
        if not parsed.path:
            raise ExchangeFolderError(f"exchange folder {url!r}: the URL names no folder")
        return cls(Path(urllib.request.url2pathname(parsed.path)))

    @property
    def url(self) -> str:
        """This folder as a ``file:`` URL."""
        return self.folder.absolute().as_uri()

    # -- writing ----------------------------------------------------------------------------

    def deliver(self, package: Path, name: PackageFileName) -> Path:
        """Copy the sealed package file ``package`` into the folder as ``name``."""
        with package.open("rb") as source:
            return self.write(name, lambda target: shutil.copyfileobj(source, target,
                                                                      _COPY_BLOCK))

    def write(self, name: PackageFileName, write: Callable[[BinaryIO], object]) -> Path:
        """Have ``write`` fill a hidden temporary file that becomes ``name`` on success.

        Packages are encrypted, so they are made readable by the other offices' accounts
        on a shared drive (mode 0644).
        """
        self._make_folder(self.folder)
        final = self.folder / str(name)
        write_streaming(final, write, mode=PACKAGE_MODE)
        return final

    # -- reading ----------------------------------------------------------------------------

    def waiting(self) -> list[Path]:
        """Complete package files in the folder, oldest first (temporary files skipped)."""
        if not self.folder.is_dir():
            return []
        found = []
        with os.scandir(self.folder) as entries:
            for entry in entries:
                if is_complete_package(entry.name) and entry.is_file(follow_symlinks=False):
                    found.append((entry.stat().st_mtime_ns, entry.name, Path(entry.path)))
        return [path for _, _, path in sorted(found)]

    def settle(self, package: Path, outcome: str) -> Path | None:
        """Move a processed package file into ``done/``, ``quarantine/`` or ``pending/``.

        A file of the same name already there (the same package delivered twice) is kept:
        the newcomer gets a numbered name beside it. None when the file is gone: another
        workstation scanning the same inbox has moved it.
        """
        if outcome not in (DONE, QUARANTINE, PENDING):
            raise ValueError(f"unknown outcome {outcome!r}")
        target_folder = self.folder / outcome
        self._make_folder(target_folder)
        target = _free_name(target_folder, package.name)
        try:
            os.replace(package, target)
        except FileNotFoundError:
            return None
        sync_folder(target_folder)
        return target

    def _make_folder(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ExchangeFolderError(
                f"exchange folder {folder} cannot be created: {error.strerror}") from None


def open_folder_transport(url: str) -> FileTransport:
    """The ``file`` transport's factory, named by its :class:`TransportSpec`."""
    return FileTransport.from_url(url)


def _free_name(folder: Path, name: str) -> Path:
    candidate = folder / name
    stem = name.removesuffix(SUFFIX)
    number = 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}.{number}{SUFFIX}"
    return candidate
