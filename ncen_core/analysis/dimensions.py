"""What statistics group by: a field, a group member, a period, or a member of some rows only.

A dimension is named the way the query language names filters (:mod:`ncen_core.search.targets`):
``transport_mode``, ``items.commodity``, ``route.country``, ``detection_methods``, ``origin``,
``unit``, custom fields too. Quantities are measures, not dimensions, and long free text is
refused as a dimension only by being pointless, not by rule. A member of a repeating group
may be restricted to some rows (``route.country`` of the ``ORIGIN`` legs only): that is how
the seizure plugin builds origin, destination and transit countries.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ncen_core.analysis.periods import check_period
from ncen_core.codelists import CodeListRegistry
from ncen_core.errors import NcenError
from ncen_core.fields import Kind, RecordType
from ncen_core.search.targets import MAIN_DATE, Target, filter_names, main_date, resolve


class DimensionError(NcenError):
    """A ``--by`` name that statistics cannot group by, with the reason."""


@dataclass(frozen=True)
class Dimension:
    """One grouping column of a statistics table.

    ``column`` is read in the main table or in ``child_table``; ``only`` keeps the child rows
    whose column holds one of the values (``(("leg_type", ("ORIGIN",)),)``); ``period``
    turns a date column into day/week/month/quarter/year labels.
    """

    name: str
    label: str
    kind: Kind
    column: str
    child_table: str | None = None
    codelist: str | None = None
    only: tuple[tuple[str, tuple[str, ...]], ...] = ()
    period: str | None = None
    filter_name: str | None = None


def field_dimension(record_type: RecordType, name: str, codelists: CodeListRegistry, *,
                    label: str | None = None, rename: str | None = None,
                    only: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Dimension:
    """The dimension of the filterable field ``name`` of ``record_type``.

    DimensionError (with close names suggested) for a name the type does not have, a
    quantity, or a bare member name found in several groups.
    """
    try:
        targets = resolve(record_type, name, codelists)
    except ValueError as exc:
        raise DimensionError(str(exc)) from None
    if not targets:
        known = filter_names(record_type, codelists)
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.75)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise DimensionError(f"no field '{name}' in {record_type.name} to group by{hint}")
    if len(targets) > 1:
        names = " or ".join(target.name for target in targets)
        raise DimensionError(f"'{name}' is in several groups; name one: {names}")
    target = targets[0]
    if target.base_unit is not None:
        raise DimensionError(f"'{name}' is a quantity: it is summed as a measure, "
                             "not grouped by")
    return _from_target(target, rename or target.name, label or _label(record_type, target),
                        only)


def period_dimension(record_type: RecordType, kind: str) -> Dimension:
    """The record's main date (``date:`` of the query language) by ``kind`` of period."""
    target = main_date(record_type)
    return Dimension(kind, kind.capitalize(), target.kind, target.column, target.child_table,
                     period=check_period(kind), filter_name=MAIN_DATE)


def _from_target(target: Target, name: str, label: str,
                 only: tuple[tuple[str, tuple[str, ...]], ...]) -> Dimension:
    return Dimension(name, label, target.kind, target.column, target.child_table,
                     codelist=target.codelist, only=only, filter_name=target.name)


def _label(record_type: RecordType, target: Target) -> str:
    path = target.name.split(".")
    if not record_type.has_field(path[0]):
        return target.name.replace("_", " ").capitalize()
    spec = record_type.field(path[0])
    if len(path) == 2 and spec.kind is Kind.GROUP:
        member = next(m for m in spec.fields if m.name == path[1])
        return f"{spec.label}: {member.label}"
    return spec.label
