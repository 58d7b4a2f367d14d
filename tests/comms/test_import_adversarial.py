"""The adversarial list of issue 6, each case through the real import path.

Every case is a package file handed to :func:`import_package`, as the file transport and
``ncen package import`` hand it: ``assert_quarantined`` checks that it changes no table of
records, links, attachments or indexes, that a quarantine row names the rule's reason code,
and that a copy of the file is kept aside. ``test_package_rejections`` proves the same
rules one level down (``open_package``); the cases proven at this level elsewhere are:
unknown signer (``test_receiving_pending``), replay (``test_receiving_replay``), an older
version after a newer one and equivocation (``test_receiving_versions``), a record whose
origin is not the sender (``test_receiving_origin``), UUID squatting
(``test_receiving_squatting``) and re-importing (``test_receiving_reimport``).

FR-CDG sends to this office (XA-TEST); NL-AMS is a third office.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess

import pytest
from exchange_world import (
    CHUNK,
    encrypt_plaintext,
    flip,
    forge,
    header_end,
    manifest_for,
    now,
    replace_base64_char,
    stanza_body,
)
from receiving_world import (
    OFFICE,
    THIRD,
    assert_quarantined,
    record_line,
)

from ncen_plugins.comms import age
from ncen_plugins.comms.keyring_file import KeyringRollbackError
from ncen_plugins.comms.keyring_store import import_keyring, load_keyring
from ncen_plugins.comms.keys import OfficeKeys
from ncen_plugins.comms.package_framing import encode_preamble
from ncen_plugins.comms.package_manifest import Limits

CHUNKS = 4
HOUR = dt.timedelta(hours=1)


def _lines() -> list[dict]:
    """Three records whose notes fill the package's plaintext past three age chunks."""
    return [record_line(notes=f"Concealed in the spare tyre, case {n}. " * 1800)
            for n in range(3)]


@pytest.fixture
def genuine(exchange):
    """The bytes of a good records package from FR-CDG to this office and NL-AMS."""
    path = exchange.records(_lines(), to=(OFFICE, THIRD))
    data = path.read_bytes()
    path.unlink()
    exchange.sent.remove(path)
    assert header_end(data) + 16 + (CHUNKS - 1) * CHUNK < len(data) <= \
        header_end(data) + 16 + CHUNKS * CHUNK
    return data


def _quarantined(exchange, data: bytes, reason: str, **receiving):
    return assert_quarantined(exchange, exchange.file(data), reason, **receiving)


def _chunk_start(data: bytes, chunk: int) -> int:
    return header_end(data) + 16 + chunk * CHUNK


# -- the undamaged package, and what a damaged copy leaves for it ----------------------------


def test_the_undamaged_package_imports(exchange, genuine):
    result = exchange.receive(exchange.file(genuine))

    assert (result.status, dict(result.counts)) == ("imported", {"records": 3})


def test_a_damaged_copy_does_not_keep_the_genuine_package_out(exchange, genuine):
    _quarantined(exchange, flip(genuine, _chunk_start(genuine, 1) + 100), "decrypt")

    assert exchange.receive(exchange.file(genuine)).status == "imported"


# -- the age layer: header, MAC, nonce, every chunk, truncation, trailing bytes ---------------


def test_a_bit_flip_in_the_header_version_line_is_quarantined(exchange, genuine):
    _quarantined(exchange, flip(genuine, 3), "decrypt")


def test_an_altered_stanza_of_another_recipient_fails_the_header_mac(exchange, genuine):
    _quarantined(exchange, replace_base64_char(genuine, stanza_body(genuine, 1)), "decrypt")


def test_an_altered_stanza_of_ours_leaves_the_package_unopenable(exchange, genuine):
    _quarantined(exchange, replace_base64_char(genuine, stanza_body(genuine, 0)),
                 "not-addressed")


def test_an_altered_header_mac_is_quarantined(exchange, genuine):
    mac = genuine.index(b"\n--- ") + 10
    _quarantined(exchange, replace_base64_char(genuine, mac), "decrypt")


def test_a_bit_flip_in_the_payload_nonce_is_quarantined(exchange, genuine):
    _quarantined(exchange, flip(genuine, header_end(genuine) + 5), "decrypt")


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_a_bit_flip_in_each_payload_chunk_is_quarantined(exchange, genuine, chunk):
    _quarantined(exchange, flip(genuine, _chunk_start(genuine, chunk) + 100), "decrypt")


