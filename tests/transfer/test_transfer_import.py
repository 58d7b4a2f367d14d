"""Importing a register: records, items, route legs and linked suspects from rows; all or
nothing; no duplicates on re-import; one audit entry; on SQLite and PostgreSQL."""

# The fixtures imported from transfer_support are test parameters here.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

import openpyxl
import pytest
from transfer_support import (
    REGISTER_HEADER,
    REGISTER_MAPPING,
    REGISTER_ROWS,
    audit_entries,
    database_state,
    ncen,  # noqa: F401  (overrides the root fixture)
    register_file,
    register_mapping,
    write_csv,
)

from ncen_core import audit
from ncen_core.errors import PermissionDeniedError
from ncen_core.search_index import word_table
from ncen_core.transfer.errors import ImportRefusedError, MappingError
from ncen_core.transfer.importer import ImportOptions, import_file


def run_import(service, path, mapping, **options):
    problems = []
    report = import_file(service, path, mapping, options=ImportOptions(**options),
                         on_problem=problems.append)
    return report, problems


def seizures(service):
    return {record.values["reference"]: record
            for record in service.list("seizure", order_by="id", descending=False).records}


def test_rows_become_seizures_with_their_fields(people, tmp_path):
    officer = people["officer"]
    run_import(officer, register_file(tmp_path), register_mapping(tmp_path))
    first = seizures(officer)["FR-1"].values
    assert first["seizure_date"] == dt.date(2021, 4, 3)
    assert first["transport_mode"] == "4"
    assert first["detection_methods"] == ["NII_BAGGAGE", "DOG_DRUGS"]
    assert first["place_country"] == "FR"


def test_consecutive_lines_with_one_key_make_one_record_with_an_item_per_line(people, tmp_path):
    officer = people["officer"]
    report, _ = run_import(officer, register_file(tmp_path), register_mapping(tmp_path))
    items = seizures(officer)["FR-1"].values["items"]
    assert report.records_created == 2
    assert [item["subtype"] for item in items] == ["DRUGS_COCAINE", "TOBACCO_CIGARETTES"]
    assert items[0]["quantity"].normalised == Decimal("12.5")


def test_a_route_read_from_the_first_line_is_not_repeated_and_a_multi_value_cell_spreads(
        people, tmp_path):
    officer = people["officer"]
    run_import(officer, register_file(tmp_path), register_mapping(tmp_path))
    route = seizures(officer)["FR-1"].values["route"]
    assert [(leg["leg_type"], leg["country"]) for leg in route] == [
        ("ORIGIN", "CO"), ("TRANSIT", "ES"), ("TRANSIT", "NL"), ("DESTINATION", "FR")]


def test_an_empty_multi_value_cell_gives_no_group_row(people, tmp_path):
    officer = people["officer"]
    run_import(officer, register_file(tmp_path), register_mapping(tmp_path))
    route = seizures(officer)["FR-2"].values["route"]
    assert [leg["leg_type"] for leg in route] == ["ORIGIN", "DESTINATION"]


def test_a_linked_suspect_is_created_and_linked_with_its_role(people, tmp_path):
    officer = people["officer"]
    report, _ = run_import(officer, register_file(tmp_path), register_mapping(tmp_path))
    seizure = seizures(officer)["FR-2"]
    [link] = officer.links.of(seizure.ref)
    suspect = officer.get(link.other(seizure.ref))
    assert link.role == "SEIZ_SUSP_COURIER" and link.a == seizure.ref
    assert suspect.values["family_name"] == "Dupont"
    assert suspect.values["documents"][0]["number"] == "X1234567"
    assert report.linked_created["suspect"] == 1 and report.links_created == 1


def test_a_suspect_named_on_two_rows_is_created_once(people, tmp_path):
    officer = people["officer"]
    third = ["FR-3", "15/05/2021", "Le Havre", "Maritime transport", "", "BR", "", "DRUGS",
             "DRUGS_COCAINE", "2", "KG", "Dupont", "X1234567"]
    report, _ = run_import(officer, register_file(tmp_path, REGISTER_ROWS + [third]),
                           register_mapping(tmp_path))
    assert report.linked_created["suspect"] == 1 and report.links_created == 2
    assert officer.count("suspect") == 1


