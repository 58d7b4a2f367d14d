"""Sealing and opening packages: what goes in comes out, verified, in constant memory."""

from __future__ import annotations

import io
import itertools
import os
import shutil
import subprocess
import tracemalloc

import pytest
from exchange_world import make_world, open_bytes, seal_bytes

from ncen_plugins.comms.package import PartSource, open_package, seal_package
from ncen_plugins.comms.package_errors import PackageSealError
from ncen_plugins.comms.package_framing import MAGIC

PARTS = {"records.jsonl": b'{"uuid": "1"}\n{"uuid": "2"}\n', "empty.bin": b"",
         "sha256-ab12.jpg": os.urandom(200_000)}
BIG = 16 << 20


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


def test_every_part_comes_out_as_it_went_in(sender, me, keyring):
    package = seal_bytes(sender, keyring, ["BE-BRU"], PARTS)
    with open_bytes(package, me, keyring) as opened:
        assert {name: opened.open_part(name).read() for name in opened.files} == PARTS


def test_the_opened_manifest_is_the_one_sealed(sender, me, keyring):
    out = io.BytesIO()
    sealed = seal_package(sender, [keyring.office("BE-BRU")], "message",
                          [PartSource.from_bytes("body.txt", b"hello")], out)
    with open_bytes(out.getvalue(), me, keyring) as opened:
        assert opened.manifest == sealed


def test_the_manifest_names_the_signing_key_and_every_recipient_key(sender, keyring):
    manifest = seal_package(sender, [keyring.office("BE-BRU"), keyring.office("NL-AMS")],
                            "records", [], io.BytesIO())
    assert (manifest.sender.office, manifest.sender.key_id) == ("FR-CDG", sender.signing_key_id)
    assert [(party.office, party.key_id) for party in manifest.recipients] == [
        ("BE-BRU", keyring.office("BE-BRU").encryption_key_id),
        ("NL-AMS", keyring.office("NL-AMS").encryption_key_id)]


def test_each_package_gets_a_new_uuid4(sender, keyring):
    ids = {seal_package(sender, [keyring.office("BE-BRU")], "receipt", [], io.BytesIO())
           .package_id for _ in range(3)}
    assert len(ids) == 3 and all(package_id[14] == "4" for package_id in ids)


def test_opened_parts_live_in_the_given_folder_until_closed(sender, me, keyring, tmp_path):
    package = seal_bytes(sender, keyring, ["BE-BRU"], PARTS)
    opened = open_bytes(package, me, keyring, workdir=tmp_path)
    assert all(path.parent.parent == tmp_path for path in opened.files.values())
    opened.close()
    assert list(tmp_path.iterdir()) == []


def test_part_files_are_named_by_position_not_by_the_manifest(sender, me, keyring):
    package = seal_bytes(sender, keyring, ["BE-BRU"], PARTS)
    with open_bytes(package, me, keyring) as opened:
        assert sorted(path.name for path in opened.files.values()) == [
            "part-00000", "part-00001", "part-00002"]


def test_the_age_tool_decrypts_a_package_to_its_framing(sender, keyring, me, tmp_path):
    tool = shutil.which("age")
    if tool is None:
        pytest.fail("the 'age' command is required (install the Debian package 'age')")
    identity = tmp_path / "identity.txt"
    identity.write_text(f"{me.encryption_identity}\n")
    package = tmp_path / "package.ncen"
    package.write_bytes(seal_bytes(sender, keyring, ["BE-BRU"], PARTS))
    plaintext = subprocess.run([tool, "-d", "-i", str(identity), str(package)],
                               capture_output=True, check=True, timeout=60).stdout
    assert plaintext.startswith(MAGIC)
    assert plaintext.endswith(b"".join(PARTS.values()))


def test_sealing_refuses_a_part_name_with_a_path(sender, keyring):
    with pytest.raises(PackageSealError, match="not allowed"):
        seal_bytes(sender, keyring, ["BE-BRU"], {"../../x": b"evil"})


def test_sealing_refuses_an_unknown_kind(sender, keyring):
    with pytest.raises(PackageSealError, match="kind"):
        seal_bytes(sender, keyring, ["BE-BRU"], PARTS, kind="invoice")


def test_sealing_refuses_a_package_without_recipients(sender):
    with pytest.raises(PackageSealError, match="recipient"):
        seal_package(sender, [], "records", [], io.BytesIO())


def test_sealing_refuses_the_same_office_twice(sender, keyring):
    with pytest.raises(PackageSealError, match="twice"):
        seal_bytes(sender, keyring, ["BE-BRU", "BE-BRU"], PARTS)


def test_sealing_fails_when_a_part_changes_size_while_it_is_sealed(sender, keyring):
    versions = itertools.cycle([b"first read", b"second, longer read"])
    changing = PartSource("a.txt", lambda: io.BytesIO(next(versions)))
    with pytest.raises(PackageSealError, match="changed"):
        seal_package(sender, [keyring.office("BE-BRU")], "records", [changing], io.BytesIO())


def test_sealing_and_opening_a_large_part_use_far_less_memory_than_its_size(
        sender, me, keyring, tmp_path):
    photo = tmp_path / "photo.jpg"
    with photo.open("wb") as handle:
        for _ in range(BIG >> 20):
            handle.write(os.urandom(1 << 20))
    sealed = tmp_path / "package.ncen"
    tracemalloc.start()
    try:
        with sealed.open("wb") as out:
            seal_package(sender, [keyring.office("BE-BRU")], "records",
                         [PartSource.from_path("photo.jpg", photo)], out)
        _, sealing_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        with sealed.open("rb") as src, open_package(
                src, me, keyring, seen=lambda _: False, now=keyring.issued_at,
                workdir=tmp_path) as opened:
            _, opening_peak = tracemalloc.get_traced_memory()
            assert opened.files["photo.jpg"].stat().st_size == BIG
    finally:
        tracemalloc.stop()
    assert sealing_peak < BIG / 4 and opening_peak < BIG / 4
