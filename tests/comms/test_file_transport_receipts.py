"""Receipts travel back through the routes and mark what was sent: imported, duplicate,
rejected with the reason; a receipt is believed only from the office a package went to.

FR-CDG (each backend under test) sends withdrawal packages to BE-BRU (SQLite): the
smallest packages the importer applies, so each test shows one receipt rule.
"""

from __future__ import annotations

import json
import uuid

import pytest
from two_offices import Office, office_pair

from ncen_core.timeutil import utcnow
from ncen_plugins.comms.file_transport.folder import FileTransport
from ncen_plugins.comms.file_transport.inbox import receive_all
from ncen_plugins.comms.file_transport.ledger import SentLedger
from ncen_plugins.comms.file_transport.names import PackageFileName
from ncen_plugins.comms.file_transport.receipt_packages import receipt_parts
from ncen_plugins.comms.file_transport.sending import send_parts
from ncen_plugins.comms.package import PartSource
from ncen_plugins.comms.receipts import Receipt


@pytest.fixture
def pair(db_url, tmp_path):
    yield from office_pair(db_url, tmp_path)


def withdrawal(origin: str = "FR-CDG") -> list[PartSource]:
    line = {"type": "specimen", "origin": origin, "uuid": str(uuid.uuid4()), "version": 2,
            "reason": "audience narrowed"}
    return [PartSource.from_bytes("withdrawals.jsonl", json.dumps(line).encode() + b"\n")]


def receive(office: Office):
    return receive_all(office.ncen, office.keys, office.keyring, FileTransport(office.inbox))


def state(office: Office, package_id: str, to: str = "BE-BRU"):
    return SentLedger(office.ncen.database).get(package_id, to)


def test_an_imported_package_is_marked_imported_by_the_receivers_receipt(pair):
    fr, be, _ = pair
    sent = send_parts(fr.ncen, fr.keys, fr.keyring, ["BE-BRU"], "withdrawal", withdrawal())
    assert state(fr, sent.package_id).status == "sent"
    (outcome,) = receive(be)
    assert outcome.result.status == "imported"
    assert outcome.receipt == "receipt (imported) sent to FR-CDG"
    (back,) = receive(fr)
    assert (back.result.status, back.result.kind, back.receipt) == (
        "imported", "receipt", "no receipt")
    marked = state(fr, sent.package_id)
    assert (marked.status, marked.reason) == ("imported", None)
    assert marked.receipt_at is not None


def test_a_package_refused_after_its_signature_is_marked_rejected_with_the_reason(pair):
    fr, be, _ = pair
    sent = send_parts(fr.ncen, fr.keys, fr.keyring, ["BE-BRU"], "withdrawal",
                      withdrawal(origin="NL-AMS"))
    (outcome,) = receive(be)
    assert (outcome.result.status, outcome.result.reason) == ("quarantined", "origin-mismatch")
    assert outcome.moved_to.parent.name == "quarantine"
    receive(fr)
    marked = state(fr, sent.package_id)
    assert (marked.status, marked.reason) == ("rejected", "origin-mismatch")


def test_a_duplicate_receipt_marks_a_delivery_whose_first_receipt_was_lost(pair):
    fr, be, _ = pair
    sent = send_parts(fr.ncen, fr.keys, fr.keyring, ["BE-BRU"], "withdrawal", withdrawal())
    (path,) = FileTransport(be.inbox).waiting()
    copy = path.read_bytes()
    receive(be)
    for receipt in FileTransport(fr.inbox).waiting():
        receipt.unlink()
    path.write_bytes(copy)
    (outcome,) = receive(be)
    assert outcome.result.status == "duplicate"
    receive(fr)
    assert state(fr, sent.package_id).status == "duplicate"


def test_a_duplicate_receipt_does_not_hide_the_first_verdict(pair):
    fr, be, _ = pair
    sent = send_parts(fr.ncen, fr.keys, fr.keyring, ["BE-BRU"], "withdrawal", withdrawal())
    (path,) = FileTransport(be.inbox).waiting()
    copy = path.read_bytes()
    receive(be)
    receive(fr)
    path.write_bytes(copy)
    receive(be)
    receive(fr)
    assert state(fr, sent.package_id).status == "imported"


def test_a_receipt_from_an_office_the_package_did_not_go_to_changes_nothing(pair):
    fr, _, world = pair
    sent = send_parts(fr.ncen, fr.keys, fr.keyring, ["BE-BRU"], "withdrawal", withdrawal())
    third = world.offices["NL-AMS"]
    forged = Receipt(sent.package_id, "NL-AMS", "FR-CDG", "imported", None,
                     utcnow().replace(microsecond=0))
    send_parts(fr.ncen, third, fr.keyring, ["FR-CDG"], "receipt", receipt_parts(forged))
    (outcome,) = receive(fr)
    assert outcome.result.counts == {"receipts about unknown packages": 1}
    assert state(fr, sent.package_id).status == "sent"


def test_a_receipt_that_names_another_signer_is_quarantined(pair):
    fr, be, _ = pair
    sent = send_parts(fr.ncen, fr.keys, fr.keyring, ["BE-BRU"], "withdrawal", withdrawal())
    lying = Receipt(sent.package_id, "NL-AMS", "FR-CDG", "imported", None,
                    utcnow().replace(microsecond=0))
    send_parts(be.ncen, be.keys, be.keyring, ["FR-CDG"], "receipt", receipt_parts(lying))
    (outcome,) = receive(fr)
    assert (outcome.result.status, outcome.result.reason) == ("quarantined", "receipt-payload")
    assert outcome.receipt == "no receipt"
    assert state(fr, sent.package_id).status == "sent"


def test_an_unreadable_file_gets_no_receipt_and_goes_to_quarantine(pair):
    _, be, _ = pair
    inbox = FileTransport(be.inbox)
    inbox.write(PackageFileName("FR-CDG", "BE-BRU", "records", str(uuid.uuid4())),
                lambda out: out.write(b"age-encryption.org/v1\nnonsense"))
    (outcome,) = receive(be)
    assert outcome.result.status == "quarantined" and outcome.receipt == "no receipt"
    assert FileTransport(be.inbox / "quarantine").waiting() == [outcome.moved_to]
