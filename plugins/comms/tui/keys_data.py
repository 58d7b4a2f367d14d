"""What the keys screen shows: the keyring held, its offices and revocations, and this
office's own keys.

Reading the keyring needs no secret (the file is public and re-verified when read), so any
logged-in user sees which offices exist and whether the keyring is still valid. The
office's own fingerprints come from the keyring too; unlocking the keystore (its
passphrase, administrators only, as for ``ncen keys show``) adds the fingerprints of the
keys actually held, and says whether they are the ones the keyring publishes, which is how
an office notices it must send a new enrolment request after a key change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ncen_core.record_service import RecordService
from ncen_core.roles import Permission, require

from ..keyring import Keyring, KeyringError, KeyringOffice, KeyringStatus
from ..keyring_store import load_keyring
from ..keys import keystore_path, load_keystore


@dataclass(frozen=True)
class OfficeRow:
    """One office of the keyring, as a table row."""

    code: str
    name: str
    groups: str
    state: str
    signing_key_id: str
    endpoints: str
    is_this_office: bool


@dataclass(frozen=True)
class RevocationRow:
    """One revocation: a whole office (``key_id`` empty) or one of its keys."""

    office: str
    key_id: str
    reason: str
    revoked_at: dt.datetime


@dataclass(frozen=True)
class KeyringSummary:
    """The held keyring: serial, validity, signer, offices and revocations."""

    serial: int
    issued_at: dt.datetime
    expires_at: dt.datetime
    status: KeyringStatus
    days_left: int
    hq_key_id: str
    offices: tuple[OfficeRow, ...]
    revocations: tuple[RevocationRow, ...]

    @property
    def validity_text(self) -> str:
        """One line an officer can act on: valid, expiring soon, or expired."""
        expires = self.expires_at.strftime("%Y-%m-%d %H:%M UTC")
        if self.status is KeyringStatus.EXPIRED:
            return (f"EXPIRED on {expires}: packages cannot be sent or received; import a "
                    "new keyring from headquarters")
        if self.status is KeyringStatus.EXPIRING:
            return (f"expires on {expires} (in {self.days_left} days); ask headquarters for "
                    "a new keyring")
        return f"valid until {expires}"


@dataclass(frozen=True)
class KeysOverview:
    """Everything on the keys screen; ``problem`` says why there is no keyring to show."""

    office_code: str
    keystore_path: Path
    keystore_exists: bool
    keyring: KeyringSummary | None
    problem: str


@dataclass(frozen=True)
class HeldKeys:
    """Fingerprints of the keys in this office's keystore, compared with the keyring."""

    office: str
    created_at: dt.datetime
    fingerprints: dict[str, str]
    matches_keyring: bool | None


def keys_overview(service: RecordService, now: dt.datetime) -> KeysOverview:
    """Read the keyring this office holds (or say why there is none)."""
    require(service.user.role, Permission.READ_RECORDS)
    ncen = service.ncen
    data_dir = ncen.config.data_dir
    path = keystore_path(data_dir)
    try:
        signed = load_keyring(data_dir)
    except KeyringError as error:
        return KeysOverview(ncen.office_code, path, path.exists(), None, str(error))
    keyring = signed.keyring
    summary = KeyringSummary(
        keyring.serial, keyring.issued_at, keyring.expires_at, keyring.status(now),
        max(0, (keyring.expires_at - now).days), signed.hq_key_id,
        tuple(_office_row(keyring, office, ncen.office_code) for office in keyring.offices),
        tuple(RevocationRow(r.office, r.key_id or "", r.reason, r.revoked_at)
              for r in keyring.revocations))
    return KeysOverview(ncen.office_code, path, path.exists(), summary, "")


def unlock_held_keys(service: RecordService, passphrase: str) -> HeldKeys:
    """Open the keystore with ``passphrase`` and compare its keys with the keyring's entry.

    Administrators only; a wrong passphrase raises the keystore's own error.
    """
    require(service.user.role, Permission.MANAGE_KEYS)
    data_dir = service.ncen.config.data_dir
    keys = load_keystore(keystore_path(data_dir), passphrase)
    fingerprints = {"signing key": keys.signing_key_id, "encryption key": keys.encryption_key_id,
                    "TLS certificate": keys.tls_key_id}
    try:
        published = load_keyring(data_dir).keyring.office(keys.office)
    except KeyringError:
        matches = None
    else:
        matches = (published.signing_key_id == keys.signing_key_id
                   and published.encryption_key_id == keys.encryption_key_id
                   and published.tls_sha256 == keys.tls_sha256)
    return HeldKeys(keys.office, keys.created_at, fingerprints, matches)


def _office_row(keyring: Keyring, office: KeyringOffice, own_code: str) -> OfficeRow:
    return OfficeRow(office.code, office.name, ",".join(office.groups) or "-",
                     _office_state(keyring, office), office.signing_key_id,
                     " ".join(office.endpoints), office.code == own_code)


def _office_state(keyring: Keyring, office: KeyringOffice) -> str:
    """``active``, or every revocation of the office or of its current keys."""
    revocations = keyring.revocations_of(office)
    if not revocations:
        return "active"
    return "revoked: " + ", ".join(
        f"{'office' if r.key_id is None else 'key'} ({r.reason})" for r in revocations)
