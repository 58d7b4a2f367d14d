"""A self-contained HTML report for printing: each analysis as a chart and a table.

Charts are inline SVG drawn here (no script, no font or image fetched, nothing from the
network), so the file opens and prints the same anywhere, offline. A table whose first
column is a period gets a time series of the first measure (each period's total, or the
"all categories" rows of a dashboard); other tables get horizontal bars of the first measure
for their largest groups. Every text from the database is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from ncen_core.analysis.aggregates import ALL
from ncen_core.analysis.render import group_text, number
from ncen_core.analysis.table import StatsTable

MAX_BARS = 20
CHART_WIDTH = 720
BAR_HEIGHT = 18
LABEL_WIDTH = 260
SERIES_HEIGHT = 220

STYLE = """
body { font-family: sans-serif; font-size: 10pt; margin: 1.5cm; color: #111; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 1.5em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #999; padding: 2px 6px; } td.n { text-align: right; }
th { background: #eee; } p.note { font-style: italic; color: #444; }
section { page-break-inside: avoid; } svg text { font-size: 10px; font-family: sans-serif; }
@media print { body { margin: 0; } section { page-break-after: always; } }
"""


def to_html(tables: Sequence[StatsTable], *, title: str, office: str,
            generated: dt.datetime) -> str:
    """The whole report: a heading, then one section per table."""
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<p>Office {_e(office)}, generated {_e(generated.strftime('%Y-%m-%d %H:%M UTC'))}</p>",
    ]
    parts += [_section(table) for table in tables]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _section(table: StatsTable) -> str:
    chart = _series(table) if table.chart == "series" else _bars(table)
    notes = "".join(f'<p class="note">{_e(note)}</p>' for note in table.notes)
    return f"<section><h2>{_e(table.title)}</h2>{notes}{chart}{_table(table)}</section>"


def _table(table: StatsTable) -> str:
    head = "".join(f"<th>{_e(c.label)}</th>" for c in (*table.groups, *table.measures))
    rows = []
    for row in table.rows:
        cells = "".join(f"<td>{_e(text)}</td>"
                        for text in group_text(table, row.keys, row.labels))
        cells += "".join(f'<td class="n">{_e(number(v))}</td>' for v in row.values)
        rows.append(f"<tr>{cells}</tr>")
    body = "".join(rows) or f'<tr><td colspan="{len(table.groups) + len(table.measures)}">' \
                            "(no records)</td></tr>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _bars(table: StatsTable) -> str:
    """Horizontal bars of the first measure for the first :data:`MAX_BARS` rows."""
    if not table.rows or not table.measures:
        return ""
    rows = table.rows[:MAX_BARS]
    largest = max((float(row.values[0] or 0) for row in rows), default=0) or 1
    scale = (CHART_WIDTH - LABEL_WIDTH - 80) / largest
    height = BAR_HEIGHT * len(rows) + 10
    shapes = []
    for index, row in enumerate(rows):
        y = 5 + index * BAR_HEIGHT
        label = " / ".join(row.labels)
        value = float(row.values[0] or 0)
        shapes.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 12}" text-anchor="end">{_e(label[:45])}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{value * scale:.1f}" '
            f'height="{BAR_HEIGHT - 4}" fill="#4a6fa5"/>'
            f'<text x="{LABEL_WIDTH + value * scale + 4:.1f}" y="{y + 12}">'
            f"{_e(number(row.values[0]))}</text>")
    return _svg(height, table.measures[0].label, shapes)


def _series(table: StatsTable) -> str:
    """Vertical bars of the first measure per period (its total over the other groups)."""
    with_all = any(ALL in row.keys[1:] for row in table.rows)
    totals: dict[str, float] = {}
    for row in table.rows:
        if with_all and ALL not in row.keys[1:]:
            continue
        period = str(row.keys[0]) if row.keys[0] is not None else "?"
        totals[period] = totals.get(period, 0.0) + float(row.values[0] or 0)
    if not totals:
        return ""
    periods = sorted(totals)
    largest = max(totals.values()) or 1
    step = (CHART_WIDTH - 60) / len(periods)
    plot = SERIES_HEIGHT - 40
    shapes = [(f'<line x1="50" y1="{plot + 10}" x2="{CHART_WIDTH - 5}" y2="{plot + 10}" '
               'stroke="#333"/>'),
              f'<text x="45" y="18" text-anchor="end">{_e(_amount(largest))}</text>']
    for index, period in enumerate(periods):
        bar = totals[period] / largest * plot
        x = 52 + index * step
        shapes.append(f'<rect x="{x:.1f}" y="{plot + 10 - bar:.1f}" width="{max(step - 2, 1):.1f}"'
                      f' height="{bar:.1f}" fill="#4a6fa5"><title>{_e(period)}: '
                      f"{_e(_amount(totals[period]))}</title></rect>")
        if len(periods) <= 24 or index % max(1, len(periods) // 12) == 0:
            shapes.append(f'<text x="{x + step / 2:.1f}" y="{plot + 24}" text-anchor="middle">'
                          f"{_e(period)}</text>")
    return _svg(SERIES_HEIGHT, f"{table.measures[0].label} per period", shapes)


def _svg(height: int, caption: str, shapes: list[str]) -> str:
    return (f'<figure><svg xmlns="http://www.w3.org/2000/svg" width="{CHART_WIDTH}" '
            f'height="{height}" viewBox="0 0 {CHART_WIDTH} {height}" role="img" '
            f'aria-label="{_e(caption)}">{"".join(shapes)}</svg>'
            f"<figcaption>{_e(caption)}</figcaption></figure>")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _amount(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
