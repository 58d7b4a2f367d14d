"""Charts as lines of text: horizontal bars per group, and columns over periods.

A statistics table needs two charts only, so they are drawn here with block characters
(eighths of a cell for smooth ends) instead of pulling in a plotting library: the result
is plain text that works in 16 colours, in a snapshot, over a slow remote terminal, and
costs nothing at start-up. Values must not be negative (counts, quantities, values); an
empty or all-zero series draws empty bars.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

EIGHTHS = " ▏▎▍▌▋▊▉█"
RISING = " ▁▂▃▄▅▆▇█"
Number = int | float | Decimal


def _eighths(value: Number, largest: Number, cells: int) -> int:
    if largest <= 0 or value <= 0:
        return 0
    return max(1, round(float(value) / float(largest) * cells * 8))


def _amount(value: Number) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


def bar_lines(labels: Sequence[str], values: Sequence[Number | None], width: int,
              label_width: int = 16) -> list[str]:
    """One line per group: label, a bar scaled to the largest value, the value."""
    numbers = [value or 0 for value in values]
    largest = max(numbers, default=0)
    amounts = [_amount(value) for value in numbers]
    amount_width = max((len(a) for a in amounts), default=0)
    cells = max(1, width - label_width - amount_width - 2)
    lines = []
    for label, value, amount in zip(labels, numbers, amounts, strict=True):
        full, rest = divmod(_eighths(value, largest, cells), 8)
        bar = ("█" * full + (EIGHTHS[rest] if rest else "")).ljust(cells)
        name = label if len(label) <= label_width else label[:label_width - 1] + "…"
        lines.append(f"{name:<{label_width}} {bar} {amount:>{amount_width}}")
    return lines


def column_lines(labels: Sequence[str], values: Sequence[Number | None],
                 height: int) -> list[str]:
    """Columns over time, one per period (oldest left), ``height`` rows, then the first and
    last period under the axis."""
    numbers = [value or 0 for value in values]
    largest = max(numbers, default=0)
    heights = [_eighths(value, largest, height) for value in numbers]
    rows = []
    for row in range(height, 0, -1):
        floor = (row - 1) * 8
        rows.append("".join("█" if h >= floor + 8 else RISING[max(0, h - floor)]
                            for h in heights).rstrip())
    top = _amount(largest)
    rows[0] = f"{rows[0]:<{len(numbers)}} max {top}"
    axis = "─" * len(numbers)
    if labels:
        span = f"{labels[0]} … {labels[-1]}" if len(labels) > 1 else labels[0]
        rows += [axis, span]
    return rows
