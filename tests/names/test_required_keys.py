"""Which keys a name must hold to reach a score: the smallest sets of query words weighing
enough, so that the key documents can be asked for exactly those."""

from __future__ import annotations

from ncen_core.names.find import MAX_REQUIRED_WORDS, required_keys
from ncen_core.names.phonetic import name_form, phonetic_word
from ncen_core.names.scoring import name_query


def query_for(text, known=()):
    return name_query(name_form(text), known)


def alternatives(query, reach):
    """The requirement as a set of alternatives, each a set of key groups."""
    return {frozenset(alternative) for alternative in required_keys(query, reach)}


def test_two_words_of_a_high_score_are_both_required():
    sergey, ivanov = phonetic_word("sergey"), phonetic_word("ivanov")
    found = alternatives(query_for("Sergey Ivanov"), 0.75)
    assert frozenset({frozenset({ivanov}), frozenset({sergey})}) in found
    assert frozenset({frozenset({sergey})}) not in found
    assert frozenset({frozenset({ivanov})}) not in found


def test_a_known_typo_of_a_word_stands_for_it_in_the_same_group():
    typo = phonetic_word("ivanot")
    found = alternatives(query_for("Sergey Ivanov", known=[typo]), 0.75)
    both = frozenset({phonetic_word("ivanov"), typo})
    assert frozenset({both, frozenset({phonetic_word("sergey")})}) in found


def test_the_words_written_as_one_are_another_way_to_reach_it():
    joined = phonetic_word("xiaoming")
    assert frozenset({frozenset({joined})}) in alternatives(query_for("Xiao Ming"), 0.75)


def test_a_low_score_that_any_word_reaches_narrows_nothing():
    assert required_keys(query_for("Sergey Ivanov"), 0.2) is None


def test_a_name_of_too_many_words_is_not_narrowed():
    words = " ".join(["anna", "boris", "clara", "dmitri", "elena", "fedor", "galina",
                      "igor", "kira"][:MAX_REQUIRED_WORDS + 1])
    assert required_keys(query_for(words), 0.75) is None
