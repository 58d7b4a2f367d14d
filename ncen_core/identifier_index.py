"""The identifier index: every identifier of every record, in canonical form, for exact search.

Fields marked with an ``identifier`` kind (passport numbers, phones, plates, containers,
VAT numbers, postal addresses ...) are normalised by :mod:`ncen_core.identifiers` and
written to ``ncen_identifier (kind, value, record_type, record_id)`` in the record's own write
transaction, so ``MSCU 123456-6`` typed today finds ``mscu1234566`` saved last year. The
primary key starts with (kind, value), the lookup path; a second index on the record serves
updates. Lookups never read the records themselves. Core
migration 3 creates it (:mod:`ncen_core.core_plugin`); migration 6 re-indexes every record
for the address keys that link analysis follows.

A national phone number is read in the country of the office that recorded it: the office
code's ISO 3166 prefix (``FR-CDG`` -> FR), when it is a real country.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import peewee as pw

from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.identifiers import ADDRESS_KIND, address_keys, identifier_forms
from ncen_core.record_models import RecordModels
from ncen_core.record_type_cache import per_record_type
from ncen_core.record_store import live_records

TABLE = "ncen_identifier"
BATCH_SIZE = 5_000
#: Rows returned by one lookup at most: an identifier shared by more records than this is
#: not what an officer is looking for (a placeholder number typed everywhere).
DEFAULT_LIMIT = 1_000


def office_region(office_code: str) -> str | None:
    """The country of an office code such as ``FR-CDG``, or None when it names none."""
    import pycountry  # only when a record is indexed: start-up stays without it

    prefix = office_code[:2].upper()
    if len(office_code) > 2 and office_code[2] not in "-_":
        return None
    return prefix if pycountry.countries.get(alpha_2=prefix) else None


def identifiers_of(record_type: RecordType, values: Mapping[str, Any], *,
                   region: str | None = None) -> list[tuple[str, str]]:
    """The distinct (kind, canonical value) pairs held by a record with ``values``."""
    pairs: dict[tuple[str, str], None] = {}
    for spec, members, address in _identifier_fields(record_type):
        if members is None:
            _collect(spec, values.get(spec.name), region, pairs)
            continue
        for row in values.get(spec.name) or ():
            if address:
                _collect_address(row, pairs)
            for member in members:
                _collect(member, row.get(member.name), region, pairs)
    return list(pairs)


@per_record_type
def _identifier_fields(record_type: RecordType
                       ) -> list[tuple[FieldSpec, list[FieldSpec] | None, bool]]:
    """The fields that hold identifiers, in order: (field, its identifier members for a
    group else None, whether the group is an address)."""
    fields: list[tuple[FieldSpec, list[FieldSpec] | None, bool]] = []
    for spec in record_type.fields:
        if spec.kind is Kind.GROUP:
            members = [member for member in spec.fields if member.identifier]
            address = spec.identifier == ADDRESS_KIND
            if members or address:
                fields.append((spec, members, address))
        elif spec.identifier:
            fields.append((spec, None, False))
    return fields


def _collect(spec: FieldSpec, value: Any, region: str | None,
             pairs: dict[tuple[str, str], None]) -> None:
    if spec.identifier and isinstance(value, str) and value.strip():
        for pair in identifier_forms(spec.identifier, value, region=region):
            pairs[pair] = None


def _collect_address(row: Mapping[str, Any], pairs: dict[tuple[str, str], None]) -> None:
    for key in address_keys(row.get("street"), row.get("postcode"), row.get("city"),
                            row.get("country")):
        pairs[(ADDRESS_KIND, key)] = None


def index_identifiers(database: pw.Database, record_type: RecordType, record_id: int,
                      values: Mapping[str, Any], *, region: str | None = None) -> None:
    """Replace the identifiers of one record (inside the caller's write transaction)."""
    remove_identifiers(database, record_type.name, record_id)
    index_identifiers_many(database, record_type, [(record_id, values)], region=region)


def index_identifiers_many(database: pw.Database, record_type: RecordType,
                           entries: Iterable[tuple[int, Mapping[str, Any]]], *,
                           region: str | None = None) -> int:
    """Add the identifiers of records not yet indexed, in batches (imports, rebuilds).

    ``entries`` are (record id, canonical values); ``region`` is the country of the office
    the records come from. Returns how many rows were written.
    """
    rows = ((record_type.name, record_id, kind, value)
            for record_id, values in entries
            for kind, value in identifiers_of(record_type, values, region=region))
    return _insert(database, rows)


def remove_identifiers(database: pw.Database, record_type: str, record_id: int) -> None:
    """Drop the identifiers of one record (a tombstone has nothing left to find)."""
    p = database.param
    database.execute_sql(f"DELETE FROM {TABLE} WHERE record_type = {p} AND record_id = {p}",
                         (record_type, record_id))


def rebuild_identifiers(database: pw.Database, models: RecordModels) -> int:
    """Re-index every live record of a type, each read in its origin office's country."""
    record_type = models.record_type
    database.execute_sql(f"DELETE FROM {TABLE} WHERE record_type = {database.param}",
                         (record_type.name,))
    rows = ((record_type.name, record.id, kind, value)
            for record in live_records(models)
            for kind, value in identifiers_of(record_type, record.values,
                                              region=office_region(record.origin)))
    return _insert(database, rows)


def find_by_identifier(ncen, kind_value_pairs: Iterable[tuple[str, str]], *,
                       record_types: Sequence[str] | None = None,
                       limit: int = DEFAULT_LIMIT) -> list[tuple[str, int]]:
    """(record type, record id) of the records holding any of the canonical identifiers.

    Pairs come from :func:`ncen_core.identifiers.identifier_candidates`; ``record_types``
    restricts the answer (all types when None). Newest records first, at most ``limit`` rows
    read (sorted here, so no index is walked for its order). Reading rights are
    the caller's business: this answers which records match, not who may see them. The type
    test is repeated in each alternative so that every one is a lookup of the primary key
    (kind, value, record_type), never a walk of the per-record index.
    """
    pairs = sorted(set(kind_value_pairs))
    if not pairs or (record_types is not None and not record_types):
        return []
    database, p = ncen.database, ncen.database.param
    condition = f"kind = {p} AND value = {p}"
    extra: list[Any] = []
    if record_types is not None:
        condition += f" AND record_type IN ({', '.join(p for _ in record_types)})"
        extra = list(record_types)
    where = " OR ".join(f"({condition})" for _ in pairs)
    params: list[Any] = [item for kind, value in pairs for item in (kind, value, *extra)]
    sql = f"SELECT record_type, record_id FROM {TABLE} WHERE {where} LIMIT {int(limit)}"
    found = {(row[0], row[1]) for row in database.execute_sql(sql, params)}
    return sorted(found, key=lambda ref: (-ref[1], ref[0]))


def _insert(database: pw.Database, rows: Iterable[tuple[str, int, str, str]]) -> int:
    p = database.param
    sql = (f"INSERT INTO {TABLE} (record_type, record_id, kind, value) "
           f"VALUES ({p}, {p}, {p}, {p})")
    cursor = database.cursor()
    count = 0
    batch: list[tuple[str, int, str, str]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            cursor.executemany(sql, batch)
            count += len(batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)
        count += len(batch)
    return count

