"""Records as plain JSON-ready dicts: the one encoding used by the CLI, exports and packages.

Dates and times are ISO 8601 text, decimals are strings (no binary rounding), quantities are
objects with amount, unit and the normalised value.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ncen_core.records import Record
from ncen_core.validation import Quantity

META_FIELDS = (
    "uuid", "origin", "version", "status", "distribution", "tlp", "legal_basis", "unit",
    "created_at", "created_by", "updated_at", "updated_by", "deleted",
)


def jsonable(value: Any) -> Any:
    """``value`` with dates, decimals and quantities turned into JSON types."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Quantity):
        return {
            "amount": str(value.amount),
            "unit": value.unit,
            "normalised": str(value.normalised) if value.normalised is not None else None,
            "base_unit": value.base_unit,
        }
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return value


def record_to_dict(record: Record) -> dict[str, Any]:
    """The record's type, metadata and values as a JSON-ready dict."""
    data: dict[str, Any] = {"type": record.record_type}
    data.update({name: jsonable(getattr(record, name)) for name in META_FIELDS})
    data["values"] = jsonable(dict(record.values))
    return data
