"""Which column a ``field:`` filter reads, for one record type.

Names a filter may use, derived from the FieldSpecs (custom fields included) and nothing else:

- every field by name (``seizure_date``, ``transport_mode``); a multi-code field
  (``offence_types``) matches when any of its codes does;
- members of repeating groups as ``group.member`` (``items.commodity``), or by the member
  name alone when no field has that name: it then matches in every group that has such a
  member (``country`` on a suspect looks in nationalities and addresses);
- the normalised amount of a quantity as ``<quantity>_<base unit>``: ``items.quantity_kg``
  (or ``quantity_kg``), ``_l`` and ``_u`` for the bases of the unit code list, counting only
  amounts whose unit converts to that base;
- record metadata: ``status``, ``distribution``, ``tlp``, ``origin`` (office), ``unit``,
  ``created_at``, ``updated_at``;
- ``date``: the record's main date, the first indexed full-date field of its type
  (``seizure_date``), or the day it was entered for types without one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ncen_core.codelists import CodeListRegistry
from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.record_models import (
    DISTRIBUTIONS,
    STATUSES,
    TLP_LEVELS,
    child_table_name,
)

MAIN_DATE = "date"


@dataclass(frozen=True)
class Target:
    """A column to compare, in the main table or (``child_table``) a group/codes table.

    ``base_unit`` restricts a quantity's normalised amount to rows in that base unit;
    ``choices`` are the allowed values of a metadata field.
    """

    name: str
    kind: Kind
    column: str
    child_table: str | None = None
    codelist: str | None = None
    partial: bool = False
    base_unit: str | None = None
    choices: tuple[str, ...] = ()
    searchable: bool = False


_META = (
    Target("status", Kind.CODE, "status", choices=STATUSES),
    Target("distribution", Kind.CODE, "distribution", choices=DISTRIBUTIONS),
    Target("tlp", Kind.CODE, "tlp", choices=TLP_LEVELS),
    Target("origin", Kind.TEXT, "origin"),
    Target("unit", Kind.TEXT, "unit"),
    Target("created_at", Kind.DATETIME, "created_at"),
    Target("updated_at", Kind.DATETIME, "updated_at"),
)
_META_BY_NAME = {target.name: target for target in _META}


def resolve(record_type: RecordType, name: str, codelists: CodeListRegistry) -> list[Target]:
    """The columns ``name`` denotes in ``record_type`` (empty when it has none).

    ValueError, with the reason, for a name that exists but cannot be filtered on.
    """
    if "." in name:
        group_name, member_name = name.split(".", 1)
        if not record_type.has_field(group_name):
            return []
        group = record_type.field(group_name)
        if group.kind is not Kind.GROUP:
            raise ValueError(f"'{group_name}' is not a group, so '{name}' names nothing")
        return _member_targets(record_type, group, member_name, codelists)
    if record_type.has_field(name):
        return [_field_target(record_type, record_type.field(name), None, codelists)]
    for spec in record_type.fields:
        view = _quantity_view(record_type, spec, None, name, codelists)
        if view is not None:
            return [view]
    if name in _META_BY_NAME:
        return [_META_BY_NAME[name]]
    if name == MAIN_DATE:
        return [main_date(record_type)]
    found: list[Target] = []
    for group in record_type.fields:
        if group.kind is Kind.GROUP:
            found.extend(_member_targets(record_type, group, name, codelists))
    return found


def main_date(record_type: RecordType) -> Target:
    """What ``date:`` reads in ``record_type``."""
    for spec in record_type.fields:
        if spec.kind is Kind.DATE and spec.indexed and not spec.partial and spec.filterable:
            return _field_target(record_type, spec, None, None)
    return _META_BY_NAME["created_at"]


def filter_names(record_type: RecordType, codelists: CodeListRegistry) -> list[str]:
    """Every name a filter may use on ``record_type`` (for suggestions and help)."""
    names = [MAIN_DATE, *_META_BY_NAME]
    for spec in record_type.fields:
        if spec.kind is Kind.GROUP:
            for member in spec.fields:
                own = _own_names(member, codelists)
                names.extend(own + [f"{spec.name}.{n}" for n in own])
        else:
            names.extend(_own_names(spec, codelists))
    return names


def _own_names(spec: FieldSpec, codelists: CodeListRegistry) -> list[str]:
    if spec.kind is Kind.QUANTITY:
        return [f"{spec.name}_{base}" for base in _bases(spec, codelists)]
    return [spec.name]


def _member_targets(record_type: RecordType, group: FieldSpec, name: str,
                    codelists: CodeListRegistry) -> list[Target]:
    for member in group.fields:
        if member.name == name:
            return [_field_target(record_type, member, group, codelists)]
        view = _quantity_view(record_type, member, group, name, codelists)
        if view is not None:
            return [view]
    return []


def _field_target(record_type: RecordType, spec: FieldSpec, group: FieldSpec | None,
                  codelists: CodeListRegistry | None) -> Target:
    full_name = f"{group.name}.{spec.name}" if group else spec.name
    if spec.kind is Kind.GROUP:
        members = ", ".join(f"{spec.name}.{m.name}" for m in spec.fields)
        raise ValueError(f"'{spec.name}' is a group; filter on one of its members: {members}")
    if spec.kind is Kind.QUANTITY:
        views = " or ".join(f"{full_name}_{base}" for base in _bases(spec, codelists))
        raise ValueError(f"'{full_name}' is a quantity; compare its normalised amount with "
                         f"{views}")
    if spec.kind is Kind.PHOTO or not spec.filterable:
        raise ValueError(f"field '{full_name}' cannot be used as a filter")
    if spec.kind is Kind.CODES:
        return Target(full_name, Kind.CODE, "code", child_table_name(record_type, spec),
                      codelist=spec.codelist)
    child = child_table_name(record_type, group) if group else None
    return Target(full_name, spec.kind, spec.name, child, codelist=spec.codelist,
                  partial=spec.partial, searchable=spec.searchable)


def _quantity_view(record_type: RecordType, spec: FieldSpec, group: FieldSpec | None,
                   name: str, codelists: CodeListRegistry) -> Target | None:
    if spec.kind is not Kind.QUANTITY or not spec.filterable:
        return None
    for base in _bases(spec, codelists):
        if name == f"{spec.name}_{base}":
            prefix = f"{group.name}." if group else ""
            child = child_table_name(record_type, group) if group else None
            return Target(f"{prefix}{name}", Kind.DECIMAL, f"{spec.name}_norm", child,
                          base_unit=base)
    return None


def _bases(spec: FieldSpec, codelists: CodeListRegistry) -> list[str]:
    units = codelists.get(spec.codelist or "unit")
    return sorted({str(v.attrs["base"]) for v in units.values.values() if "base" in v.attrs})
