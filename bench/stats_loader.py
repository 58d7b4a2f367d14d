"""A statistics-only copy of the national data set, loaded in minutes instead of hours.

``bench/national.py`` builds its database through ncen's importer: validation, full-text,
identifier and name indexes, suspects, companies and links -- hours at scale 1 on a shared
two-core machine. Statistics read none of that: only the seizure table, its items and route
legs. This loader reads the same ``seizures.csv`` (the same 1,000,000 seizures, values and
distribution) and writes exactly those tables with ``executemany`` in batches: the main row
with the CSV's scalar columns, one item row per item (quantity normalised with the unit code
list, as validation does), one leg row per route leg, the detection methods; then fills the
maintained aggregates from the records (:func:`ncen_core.analysis.aggregates.rebuild`), as
``ncen db upgrade`` does. Search, names and links are left empty, so the copy is only for
``bench_stats.py``. Cached like the national databases: ``stats.db`` beside the CSV files,
or the PostgreSQL schema ``stats_<scale>_<seed>`` of the benchmark database, each marked
complete when done.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
from decimal import Decimal
from typing import Any

import national

from ncen_core.analysis.aggregates import rebuild
from ncen_core.codelists import unit_conversion
from ncen_core.storage import is_sqlite, write_transaction
from ncen_core.transfer.bulk_writer import TableWriter

BATCH = 20_000
SCALARS = ("reference", "reporting_office", "seizure_time", "place_name", "place_country",
           "unlocode", "location_type", "procedure", "concealment_category",
           "concealment_method", "transport_mode", "conveyance_type", "flight_number",
           "voyage_number", "vessel_name", "vessel_imo", "vehicle_plate", "vehicle_country",
           "transport_document", "narrative")


def stats_database(data: national.Dataset, backend: str) -> str:
    """The URL of the statistics-only copy of ``data`` on ``backend``, loaded once."""
    if backend == "sqlite":
        path, marker = data.folder / "stats.db", data.folder / "stats.db.complete"
        if path.exists() and marker.exists():
            return f"sqlite:///{path}"
        marker.unlink(missing_ok=True)
        url = national.empty_database(data, backend, name="stats")
    else:
        schema = f"stats_{data.key}".replace(".", "_").replace("-", "_")
        url = national.pg_url(national.default_pg_url(), schema)
        if national._pg_complete(url):
            return url
        url = national.empty_database(data, backend, name="stats")
    national.initialise(url, data.folder)
    started = time.perf_counter()
    count = load(url, data)
    print(f"loaded {count} seizures in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    if backend == "sqlite":
        marker.write_text(str(count))
    else:
        national._pg_mark_complete(url)
    return url


def load(url: str, data: national.Dataset) -> int:
    """Write every seizure of the data set's file; returns how many."""
    ncen = national.open_bench(url, data.folder)
    try:
        models = ncen.models_for("seizure")
        units = ncen.registry.codelists.get("unit")
        writers = {"main": TableWriter(ncen.database, models.main, with_id=True),
                   **{name: TableWriter(ncen.database, model, with_id=False)
                      for name, model in models.children.items()}}
        stamp = {"origin": ncen.office_code, "version": 1, "unit": "HQ", "deleted": False,
                 "created_by": national.USER, "updated_by": national.USER,
                 "created_at": dt.datetime(2026, 1, 1), "updated_at": dt.datetime(2026, 1, 1),
                 "distribution": "local", "tlp": "GREEN", "legal_basis": ""}
        count = 0
        with open(data.csv_files()["seizure"], encoding="utf-8", newline="") as stream:
            batch: list[dict[str, str]] = []
            for row in csv.DictReader(stream):
                batch.append(row)
                if len(batch) == BATCH:
                    count = _write(ncen, writers, units, stamp, batch, count)
                    batch = []
            count = _write(ncen, writers, units, stamp, batch, count)
        with write_transaction(ncen.database):
            if not is_sqlite(ncen.database):
                ncen.database.execute_sql(
                    "SELECT setval(pg_get_serial_sequence('rec_seizure', 'id'), %s)", (count,))
            rebuild(ncen.database, ncen.registry.record_type("seizure"), ncen.registry.codelists)
        if not is_sqlite(ncen.database):
            ncen.database.execute_sql("ANALYZE")
        return count
    finally:
        ncen.close()


def _write(ncen: Any, writers: dict[str, TableWriter], units: Any, stamp: dict[str, Any],
           rows: list[dict[str, str]], first: int) -> int:
    main, items, route, detections = [], [], [], []
    for offset, row in enumerate(rows, start=1):
        record_id = first + offset
        main.append({**stamp, "id": record_id, "uuid": f"00000000-0000-4000-8000-{record_id:012d}",
                     "status": row["status"] or "submitted",
                     "seizure_date": dt.date.fromisoformat(row["seizure_date"]),
                     "exceptional_concealment": row["exceptional_concealment"] == "yes",
                     **{name: row[name] or None for name in SCALARS}})
        for number in range(1, national.ITEMS + 1):
            item = _item(row, f"item{number}_", units)
            if item is not None:
                items.append({"record_id": record_id, "position": number, **item})
        for number in range(1, national.LEGS + 1):
            prefix = f"leg{number}_"
            if row[f"{prefix}type"]:
                route.append({"record_id": record_id, "position": number,
                              "leg_type": row[f"{prefix}type"],
                              "country": row[f"{prefix}country"] or None,
                              "place": row[f"{prefix}place"] or None,
                              "unlocode": row[f"{prefix}unlocode"] or None,
                              "leg_date": dt.date.fromisoformat(row[f"{prefix}date"])
                              if row[f"{prefix}date"] else None})
        for position, code in enumerate(filter(None, row["detection_methods"].split(";")), 1):
            detections.append({"record_id": record_id, "position": position, "code": code})
    with write_transaction(ncen.database):
        writers["main"].insert(main)
        writers["items"].insert(items)
        writers["route"].insert(route)
        writers["detection_methods"].insert(detections)
    return first + len(rows)


def _item(row: dict[str, str], prefix: str, units: Any) -> dict[str, Any] | None:
    if not row[f"{prefix}commodity"]:
        return None
    amount = Decimal(row[f"{prefix}quantity"]).quantize(Decimal("0.001"))
    factor, base = unit_conversion(units, row[f"{prefix}unit"])
    value = row[f"{prefix}value"]
    return {"commodity": row[f"{prefix}commodity"], "subtype": row[f"{prefix}subtype"] or None,
            "hs_code": row[f"{prefix}hs_code"] or None,
            "description": row[f"{prefix}description"] or None,
            "brand": row[f"{prefix}brand"] or None, "species": row[f"{prefix}species"] or None,
            "quantity": amount, "quantity_unit": row[f"{prefix}unit"],
            "quantity_norm": (amount * factor).quantize(Decimal("0.000001")),
            "quantity_norm_unit": base,
            "estimated_value": Decimal(value) if value else None,
            "currency": row[f"{prefix}currency"] or None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    options = parser.parse_args()
    print(stats_database(national.Dataset(options.scale, options.seed), options.backend))


if __name__ == "__main__":
    main()
