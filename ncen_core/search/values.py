"""Reading the values typed after ``field:``: numbers, and dates as intervals of days.

A date denotes the whole period it names: ``2024`` is the year, ``2024-03`` the month,
``2024-03-15`` or ``today`` or ``-30d`` one day. Comparisons follow from the period:
``>2024-03`` starts on 1 April, ``<=2024-03`` ends with 31 March, and ``2024-01..2024-06``
runs from 1 January to 30 June inclusive.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_ABSOLUTE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_RELATIVE = re.compile(r"^([+-])(\d{1,5})([dwmy])$")
DATE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, or -30d / -2w / -6m / -1y"


@dataclass(frozen=True)
class Period:
    """Days from ``start`` (included) to ``end`` (excluded)."""

    start: dt.date
    end: dt.date


def parse_number(text: str) -> Decimal:
    """A decimal number; a comma is accepted as the decimal separator. ValueError otherwise."""
    cleaned = text.strip().replace("_", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number") from None
    if not number.is_finite():
        raise ValueError(f"'{text}' is not a number")
    return number


def parse_period(text: str, today: dt.date) -> Period:
    """The period of days ``text`` names, relative dates counted back from ``today``."""
    word = text.strip().lower()
    if word == "today":
        return _day(today)
    if word == "yesterday":
        return _day(today - dt.timedelta(days=1))
    relative = _RELATIVE.match(word)
    if relative:
        sign, amount, unit = relative.groups()
        return _day(_shift(today, int(amount) * (-1 if sign == "-" else 1), unit))
    absolute = _ABSOLUTE.match(word)
    if not absolute:
        raise ValueError(f"'{text}' is not a date (use {DATE_FORMS})")
    year, month, day = (int(part) if part else None for part in absolute.groups())
    try:
        if month is None:
            return Period(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
        start = dt.date(year, month, day or 1)
    except ValueError:
        raise ValueError(f"'{text}' is not a calendar date") from None
    if day is None:
        return Period(start, _add_months(start, 1))
    return _day(start)


def _day(day: dt.date) -> Period:
    return Period(day, day + dt.timedelta(days=1))


def _shift(today: dt.date, amount: int, unit: str) -> dt.date:
    if unit == "d":
        return today + dt.timedelta(days=amount)
    if unit == "w":
        return today + dt.timedelta(weeks=amount)
    if unit == "m":
        return _add_months(today, amount)
    return _add_months(today, 12 * amount)


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), on the month's last day if it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
