"""An office trusts a keyring only from the pinned headquarters key, intact, strict, newer
than the one it holds, and not expired; it keeps the last one it accepted."""

from __future__ import annotations

import dataclasses
import datetime as dt
import struct

import pytest
from exchange_world import make_world, now

from ncen_plugins.comms import wire
from ncen_plugins.comms.keyring import (
    KeyringExpiredError,
    KeyringFormatError,
    KeyringStatus,
)
from ncen_plugins.comms.keyring_file import (
    MAGIC,
    KeyringRollbackError,
    KeyringSignatureError,
    KeyringUntrustedError,
    verify_keyring_file,
)
from ncen_plugins.comms.keyring_store import (
    NoKeyringError,
    import_keyring,
    keyring_path,
    load_keyring,
)
from ncen_plugins.comms.keys import OfficeKeys

DAY = dt.timedelta(days=1)


@pytest.fixture
def world():
    return make_world("FR-CDG", "BE-BRU")


def sign_document(hq: OfficeKeys, document: bytes) -> bytes:
    """A keyring file around any document bytes, correctly signed by ``hq``."""
    signed = MAGIC + hq.signing_public + struct.pack(">I", len(document)) + document
    return signed + hq.sign(signed)


def verify(data, world, **options):
    options.setdefault("pinned_hq_key_id", world.hq.signing_key_id)
    return verify_keyring_file(data, now=world.when, **options)


def test_a_keyring_from_the_pinned_headquarters_key_is_accepted(world):
    keyring = verify(world.sign(), world).keyring
    assert [office.code for office in keyring.offices] == ["BE-BRU", "FR-CDG"]


def test_a_first_keyring_without_a_pinned_key_is_refused(world):
    with pytest.raises(KeyringUntrustedError, match="fingerprint"):
        verify(world.sign(), world, pinned_hq_key_id=None)


def test_a_keyring_signed_by_another_key_is_refused(world):
    impostor = OfficeKeys.generate("HQ")
    with pytest.raises(KeyringUntrustedError, match=impostor.signing_key_id):
        verify(sign_document(impostor, b"{}"), world)


def test_an_altered_document_byte_breaks_the_signature(world):
    data = bytearray(world.sign())
    position = data.index(b'"serial"') + 2
    data[position] ^= 0x20
    with pytest.raises(KeyringSignatureError):
        verify(bytes(data), world)


def test_an_altered_signature_is_refused(world):
    data = bytearray(world.sign())
    data[-1] ^= 0x01
    with pytest.raises(KeyringSignatureError):
        verify(bytes(data), world)


@pytest.mark.parametrize("cut", ["truncated", "trailing"])
def test_a_keyring_file_of_the_wrong_length_is_refused(world, cut):
    data = world.sign()
    data = data[:-1] if cut == "truncated" else data + b"\n"
    with pytest.raises(KeyringFormatError):
        verify(data, world)


def test_a_file_that_is_not_a_keyring_is_refused(world):
    with pytest.raises(KeyringFormatError, match="not an ncen keyring"):
        verify(b"ncen-package/1\n" + bytes(200), world)


def test_a_signed_document_with_a_duplicate_key_is_refused(world):
    document = wire.dumps_canonical(world.draft.to_keyring(world.when, DAY).to_json())
    duplicated = document.replace(b'{"expires_at"', b'{"serial":99,"expires_at"', 1)
    with pytest.raises(KeyringFormatError, match="duplicate key"):
        verify(sign_document(world.hq, duplicated), world)


def test_a_signed_document_with_nan_is_refused(world):
    document = wire.dumps_canonical(world.draft.to_keyring(world.when, DAY).to_json())
    with pytest.raises(KeyringFormatError, match="NaN"):
        verify(sign_document(world.hq, document.replace(b'"serial":1', b'"serial":NaN')), world)


def test_a_signed_document_not_in_canonical_form_is_refused(world):
    document = wire.dumps_canonical(world.draft.to_keyring(world.when, DAY).to_json())
    with pytest.raises(KeyringFormatError, match="canonical"):
        verify(sign_document(world.hq, document.replace(b":", b": ")), world)


def test_a_keyring_with_a_lower_serial_than_the_held_one_is_refused(world):
    older = world.sign()
    held = verify(world.sign(), world)
    with pytest.raises(KeyringRollbackError, match="older"):
        verify(older, world, held=held)


def test_a_different_keyring_under_the_held_serial_is_refused(world):
    held = verify(world.sign(), world)
    world.draft = dataclasses.replace(world.draft, last_serial=held.keyring.serial - 1,
                                      offices=world.draft.offices[:1])
    with pytest.raises(KeyringRollbackError, match="different content"):
        verify(world.sign(), world, held=held)


def test_the_held_keyring_imported_again_is_unchanged(world):
    held = verify(world.sign(), world)
    assert verify(held.raw, world, held=held) is held


def test_an_expired_keyring_is_refused(world):
    data = world.sign(issued=world.when - 10 * DAY, validity=5 * DAY)
    with pytest.raises(KeyringExpiredError, match="expired"):
        verify(data, world)


@pytest.mark.parametrize(("days_left", "status"), [
    (30, KeyringStatus.VALID), (14, KeyringStatus.EXPIRING), (1, KeyringStatus.EXPIRING),
    (0, KeyringStatus.EXPIRED)])
def test_the_status_warns_fourteen_days_before_expiry(world, days_left, status):
    keyring = verify(world.sign(validity=90 * DAY), world).keyring
    assert keyring.status(keyring.expires_at - days_left * DAY) is status


# -- the office's own copy ------------------------------------------------------------------


def test_an_office_without_a_keyring_is_told_how_to_import_one(tmp_path):
    with pytest.raises(NoKeyringError, match="ncen keyring import"):
        load_keyring(tmp_path)


def test_an_imported_keyring_is_kept_and_read_back(world, tmp_path):
    imported = import_keyring(tmp_path, world.sign(), now=now(),
                              hq_fingerprint=world.hq.signing_key_id)
    assert load_keyring(tmp_path).raw == imported.current.raw
    assert imported.changed and imported.previous_serial is None


def test_later_imports_trust_the_headquarters_key_of_the_held_keyring(world, tmp_path):
    import_keyring(tmp_path, world.sign(), now=now(), hq_fingerprint=world.hq.signing_key_id)
    second = import_keyring(tmp_path, world.sign(), now=now())
    assert (second.previous_serial, second.current.keyring.serial) == (1, 2)


def test_an_import_refused_for_rollback_keeps_the_held_keyring(world, tmp_path):
    older = world.sign()
    import_keyring(tmp_path, world.sign(), now=now(), hq_fingerprint=world.hq.signing_key_id)
    with pytest.raises(KeyringRollbackError):
        import_keyring(tmp_path, older, now=now())
    assert load_keyring(tmp_path).keyring.serial == 2


def test_a_held_keyring_altered_on_disk_is_refused_when_read(world, tmp_path):
    import_keyring(tmp_path, world.sign(), now=now(), hq_fingerprint=world.hq.signing_key_id)
    path = keyring_path(tmp_path)
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(KeyringSignatureError, match=str(path)):
        load_keyring(tmp_path)
