"""Canonical forms of identifiers: what is stored on save and what a query term may denote."""

from __future__ import annotations

import pytest

from ncen_core.identifiers import identifier_candidates, identifier_forms


def test_document_numbers_keep_letters_and_digits_only():
    assert identifier_forms("document", " ab-12.345 6/7 ") == [("document", "AB1234567")]


def test_plates_typed_with_cyrillic_look_alikes_are_latin():
    assert identifier_forms("plate", "А 123 ВС 77") == identifier_forms("plate", "a123bc77")


def test_national_phone_gets_e164_in_the_office_country():
    assert identifier_forms("phone", "06 12 34 56 78", region="FR") == [
        ("phone", "+33612345678"), ("phone", "612345678")]


def test_phone_of_unknown_country_keeps_its_national_number():
    assert identifier_forms("phone", "06 12 34 56 78") == [("phone", "612345678")]


def test_international_prefix_00_is_a_plus():
    assert identifier_forms("phone", "0044 20 7946 0958") == identifier_forms(
        "phone", "+44 (20) 7946-0958")


def test_imo_prefix_is_dropped():
    assert identifier_forms("imo", "IMO 907 4729") == [("imo", "9074729")]


def test_flight_number_leading_zeros_are_dropped():
    assert identifier_forms("flight", "af 0012") == [("flight", "AF12")]


def test_icao_flight_number_keeps_its_three_letters():
    assert identifier_forms("flight", "AFR-012") == [("flight", "AFR12")]


def test_vat_number_with_prefix_is_also_stored_without_it():
    assert identifier_forms("vat", "FR 12 345678901") == [
        ("vat", "FR12345678901"), ("vat_number", "12345678901")]


def test_greek_vat_prefix_is_el():
    assert identifier_forms("vat", "GR123456789")[0] == ("vat", "EL123456789")


def test_email_is_lowercase():
    assert identifier_forms("email", " J.Doe@Example.COM") == [("email", "j.doe@example.com")]


def test_text_that_cannot_be_the_identifier_gives_nothing():
    assert identifier_forms("container", "MSCU 12") == []


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown identifier kind"):
        identifier_forms("shoe_size", "42")


def test_plain_words_are_not_identifier_candidates():
    assert identifier_candidates("Mohamed") == []


def test_container_query_without_check_digit_gets_it():
    assert ("container", "MSCU1234566") in identifier_candidates("mscu 123456")


def test_phone_query_gives_both_phone_forms():
    candidates = identifier_candidates("+33 6 12 34 56 78")
    assert {("phone", "+33612345678"), ("phone", "612345678")} <= set(candidates)


def test_prefixed_vat_query_does_not_ask_for_other_countries_numbers():
    candidates = identifier_candidates("FR12345678901")
    assert ("vat_number", "12345678901") not in candidates
    assert ("vat", "12345678901") in candidates
