"""Suggesting a mapping from a file's header and first rows, for the user to confirm.

A column matches a field when its name equals the field's name or one of its labels (in
any language), ignoring case, accents and punctuation: ``Date of seizure``, ``date de la
saisie`` and ``seizure_date`` all name the seizure date. A field of the record is
preferred to a member of a group with the same name (``unlocode`` of the seizure, not of a
route leg). Columns of an ncen export
(``items.2.quantity``, ``items.2.quantity.unit``, the metadata columns) are read back as
:mod:`ncen_core.transfer.flatten` wrote them. A ``unit`` column next to a single quantity
gives its unit.

Dates are detected on the first rows: when several formats fit every value (03/04/2021),
the suggestion keeps them all, separated by ``|``, and cannot be used until the user keeps
one in the saved mapping. Nothing is guessed silently: a column that matches no field, or
several, leaves the suggestion incomplete, and an incomplete suggestion is never imported
without the user's review.

The suggested key is ``origin`` and ``uuid`` for an ncen export, else a field named
``reference`` when the record type has one, else none (a row is then identified by its
content).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.registry import Registry
from ncen_core.transfer.dates import AMBIGUOUS_SEPARATOR, detect_formats
from ncen_core.transfer.flatten import META_COLUMNS, UNIT_SUFFIX
from ncen_core.transfer.mapping import META_FIELDS, FieldSource, GroupSource, ImportMapping
from ncen_core.transfer.readers import open_source
from ncen_core.transfer.source import SourceRow

SAMPLE_ROWS = 1000
KEY_FIELD = "reference"
EXPORT_KEY = ("origin", "uuid")
EXPORT_IGNORED = frozenset(META_COLUMNS) - set(META_FIELDS) - set(EXPORT_KEY) | {"type", "deleted"}
UNIT_COLUMN = "unit"
_PARTIAL = re.compile(r"^\d{4}(-\d{2})?$")


@dataclass
class Suggestion:
    """A suggested mapping, what each column was matched to, and what needs review."""

    mapping: ImportMapping
    matches: list[tuple[str, str]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    missing_required: list[FieldSpec] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ambiguous: bool = False

    @property
    def complete(self) -> bool:
        """True when the suggestion may be used without the user's review."""
        return not (self.unmatched or self.missing_required or self.ambiguous)


def suggest_for_file(registry: Registry, path: Path, record_type: str) -> Suggestion:
    """Read the header and first rows of ``path`` and suggest a mapping for them."""
    source = open_source(path)
    try:
        samples = list(itertools.islice(source.rows(), SAMPLE_ROWS))
    finally:
        source.close()
    mapping_name = re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-.")[:64] or "import"
    suggestion = suggest_mapping(registry.record_type(record_type), source.header, samples,
                                 name=mapping_name, encoding=getattr(source, "encoding", "auto"),
                                 delimiter=getattr(source, "delimiter", None))
    suggestion.mapping = replace(suggestion.mapping, source=f"the mapping suggested for {path}")
    return suggestion


def suggest_mapping(record_type: RecordType, header: tuple[str, ...], samples: list[SourceRow],
                    *, name: str, encoding: str = "auto",
                    delimiter: str | None = None) -> Suggestion:
    """The mapping suggested for ``header``; ``samples`` serve date detection."""
    builder = _Builder(record_type, header)
    for column in header:
        builder.place(column)
    builder.unit_column()
    fields = builder.fields()
    suggestion = Suggestion(
        ImportMapping(record_type=record_type.name, name=name, fields=fields, encoding=encoding,
                      delimiter=delimiter, key=builder.key(), record=builder.record,
                      ignore=tuple(builder.ignored + builder.unmatched)),
        matches=builder.matches, unmatched=builder.unmatched, notes=builder.notes,
        missing_required=[spec for spec in record_type.fields
                          if spec.required and spec.name not in fields])
    _detect_dates(suggestion, record_type, header, samples)
    for spec in suggestion.missing_required:
        suggestion.notes.append(f"no column for the required field {spec.name} ({spec.label})")
    suggestion.notes += [f"column {column!r} matches no field; map it or leave it ignored"
                         for column in builder.unmatched]
    return suggestion


