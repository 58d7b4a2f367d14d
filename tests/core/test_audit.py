"""The hash-chained audit trail and the write transaction it relies on, on every backend."""

from __future__ import annotations

import sqlite3
import threading

import peewee
import pytest

from ncen_core import audit
from ncen_core.storage import is_sqlite, open_database, sqlite_path, write_transaction
from ncen_core.system_models import build_system_models


class Boom(Exception):
    pass


@pytest.fixture
def models(db_url):
    proxy = peewee.DatabaseProxy()
    models = build_system_models(proxy)
    database = open_database(db_url)
    proxy.initialize(database)
    database.create_tables(models.all())
    yield models
    database.close()


def append(models, count, username="jdupont", **fields):
    for n in range(count):
        with write_transaction(models.proxy):
            audit.append(models, username, "update", detail={"n": n}, **fields)


def problems(report):
    return [(p.kind, p.entry_id) for p in report.problems]


def test_an_empty_audit_verifies(models):
    report = audit.verify(models)
    assert report.ok and report.entries == 0 and report.first_problem is None


def test_an_untouched_chain_verifies_with_its_entry_count(models):
    append(models, 5)
    report = audit.verify(models)
    assert report.ok and report.entries == 5


def test_the_first_entry_chains_to_sixty_four_zeros(models):
    append(models, 1)
    assert models.AuditEntry.get_by_id(1).prev_hash == "0" * 64


def test_each_entry_chains_to_the_previous_hash(models):
    append(models, 2)
    first, second = models.AuditEntry.select().order_by(models.AuditEntry.id)
    assert second.prev_hash == first.entry_hash


def test_entry_ids_are_consecutive_from_one(models):
    append(models, 3)
    assert [e.id for e in models.AuditEntry.select().order_by(models.AuditEntry.id)] == [1, 2, 3]


def test_append_outside_a_write_transaction_is_refused(models):
    with pytest.raises(RuntimeError, match="inside storage.write_transaction"):
        audit.append(models, "jdupont", "login")


def test_an_entry_rolls_back_with_its_transaction(models):
    with pytest.raises(Boom):
        with write_transaction(models.proxy):
            audit.append(models, "jdupont", "update")
            raise Boom
    append(models, 1)
    report = audit.verify(models)
    assert report.ok and report.entries == 1


def test_an_entry_in_a_failed_nested_block_rolls_back_alone(models):
    with write_transaction(models.proxy):
        audit.append(models, "jdupont", "create")
        with pytest.raises(Boom):
            with write_transaction(models.proxy):
                audit.append(models, "jdupont", "update")
                raise Boom
    append(models, 1)
    report = audit.verify(models)
    assert report.ok and report.entries == 2


def test_an_edited_and_a_deleted_entry_are_each_reported_with_their_ids(models):
    append(models, 8)
    models.proxy.execute_sql("UPDATE ncen_audit SET username = 'mallory' WHERE id = 3")
    models.proxy.execute_sql("DELETE FROM ncen_audit WHERE id = 6")
    report = audit.verify(models)
    assert problems(report) == [("altered", 3), ("missing", 6)]
    assert report.first_problem.message == "entry 3 was altered"
    assert report.entries == 7


def test_an_edited_detail_is_reported(models):
    append(models, 3)
    models.proxy.execute_sql("""UPDATE ncen_audit SET detail = '{"n": 99}' WHERE id = 2""")
    assert problems(audit.verify(models)) == [("altered", 2)]


def test_an_edit_with_a_recomputed_hash_breaks_the_link_to_the_next_entry(models):
    append(models, 4)
    Entry = models.AuditEntry
    entry = Entry.get_by_id(2)
    entry.username = "mallory"
    fields = {name: getattr(entry, name) for name in audit.HASHED_FIELDS}
    entry.entry_hash = audit.entry_hash_of(fields, {"n": 1})
    entry.save()
    assert problems(audit.verify(models)) == [("broken_link", 3)]


