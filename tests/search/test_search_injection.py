"""SQL and full-text syntax typed into a query is searched as text or refused with a message;
it never reaches the database as syntax. Checked on both backends: afterwards every table is
still there and an ordinary search still answers."""

from __future__ import annotations

import pytest

from ncen_core.schema import existing_tables
from ncen_core.search.errors import QueryError

HOSTILE = [
    "'; DROP TABLE rec_seizure; --",
    "x'); DELETE FROM ncen_user; --",
    '"unbalanced',
    "NEAR(",
    "NEAR(cocaine suitcase)",
    "NEAR(cocaine suitcase, 2)",
    "*",
    "title:(",
    "cocaine OR 1=1",
    "fts_seizure MATCH 'heroin'",
    "document:heroin",
    "{narrative}:heroin",
    "^cocaine",
    "cocaine & !heroin | suitcase:*",
    "cocaine <-> suitcase",
    "\\",
    "%",
    "_",
    "place_name:'; DROP TABLE rec_seizure; --",
    "place_name:\"x' OR 'a'='a\"",
    "place_name:%_%",
    "commodity:\"DRUGS' OR '1'='1\"",
    "date:'2024'--",
    "count:1;DROP",
    "type:seizure'--",
    "\x00cocaine",
    "cocaine\x1b[31m",
    "ab\"cd\"ef",
]
TABLES = {"rec_seizure", "rec_suspect", "rec_company", "fts_seizure", "ncen_user", "ncen_audit",
          "ncen_saved_search"}


def run(corpus, query):
    """The hits of ``query``, or the refusal's message; anything else fails the test."""
    try:
        return corpus.found(query)
    except QueryError as error:
        return str(error)


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_leave_every_table_and_record_in_place(corpus, query):
    run(corpus, query)
    assert TABLES <= existing_tables(corpus.ncen.database)
    assert corpus.found("type:seizure") == {"roissy", "havre", "marseille", "recent"}
    assert corpus.found("cocaine") == {"roissy", "muller"}


def test_sql_in_free_text_is_searched_as_words(corpus):
    assert run(corpus, "'; DROP TABLE rec_seizure; --") == set()


def test_fts5_near_is_a_word_not_an_operator(corpus):
    assert run(corpus, "NEAR(cocaine suitcase)") == set()
    assert run(corpus, "near") == set()


def test_an_unfinished_near_is_refused_as_an_unclosed_parenthesis(corpus):
    assert run(corpus, "NEAR(") == "position 6: expected a search term after '('"


def test_a_lone_star_is_refused(corpus):
    assert run(corpus, "*").startswith("position 1: a prefix needs at least 2 letters")


def test_a_field_with_an_open_parenthesis_is_refused(corpus):
    assert run(corpus, "title:(") == "position 7: expected a value after 'title:'"


def test_tsquery_operators_are_separators(corpus):
    assert run(corpus, "cocaine <-> suitcase") == {"roissy"}
    assert run(corpus, "cocaine & !courier") == {"muller"}


def test_an_fts5_column_filter_is_an_unknown_field(corpus):
    assert run(corpus, "document:heroin").startswith("position 1: no field 'document'")


def test_sql_in_a_text_filter_is_looked_for_as_text(corpus):
    assert run(corpus, "place_name:\"x' OR 'a'='a\"") == set()


def test_sql_in_a_code_filter_is_an_unknown_code(corpus):
    assert "is not a code or label" in run(corpus, "commodity:\"DRUGS' OR '1'='1\"")


def test_like_wildcards_in_a_text_filter_match_nothing_special(corpus):
    assert run(corpus, "place_name:%_%") == "position 12: '%_%' has no letter or digit to look for"
    assert run(corpus, "place_name:le_havre") == {"havre"}