def normalised(text: str) -> str:
    """``text`` without case, accents or punctuation, for matching names and labels."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


class _Builder:
    """Places each column of a header, then builds the mapping's parts."""

    def __init__(self, record_type: RecordType, header: tuple[str, ...]):
        self.record_type = record_type
        self.is_export = set(EXPORT_KEY) <= set(header)
        self.scalars: dict[str, FieldSource] = {}
        self.templates: dict[str, dict[int, dict[str, FieldSource]]] = {}
        self.record: dict[str, FieldSource] = {}
        self.ignored: list[str] = []
        self.unmatched: list[str] = []
        self.matches: list[tuple[str, str]] = []
        self.notes: list[str] = []
        self._unit_candidate: str | None = None
        self.targets: dict[str, list[tuple[str, str | None]]] = {}
        self.groups = {spec.name: spec for spec in record_type.fields if spec.kind is Kind.GROUP}
        for spec in record_type.fields:
            if spec.kind is Kind.GROUP:
                for member in spec.fields:
                    self._target(member, (spec.name, member.name))
            elif spec.kind is not Kind.PHOTO:
                self._target(spec, (spec.name, None))

    def _target(self, spec: FieldSpec, target: tuple[str, str | None]) -> None:
        if spec.kind is Kind.PHOTO:
            return
        for text in {spec.name, spec.label, *spec.labels.values()}:
            entries = self.targets.setdefault(normalised(text), [])
            if target not in entries:
                entries.append(target)

    def place(self, column: str) -> None:
        key = normalised(column)
        if self.is_export and column in EXPORT_KEY:
            self.matches.append((column, "the key of the record (ncen export)"))
        elif self.is_export and column in EXPORT_IGNORED:
            self.ignored.append(column)
        elif key in {normalised(name) for name in META_FIELDS}:
            name = next(n for n in META_FIELDS if normalised(n) == key)
            self.record[name] = FieldSource(column=column)
            self.matches.append((column, f"record {name}"))
        elif self._numbered(column) or self._unit_of(column) or self._plain(column, key):
            return
        elif key == UNIT_COLUMN:
            self._unit_candidate = column
        else:
            self.unmatched.append(column)

    def _numbered(self, column: str) -> bool:
        parts = column.split(".")
        if len(parts) not in (3, 4) or not parts[1].isdigit():
            return False
        group = self._group_named(parts[0])
        if group is None:
            return False
        member = next((m for m in group.fields if normalised(m.name) == normalised(parts[2])
                       or normalised(m.label) == normalised(parts[2])), None)
        if member is None:
            return False
        template = self.templates.setdefault(group.name, {}).setdefault(int(parts[1]), {})
        if len(parts) == 4:
            if parts[3] != UNIT_SUFFIX[1:] or member.kind is not Kind.QUANTITY:
                return False
            current = template.get(member.name, FieldSource())
            template[member.name] = FieldSource(column=current.column, unit_column=column)
        else:
            current = template.get(member.name, FieldSource())
            template[member.name] = FieldSource(column=column, unit_column=current.unit_column,
                                                separator=current.separator)
        self.matches.append((column, f"{group.name} row {parts[1]}: {member.name}"))
        return True

    def _unit_of(self, column: str) -> bool:
        if not column.endswith(UNIT_SUFFIX):
            return False
        name = column[:-len(UNIT_SUFFIX)]
        has = self.record_type.has_field(name)
        if not has or self.record_type.field(name).kind is not Kind.QUANTITY:
            return False
        current = self.scalars.get(name, FieldSource())
        self.scalars[name] = FieldSource(column=current.column, unit_column=column)
        self.matches.append((column, f"{name} (unit)"))
        return True

    def _plain(self, column: str, key: str) -> bool:
        targets = self.targets.get(key, [])
        fields = [target for target in targets if target[1] is None]
        if len(fields) == 1:
            targets = fields
        if len(targets) > 1:
            self.notes.append(f"column {column!r} could be any of "
                              f"{', '.join(_describe(t) for t in targets)}; map it yourself")
            return False
        if not targets:
            return False
        name, member = targets[0]
        if member is None:
            spec = self.record_type.field(name)
            current = self.scalars.get(name, FieldSource())
            self.scalars[name] = FieldSource(
                column=column, unit_column=current.unit_column,
                separator=";" if spec.kind is Kind.CODES else None)
        else:
            first_row = self.templates.setdefault(name, {}).setdefault(1, {})
            first_row[member] = FieldSource(column=column)
        self.matches.append((column, _describe(targets[0])))
        return True

    def _group_named(self, text: str) -> FieldSpec | None:
        wanted = normalised(text)
        return next((g for g in self.groups.values() if wanted in
                     {normalised(g.name), normalised(g.label),
                      *(normalised(v) for v in g.labels.values())}), None)

    def unit_column(self) -> None:
        """Give a lone ``unit`` column to the one quantity that has no unit column."""
        if self._unit_candidate is None:
            return
        quantities = [(name, None) for name, s in self.scalars.items()
                      if self.record_type.field(name).kind is Kind.QUANTITY and not s.unit_column]
        quantities += [(group, (number, member)) for group, rows in self.templates.items()
                       for number, row in rows.items() for member, s in row.items()
                       if self.groups[group].member(member).kind is Kind.QUANTITY
                       and not s.unit_column]
        if len(quantities) != 1:
            self.unmatched.append(self._unit_candidate)
            return
        name, where = quantities[0]
        if where is None:
            self.scalars[name] = FieldSource(column=self.scalars[name].column,
                                             unit_column=self._unit_candidate)
        else:
            number, member = where
            row = self.templates[name][number]
            row[member] = FieldSource(column=row[member].column, unit_column=self._unit_candidate)
        self.matches.append((self._unit_candidate, f"{name} (unit)"))

    def fields(self) -> dict[str, FieldSource | GroupSource]:
        result: dict[str, FieldSource | GroupSource] = {}
        for spec in self.record_type.fields:
            if spec.name in self.scalars and self.scalars[spec.name].column:
                result[spec.name] = self.scalars[spec.name]
            elif spec.name in self.templates:
                rows = self.templates[spec.name]
                result[spec.name] = GroupSource(rows=tuple(rows[n] for n in sorted(rows)))
        return result

    def key(self) -> tuple[str, ...]:
        if self.is_export:
            return EXPORT_KEY
        source = self.scalars.get(KEY_FIELD)
        return (source.column,) if source is not None and source.column else ()