def test_reimporting_the_same_file_creates_no_duplicates(ncen, people, tmp_path):
    officer = people["officer"]
    path, mapping = register_file(tmp_path), register_mapping(tmp_path)
    run_import(officer, path, mapping)
    before = database_state(ncen)
    report, _ = run_import(officer, path, mapping)
    after = database_state(ncen)
    assert report.records_created == 0 and report.records_existing == 2
    assert after["ncen_audit"] == before["ncen_audit"] + 1
    assert {k: v for k, v in after.items() if k != "ncen_audit"} == {
        k: v for k, v in before.items() if k != "ncen_audit"}


def test_reimport_leaves_a_record_edited_since_as_it_is(people, tmp_path):
    officer = people["officer"]
    path, mapping = register_file(tmp_path), register_mapping(tmp_path)
    run_import(officer, path, mapping)
    seizure = seizures(officer)["FR-2"]
    officer.update(seizure.ref, {"place_name": "Port of Le Havre"}, expected_version=1)
    run_import(officer, path, mapping)
    again = officer.get(seizure.ref)
    assert again.version == 2 and again.values["place_name"] == "Port of Le Havre"


def test_without_a_key_a_row_is_identified_by_its_content(people, tmp_path):
    officer = people["officer"]
    mapping = register_mapping(tmp_path, REGISTER_MAPPING.replace("key: [case]\n", ""))
    path = register_file(tmp_path, REGISTER_ROWS[2:])
    run_import(officer, path, mapping)
    report, _ = run_import(officer, path, mapping)
    assert report.records_existing == 1 and officer.count("seizure") == 1


