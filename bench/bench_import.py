"""Importing the national CSV files through ncen against a raw baseline measured in the same run.

ncen: ``ncen import`` of ``suspects.csv``, ``companies.csv`` and ``seizures.csv`` (the
national data set of :mod:`national`, 1,000,000 seizures at ``--scale 1``) into an empty
database, with the shipped benchmark mappings, as a supervisor: reading, mapping,
validation, identities, links, the full-text, identifier and name indexes, all in ncen's
one transaction per file. It runs in a child process; a large file is read and validated
by a worker process of its own while it writes (``ncen_core.transfer.pipeline``). Peak
resident memory is the importing process's (VmHWM) plus the largest worker's (its
ru_maxrss), which counts the pages they share twice: an upper bound.

Raw baseline: the very rows ncen wrote -- every table the import filled (records, child
tables, links, identifier and name index tables, and the FTS5 tables, whose own indexes
are rebuilt by SQLite as rows arrive) -- read back after the ncen run, saved as pickled
batches (not timed), then inserted into a second empty database with the same schema,
indexes and pragmas, by plain ``sqlite3`` ``executemany`` in one transaction (PostgreSQL:
plain psycopg ``COPY`` per table; the tsvector column is copied as its text form, so the
server parses it rather than running ``to_tsvector``). Its time includes reading the
batches, as ncen's includes reading the CSV; it has no parsing, validation, mapping or
index building of its own, so it is the floor any importer of these rows pays.

Prints JSON: seconds of both, the ratio (acceptance: at most 3x on SQLite at 1M), peak RSS
(acceptance: at most 300 MB), rows per table (checked equal in both databases). The CPU
seconds of each side (ncen's worker processes included) and their ratio are given too: on
a machine shared with other work they vary less than wall time (for PostgreSQL they leave
out the server's own work).

    python bench/bench_import.py [--scale 1] [--seed 1] [--backend sqlite|postgresql|both]
                                 [--pg-url postgresql://postgres@127.0.0.1:5432/postgres] [--keep]

``--keep`` keeps ncen's database as the cached ready database of the data set (what
``bench_search.py`` searches), which saves importing the national data set twice.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national  # noqa: E402

BATCH = 5_000
SQLITE_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
#: FTS5 tables: the record search text, its trigrams, the name key documents.
SQLITE_FTS_PREFIXES = ("fts_", "ftsg_", "ncen_name_doc_")


def peak_rss_mb() -> float:
    """The peak resident memory of this process (VmHWM; ru_maxrss would include the parent's
    memory inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmHWM in /proc/self/status")


# -- children (run in their own process so that their memory is their own) ---------------------


def child_ncen(url: str, data: national.Dataset) -> dict[str, Any]:
    cpu, workers_cpu = time.process_time(), _children_cpu()
    counts = national.import_files(url, data)
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    own_peak = peak_rss_mb()
    return {"seconds": round(sum(count["seconds"] for count in counts.values()), 2),
            "cpu_seconds": round(time.process_time() - cpu + _children_cpu() - workers_cpu, 2),
            "peak_rss_mb": round(own_peak + workers_peak, 1), "own_peak_rss_mb": own_peak,
            "worker_peak_rss_mb": round(workers_peak, 1), "counts": counts}


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (the import's worker processes)."""
    times = os.times()
    return times.children_user + times.children_system


def child_raw(url: str, dump: Path) -> dict[str, Any]:
    tables = json.loads((dump / "tables.json").read_text())
    started, cpu = time.perf_counter(), time.process_time()
    if url.startswith("sqlite"):
        _raw_sqlite(url, dump, tables)
    else:
        _raw_postgresql(url, dump, tables)
    return {"seconds": round(time.perf_counter() - started, 2),
            "cpu_seconds": round(time.process_time() - cpu, 2), "peak_rss_mb": peak_rss_mb()}


def _batches(path: Path) -> Iterator[list[tuple]]:
    with path.open("rb") as stream:
        while True:
            try:
                yield pickle.load(stream)
            except EOFError:
                return


def _raw_sqlite(url: str, dump: Path, tables: dict[str, list[str]]) -> None:
    from ncen_core.storage import SQLITE_PRAGMAS, sqlite_path

    connection = sqlite3.connect(sqlite_path(url), isolation_level=None)
    for name, value in SQLITE_PRAGMAS.items():
        connection.execute(f"PRAGMA {name} = {value}")
    connection.execute("BEGIN IMMEDIATE")
    for table, columns in tables.items():
        sql = (f'INSERT INTO "{table}" ({", ".join(columns)}) '
               f'VALUES ({", ".join("?" for _ in columns)})')
        for batch in _batches(dump / f"{table}.pickle"):
            connection.executemany(sql, batch)
    connection.execute("COMMIT")
    connection.close()


def _raw_postgresql(url: str, dump: Path, tables: dict[str, list[str]]) -> None:
    import psycopg

    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        for table, columns in tables.items():
            with cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
                for batch in _batches(dump / f"{table}.pickle"):
                    for row in batch:
                        copy.write_row(row)
        connection.commit()


# -- the parent ---------------------------------------------------------------------------------


def filled_tables(url: str, empty_url: str) -> list[str]:
    """The tables an import filled: empty in the freshly initialised database at
    ``empty_url``, not at ``url`` (the audit table, which set-up starts, is left out: three
    rows). Records come first, for the foreign keys."""
    if url.startswith("sqlite"):
        from ncen_core.storage import sqlite_path

        connection = sqlite3.connect(sqlite_path(url))
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        connection.close()
        names = [n for n in names if not (n.startswith(SQLITE_FTS_PREFIXES)
                                          and n.endswith(SQLITE_SHADOW_SUFFIXES))]
    else:
        import psycopg

        with psycopg.connect(url) as connection:
            names = [row[0] for row in connection.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() ORDER BY table_name")]
    before, after = row_counts(empty_url, names), row_counts(url, names)
    filled = [n for n in names if before[n] == 0 and after[n] > 0]
    return sorted(filled, key=lambda n: (0 if n.startswith("rec_") and "__" not in n
                                         else 1, n))


def create_missing_tables(url: str, raw_url: str, tables: list[str]) -> None:
    """Create empty in the raw database, before its clock starts, the tables the import
    created (SQLite: a record type's first names make its name key documents)."""
    if not url.startswith("sqlite"):
        return
    from ncen_core.storage import sqlite_path

    source = sqlite3.connect(sqlite_path(url))
    target = sqlite3.connect(sqlite_path(raw_url))
    present = {row[0] for row in target.execute("SELECT name FROM sqlite_master")}
    for table in tables:
        if table not in present:
            (sql,) = source.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                                    (table,)).fetchone()
            target.execute(sql)
    target.commit()
    source.close()
    target.close()


def dump_rows(url: str, empty_url: str, dump: Path) -> dict[str, int]:
    """Save every row of the filled tables as pickled batches; returns rows per table."""
    dump.mkdir(parents=True, exist_ok=True)
    tables: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for table in filled_tables(url, empty_url):
        columns, rows = _read_table(url, table)
        count = 0
        with (dump / f"{table}.pickle").open("wb") as out:
            batch: list[tuple] = []
            for row in rows:
                batch.append(row)
                if len(batch) == BATCH:
                    pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                    count += len(batch)
                    batch = []
            if batch:
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                count += len(batch)
        tables[table], counts[table] = columns, count
    (dump / "tables.json").write_text(json.dumps(tables))
    return counts


def _read_table(url: str, table: str) -> tuple[list[str], Iterator[tuple]]:
    """The columns of ``table`` and its rows, streamed (the connection closes at the end)."""
    if url.startswith("sqlite"):
        from ncen_core.storage import sqlite_path

        connection = sqlite3.connect(sqlite_path(url))
        if table.startswith(SQLITE_FTS_PREFIXES):
            column = connection.execute(f'SELECT * FROM "{table}" LIMIT 0').description[0][0]
            cursor = connection.execute(f'SELECT rowid, "{column}" FROM "{table}" ORDER BY rowid')
            return ["rowid", column], _closing(connection, cursor)
        cursor = connection.execute(f'SELECT * FROM "{table}"')
        return [f'"{d[0]}"' for d in cursor.description], _closing(connection, cursor)
    import psycopg

    connection = psycopg.connect(url)
    cursor = connection.cursor(name=f"dump_{table}")
    cursor.itersize = BATCH
    columns = [row[0] for row in connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = %s ORDER BY ordinal_position", (table,))]
    select = ", ".join(f'"{c}"::text' if c == "document" else f'"{c}"' for c in columns)
    cursor.execute(f'SELECT {select} FROM "{table}"')
    return [f'"{c}"' for c in columns], _closing(connection, cursor)


def _closing(connection: Any, rows: Iterator[tuple]) -> Iterator[tuple]:
    try:
        yield from rows
    finally:
        connection.close()


def row_counts(url: str, tables: list[str]) -> dict[str, int]:
    """Rows per table; 0 for a table the database does not have yet (SQLite creates a
    record type's name documents with its first names)."""
    if url.startswith("sqlite"):
        from ncen_core.storage import sqlite_path

        connection = sqlite3.connect(sqlite_path(url))
        present = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        counts = {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                  if t in present else 0 for t in tables}
        connection.close()
        return counts
    import psycopg

    with psycopg.connect(url) as connection:
        return {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                for t in tables}


def run_child(role: str, url: str, data: national.Dataset, dump: Path | None = None
              ) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", role, "--url", url,
               "--scale", str(data.scale), "--seed", str(data.seed)]
    if dump is not None:
        command += ["--dump", str(dump)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def measure(data: national.Dataset, backend: str, server_url: str | None, keep: bool
            ) -> dict[str, Any]:
    data.csv_files()
    ncen_url = national.empty_database(data, backend, name="import_ncen", server_url=server_url)
    raw_url = national.empty_database(data, backend, name="import_raw", server_url=server_url)
    for url in (ncen_url, raw_url):
        national.initialise(url, data.folder)
    ncen = run_child("ncen", ncen_url, data)
    dump = data.folder / f"raw-rows-{backend}"
    written = dump_rows(ncen_url, raw_url, dump)
    create_missing_tables(ncen_url, raw_url, list(written))
    raw = run_child("raw", raw_url, data, dump)
    if row_counts(raw_url, list(written)) != written:
        raise SystemExit("the raw baseline did not write the rows ncen wrote")
    for path in dump.iterdir():
        path.unlink()
    dump.rmdir()
    if keep:
        national.adopt_ready(data, backend, "import_ncen", server_url=server_url)
    return {
        "backend": backend,
        "records": {kind: data.count(kind) for kind in national.IMPORT_ORDER},
        "ncen_seconds": ncen["seconds"], "raw_seconds": raw["seconds"],
        "ratio": round(ncen["seconds"] / raw["seconds"], 2),
        "ncen_cpu_seconds": ncen["cpu_seconds"], "raw_cpu_seconds": raw["cpu_seconds"],
        "cpu_ratio": round(ncen["cpu_seconds"] / raw["cpu_seconds"], 2),
        "ncen_peak_rss_mb": ncen["peak_rss_mb"], "raw_peak_rss_mb": raw["peak_rss_mb"],
        "ncen_peak_rss_mb_importer": ncen["own_peak_rss_mb"],
        "ncen_peak_rss_mb_worker": ncen["worker_peak_rss_mb"],
        "acceptance_ratio_at_most_3": ncen["seconds"] <= 3 * raw["seconds"],
        "acceptance_rss_at_most_300_mb": ncen["peak_rss_mb"] <= 300,
        "imported": ncen["counts"], "rows_written": written,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--pg-url", default=None)
    parser.add_argument("--keep", action="store_true",
                        help="keep ncen's database as the ready one of bench_search.py")
    parser.add_argument("--child", choices=("ncen", "raw"), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    data = national.Dataset(options.scale, options.seed)
    if options.child == "ncen":
        print(json.dumps(child_ncen(options.url, data)))
        return
    if options.child == "raw":
        print(json.dumps(child_raw(options.url, options.dump)))
        return
    backends = ("sqlite", "postgresql") if options.backend == "both" else (options.backend,)
    print(json.dumps([measure(data, backend, options.pg_url, options.keep)
                      for backend in backends],
                     indent=2))


if __name__ == "__main__":
    main()
