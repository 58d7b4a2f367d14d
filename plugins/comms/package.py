"""Sealing and opening packages: signed manifest plus parts, encrypted with age.

A package is one age v1 file encrypted to the X25519 key of every recipient office. Its
plaintext is the framing of :mod:`.package_framing`: the sender's key id, the signed
manifest (:mod:`.package_manifest`), then the parts. Sealing signs, then encrypts, and
streams every part twice (once to hash it for the manifest, once into the encryption), so
memory use does not grow with the photos. Opening decrypts into a private folder and
runs every import rule before returning, so an importer gets either a package whose every
byte is verified or a :class:`~.package_errors.PackageRejected` naming the first rule that
failed, and can do so before it touches its database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
import stat
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ncen_core.timeutil import utcnow

from . import age
from .keyring import Keyring, KeyringOffice
from .keys import OfficeKeys
from .package_checks import check_preamble
from .package_errors import (
    PackageDecryptFailed,
    PackageNotAddressed,
    PackageRejected,
    PackageSealError,
    PackageTooLarge,
)
from .package_framing import encode_preamble
from .package_manifest import DEFAULT_LIMITS, Limits, Manifest, ManifestPart, Party
from .package_receiver import PlaintextReceiver
from .scratch_folder import OwnsScratchFolder

_BLOCK = 1 << 20
_HASH_THREADS = 4


@dataclass(frozen=True)
class PartSource:
    """A part to seal: its name and a way to open its bytes (called twice)."""

    name: str
    open: Callable[[], BinaryIO]

    @classmethod
    def from_path(cls, name: str, path: Path) -> PartSource:
        """A part read from a file."""
        return cls(name, lambda: path.open("rb"))

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> PartSource:
        """A part already in memory (records of a small package, a receipt)."""
        return cls(name, lambda: io.BytesIO(data))


def seal_package(
    sender: OfficeKeys,
    recipients: Sequence[KeyringOffice],
    kind: str,
    parts: Iterable[PartSource],
    out: BinaryIO,
    *,
    now: dt.datetime | None = None,
    package_id: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Manifest:
    """Sign and encrypt a package of ``parts`` from ``sender`` to ``recipients`` into ``out``.

    Raises :class:`PackageSealError` for anything recipients would refuse (a bad part
    name, a cap exceeded, no recipient) before writing, and when a part changes size while
    it is being sealed; ``out`` then holds an unusable partial file, so write it under a
    temporary name and rename it only on success.
    """
    if not recipients:
        raise PackageSealError("a package needs at least one recipient office")
    sources = list(parts)
    manifest = Manifest(
        package_id=package_id or str(uuid.uuid4()), kind=kind,
        created_at=(now or utcnow()).replace(microsecond=0),
        sender=Party(sender.office, sender.signing_key_id),
        recipients=tuple(Party(office.code, office.encryption_key_id) for office in recipients),
        parts=tuple(_measure_all(sources)),
    )
    raw = manifest.to_bytes()
    try:
        Manifest.from_bytes(raw, limits)
    except PackageRejected as error:
        raise PackageSealError(f"cannot seal this package: {error}") from None
    preamble = encode_preamble(sender.signing_key_id, raw, sender.sign)
    plaintext = _PlaintextStream(_chunks(preamble, zip(sources, manifest.parts, strict=True)))
    age.encrypt(plaintext, out, [office.encryption_recipient for office in recipients])
    return manifest


def _measure_all(sources: list[PartSource]) -> list[ManifestPart]:
    """Hash every part, several at a time: hashlib releases the GIL on large blocks."""
    with ThreadPoolExecutor(max_workers=min(_HASH_THREADS, os.cpu_count() or 1)) as pool:
        return list(pool.map(_measure, sources))


def _measure(source: PartSource) -> ManifestPart:
    digest, size = hashlib.sha256(), 0
    with source.open() as stream:
        while block := stream.read(_BLOCK):
            digest.update(block)
            size += len(block)
    return ManifestPart(source.name, digest.hexdigest(), size)


def _chunks(preamble: bytes,
            parts: Iterable[tuple[PartSource, ManifestPart]]) -> Iterator[bytes]:
    """The plaintext: preamble, then each part read again.

    The second read checks sizes only: hashing again would cost a third of the sealing
    time, and a part rewritten in place with the same size meanwhile is still caught, by
    the recipient's hash check.
    """
    yield preamble
    for source, declared in parts:
        size = 0
        with source.open() as stream:
            while block := stream.read(_BLOCK):
                size += len(block)
                if size > declared.size:
                    break
                yield block
        if size != declared.size:
            raise PackageSealError(
                f"part {declared.name} changed size while the package was being sealed; "
                "seal again")


class _PlaintextStream:
    """A readable file over a sequence of byte chunks, for :func:`.age.encrypt`."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self._chunk = b""
        self._offset = 0

    def read(self, size: int) -> bytes:
        pieces = []
        while size:
            if self._offset == len(self._chunk):
                following = next(self._chunks, None)
                if following is None:
                    break
                self._chunk, self._offset = following, 0
            piece = self._chunk[self._offset : self._offset + size]
            self._offset += len(piece)
            size -= len(piece)
            pieces.append(piece)
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)


