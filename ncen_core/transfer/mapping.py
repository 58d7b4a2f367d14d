"""An import mapping: which cells of a table row make which fields of a record.

A mapping is data (saved as YAML by :mod:`ncen_core.transfer.mapping_file`). It names the
record type and an identity namespace (``name``), how to read the file (encoding,
delimiter, sheet, the cell texts that mean "no value"), which rows to keep (``where``),
the columns whose values identify a record (``key``), and a source for each field:

- a column, several columns joined, or a constant (the same value on every row);
- ``values``: a map applied to the cell text first (a value mapped to nothing means "not
  set"), so an administration's own codes become ncen's codes;
- ``separator``: a cell holding several values, for multi-code fields and group rows;
- ``date_format`` for date columns; ``unit_column``/``unit``/``units`` for quantities.

A group (seized items, route legs) has a list of row templates: each template makes one
group row per table row (or one per value of its ``separator`` column) unless all its
cells are empty. Consecutive table rows with the same key are the lines of one record:
its scalar fields come from its first line, groups marked ``lines: first`` from its first
line too (a shipment's route), other groups collect a row from every line (its items).
``links`` create or find linked records (suspects, companies) and link them with a role.

An example (``config/mappings/lemis-amphibians.yaml`` is a complete, commented one)::

    ncen_mapping: 1                        # version of this format
    record_type: seizure
    name: customs-register                 # identity namespace: keep it for re-imports
    encoding: auto                         # auto, utf-8, utf-8-sig or cp1252
    missing: ["", "NA"]                    # cell texts that mean "no value"
    where: {state: [closed]}               # keep only these rows
    key: [case_no]                         # the columns that identify a record
    record: {status: {value: submitted}}   # status, distribution, tlp, legal_basis
    fields:
      reference: case_no                   # a column
      seizure_date: {column: date, date_format: DD/MM/YYYY}
      place_country: {value: FR}           # a constant
      detection_methods: {column: how, separator: ";", values: {X-RAY: NII}}
      items:
        rows:
          - {commodity: goods, quantity: {column: qty, unit_column: unit}}
    links:
      - {role: SEIZ_SUSP_COURIER, record_type: suspect, key: [passport],
         fields: {family_name: courier}}
    ignore: [remarks]                      # columns knowingly left out

:func:`check_mapping` checks a mapping against the record types; values of constants and
value maps are checked against code lists when the mapping is bound to a file's header.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from ncen_core.fields import Kind, RecordType
from ncen_core.registry import Registry
from ncen_core.transfer.dates import date_format
from ncen_core.transfer.errors import MappingError

META_FIELDS = ("status", "distribution", "tlp", "legal_basis")
LINES_CHOICES = ("each", "first")
LINK_ROLE_CODELIST = "link_role"


@dataclass(frozen=True)
class FieldSource:
    """Where one field's value comes from, and how its text is turned into a value."""

    column: str | None = None
    columns: tuple[str, ...] = ()
    join: str = " "
    value: str | None = None
    values: Mapping[str, str | None] = field(default_factory=dict)
    separator: str | None = None
    date_format: str | None = None
    unit_column: str | None = None
    unit: str | None = None
    units: Mapping[str, str | None] = field(default_factory=dict)

    def read_columns(self) -> tuple[str, ...]:
        """Every column this source reads."""
        names = ((self.column,) if self.column else ()) + self.columns
        return names + ((self.unit_column,) if self.unit_column else ())

    @property
    def is_constant(self) -> bool:
        """True for a value that is the same on every row."""
        return self.value is not None


@dataclass(frozen=True)
class GroupSource:
    """Row templates of a repeating group; ``lines`` says which lines of a record give rows."""

    rows: tuple[Mapping[str, FieldSource], ...]
    lines: str = "each"


Source = FieldSource | GroupSource


@dataclass(frozen=True)
class LinkSource:
    """A record of ``record_type`` made from the same row and linked with ``role``."""

    role: str
    record_type: str
    key: tuple[str, ...]
    fields: Mapping[str, Source]


@dataclass(frozen=True)
class ImportMapping:
    """Everything needed to turn the rows of one kind of file into records.

    ``source`` names the mapping in messages (its file); it is not part of the YAML.
    """

    record_type: str
    name: str
    fields: Mapping[str, Source]
    encoding: str = "auto"
    delimiter: str | None = None
    sheet: str | None = None
    missing: tuple[str, ...] = ("",)
    where: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    key: tuple[str, ...] = ()
    record: Mapping[str, FieldSource] = field(default_factory=dict)
    links: tuple[LinkSource, ...] = ()
    ignore: tuple[str, ...] = ()
    source: str = "the mapping"

    def used_columns(self) -> dict[str, str]:
        """Each column the mapping reads, with the first mapping key that reads it."""
        used: dict[str, str] = {}
        for name in self.where:
            used.setdefault(name, f"where.{name}")
        for name in self.key:
            used.setdefault(name, "key")
        for name, source in self.record.items():
            for column in source.read_columns():
                used.setdefault(column, f"record.{name}")
        _fields_columns(self.fields, "fields", used)
        for index, link in enumerate(self.links, start=1):
            for name in link.key:
                used.setdefault(name, f"links[{index}].key")
            _fields_columns(link.fields, f"links[{index}].fields", used)
        return used


