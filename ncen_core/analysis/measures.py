"""What statistics count and sum for a record type, derived from its FieldSpecs.

Every table counts **records** (distinct records: a seizure with three items of cocaine counts
once under cocaine). A record type whose repeating group holds a quantity (the seized items
of a seizure) also gets, from that "measure group":

- ``items``: the number of group rows (items), so several items of one commodity in one
  seizure are visible as such;
- ``quantity_kg``, ``quantity_l``, ``quantity_u``: sums of the normalised amounts, one per
  base unit of the unit code list (an amount counts only under its own base);
- one sum per decimal member (``estimated_value``), as recorded: currencies are not
  converted (group by ``items.currency`` to separate them).

Grouping by a member of the measure group (``items.commodity``) counts, under each value,
the records holding at least one such row and sums only those rows, so the quantities of all
commodities add up to the total while the record counts may not (a seizure of cocaine and
cigarettes counts under both).
"""

from __future__ import annotations

from dataclasses import dataclass

from ncen_core.codelists import CodeListRegistry
from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.record_models import child_table_name

RECORDS = "records"


@dataclass(frozen=True)
class MeasureGroup:
    """The repeating group whose rows are counted and summed (``items`` of a seizure)."""

    field: str
    table: str
    category: str | None
    quantity: str
    bases: tuple[str, ...]
    values: tuple[str, ...]

    @property
    def count_name(self) -> str:
        """Name of the row count (``items``)."""
        return self.field

    def measure_names(self) -> tuple[str, ...]:
        """The sums, in the order tables show them."""
        return (*(f"{self.quantity}_{base}" for base in self.bases), *self.values)


def measure_group(record_type: RecordType,
                  codelists: CodeListRegistry | None) -> MeasureGroup | None:
    """The first group of ``record_type`` that holds a quantity, or None. Without code lists
    (schema upgrades have none) the bases are those of the shipped unit list."""
    for spec in record_type.fields:
        if spec.kind is not Kind.GROUP:
            continue
        quantity = next((m for m in spec.fields if m.kind is Kind.QUANTITY), None)
        if quantity is None:
            continue
        category = next((m.name for m in spec.fields if m.kind is Kind.CODE), None)
        values = tuple(m.name for m in spec.fields if m.kind is Kind.DECIMAL)
        return MeasureGroup(spec.name, child_table_name(record_type, spec), category,
                            quantity.name, _bases(quantity, codelists), values)
    return None


def measure_names(group: MeasureGroup | None) -> tuple[str, ...]:
    """Every measure of a table: the record count first."""
    if group is None:
        return (RECORDS,)
    return (RECORDS, group.count_name, *group.measure_names())


SHIPPED_BASES = ("kg", "l", "u")


def _bases(spec: FieldSpec, codelists: CodeListRegistry | None) -> tuple[str, ...]:
    if codelists is None:
        return SHIPPED_BASES
    units = codelists.get(spec.codelist or "unit")
    bases = {str(v.attrs["base"]) for v in units.values.values() if "base" in v.attrs}
    order = SHIPPED_BASES
    return tuple(sorted(bases, key=lambda base: (order.index(base) if base in order else 9, base)))
