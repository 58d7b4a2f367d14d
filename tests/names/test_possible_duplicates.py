"""Possible duplicates while a new suspect is entered: names, dates of birth (partial ones
too), nationality and identity documents, on both backends."""

from __future__ import annotations

import pytest

from ncen_core.names.duplicates import birth_date_agreement, possible_duplicates

from names_support import officer, open_databases


@pytest.fixture
def ncen(db_url, tmp_path):
    installation = open_databases(db_url, tmp_path)
    yield installation
    installation.close()


@pytest.fixture
def known(ncen):
    """Mohammed Ali Hassan, Egyptian, born 1979-03-12, passport A1234567, and a namesake."""
    service = officer(ncen)
    person = service.create("suspect", {
        "family_name": "Hassan", "given_names": "Mohammed Ali", "gender": "M",
        "date_of_birth": "1979-03-12", "nationalities": [{"country": "EG"}],
        "documents": [{"document_type": "PASSPORT", "number": "A1234567"}]})
    service.create("suspect", {"family_name": "Hassan", "given_names": "Mohammed",
                               "date_of_birth": "1992-07-01", "gender": "M"})
    service.create("suspect", {"family_name": "Petrov", "given_names": "Ivan"})
    return person


def first(ncen, values, **options):
    found = possible_duplicates(ncen, "suspect", values, **options)
    return found[0] if found else None


def test_same_person_spelt_otherwise_is_the_first_possible_duplicate(ncen, known):
    ref, score = first(ncen, {"family_name": "Hasan", "given_names": "Muhammad Aly",
                              "date_of_birth": "1979-03-12", "nationalities": [{"country": "EG"}]})
    assert ref == known.ref and score >= 95


def test_partial_date_of_birth_that_agrees_keeps_the_match_high(ncen, known):
    ref, score = first(ncen, {"family_name": "Hassan", "given_names": "Mohamed Ali",
                              "date_of_birth": "1979"})
    assert ref == known.ref and score >= 95


def test_another_date_of_birth_sinks_a_namesake(ncen, known):
    found = dict(possible_duplicates(ncen, "suspect", {
        "family_name": "Hassan", "given_names": "Mohammed Ali", "date_of_birth": "1992-07-01"}))
    assert found.get(known.ref, 0) < max(found.values())


def test_shared_passport_is_found_under_another_name(ncen, known):
    ref, score = first(ncen, {"family_name": "Salem", "given_names": "Karim",
                              "documents": [{"document_type": "PASSPORT",
                                             "number": "a 123 4567"}]}, min_score=20)
    assert ref == known.ref


def test_a_different_gender_lowers_the_score(ncen, known):
    same = dict(possible_duplicates(ncen, "suspect", {
        "family_name": "Hassan", "given_names": "Mohammed Ali", "gender": "M"}))
    other = dict(possible_duplicates(ncen, "suspect", {
        "family_name": "Hassan", "given_names": "Mohammed Ali", "gender": "F"}, min_score=0))
    assert other[known.ref] < same[known.ref]


def test_record_being_edited_is_not_its_own_duplicate(ncen, known):
    found = possible_duplicates(ncen, "suspect", {"family_name": "Hassan",
                                                  "given_names": "Mohammed Ali"},
                                exclude=known.ref)
    assert known.ref not in dict(found)


def test_unrelated_name_has_no_possible_duplicate(ncen, known):
    assert possible_duplicates(ncen, "suspect", {"family_name": "Nguyen",
                                                 "given_names": "Thi Mai"}) == []


@pytest.mark.parametrize("first_date, second_date, points", [
    ("1979-03-12", "1979-03-12", 8), ("1979", "1979-03-12", 4), ("1979-03", "1979-03-12", 4),
    ("1979-04-12", "1979-03-12", -12), ("1980-03-12", "1979-03-12", -25), ("", "1979", 0),
])
def test_birth_dates_agree_when_one_is_a_prefix_of_the_other(first_date, second_date, points):
    assert birth_date_agreement(first_date, second_date) == points
