"""peewee models generated from RecordTypes: one table per type, one child table per
repeating group and per multi-code field.

Table ``rec_<type>`` holds the metadata every record has plus one typed column per scalar
field (a quantity takes four: amount, unit, normalised amount, base unit). Child tables
``rec_<type>__<field>`` hold one row per group row or code, with the parent's id and the
row's position. Every field column is nullable in the database: "required" is a rule of
validation, and columns added later for custom fields must accept existing rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.timeutil import utcnow

TABLE_PREFIX = "rec_"

STATUSES = ("draft", "submitted", "validated", "closed")
DISTRIBUTIONS = ("local", "group", "all")
TLP_LEVELS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")

QUANTITY_SUFFIXES = ("", "_unit", "_norm", "_norm_unit")


@dataclass(frozen=True)
class RecordModels:
    """The main model of one record type and the child model of each group/codes field."""

    record_type: RecordType
    main: type[pw.Model]
    children: dict[str, type[pw.Model]]

    def all(self) -> list[type[pw.Model]]:
        """Main model first, so child tables can reference it."""
        return [self.main, *self.children.values()]


def table_name(record_type: RecordType) -> str:
    """Name of the main table of ``record_type``."""
    return f"{TABLE_PREFIX}{record_type.name}"


def child_table_name(record_type: RecordType, spec: FieldSpec) -> str:
    """Name of the child table of a group or codes field."""
    return f"{TABLE_PREFIX}{record_type.name}__{spec.name}"


def field_columns(spec: FieldSpec) -> dict[str, pw.Field]:
    """The peewee columns of one scalar field (several for a quantity)."""
    if spec.kind is Kind.QUANTITY:
        return {
            spec.name: pw.DecimalField(max_digits=20, decimal_places=spec.decimal_places, null=True),
            f"{spec.name}_unit": pw.CharField(max_length=16, null=True),
            f"{spec.name}_norm": pw.DecimalField(max_digits=24, decimal_places=6, null=True),
            f"{spec.name}_norm_unit": pw.CharField(max_length=4, null=True),
        }
    column = _scalar_column(spec)
    return {spec.name: column}


def _scalar_column(spec: FieldSpec) -> pw.Field:
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.LONGTEXT):
        return pw.TextField(null=True, index=spec.indexed)
    if kind is Kind.INT:
        return pw.BigIntegerField(null=True, index=spec.indexed)
    if kind is Kind.DECIMAL:
        return pw.DecimalField(max_digits=20, decimal_places=spec.decimal_places, null=True,
                               index=spec.indexed)
    if kind is Kind.DATE:
        if spec.partial:
            return pw.CharField(max_length=10, null=True, index=spec.indexed)
        return pw.DateField(null=True, index=spec.indexed)
    if kind is Kind.DATETIME:
        return pw.DateTimeField(null=True, index=spec.indexed)
    if kind is Kind.BOOL:
        return pw.BooleanField(null=True, index=spec.indexed)
    if kind is Kind.CODE:
        return pw.CharField(max_length=64, null=True, index=spec.indexed)
    if kind is Kind.COUNTRY:
        return pw.CharField(max_length=2, null=True, index=spec.indexed)
    if kind is Kind.PHOTO:
        return pw.CharField(max_length=64, null=True)
    raise ValueError(f"field {spec.name!r}: kind {kind} has no single column")


def build_record_models(record_type: RecordType, proxy: pw.DatabaseProxy) -> RecordModels:
    """Generate the models of ``record_type`` bound to ``proxy``."""
    attrs: dict[str, object] = {
        "uuid": pw.CharField(max_length=36),
        "origin": pw.CharField(max_length=32),
        "version": pw.IntegerField(default=1),
        "status": pw.CharField(max_length=16, default="draft"),
        "distribution": pw.CharField(max_length=8, default="local"),
        "tlp": pw.CharField(max_length=16, default="AMBER"),
        "legal_basis": pw.TextField(default=""),
        "unit": pw.CharField(max_length=64, default=""),
        "created_at": pw.DateTimeField(default=utcnow),
        "created_by": pw.CharField(max_length=64, default=""),
        "updated_at": pw.DateTimeField(default=utcnow),
        "updated_by": pw.CharField(max_length=64, default=""),
        "deleted": pw.BooleanField(default=False),
    }
    for spec in record_type.fields:
        if not spec.is_child_table:
            attrs.update(field_columns(spec))
    attrs["Meta"] = type(
        "Meta",
        (),
        {
            "database": proxy,
            "table_name": table_name(record_type),
            "indexes": (
                (("origin", "uuid"), True),
                (("updated_at", "id"), False),
                (("created_at", "id"), False),
            ),
        },
    )
    main = type(_class_name(record_type.name), (pw.Model,), attrs)
    children = {
        spec.name: _build_child(record_type, spec, main, proxy)
        for spec in record_type.fields
        if spec.is_child_table
    }
    return RecordModels(record_type=record_type, main=main, children=children)


def _build_child(
    record_type: RecordType, spec: FieldSpec, main: type[pw.Model], proxy: pw.DatabaseProxy
) -> type[pw.Model]:
    attrs: dict[str, object] = {
        "record": pw.ForeignKeyField(main, column_name="record_id", on_delete="CASCADE"),
        "position": pw.IntegerField(),
    }
    if spec.kind is Kind.CODES:
        attrs["code"] = pw.CharField(max_length=64, index=True)
    else:
        for sub in spec.fields:
            attrs.update(field_columns(sub))
    attrs["Meta"] = type(
        "Meta",
        (),
        {
            "database": proxy,
            "table_name": child_table_name(record_type, spec),
            "indexes": ((("record", "position"), True),),
        },
    )
    return type(_class_name(f"{record_type.name}__{spec.name}"), (pw.Model,), attrs)


def _class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_") if part) or "Record"
