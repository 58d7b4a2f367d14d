"""Mapping canonical record values to rows of the generated tables and back.

No policy lives here (roles, versions, audit): that is the record service's job. Reading
a page loads each child table once for all rows of the page, never once per record.
"""

from __future__ import annotations

import functools
import operator
from decimal import Decimal
from typing import Any, Iterable, Iterator, Mapping

import peewee as pw

from ncen_core.fields import FieldSpec, Kind
from ncen_core.record_models import RecordModels
from ncen_core.records import Record
from ncen_core.validation import Quantity

META_COLUMNS = (
    "uuid", "origin", "version", "status", "distribution", "tlp", "legal_basis", "unit",
    "created_at", "created_by", "updated_at", "updated_by", "deleted",
)


def columns_of(spec: FieldSpec, value: Any) -> dict[str, Any]:
    """Column values of one scalar field (a quantity spreads over four columns)."""
    if spec.kind is Kind.QUANTITY:
        return dict(zip(quantity_columns(spec.name), quantity_values(value)))
    return {spec.name: value}


def quantity_columns(name: str) -> tuple[str, str, str, str]:
    """The four columns of the quantity field ``name``, in :func:`quantity_values` order."""
    return name, f"{name}_unit", f"{name}_norm", f"{name}_norm_unit"


def quantity_values(quantity: Quantity | None) -> tuple[Any, Any, Any, Any]:
    """The values of the four :func:`quantity_columns` of a quantity (or of none)."""
    if quantity is None:
        return None, None, None, None
    return quantity.amount, quantity.unit, quantity.normalised, quantity.base_unit


def value_of(spec: FieldSpec, row: Mapping[str, Any]) -> Any:
    """The canonical value of one scalar field read from a row (dict of columns)."""
    if spec.kind is Kind.QUANTITY:
        amount = row.get(spec.name)
        if amount is None:
            return None
        normalised = row.get(f"{spec.name}_norm")
        return Quantity(
            amount=_decimal(amount, spec.decimal_places),
            unit=row.get(f"{spec.name}_unit") or "",
            normalised=_decimal(normalised, 6) if normalised is not None else None,
            base_unit=row.get(f"{spec.name}_norm_unit"),
        )
    value = row.get(spec.name)
    if spec.kind is Kind.DECIMAL and value is not None:
        return _decimal(value, spec.decimal_places)
    if spec.kind is Kind.BOOL and value is not None:
        return bool(value)
    return value


def _decimal(value: Any, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))


def scalar_columns(models: RecordModels, values: Mapping[str, Any]) -> dict[str, Any]:
    """Columns of the main table for the scalar fields present in ``values``."""
    columns: dict[str, Any] = {}
    for spec in models.record_type.fields:
        if spec.name in values and not spec.is_child_table:
            columns.update(columns_of(spec, values[spec.name]))
    return columns


def write_children(models: RecordModels, record_id: int, values: Mapping[str, Any]) -> None:
    """Replace the child rows of every group/codes field present in ``values``."""
    for spec in models.record_type.fields:
        if not spec.is_child_table or spec.name not in values:
            continue
        child = models.children[spec.name]
        child.delete().where(child.record == record_id).execute()
        rows = [
            _child_row(spec, record_id, position, item)
            for position, item in enumerate(values[spec.name] or [], start=1)
        ]
        if rows:
            child.insert_many(rows).execute()


def _child_row(spec: FieldSpec, record_id: int, position: int, item: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"record": record_id, "position": position}
    if spec.kind is Kind.CODES:
        row["code"] = item
        return row
    for sub in spec.fields:
        row.update(columns_of(sub, item.get(sub.name)))
    return row


def load_records(models: RecordModels, rows: Iterable[Mapping[str, Any]],
                 fields: Iterable[str] | None = None) -> list[Record]:
    """Records for main-table rows (dicts), children loaded in one query per child table.

    ``fields`` names the fields the caller will read (a list's columns, a title): child
    tables outside it are not queried and their fields are absent from the values (scalar
    fields are always there), so a page of a list costs one query, not one per child table.
    """
    rows = list(rows)
    ids = [row["id"] for row in rows]
    wanted = models.children if fields is None else set(fields) & set(models.children)
    children = {name: _load_children(models, name, ids) for name in wanted}
    return [_record(models, row, children) for row in rows]


def _load_children(models: RecordModels, name: str, ids: list[int]) -> dict[int, list[Any]]:
    by_record: dict[int, list[Any]] = {record_id: [] for record_id in ids}
    if not ids:
        return by_record
    spec = models.record_type.field(name)
    child = models.children[name]
    query = (
        child.select()
        .where(child.record.in_(ids))
        .order_by(child.record, child.position)
        .dicts()
    )
    for row in query:
        if spec.kind is Kind.CODES:
            item: Any = row["code"]
        else:
            item = {sub.name: value_of(sub, row) for sub in spec.fields}
        by_record[row["record"]].append(item)
    return by_record


def _record(
    models: RecordModels, row: Mapping[str, Any], children: dict[str, dict[int, list[Any]]]
) -> Record:
    values: dict[str, Any] = {}
    for spec in models.record_type.fields:
        if not spec.is_child_table:
            values[spec.name] = value_of(spec, row)
        elif spec.name in children:
            values[spec.name] = children[spec.name][row["id"]]
    meta = {name: row[name] for name in META_COLUMNS}
    meta["deleted"] = bool(meta["deleted"])
    return Record(record_type=models.record_type.name, id=row["id"], values=values, **meta)


def held_identities(main: type[pw.Model], identities: Iterable[tuple[str, str]]) -> pw.Expression:
    """A condition on ``main`` matching the records with these (origin, uuid) identities (at
    least one), grouped by origin: the (origin, uuid) index answers it, where a test of the
    UUIDs alone reads the whole table."""
    by_origin: dict[str, set[str]] = {}
    for origin, uuid in identities:
        by_origin.setdefault(origin, set()).add(uuid)
    return functools.reduce(operator.or_, [(main.origin == origin) & main.uuid.in_(sorted(uuids))
                                           for origin, uuids in sorted(by_origin.items())])


def select_rows(models: RecordModels) -> pw.ModelSelect:
    """A select of the main table returning dicts, for :func:`load_records`."""
    return models.main.select().dicts()


def live_records(models: RecordModels, batch_size: int = 5_000) -> Iterator[Record]:
    """Every live record of a type, streamed by id in batches (index rebuilds)."""
    main = models.main
    last_id = 0
    while True:
        rows = list(select_rows(models)
                    .where((main.id > last_id) & (main.deleted == False))  # noqa: E712
                    .order_by(main.id).limit(batch_size))
        if not rows:
            return
        yield from load_records(models, rows)
        last_id = rows[-1]["id"]
