"""The values a record form starts from, and merging after an edit conflict.

Forms hold raw values (text as typed, codes resolved, quantities as mappings, groups as
lists of such rows). When someone else saved the record meanwhile, the form reloads their
version and keeps every field the user changed: nothing typed is lost, and the fields both
changed are named so the user can check them before saving again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ncen_core.fields import RecordType
from ncen_core.records import Record
from ncen_tui.data.display import form_value


def record_form_values(record_type: RecordType, record: Record | None) -> dict[str, Any]:
    """The raw form values of ``record`` (empty values for a new record)."""
    values = record.values if record is not None else {}
    return {spec.name: _blank(form_value(spec, values.get(spec.name)), spec.is_child_table)
            for spec in record_type.fields}


def _blank(value: Any, is_list: bool) -> Any:
    if value is None:
        return [] if is_list else None
    return value


def normalised(value: Any) -> Any:
    """A raw value with empty forms made equal (None, '', [], empty quantity)."""
    if value in ("", [], {}):
        return None
    if isinstance(value, dict) and not any(v not in (None, "") for v in value.values()):
        return None
    return value


@dataclass(frozen=True)
class Merge:
    """The form values after a reload, and the fields both sides changed differently."""

    values: dict[str, Any]
    both_changed: list[str]


def merge_edits(base: Mapping[str, Any], mine: Mapping[str, Any],
                theirs: Mapping[str, Any]) -> Merge:
    """Their version, with every field the user changed since ``base`` kept as the user's."""
    values: dict[str, Any] = {}
    both: list[str] = []
    for name, their_value in theirs.items():
        my_value = mine.get(name)
        if normalised(my_value) != normalised(base.get(name)):
            values[name] = my_value
            if normalised(their_value) != normalised(base.get(name)) \
                    and normalised(their_value) != normalised(my_value):
                both.append(name)
        else:
            values[name] = their_value
    return Merge(values, both)
