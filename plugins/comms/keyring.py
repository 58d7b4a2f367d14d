"""The keyring: which offices exist, their public keys and endpoints, and what is revoked.

Headquarters signs it (see :mod:`.keyring_file`); every office holds the latest copy and
trusts a package only if the keyring names its signing key. The document carries:

* ``serial`` (only ever increases), ``issued_at`` and ``expires_at``;
* ``offices``: code, name, Ed25519 signing key, age encryption recipient, SHA-256 pin of
  the TLS certificate, network endpoints and group memberships, and (optional, for the
  network channel) the TLS certificate itself in DER: Python's ``ssl`` has no verification
  callback, so a server can only require a client certificate it holds, and the keyring
  is how it gets them; the certificate must hash to the pin;
* ``groups``: code and name of each group offices belong to;
* ``revocations``: a whole office (``key_id`` null) or one key (its fingerprint), with a
  reason and a time. ``superseded`` and ``retired`` keys remain valid for packages created
  before the revocation (so packages in transit during a key change still open);
  ``compromised`` keys are refused whatever a package claims about its age. A revoked
  signing key that is no longer an office's current key is kept in its revocation
  (``signing_key``) so that those older packages can still be verified.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ncen_core.errors import NcenError

from . import age, wire
from .fingerprint import FINGERPRINT_PATTERN, fingerprint
from .keys import OFFICE_CODE

EXPIRY_WARNING = dt.timedelta(days=14)
REVOCATION_REASONS = ("superseded", "compromised", "retired")
_KEY_SIZE = 32
_GROUP_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,31}")
_ENDPOINT = re.compile(r"[a-z][a-z0-9+.-]*://[^\s/]+(?:/\S*)?")
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_NAME = re.compile(r"[^\x00-\x1f\x7f]{1,200}")
_OFFICE_FIELDS = {"code", "name", "signing_key", "encryption_recipient", "tls_sha256",
                  "endpoints", "groups"}
_CERTIFICATE_FIELD = "tls_certificate"
_MAX_CERTIFICATE_SIZE = 8192
_REVOCATION_FIELDS = {"office", "key_id", "reason", "revoked_at", "signing_key"}
_DOCUMENT_FIELDS = {"serial", "issued_at", "expires_at", "offices", "groups", "revocations"}


class KeyringError(NcenError):
    """A keyring cannot be used: malformed, forged, older than ours, or expired."""


class KeyringFormatError(KeyringError):
    """The keyring file or document is not well-formed."""


class KeyringExpiredError(KeyringError):
    """The keyring is past its expiry; headquarters must issue a new one."""


class UnknownKeyError(KeyringError):
    """The keyring names no office or key with this code or fingerprint."""


class KeyringStatus(enum.StrEnum):
    """How usable a keyring is at a given time."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"


@dataclass(frozen=True)
class KeyringOffice:
    """One office as the keyring describes it."""

    code: str
    name: str
    signing_key: bytes
    encryption_recipient: age.X25519Recipient
    tls_sha256: str
    endpoints: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    tls_certificate: bytes | None = None

    @property
    def signing_key_id(self) -> str:
        """Fingerprint of the office's signing key."""
        return fingerprint(self.signing_key)

    @property
    def encryption_key_id(self) -> str:
        """Fingerprint of the office's encryption key."""
        return fingerprint(self.encryption_recipient.public_bytes)

    def to_json(self) -> dict[str, Any]:
        """The office as it appears in the keyring document."""
        return {"code": self.code, "name": self.name,
                "signing_key": wire.encode_b64(self.signing_key),
                "encryption_recipient": str(self.encryption_recipient),
                "tls_sha256": self.tls_sha256, "endpoints": list(self.endpoints),
                "groups": list(self.groups)} | (
                    {} if self.tls_certificate is None
                    else {_CERTIFICATE_FIELD: wire.encode_b64(self.tls_certificate)})

    @classmethod
    def from_json(cls, value: Any, what: str) -> KeyringOffice:
        """Parse one entry of ``offices``; raises :class:`~.wire.StrictJsonError`."""
        has_certificate = isinstance(value, dict) and _CERTIFICATE_FIELD in value
        entry = wire.require_fields(
            value, _OFFICE_FIELDS | ({_CERTIFICATE_FIELD} if has_certificate else set()), what)
        try:
            recipient = age.X25519Recipient.parse(
                wire.require_str(entry["encryption_recipient"], f"{what}: encryption_recipient"))
        except age.AgeKeyFormatError as error:
            raise wire.StrictJsonError(f"{what}: {error}") from None
        return cls(
            code=wire.require_str(entry["code"], f"{what}: code", OFFICE_CODE),
            name=wire.require_str(entry["name"], f"{what}: name", _NAME),
            signing_key=wire.decode_b64(entry["signing_key"], _KEY_SIZE, f"{what}: signing_key"),
            encryption_recipient=recipient,
            tls_sha256=wire.require_str(entry["tls_sha256"], f"{what}: tls_sha256", _SHA256_HEX),
            endpoints=_strings(entry["endpoints"], f"{what}: endpoints", _ENDPOINT),
            groups=_strings(entry["groups"], f"{what}: groups", _GROUP_CODE),
            tls_certificate=_certificate(entry, what) if has_certificate else None,
        )


