"""Parsing and formatting age keys: compatibility with age-keygen and clear refusals."""

from __future__ import annotations

import pytest

from ncen_plugins.comms.age import (
    AgeKeyFormatError,
    AgeUnsupportedError,
    X25519Identity,
    X25519Recipient,
    bech32,
    encrypt_bytes,
    parse_identities,
    parse_identity,
    parse_recipient,
)

# The example key pair of the C2SP age specification.
SPEC_IDENTITY = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"
SPEC_RECIPIENT = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"


def test_the_spec_example_identity_derives_the_spec_example_recipient():
    assert str(parse_identity(SPEC_IDENTITY).recipient) == SPEC_RECIPIENT


def test_an_identity_formats_back_to_the_same_uppercase_string():
    assert str(parse_identity(SPEC_IDENTITY)) == SPEC_IDENTITY


def test_a_recipient_formats_back_to_the_same_lowercase_string():
    assert str(parse_recipient(SPEC_RECIPIENT)) == SPEC_RECIPIENT


def test_a_generated_identity_parses_back_to_an_equal_identity():
    identity = X25519Identity.generate()
    assert parse_identity(str(identity)) == identity


def test_surrounding_whitespace_around_a_key_is_ignored():
    assert str(parse_recipient(f"  {SPEC_RECIPIENT}\n")) == SPEC_RECIPIENT


def test_a_key_mixing_upper_and_lower_case_is_rejected():
    with pytest.raises(AgeKeyFormatError, match="mixes upper and lower case"):
        parse_recipient(SPEC_RECIPIENT[:10] + SPEC_RECIPIENT[10:].upper())


def test_a_mistyped_key_fails_the_checksum():
    mistyped = SPEC_RECIPIENT.replace("lqzraa", "lqzrap")
    with pytest.raises(AgeKeyFormatError, match="checksum"):
        parse_recipient(mistyped)


def test_an_identity_given_as_a_recipient_is_rejected():
    with pytest.raises(AgeKeyFormatError, match="not an age recipient"):
        parse_recipient(SPEC_IDENTITY)


def test_a_lowercase_identity_is_rejected_as_age_does():
    with pytest.raises(AgeKeyFormatError, match="not an age identity"):
        parse_identity(SPEC_IDENTITY.lower())


def test_a_key_of_the_wrong_length_is_rejected():
    with pytest.raises(AgeKeyFormatError, match="holds 31 bytes"):
        parse_recipient(bech32.encode("age", bytes(31)))


def test_a_post_quantum_recipient_is_refused_as_unsupported():
    with pytest.raises(AgeUnsupportedError, match="post-quantum"):
        parse_recipient(bech32.encode("age1pq", bytes(1216)))


def test_a_plugin_recipient_is_refused_as_unsupported():
    with pytest.raises(AgeUnsupportedError, match="plugin 'yubikey'"):
        parse_recipient(bech32.encode("age1yubikey", bytes(33)))


def test_a_plugin_identity_is_refused_as_unsupported():
    with pytest.raises(AgeUnsupportedError, match="plugin 'yubikey'"):
        parse_identity(bech32.encode("AGE-PLUGIN-YUBIKEY-", bytes(20)))


def test_an_ssh_key_is_refused_as_unsupported():
    with pytest.raises(AgeUnsupportedError, match="SSH"):
        parse_recipient("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMoOJsPmU1YkLm officer@laptop")


def test_an_identity_file_skips_comments_and_blank_lines():
    text = f"# created: 2024-01-01T00:00:00Z\n# public key: {SPEC_RECIPIENT}\n\n{SPEC_IDENTITY}\n"
    assert [str(identity) for identity in parse_identities(text)] == [SPEC_IDENTITY]


def test_an_identity_file_error_names_the_line():
    with pytest.raises(AgeKeyFormatError, match="line 2"):
        parse_identities(f"# key\n{SPEC_IDENTITY[:-1]}Q\n")


def test_an_identity_file_without_identities_is_rejected():
    with pytest.raises(AgeKeyFormatError, match="no identities"):
        parse_identities("# nothing here\n")


def test_the_repr_of_an_identity_shows_its_recipient_and_not_its_secret():
    identity = parse_identity(SPEC_IDENTITY)
    assert repr(identity) == f"X25519Identity(recipient={SPEC_RECIPIENT!r})"


def test_a_low_order_recipient_cannot_receive_files():
    with pytest.raises(AgeKeyFormatError, match="low-order point"):
        encrypt_bytes(b"manifest", [X25519Recipient(bytes(32))])
