"""FieldSpec and RecordType: the one source of truth for every field.

From these declarations, and nothing else, ncen derives the database columns, validation,
TUI forms and list columns, CSV mapping, full-text indexing, statistics dimensions and
what may leave the office. A RecordType is a named, ordered list of FieldSpecs; custom
fields of an administration are FieldSpecs appended to an existing RecordType.
"""

from __future__ import annotations

import enum
import keyword
import re
import string
from dataclasses import dataclass, field, replace
from typing import Mapping

from ncen_core.errors import FieldSpecError
from ncen_core.identifiers import ADDRESS_KIND, IDENTIFIER_KINDS

#: Parts of a name for fuzzy name search: family and given names of one row are joined into
#: one full name; a "full" field holds a whole name (an alias, a legal or trading name).
NAME_PARTS = ("family", "given", "full")

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

#: Columns every record table has; field names may not reuse them.
RESERVED_NAMES = frozenset(
    {
        "id", "uuid", "origin", "version", "status", "distribution", "tlp", "legal_basis",
        "unit", "created_at", "created_by", "updated_at", "updated_by", "deleted",
        "record", "record_id", "position", "type",
    }
)


class Kind(enum.StrEnum):
    """What a field holds; each kind knows its columns, validation and widget."""

    TEXT = "text"
    LONGTEXT = "longtext"
    INT = "int"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"
    CODE = "code"
    CODES = "codes"
    COUNTRY = "country"
    QUANTITY = "quantity"
    GROUP = "group"
    PHOTO = "photo"


#: Kinds allowed inside a repeating group (one row of a child table each).
GROUP_MEMBER_KINDS = frozenset(Kind) - {Kind.GROUP, Kind.CODES}


