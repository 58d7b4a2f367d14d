"""Headquarters' side of the keyring: a draft that enrolments and revocations edit, and signing.

Headquarters keeps two files side by side: its keystore (the keyring-signing key, same
format as an office keystore) and ``keyring-draft.json``, the next keyring without dates
or signature. Editing the draft needs no key; ``sign`` unlocks the keystore, gives the
draft the next serial and an expiry, and produces the file offices import. Re-enrolling an
office (new keys after a key change) marks its previous keys ``superseded``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ncen_core.errors import NcenError

from . import wire
from .atomic_file import write_atomically
from .enrolment import EnrolmentRequest
from .fingerprint import FINGERPRINT_PATTERN
from .keyring import (
    REVOCATION_REASONS,
    Group,
    Keyring,
    KeyringOffice,
    Revocation,
    UnknownKeyError,
    parse_entries,
)
from .keyring_file import sign_keyring
from .keys import OfficeKeys

DRAFT_NAME = "keyring-draft.json"
DEFAULT_VALIDITY = dt.timedelta(days=90)
_FIELDS = {"last_serial", "offices", "groups", "revocations"}


class DraftError(NcenError):
    """The headquarters draft is missing or damaged, or an edit to it is not possible."""


@dataclass(frozen=True)
class Draft:
    """The next keyring, before headquarters dates and signs it."""

    last_serial: int = 0
    offices: tuple[KeyringOffice, ...] = ()
    groups: tuple[Group, ...] = ()
    revocations: tuple[Revocation, ...] = ()

    def enrol(self, request: EnrolmentRequest, name: str, endpoints: tuple[str, ...],
              groups: tuple[str, ...], now: dt.datetime) -> Draft:
        """Add the office of ``request``, or replace its keys (the old ones are superseded)."""
        office = request.to_office(name, endpoints, groups)
        try:
            KeyringOffice.from_json(office.to_json(), f"office {office.code}")
        except wire.StrictJsonError as error:
            raise DraftError(str(error)) from None
        known = {group.code for group in self.groups}
        new_groups = tuple(Group(code, code) for code in dict.fromkeys(groups) if code not in known)
        others = tuple(entry for entry in self.offices if entry.code != office.code)
        revocations = self.revocations
        for previous in self.offices:
            if previous.code == office.code:
                revocations += _superseded(previous, office, self.revocations, now)
        return replace(self, offices=tuple(sorted(others + (office,), key=lambda o: o.code)),
                       groups=self.groups + new_groups, revocations=revocations)

    def revoke(self, office_code: str, key_id: str | None, reason: str,
               now: dt.datetime) -> Draft:
        """Revoke an office (``key_id`` None) or one of its current keys."""
        if reason not in REVOCATION_REASONS:
            raise DraftError(f"the reason must be one of {', '.join(REVOCATION_REASONS)}")
        office = self._office(office_code)
        signing_key = None
        if key_id is None and reason == "superseded":
            raise DraftError("an office is retired or compromised; only a key is superseded")
        if key_id is not None:
            if not FINGERPRINT_PATTERN.fullmatch(key_id):
                raise DraftError(f"{key_id!r} is not a key fingerprint")
            if key_id not in (office.signing_key_id, office.encryption_key_id):
                raise DraftError(f"{key_id} is not a current key of office {office_code}")
            if key_id == office.signing_key_id:
                signing_key = office.signing_key
        revocation = Revocation(office_code, key_id, reason, now, signing_key)
        return replace(self, revocations=self.revocations + (revocation,))

    def to_keyring(self, now: dt.datetime, validity: dt.timedelta) -> Keyring:
        """The keyring with the next serial, issued at ``now``."""
        keyring = Keyring(self.last_serial + 1, now, now + validity, self.offices, self.groups,
                          self.revocations)
        keyring.check_consistent()
        return keyring

    def _office(self, code: str) -> KeyringOffice:
        for office in self.offices:
            if office.code == code:
                return office
        raise UnknownKeyError(f"the draft keyring has no office {code!r}")

    def to_json(self) -> dict[str, Any]:
        """The draft as stored in ``keyring-draft.json``."""
        return {"last_serial": self.last_serial,
                "offices": [office.to_json() for office in self.offices],
                "groups": [{"code": group.code, "name": group.name} for group in self.groups],
                "revocations": [revocation.to_json() for revocation in self.revocations]}


def _superseded(previous: KeyringOffice, new: KeyringOffice,
                revocations: tuple[Revocation, ...], now: dt.datetime) -> tuple[Revocation, ...]:
    """Revocations for the keys of ``previous`` that ``new`` no longer has."""
    revoked = {revocation.key_id for revocation in revocations}
    result = []
    if previous.signing_key_id != new.signing_key_id and previous.signing_key_id not in revoked:
        result.append(Revocation(previous.code, previous.signing_key_id, "superseded", now,
                                 previous.signing_key))
    if (previous.encryption_key_id != new.encryption_key_id
            and previous.encryption_key_id not in revoked):
        result.append(Revocation(previous.code, previous.encryption_key_id, "superseded", now))
    return tuple(result)


def draft_path(hq_keystore: Path) -> Path:
    """The draft kept beside the headquarters keystore."""
    return hq_keystore.parent / DRAFT_NAME


def load_draft(path: Path) -> Draft:
    """Read the draft; raises :class:`DraftError`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DraftError(f"no keyring draft at {path} (run 'ncen hq init' first)") from None
    try:
        document = wire.require_fields(wire.loads_strict(raw, str(path)), _FIELDS, str(path))
        last_serial = wire.require_int(document["last_serial"], f"{path}: last_serial")
        return Draft(last_serial, *parse_entries(document))
    except wire.StrictJsonError as error:
        raise DraftError(f"the keyring draft {path} is damaged: {error}") from None


def save_draft(path: Path, draft: Draft) -> None:
    """Replace the draft atomically."""
    write_atomically(path, wire.dumps_canonical(draft.to_json()))


def sign_draft(draft: Draft, hq: OfficeKeys, now: dt.datetime,
               validity: dt.timedelta = DEFAULT_VALIDITY) -> tuple[bytes, Draft]:
    """The signed keyring for ``draft`` and the draft with its serial advanced."""
    keyring = draft.to_keyring(now.replace(microsecond=0), validity)
    return sign_keyring(keyring, hq), replace(draft, last_serial=keyring.serial)
