"""Free text in queries, on both backends: words, phrases, prefixes, AND, OR, NOT, parentheses,
accents and case, identifiers typed with other separators."""

from __future__ import annotations


def test_a_word_finds_the_records_that_contain_it(corpus):
    assert corpus.found("cocaine") == {"roissy", "muller"}


def test_words_side_by_side_must_all_be_present(corpus):
    assert corpus.found("cocaine suitcase") == {"roissy"}


def test_and_in_capitals_is_the_same_as_a_space(corpus):
    assert corpus.found("cocaine AND courier") == {"muller"}


def test_or_finds_either_word(corpus):
    assert corpus.found("heroin OR cigarettes") == {"marseille", "havre"}


def test_lowercase_or_is_a_word_not_an_operator(corpus):
    assert corpus.found("heroin or cigarettes") == set()


def test_not_excludes_a_word(corpus):
    assert corpus.found("cocaine NOT courier") == {"roissy"}


def test_minus_excludes_a_word(corpus):
    assert corpus.found("cocaine -suitcase") == {"muller"}


def test_a_query_of_only_exclusions_finds_everything_else(corpus):
    found = corpus.found("-cocaine type:seizure")
    assert found == {"havre", "marseille", "recent"}


def test_parentheses_group_alternatives(corpus):
    assert corpus.found("(heroin OR cocaine) truck") == {"marseille"}


def test_a_quoted_phrase_needs_its_words_in_order(corpus):
    assert corpus.found('"false wall"') == {"havre"}
    assert corpus.found('"wall false"') == set()


def test_a_prefix_finds_words_that_start_with_it(corpus):
    assert corpus.found("cigar*") == {"havre"}


def test_accents_and_case_are_ignored_both_ways(corpus):
    assert corpus.found("MULLER") == {"muller"}
    assert corpus.found("bogota") == {"roissy"}
    assert corpus.found("Exupery") == {"recent"}


def test_an_identifier_is_found_whatever_separators_are_typed(corpus):
    assert corpus.found("MSCU1234566") == {"havre"}
    assert corpus.found("ab123cd") == {"marseille"}


def test_text_inside_an_or_with_a_filter_is_a_condition(corpus):
    assert corpus.found("heroin OR commodity:TOBACCO") == {"marseille", "havre"}


def test_a_negated_group_excludes_its_matches(corpus):
    assert corpus.found("type:seizure -(cocaine OR heroin)") == {"havre", "recent"}


def test_words_are_searched_in_every_record_type(corpus):
    assert corpus.found("bananas OR benali OR heroin") == {"acme", "benali", "marseille"}


def test_record_types_can_be_restricted_by_the_caller(corpus):
    assert corpus.found("cocaine", record_types=("suspect",)) == {"muller"}
