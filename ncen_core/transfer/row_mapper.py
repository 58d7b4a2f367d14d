"""Applying a mapping to one table row: the raw values it gives and the problems it has.

A :class:`RowMapper` is the mapping bound to a file's header: columns are resolved to
positions once, constants and value maps are converted once (a constant or a mapped value
that names no code is a mapping error, before any row is read), and each row is then
mapped with no lookup by name. Values stay raw where :func:`normalise_values` judges
them (numbers, booleans, lengths); codes, countries, units and dates are converted here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ncen_core.codelists import CodeListRegistry
from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.registry import Registry
from ncen_core.transfer.cell_values import (
    UnknownValue,
    code_converter,
    converter_for,
    keeps_text,
    split_values,
)
from ncen_core.transfer.csv_safety import restore
from ncen_core.transfer.errors import MappingError, SourceFileError
from ncen_core.transfer.mapping import FieldSource, GroupSource, ImportMapping, Source
from ncen_core.transfer.report import Problem, UnknownValues
from ncen_core.transfer.source import SourceRow


@dataclass
class GroupRow:
    """One row of a repeating group, the template that made it and its problems."""

    values: dict[str, Any]
    template: int
    problems: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class LinkedPart:
    """A linked record named on a row: which link of the mapping, its key and values."""

    link: int
    line: int
    key: tuple[str, ...]
    values: dict[str, Any]
    problems: list[Problem]


@dataclass
class LinePart:
    """What one table row gives to the record it belongs to."""

    row: SourceRow
    key: tuple[str, ...] | None
    scalars: dict[str, Any]
    groups: dict[str, list[GroupRow]]
    meta: dict[str, str | None]
    links: list[LinkedPart]
    problems: list[Problem]


@dataclass(frozen=True)
class _Context:
    where: str
    index_of: Mapping[str, int]
    missing: frozenset[str]
    codelists: CodeListRegistry
    unknown: UnknownValues


class _CellReader:
    """The stripped text of a source's column(s), or None when missing."""

    def __init__(self, source: FieldSource, ctx: _Context, *, strip: bool = True):
        names = (source.column,) if source.column else source.columns
        self.indexes = tuple(ctx.index_of[name] for name in names)
        self.join = source.join
        self.missing = ctx.missing
        self.strip = strip
        self.index = self.indexes[0]
        if len(self.indexes) == 1:
            self.text = self._one  # the common case, run for every cell of every row

    def text(self, cells: tuple[str, ...]) -> str | None:
        parts = []
        for index in self.indexes:
            raw = restore(cells[index]) if index < len(cells) else ""
            text = raw.strip()
            if text and text not in self.missing:
                parts.append(text if self.strip else raw)
        return self.join.join(parts) if parts else None

    def _one(self, cells: tuple[str, ...]) -> str | None:
        index = self.index
        raw = cells[index] if index < len(cells) else ""
        if not raw:
            return None
        if raw[0] == "'":
            raw = restore(raw)
        text = raw.strip()
        if not text or text in self.missing:
            return None
        return text if self.strip else raw


