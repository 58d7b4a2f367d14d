"""The SQL of data quality: one grouped query per record type and measure.

Column and table names come from FieldSpecs (quoted); values are parameters.
"""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import Decimal
from typing import Any

from ncen_core.app import Ncen
from ncen_core.errors import NcenError
from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.record_models import child_table_name, table_name
from ncen_core.search.sql import quoted
from ncen_core.storage import is_sqlite

LEDGER_TABLE = "comms_holding"
HELD = "held"
SHARED_DISTRIBUTIONS = ("group", "all")
_TEXT_KINDS = (Kind.TEXT, Kind.LONGTEXT, Kind.CODE, Kind.COUNTRY)


class QualityConfigError(NcenError):
    """The quality settings name a field that the record type does not have."""


def filled_counts(ncen: Ncen, record_type: RecordType,
                  paths: tuple[str, ...]) -> dict[str, tuple[int, dict[str, int]]]:
    """Per office: (live records, {field path: records filling it in})."""
    conditions = [_filled(record_type, path) for path in paths]
    sums = "".join(f", SUM(CASE WHEN {c} THEN 1 ELSE 0 END)" for c in conditions)
    sql = (f"SELECT m.origin, COUNT(*){sums} FROM {quoted(table_name(record_type))} m "
           f"WHERE m.deleted = {ncen.database.param} GROUP BY m.origin")
    found = {}
    for origin, count, *filled in ncen.database.execute_sql(sql, (False,)):
        found[origin] = (count, {path: int(n or 0) for path, n in zip(paths, filled)})
    return found


def delay_histograms(ncen: Ncen, record_type: RecordType,
                     date_field: str) -> dict[str, dict[int, int]]:
    """Per office, how many records were entered N days after their event date."""
    spec = _field(record_type, date_field, "quality.event_dates")
    if spec.kind is not Kind.DATE or spec.partial:
        raise QualityConfigError(f"quality.event_dates.{record_type.name}: {date_field!r} is not "
                                 "a full date field")
    column = f"m.{quoted(date_field)}"
    if is_sqlite(ncen.database):
        days = f"CAST(julianday(date(m.created_at)) - julianday({column}) AS INTEGER)"
    else:
        days = f"(CAST(m.created_at AS DATE) - {column})"
    sql = (f"SELECT m.origin, {days} AS delay, COUNT(*) FROM {quoted(table_name(record_type))} m "
           f"WHERE m.deleted = {ncen.database.param} AND {column} IS NOT NULL "
           "GROUP BY m.origin, delay")
    histograms: dict[str, dict[int, int]] = defaultdict(dict)
    for origin, delay, count in ncen.database.execute_sql(sql, (False,)):
        histograms[origin][int(delay)] = count
    return dict(histograms)


def percentile(histogram: dict[int, int], fraction: float) -> int | None:
    """Nearest-rank percentile of a histogram {value: count} (None when it is empty)."""
    total = sum(histogram.values())
    if total == 0:
        return None
    rank = max(1, math.ceil(Decimal(str(fraction)) * total))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return max(histogram)


def ledger_present(ncen: Ncen) -> bool:
    """True when the exchange's sent ledger exists in this database."""
    if is_sqlite(ncen.database):
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?"
        return ncen.database.execute_sql(sql, (LEDGER_TABLE,)).fetchone() is not None
    return ncen.database.execute_sql("SELECT to_regclass(%s)", (LEDGER_TABLE,)).fetchone()[0] \
        is not None


def not_shared(ncen: Ncen, record_type: RecordType) -> int:
    """This office's live, shareable records that no office holds in their current version."""
    p = ncen.database.param
    sql = (f"SELECT COUNT(*) FROM {quoted(table_name(record_type))} m WHERE m.deleted = {p} "
           f"AND m.origin = {p} AND m.distribution IN ({p}, {p}) AND NOT EXISTS (SELECT 1 FROM "
           f"{LEDGER_TABLE} h WHERE h.record_type = {p} AND h.record_uuid = m.uuid "
           f"AND h.state = {p} AND h.version >= m.version)")
    params: list[Any] = [False, ncen.office_code, *SHARED_DISTRIBUTIONS, record_type.name, HELD]
    return ncen.database.execute_sql(sql, params).fetchone()[0]


def changed_since(ncen: Ncen, record_type: RecordType, since: Any) -> dict[str, int]:
    """Per office, live records created or changed after ``since`` (all when None)."""
    p = ncen.database.param
    sql = f"SELECT m.origin, COUNT(*) FROM {quoted(table_name(record_type))} m WHERE m.deleted = {p}"
    params: list[Any] = [False]
    if since is not None:
        sql += f" AND m.updated_at > {p}"
        params.append(since)
    return dict(ncen.database.execute_sql(sql + " GROUP BY m.origin", params).fetchall())


def check_paths(record_type: RecordType, paths: tuple[str, ...]) -> None:
    """Raise QualityConfigError for a path that names no field of ``record_type``."""
    for path in paths:
        _filled(record_type, path)


def _filled(record_type: RecordType, path: str) -> str:
    """SQL condition: the record (``m``) fills in the field ``path``."""
    name, _dot, member_name = path.partition(".")
    spec = _field(record_type, name, "quality.fields")
    if not spec.is_child_table:
        if member_name:
            raise QualityConfigError(f"quality.fields.{record_type.name}: {name!r} is not a group")
        return _present(f"m.{quoted(name)}", spec)
    child = quoted(child_table_name(record_type, spec))
    condition = ""
    if member_name:
        member = next((sub for sub in spec.fields if sub.name == member_name), None)
        if member is None:
            raise QualityConfigError(f"quality.fields.{record_type.name}: group {name!r} has no "
                                     f"member {member_name!r}")
        condition = " AND " + _present(f"c.{quoted(member_name)}", member)
    return f"EXISTS (SELECT 1 FROM {child} c WHERE c.record_id = m.id{condition})"


def _present(column: str, spec: FieldSpec) -> str:
    if spec.kind in _TEXT_KINDS:
        return f"({column} IS NOT NULL AND {column} <> '')"
    return f"{column} IS NOT NULL"


def _field(record_type: RecordType, name: str, setting: str) -> FieldSpec:
    if not record_type.has_field(name):
        raise QualityConfigError(f"{setting}.{record_type.name}: no field {name!r} in "
                                 f"{record_type.name}")
    return record_type.field(name)
