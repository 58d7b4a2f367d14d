"""Order and pages of results, on both backends: relevance for words found in few records,
newest first for words found in too many to rank (nothing ranks them all), filters newest
first, hits of several record types merged, and pages continued by cursor."""

from __future__ import annotations

import pytest

from ncen_core.record_service import RecordService
from ncen_core.search import streams
from ncen_core.search.engine import search
from ncen_core.search.errors import CursorError

LONG = "a parcel among many other words of a long narrative about the seizure number {}"


@pytest.fixture(scope="module")
def parcels(installation):
    """Seven seizures, two suspects and a company with the word "parcel"; the oldest seizure
    says it three times in a short narrative, so it ranks first by relevance."""
    officer = RecordService(installation.ncen, installation.users["officer"])
    records = installation.records
    records["best"] = officer.create("seizure", {
        "reference": "P-0", "seizure_date": "2024-01-01", "narrative": "parcel parcel parcel"})
    for number in range(1, 7):
        records[f"p{number}"] = officer.create("seizure", {
            "reference": f"P-{number}", "seizure_date": "2024-01-01",
            "narrative": LONG.format(number)})
    for name in ("durand", "petit"):
        records[name] = officer.create("suspect", {"family_name": name.title(),
                                                   "notes": "parcel courier"})
    records["post"] = officer.create("company", {"legal_name": "Post Parcel Ltd"})
    return installation


def pages(corpus, query, limit, **options):
    """Every page of ``query``, as lists of short names."""
    found, cursor = [], None
    while True:
        names = {(r.record_type, r.id): n for n, r in corpus.records.items()}
        results = search(corpus.ncen, corpus.users["officer"], query, limit=limit,
                         cursor=cursor, **options)
        found.append([names[(h.record_type, h.record_id)] for h in results.hits])
        cursor = results.next_cursor
        if cursor is None:
            return found


def test_a_word_in_few_records_is_ranked_by_relevance(parcels):
    results = search(parcels.ncen, parcels.users["officer"], "parcel type:seizure")
    assert parcels.find("parcel type:seizure")[0] == "best"
    assert {hit.stage for hit in results.hits} == {"ranked"}
    assert results.strategies == {"seizure": "ranked"}


def test_a_word_in_too_many_records_shows_the_newest_first_unranked(parcels, monkeypatch):
    monkeypatch.setattr(streams, "RANK_LIMIT", 3)
    results = search(parcels.ncen, parcels.users["officer"], "parcel type:seizure", limit=3)
    assert parcels.find("parcel type:seizure", limit=3) == ["p6", "p5", "p4"]
    assert {hit.stage for hit in results.hits} == {"recent"}
    assert results.strategies == {"seizure": "recent"}


def test_newest_first_pages_hold_every_record_once(parcels, monkeypatch):
    monkeypatch.setattr(streams, "RANK_LIMIT", 3)
    assert pages(parcels, "parcel type:seizure", 3) == [
        ["p6", "p5", "p4"], ["p3", "p2", "p1"], ["best"]]


def test_ranked_pages_over_several_types_hold_every_record_once(parcels):
    found = pages(parcels, "parcel", 3)
    flat = [name for page in found for name in page]
    assert flat[0] == "best"
    assert sorted(flat) == sorted(["best", "p1", "p2", "p3", "p4", "p5", "p6", "durand", "petit",
                                   "post"])
    assert [len(page) for page in found] == [3, 3, 3, 1]


def test_ranked_hits_come_before_newest_first_hits(parcels, monkeypatch):
    monkeypatch.setattr(streams, "RANK_LIMIT", 5)
    found = parcels.find("parcel", limit=10)
    assert set(found[:3]) == {"durand", "petit", "post"}
    assert found[3:] == ["p6", "p5", "p4", "p3", "p2", "p1", "best"]


def test_filters_alone_show_the_newest_first(parcels):
    assert parcels.find("type:seizure", limit=4) == ["p6", "p5", "p4", "p3"]


def test_the_last_page_has_no_cursor(parcels):
    results = search(parcels.ncen, parcels.users["officer"], "courier", limit=2)
    assert len(results.hits) == 2 and results.next_cursor is None


def test_a_cursor_of_another_search_is_refused(parcels):
    cursor = search(parcels.ncen, parcels.users["officer"], "parcel", limit=1).next_cursor
    with pytest.raises(CursorError, match="belongs to another search"):
        search(parcels.ncen, parcels.users["officer"], "courier", cursor=cursor)


def test_a_damaged_cursor_is_refused(parcels):
    with pytest.raises(CursorError, match="damaged"):
        search(parcels.ncen, parcels.users["officer"], "parcel", cursor="not-a-cursor")