class _Field:
    """One field (or group member) compiled from its source."""

    def __init__(self, spec: FieldSpec, source: FieldSource, ctx: _Context, path: str,
                 unknown_path: str):
        self.spec = spec
        self.source = source
        self.path = path
        self.unknown_path = unknown_path
        self.ctx = ctx
        self.values = source.values
        self.cell = (None if source.is_constant else
                     _CellReader(source, ctx, strip=spec.kind is not Kind.LONGTEXT))
        self.text = self.cell.text if self.cell is not None else None
        self.reads_columns = self.cell is not None
        #: The one column of the field, read by :meth:`value` itself (most fields).
        self.index = (self.cell.index if self.cell is not None and len(self.cell.indexes) == 1
                      else None)
        self.missing = ctx.missing
        self.strip = spec.kind is not Kind.LONGTEXT
        self.unit_cell = (_CellReader(FieldSource(column=source.unit_column), ctx)
                          if source.unit_column else None)
        self.convert = converter_for(spec, ctx.codelists, source.date_format)
        self.keeps_text = keeps_text(self.convert)
        self.is_codes = spec.kind is Kind.CODES
        self.is_quantity = spec.kind is Kind.QUANTITY
        if spec.kind is Kind.QUANTITY:
            self.convert_unit = code_converter(ctx.codelists.get(spec.codelist or "unit"))
        self._check_value_maps()
        self.constant = self._constant() if source.is_constant else None

    def value(self, cells: tuple[str, ...]) -> Any:
        """The raw value of this field on a row; ValueError (or UnknownValue) if unusable."""
        index = self.index
        if index is not None:  # _CellReader._one inlined: run for every cell of every row
            raw = cells[index] if index < len(cells) else ""
            if not raw:
                return None
            if raw[0] == "'":
                raw = restore(raw)
            text = raw.strip()
            if not text or text in self.missing:
                return None
            if not self.strip:
                text = raw
        elif self.text is None:
            return self.constant
        else:
            text = self.text(cells)
            if text is None:
                return None
        if self.is_codes:
            codes = [self.mapped(part) for part in split_values(text, self.source.separator)]
            return [self.convert(code) for code in codes if code is not None]
        if self.values and text in self.values:
            text = self.values[text]
            if text is None:
                return None
        if self.is_quantity:
            return self._quantity(text, cells)
        return text if self.keeps_text else self.convert(text)

    def from_text(self, text: str | None, cells: tuple[str, ...] = ()) -> Any:
        """The raw value of one (mapped) text."""
        if text is None:
            return None
        if self.is_quantity:
            return self._quantity(text, cells)
        return self.convert(text)

    def mapped(self, text: str) -> str | None:
        """``text`` after the value map."""
        return self.values.get(text, text) if self.values else text

    def _quantity(self, amount: str, cells: tuple[str, ...]) -> Any:
        if self.unit_cell is not None:
            unit = self.unit_cell.text(cells)
        elif self.source.unit is not None:
            unit = self.source.unit
        else:
            parts = amount.split()
            if len(parts) != 2:
                return amount
            amount, unit = parts
        if unit is not None and unit in self.source.units:
            unit = self.source.units[unit]
        return {"amount": amount, "unit": self.convert_unit(unit) if unit else None}

    def _check_value_maps(self) -> None:
        kind = self.spec.kind
        if kind in (Kind.CODE, Kind.CODES, Kind.COUNTRY):
            for key, target in self.values.items():
                if target is not None:
                    self._at_bind(f"values.{key}", self.convert, target)
        if kind is Kind.QUANTITY:
            for key, target in self.source.units.items():
                if target is not None:
                    self._at_bind(f"units.{key}", self.convert_unit, target)

    def _constant(self) -> Any:
        text = self.mapped(self.source.value.strip()) if self.source.value.strip() else None
        if self.spec.kind is Kind.CODES and text is not None:
            return self._at_bind("value", self._codes, text)
        return self._at_bind("value", self.from_text, text)

    def _codes(self, text: str) -> list[str]:
        return [self.convert(part) for part in split_values(text, self.source.separator)]

    def _at_bind(self, key: str, convert: Any, text: Any) -> Any:
        try:
            return convert(text)
        except ValueError as exc:
            raise MappingError(f"{self.ctx.where}: {self.path}.{key}: {exc}") from None


class _Template:
    """One row template of a group."""

    def __init__(self, spec: FieldSpec, row: Mapping[str, FieldSource], ctx: _Context,
                 path: str, unknown_prefix: str):
        members = {member.name: member for member in spec.fields}
        self.fields = [_Field(members[name], source, ctx, f"{path}.{name}",
                              f"{unknown_prefix}{spec.name}.{name}")
                       for name, source in row.items()]
        self.spread = next((f for f in self.fields if f.source.separator), None)
        self.reads_columns = any(f.reads_columns for f in self.fields)
        self.read_indexes = _read_indexes(self.fields)

    def rows(self, cells: tuple[str, ...], template: int, unknown: UnknownValues) -> list[GroupRow]:
        if self.reads_columns and not _any_filled(cells, self.read_indexes):
            return []  # the common case of numbered columns: a row the line does not fill
        if self.spread is None:
            row = self._row(cells, template, None, unknown)
            return [row] if row is not None else []
        whole = self.spread.cell.text(cells) if self.spread.cell else None
        texts = split_values(whole, self.spread.source.separator) if whole else [None]
        rows = (self._row(cells, template, text, unknown) for text in texts)
        return [row for row in rows if row is not None]

    def _row(self, cells: tuple[str, ...], template: int, spread_text: str | None,
             unknown: UnknownValues) -> GroupRow | None:
        """The group row of one table row (and one value of the spread cell), or None when
        every cell it reads is empty."""
        values: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        present = not self.reads_columns
        for member in self.fields:
            try:
                if member is self.spread and spread_text is not None:
                    value = member.from_text(member.mapped(spread_text), cells)
                else:
                    value = member.value(cells)
            except ValueError as exc:
                _count_unknown(exc, member.unknown_path, unknown)
                problems.append((member.spec.name, with_column(str(exc), member.source)))
                value = None
                present = present or member.reads_columns
            values[member.spec.name] = value
            if value is not None and member.reads_columns:
                present = True
        return GroupRow(values, template, problems) if present else None


