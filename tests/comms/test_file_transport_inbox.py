"""The inbox scan: partial files are left alone, a file leaves the inbox only after its
import committed, packages from a signer the keyring does not know yet wait in pending/,
and packages sealed by ``ncen share`` are delivered to the offices its ledger names.

FR-CDG runs on each backend under test, BE-BRU on SQLite.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from two_offices import Office, office_pair

from ncen_core.timeutil import utcnow
from ncen_plugins.comms.file_transport.folder import FileTransport
from ncen_plugins.comms.file_transport.inbox import receive_all, receive_files
from ncen_plugins.comms.file_transport.names import PackageFileName
from ncen_plugins.comms.file_transport.sending import (
    NotSealedHereError,
    deliver_shared,
    send_parts,
)
from ncen_plugins.comms.keyring import KeyringExpiredError
from ncen_plugins.comms.keys import OfficeKeys
from ncen_plugins.comms.package import PartSource


@pytest.fixture
def pair(db_url, tmp_path):
    yield from office_pair(db_url, tmp_path)


def withdrawal() -> list[PartSource]:
    line = {"type": "specimen", "origin": "FR-CDG", "uuid": str(uuid.uuid4()), "version": 2,
            "reason": "audience narrowed"}
    return [PartSource.from_bytes("withdrawals.jsonl", json.dumps(line).encode() + b"\n")]


def receive(office: Office, keyring=None):
    return receive_all(office.ncen, office.keys, keyring or office.keyring,
                       FileTransport(office.inbox))


def test_a_package_still_being_written_is_left_alone(pair):
    fr, be, _ = pair
    name = PackageFileName("FR-CDG", "BE-BRU", "records", str(uuid.uuid4()))
    partial = be.inbox / f".{name}.1f2e.tmp"
    partial.parent.mkdir(parents=True)
    partial.write_bytes(b"age-encryption.org/v1\n-> X25519 half")
    send_parts(fr.ncen, fr.keys, fr.keyring, ["BE-BRU"], "withdrawal", withdrawal())
    (outcome,) = receive(be)
    assert outcome.result.status == "imported"
    assert partial.exists() and partial.read_bytes().endswith(b"half")
    assert sorted(p.name for p in be.inbox.iterdir()) == [partial.name, "done"]


def test_a_file_stays_in_the_inbox_when_its_import_cannot_run(pair):
    fr, be, world = pair
    send_parts(fr.ncen, fr.keys, fr.keyring, ["BE-BRU"], "withdrawal", withdrawal())
    (waiting,) = FileTransport(be.inbox).waiting()
    expired = world.signed_keyring().keyring
    expired = type(expired)(expired.serial, expired.issued_at,
                            utcnow() - dt.timedelta(days=1), expired.offices, expired.groups,
                            expired.revocations)
    with pytest.raises(KeyringExpiredError):
        receive(be, expired)
    assert FileTransport(be.inbox).waiting() == [waiting]
    assert receive(be)[0].result.status == "imported"


def test_a_package_from_a_signer_not_yet_in_the_keyring_waits_in_pending(pair):
    fr, be, _ = pair
    newcomer = OfficeKeys.generate("DE-FRA")
    send_parts(fr.ncen, newcomer, fr.keyring, ["BE-BRU"], "withdrawal", withdrawal())
    (outcome,) = receive(be)
    assert (outcome.result.status, outcome.receipt) == ("pending", "no receipt")
    assert outcome.moved_to.parent.name == "pending"


def test_packages_sealed_elsewhere_are_not_delivered(pair, tmp_path):
    fr, _, _ = pair
    stray = tmp_path / f"{uuid.uuid4()}.ncen"
    stray.write_bytes(b"sealed by someone else")
    with pytest.raises(NotSealedHereError, match="not a package this office sealed"):
        deliver_shared(fr.ncen, [stray], "duty")


def test_two_workstations_scanning_one_inbox_import_each_package_once(pair):
    fr, be, _ = pair
    send_parts(fr.ncen, fr.keys, fr.keyring, ["BE-BRU"], "withdrawal", withdrawal())
    inbox = FileTransport(be.inbox)
    seen_by_the_slower_one = inbox.waiting()
    (first,) = receive(be)
    assert first.result.status == "imported"
    assert receive_files(be.ncen, be.keys, be.keyring, inbox, seen_by_the_slower_one) == []
    assert [p.name for p in (be.inbox / "done").iterdir()] == [first.file_name]
