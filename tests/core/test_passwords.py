"""Password hashing with Argon2id and the password policy."""

from __future__ import annotations

import pytest

from ncen_core.errors import ValidationError
from ncen_core.passwords import (
    ARGON2_ITERATIONS,
    ARGON2_LANES,
    ARGON2_MEMORY_KIB,
    check_password_policy,
    hash_password,
    verify_password,
)


def test_hash_is_an_argon2id_phc_string_with_the_owasp_parameters():
    encoded = hash_password("correct horse battery")
    assert encoded.startswith(
        f"$argon2id$v=19$m={ARGON2_MEMORY_KIB},t={ARGON2_ITERATIONS},p={ARGON2_LANES}$"
    )


def test_the_right_password_verifies():
    assert verify_password("correct horse battery", hash_password("correct horse battery"))


def test_a_wrong_password_does_not_verify():
    assert not verify_password("correct horse batterY", hash_password("correct horse battery"))


def test_a_malformed_hash_does_not_verify():
    assert not verify_password("correct horse battery", "not a hash")


def test_each_hash_has_its_own_salt():
    assert hash_password("correct horse battery") != hash_password("correct horse battery")


def test_composed_and_decomposed_accents_are_the_same_password():
    composed = "d\u00e9douanement-2024"
    decomposed = "de\u0301douanement-2024"
    assert verify_password(decomposed, hash_password(composed))


def test_policy_accepts_a_long_password():
    check_password_policy("seizure at the port", "jdupont")


def test_policy_refuses_fewer_than_ten_characters():
    with pytest.raises(ValidationError) as caught:
        check_password_policy("short pw1", "jdupont")
    assert caught.value.problems == {"password": "use at least 10 characters"}


def test_policy_refuses_one_repeated_character():
    with pytest.raises(ValidationError) as caught:
        check_password_policy("aaaaaaaaaaaa", "jdupont")
    assert "password" in caught.value.problems


def test_policy_refuses_the_user_name_in_any_case():
    with pytest.raises(ValidationError) as caught:
        check_password_policy("Jean.Dupont", "jean.dupont")
    assert caught.value.problems == {"password": "must not be the user name"}
