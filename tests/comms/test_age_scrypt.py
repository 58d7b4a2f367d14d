"""Passphrase (scrypt) encryption as used for office keystores."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from ncen_plugins.comms.age import (
    AgeHeaderError,
    AgeNoMatchError,
    ScryptIdentity,
    ScryptRecipient,
    X25519Identity,
    decrypt_bytes,
    encrypt_bytes,
)

FAST = 10  # work factor for tests: 1 MiB, milliseconds


def test_a_file_encrypted_with_a_passphrase_opens_with_it():
    sealed = encrypt_bytes(b"keystore", [ScryptRecipient("s3cret pass", work_factor=FAST)])
    assert decrypt_bytes(sealed, [ScryptIdentity("s3cret pass")]) == b"keystore"


def test_a_text_passphrase_is_its_utf8_bytes():
    sealed = encrypt_bytes(b"keystore", [ScryptRecipient("douane ä", work_factor=FAST)])
    assert decrypt_bytes(sealed, [ScryptIdentity("douane ä".encode())]) == b"keystore"


def test_a_wrong_passphrase_is_no_match():
    sealed = encrypt_bytes(b"keystore", [ScryptRecipient("right", work_factor=FAST)])
    with pytest.raises(AgeNoMatchError):
        decrypt_bytes(sealed, [ScryptIdentity("wrong")])


def test_a_work_factor_above_the_identity_limit_is_refused():
    sealed = encrypt_bytes(b"keystore", [ScryptRecipient("pass", work_factor=12)])
    with pytest.raises(AgeHeaderError, match=r"2\^12 exceeds the limit of 2\^11"):
        decrypt_bytes(sealed, [ScryptIdentity("pass", max_work_factor=11)])


def test_a_passphrase_recipient_cannot_share_a_file_with_other_recipients():
    recipients = [ScryptRecipient("pass", work_factor=FAST), X25519Identity.generate().recipient]
    with pytest.raises(ValueError, match="only recipient"):
        encrypt_bytes(b"keystore", recipients)


def test_a_work_factor_beyond_the_supported_range_cannot_be_chosen():
    with pytest.raises(ValueError, match="work factor"):
        ScryptRecipient("pass", work_factor=23)


def test_a_work_factor_needing_more_memory_than_available_is_a_clean_error():
    child = textwrap.dedent(
        """
        import os, resource
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from ncen_plugins.comms.age import AgeHeaderError, ScryptIdentity, Stanza, decrypt_bytes
        from ncen_plugins.comms.age import b64
        from ncen_plugins.comms.age.header import serialise_header
        salt = b64.encode(os.urandom(16)).decode()
        stanza = Stanza(("scrypt", salt, "21"), os.urandom(32))
        sealed = serialise_header([stanza], os.urandom(16)) + os.urandom(48)
        try:
            decrypt_bytes(sealed, [ScryptIdentity("pass")])
        except AgeHeaderError as error:
            print(error)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, timeout=60, check=False
    )
    assert "needs 2048 MiB of memory" in done.stdout, done.stderr
