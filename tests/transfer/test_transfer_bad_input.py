"""Bad input: each file is refused with an error naming the file and the line, and the
database (every record, child, link and audit row) is exactly as it was."""

# The fixtures imported from transfer_support are test parameters here.
# ruff: noqa: F811

from __future__ import annotations

import tracemalloc

import pytest
from transfer_support import (
    REGISTER_HEADER,
    REGISTER_MAPPING,
    REGISTER_ROWS,
    database_state,
    ncen,  # noqa: F401  (overrides the root fixture)
    register_file,
    register_mapping,
    write_csv,
)

from ncen_core.transfer.bulk_writer import BulkWriter
from ncen_core.transfer.errors import ImportRefusedError, SourceFileError
from ncen_core.transfer.importer import ImportOptions, import_file

FIFTY_MEGABYTES = 50 * 1024 * 1024


def refused_problems(service, path, mapping):
    """The problems reported by an import that must be refused."""
    problems = []
    with pytest.raises(ImportRefusedError):
        import_file(service, path, mapping, on_problem=problems.append)
    return [problem.describe(path) for problem in problems]


def test_a_wrong_date_is_reported_with_file_line_and_field(ncen, people, tmp_path):
    before = database_state(ncen)
    rows = REGISTER_ROWS[:2] + [REGISTER_ROWS[2][:1] + ["31/02/2021"] + REGISTER_ROWS[2][2:]]
    path = register_file(tmp_path, rows)
    problems = refused_problems(people["officer"], path, register_mapping(tmp_path))
    assert problems == [(f"{path}:4: seizure_date: '31/02/2021' is not a date in the format "
                         "DD/MM/YYYY (column 'date')")]
    assert database_state(ncen) == before


def test_an_unknown_code_is_reported_with_file_line_and_field(ncen, people, tmp_path):
    before = database_state(ncen)
    rows = [REGISTER_ROWS[2][:3] + ["Hovercraft"] + REGISTER_ROWS[2][4:]]
    path = register_file(tmp_path, rows)
    problems = refused_problems(people["officer"], path, register_mapping(tmp_path))
    assert problems == [(f"{path}:2: transport_mode: unknown code 'Hovercraft' in code list "
                         "transport_mode (column 'mode')")]
    assert database_state(ncen) == before


def test_a_missing_required_column_is_refused_before_any_row(ncen, people, tmp_path):
    before = database_state(ncen)
    header = [name for name in REGISTER_HEADER if name != "case"]
    path = write_csv(tmp_path / "register.csv", header, [row[1:] for row in REGISTER_ROWS])
    with pytest.raises(SourceFileError, match=r"register.csv:1: the column 'case' that the "
                                              r"mapping reads \(key\) is not in the file"):
        import_file(people["officer"], path, register_mapping(tmp_path))
    assert database_state(ncen) == before


def test_an_undecodable_byte_in_a_file_declared_utf8_names_its_line(ncen, people, tmp_path):
    before = database_state(ncen)
    path = with_raw_byte(register_file(tmp_path))
    mapping = register_mapping(tmp_path, REGISTER_MAPPING.replace(
        "name: test-register\n", "name: test-register\nencoding: utf-8\n"))
    with pytest.raises(SourceFileError, match=r"register.csv:4: byte 0xE9 at byte 26 of the "
                                              r"line is not valid UTF-8; if the file was saved"):
        import_file(people["officer"], path, mapping)
    assert database_state(ncen) == before


def test_an_undecodable_byte_after_utf8_text_names_its_line(ncen, people, tmp_path):
    before = database_state(ncen)
    rows = [REGISTER_ROWS[0][:2] + ["Orléans"] + REGISTER_ROWS[0][3:]] + REGISTER_ROWS[1:]
    path = with_raw_byte(register_file(tmp_path, rows))
    with pytest.raises(SourceFileError, match=r"register.csv:4: byte 0xE9 .* is not valid UTF-8"):
        import_file(people["officer"], path, register_mapping(tmp_path))
    assert database_state(ncen) == before


def with_raw_byte(path):
    """The file with a Windows-1252 é written into the place of line 4."""
    lines = path.read_bytes().split(b"\r\n")
    lines[3] = lines[3].replace(b"Le Havre", b"Le Havre \xe9")
    path.write_bytes(b"\r\n".join(lines))
    return path


def test_an_empty_file_is_refused(ncen, people, tmp_path):
    before = database_state(ncen)
    path = tmp_path / "register.csv"
    path.write_bytes(b"")
    with pytest.raises(SourceFileError, match=r"register.csv: the file is empty"):
        import_file(people["officer"], path, register_mapping(tmp_path))
    assert database_state(ncen) == before


def test_a_file_with_a_header_and_no_rows_is_refused(ncen, people, tmp_path):
    before = database_state(ncen)
    path = register_file(tmp_path, [])
    with pytest.raises(SourceFileError, match=r"register.csv: the file has no rows under"):
        import_file(people["officer"], path, register_mapping(tmp_path))
    assert database_state(ncen) == before


def test_a_50_megabyte_line_is_refused_without_reading_it_into_memory(ncen, people, tmp_path):
    before = database_state(ncen)
    path = register_file(tmp_path, REGISTER_ROWS[:1])
    with open(path, "ab") as stream:
        stream.write(b"FR-9,01/01/2021," + b"A" * FIFTY_MEGABYTES + b"\r\n")
    tracemalloc.start()
    try:
        with pytest.raises(SourceFileError, match=r"register.csv:3: the line is longer than "
                                                  r"1,048,576 bytes"):
            import_file(people["officer"], path, register_mapping(tmp_path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024
    assert database_state(ncen) == before



def test_an_error_after_records_were_written_rolls_them_back(ncen, people, tmp_path):
    before = database_state(ncen)
    path = register_file(tmp_path)
    with open(path, "ab") as stream:
        stream.write(b"FR-9," + b"A" * 300 + b"\r\n")
    written = []
    write = BulkWriter.write

    def counting_write(writer, records):
        written.extend(records)
        return write(writer, records)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BulkWriter, "write", counting_write)
        with pytest.raises(SourceFileError, match=r"register.csv:5: the line is longer"):
            import_file(people["officer"], path, register_mapping(tmp_path),
                        options=ImportOptions(batch_size=1, max_line_bytes=200))
    assert len(written) == 1
    assert database_state(ncen) == before


def test_memory_does_not_grow_with_the_number_of_rows(ncen, people, tmp_path):
    mapping = register_mapping(tmp_path)
    line = REGISTER_ROWS[2][2:11] + ["", ""]

    def peak_importing(count):
        rows = [[f"{count}-{n}", f"{n % 28 + 1:02d}/04/2021", *line] for n in range(count)]
        path = register_file(tmp_path, rows)
        tracemalloc.start()
        try:
            import_file(people["officer"], path, mapping,
                        options=ImportOptions(batch_size=100))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak_importing(400), peak_importing(1600)
    assert large < small * 1.25
