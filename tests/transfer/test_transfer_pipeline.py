"""Preparing records in a worker process: the same records, problems, report and
all-or-nothing as preparing them in the importing process, on SQLite and PostgreSQL."""

# The fixtures imported from transfer_support are test parameters here.
# ruff: noqa: F811

from __future__ import annotations

import os

import pytest
from transfer_support import (
    REGISTER_ROWS,
    database_state,
    ncen,  # noqa: F401  (overrides the root fixture)
    register_file,
    register_mapping,
)

from ncen_core.transfer.errors import ImportRefusedError, SourceFileError, TransferError
from ncen_core.transfer.importer import ImportOptions, import_file
from ncen_core.transfer.preparer import Preparer


def run_import(service, path, mapping, **options):
    problems = []
    report = import_file(service, path, mapping, options=ImportOptions(**options),
                         on_problem=problems.append)
    return report, problems


def counts(report):
    return (report.rows_read, report.rows_filtered, report.rows_rejected, report.records_created,
            report.records_existing, report.records_rejected, dict(report.linked_created),
            report.links_created, report.problems, report.sha256, report.unknown.lines())


def test_a_file_prepared_in_a_worker_imports_as_in_one_process(ncen, people, tmp_path):
    officer = people["officer"]
    path, mapping = register_file(tmp_path), register_mapping(tmp_path)
    here, _ = run_import(officer, path, mapping, parallel=False, dry_run=True)
    worker, _ = run_import(officer, path, mapping, parallel=True, batch_size=1)
    assert worker.committed and counts(worker) == counts(here)
    first = {r.values["reference"]: r for r in officer.list("seizure").records}["FR-1"]
    assert [item["subtype"] for item in first.values["items"]] == [
        "DRUGS_COCAINE", "TOBACCO_CIGARETTES"]
    assert officer.count("suspect") == 1
    again, _ = run_import(officer, path, mapping, parallel=True)
    assert (again.records_created, again.records_existing) == (0, 2)


def test_problems_found_in_a_worker_arrive_in_file_order_and_nothing_is_written(
        ncen, people, tmp_path):
    rows = [REGISTER_ROWS[0], REGISTER_ROWS[2][:8] + ["CRACK"] + REGISTER_ROWS[2][9:],
            REGISTER_ROWS[1], ["FR-3", "not a date"] + REGISTER_ROWS[2][2:]]
    path, mapping = register_file(tmp_path, rows), register_mapping(tmp_path)
    here, expected = run_import(people["officer"], path, mapping, parallel=False, dry_run=True,
                                batch_size=1)
    before = database_state(ncen)
    problems = []
    with pytest.raises(ImportRefusedError) as refused:
        import_file(people["officer"], path, mapping, on_problem=problems.append,
                    options=ImportOptions(parallel=True, batch_size=1))
    assert problems == expected and [(p.line, p.path) for p in problems] == [
        (3, "items[1].subtype"), (4, "key"), (5, "seizure_date")]
    assert counts(refused.value.report) == counts(here)
    assert refused.value.report.unknown.counts["items.subtype"]["CRACK"] == 1
    assert database_state(ncen) == before


def test_a_repeated_key_is_rejected_with_its_rows_when_a_worker_prepares(people, tmp_path):
    rows = [REGISTER_ROWS[0], REGISTER_ROWS[2], REGISTER_ROWS[1]]
    reject = tmp_path / "rejected.csv"
    report, problems = run_import(people["officer"], register_file(tmp_path, rows),
                                  register_mapping(tmp_path), parallel=True, batch_size=1,
                                  skip_invalid=True, reject_file=reject)
    lines = reject.read_text(encoding="utf-8-sig").splitlines()
    assert [(p.line, p.path) for p in problems] == [(4, "key")]
    assert report.records_created == 2 and report.records_rejected == 1
    assert lines[1].startswith(",".join(REGISTER_ROWS[1][:3]))
    assert "line 4: key: the key FR-1 was already used" in lines[1]


def test_an_error_in_the_worker_is_raised_here_and_nothing_is_written(ncen, people, tmp_path):
    before = database_state(ncen)
    path = register_file(tmp_path)
    with open(path, "ab") as stream:
        stream.write(b"FR-9," + b"A" * 300 + b"\r\n")
    with pytest.raises(SourceFileError, match=r"register.csv:5: the line is longer"):
        import_file(people["officer"], path, register_mapping(tmp_path),
                    options=ImportOptions(parallel=True, batch_size=1, max_line_bytes=200))
    assert database_state(ncen) == before


def test_a_worker_that_dies_is_an_error_not_a_wait(ncen, people, tmp_path, monkeypatch):
    before = database_state(ncen)

    def dying(preparer, rows):
        os._exit(3)

    monkeypatch.setattr(Preparer, "prepare", dying)
    with pytest.raises(TransferError, match=r"worker process stopped \(exit code 3\)"):
        import_file(people["officer"], register_file(tmp_path), register_mapping(tmp_path),
                    options=ImportOptions(parallel=True))
    assert database_state(ncen) == before


def test_a_process_running_other_threads_never_forks_a_worker_on_its_own(tmp_path):
    """A fork copies locks other threads may hold; the interface imports from a thread."""
    import threading

    from ncen_core.transfer.pipeline import PARALLEL_MIN_BYTES, can_fork, worth_a_worker

    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * PARALLEL_MIN_BYTES)
    answers: list[bool] = []
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        answers.append(worth_a_worker(big))
    finally:
        release.set()
        other.join()
    assert answers == [False]
    assert not can_fork() or worth_a_worker(big)


def test_a_large_import_leaves_postgresql_with_planner_statistics(ncen, people, tmp_path,
                                                                   monkeypatch):
    """A fresh bulk load must not wait for autovacuum before searches get good plans."""
    from ncen_core import storage
    from ncen_core.transfer import importer

    monkeypatch.setattr(importer, "SETTLE_AFTER_RECORDS", 1)
    report, _ = run_import(people["officer"], register_file(tmp_path),
                           register_mapping(tmp_path), parallel=False)
    assert report.committed and report.records_created >= 1
    if storage.is_sqlite(ncen.database):
        return
    reltuples = ncen.database.execute_sql(
        "SELECT reltuples FROM pg_class WHERE relname = 'rec_seizure'"
        " AND relnamespace = current_schema()::regnamespace").fetchone()[0]
    assert reltuples == report.records_created
