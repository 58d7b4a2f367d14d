"""Fuzzy names on pages, on both backends: the name search runs only for a page that can
show its hits (they come after the records found by their words), and pages continued by
cursor show the same records in the same order as one long page."""

from __future__ import annotations

import pytest

from ncen_core.record_service import RecordService
from ncen_core.search import engine
from ncen_core.search.engine import search


@pytest.fixture(scope="module")
def durands(installation):
    """Three suspects called Durand (found by the word) and one Duran (only by the name)."""
    officer = RecordService(installation.ncen, installation.users["officer"])
    records = installation.records
    for given in ("Paul", "Marie", "Jean"):
        records[given.lower()] = officer.create("suspect", {"family_name": "Durand",
                                                            "given_names": given})
    records["duran"] = officer.create("suspect", {"family_name": "Duran",
                                                  "given_names": "Pablo"})
    return installation


def pages(corpus, query, limit):
    """Every page of ``query`` as (short name, stage) lists."""
    names = {(r.record_type, r.id): n for n, r in corpus.records.items()}
    found, cursor = [], None
    while True:
        results = search(corpus.ncen, corpus.users["officer"], query, limit=limit,
                         cursor=cursor)
        found.append([(names[(h.record_type, h.record_id)], h.stage) for h in results.hits])
        cursor = results.next_cursor
        if cursor is None:
            return found


@pytest.fixture
def name_lookups(monkeypatch):
    """The texts the engine looks up as fuzzy names, in order."""
    texts: list[str] = []
    real = engine.find_names

    def counting(ncen, text, **options):
        texts.append(text)
        return real(ncen, text, **options)

    monkeypatch.setattr(engine, "find_names", counting)
    return texts


def test_pages_show_the_same_hits_as_one_long_page(durands):
    whole = pages(durands, "Durand", 10)
    assert len(whole) == 1
    assert sorted(whole[0][:3]) == [("jean", "ranked"), ("marie", "ranked"), ("paul", "ranked")]
    assert whole[0][3:] == [("duran", "name")]
    assert [hit for page in pages(durands, "Durand", 2) for hit in page] == whole[0]


def test_no_name_search_for_a_first_page_filled_by_the_words(durands, name_lookups):
    results = search(durands.ncen, durands.users["officer"], "Durand", limit=2)
    assert {hit.stage for hit in results.hits} == {"ranked"} and results.next_cursor
    assert name_lookups == []
    second = search(durands.ncen, durands.users["officer"], "Durand", limit=2,
                    cursor=results.next_cursor)
    assert [hit.stage for hit in second.hits] == ["ranked", "name"]
    assert name_lookups == ["Durand"]


def test_a_first_page_with_room_left_runs_the_name_search(durands, name_lookups):
    results = search(durands.ncen, durands.users["officer"], "Durand", limit=4)
    assert [hit.stage for hit in results.hits][-1] == "name"
    assert name_lookups == ["Durand"]


def test_a_page_that_ends_the_words_still_says_whether_names_follow(durands, name_lookups):
    results = search(durands.ncen, durands.users["officer"], "Durand", limit=3)
    assert {hit.stage for hit in results.hits} == {"ranked"}
    assert results.next_cursor is not None
    assert name_lookups == ["Durand"]
