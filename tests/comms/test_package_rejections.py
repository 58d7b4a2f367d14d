"""Every way a package can be damaged, forged or misused is refused with its own reason.

Office FR-CDG sends, BE-BRU receives, NL-AMS is a third office. Damaged files are made by
altering real packages; forged ones are signed with real keys by a sender who breaks the
format on purpose (see ``exchange_world.forge``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
import subprocess

import pytest
from exchange_world import (
    CHUNK,
    encrypt_plaintext,
    flip,
    forge,
    header_end,
    make_world,
    manifest_for,
    now,
    open_bytes,
    replace_base64_char,
    seal_bytes,
    stanza_body,
)

from ncen_plugins.comms import age
from ncen_plugins.comms import package_errors as errors
from ncen_plugins.comms.keyring import KeyringExpiredError
from ncen_plugins.comms.keys import OfficeKeys
from ncen_plugins.comms.package import open_package
from ncen_plugins.comms.package_framing import encode_preamble
from ncen_plugins.comms.package_manifest import Limits

PARTS = {"records.jsonl": b'{"uuid": "x"}\n' * 5000, "photo.jpg": bytes(range(256)) * 300}


@pytest.fixture(scope="module")
def world():
    return make_world("FR-CDG", "BE-BRU", "NL-AMS")


@pytest.fixture(scope="module")
def keyring(world):
    return world.keyring()


@pytest.fixture(scope="module")
def sender(world):
    return world.offices["FR-CDG"]


@pytest.fixture(scope="module")
def me(world):
    return world.offices["BE-BRU"]


@pytest.fixture(scope="module")
def third(world):
    return world.offices["NL-AMS"]


@pytest.fixture(scope="module")
def package(sender, keyring):
    """A good package from FR-CDG to BE-BRU and NL-AMS: three age chunks."""
    return seal_bytes(sender, keyring, ["BE-BRU", "NL-AMS"], PARTS)


def refused(data, me, keyring, **options) -> str:
    with pytest.raises(errors.PackageRejected) as caught:
        open_bytes(data, me, keyring, **options)
    return caught.value.reason


# -- the package itself opens --------------------------------------------------------------


def test_the_undamaged_package_opens_for_each_named_recipient(package, me, third, keyring):
    for office in (me, third):
        with open_bytes(package, office, keyring) as opened:
            assert {name: opened.open_part(name).read() for name in PARTS} == PARTS


# -- size -----------------------------------------------------------------------------------


def test_a_package_file_above_the_size_cap_is_refused_before_decryption(package, me, keyring,
                                                                        tmp_path):
    path = tmp_path / "big.ncen"
    path.write_bytes(package)
    with path.open("rb") as src, pytest.raises(errors.PackageTooLarge):
        open_package(src, me, keyring, seen=lambda _: False, now=now(),
                     limits=Limits(max_package_size=len(package) - 1))


def test_a_package_stream_above_the_size_cap_is_refused_while_read(package, me, keyring):
    assert refused(package, me, keyring,
                   limits=Limits(max_package_size=len(package) - 1)) == "too-large"


def test_a_manifest_above_its_cap_is_refused(package, me, keyring):
    assert refused(package, me, keyring, limits=Limits(max_manifest_size=100)) == "too-large"


def test_more_parts_than_the_cap_are_refused(package, me, keyring):
    assert refused(package, me, keyring, limits=Limits(max_parts=1)) == "too-large"


def test_a_part_above_the_part_cap_is_refused(package, me, keyring):
    assert refused(package, me, keyring, limits=Limits(max_part_size=1000)) == "too-large"


# -- the age layer --------------------------------------------------------------------------


def test_a_package_for_other_offices_is_not_addressed_to_us(sender, keyring, me):
    for_third_only = seal_bytes(sender, keyring, ["NL-AMS"], PARTS)
    assert refused(for_third_only, me, keyring) == "not-addressed"


def test_a_bit_flip_in_the_version_line_is_refused_by_age(package, me, keyring):
    assert refused(flip(package, 3), me, keyring) == "decrypt"


def test_an_altered_stanza_of_another_recipient_breaks_the_header_mac(package, me, keyring):
    altered = replace_base64_char(package, stanza_body(package, 1))
    assert refused(altered, me, keyring) == "decrypt"


def test_an_altered_stanza_of_ours_makes_the_package_unopenable(package, me, keyring):
    altered = replace_base64_char(package, stanza_body(package, 0))
    assert refused(altered, me, keyring) == "not-addressed"


def test_an_altered_header_mac_is_refused_by_age(package, me, keyring):
    mac = package.index(b"\n--- ") + 10
    assert refused(replace_base64_char(package, mac), me, keyring) == "decrypt"


def test_a_bit_flip_in_the_payload_nonce_is_refused_by_age(package, me, keyring):
    assert refused(flip(package, header_end(package) + 5), me, keyring) == "decrypt"


@pytest.mark.parametrize("chunk", [0, 1, 2])
def test_a_bit_flip_in_any_payload_chunk_is_refused_by_age(package, me, keyring, chunk):
    start = header_end(package) + 16 + chunk * CHUNK
    assert start + 100 < len(package)
    assert refused(flip(package, start + 100), me, keyring) == "decrypt"


def test_a_bit_flip_in_the_last_tag_is_refused_by_age(package, me, keyring):
    assert refused(flip(package, len(package) - 1), me, keyring) == "decrypt"


def test_truncation_at_a_chunk_boundary_is_refused_by_age(package, me, keyring):
    boundary = header_end(package) + 16 + 2 * CHUNK
    assert refused(package[:boundary], me, keyring) == "decrypt"


def test_truncation_inside_a_chunk_is_refused_by_age(package, me, keyring):
    assert refused(package[: len(package) - 100], me, keyring) == "decrypt"


def test_truncation_inside_the_header_is_refused_by_age(package, me, keyring):
    assert refused(package[: header_end(package) - 5], me, keyring) == "decrypt"


def test_trailing_bytes_after_the_package_are_refused_by_age(package, me, keyring):
    assert refused(package + b"\x00", me, keyring) == "decrypt"


def test_age_failures_take_precedence_over_later_rules(world, me, keyring):
    stranger = OfficeKeys.generate("XX-UNK")
    unknown_signer = seal_bytes(stranger, keyring, ["BE-BRU"], PARTS)
    assert refused(flip(unknown_signer, len(unknown_signer) - 1), me, keyring) == "decrypt"


# -- layout ---------------------------------------------------------------------------------


def test_a_file_made_by_the_age_tool_opens_in_age_but_is_refused_as_unsigned(me, keyring):
    tool = shutil.which("age")
    if tool is None:
        pytest.fail("the 'age' command is required (install the Debian package 'age')")
    sealed = subprocess.run([tool, "-r", str(me.encryption_recipient)], input=b"hello office\n",
                            capture_output=True, check=True, timeout=60).stdout
    assert age.decrypt_bytes(sealed, [me.encryption_identity]) == b"hello office\n"
    assert refused(sealed, me, keyring) == "unsigned"


def test_an_empty_plaintext_is_refused_as_unsigned(me, keyring):
    assert refused(encrypt_plaintext(b"", me), me, keyring) == "unsigned"


def test_a_preamble_cut_inside_the_signature_is_a_layout_error(sender, me, keyring):
    manifest = manifest_for(sender, [me], {})
    preamble = encode_preamble(sender.signing_key_id, manifest.to_bytes(), sender.sign)
    assert refused(encrypt_plaintext(preamble[:-10], me), me, keyring) == "layout"


def test_a_signer_key_id_that_is_not_a_fingerprint_is_a_layout_error(sender, me, keyring):
    preamble = encode_preamble("not-a-key", manifest_for(sender, [me], {}).to_bytes(),
                               sender.sign)
    assert refused(encrypt_plaintext(preamble, me), me, keyring) == "layout"


def test_a_downgraded_framing_version_is_refused(sender, me, keyring):
    data = forge(sender, manifest_for(sender, [me], {}), b"", me, magic=b"ncen-package/0\n")
    assert refused(data, me, keyring) == "version"


# -- signer and signature -------------------------------------------------------------------


def test_a_package_signed_by_a_key_the_keyring_does_not_name_is_refused(me, keyring):
    stranger = OfficeKeys.generate("XX-UNK")
    assert refused(seal_bytes(stranger, keyring, ["BE-BRU"], PARTS), me, keyring) == \
        "unknown-signer"


def test_a_signature_by_another_key_than_the_one_named_is_refused(sender, me, keyring):
    manifest = manifest_for(sender, [me], {})
    preamble = encode_preamble(sender.signing_key_id, manifest.to_bytes(), me.sign)
    assert refused(encrypt_plaintext(preamble, me), me, keyring) == "bad-signature"


# -- strict JSON and the manifest schema ---------------------------------------------------


def test_a_manifest_with_a_duplicate_key_is_refused(sender, me, keyring):
    raw = manifest_for(sender, [me], {}).to_bytes()
    duplicated = raw.replace(b'{"created_at"', b'{"kind":"message","created_at"', 1)
    assert refused(forge(sender, duplicated, b"", me), me, keyring) == "bad-manifest"


def test_a_manifest_with_nan_is_refused(sender, me, keyring):
    raw = manifest_for(sender, [me], {"a": b"x"}).to_bytes()
    assert refused(forge(sender, raw.replace(b'"size":1', b'"size":NaN'), b"x", me),
                   me, keyring) == "bad-manifest"


def test_a_manifest_not_in_canonical_form_is_refused(sender, me, keyring):
    raw = manifest_for(sender, [me], {}).to_bytes().replace(b",", b", ")
    assert refused(forge(sender, raw, b"", me), me, keyring) == "bad-manifest"


def test_a_manifest_of_an_unknown_kind_is_refused(sender, me, keyring):
    manifest = manifest_for(sender, [me], {}, kind="invoice")
    assert refused(forge(sender, manifest, b"", me), me, keyring) == "bad-manifest"


def test_a_downgraded_manifest_format_is_refused(sender, me, keyring):
    manifest = manifest_for(sender, [me], {}, format=0)
    assert refused(forge(sender, manifest, b"", me), me, keyring) == "version"


def test_a_part_named_with_a_path_is_refused(sender, me, keyring):
    manifest = manifest_for(sender, [me], {"../../x": b"evil"})
    assert refused(forge(sender, manifest, b"evil", me), me, keyring) == "part-name"


def test_two_parts_with_one_name_are_refused(sender, me, keyring):
    manifest = manifest_for(sender, [me], {"a": b"x"})
    manifest = dataclasses.replace(manifest, parts=manifest.parts * 2)
    assert refused(forge(sender, manifest, b"xx", me), me, keyring) == "part-name"


# -- sender and recipient binding ----------------------------------------------------------


def test_a_manifest_naming_another_sender_than_the_signer_is_refused(sender, me, keyring):
    manifest = manifest_for(sender, [me], {})
    manifest = dataclasses.replace(
        manifest, sender=dataclasses.replace(manifest.sender, office="NL-AMS"))
    assert refused(forge(sender, manifest, b"", me), me, keyring) == "sender-mismatch"


def test_a_recipient_re_encrypting_a_package_to_a_third_office_is_refused(
        sender, me, third, keyring):
    only_for_me = seal_bytes(sender, keyring, ["BE-BRU"], PARTS)
    plaintext = age.decrypt_bytes(only_for_me, [me.encryption_identity])
    passed_on = encrypt_plaintext(plaintext, third)
    assert refused(passed_on, third, keyring) == "not-a-recipient"


def test_a_package_naming_an_old_key_of_ours_is_refused(sender, me, keyring):
    manifest = manifest_for(sender, [me], {})
    old_key = OfficeKeys.generate("BE-BRU").encryption_key_id
    manifest = dataclasses.replace(
        manifest, recipients=(dataclasses.replace(manifest.recipients[0], key_id=old_key),))
    assert refused(forge(sender, manifest, b"", me), me, keyring) == "not-a-recipient"


# -- freshness and replay -------------------------------------------------------------------


def test_a_package_older_than_the_maximum_age_is_refused(sender, me, keyring):
    old = seal_bytes(sender, keyring, ["BE-BRU"], PARTS, when=now() - dt.timedelta(days=91))
    assert refused(old, me, keyring) == "stale"


def test_a_package_from_the_future_is_refused(sender, me, keyring):
    future = seal_bytes(sender, keyring, ["BE-BRU"], PARTS, when=now() + dt.timedelta(hours=1))
    assert refused(future, me, keyring) == "stale"


def test_a_package_already_received_is_refused_as_a_replay(package, me, keyring):
    assert refused(package, me, keyring, seen=lambda package_id: True) == "replay"


def test_replay_is_judged_before_the_parts(sender, me, keyring):
    manifest = manifest_for(sender, [me], {"a": b"right"})
    assert refused(forge(sender, manifest, b"wrong", me), me, keyring,
                   seen=lambda package_id: True) == "replay"


def test_the_replay_test_receives_the_package_id(package, me, keyring):
    asked = []
    with open_bytes(package, me, keyring, seen=lambda package_id: asked.append(package_id)):
        pass
    assert len(asked) == 1 and len(asked[0]) == 36


# -- parts ----------------------------------------------------------------------------------


def test_a_part_whose_hash_differs_from_the_manifest_is_refused(sender, me, keyring):
    manifest = manifest_for(sender, [me], {"a": b"right"})
    assert refused(forge(sender, manifest, b"wrong", me), me, keyring) == "part-hash"


def test_bytes_beyond_the_declared_parts_are_refused(sender, me, keyring):
    manifest = manifest_for(sender, [me], {"a": b"right"})
    assert refused(forge(sender, manifest, b"right+", me), me, keyring) == "part-size"


def test_parts_shorter_than_declared_are_refused(sender, me, keyring):
    manifest = manifest_for(sender, [me], {"a": b"right"})
    assert refused(forge(sender, manifest, b"righ", me), me, keyring) == "part-size"


def test_a_refused_package_leaves_no_decrypted_part_behind(sender, me, keyring, tmp_path):
    manifest = manifest_for(sender, [me], {"a": b"right", "b": b"x" * 100_000})
    data = forge(sender, manifest, b"wrong" + b"x" * 100_000, me)
    assert refused(data, me, keyring, workdir=tmp_path) == "part-hash"
    assert list(tmp_path.iterdir()) == []


# -- the keyring must be usable -------------------------------------------------------------


def test_an_expired_keyring_refuses_to_judge_any_package(package, me, keyring):
    with pytest.raises(KeyringExpiredError):
        open_package(io.BytesIO(package), me, keyring, seen=lambda _: False,
                     now=keyring.expires_at)


# -- the reason codes -----------------------------------------------------------------------


def test_every_rejection_class_has_a_distinct_reason_listed_in_the_rule_order():
    classes = [cls for cls in vars(errors).values()
               if isinstance(cls, type) and issubclass(cls, errors.PackageRejected)
               and cls is not errors.PackageRejected]
    reasons = [cls.reason for cls in classes]
    assert len(set(reasons)) == len(reasons)
    assert sorted(reasons) == sorted(errors.REJECTION_ORDER)
