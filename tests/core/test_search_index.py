"""The full-text index follows every write in the same transaction, on both backends."""

from __future__ import annotations

import pytest

from ncen_core.errors import ValidationError
from ncen_core.search_index import SearchIndex, rebuild_search_index
from ncen_core.search_text import fold, search_text

import sample_plugin


def indexed_ids(ncen, word):
    """Record ids whose word index holds ``word`` (raw query, for the test only)."""
    if ncen.database.__class__.__name__.startswith("Sqlite"):
        sql = "SELECT rowid FROM fts_specimen WHERE fts_specimen MATCH ?"
        return {row[0] for row in ncen.database.execute_sql(sql, (f'"{word}"',))}
    sql = "SELECT record_id FROM fts_specimen WHERE document @@ to_tsquery('simple', %s)"
    return {row[0] for row in ncen.database.execute_sql(sql, (word,))}


def test_fold_removes_accents_and_case():
    assert fold("Müller ÇAĞLAR ﬁle") == "muller caglar file"


def test_identifiers_are_also_indexed_without_separators():
    text = search_text(sample_plugin.SPECIMEN, {"name": "MSCU 123456-6"})
    assert "mscu1234566" in text.document.split()
    assert "mscu1234566" in text.short_text


def test_only_searchable_fields_are_indexed():
    text = search_text(sample_plugin.SPECIMEN, {"name": "Zola", "notes": "secret"})
    assert text.document == "zola"


def test_created_record_is_found_by_a_folded_word(ncen, people):
    record = people["officer"].create("specimen", {"reference": "F-1", "name": "Hélène Müller"})
    assert indexed_ids(ncen, "muller") == {record.id}


def test_update_replaces_the_indexed_words(ncen, people):
    officer = people["officer"]
    record = officer.create("specimen", {"reference": "F-1", "name": "Alpha"})
    officer.update(record.ref, {"name": "Bravo"}, expected_version=1)
    assert indexed_ids(ncen, "alpha") == set()
    assert indexed_ids(ncen, "bravo") == {record.id}


def test_tombstone_removes_the_entry(ncen, people):
    officer = people["officer"]
    record = officer.create("specimen", {"reference": "F-1", "name": "Charlie"})
    officer.tombstone(record.ref, expected_version=1)
    assert indexed_ids(ncen, "charlie") == set()


def test_refused_write_leaves_no_entry(ncen, people):
    with pytest.raises(ValidationError):
        people["officer"].create("specimen", {"reference": "bad ref", "name": "Delta"})
    assert indexed_ids(ncen, "delta") == set()


def test_rebuild_indexes_every_live_record(ncen, people):
    officer = people["officer"]
    ids = {officer.create("specimen", {"reference": f"R-{i}", "name": "Echo"}).id for i in range(3)}
    search = SearchIndex(ncen.database)
    search.clear(ncen.registry.record_type("specimen"))
    assert indexed_ids(ncen, "echo") == set()
    assert rebuild_search_index(search, ncen.models_for("specimen")) == 3
    assert indexed_ids(ncen, "echo") == ids
