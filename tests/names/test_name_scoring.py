"""The score of a name: query words aligned with the name's words, typos tolerated."""

from __future__ import annotations

from ncen_core.names.phonetic import name_form, pair_words
from ncen_core.names.scoring import EXTRA_WORD_COST, name_query, name_score


def score(query_text, name_text):
    query_form, name = name_form(query_text), name_form(name_text)
    query = name_query(query_form, set(name.phonetic) | set(pair_words(name)))
    return name_score(query, name.phonetic, pair_words(name))


def test_same_name_scores_100():
    assert score("Mohammed Ali Hassan", "Muhammad Aly Hasan") == 100


def test_word_order_does_not_count():
    assert score("Hassan Mohammed", "Mohammed Hassan") == 100


def test_a_middle_name_left_out_costs_little():
    assert score("Juan Rodriguez", "Juan Carlos Rodriguez") == 100 - EXTRA_WORD_COST


def test_a_typo_lowers_the_score_a_little():
    assert 80 < score("Mohammed Hassna", "Mohammed Hassan") < 100


def test_transliterations_a_vowel_apart_still_match():
    assert score("Alexander Petrov", "Aleksandr Petrov") > 90


def test_a_word_too_far_from_any_other_does_not_match():
    assert score("Petrov", "Ivanov") == 0


def test_words_written_as_one_match_the_words_apart():
    assert score("Wang Xiaoming", "Wang Xiao Ming") == 100