def test_a_bit_flip_in_the_last_tag_is_quarantined(exchange, genuine):
    _quarantined(exchange, flip(genuine, len(genuine) - 1), "decrypt")


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_truncation_at_each_chunk_boundary_is_quarantined(exchange, genuine, chunk):
    _quarantined(exchange, genuine[: _chunk_start(genuine, chunk)], "decrypt")


def test_truncation_inside_a_chunk_is_quarantined(exchange, genuine):
    _quarantined(exchange, genuine[: _chunk_start(genuine, 1) + 1000], "decrypt")


def test_truncation_inside_the_payload_nonce_is_quarantined(exchange, genuine):
    _quarantined(exchange, genuine[: header_end(genuine) + 8], "decrypt")


def test_truncation_inside_the_header_is_quarantined(exchange, genuine):
    _quarantined(exchange, genuine[: header_end(genuine) - 5], "decrypt")


def test_trailing_bytes_are_quarantined(exchange, genuine):
    _quarantined(exchange, genuine + b"\n", "decrypt")


# -- size ------------------------------------------------------------------------------------


def test_a_package_file_above_the_size_cap_is_quarantined(exchange, genuine):
    _quarantined(exchange, genuine, "too-large",
                 limits=Limits(max_package_size=len(genuine) - 1))


def test_a_part_above_the_part_cap_is_quarantined(exchange, genuine):
    _quarantined(exchange, genuine, "too-large", limits=Limits(max_part_size=100_000))


# -- who may send and who may read -----------------------------------------------------------


def test_a_package_for_another_office_only_is_quarantined(exchange):
    path = exchange.records([record_line()], to=(THIRD,))

    assert_quarantined(exchange, path, "not-addressed")


def test_a_recipient_re_encrypting_a_package_to_us_is_quarantined(exchange):
    for_third = exchange.records([record_line()], to=(THIRD,)).read_bytes()
    plaintext = age.decrypt_bytes(for_third, [exchange.world.offices[THIRD].encryption_identity])

    _quarantined(exchange, encrypt_plaintext(plaintext, exchange.me), "not-a-recipient")


def test_a_file_the_age_tool_made_for_us_is_quarantined_as_unsigned(exchange):
    tool = shutil.which("age")
    if tool is None:
        pytest.fail("the 'age' command is required (install the Debian package 'age')")
    sealed = subprocess.run([tool, "-r", str(exchange.me.encryption_recipient)],
                            input=b'{"uuid": "x"}\n', capture_output=True, check=True,
                            timeout=60).stdout

    _quarantined(exchange, sealed, "unsigned")


def test_a_compromised_signing_key_is_quarantined_even_for_packages_dated_before(exchange):
    path = exchange.records([record_line()], when=now() - 2 * HOUR)
    world = exchange.world
    world.draft = world.draft.revoke("FR-CDG", exchange.sender.signing_key_id, "compromised",
                                     now() - HOUR)

    result = assert_quarantined(exchange, path, "revoked-signer", keyring=world.keyring())
    assert "compromised" in result.message


def test_a_compromised_office_is_quarantined_for_every_package(exchange):
    path = exchange.records([record_line()], when=now() - 2 * HOUR)
    world = exchange.world
    world.draft = world.draft.revoke("FR-CDG", None, "compromised", now() - HOUR)

    assert_quarantined(exchange, path, "revoked-signer", keyring=world.keyring())


def test_a_superseded_key_is_quarantined_for_packages_made_after_the_change(exchange):
    path = exchange.records([record_line()])
    world = exchange.world
    world.when = now() - HOUR
    world.enrol(OfficeKeys.generate("FR-CDG"))

    result = assert_quarantined(exchange, path, "revoked-signer", keyring=world.keyring())
    assert "superseded" in result.message


def test_a_retired_office_is_quarantined_for_packages_made_after_retirement(exchange):
    path = exchange.records([record_line()])
    world = exchange.world
    world.draft = world.draft.revoke("FR-CDG", None, "retired", now() - HOUR)

    assert_quarantined(exchange, path, "revoked-signer", keyring=world.keyring())


# -- a forged manifest, signed with the sender's real key -------------------------------------


def _forged(exchange, manifest, parts: bytes = b"", **options) -> bytes:
    return forge(exchange.sender, manifest, parts, exchange.me, **options)


