"""Reading tables: encodings, line numbers, caps, hashes, CSV dialects and Excel cells."""

from __future__ import annotations

import datetime as dt
import hashlib

import openpyxl
import pytest

from ncen_core.transfer.csv_reader import CsvSource, detect_encoding
from ncen_core.transfer.errors import SourceFileError
from ncen_core.transfer.readers import open_source
from ncen_core.transfer.xlsx_reader import XlsxSource


def write(tmp_path, data: bytes, name="table.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rows_of(path, **options):
    source = open_source(path, **options)
    return source.header, [(row.line, row.cells) for row in source.rows()]


@pytest.mark.parametrize("data, encoding", [
    (b"name\r\nplain ascii\r\n", "utf-8"),
    ("name\r\nOrléans\r\n".encode(), "utf-8"),
    ("name\r\nOrléans\r\n".encode("utf-8-sig"), "utf-8-sig"),
    ("name\r\nOrléans\r\n".encode("cp1252"), "cp1252"),
])
def test_the_encoding_is_detected_from_the_start_of_the_file(tmp_path, data, encoding):
    assert detect_encoding(write(tmp_path, data)) == encoding


def test_a_utf16_file_is_refused_with_a_message_saying_so(tmp_path):
    with pytest.raises(SourceFileError, match="UTF-16, which ncen does not read"):
        CsvSource(write(tmp_path, "name\r\nx\r\n".encode("utf-16")))


def test_a_byte_order_mark_is_not_part_of_the_first_column_name(tmp_path):
    header, _ = rows_of(write(tmp_path, "name,city\r\nA,Orléans\r\n".encode("utf-8-sig")),
                        encoding="utf-8")
    assert header == ("name", "city")


def test_a_quoted_cell_over_several_lines_keeps_the_line_where_its_row_starts(tmp_path):
    path = write(tmp_path, b'name,notes\r\nA,"one\r\ntwo"\r\nB,three\r\n')
    assert rows_of(path)[1] == [(2, ("A", "one\r\ntwo")), (4, ("B", "three"))]


def test_blank_lines_are_skipped_but_counted(tmp_path):
    path = write(tmp_path, b"name\r\n\r\nA\r\n,\r\nB\r\n")
    assert rows_of(path)[1] == [(3, ("A",)), (5, ("B",))]


def test_the_delimiter_is_guessed_from_the_header(tmp_path):
    header, rows = rows_of(write(tmp_path, b"name;city\r\nA;Lyon\r\n"))
    assert header == ("name", "city") and rows == [(2, ("A", "Lyon"))]


def test_the_hash_of_a_fully_read_file_is_the_sha256_of_its_bytes(tmp_path):
    data = b"name\r\nA\r\nB\r\n\r\n"
    source = CsvSource(write(tmp_path, data))
    list(source.rows())
    assert source.sha256 == hashlib.sha256(data).hexdigest()


def test_a_line_over_the_cap_is_refused_with_its_number(tmp_path):
    path = write(tmp_path, b"name\r\nshort\r\n" + b"x" * 200 + b"\r\n")
    source = CsvSource(path, max_line_bytes=100)
    with pytest.raises(SourceFileError, match=r"table.csv:3: the line is longer than 100 bytes"):
        list(source.rows())


def test_a_cell_longer_than_any_field_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, b'name\r\n"' + b"x" * 200_000 + b'"\r\n')
    with pytest.raises(SourceFileError, match=r"table.csv:2: not a valid CSV row: field larger"):
        list(CsvSource(path).rows())


def test_a_header_with_an_unnamed_column_is_refused(tmp_path):
    with pytest.raises(SourceFileError, match=r"table.csv:1: column 2 has no name"):
        CsvSource(write(tmp_path, b"name,,city\r\n"))


def test_a_header_naming_a_column_twice_is_refused(tmp_path):
    with pytest.raises(SourceFileError, match=r"table.csv:1: column 'name' appears twice"):
        CsvSource(write(tmp_path, b"name,name\r\n"))


def test_an_unknown_file_type_is_refused(tmp_path):
    with pytest.raises(SourceFileError, match=r"cannot import .ods files"):
        open_source(write(tmp_path, b"", name="table.ods"))


def test_excel_cells_read_as_the_csv_reader_would_give_them(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["when", "count", "weight", "flag", "at"])
    workbook.active.append([dt.datetime(2021, 4, 3), 12.0, 2.5, True,
                            dt.datetime(2021, 4, 3, 8, 5)])
    path = tmp_path / "table.xlsx"
    workbook.save(path)
    assert rows_of(path)[1] == [(2, ("2021-04-03", "12", "2.5", "true", "2021-04-03T08:05:00"))]


def test_an_excel_sheet_is_chosen_by_name(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["ignored"])
    workbook.create_sheet("Seizures").append(["reference"])
    workbook["Seizures"].append(["FR-1"])
    path = tmp_path / "table.xlsx"
    workbook.save(path)
    assert rows_of(path, sheet="Seizures") == (("reference",), [(2, ("FR-1",))])


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    with pytest.raises(SourceFileError, match=r"table.xlsx: not a readable Excel workbook"):
        XlsxSource(write(tmp_path, b"name\r\nA\r\n", name="table.xlsx"))
