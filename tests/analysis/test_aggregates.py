"""Maintained aggregates stay equal to a fresh GROUP BY, and to plain Python over the records,
after creates, edits, deletions and bulk imports mixed together; an upgrade fills them for
a database that had records before they existed (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

import pytest
from analysis_support import all_records, month, seizure, seizures
from ncen_testing import USER_PASSWORD, make_config, open_initialised

from ncen_core.analysis import aggregates
from ncen_core.received_records import ReceivedRecords, ReceivedVersion
from ncen_core.record_service import RecordService
from ncen_core.records import RecordRef
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow
from ncen_core.transfer.bulk_writer import BulkWriter, NewRecord
from ncen_core.transfer.record_checks import validated
from ncen_core.users import add_user


@pytest.fixture
def ncen(db_url, tmp_path):
    installation = open_initialised(make_config(db_url, tmp_path, with_databases=True))
    yield installation
    installation.close()


@pytest.fixture
def officer(ncen):
    return RecordService(ncen, add_user(ncen.system, "olga", USER_PASSWORD, "officer", unit="A"))


def kept(ncen):
    """The maintained rows that hold records: key -> counts."""
    rows = ncen.database.execute_sql(
        f"SELECT month, origin, category, {', '.join(aggregates.COUNTS)} FROM {aggregates.TABLE} "
        "WHERE record_type = 'seizure' AND records > 0").fetchall()
    return {tuple(row[:3]): tuple(int(v) for v in row[3:]) for row in rows}


def fresh(ncen):
    """The same rows computed now by a GROUP BY over the records."""
    record_type = ncen.registry.record_type("seizure")
    found = aggregates.layout(record_type, ncen.registry.codelists)
    rows = {}
    for category in ("COALESCE(i.commodity, '')", f"'{aggregates.ALL}'"):
        sql, params = aggregates.fresh_sql(ncen.database, record_type, found, category)
        rows.update({tuple(row[1:4]): tuple(int(v) for v in row[4:])
                     for row in ncen.database.execute_sql(sql, params)})
    return rows


def in_python(records):
    """The same rows computed in plain Python from the records read back."""
    table = defaultdict(lambda: [0] * 6)
    for record in records:
        items = record.values["items"] or []
        categories = {item["commodity"] for item in items} or {""}
        for category in [*categories, aggregates.ALL]:
            entry = table[(month(record.values["seizure_date"]), record.origin, category)]
            entry[0] += 1
            for item in items:
                if category not in (aggregates.ALL, item["commodity"]):
                    continue
                entry[1] += 1
                quantity = item["quantity"]
                base = 2 + ("kg", "l", "u").index(quantity.base_unit)
                entry[base] += int(quantity.normalised * 1_000_000)
                entry[5] += int((item["estimated_value"] or Decimal(0)) * 100)
    return {key: tuple(value) for key, value in table.items()}


def bulk_import(ncen, officer, values_list):
    record_type = ncen.registry.record_type("seizure")
    writer = BulkWriter(ncen, "seizure", username="olga", unit="A", now=utcnow())
    with write_transaction(ncen.database):
        writer.write([NewRecord(f"00000000-0000-4000-8000-{n:012d}",
                                validated(ncen, record_type, values, "officer"),
                                {"status": "draft"}) for n, values in enumerate(values_list)])


def test_mixed_writes_keep_the_aggregates_equal_to_a_fresh_group_by(ncen, officer):
    rng = random.Random(3)
    made = [officer.create("seizure", values) for values in seizures(30, seed=5)]
    bulk_import(ncen, officer, seizures(20, seed=6))
    for record in rng.sample(made, 10):
        changed = seizure(rng, 900 + record.id)
        officer.update(record.ref, {"items": changed["items"],
                                    "seizure_date": changed["seizure_date"]},
                       expected_version=record.version)
    edited = officer.get(made[0].ref)
    officer.update(made[0].ref, {"place_name": "Renamed quay"}, expected_version=edited.version)
    for record in rng.sample(made[1:], 6):
        officer.tombstone(record.ref, expected_version=officer.get(record.ref).version)
    assert kept(ncen) == fresh(ncen) == in_python(all_records(officer))


def test_an_edit_that_moves_a_seizure_to_another_month_moves_its_numbers(ncen, officer):
    values = seizures(1, seed=9)[0] | {"seizure_date": dt.date(2025, 1, 31)}
    record = officer.create("seizure", values)
    officer.update(record.ref, {"seizure_date": dt.date(2025, 2, 1)}, expected_version=1)
    months = {key[0] for key in kept(ncen)}
    assert months == {"2025-02"}
    officer.tombstone(record.ref, expected_version=2)
    assert kept(ncen) == {}


def test_upgrade_fills_the_aggregates_of_records_made_before_them(ncen, officer):
    for values in seizures(15, seed=7):
        officer.create("seizure", values)
    before = kept(ncen)
    with write_transaction(ncen.database):
        ncen.database.execute_sql(f"DROP TABLE {aggregates.TABLE}")
        ncen.system.SchemaMigration.delete().where(
            ncen.system.SchemaMigration.plugin == aggregates.PLUGIN).execute()
    plan = ncen.upgrade()
    assert [m.key for m in plan.migrations] == [(aggregates.PLUGIN, 1)]
    assert plan.reindex == []
    assert kept(ncen) == before == fresh(ncen)


def test_records_received_from_another_office_are_counted_and_replaced(ncen, officer):
    received = ReceivedRecords(ncen, "exchange")
    now = utcnow()

    def version(uuid, number):
        return ReceivedVersion(RecordRef("seizure", "XB-OTHER", uuid), number, "submitted",
                               "all", "GREEN", "", now, now)

    uuids = [f"10000000-0000-4000-8000-{n:012d}" for n in range(6)]
    with write_transaction(ncen.database):
        for uuid, values in zip(uuids, seizures(6, seed=11)):
            received.store(version(uuid, 1), received.clean_values("seizure", values)[0],
                           package_id="p1")
    newer = seizures(2, seed=12)
    with write_transaction(ncen.database):
        for uuid, values in zip(uuids[:2], newer):
            received.store(version(uuid, 2), received.clean_values("seizure", values)[0],
                           package_id="p2")
        received.purge(RecordRef("seizure", "XB-OTHER", uuids[5]), 2, package_id="p2",
                       action="receive-tombstone")
    officer.create("seizure", seizures(1, seed=13)[0])
    origins = {key[1] for key in kept(ncen)}
    assert origins == {"XB-OTHER", ncen.office_code}
    assert kept(ncen) == fresh(ncen) == in_python(all_records(officer))