def _fields_columns(fields: Mapping[str, Source], where: str, used: dict[str, str]) -> None:
    for name, source in fields.items():
        if isinstance(source, GroupSource):
            for index, row in enumerate(source.rows, start=1):
                for member, member_source in row.items():
                    for column in member_source.read_columns():
                        used.setdefault(column, f"{where}.{name}.rows[{index}].{member}")
        else:
            for column in source.read_columns():
                used.setdefault(column, f"{where}.{name}")


def check_mapping(mapping: ImportMapping, registry: Registry) -> None:
    """Refuse a mapping that does not fit its record types, naming its source and key."""
    where = mapping.source
    problems: list[str] = []
    record_type = _record_type(registry, mapping.record_type, "record_type", problems)
    if record_type is not None:
        _check_fields(record_type, mapping.fields, "fields", problems)
    for name, source in mapping.record.items():
        if name not in META_FIELDS:
            problems.append(f"record.{name}: not a record setting (use {', '.join(META_FIELDS)})")
        elif source.separator or source.date_format or source.unit_column or source.units:
            problems.append(f"record.{name}: only column, columns, value and values apply")
    for index, link in enumerate(mapping.links, start=1):
        _check_link(registry, mapping.record_type, link, f"links[{index}]", problems)
    if problems:
        raise MappingError(f"{where}: " + "; ".join(problems))


def _record_type(registry: Registry, name: str, where: str,
                 problems: list[str]) -> RecordType | None:
    if name not in registry.record_types:
        known = ", ".join(sorted(registry.record_types))
        problems.append(f"{where}: unknown record type {name!r} (known: {known})")
        return None
    return registry.record_types[name]


def _check_fields(record_type: RecordType, fields: Mapping[str, Source], where: str,
                  problems: list[str]) -> None:
    for name, source in fields.items():
        path = f"{where}.{name}"
        if not record_type.has_field(name):
            problems.append(f"{path}: {record_type.name} has no field {name!r}")
            continue
        spec = record_type.field(name)
        if spec.kind is Kind.GROUP:
            if not isinstance(source, GroupSource):
                problems.append(f"{path}: {name} is a repeating group; give it 'rows'")
                continue
            _check_group(spec, source, path, problems)
        elif isinstance(source, GroupSource):
            problems.append(f"{path}: {name} is not a repeating group")
        else:
            _check_source(spec, source, path, problems, in_group=False)
    for spec in record_type.fields:
        if spec.required and spec.name not in fields:
            problems.append(f"{where}: the required field {spec.name} ({spec.label}) is not mapped")


def _check_group(spec, source: GroupSource, path: str, problems: list[str]) -> None:
    if source.lines not in LINES_CHOICES:
        problems.append(f"{path}.lines: must be each or first")
    members = {member.name: member for member in spec.fields}
    for index, row in enumerate(source.rows, start=1):
        row_path = f"{path}.rows[{index}]"
        for name, member_source in row.items():
            if name not in members:
                problems.append(f"{row_path}.{name}: {spec.name} has no member {name!r}")
                continue
            _check_source(members[name], member_source, f"{row_path}.{name}", problems,
                          in_group=True)
        missing = [m.name for m in spec.fields if m.required and m.name not in row]
        if missing:
            problems.append(f"{row_path}: the required {', '.join(missing)} is not mapped")
        spread = [name for name, s in row.items() if s.separator]
        if len(spread) > 1:
            problems.append(f"{row_path}: only one member may have a separator "
                            f"({', '.join(spread)})")


def _check_source(spec, source: FieldSource, path: str, problems: list[str], *,
                  in_group: bool) -> None:
    kind = spec.kind
    if kind is Kind.PHOTO:
        problems.append(f"{path}: photos cannot be imported from a table")
    if source.date_format is not None:
        if kind not in (Kind.DATE, Kind.DATETIME):
            problems.append(f"{path}.date_format: {spec.name} is not a date")
        else:
            try:
                date_format(source.date_format)
            except ValueError as exc:
                problems.append(f"{path}.date_format: {exc}")
    if source.separator is not None and kind is not Kind.CODES and not in_group:
        problems.append(f"{path}.separator: only a multi-code field or a group member holds "
                        "several values")
    if (source.unit_column or source.unit or source.units) and kind is not Kind.QUANTITY:
        problems.append(f"{path}: unit_column, unit and units apply to quantities only")
    if source.unit_column and source.unit:
        problems.append(f"{path}: give unit_column or unit, not both")


def _check_link(registry: Registry, main_type: str, link: LinkSource, where: str,
                problems: list[str]) -> None:
    linked_type = _record_type(registry, link.record_type, f"{where}.record_type", problems)
    if not link.key:
        problems.append(f"{where}.key: name the columns that identify the linked record")
    codelists = registry.codelists
    roles = codelists.get(LINK_ROLE_CODELIST) if LINK_ROLE_CODELIST in codelists else None
    role = roles.get(link.role) if roles is not None else None
    ends = {role.attrs["from"], role.attrs.get("to")} if role and "from" in role.attrs else None
    if roles is not None and role is None:
        problems.append(f"{where}.role: unknown link role {link.role!r}")
    elif ends is not None and ends != {main_type, link.record_type}:
        problems.append(f"{where}.role: {link.role} links {role.attrs['from']} and "
                        f"{role.attrs.get('to')}, not {main_type} and {link.record_type}")
    if linked_type is not None:
        _check_fields(linked_type, link.fields, f"{where}.fields", problems)
