"""Analysis tables as text, CSV, JSON and Markdown.

CSV puts the grouping values first (each followed by its label), then the measures, the
record count first; it is read by spreadsheets, so a cell that a spreadsheet would run as a
formula gets a leading quote (as ``ncen export`` does). Markdown escapes the characters that
would break a table. HTML reports are :mod:`.html_report`.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from ncen_core.analysis.table import StatsTable
from ncen_core.transfer.csv_safety import neutralise


def number(value: Any) -> str:
    """A measure for people: thousands separated, at most three decimals, "" for none."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        shown = f"{value:,.3f}".rstrip("0").rstrip(".")
        return "0" if shown in ("-0", "") else shown
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def group_text(table: StatsTable, keys: tuple, labels: tuple) -> list[str]:
    """Grouping cells for people: the label, with the code when they differ."""
    cells = []
    for key, label in zip(keys, labels):
        shown = str(key) if key is not None else ""
        cells.append(label if not shown or shown == label else f"{shown} {label}")
    return cells


def to_text(table: StatsTable) -> str:
    """An aligned plain-text table under its title, notes below."""
    header = [c.label for c in table.groups] + [c.label for c in table.measures]
    body = [group_text(table, row.keys, row.labels) + [number(v) for v in row.values]
            for row in table.rows]
    widths = [max([len(header[i]), *(len(line[i]) for line in body)]) for i in range(len(header))]
    split = len(table.groups)

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(w) if i < split else cell.rjust(w)
                         for i, (cell, w) in enumerate(zip(cells, widths))).rstrip()

    lines = [table.title, "", line(header), line(["-" * w for w in widths])]
    lines += [line(cells) for cells in body] or ["(no records)"]
    lines += ["", *table.notes] if table.notes else []
    return "\n".join(_printable(text) for text in lines) + "\n"


def to_csv(table: StatsTable) -> str:
    """CSV: grouping values (each with a ``_label`` column), then the measures."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for c in table.groups for name in (c.name, f"{c.name}_label")]
                    + [c.name for c in table.measures])
    for row in table.rows:
        groups = [cell for key, label in zip(row.keys, row.labels)
                  for cell in ("" if key is None else str(key), label)]
        writer.writerow([neutralise(cell) for cell in groups]
                        + ["" if v is None else str(v) for v in row.values])
    return out.getvalue()


def to_json(table: StatsTable) -> str:
    """JSON: title, columns, notes, parameters and rows (numbers as JSON numbers)."""
    document = {
        "title": table.title, "record_type": table.record_type,
        "groups": [c.name for c in table.groups], "measures": [c.name for c in table.measures],
        "notes": list(table.notes), "parameters": table.parameters, "rows": table.as_dicts(),
    }
    return json.dumps(document, indent=2, default=_json_value, ensure_ascii=False) + "\n"


def to_markdown(table: StatsTable) -> str:
    """A Markdown section: heading, notes, and a pipe table."""
    header = [c.label for c in table.groups] + [c.label for c in table.measures]
    lines = [f"## {_cell(table.title)}", ""]
    lines += [f"_{_cell(note)}_" for note in table.notes]
    lines += [""] if table.notes else []
    lines.append("| " + " | ".join(_cell(h) for h in header) + " |")
    lines.append("|" + "|".join([" --- "] * len(table.groups)
                                + [" ---: "] * len(table.measures)) + "|")
    for row in table.rows:
        cells = group_text(table, row.keys, row.labels) + [number(v) for v in row.values]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    if not table.rows:
        lines.append("")
        lines.append("(no records)")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return _printable(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ") \
        .replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")


def _printable(text: str) -> str:
    """Text without control characters, so a record's value cannot drive the terminal."""
    return "".join(ch if ch.isprintable() else " " for ch in str(text))


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return str(value)
