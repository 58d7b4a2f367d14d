"""Rendering: record text never becomes markup (HTML, Markdown), CSV formula cells are
neutralised, numbers are shown for people, and charts are drawn inline."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from ncen_core.analysis.html_report import to_html
from ncen_core.analysis.render import number, to_csv, to_markdown, to_text
from ncen_core.analysis.table import Column, Row, StatsTable

HOSTILE = '<script>alert(1)</script> | *bold* =cmd|"/c calc"!A1'


def table(chart: str = "bars") -> StatsTable:
    rows = [Row((HOSTILE,), (HOSTILE,), (3, 4, Decimal("12.500000"))),
            Row(("Antwerp",), ("Antwerp",), (1, 1, Decimal("0.000000")))]
    return StatsTable("Seizures by place", "seizure", (Column("place_name", "Place"),),
                      (Column("records", "records"), Column("items", "items"),
                       Column("quantity_kg", "quantity kg")), rows, chart=chart)


def test_html_escapes_record_text_and_draws_inline_svg():
    page = to_html([table()], title="Report <b>", office="XA", generated=dt.datetime(2025, 3, 1))
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<svg") == 1 and page.count("<rect") == 2


def test_markdown_cells_cannot_break_the_table():
    text = to_markdown(table())
    line = next(line for line in text.splitlines() if "alert" in line)
    assert line.count(" | ") == 3 and "\\|" in line and "\\*bold\\*" in line


def test_csv_neutralises_formula_cells_and_keeps_exact_numbers():
    rows = list(csv.reader(io.StringIO(to_csv(table()))))
    assert rows[0] == ["place_name", "place_name_label", "records", "items", "quantity_kg"]
    assert rows[1][0].startswith("<script>") and rows[1][2:] == ["3", "4", "12.500000"]
    formula = StatsTable("t", "seizure", (Column("x", "x"),), (Column("records", "records"),),
                         [Row(("=1+1",), ("=1+1",), (1,))])
    assert to_csv(formula).splitlines()[1] == "'=1+1,'=1+1,1"


def test_numbers_for_people():
    assert number(1234567) == "1,234,567"
    assert number(Decimal("1234.500000")) == "1,234.5"
    assert number(Decimal("0.000000")) == "0"
    assert number(None) == ""
    assert "(no records)" in to_text(StatsTable("t", "seizure", (), (), []))
