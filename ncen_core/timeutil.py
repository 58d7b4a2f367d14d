"""One clock for the whole application: naive UTC datetimes, stored the same on both backends."""

from __future__ import annotations

import datetime as _dt


def utcnow() -> _dt.datetime:
    """Current UTC time without tzinfo, to microseconds (what peewee stores on both backends)."""
    return _dt.datetime.now(_dt.UTC).replace(tzinfo=None)
