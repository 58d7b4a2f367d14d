"""``ncen db backup`` and ``ncen db restore`` of the embedded database.

The records are made through the Python API with the sample record type; the commands run
in-process through the CLI's ``main`` as the administrator, with a configuration file
naming the same database. The CLI loads no sample plugin: the sample tables are simply
extra tables to it, and they are copied and restored like every other.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from dataclasses import dataclass

import pytest
import sample_plugin
import yaml
from ncen_testing import ADMIN_PASSWORD, IN_CI, PG_URL, USER_PASSWORD, make_config, open_initialised

from ncen_core.app import open_ncen
from ncen_core.backup import backup_sqlite
from ncen_core.cli.main import main
from ncen_core.errors import NotFoundError
from ncen_core.office import initialise_office
from ncen_core.record_service import RecordService
from ncen_core.storage import write_transaction
from ncen_core.users import add_user, get_user

#: The PostgreSQL backend when it is under test (as in conftest), else nothing.
POSTGRESQL = ["postgresql"] if PG_URL or IN_CI else []


@dataclass(frozen=True)
class CliResult:
    status: int
    stdout: str
    stderr: str


def error_line(result):
    """The error message of a refused command, after checking it is exit status 1 and one
    ``ncen: error:`` line (no traceback)."""
    lines = result.stderr.strip().splitlines()
    assert result.status == 1, (result.stdout, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("ncen: error: "), result.stderr
    return lines[0]


@pytest.fixture
def embedded(sqlite_url, tmp_path):
    """An initialised embedded installation with the sample record type."""
    ncen = open_initialised(make_config(sqlite_url, tmp_path))
    yield ncen
    ncen.close()


@pytest.fixture
def officer(embedded):
    user = add_user(embedded.system, "olga", USER_PASSWORD, "officer", full_name="Olga", unit="A")
    return RecordService(embedded, user)


def config_yaml(config):
    """A configuration file saying what ``config`` (from ``make_config``) says."""
    return yaml.safe_dump({
        "database": {"url": config.database.url},
        "data_dir": str(config.data_dir),
        "plugins": {"folder": None, "disabled": list(config.plugins.disabled)},
        "fields_dirs": [str(folder) for folder in config.fields_dirs],
    })


@pytest.fixture
def cli_for(tmp_path, monkeypatch, capsys):
    """``cli_for(url)`` gives ``run(*args)``: ``ncen ARGS`` as the administrator on ``url``."""

    def for_url(url):
        config = tmp_path / "ncen.yaml"
        config.write_text(config_yaml(make_config(url, tmp_path)))
        monkeypatch.setenv("NCEN_CONFIG", str(config))
        monkeypatch.setenv("NCEN_USER", "admin")
        monkeypatch.setenv("NCEN_PASSWORD", ADMIN_PASSWORD)

        def run(*args):
            capsys.readouterr()
            status = main([str(arg) for arg in args])
            captured = capsys.readouterr()
            return CliResult(status, captured.out, captured.err)

        return run

    return for_url


@pytest.fixture
def cli(cli_for, embedded, sqlite_url):
    return cli_for(sqlite_url)


@pytest.fixture
def backup_file(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder / "ncen-backup.db"


def sample(reference, **values):
    return {"reference": reference, "name": f"Specimen {reference}", "count": "3", **values}


def all_specimens(service):
    """Every specimen, tombstones included, as the service returns them."""
    return service.list("specimen", include_deleted=True, order_by="id", descending=False,
                        limit=500).records


def integrity_check(path):
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]
    finally:
        connection.close()


def open_copy(path, tmp_path):
    """The backup at ``path`` opened as an installation (with the sample record type)."""
    return open_ncen(make_config(f"sqlite:///{path}", tmp_path / "copy"),
                     extra_plugins=[sample_plugin])


class _RolledBack(Exception):
    """Ends a write transaction without committing it."""


@contextlib.contextmanager
def records_held_uncommitted(url, tmp_path, user, *, until):
    """Another connection, in a thread, creates records and holds its write transaction
    open, uncommitted, until the event ``until`` is set; then it rolls back."""
    writer = open_initialised(make_config(url, tmp_path))
    holding = threading.Event()
    failures = []

    def hold():
        try:
            with write_transaction(writer.database):
                for n in range(3):
                    RecordService(writer, user).create("specimen", sample(f"U-{n}"))
                holding.set()
                until.wait(timeout=60)
                raise _RolledBack
        except _RolledBack:
            pass
        except Exception as exc:  # noqa: BLE001  (reported in the test's thread)
            failures.append(exc)
        finally:
            holding.set()
            writer.close()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(timeout=60) and not failures, failures
        yield
    finally:
        until.set()
        thread.join(timeout=60)
        writer.close()
    assert not failures, failures


@contextlib.contextmanager
def statements_traced(ncen, callback):
    """Call ``callback(sql)`` as each statement starts on this thread's connection of ``ncen``
    (before SQLite waits for any lock the statement needs)."""
    connection = ncen.database.connection()
    connection.set_trace_callback(callback)
    try:
        yield
    finally:
        connection.set_trace_callback(None)


# -- backup -------------------------------------------------------------------------------


def test_backup_writes_a_copy_that_passes_the_integrity_check_and_holds_the_records(
        cli, officer, backup_file, tmp_path):
    records = [officer.create("specimen", sample(f"B-{n}")) for n in range(3)]

    result = cli("db", "backup", backup_file)

    assert result.status == 0, result.stderr
    assert f"Backup written to {backup_file}" in result.stdout
    assert integrity_check(backup_file) == ["ok"]
    copy = open_copy(backup_file, tmp_path)
    try:
        assert all_specimens(RecordService(copy, officer.user)) == records
    finally:
        copy.close()


def test_backup_leaves_no_partial_file_behind(cli, officer, backup_file):
    officer.create("specimen", sample("B-1"))
    assert cli("db", "backup", backup_file).status == 0
    assert sorted(path.name for path in backup_file.parent.iterdir()) == [backup_file.name]


def test_backup_requested_during_an_open_write_transaction_waits_and_holds_none_of_its_rows(
        embedded, officer, sqlite_url, tmp_path, backup_file):
    """The backup audits itself before copying, so it waits for the writer's lock; the
    writer rolls back as soon as the backup asks for it, never before."""
    committed = officer.create("specimen", sample("KEPT"))
    backup_asks_for_the_lock = threading.Event()
    admin = RecordService(embedded, get_user(embedded.system, "admin"))

    with (
        records_held_uncommitted(sqlite_url, tmp_path, officer.user,
                                 until=backup_asks_for_the_lock),
        statements_traced(embedded, lambda sql: sql.startswith("BEGIN IMMEDIATE")
                          and backup_asks_for_the_lock.set()),
    ):
        backup_sqlite(admin, backup_file)

    assert backup_asks_for_the_lock.is_set()
    copy = open_copy(backup_file, tmp_path)
    try:
        assert all_specimens(RecordService(copy, officer.user)) == [committed]
    finally:
        copy.close()


# -- restore ------------------------------------------------------------------------------


def test_restore_brings_back_the_records_as_they_were_at_the_backup(cli, officer, backup_file):
    changed, tombstoned = (officer.create("specimen", sample(ref)) for ref in ("R-1", "R-2"))
    assert cli("db", "backup", backup_file).status == 0
    officer.update(changed.ref, {"name": "Changed"}, expected_version=1)
    officer.tombstone(tombstoned.ref, expected_version=1)
    added = officer.create("specimen", sample("R-3"))

    result = cli("db", "restore", backup_file, "--yes")

    assert result.status == 0, result.stderr
    assert all_specimens(officer) == [changed, tombstoned]
    with pytest.raises(NotFoundError):
        officer.get(added.ref)


def test_restore_is_audited_in_a_chain_that_verifies(cli, officer, backup_file):
    """The backup's own audit entry is written after the snapshot (so a backup never waits
    for writers), hence the restored chain continues from the snapshot with the restore."""
    officer.create("specimen", sample("R-1"))
    assert cli("db", "backup", backup_file).status == 0
    officer.create("specimen", sample("R-2"))
    assert cli("db", "restore", backup_file, "--yes").status == 0

    result = cli("audit", "verify")

    assert result.status == 0, result.stdout + result.stderr
    Entry = officer.ncen.system.AuditEntry
    entries = [(e.action, e.username) for e in Entry.select().order_by(Entry.id)]
    assert entries[-2:] == [("restore", "admin"), ("login", "admin")]
    assert ("backup", "admin") not in entries


def test_restore_refuses_a_truncated_backup_and_changes_nothing(cli, officer, backup_file):
    record = officer.create("specimen", sample("R-1"))
    assert cli("db", "backup", backup_file).status == 0
    officer.update(record.ref, {"name": "Changed"}, expected_version=1)
    before = all_specimens(officer)
    with open(backup_file, "r+b") as handle:
        handle.truncate(os.path.getsize(backup_file) // 2)

    result = cli("db", "restore", backup_file, "--yes")

    assert str(backup_file) in error_line(result)
    assert all_specimens(officer) == before


def test_restore_refuses_a_file_of_garbage_and_changes_nothing(cli, officer, backup_file):
    officer.create("specimen", sample("R-1"))
    before = all_specimens(officer)
    backup_file.write_bytes(b"not a database at all\n" * 1000)

    result = cli("db", "restore", backup_file, "--yes")

    assert "is not an ncen backup" in error_line(result)
    assert all_specimens(officer) == before


def test_restore_refuses_an_sqlite_file_that_is_not_an_ncen_database(cli, officer, backup_file):
    officer.create("specimen", sample("R-1"))
    before = all_specimens(officer)
    other = sqlite3.connect(backup_file)
    other.execute("CREATE TABLE notes (body TEXT)")
    other.execute("INSERT INTO notes VALUES ('shopping list')")
    other.commit()
    other.close()

    result = cli("db", "restore", backup_file, "--yes")

    assert "is not an ncen backup" in error_line(result)
    assert all_specimens(officer) == before


def test_restore_refuses_the_backup_of_another_office(cli, officer, backup_file, tmp_path):
    officer.create("specimen", sample("R-1"))
    before = all_specimens(officer)
    other_url = f"sqlite:///{tmp_path / 'other' / 'ncen.db'}"
    other = open_ncen(make_config(other_url, tmp_path / "other"), require_current_schema=False)
    try:
        initialise_office(other, "XB-OTHER", "Other office", "admin", ADMIN_PASSWORD)
        backup_sqlite(RecordService(other, get_user(other.system, "admin")), backup_file)
    finally:
        other.close()

    result = cli("db", "restore", backup_file, "--yes")

    assert "is a backup of office XB-OTHER, not of XA-TEST" in error_line(result)
    assert all_specimens(officer) == before


# -- PostgreSQL ---------------------------------------------------------------------------


@pytest.mark.parametrize("db_url", POSTGRESQL, indirect=True)
def test_backup_of_a_postgresql_database_is_refused(cli_for, db_url, tmp_path, backup_file):
    open_initialised(make_config(db_url, tmp_path)).close()

    result = cli_for(db_url)("db", "backup", backup_file)

    assert "pg_dump" in error_line(result)
    assert list(backup_file.parent.iterdir()) == []


@pytest.mark.parametrize("db_url", POSTGRESQL, indirect=True)
def test_restore_into_a_postgresql_database_is_refused(cli_for, db_url, tmp_path, backup_file):
    open_initialised(make_config(db_url, tmp_path)).close()
    backup_file.write_bytes(b"")

    result = cli_for(db_url)("db", "restore", backup_file, "--yes")

    assert "pg_dump" in error_line(result)