@dataclass
class OpenedPackage(OwnsScratchFolder):
    """A verified package: its manifest and each part as a file in a private folder.

    Use it as a context manager, or call :meth:`close`, to delete the folder.
    """

    manifest: Manifest
    folder: Path
    files: Mapping[str, Path]

    def open_part(self, name: str) -> BinaryIO:
        """The verified bytes of part ``name``."""
        return self.files[name].open("rb")


def open_package(
    src: BinaryIO,
    me: OfficeKeys,
    keyring: Keyring,
    *,
    seen: Callable[[str], bool],
    now: dt.datetime,
    limits: Limits = DEFAULT_LIMITS,
    workdir: Path | None = None,
) -> OpenedPackage:
    """Decrypt and verify the package in ``src`` for this office (``me``).

    ``seen(package_id)`` says whether a package id was already received; ``workdir`` is
    where the private folder of parts is made (the system's temporary folder by default;
    the parts are plaintext, so choose a folder on the office's protected disk). Raises the
    :class:`~.package_errors.PackageRejected` of the first failed rule, in the order of
    :data:`~.package_errors.REJECTION_ORDER`, or
    :class:`~.keyring.KeyringExpiredError` when ``keyring`` cannot be used at ``now``.
    """
    keyring.check_usable(now)
    _check_file_size(src, limits)
    folder = Path(tempfile.mkdtemp(prefix="ncen-package-", dir=workdir))
    receiver = PlaintextReceiver(
        lambda preamble: check_preamble(preamble, me=me, keyring=keyring, seen=seen, now=now,
                                        limits=limits),
        folder, limits.max_manifest_size)
    try:
        _decrypt(_CappedReader(src, limits.max_package_size), receiver, me)
        manifest, files = receiver.finish()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return OpenedPackage(manifest, folder, files)


def _decrypt(src: _CappedReader, receiver: PlaintextReceiver, me: OfficeKeys) -> None:
    try:
        age.decrypt(src, receiver, [me.encryption_identity])
    except age.AgeNoMatchError:
        raise PackageNotAddressed(
            f"the package is not encrypted to {me.office}'s key {me.encryption_key_id}; it "
            "was meant for other offices") from None
    except age.AgeError as error:
        raise PackageDecryptFailed(f"the package cannot be decrypted: {error}") from None
    finally:
        receiver.close()


def _check_file_size(src: BinaryIO, limits: Limits) -> None:
    """Refuse an oversized regular file before reading it (streams are capped as read)."""
    try:
        status = os.fstat(src.fileno())
    except (AttributeError, OSError, io.UnsupportedOperation):
        return
    if stat.S_ISREG(status.st_mode) and status.st_size - src.tell() > limits.max_package_size:
        raise PackageTooLarge(
            f"the package file is {status.st_size} bytes, more than "
            f"{limits.max_package_size}")


class _CappedReader:
    """Reads from ``src`` and raises :class:`PackageTooLarge` past ``cap`` bytes."""

    def __init__(self, src: BinaryIO, cap: int):
        self._src = src
        self._cap = cap
        self._read = 0

    def read(self, size: int = -1) -> bytes:
        return self._count(self._src.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._count(self._src.readline(size))

    def _count(self, data: bytes) -> bytes:
        self._read += len(data)
        if self._read > self._cap:
            raise PackageTooLarge(f"the package is larger than {self._cap} bytes")
        return data
