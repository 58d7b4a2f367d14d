"""``ncen search`` on both backends: a page of hits as a table, JSON or CSV, the next page by
cursor, one-line errors, saved searches and the query-language help."""

from __future__ import annotations

import csv
import io
import json
import textwrap

import pytest
from ncen_testing import USER_PASSWORD
from search_support import FIELDS_DIR

from ncen_core.cli.main import main
from ncen_core.record_service import RecordService


@pytest.fixture(scope="module")
def config_file(corpus, tmp_path_factory):
    """A configuration file for the register's database."""
    path = tmp_path_factory.mktemp("cli") / "ncen.yaml"
    path.write_text(textwrap.dedent(f"""\
        database:
          url: "{corpus.ncen.config.database.url}"
        plugins:
          folder: null
        fields_dirs: ["{FIELDS_DIR}"]
    """))
    return path


@pytest.fixture
def ncen_cli(config_file, monkeypatch, capsys):
    """Run ``ncen ARGS`` as officer olga; returns (status, stdout, stderr)."""
    monkeypatch.setenv("NCEN_CONFIG", str(config_file))
    monkeypatch.setenv("NCEN_USER", "olga")
    monkeypatch.setenv("NCEN_PASSWORD", USER_PASSWORD)

    def run(*args):
        status = main(list(args))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def test_search_prints_a_table_of_hits(corpus, ncen_cli):
    status, out, _err = ncen_cli("search", "cocaine", "--type", "seizure")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["TYPE", "TITLE", "UUID"]
    assert lines[1].startswith("seizure   SZ-2024-0001 2024-03-02 Roissy …")
    assert lines[1].endswith(corpus.records["roissy"].uuid)


def test_search_words_need_no_quotes(ncen_cli):
    status, out, _err = ncen_cli("search", "commodity:DRUGS", "-heroin")
    assert status == 0 and "SZ-2024-0001" in out and "SZ-2023-0100" not in out


def test_search_as_json_pages_by_cursor(corpus, ncen_cli):
    _status, out, err = ncen_cli("search", "--format", "json", "--limit", "1", "cocaine")
    first = json.loads(out)
    assert len(first["hits"]) == 1 and first["next_cursor"] and err == ""
    _status, out, _err = ncen_cli("search", "--format", "json", "--cursor", first["next_cursor"],
                                  "cocaine")
    second = json.loads(out)
    assert {first["hits"][0]["uuid"], second["hits"][0]["uuid"]} == {
        corpus.records["roissy"].uuid, corpus.records["muller"].uuid}
    assert second["next_cursor"] is None


def test_a_table_says_how_to_get_the_next_page(ncen_cli):
    _status, out, err = ncen_cli("search", "--limit", "1", "cocaine")
    assert len(out.splitlines()) == 2
    assert err.startswith("more hits: add --cursor ")


def test_search_as_csv_has_a_header_and_a_row_per_hit(ncen_cli):
    _status, out, _err = ncen_cli("search", "--format", "csv", "type:suspect")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["title"] for row in rows} == {"Müller, Hans (1980-05)",
                                              "Benali, Youssef (1987-03-12)"}
    assert {row["stage"] for row in rows} == {"filter"}


def test_a_bad_query_is_a_one_line_error(ncen_cli):
    status, out, err = ncen_cli("search", "cocaine (heroin")
    assert status == 1 and out == ""
    assert err == "ncen: error: position 16: expected ')' to close '(' at position 9\n"


def test_control_characters_of_a_record_never_reach_the_terminal(corpus, ncen_cli):
    officer = RecordService(corpus.ncen, corpus.users["officer"])
    officer.create("company", {"legal_name": "Blink\x1b[5m Holdings", "country": "GB"})
    _status, out, _err = ncen_cli("search", "blink")
    assert "\x1b" not in out and "Blink\\x1b[5m Holdings" in out


def test_saved_searches_are_added_listed_run_and_deleted(ncen_cli):
    added = ncen_cli("search", "saved", "add", "drugs", "commodity:DRUGS", "--type", "seizure")
    assert added[0] == 0
    assert ncen_cli("search", "saved", "list")[1] == "drugs\tseizure\tcommodity:DRUGS\n"
    status, out, _err = ncen_cli("search", "saved", "run", "drugs", "--format", "csv")
    assert status == 0 and len(out.splitlines()) == 3
    assert ncen_cli("search", "saved", "delete", "drugs")[1] == "deleted saved search 'drugs'\n"
    assert ncen_cli("search", "saved", "list")[1] == ""


def test_syntax_prints_the_query_language(ncen_cli):
    status, out, _err = ncen_cli("search", "syntax")
    assert status == 0 and "date:>-30d" in out and "type:suspect" in out


def test_the_word_syntax_itself_is_searched_with_query(ncen_cli):
    status, out, _err = ncen_cli("search", "query", "syntax")
    assert status == 0 and out == "no records found\n"
