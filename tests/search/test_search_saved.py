"""Saved searches on both backends: each user's own, checked when saved, run with their record
types, replaced only when asked, deleted."""

from __future__ import annotations

import pytest

from ncen_core.errors import NotFoundError
from ncen_core.search.errors import QueryValueError
from ncen_core.search.saved import (
    SavedSearchError,
    delete_search,
    get_search,
    list_searches,
    run_saved_search,
    save_search,
)


def names_of(corpus, results):
    names = {(r.record_type, r.id): n for n, r in corpus.records.items()}
    return {names[(hit.record_type, hit.record_id)] for hit in results.hits}


def test_a_saved_search_runs_its_query(corpus):
    user = corpus.users["analyst"]
    save_search(corpus.ncen, user, "drug seizures", "commodity:DRUGS")
    assert names_of(corpus, run_saved_search(corpus.ncen, user, "drug seizures")) == {
        "roissy", "marseille"}


def test_a_saved_search_keeps_its_record_types(corpus):
    user = corpus.users["analyst"]
    save_search(corpus.ncen, user, "cocaine people", "cocaine", ("suspect",))
    assert get_search(corpus.ncen, user, "cocaine people").record_types == ("suspect",)
    assert names_of(corpus, run_saved_search(corpus.ncen, user, "cocaine people")) == {"muller"}


def test_relative_dates_are_read_when_the_search_runs(corpus):
    user = corpus.users["supervisor"]
    saved = save_search(corpus.ncen, user, "last month", "date:>-30d type:seizure")
    assert saved.query == "date:>-30d type:seizure"
    assert names_of(corpus, run_saved_search(corpus.ncen, user, "last month")) == {"recent"}


def test_saved_searches_are_listed_by_name_for_their_user_only(corpus):
    olga, omar = corpus.users["officer"], corpus.users["other_officer"]
    save_search(corpus.ncen, olga, "zeta", "heroin")
    save_search(corpus.ncen, olga, "alpha", "cocaine")
    save_search(corpus.ncen, omar, "mine", "spirits")
    assert [s.name for s in list_searches(corpus.ncen, olga)] == ["alpha", "zeta"]
    assert [s.name for s in list_searches(corpus.ncen, omar)] == ["mine"]


def test_another_users_saved_search_is_not_found(corpus):
    save_search(corpus.ncen, corpus.users["officer"], "private", "heroin")
    with pytest.raises(NotFoundError, match="you have no saved search named 'private'"):
        run_saved_search(corpus.ncen, corpus.users["other_officer"], "private")


def test_a_query_that_cannot_run_is_not_saved(corpus):
    user = corpus.users["officer"]
    with pytest.raises(QueryValueError, match="position 1: no field 'comodity'"):
        save_search(corpus.ncen, user, "typo", "comodity:DRUGS")
    with pytest.raises(QueryValueError, match="is not a calendar date"):
        save_search(corpus.ncen, user, "typo", "date:2024-13")
    assert "typo" not in {s.name for s in list_searches(corpus.ncen, user)}


def test_a_name_in_use_is_replaced_only_when_asked(corpus):
    user = corpus.users["officer"]
    save_search(corpus.ncen, user, "watch", "heroin")
    with pytest.raises(SavedSearchError, match="already have a saved search named 'watch'"):
        save_search(corpus.ncen, user, "watch", "cocaine")
    save_search(corpus.ncen, user, "watch", "cocaine", replace=True)
    assert get_search(corpus.ncen, user, "watch").query == "cocaine"


def test_a_deleted_saved_search_is_gone(corpus):
    user = corpus.users["officer"]
    save_search(corpus.ncen, user, "temporary", "heroin")
    delete_search(corpus.ncen, user, "temporary")
    with pytest.raises(NotFoundError):
        get_search(corpus.ncen, user, "temporary")


def test_a_saved_search_needs_a_printable_name(corpus):
    with pytest.raises(SavedSearchError, match="needs a name of 1 to 100 printable"):
        save_search(corpus.ncen, corpus.users["officer"], "  ", "heroin")


def test_a_saved_query_cannot_hold_control_characters(corpus):
    with pytest.raises(SavedSearchError, match="control characters"):
        save_search(corpus.ncen, corpus.users["officer"], "nul", "heroin\x00")