def test_a_part_named_with_a_path_is_quarantined_and_written_nowhere(exchange, tmp_path):
    manifest = manifest_for(exchange.sender, [exchange.me], {"../../x": b"evil"})

    _quarantined(exchange, _forged(exchange, manifest, b"evil"), "part-name")
    assert [path for path in tmp_path.rglob("x")] == []


def test_a_manifest_with_a_duplicate_key_is_quarantined(exchange):
    raw = manifest_for(exchange.sender, [exchange.me], {}).to_bytes()
    duplicated = raw.replace(b'{"created_at"', b'{"kind":"message","created_at"', 1)

    _quarantined(exchange, _forged(exchange, duplicated), "bad-manifest")


def test_a_manifest_with_nan_is_quarantined(exchange):
    raw = manifest_for(exchange.sender, [exchange.me], {"a": b"x"}).to_bytes()

    _quarantined(exchange, _forged(exchange, raw.replace(b'"size":1', b'"size":NaN'), b"x"),
                 "bad-manifest")


def test_a_downgraded_manifest_format_is_quarantined(exchange):
    manifest = manifest_for(exchange.sender, [exchange.me], {}, format=0)

    _quarantined(exchange, _forged(exchange, manifest), "version")


def test_a_manifest_format_of_true_is_not_version_1(exchange):
    raw = manifest_for(exchange.sender, [exchange.me], {}).to_bytes()

    _quarantined(exchange, _forged(exchange, raw.replace(b'"format":1', b'"format":true')),
                 "version")


def test_a_downgraded_framing_version_is_quarantined(exchange):
    manifest = manifest_for(exchange.sender, [exchange.me], {})

    _quarantined(exchange, _forged(exchange, manifest, magic=b"ncen-package/0\n"), "version")


def test_a_manifest_naming_another_sender_is_quarantined(exchange):
    manifest = manifest_for(exchange.sender, [exchange.me], {})
    manifest = dataclasses.replace(
        manifest, sender=dataclasses.replace(manifest.sender, office=THIRD))

    _quarantined(exchange, _forged(exchange, manifest), "sender-mismatch")


def test_a_signature_by_another_key_than_the_one_named_is_quarantined(exchange):
    manifest = manifest_for(exchange.sender, [exchange.me], {})
    preamble = encode_preamble(exchange.sender.signing_key_id, manifest.to_bytes(),
                               exchange.me.sign)

    _quarantined(exchange, encrypt_plaintext(preamble, exchange.me), "bad-signature")


def test_a_package_older_than_the_maximum_age_is_quarantined(exchange):
    path = exchange.records([record_line()], when=now() - dt.timedelta(days=91))

    assert_quarantined(exchange, path, "stale")


def test_bytes_beyond_the_declared_parts_are_quarantined(exchange):
    manifest = manifest_for(exchange.sender, [exchange.me], {"records.jsonl": b"\n"})

    _quarantined(exchange, _forged(exchange, manifest, b"\n\n"), "part-size")


def test_a_part_whose_hash_differs_from_the_manifest_is_quarantined(exchange):
    manifest = manifest_for(exchange.sender, [exchange.me], {"records.jsonl": b"\n"})

    _quarantined(exchange, _forged(exchange, manifest, b" "), "part-hash")


# -- keyring rollback --------------------------------------------------------------------------


def test_a_rolled_back_keyring_cannot_bring_a_compromised_sender_back(exchange):
    """The keyring that revoked FR-CDG stays in force when the older one comes back, so the
    package is still judged by the newer keyring, as every import path loads it."""
    world, data_dir = exchange.world, exchange.ncen.config.data_dir
    before_revocation = world.sign()
    import_keyring(data_dir, before_revocation, now=world.when,
                   hq_fingerprint=world.hq.signing_key_id)
    path = exchange.records([record_line()], when=now() - 2 * HOUR)
    world.draft = world.draft.revoke("FR-CDG", exchange.sender.signing_key_id, "compromised",
                                     now() - HOUR)
    import_keyring(data_dir, world.sign(), now=world.when)

    with pytest.raises(KeyringRollbackError):
        import_keyring(data_dir, before_revocation, now=world.when)

    held = load_keyring(data_dir).keyring
    assert_quarantined(exchange, path, "revoked-signer", keyring=held)

