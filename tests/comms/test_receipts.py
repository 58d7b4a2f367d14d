"""Signed receipts: a receipt verifies only as its signer wrote it, and only from that office."""

from __future__ import annotations

import json
import uuid

import pytest
from exchange_world import make_world, now

from ncen_plugins.comms import wire
from ncen_plugins.comms.receipts import Receipt, ReceiptError, sign_receipt, verify_receipt


@pytest.fixture(scope="module")
def world():
    return make_world("FR-CDG", "BE-BRU", "NL-AMS")


def receipt(status="imported", reason=None, **changes) -> Receipt:
    values = {"package_id": str(uuid.uuid4()), "from_office": "BE-BRU",
              "to_office": "FR-CDG", "status": status, "reason": reason, "at": now()}
    values.update(changes)
    return Receipt(**values)


def test_a_signed_receipt_verifies_to_the_same_receipt(world):
    original = receipt(status="rejected", reason="bad-signature")
    assert verify_receipt(world.keyring(), sign_receipt(world.offices["BE-BRU"], original)) \
        == original


def test_an_altered_receipt_is_refused(world):
    signed = json.loads(sign_receipt(world.offices["BE-BRU"], receipt(status="rejected",
                                                                      reason="stale")))
    signed["receipt"]["status"] = "imported"
    signed["receipt"]["reason"] = None
    with pytest.raises(ReceiptError, match="does not match"):
        verify_receipt(world.keyring(), wire.dumps_canonical(signed))


def test_a_receipt_signed_by_another_office_than_its_sender_is_refused(world):
    forged = json.loads(sign_receipt(world.offices["NL-AMS"],
                                     receipt(from_office="NL-AMS")))
    forged["receipt"]["from"] = "BE-BRU"
    body = wire.dumps_canonical(forged["receipt"])
    forged["signature"] = wire.encode_b64(world.offices["NL-AMS"].sign(
        b"ncen-receipt/1\n" + body))
    with pytest.raises(ReceiptError, match="signed by a key of NL-AMS"):
        verify_receipt(world.keyring(), wire.dumps_canonical(forged))


def test_an_office_cannot_sign_a_receipt_in_another_office_name(world):
    with pytest.raises(ReceiptError, match="cannot sign"):
        sign_receipt(world.offices["NL-AMS"], receipt())


def test_a_rejection_without_a_reason_code_is_not_a_receipt():
    with pytest.raises(ReceiptError, match="reason"):
        receipt(status="rejected")


def test_a_receipt_from_a_compromised_office_is_refused():
    world = make_world("FR-CDG", "BE-BRU")
    signed = sign_receipt(world.offices["BE-BRU"], receipt())
    world.draft = world.draft.revoke("BE-BRU", None, "compromised", world.when)
    with pytest.raises(ReceiptError, match="revoked"):
        verify_receipt(world.keyring(), signed)


def test_garbage_is_refused_with_a_message():
    with pytest.raises(ReceiptError, match="not JSON"):
        verify_receipt(make_world("FR-CDG").keyring(), b"\x00garbage")