def test_an_edit_of_the_newest_entry_with_a_recomputed_hash_is_caught_by_the_head(models):
    append(models, 2)
    entry = models.AuditEntry.get_by_id(2)
    entry.username = "mallory"
    fields = {name: getattr(entry, name) for name in audit.HASHED_FIELDS}
    entry.entry_hash = audit.entry_hash_of(fields, {"n": 1})
    entry.save()
    assert problems(audit.verify(models)) == [("head", 2)]


def test_removing_the_newest_entries_is_detected(models):
    append(models, 5)
    models.proxy.execute_sql("DELETE FROM ncen_audit WHERE id >= 4")
    report = audit.verify(models)
    assert problems(report) == [("missing", 4)]
    assert report.first_problem.message == "entries 4 to 5 are missing"


def test_an_append_after_removing_the_newest_entry_leaves_the_gap_visible(models):
    append(models, 3)
    models.proxy.execute_sql("DELETE FROM ncen_audit WHERE id = 3")
    append(models, 1)
    assert problems(audit.verify(models)) == [("missing", 3)]


def test_a_missing_head_is_reported(models):
    append(models, 2)
    models.proxy.execute_sql("DELETE FROM ncen_meta WHERE key = 'audit_head'")
    assert problems(audit.verify(models)) == [("head", 2)]


def test_entries_added_behind_ncens_back_are_reported(models):
    append(models, 2)
    last = models.AuditEntry.get_by_id(2)
    models.AuditEntry.insert(
        id=3, at=last.at, username="mallory", action="update", prev_hash=last.entry_hash,
        entry_hash=last.entry_hash,
    ).execute()
    assert ("head", 3) in problems(audit.verify(models))


def test_verify_lists_at_most_max_problems_and_counts_the_rest(models):
    append(models, 4)
    models.proxy.execute_sql("UPDATE ncen_audit SET username = 'mallory'")
    report = audit.verify(models, max_problems=1)
    assert problems(report) == [("altered", 1)] and report.problems_not_listed == 3


def test_history_lists_a_records_events_newest_first(models):
    record = {"record_type": "seizure", "record_origin": "AIR", "record_uuid": "u-1"}
    append(models, 3, **record)
    append(models, 2, record_type="seizure", record_origin="AIR", record_uuid="u-2")
    events = audit.history(models, "seizure", "AIR", "u-1")
    assert [(e.id, e.detail) for e in events] == [(3, {"n": 2}), (2, {"n": 1}), (1, {"n": 0})]


def test_history_pages_by_the_last_id_seen(models):
    append(models, 5, record_type="seizure", record_origin="AIR", record_uuid="u-1")
    first_page = audit.history(models, "seizure", "AIR", "u-1", limit=2)
    second_page = audit.history(
        models, "seizure", "AIR", "u-1", limit=2, before_id=first_page[-1].id
    )
    assert [e.id for e in first_page + second_page] == [5, 4, 3, 2]


def _append_from_threads(models, threads, per_thread):
    errors = []

    def worker(index):
        try:
            for n in range(per_thread):
                with write_transaction(models.proxy):
                    audit.append(models, f"user{index}", "update", detail={"n": n})
        except Exception as exc:  # collected so that the test fails with the cause
            errors.append(exc)
        finally:
            models.proxy.close()

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return errors


def test_concurrent_appends_from_separate_connections_never_fork_the_chain(models):
    threads = 2 if is_sqlite(models.proxy.obj) else 4
    assert _append_from_threads(models, threads, 50) == []
    report = audit.verify(models)
    assert report.ok and report.entries == threads * 50


def test_on_sqlite_a_write_transaction_takes_the_write_lock_when_it_begins(sqlite_url):
    database = open_database(sqlite_url)
    other = sqlite3.connect(sqlite_path(sqlite_url), timeout=0)
    try:
        with write_transaction(database):
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
        database.close()