@dataclass(frozen=True)
class Group:
    """A named set of offices that records can be shared with."""

    code: str
    name: str


@dataclass(frozen=True)
class Revocation:
    """A revoked office (``key_id`` None) or key, with why and since when."""

    office: str
    key_id: str | None
    reason: str
    revoked_at: dt.datetime
    signing_key: bytes | None = None

    def to_json(self) -> dict[str, Any]:
        """The revocation as it appears in the keyring document."""
        return {"office": self.office, "key_id": self.key_id, "reason": self.reason,
                "revoked_at": wire.format_time(self.revoked_at),
                "signing_key": None if self.signing_key is None
                else wire.encode_b64(self.signing_key)}

    @classmethod
    def from_json(cls, value: Any, what: str) -> Revocation:
        """Parse one entry of ``revocations``; raises :class:`~.wire.StrictJsonError`."""
        entry = wire.require_fields(value, _REVOCATION_FIELDS, what)
        key_id = entry["key_id"]
        if key_id is not None:
            wire.require_str(key_id, f"{what}: key_id", FINGERPRINT_PATTERN)
        reason = entry["reason"]
        if reason not in REVOCATION_REASONS:
            raise wire.StrictJsonError(
                f"{what}: reason must be one of {', '.join(REVOCATION_REASONS)}")
        signing_key = entry["signing_key"]
        if signing_key is not None:
            signing_key = wire.decode_b64(signing_key, _KEY_SIZE, f"{what}: signing_key")
            if fingerprint(signing_key) != key_id:
                raise wire.StrictJsonError(f"{what}: signing_key does not match key_id")
        return cls(wire.require_str(entry["office"], f"{what}: office", OFFICE_CODE), key_id,
                   reason, wire.parse_time(entry["revoked_at"], f"{what}: revoked_at"),
                   signing_key)


@dataclass(frozen=True)
class Signer:
    """The office behind a signing key, its public key, and the revocation that applies."""

    office: str
    public_key: bytes
    revocation: Revocation | None

    def verifies(self, signature: bytes, data: bytes) -> bool:
        """True when ``signature`` is this key's Ed25519 signature of ``data``."""
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, data)
        except InvalidSignature:
            return False
        return True

    def revoked_for(self, created_at: dt.datetime) -> Revocation | None:
        """The revocation that forbids a package created at ``created_at``, if any."""
        revocation = self.revocation
        if revocation is None:
            return None
        if revocation.reason == "compromised" or created_at >= revocation.revoked_at:
            return revocation
        return None


