"""Fingerprints that can be read over the telephone: eight groups of four base32 characters."""

from __future__ import annotations

import base64
import hashlib

import pytest

from ncen_plugins.comms.fingerprint import FINGERPRINT_PATTERN, fingerprint, normalise_fingerprint


def test_a_fingerprint_is_eight_groups_of_four_unambiguous_characters():
    text = fingerprint(b"\x01" * 32)
    assert FINGERPRINT_PATTERN.fullmatch(text)
    assert not set(text) & set("0189")


def test_a_fingerprint_is_the_first_160_bits_of_the_sha256():
    key = bytes(range(32))
    expected = base64.b32encode(hashlib.sha256(key).digest()[:20]).decode()
    assert fingerprint(key).replace("-", "") == expected


def test_different_keys_have_different_fingerprints():
    assert fingerprint(b"\x01" * 32) != fingerprint(b"\x02" * 32)


def test_a_fingerprint_typed_in_lower_case_with_spaces_is_understood():
    text = fingerprint(b"\x03" * 32)
    typed = text.lower().replace("-", " ")
    assert normalise_fingerprint(typed) == text


@pytest.mark.parametrize("typed", ["ABCD-EFGH", "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4561",
                                   "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-45678"])
def test_something_that_cannot_be_a_fingerprint_is_refused(typed):
    with pytest.raises(ValueError, match="not a key fingerprint"):
        normalise_fingerprint(typed)
