"""Several processes updating the same records: optimistic locking loses no update.

The core's acceptance: on PostgreSQL 4 processes each make 250 updates to the same 10
records, retrying on conflict; on SQLite 2 processes do the same. Each update is a
read-modify-write of a counter at the version read, so an update that overwrote another
would leave the counters short of the number of updates reported.
"""

from __future__ import annotations

import json

import pytest
from ncen_testing import USER_PASSWORD, make_config, open_initialised
from workers import crate_plugin, read_line, start_worker, stop

from ncen_core.record_service import RecordService
from ncen_core.users import add_user

UPDATES_PER_PROCESS = 250
RECORD_COUNT = 10
WORKER_TIMEOUT = 300


def process_count(db_url: str) -> int:
    """Four workstations on the shared PostgreSQL server, two on an embedded SQLite file."""
    return 2 if db_url.startswith("sqlite") else 4


@pytest.fixture
def installation(db_url, tmp_path):
    ncen = open_initialised(make_config(db_url, tmp_path), extra_plugins=[crate_plugin])
    yield ncen
    ncen.close()


@pytest.fixture
def officer(installation):
    user = add_user(installation.system, "olga", USER_PASSWORD, "officer", full_name="Olga",
                    unit="A")
    return RecordService(installation, user)


def run_update_workers(count, db_url, tmp_path, username, refs):
    """Start ``count`` update workers, release them together, and return their reports."""
    workers = [
        start_worker("update_worker.py", db_url, tmp_path, username, UPDATES_PER_PROCESS, *refs)
        for _ in range(count)
    ]
    try:
        for worker in workers:
            assert read_line(worker) == "ready"
        for worker in workers:
            worker.stdin.write("go\n")
            worker.stdin.flush()
        reports = []
        for worker in workers:
            stdout, stderr = worker.communicate(timeout=WORKER_TIMEOUT)
            assert worker.returncode == 0, stderr
            reports.append(json.loads(stdout))
        return reports
    finally:
        for worker in workers:
            stop(worker)


def test_concurrent_updates_to_the_same_records_each_take_effect_exactly_once(
        installation, officer, db_url, tmp_path):
    refs = [officer.create("crate", {"reference": f"C-{n}", "count": 0}).ref
            for n in range(RECORD_COUNT)]
    processes = process_count(db_url)

    reports = run_update_workers(processes, db_url, tmp_path, officer.user.username, refs)

    successful = sum(report["updates"] for report in reports)
    records = [officer.get(ref) for ref in refs]
    assert successful == processes * UPDATES_PER_PROCESS, reports
    assert sum(record.version - 1 for record in records) == successful, reports
    assert sum(record.values["count"] for record in records) == successful, reports
