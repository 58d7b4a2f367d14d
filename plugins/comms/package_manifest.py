"""The signed manifest of a package, and the caps that bound what a package may hold.

The manifest is canonical JSON::

    {"created_at": "2025-01-31T12:00:00Z", "format": 1, "kind": "records",
     "package_id": "<uuid4>",
     "parts": [{"name": "records.jsonl", "sha256": "<hex>", "size": 1234}, ...],
     "recipients": [{"key_id": "<encryption key fingerprint>", "office": "BE-BRU"}, ...],
     "sender": {"key_id": "<signing key fingerprint>", "office": "FR-CDG"}}

Part names are plain file names (``[A-Za-z0-9][A-Za-z0-9._-]{0,127}``: no slash, no
``..`` at the start, no control characters) and unique; they never become paths when a
package is opened, but they are refused anyway so no consumer is ever tempted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from . import wire
from .fingerprint import FINGERPRINT_PATTERN
from .keys import OFFICE_CODE
from .package_errors import (
    BadManifest,
    BadPartName,
    PackageRejected,
    PackageTooLarge,
    PackageVersionError,
)

FORMAT_VERSION = 1
KINDS = ("records", "message", "receipt", "withdrawal")
PART_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_FIELDS = {"format", "package_id", "kind", "created_at", "sender", "recipients", "parts"}
_PARTY_FIELDS = {"office", "key_id"}
_PART_FIELDS = {"name", "sha256", "size"}


@dataclass(frozen=True)
class Limits:
    """Caps applied when sealing and opening; opening checks the file size first.

    ``max_package_size`` exceeds ``max_total_size`` by more than age's overhead (16 bytes
    per 64 KiB, plus the header), so whatever can be sealed within the part caps opens.
    """

    max_package_size: int = (1 << 30) + (64 << 20)
    max_manifest_size: int = 1 << 20
    max_part_size: int = 512 << 20
    max_total_size: int = 1 << 30
    max_parts: int = 10_000
    max_recipients: int = 500
    max_age: dt.timedelta = dt.timedelta(days=90)
    clock_skew: dt.timedelta = dt.timedelta(minutes=10)


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Party:
    """An office and the fingerprint of the key it uses in this package."""

    office: str
    key_id: str


@dataclass(frozen=True)
class ManifestPart:
    """One part: its name, the SHA-256 of its bytes (hex) and their number."""

    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    """What a package holds, who sent it and for whom; signed by the sender."""

    package_id: str
    kind: str
    created_at: dt.datetime
    sender: Party
    recipients: tuple[Party, ...]
    parts: tuple[ManifestPart, ...]
    format: int = FORMAT_VERSION

    @property
    def total_size(self) -> int:
        """Bytes of all parts together."""
        return sum(part.size for part in self.parts)

    def names(self, office: str, key_id: str) -> bool:
        """True when ``office`` with encryption key ``key_id`` is among the recipients."""
        return Party(office, key_id) in self.recipients

    def to_bytes(self) -> bytes:
        """The canonical JSON the sender signs."""
        return wire.dumps_canonical({
            "format": self.format,
            "package_id": self.package_id,
            "kind": self.kind,
            "created_at": wire.format_time(self.created_at),
            "sender": {"office": self.sender.office, "key_id": self.sender.key_id},
            "recipients": [{"office": party.office, "key_id": party.key_id}
                           for party in self.recipients],
            "parts": [{"name": part.name, "sha256": part.sha256, "size": part.size}
                      for part in self.parts],
        })

    @classmethod
    def from_bytes(cls, raw: bytes, limits: Limits) -> Manifest:
        """Parse signed manifest bytes strictly, then :meth:`check` them against ``limits``."""
        try:
            value = wire.loads_strict(raw, "package manifest")
            if isinstance(value, dict) and not _is_format_version(value.get("format")):
                raise PackageVersionError(
                    f"the package is in format {str(value.get('format'))[:20]}, not "
                    f"{FORMAT_VERSION}; it was refused (a downgraded or foreign package)")
            manifest = _parse(value)
        except wire.StrictJsonError as error:
            raise BadManifest(f"the package manifest is malformed: {error}") from None
        manifest.check(limits)
        return manifest

    def check(self, limits: Limits) -> None:
        """Raise the :class:`~.package_errors.PackageRejected` for a broken name or cap."""
        if len(self.parts) > limits.max_parts:
            raise PackageTooLarge(
                f"the package has {len(self.parts)} parts, more than {limits.max_parts}")
        if len(self.recipients) > limits.max_recipients:
            raise PackageTooLarge(
                f"the package names {len(self.recipients)} recipients, more than "
                f"{limits.max_recipients}")
        for part in self.parts:
            if not PART_NAME.fullmatch(part.name):
                raise BadPartName(
                    f"part name {part.name[:80]!r} is not allowed (letters, digits, '.', '_', "
                    "'-'; no paths)")
            if part.size > limits.max_part_size:
                raise PackageTooLarge(
                    f"part {part.name} holds {part.size} bytes, more than "
                    f"{limits.max_part_size}")
        if self.total_size > limits.max_total_size:
            raise PackageTooLarge(
                f"the parts hold {self.total_size} bytes, more than {limits.max_total_size}")
        _check_unique([part.name for part in self.parts], "part name", BadPartName)
        _check_unique([party.office for party in self.recipients], "recipient office",
                      BadManifest)


def _is_format_version(value: Any) -> bool:
    """True for the integer :data:`FORMAT_VERSION` only (JSON ``true`` equals 1 in Python)."""
    return type(value) is int and value == FORMAT_VERSION


def _parse(value: Any) -> Manifest:
    document = wire.require_fields(value, _FIELDS, "manifest")
    kind = document["kind"]
    if kind not in KINDS:
        raise wire.StrictJsonError(f"manifest: kind {str(kind)[:20]!r} is not one of {KINDS}")
    recipients = wire.require_list(document["recipients"], "manifest: recipients")
    if not recipients:
        raise wire.StrictJsonError("manifest: recipients is empty")
    return Manifest(
        package_id=wire.require_str(document["package_id"], "manifest: package_id", _UUID4),
        kind=kind,
        created_at=wire.parse_time(document["created_at"], "manifest: created_at"),
        sender=_party(document["sender"], "manifest: sender"),
        recipients=tuple(_party(entry, "manifest: recipient") for entry in recipients),
        parts=tuple(_part(entry) for entry in
                    wire.require_list(document["parts"], "manifest: parts")),
    )


def _party(value: Any, what: str) -> Party:
    entry = wire.require_fields(value, _PARTY_FIELDS, what)
    return Party(wire.require_str(entry["office"], f"{what} office", OFFICE_CODE),
                 wire.require_str(entry["key_id"], f"{what} key_id", FINGERPRINT_PATTERN))


def _part(value: Any) -> ManifestPart:
    entry = wire.require_fields(value, _PART_FIELDS, "manifest: part")
    return ManifestPart(wire.require_str(entry["name"], "manifest: part name"),
                        wire.require_str(entry["sha256"], "manifest: part sha256", _SHA256_HEX),
                        wire.require_int(entry["size"], "manifest: part size"))


def _check_unique(values: list[str], what: str, error: type[PackageRejected]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise error(f"the package manifest names {what} {value[:80]!r} twice")
        seen.add(value)