@dataclass(frozen=True)
class Keyring:
    """A keyring document; :func:`.keyring_file.verify_keyring_file` yields trusted ones."""

    serial: int
    issued_at: dt.datetime
    expires_at: dt.datetime
    offices: tuple[KeyringOffice, ...] = ()
    groups: tuple[Group, ...] = ()
    revocations: tuple[Revocation, ...] = ()

    def status(self, now: dt.datetime) -> KeyringStatus:
        """Valid, expiring within :data:`EXPIRY_WARNING`, or expired at ``now``."""
        if now >= self.expires_at:
            return KeyringStatus.EXPIRED
        if now >= self.expires_at - EXPIRY_WARNING:
            return KeyringStatus.EXPIRING
        return KeyringStatus.VALID

    def check_usable(self, now: dt.datetime) -> None:
        """Raise :class:`KeyringExpiredError` when the keyring has expired at ``now``."""
        if self.status(now) is KeyringStatus.EXPIRED:
            raise KeyringExpiredError(
                f"the keyring (serial {self.serial}) expired on "
                f"{wire.format_time(self.expires_at)}; import a newer one from headquarters"
            )

    def office(self, code: str) -> KeyringOffice:
        """The office with ``code``; raises :class:`UnknownKeyError`."""
        for office in self.offices:
            if office.code == code:
                return office
        raise UnknownKeyError(f"the keyring (serial {self.serial}) names no office {code!r}")

    def revocations_of(self, office: KeyringOffice) -> list[Revocation]:
        """Revocations of the office itself or of any of its current keys."""
        key_ids = {office.signing_key_id, office.encryption_key_id}
        return [revocation for revocation in self.revocations
                if revocation.office == office.code
                and (revocation.key_id is None or revocation.key_id in key_ids)]

    def is_active(self, office: KeyringOffice) -> bool:
        """True when packages may be sealed to and accepted from ``office`` now."""
        return not self.revocations_of(office)

    def members(self, group: str) -> list[KeyringOffice]:
        """Active offices of ``group``."""
        if group not in {known.code for known in self.groups}:
            raise UnknownKeyError(f"the keyring (serial {self.serial}) names no group {group!r}")
        return [office for office in self.offices
                if group in office.groups and self.is_active(office)]

    def signer(self, key_id: str) -> Signer:
        """Who signs with ``key_id``; raises :class:`UnknownKeyError` for a key never listed."""
        for office in self.offices:
            if office.signing_key_id == key_id:
                revocations = [revocation for revocation in self.revocations
                               if revocation.office == office.code
                               and revocation.key_id in (None, key_id)]
                return Signer(office.code, office.signing_key, _strictest(revocations))
        kept = [revocation for revocation in self.revocations if revocation.key_id == key_id]
        for revocation in kept:
            if revocation.signing_key is not None:
                return Signer(revocation.office, revocation.signing_key, _strictest(kept))
        raise UnknownKeyError(
            f"the keyring (serial {self.serial}) names no signing key {key_id}")

    def to_json(self) -> dict[str, Any]:
        """The keyring document, ready for :func:`.wire.dumps_canonical`."""
        return {
            "serial": self.serial,
            "issued_at": wire.format_time(self.issued_at),
            "expires_at": wire.format_time(self.expires_at),
            "offices": [office.to_json() for office in self.offices],
            "groups": [{"code": group.code, "name": group.name} for group in self.groups],
            "revocations": [revocation.to_json() for revocation in self.revocations],
        }

    @classmethod
    def from_json(cls, value: Any) -> Keyring:
        """Parse and check a keyring document; raises :class:`KeyringFormatError`."""
        try:
            document = wire.require_fields(value, _DOCUMENT_FIELDS, "keyring")
            keyring = cls(wire.require_int(document["serial"], "keyring: serial", 1),
                          wire.parse_time(document["issued_at"], "keyring: issued_at"),
                          wire.parse_time(document["expires_at"], "keyring: expires_at"),
                          *parse_entries(document))
        except wire.StrictJsonError as error:
            raise KeyringFormatError(str(error)) from None
        keyring.check_consistent()
        return keyring

    def check_consistent(self) -> None:
        """Raise :class:`KeyringFormatError` for duplicates, dangling groups or bad dates."""
        if self.expires_at <= self.issued_at:
            raise KeyringFormatError("keyring: expires_at is not after issued_at")
        _unique((office.code for office in self.offices), "office code")
        _unique((group.code for group in self.groups), "group code")
        _unique((key for office in self.offices
                 for key in (office.signing_key_id, office.encryption_key_id)), "key")
        known = {group.code for group in self.groups}
        for office in self.offices:
            missing = sorted(set(office.groups) - known)
            if missing:
                raise KeyringFormatError(
                    f"keyring: office {office.code} belongs to unknown groups {missing}")


def parse_entries(
    document: dict[str, Any],
) -> tuple[tuple[KeyringOffice, ...], tuple[Group, ...], tuple[Revocation, ...]]:
    """The ``offices``, ``groups`` and ``revocations`` of a keyring (or draft) document."""
    offices = wire.require_list(document["offices"], "keyring: offices")
    groups = wire.require_list(document["groups"], "keyring: groups")
    revocations = wire.require_list(document["revocations"], "keyring: revocations")
    return (
        tuple(KeyringOffice.from_json(entry, f"keyring: office {number}")
              for number, entry in enumerate(offices, start=1)),
        tuple(_group(entry, f"keyring: group {number}")
              for number, entry in enumerate(groups, start=1)),
        tuple(Revocation.from_json(entry, f"keyring: revocation {number}")
              for number, entry in enumerate(revocations, start=1)),
    )


def _strictest(revocations: list[Revocation]) -> Revocation | None:
    """The revocation that refuses the most: compromised first, then the earliest."""
    if not revocations:
        return None
    return min(revocations, key=lambda r: (r.reason != "compromised", r.revoked_at))


def _certificate(entry: dict[str, Any], what: str) -> bytes:
    """The DER certificate of an office entry, which must hash to its ``tls_sha256`` pin."""
    text = entry[_CERTIFICATE_FIELD]
    if not isinstance(text, str) or len(text) > _MAX_CERTIFICATE_SIZE:
        raise wire.StrictJsonError(f"{what}: tls_certificate must be base64 of a certificate")
    der = wire.decode_b64(text, len(text) * 3 // 4 - text.count("="),
                          f"{what}: tls_certificate")
    if hashlib.sha256(der).hexdigest() != entry["tls_sha256"]:
        raise wire.StrictJsonError(f"{what}: tls_certificate does not match tls_sha256")
    return der


def _strings(value: Any, what: str, pattern: re.Pattern[str]) -> tuple[str, ...]:
    return tuple(wire.require_str(item, what, pattern) for item in wire.require_list(value, what))


def _group(value: Any, what: str) -> Group:
    entry = wire.require_fields(value, {"code", "name"}, what)
    return Group(wire.require_str(entry["code"], f"{what}: code", _GROUP_CODE),
                 wire.require_str(entry["name"], f"{what}: name", _NAME))


def _unique(values: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise KeyringFormatError(f"keyring: {what} {value} appears twice")
        seen.add(value)
