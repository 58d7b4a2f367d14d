"""Queries that cannot run are refused before any SQL, with the position and what was expected,
on both backends."""

from __future__ import annotations

import pytest

from ncen_core.errors import FieldSpecError
from ncen_core.search.engine import search
from ncen_core.search.errors import QueryError, QuerySyntaxError, QueryValueError


def refusal(corpus, query, **options) -> QueryError:
    with pytest.raises(QueryError) as caught:
        search(corpus.ncen, corpus.users["officer"], query, **options)
    return caught.value


def test_an_unclosed_parenthesis_names_where_it_was_opened(corpus):
    error = refusal(corpus, "cocaine (heroin OR opium")
    assert isinstance(error, QuerySyntaxError)
    assert str(error) == "position 25: expected ')' to close '(' at position 9"
    assert error.position == 25


def test_an_unclosed_quote_is_refused(corpus):
    assert str(refusal(corpus, '"false wall')) == (
        "position 12: expected '\"' to close the phrase opened at position 1")


def test_a_closing_parenthesis_without_an_opening_one_is_refused(corpus):
    assert str(refusal(corpus, "cocaine)")) == "position 8: unexpected ')' with no '(' before it"


def test_an_operator_without_a_term_after_it_is_refused(corpus):
    assert str(refusal(corpus, "cocaine AND")) == "position 12: expected a search term after 'AND'"


def test_an_operator_without_a_term_before_it_is_refused(corpus):
    assert str(refusal(corpus, "OR heroin")) == "position 1: expected a search term before 'OR'"


def test_empty_parentheses_are_refused(corpus):
    assert str(refusal(corpus, "()")) == "position 2: expected a search term after '('"


def test_an_empty_query_is_refused(corpus):
    assert str(refusal(corpus, "   ")).startswith("position 1: the query is empty")


def test_a_query_without_letters_or_digits_is_refused(corpus):
    error = refusal(corpus, "-- ; ' \"\"")
    assert str(error) == "position 1: the query has no letter or digit to search for"


def test_a_too_short_prefix_is_refused(corpus):
    assert str(refusal(corpus, "cocaine a*")).startswith(
        "position 9: a prefix needs at least 2 letters or digits before '*'")


def test_a_filter_without_a_value_is_refused(corpus):
    assert str(refusal(corpus, "commodity:")) == "position 11: expected a value after 'commodity:'"


def test_a_comparison_without_a_value_is_refused(corpus):
    assert str(refusal(corpus, "count:>=")) == "position 9: expected a value after 'count:>='"


def test_an_unknown_field_is_refused_with_a_suggestion(corpus):
    error = refusal(corpus, "cocaine comodity:DRUGS")
    assert isinstance(error, QueryValueError)
    assert error.position == 9
    assert "no field 'comodity' in" in str(error) and "did you mean commodity" in str(error)


def test_a_field_of_another_record_type_is_refused_when_the_search_is_limited(corpus):
    error = refusal(corpus, "commodity:DRUGS", record_types=("suspect",))
    assert str(error) == "position 1: no field 'commodity' in suspect"


def test_a_group_needs_one_of_its_members(corpus):
    assert str(refusal(corpus, "items:cocaine")).startswith(
        "position 1: 'items' is a group; filter on one of its members: items.commodity")


def test_a_quantity_needs_its_base_unit(corpus):
    assert str(refusal(corpus, "quantity:>10")) == (
        "position 1: 'items.quantity' is a quantity; compare its normalised amount with "
        "items.quantity_kg or items.quantity_l or items.quantity_u")


def test_a_photo_cannot_be_filtered(corpus):
    assert str(refusal(corpus, "picture:x")) == (
        "position 1: field 'picture' cannot be used as a filter")


def test_an_impossible_date_names_its_position(corpus):
    assert str(refusal(corpus, "type:seizure date:2024-13")) == (
        "position 19: date: '2024-13' is not a calendar date")


def test_a_word_that_is_no_date_lists_the_date_forms(corpus):
    message = str(refusal(corpus, "date:yesteryear"))
    assert message.startswith("position 6: date: 'yesteryear' is not a date (use YYYY")


def test_the_upper_bound_of_a_range_has_its_own_position(corpus):
    assert str(refusal(corpus, "count:1..x")) == "position 10: count: 'x' is not a number"


def test_an_unknown_code_is_refused(corpus):
    assert str(refusal(corpus, "commodity:plutonium")) == (
        "position 11: commodity: 'plutonium' is not a code or label of the code list "
        "commodity_category")


def test_an_unknown_country_is_refused(corpus):
    assert str(refusal(corpus, "place_country:Atlantis")).startswith(
        "position 15: place_country: 'Atlantis' is not a country")


def test_a_yes_no_field_wants_yes_or_no(corpus):
    assert str(refusal(corpus, "flagged:maybe")) == "position 9: flagged: 'maybe' is not yes or no"


def test_a_range_on_a_text_field_is_refused(corpus):
    assert str(refusal(corpus, "place_name:>a")) == (
        "position 1: 'place_name' cannot be compared with '>': ranges apply to numbers, "
        "quantities and dates")


def test_a_text_filter_needs_a_letter_or_digit(corpus):
    assert str(refusal(corpus, "place_name:%%")) == (
        "position 12: '%%' has no letter or digit to look for")


def test_an_unknown_record_type_is_refused(corpus):
    assert str(refusal(corpus, "type:vehicle")) == (
        "position 6: unknown record type 'vehicle' (known: company, seizure, specimen, suspect)")


def test_an_unknown_record_type_asked_by_the_caller_is_refused(corpus):
    with pytest.raises(FieldSpecError, match="unknown record type 'vehicle'"):
        search(corpus.ncen, corpus.users["officer"], "cocaine", record_types=("vehicle",))
