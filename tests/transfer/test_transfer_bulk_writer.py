"""The bulk writer serves any record type from its models alone: a record of the test type
that uses every field kind, imported in bulk, reads back exactly as the same values saved
through the record service."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from transfer_support import write_csv

from ncen_core.record_service import RecordService
from ncen_core.timeutil import utcnow
from ncen_core.transfer.bulk_writer import BulkWriter, NewRecord, TableWriter
from ncen_core.transfer.importer import import_file
from ncen_core.transfer.mapping_file import load_mapping
from ncen_core.validation import normalise_values

SPECIMEN_MAPPING = textwrap.dedent("""\
    ncen_mapping: 1
    record_type: specimen
    name: specimens
    key: [ref]
    fields:
      reference: ref
      name: name
      notes: notes
      count: count
      value: value
      found_on: {column: found, date_format: DD.MM.YYYY}
      born: born
      seen_at: {column: seen, date_format: YYYY-MM-DD hh:mm}
      flagged: flagged
      colour: colour
      colours: {column: colours, separator: "/"}
      country: country
      weight: weight
      parts:
        rows:
          - {label: part, colour: part_colour, amount: {column: part_amount, unit: G},
             country: part_country}
    """)

HEADER = ["ref", "name", "notes", "count", "value", "found", "born", "seen", "flagged", "colour",
          "colours", "country", "weight", "part", "part_colour", "part_amount", "part_country"]
ROW = ["SP-1", "Müller", "  indented\nnote", "12", "3,50", "03.04.2021", "1979-06",
       "2021-04-03 08:05", "oui", "rouge", "green/Blue", "France", "2.5 kilogram", "leg",
       "RED", "250", "DEU"]

SAME_VALUES = {
    "reference": "SP-1", "name": "Müller", "notes": "  indented\nnote", "count": 12,
    "value": "3.50", "found_on": dt.date(2021, 4, 3), "born": "1979-06",
    "seen_at": dt.datetime(2021, 4, 3, 8, 5), "flagged": True, "colour": "RED",
    "colours": ["GREEN", "BLUE"], "country": "FR", "weight": "2.5 KG",
    "parts": [{"label": "leg", "colour": "RED", "amount": "250 G", "country": "DE"}],
}


def test_a_record_of_every_field_kind_reads_back_as_if_saved_by_the_record_service(
        ncen, people, tmp_path):
    officer = people["officer"]
    mapping_path = tmp_path / "specimens.yaml"
    mapping_path.write_text(SPECIMEN_MAPPING)
    path = write_csv(tmp_path / "specimens.csv", HEADER, [ROW])
    import_file(officer, path, load_mapping(mapping_path))
    saved = officer.create("specimen", {**SAME_VALUES, "reference": "SP-2"})
    [imported] = [r for r in officer.list("specimen").records if r.values["reference"] == "SP-1"]
    assert imported.values == {**saved.values, "reference": "SP-1"}


def test_ids_follow_each_other_and_children_name_their_record(ncen, people):
    officer: RecordService = people["officer"]
    first = officer.create("specimen", {"reference": "SP-0"})
    values = normalise_values(ncen.registry.record_type("specimen"),
                              {"reference": "SP-1", "parts": [{"label": "a"}, {"label": "b"}]},
                              ncen.registry.codelists)
    writer = BulkWriter(ncen, "specimen", username="olga", unit="A", now=utcnow())
    with ncen.database.atomic():
        ids = writer.write([NewRecord(f"u-{n}", values, {"status": "draft", "tlp": "AMBER",
                                                         "distribution": "local",
                                                         "legal_basis": ""})
                            for n in range(3)])
    assert ids == [first.id + 1, first.id + 2, first.id + 3]
    assert [len(officer.find("specimen", f"u-{n}").values["parts"]) for n in range(3)] == [2, 2, 2]
    assert writer.existing(["u-1", "nope"]) == {"u-1": ids[1]}



LINK_LEADING = ("uuid", "a_type", "a_uuid", "b_type", "b_uuid", "role")


def test_rows_given_as_tuples_of_leading_columns_take_constants_then_defaults(ncen):
    link = ncen.system.Link
    writer = TableWriter(ncen.database, link, with_id=False, leading=LINK_LEADING,
                         constants={"origin": "XX", "a_origin": "XX", "b_origin": "YY",
                                    "created_by": "olga", "updated_by": "olga"})
    with ncen.database.atomic():
        assert writer.insert_tuples([("l-1", "seizure", "s-1", "suspect", "p-1", "COURIER"),
                                     ("l-2", "seizure", "s-2", "company", "c-1", "CARRIER")]) == 2
    row = link.get(link.uuid == "l-2")
    assert (row.a_type, row.a_uuid, row.b_type, row.b_uuid, row.role) == (
        "seizure", "s-2", "company", "c-1", "CARRIER")
    assert (row.origin, row.a_origin, row.b_origin, row.created_by) == ("XX", "XX", "YY", "olga")
    assert (row.version, row.note, row.confidence, row.deleted) == (1, "", None, False)


def test_a_leading_column_the_table_does_not_have_is_refused(ncen):
    with pytest.raises(ValueError, match="not columns of ncen_link: \\['colour'\\]"):
        TableWriter(ncen.database, ncen.system.Link, with_id=False, leading=("uuid", "colour"))
