"""Identifiers and fuzzy names in search, on both backends: an identifier typed any way finds
its record first, a name spelt differently is found after the words, and filters still apply
to both."""

from __future__ import annotations

import pytest

from ncen_core.record_service import RecordService
from ncen_core.search.engine import search


@pytest.fixture(scope="module")
def register(corpus):
    """The register, plus a seizure whose narrative quotes Hans Müller's passport number."""
    officer = RecordService(corpus.ncen, corpus.users["officer"])
    corpus.records["quoted"] = officer.create("seizure", {
        "reference": "SZ-2024-0777", "seizure_date": "2024-05-05",
        "narrative": "Courier carried passport C01X00T47 and a return ticket."})
    return corpus


def stages(corpus, query, **options):
    """(short name, stage) of each hit, in order."""
    names = {(r.record_type, r.id): n for n, r in corpus.records.items()}
    results = search(corpus.ncen, corpus.users["officer"], query, **options)
    return [(names[(hit.record_type, hit.record_id)], hit.stage) for hit in results.hits]


def test_a_phone_number_is_found_however_it_is_typed(register):
    assert stages(register, "+49 1512 345-6789") == [("muller", "identifier")]
    assert stages(register, "0049 151 23456789") == [("muller", "identifier")]


def test_a_container_number_typed_with_spaces_is_an_identifier_hit(register):
    assert stages(register, "mscu 123456 6") == [("havre", "identifier")]


def test_identifier_hits_come_before_the_records_that_only_mention_it(register):
    assert stages(register, "c01x00t47") == [("muller", "identifier"), ("quoted", "ranked")]


def test_an_identifier_hit_must_also_pass_the_filters(register):
    assert stages(register, "C01X00T47 type:seizure") == [("quoted", "ranked")]


def test_a_misspelt_name_is_found_by_fuzzy_name_search(register):
    assert stages(register, "Hans Mueller") == [("muller", "name")]


def test_a_name_in_another_order_and_spelling_is_found(register):
    assert ("benali", "name") in stages(register, "Benaly Yusuf")


def test_a_record_found_by_its_words_is_not_repeated_as_a_name(register):
    assert stages(register, "Benali") == [("benali", "ranked")]


def test_name_hits_must_also_pass_the_filters(register):
    assert stages(register, "Hans Mueller date_of_birth:1987") == []
    assert stages(register, "Hans Mueller date_of_birth:1980") == [("muller", "name")]


def test_words_that_are_no_name_bring_no_name_hits(register):
    assert "name" not in {stage for _name, stage in stages(register, "cigarettes")}
