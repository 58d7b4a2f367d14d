"""The office keystore: one passphrase-protected age file holding all three keys,
recoverable with the stock age tool."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess

import pytest
from exchange_world import PASSPHRASE, TEST_WORK_FACTOR, make_world, seal_bytes
from test_age_interop import _run_on_terminal

from ncen_plugins.comms.keys import (
    KeystoreError,
    KeystorePassphraseError,
    OfficeKeys,
    keystore_path,
    load_keystore,
    save_keystore,
)
from ncen_plugins.comms.package_framing import MAGIC


@pytest.fixture(scope="module")
def keys():
    return OfficeKeys.generate("FR-CDG")


@pytest.fixture
def stored(keys, tmp_path):
    path = keystore_path(tmp_path)
    save_keystore(keys, path, PASSPHRASE, work_factor=TEST_WORK_FACTOR)
    return path


def ids(keys):
    return (keys.office, keys.signing_key_id, keys.encryption_key_id, keys.tls_sha256,
            keys.created_at)


def test_the_keystore_lives_in_the_keys_folder_of_the_data_dir(tmp_path):
    assert keystore_path(tmp_path) == tmp_path / "keys" / "office.age"


def test_a_saved_keystore_opens_with_its_passphrase_to_the_same_keys(keys, stored):
    assert ids(load_keystore(stored, PASSPHRASE)) == ids(keys)


def test_the_reopened_signing_key_makes_the_same_signatures(keys, stored):
    assert load_keystore(stored, PASSPHRASE).sign(b"manifest") == keys.sign(b"manifest")


def test_a_wrong_passphrase_is_refused(stored):
    with pytest.raises(KeystorePassphraseError, match="wrong passphrase"):
        load_keystore(stored, PASSPHRASE + "!")


def test_a_short_passphrase_is_refused_for_a_new_keystore(keys, tmp_path):
    with pytest.raises(KeystorePassphraseError, match="at least 12"):
        save_keystore(keys, tmp_path / "office.age", "short")
    assert not (tmp_path / "office.age").exists()


def test_the_keystore_is_readable_by_its_owner_only_and_no_temporary_file_remains(stored):
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert [path.name for path in stored.parent.iterdir()] == ["office.age"]


def test_a_damaged_keystore_is_reported_as_damaged(stored):
    data = bytearray(stored.read_bytes())
    data[-3] ^= 0x01
    stored.write_bytes(bytes(data))
    with pytest.raises(KeystoreError, match="damaged"):
        load_keystore(stored, PASSPHRASE)


def test_a_missing_keystore_tells_how_to_create_one(tmp_path):
    with pytest.raises(KeystoreError, match="ncen keys init"):
        load_keystore(keystore_path(tmp_path), PASSPHRASE)


def test_the_printed_form_of_the_keys_shows_no_secret(keys):
    text = repr(keys)
    assert keys.signing_key_id in text and "AGE-SECRET-KEY" not in text


def test_an_office_code_that_is_not_valid_is_refused():
    with pytest.raises(KeystoreError, match="office code"):
        OfficeKeys.generate("fr cdg")


def test_the_stock_age_tool_recovers_the_keys_and_they_open_a_package(tmp_path):
    tool = shutil.which("age")
    if tool is None:
        pytest.fail("the 'age' command is required (install the Debian package 'age')")
    world = make_world("FR-CDG", "BE-BRU")
    me = world.offices["BE-BRU"]
    stored = tmp_path / "office.age"
    save_keystore(me, stored, PASSPHRASE, work_factor=TEST_WORK_FACTOR)
    recovered = tmp_path / "recovered.json"
    _run_on_terminal([tool, "-d", "-o", str(recovered), str(stored)],
                     [(b"Enter passphrase", PASSPHRASE.encode())])
    identity = tmp_path / "identity.txt"
    identity.write_text(json.loads(recovered.read_text())["encryption_identity"] + "\n")
    package = tmp_path / "package.ncen"
    package.write_bytes(seal_bytes(world.offices["FR-CDG"], world.keyring(), ["BE-BRU"],
                                   {"a.txt": b"hello"}))
    opened = subprocess.run([tool, "-d", "-i", str(identity), str(package)],
                            capture_output=True, check=True, timeout=60).stdout
    assert opened.startswith(MAGIC) and opened.endswith(b"hello")