def _describe(target: tuple[str, str | None]) -> str:
    name, member = target
    return name if member is None else f"{name}: {member}"


def _detect_dates(suggestion: Suggestion, record_type: RecordType, header: tuple[str, ...],
                  samples: list[SourceRow]) -> None:
    """Set the date format of every date column, or say why it could not be set."""
    index_of = {name: position for position, name in enumerate(header)}
    fields = dict(suggestion.mapping.fields)
    for name, source in list(fields.items()):
        spec = record_type.field(name)
        if isinstance(source, GroupSource):
            rows = []
            for row in source.rows:
                rows.append({member: _dated(suggestion, spec.member(member), s, index_of, samples)
                             for member, s in row.items()})
            fields[name] = GroupSource(rows=tuple(rows), lines=source.lines)
        else:
            fields[name] = _dated(suggestion, spec, source, index_of, samples)
    suggestion.mapping = replace(suggestion.mapping, fields=fields)


def _dated(suggestion: Suggestion, spec: FieldSpec, source: FieldSource,
           index_of: dict[str, int], samples: list[SourceRow]) -> FieldSource:
    if spec.kind not in (Kind.DATE, Kind.DATETIME) or not source.column:
        return source
    position = index_of[source.column]
    values = [row.cells[position].strip() for row in samples
              if position < len(row.cells) and row.cells[position].strip()]
    if spec.partial:
        values = [value for value in values if not _PARTIAL.match(value)]
    if not values:
        return source
    formats = detect_formats(values)
    if len(formats) == 1:
        suggestion.notes.append(f"column {source.column!r}: dates read as {formats[0]}")
    elif formats:
        suggestion.ambiguous = True
        suggestion.notes.append(f"column {source.column!r}: dates such as {values[0]!r} fit "
                                f"{' and '.join(formats)}; keep the right one in the mapping")
    elif _all_iso(values):
        return source
    else:
        suggestion.ambiguous = True
        suggestion.notes.append(f"column {source.column!r}: no known date format fits values "
                                f"such as {values[0]!r}; give its date_format in the mapping")
        return source
    return replace(source, date_format=AMBIGUOUS_SEPARATOR.join(formats))


def _all_iso(values: list[str]) -> bool:
    try:
        for value in values:
            dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True

