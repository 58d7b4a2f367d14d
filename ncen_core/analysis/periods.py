"""Periods of time that statistics group by: day, week, month, quarter, year.

A period is shown as text that sorts in time order and that both backends compute the same
way from a date or datetime column: ``2025-03-14`` (day), ``2025-03-10`` (week: the Monday
that starts the ISO week, which reads as a date and needs no week-numbering rules),
``2025-03`` (month), ``2025-Q1`` (quarter), ``2025`` (year). SQLite stores dates as ISO text,
so a prefix of the text is the period; PostgreSQL formats with ``to_char``. This module is
the one place where the two differ.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ncen_core.errors import NcenError

PERIODS = ("day", "week", "month", "quarter", "year")


class PeriodError(NcenError):
    """A period that statistics do not know (``--period fortnight``) or cannot read."""


def check_period(kind: str) -> str:
    """``kind`` if it is one of :data:`PERIODS`; PeriodError naming the choices otherwise."""
    if kind not in PERIODS:
        raise PeriodError(f"unknown period '{kind}' (use one of: {', '.join(PERIODS)})")
    return kind


def period_sql(kind: str, column: str, *, sqlite: bool) -> str:
    """SQL for the period label of ``column`` (a date or datetime) on one backend."""
    check_period(kind)
    if sqlite:
        return {
            "day": f"substr({column}, 1, 10)",
            "week": f"date({column}, '-' || ((CAST(strftime('%w', {column}) AS INTEGER) + 6)"
                    " % 7) || ' days')",
            "month": f"substr({column}, 1, 7)",
            "quarter": f"(substr({column}, 1, 4) || '-Q' || "
                       f"((CAST(substr({column}, 6, 2) AS INTEGER) + 2) / 3))",
            "year": f"substr({column}, 1, 4)",
        }[kind]
    return {
        "day": f"to_char({column}, 'YYYY-MM-DD')",
        "week": f"to_char(date_trunc('week', {column}), 'YYYY-MM-DD')",
        "month": f"to_char({column}, 'YYYY-MM')",
        "quarter": f"to_char({column}, 'YYYY-\"Q\"Q')",
        "year": f"to_char({column}, 'YYYY')",
    }[kind]


def month_to(kind: str, month_column: str) -> str:
    """SQL turning a ``YYYY-MM`` label into the label of a longer period (same on both
    backends): maintained aggregates are kept per month."""
    if kind == "month":
        return month_column
    if kind == "year":
        return f"substr({month_column}, 1, 4)"
    if kind == "quarter":
        return (f"(substr({month_column}, 1, 4) || '-Q' || "
                f"CAST((CAST(substr({month_column}, 6, 2) AS INTEGER) + 2) / 3 AS VARCHAR(1)))")
    raise PeriodError(f"maintained aggregates are kept per month; they cannot give a {kind}")


def period_of(day: dt.date, kind: str) -> str:
    """The label of the period holding ``day`` (what :func:`period_sql` computes)."""
    check_period(kind)
    if kind == "day":
        return day.isoformat()
    if kind == "week":
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    if kind == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if kind == "quarter":
        return f"{day.year:04d}-Q{(day.month + 2) // 3}"
    return f"{day.year:04d}"


def period_start(label: str, kind: str) -> dt.date:
    """The first day of the period ``label``; PeriodError if it is not a label of ``kind``."""
    try:
        if kind in ("day", "week"):
            day = dt.date.fromisoformat(label)
            return day - dt.timedelta(days=day.weekday()) if kind == "week" else day
        if kind == "month":
            year, month = label.split("-")
            return dt.date(int(year), int(month), 1)
        if kind == "quarter":
            year, quarter = label.split("-Q")
            return dt.date(int(year), 3 * int(quarter) - 2, 1)
        return dt.date(int(label), 1, 1)
    except ValueError:
        raise PeriodError(f"'{label}' is not a {kind} (e.g. {period_of(dt.date(2025, 3, 14), kind)})"
                          ) from None


def next_start(start: dt.date, kind: str) -> dt.date:
    """The first day of the period after the one starting on ``start``."""
    if kind == "day":
        return start + dt.timedelta(days=1)
    if kind == "week":
        return start + dt.timedelta(weeks=1)
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
    return dt.date(year, month + 1, 1)


def previous_start(start: dt.date, kind: str) -> dt.date:
    """The first day of the period before the one starting on ``start``."""
    if kind == "day":
        return start - dt.timedelta(days=1)
    if kind == "week":
        return start - dt.timedelta(weeks=1)
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    year, month = divmod(start.year * 12 + start.month - 1 - months, 12)
    return dt.date(year, month + 1, 1)


def as_date(value: Any) -> dt.date:
    """A date read back from either backend (a date, a datetime, or ISO text on SQLite)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
