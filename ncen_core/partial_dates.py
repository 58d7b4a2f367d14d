"""Partial dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) for facts known only in part.

Birth dates in customs records are often known only to the year or month. They are
stored as ISO text, which sorts correctly and compares by prefix.
"""

from __future__ import annotations

import datetime as dt
import re

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(text: str) -> str:
    """Canonical ISO partial date for ``text``; ValueError with the reason otherwise."""
    match = _PATTERN.match(text.strip())
    if not match:
        raise ValueError("must be YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if int(year) < 1800:
        raise ValueError("year must be 1800 or later")
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"month {month} does not exist")
    if day is not None:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{text.strip()} is not a calendar date") from None
    return text.strip()


def earliest(partial: str) -> dt.date:
    """The first day a partial date may denote (for age and range computations)."""
    parts = [int(p) for p in partial.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