class Classification(enum.StrEnum):
    """Data-protection class of a field: decides what may ever leave the office.

    N (personal) identifies a person; S (sensitive) is operational or commercially
    sensitive; X (exportable) is non-nominal and may go to regional or global databases.
    """

    PERSONAL = "N"
    SENSITIVE = "S"
    EXPORTABLE = "X"


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record type.

    ``classification`` is mandatory: a field whose data-protection class nobody decided
    must not exist. ``partial`` lets a date hold ``YYYY`` or ``YYYY-MM`` (birth dates).
    ``codelist`` names the code list of a code/codes field, or the unit list of a quantity.
    ``fields`` are the members of a repeating group. ``identifier`` names the kind of
    identifier a text field holds (see :data:`ncen_core.identifiers.IDENTIFIER_KINDS`): it is
    normalised on save and found exactly however it is typed; ``address`` may also mark a
    group with a ``street`` member, keyed on its whole row. ``name_part`` marks the text
    fields that fuzzy name search reads (see :data:`NAME_PARTS`).
    """

    name: str
    label: str
    kind: Kind
    classification: Classification
    required: bool = False
    codelist: str | None = None
    max_length: int | None = None
    pattern: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    decimal_places: int = 3
    partial: bool = False
    fields: tuple[FieldSpec, ...] = ()
    help: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)
    searchable: bool = False
    filterable: bool = True
    indexed: bool = False
    identifier: str | None = None
    name_part: str | None = None
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "classification", Classification(self.classification))
        object.__setattr__(self, "fields", tuple(self.fields))
        check_field_spec(self)

    def label_for(self, language: str) -> str:
        """The label in ``language``, falling back to the default label."""
        return self.labels.get(language, self.label)

    def member(self, name: str) -> FieldSpec:
        """A sub-field of this group by name."""
        for sub in self.fields:
            if sub.name == name:
                return sub
        raise KeyError(name)

    @property
    def is_child_table(self) -> bool:
        """Stored in a child table (repeating group, or several codes), not a column."""
        return self.kind in (Kind.GROUP, Kind.CODES)


def check_field_spec(spec: FieldSpec, *, in_group: bool = False) -> None:
    """Refuse a declaration that could not be stored or validated, naming the field."""
    where = f"field {spec.name!r}"
    if not NAME_PATTERN.match(spec.name) or keyword.iskeyword(spec.name):
        raise FieldSpecError(
            f"{where}: a field name is lowercase letters, digits and '_' "
            "(starting with a letter, at most 40 characters)"
        )
    if spec.name in RESERVED_NAMES:
        raise FieldSpecError(f"{where}: the name is reserved for record metadata")
    if not spec.label.strip():
        raise FieldSpecError(f"{where}: a label is required")
    if spec.kind in (Kind.CODE, Kind.CODES) and not spec.codelist:
        raise FieldSpecError(f"{where}: a {spec.kind} field needs a codelist")
    if spec.partial and spec.kind is not Kind.DATE:
        raise FieldSpecError(f"{where}: only a date can be partial")
    if spec.identifier is not None and spec.identifier not in IDENTIFIER_KINDS:
        raise FieldSpecError(f"{where}: unknown identifier kind {spec.identifier!r} (expected one "
                             f"of: {', '.join(sorted(IDENTIFIER_KINDS))})")
    if spec.name_part is not None and spec.name_part not in NAME_PARTS:
        raise FieldSpecError(f"{where}: name_part must be one of {', '.join(NAME_PARTS)}")
    if spec.identifier == ADDRESS_KIND and spec.kind is Kind.GROUP:
        if "street" not in {sub.name for sub in spec.fields}:
            raise FieldSpecError(f"{where}: an address group needs a 'street' member")
    elif (spec.identifier or spec.name_part) and spec.kind is not Kind.TEXT:
        raise FieldSpecError(f"{where}: only a text field (or an address group) can be an "
                             "identifier, and only a text field a name part")
    if spec.pattern is not None:
        try:
            re.compile(spec.pattern)
        except re.error as exc:
            raise FieldSpecError(f"{where}: pattern is not a valid regular expression: {exc}")
    if spec.kind is Kind.GROUP:
        if in_group:
            raise FieldSpecError(f"{where}: groups cannot be nested")
        if not spec.fields:
            raise FieldSpecError(f"{where}: a group needs at least one member field")
        names = [sub.name for sub in spec.fields]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise FieldSpecError(f"{where}: duplicate member fields {', '.join(duplicates)}")
        for sub in spec.fields:
            if sub.kind not in GROUP_MEMBER_KINDS:
                raise FieldSpecError(
                    f"{where}: member {sub.name!r} cannot be of kind {sub.kind} inside a group"
                )
    elif spec.fields:
        raise FieldSpecError(f"{where}: only a group has member fields")


@dataclass(frozen=True)
class RecordType:
    """A kind of record (seizure, suspect, company, ...): fields plus how to show it.

    ``title_template`` is a ``str.format`` template over field names used wherever a
    record is named in one line; ``list_columns`` are the fields of list screens.
    """

    name: str
    label: str
    fields: tuple[FieldSpec, ...]
    title_template: str = ""
    list_columns: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", tuple(self.fields))
        object.__setattr__(self, "list_columns", tuple(self.list_columns))
        if not NAME_PATTERN.match(self.name):
            raise FieldSpecError(
                f"record type {self.name!r}: a name is lowercase letters, digits and '_'"
            )
        names = [spec.name for spec in self.fields]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise FieldSpecError(
                f"record type {self.name!r}: duplicate fields {', '.join(duplicates)}"
            )
        unknown = [c for c in self.list_columns if c not in names]
        if unknown:
            raise FieldSpecError(
                f"record type {self.name!r}: list columns name unknown fields {', '.join(unknown)}"
            )

    def field(self, name: str) -> FieldSpec:
        """A field by name; KeyError when the type has no such field."""
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def has_field(self, name: str) -> bool:
        """True when the type declares ``name``."""
        return any(spec.name == name for spec in self.fields)

    def with_fields(self, extra: tuple[FieldSpec, ...] | list[FieldSpec]) -> RecordType:
        """A copy with custom fields appended (duplicates are refused by __post_init__)."""
        return replace(self, fields=self.fields + tuple(extra))

    @property
    def title_fields(self) -> tuple[str, ...]:
        """The fields the title template names: all a title needs to be read."""
        return tuple(re.split(r"[.\[]", name)[0]
                     for _, name, _, _ in string.Formatter().parse(self.title_template) if name)

    def title(self, values: Mapping[str, object]) -> str:
        """The one-line name of a record with ``values``; missing fields show as empty."""
        if not self.title_template:
            return ""
        return self.title_template.format_map(_BlankMissing(values)).strip()


class _BlankMissing(dict):
    def __init__(self, values: Mapping[str, object]):
        super().__init__({k: ("" if v is None else v) for k, v in values.items()})

    def __missing__(self, key: str) -> str:
        return ""