class _Group:
    def __init__(self, spec: FieldSpec, source: GroupSource, ctx: _Context, path: str,
                 unknown_prefix: str):
        self.name = spec.name
        self.lines = source.lines
        self.templates = [_Template(spec, row, ctx, f"{path}.rows[{index}]", unknown_prefix)
                          for index, row in enumerate(source.rows, start=1)]

    def rows(self, cells: tuple[str, ...], unknown: UnknownValues) -> list[GroupRow]:
        result: list[GroupRow] = []
        for index, template in enumerate(self.templates, start=1):
            result.extend(template.rows(cells, index, unknown))
        return result


class FieldsMapper:
    """The ``fields`` of a mapping for one record type, compiled."""

    def __init__(self, record_type: RecordType, fields: Mapping[str, Source], ctx: _Context,
                 path: str, unknown_prefix: str = ""):
        self.record_type = record_type
        self.unknown = ctx.unknown
        self.unknown_prefix = unknown_prefix
        self.scalars: list[_Field] = []
        self.groups: list[_Group] = []
        for name, source in fields.items():
            spec = record_type.field(name)
            if isinstance(source, GroupSource):
                self.groups.append(_Group(spec, source, ctx, f"{path}.{name}", unknown_prefix))
            else:
                self.scalars.append(_Field(spec, source, ctx, f"{path}.{name}",
                                           f"{unknown_prefix}{name}"))
        self.sources = dict(fields)

    def scalar_values(self, cells: tuple[str, ...], line: int, prefix: str,
                      problems: list[Problem]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for item in self.scalars:
            try:
                values[item.spec.name] = item.value(cells)
            except ValueError as exc:
                _count_unknown(exc, item.unknown_path, self.unknown)
                problems.append(Problem(line, f"{prefix}{item.spec.name}",
                                        with_column(str(exc), item.source)))
                values[item.spec.name] = None
        return values

    def group_rows(self, cells: tuple[str, ...]) -> dict[str, list[GroupRow]]:
        return {group.name: group.rows(cells, self.unknown) for group in self.groups}

    def column_of(self, field_name: str, template: int | None = None,
                  member: str | None = None) -> FieldSource | None:
        """The source of a field or of a group member in a template (for messages)."""
        source = self.sources.get(field_name)
        if isinstance(source, GroupSource):
            if template is None or member is None or template > len(source.rows):
                return None
            return source.rows[template - 1].get(member)
        return source


class RowMapper:
    """A mapping bound to the header of one file."""

    def __init__(self, mapping: ImportMapping, registry: Registry, header: tuple[str, ...],
                 file: Path, unknown: UnknownValues):
        index_of = {name: position for position, name in enumerate(header)}
        for column, used_by in mapping.used_columns().items():
            if column not in index_of:
                raise SourceFileError(
                    f"{file}:1: the column {column!r} that the mapping reads ({used_by}) is "
                    f"not in the file; its columns are: {', '.join(header)}")
        self.mapping = mapping
        self.width = len(header)
        self.ctx = _Context(mapping.source, index_of, frozenset(mapping.missing),
                            registry.codelists, unknown)
        self.filters = [(index_of[column], frozenset(values))
                        for column, values in mapping.where.items()]
        self.key = tuple(index_of[column] for column in mapping.key)
        self.main = FieldsMapper(registry.record_types[mapping.record_type], mapping.fields,
                                 self.ctx, "fields")
        self.meta = {name: _CellReader(source, self.ctx) if not source.is_constant else source.value
                     for name, source in mapping.record.items()}
        self.links = [
            (link, tuple(index_of[c] for c in link.key),
             FieldsMapper(registry.record_types[link.record_type], link.fields, self.ctx,
                          f"links[{index}].fields", f"links[{index}]."))
            for index, link in enumerate(mapping.links, start=1)
        ]
        #: The cells that name each linked record (its key and scalar fields): when all are
        #: empty the row names no such record.
        self.link_cells = [key + _read_indexes(fields.scalars) for _, key, fields in self.links]

    def keep(self, row: SourceRow) -> bool:
        """True unless the mapping's ``where`` filter leaves the row out."""
        return all(index < len(row.cells) and row.cells[index].strip() in values
                   for index, values in self.filters)

    def map(self, row: SourceRow) -> LinePart:
        """The values and problems of one row."""
        cells, line = row.cells, row.line
        problems: list[Problem] = []
        if len(cells) > self.width and any(cell.strip() for cell in cells[self.width:]):
            problems.append(Problem(line, "row", f"has {len(cells)} cells but the header names "
                                                 f"{self.width} columns"))
        key = None
        if self.key:
            key = tuple(cells[i].strip() if i < len(cells) else "" for i in self.key)
            if not all(part and part not in self.ctx.missing for part in key):
                problems.append(Problem(line, "key", "the key column "
                                        f"({', '.join(self.mapping.key)}) is empty"))
                key = None
        meta = {name: (reader.text(cells) if isinstance(reader, _CellReader) else reader)
                for name, reader in self.meta.items()}
        return LinePart(row, key, self.main.scalar_values(cells, line, "", problems),
                        self.main.group_rows(cells), meta, self._links(cells, line), problems)

    def _links(self, cells: tuple[str, ...], line: int) -> list[LinkedPart]:
        parts = []
        for index, (link, key_indexes, fields) in enumerate(self.links, start=1):
            if not _any_filled(cells, self.link_cells[index - 1]):
                continue
            key = tuple(cells[i].strip() if i < len(cells) else "" for i in key_indexes)
            key = tuple("" if part in self.ctx.missing else part for part in key)
            problems: list[Problem] = []
            values = fields.scalar_values(cells, line, f"links[{index}].", problems)
            for name, rows in fields.group_rows(cells).items():
                values[name] = [row.values for row in rows]
                for position, row in enumerate(rows, start=1):
                    problems += [
                        Problem(line, f"links[{index}].{name}[{position}].{member}", message)
                        for member, message in row.problems]
            named = any(key) or any(
                values.get(f.spec.name) is not None for f in fields.scalars if f.reads_columns)
            if not named:
                continue
            if not all(key):
                problems.append(Problem(line, f"links[{index}].key", "the key column "
                                        f"({', '.join(link.key)}) of the linked "
                                        f"{link.record_type} is empty"))
            parts.append(LinkedPart(index, line, key, values, problems))
        return parts


def _read_indexes(fields: list[_Field]) -> tuple[int, ...]:
    """Every cell position the fields read (values and units)."""
    indexes: list[int] = []
    for item in fields:
        for reader in (item.cell, item.unit_cell):
            if reader is not None:
                indexes.extend(reader.indexes)
    return tuple(indexes)


def _any_filled(cells: tuple[str, ...], indexes: tuple[int, ...]) -> bool:
    """False when every cell at ``indexes`` is empty (or beyond the row); a cell of spaces
    counts as filled here and is judged by the full path."""
    width = len(cells)
    for index in indexes:
        if index < width and cells[index]:
            return True
    return False


def _count_unknown(exc: ValueError, path: str, unknown: UnknownValues) -> None:
    if isinstance(exc, UnknownValue):
        unknown.add(path, exc.text)


def with_column(message: str, source: FieldSource | None) -> str:
    """``message`` followed by the column(s) the value came from, for officers' reports."""
    if source is None:
        return message
    if source.is_constant:
        return f"{message} (constant in the mapping)"
    columns = source.read_columns()
    if not columns:
        return message
    return f"{message} (column {', '.join(repr(c) for c in columns)})"
