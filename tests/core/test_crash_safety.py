"""A process killed in the middle of a large write leaves an intact database.

The core's acceptance: a worker creates 10,000 records in one write transaction and is
SIGKILLed part-way; afterwards the database passes its integrity check and holds either
none or all of those records, and the audit chain still verifies.
"""

from __future__ import annotations

import signal
import sqlite3

import pytest
from ncen_testing import USER_PASSWORD, make_config, open_initialised
from workers import crate_plugin, read_line, start_worker, stop

from ncen_core import audit
from ncen_core.record_service import RecordService
from ncen_core.storage import sqlite_path
from ncen_core.users import add_user, get_user

TOTAL = 10_000
#: Records written, uncommitted, when the worker reports; the kill comes then.
MIDWAY = 500
WORKER_TIMEOUT = 600
WAL_HEADER_BYTES = 32


def open_with_officer(url, tmp_path):
    """An initialised installation with the crate type and the officer the worker acts as."""
    ncen = open_initialised(make_config(url, tmp_path), extra_plugins=[crate_plugin])
    add_user(ncen.system, "olga", USER_PASSWORD, "officer", full_name="Olga", unit="A")
    return ncen


@pytest.fixture
def installation(db_url, tmp_path):
    ncen = open_with_officer(db_url, tmp_path)
    yield ncen
    ncen.close()


@pytest.fixture
def embedded(sqlite_url, tmp_path):
    ncen = open_with_officer(sqlite_url, tmp_path)
    yield ncen
    ncen.close()


def kill_mid_write(ncen, url, tmp_path):
    """SIGKILL a worker once it has created MIDWAY of its TOTAL records, uncommitted.

    ``ncen`` is closed first, so that on SQLite the next connection has to recover the
    database from the files the killed worker left behind, as after a crash of the only
    program using it. It reconnects by itself when next used.
    """
    ncen.close()
    worker = start_worker("bulk_create_worker.py", url, tmp_path, "olga", TOTAL, MIDWAY)
    try:
        assert read_line(worker) == f"written {MIDWAY}"
        worker.send_signal(signal.SIGKILL)
        assert worker.wait(WORKER_TIMEOUT) == -signal.SIGKILL
    finally:
        stop(worker)


def crates_and_their_audit_entries(ncen):
    """How many crates exist, and how many crate creations the audit trail records."""
    officer = RecordService(ncen, get_user(ncen.system, "olga"))
    Entry = ncen.system.AuditEntry
    audited = Entry.select().where(
        (Entry.action == "create") & (Entry.record_type == "crate")).count()
    return officer.count("crate"), audited


def wal_frame_bytes(url):
    """Bytes of pages in the WAL file: all uncommitted after a kill, as the killed worker
    committed nothing and the file was checkpointed away before it started."""
    database = sqlite_path(url)
    wal = database.with_name(database.name + "-wal")
    return max(0, wal.stat().st_size - WAL_HEADER_BYTES) if wal.exists() else 0


def integrity_check(url):
    """What SQLite's integrity check says of the file, read through a new connection."""
    connection = sqlite3.connect(sqlite_path(url))
    try:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]
    finally:
        connection.close()


def test_a_write_killed_midway_leaves_none_of_its_records(installation, db_url, tmp_path):
    kill_mid_write(installation, db_url, tmp_path)
    assert crates_and_their_audit_entries(installation) == (0, 0)


def test_a_write_killed_midway_leaves_an_audit_chain_that_verifies(installation, db_url,
                                                                    tmp_path):
    kill_mid_write(installation, db_url, tmp_path)
    report = audit.verify(installation.system)
    assert report.ok, report.problems


def test_a_database_file_killed_mid_write_passes_its_integrity_check(embedded, sqlite_url,
                                                                     tmp_path):
    kill_mid_write(embedded, sqlite_url, tmp_path)
    assert wal_frame_bytes(sqlite_url) > 0, "no uncommitted page had reached the disk"
    assert integrity_check(sqlite_url) == ["ok"]


def test_a_write_allowed_to_finish_keeps_all_of_its_records(embedded, sqlite_url, tmp_path):
    worker = start_worker("bulk_create_worker.py", sqlite_url, tmp_path, "olga", TOTAL,
                          MIDWAY)
    try:
        stdout, stderr = worker.communicate(timeout=WORKER_TIMEOUT)
    finally:
        stop(worker)
    assert worker.returncode == 0, stderr
    assert stdout.splitlines() == [f"written {MIDWAY}", f"committed {TOTAL}"]
    assert crates_and_their_audit_entries(embedded) == (TOTAL, TOTAL)
    assert integrity_check(sqlite_url) == ["ok"]


def test_the_database_takes_new_writes_after_a_write_killed_midway(installation, db_url,
                                                                  tmp_path):
    kill_mid_write(installation, db_url, tmp_path)
    officer = RecordService(installation, get_user(installation.system, "olga"))
    officer.create("crate", {"reference": "AFTER", "count": 0})
    assert crates_and_their_audit_entries(installation) == (1, 1)
