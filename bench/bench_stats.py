"""Statistics and dashboard speed on the national data set, against raw SQL in the same run.

Measured on each backend, over the database of ``bench/national.py`` (1,000,000 seizures at
scale 1), each figure the median of ``--repeat`` runs after one warm-up, engine and raw SQL
taking turns:

- ``routes``: the ``routes`` analysis (origin -> destination, every measure) against the
  equivalent hand-written GROUP BY on a plain ``sqlite3`` / ``psycopg`` connection;
- ``commodity_month``: ``ncen stats --by items.commodity --period month``, which the engine
  answers from the maintained aggregates, against the raw full-scan GROUP BY;
- ``commodity_month_filtered``: the same with ``--where transport_mode:4`` (air), which the
  maintained aggregates cannot answer, so the engine's own GROUP BY runs;
- ``dashboard``: the year-by-month dashboard of the latest year against the raw GROUP BY of
  that year (targets: statistics at most max(1.5 x raw, raw + 5 ms); dashboard at most
  0.5 x raw);
- ``save``: the cost of one record-service create, and of the aggregate upkeep inside it,
  measured inside a transaction that is rolled back (the kept database is not changed).

Every engine result is checked against its raw result (same groups, same record counts).
Prints JSON. ``python bench/bench_stats.py [--scale 1] [--backend sqlite|postgresql|both]
[--source national|direct]``: ``direct`` measures the same seizures loaded by
:mod:`stats_loader` (only the tables statistics read), which takes minutes where the full
national import takes hours.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from national import ANALYST, USER, Dataset, open_bench, ready_database
from stats_loader import stats_database

from ncen_core.analysis.aggregates import record_changed
from ncen_core.analysis.analyses import AnalysisParams
from ncen_core.analysis.dashboard import dashboard, latest_year
from ncen_core.analysis.statistics import StatsRequest
from ncen_core.analysis.statistics import statistics as engine_statistics
from ncen_core.record_service import RecordService
from ncen_core.users import get_user

SAVES = 50
MEASURES = ("COUNT(DISTINCT m.id), COUNT(i.record_id), "
            "SUM(CASE WHEN i.quantity_norm_unit = 'kg' THEN i.quantity_norm END), "
            "SUM(CASE WHEN i.quantity_norm_unit = 'l' THEN i.quantity_norm END), "
            "SUM(CASE WHEN i.quantity_norm_unit = 'u' THEN i.quantity_norm END), "
            "SUM(i.estimated_value)")
ITEMS = "LEFT JOIN rec_seizure__items i ON i.record_id = m.id"


def legs(leg_type: str, alias: str) -> str:
    return (f"LEFT JOIN (SELECT DISTINCT record_id, country AS v FROM rec_seizure__route "
            f"WHERE leg_type = '{leg_type}') {alias} ON {alias}.record_id = m.id")


def raw_queries(sqlite: bool, year: int) -> dict[str, str]:
    """The hand-written SQL each engine figure is compared with."""
    live = "m.deleted = 0" if sqlite else "m.deleted = false"
    month = "substr(m.seizure_date, 1, 7)" if sqlite else "to_char(m.seizure_date, 'YYYY-MM')"
    by_month = (f"SELECT {month}, i.commodity, {MEASURES} FROM rec_seizure m {ITEMS} "
                f"WHERE {live}")
    return {
        "routes": (f"SELECT o.v, d.v, {MEASURES} FROM rec_seizure m {legs('ORIGIN', 'o')} "
                   f"{legs('DESTINATION', 'd')} {ITEMS} WHERE {live} GROUP BY 1, 2"),
        "commodity_month": f"{by_month} GROUP BY 1, 2",
        "commodity_month_filtered": f"{by_month} AND m.transport_mode = '4' GROUP BY 1, 2",
        "dashboard": (f"{by_month} AND m.seizure_date >= '{year}-01-01' "
                      f"AND m.seizure_date < '{year + 1}-01-01' GROUP BY 1, 2"),
    }


def timed_pair(raw: Callable[[], Any], engine: Callable[[], Any], repeat: int,
               ) -> tuple[float, Any, float, Any]:
    """Median seconds of ``repeat`` runs of each after a warm-up, the raw query and the
    engine taking turns (a machine whose load drifts slows both alike), and the last results."""
    raw_result, engine_result = raw(), engine()
    raw_times, engine_times = [], []
    for _ in range(repeat):
        for function, times in ((raw, raw_times), (engine, engine_times)):
            started = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - started)
            if function is raw:
                raw_result = result
            else:
                engine_result = result
    return (statistics.median(raw_times), raw_result, statistics.median(engine_times),
            engine_result)


def raw_connection(url: str, sqlite: bool) -> Any:
    if sqlite:
        import sqlite3

        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        connection.execute("PRAGMA cache_size = -32000")
        return connection
    import psycopg

    return psycopg.connect(url, prepare_threshold=None)


def compare(name: str, engine_seconds: float, raw_seconds: float, same: bool,
            *, dashboard_target: bool = False) -> dict[str, Any]:
    target = 0.5 * raw_seconds if dashboard_target else max(1.5 * raw_seconds,
                                                            raw_seconds + 0.005)
    return {"engine_ms": round(engine_seconds * 1000, 2), "raw_ms": round(raw_seconds * 1000, 2),
            "ratio": round(engine_seconds / raw_seconds, 3), "target_ms": round(target * 1000, 2),
            "within_target": engine_seconds <= target, "same_result": same}


def same_groups(table: Any, raw_rows: list[tuple], width: int) -> bool:
    """Engine and raw SQL found the same groups with the same record counts."""
    found = {tuple(row.keys): row.values[0] for row in table.rows}
    wanted = {tuple(row[:width]): row[width] for row in raw_rows}
    return found == wanted


def measure_backend(data: Dataset, backend: str, repeat: int, source: str) -> dict[str, Any]:
    url = ready_database(data, backend) if source == "national" else stats_database(data, backend)
    ncen = open_bench(url, data.folder)
    sqlite = backend == "sqlite"
    try:
        analyst = get_user(ncen.system, ANALYST)
        year = latest_year(ncen, "seizure")
        raw = raw_connection(url, sqlite)
        sql = raw_queries(sqlite, year)

        def run_raw(name: str) -> Callable[[], list[tuple]]:
            return lambda: list(raw.execute(sql[name]).fetchall())

        engine = {
            "routes": lambda: ncen.registry.analyses["routes"].function(
                ncen, analyst, AnalysisParams(top=100_000)),
            "commodity_month": lambda: engine_statistics(ncen, analyst, StatsRequest(
                "seizure", ("items.commodity",), "month")),
            "commodity_month_filtered": lambda: engine_statistics(ncen, analyst, StatsRequest(
                "seizure", ("items.commodity",), "month", where="transport_mode:4")),
            "dashboard": lambda: dashboard(ncen, analyst, "seizure", year),
        }
        report: dict[str, Any] = {"backend": backend, "seizures": ncen.database.execute_sql(
            "SELECT COUNT(*) FROM rec_seizure").fetchone()[0], "dashboard_year": year}
        for name, function in engine.items():
            raw_seconds, raw_rows, engine_seconds, table = timed_pair(run_raw(name), function,
                                                                      repeat)
            if name == "dashboard":
                rows = [r for r in table.rows if r.keys[1] != "*"]
                same = {tuple(r.keys): r.values[0] for r in rows} == {
                    tuple(r[:2]): r[2] for r in raw_rows}
            else:
                same = same_groups(table, raw_rows, 2)
            report[name] = compare(name, engine_seconds, raw_seconds, same,
                                   dashboard_target=name == "dashboard")
        report["save"] = measure_save(ncen)
        raw.close()
        return report
    finally:
        ncen.close()


def measure_save(ncen: Any) -> dict[str, Any]:
    """Create :data:`SAVES` seizures, then apply only their aggregate upkeep, each inside a
    transaction that is rolled back."""
    service = RecordService(ncen, get_user(ncen.system, USER))
    samples = [record.values for record in service.list("seizure", limit=SAVES).records]
    with ncen.database.atomic() as transaction:
        started = time.perf_counter()
        for values in samples:
            service.create("seizure", values)
        create = (time.perf_counter() - started) / len(samples)
        transaction.rollback()
    with ncen.database.atomic() as transaction:
        started = time.perf_counter()
        for values in samples:
            record_changed(ncen, "seizure", ncen.office_code, None, values)
        upkeep = (time.perf_counter() - started) / len(samples)
        transaction.rollback()
    return {"create_ms": round(create * 1000, 3), "aggregate_upkeep_ms": round(upkeep * 1000, 3),
            "upkeep_share": round(upkeep / create, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--source", choices=("national", "direct"), default="national",
                        help="national: the database national.py imports through ncen; direct: "
                             "the same seizures loaded by stats_loader.py (minutes, not hours)")
    options = parser.parse_args()
    data = Dataset(options.scale, options.seed)
    backends = ("sqlite", "postgresql") if options.backend == "both" else (options.backend,)
    results = [measure_backend(data, backend, options.repeat, options.source)
               for backend in backends]
    print(json.dumps({"benchmark": "stats", "scale": options.scale, "source": options.source,
                      "results": results},
                     indent=2))


if __name__ == "__main__":
    main()