def test_the_whole_import_is_one_audit_entry_naming_the_file_and_its_hash(ncen, people, tmp_path):
    officer = people["officer"]
    path = register_file(tmp_path)
    run_import(officer, path, register_mapping(tmp_path))
    [entry] = audit_entries(ncen, "import")
    detail = json.loads(entry.detail)
    assert entry.username == officer.user.username
    assert detail["file"] == "register.csv" and detail["created"] == 2
    assert detail["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert audit_entries(ncen, "create") == [] and audit.verify(ncen.system).ok


def test_imported_records_are_in_the_search_index(ncen, people, tmp_path):
    run_import(people["officer"], register_file(tmp_path), register_mapping(tmp_path))
    table = word_table(ncen.registry.record_types["seizure"])
    assert ncen.database.execute_sql(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 2


def test_an_imported_suspect_is_indexed_as_one_saved_by_the_record_service(ncen, people,
                                                                           tmp_path):
    officer = people["officer"]
    run_import(officer, register_file(tmp_path), register_mapping(tmp_path))
    [imported] = officer.list("suspect").records
    saved = officer.create("suspect", dict(imported.values))
    for table in ("ncen_identifier", "ncen_name", "ncen_name_key"):
        assert index_rows(ncen, table, imported.id) == index_rows(ncen, table, saved.id) != []


def index_rows(ncen, table, record_id):
    """The index rows of one suspect, without the record id."""
    cursor = ncen.database.execute_sql(
        f"SELECT * FROM {table} WHERE record_type = 'suspect' AND record_id = {record_id}")
    names = [column[0] for column in cursor.description]
    return sorted(tuple(v for n, v in zip(names, row) if n != "record_id") for row in cursor)


def test_a_dry_run_reports_what_it_would_do_and_writes_nothing(ncen, people, tmp_path):
    before = database_state(ncen)
    report, _ = run_import(people["officer"], register_file(tmp_path), register_mapping(tmp_path),
                           dry_run=True)
    assert report.records_created == 2 and not report.committed
    assert database_state(ncen) == before


def test_an_invalid_row_refuses_the_whole_file(ncen, people, tmp_path):
    rows = REGISTER_ROWS[:2] + [REGISTER_ROWS[2][:1] + ["not a date"] + REGISTER_ROWS[2][2:]]
    before = database_state(ncen)
    with pytest.raises(ImportRefusedError, match="1 of 3 rows are invalid; nothing was imported"):
        run_import(people["officer"], register_file(tmp_path, rows), register_mapping(tmp_path))
    assert database_state(ncen) == before


def test_skipping_invalid_rows_imports_the_others_and_rejects_those(people, tmp_path):
    officer = people["officer"]
    rows = [REGISTER_ROWS[0][:8] + ["CRACK"] + REGISTER_ROWS[0][9:]] + REGISTER_ROWS[1:]
    reject = tmp_path / "rejected.csv"
    report, _ = run_import(officer, register_file(tmp_path, rows), register_mapping(tmp_path),
                           skip_invalid=True, reject_file=reject)
    lines = reject.read_text(encoding="utf-8-sig").splitlines()
    assert report.records_created == 1 and list(seizures(officer)) == ["FR-2"]
    assert lines[0] == ",".join(REGISTER_HEADER) + ",error"
    assert "items[1].subtype: unknown code 'CRACK'" in lines[1]
    assert "rejected with the record that starts on line 2" in lines[2]


def test_a_problem_of_an_item_names_the_line_that_made_it(people, tmp_path):
    rows = REGISTER_ROWS[:1] + [REGISTER_ROWS[1][:9] + ["12,5,5"] + REGISTER_ROWS[1][10:]]
    problems = []
    with pytest.raises(ImportRefusedError) as refused:
        import_file(people["officer"], register_file(tmp_path, rows), register_mapping(tmp_path),
                    on_problem=problems.append)
    [problem] = problems
    assert (problem.line, problem.path) == (3, "items[2].quantity")
    assert "(column 'qty', 'unit')" in problem.message
    assert refused.value.report.records_rejected == 1


def test_unknown_codes_are_counted_per_value(people, tmp_path):
    rows = [row[:8] + ["CRACK"] + row[9:] for row in REGISTER_ROWS]
    with pytest.raises(ImportRefusedError) as refused:
        run_import(people["officer"], register_file(tmp_path, rows), register_mapping(tmp_path))
    unknown = refused.value.report.unknown
    assert unknown.counts["items.subtype"]["CRACK"] == 3
    assert unknown.lines() == ["items.subtype: 'CRACK' x3"]


def test_a_key_used_again_further_down_the_file_is_an_error(people, tmp_path):
    rows = [REGISTER_ROWS[0], REGISTER_ROWS[2], REGISTER_ROWS[1]]
    with pytest.raises(ImportRefusedError):
        run_import(people["officer"], register_file(tmp_path, rows), register_mapping(tmp_path))
    problems = []
    import_file(people["officer"], register_file(tmp_path, rows), register_mapping(tmp_path),
                options=ImportOptions(dry_run=True), on_problem=problems.append)
    assert [(p.line, p.path) for p in problems] == [(4, "key")]
    assert "FR-1 was already used by an earlier record" in problems[0].message


def test_a_continuation_line_that_disagrees_with_the_first_is_reported(people, tmp_path):
    rows = [REGISTER_ROWS[0], REGISTER_ROWS[1][:1] + ["04/04/2021"] + REGISTER_ROWS[1][2:]]
    problems = []
    report = import_file(people["officer"], register_file(tmp_path, rows),
                         register_mapping(tmp_path), options=ImportOptions(dry_run=True),
                         on_problem=problems.append)
    assert report.records_rejected == 1
    assert (problems[0].line, problems[0].path) == (3, "seizure_date")
    assert "differs from datetime.date(2021, 4, 3) on line 2" in problems[0].message


def test_rows_left_out_by_the_filter_are_counted_and_not_imported(people, tmp_path):
    officer = people["officer"]
    mapping = register_mapping(tmp_path, REGISTER_MAPPING.replace(
        "key: [case]\n", "key: [case]\nwhere:\n  place: [Roissy]\n"))
    report, _ = run_import(officer, register_file(tmp_path), mapping)
    assert (report.rows_read, report.rows_filtered) == (3, 1)
    assert list(seizures(officer)) == ["FR-1"]


def test_an_excel_workbook_imports_like_its_csv(people, tmp_path):
    officer = people["officer"]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(REGISTER_HEADER)
    for row in REGISTER_ROWS:
        day, month, year = map(int, row[1].split("/"))
        sheet.append([row[0], dt.datetime(year, month, day), *row[2:9], float(row[9]), *row[10:]])
    path = tmp_path / "register.xlsx"
    workbook.save(path)
    mapping = register_mapping(tmp_path, REGISTER_MAPPING.replace("date_format: DD/MM/YYYY",
                                                                  "date_format: YYYY-MM-DD"))
    report, _ = run_import(officer, path, mapping)
    first = seizures(officer)["FR-1"].values
    assert report.records_created == 2 and first["seizure_date"] == dt.date(2021, 4, 3)
    assert first["items"][1]["quantity"].amount == Decimal(2000)


def test_a_windows_1252_file_is_detected_and_read(people, tmp_path):
    officer = people["officer"]
    rows = [REGISTER_ROWS[2][:2] + ["Orléans — fret"] + REGISTER_ROWS[2][3:]]
    run_import(officer, register_file(tmp_path, rows, encoding="cp1252"),
               register_mapping(tmp_path))
    assert seizures(officer)["FR-2"].values["place_name"] == "Orléans — fret"


def test_a_utf8_file_with_a_byte_order_mark_is_read(people, tmp_path):
    officer = people["officer"]
    rows = [REGISTER_ROWS[2][:2] + ["Orléans"] + REGISTER_ROWS[2][3:]]
    run_import(officer, register_file(tmp_path, rows, encoding="utf-8-sig"),
               register_mapping(tmp_path))
    assert seizures(officer)["FR-2"].values["place_name"] == "Orléans"


def test_a_semicolon_separated_file_is_read(people, tmp_path):
    officer = people["officer"]
    report, _ = run_import(officer, register_file(tmp_path, delimiter=";"),
                           register_mapping(tmp_path))
    assert report.records_created == 2


def test_an_analyst_may_not_import(people, tmp_path):
    with pytest.raises(PermissionDeniedError, match="may not create records"):
        run_import(people["analyst"], register_file(tmp_path), register_mapping(tmp_path))


def test_an_officer_may_not_import_alerts_that_only_supervisors_issue(people, tmp_path):
    path = write_csv(tmp_path / "suspects.csv", ["name", "alert"], [["Dupont", "x"]])
    mapping = register_mapping(tmp_path, "ncen_mapping: 1\nrecord_type: suspect\nname: s\n"
                               "fields:\n  family_name: name\n  alerts:\n    rows:\n"
                               "      - {alert_type: {value: WATCH}, reason: alert,"
                               " valid_until: {value: '2030-01-01'}}\n")
    problems = []
    with pytest.raises(ImportRefusedError):
        import_file(people["officer"], path, mapping, on_problem=problems.append)
    assert [(p.line, p.path, p.message) for p in problems] == [
        (2, "alerts", "role 'officer' may not manage alerts")]


def test_an_officer_may_not_import_validated_records(people, tmp_path):
    mapping = register_mapping(tmp_path, REGISTER_MAPPING.replace(
        "key: [case]\n", "key: [case]\nrecord:\n  status: {value: validated}\n"))
    with pytest.raises(ImportRefusedError) as refused:
        run_import(people["officer"], register_file(tmp_path), mapping)
    assert refused.value.report.records_rejected == 2


def test_a_constant_that_names_no_code_is_refused_before_any_row_is_read(ncen, people, tmp_path):
    before = database_state(ncen)
    mapping = register_mapping(tmp_path, REGISTER_MAPPING.replace("{value: ORIGIN}",
                                                                  "{value: START}"))
    with pytest.raises(MappingError, match=r"register.yaml: fields.route.rows\[1\].leg_type.value:"
                                           " unknown code 'START' in code list route_leg_type"):
        run_import(people["officer"], register_file(tmp_path), mapping)
    assert database_state(ncen) == before
