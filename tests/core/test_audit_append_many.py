"""Appending many audit entries at once chains them exactly as one at a time would: the
chain verifies, and appends before and after continue it."""

from __future__ import annotations

import peewee
import pytest

from ncen_core import audit
from ncen_core.storage import open_database, write_transaction
from ncen_core.system_models import build_system_models


@pytest.fixture
def models(db_url):
    proxy = peewee.DatabaseProxy()
    models = build_system_models(proxy)
    database = open_database(db_url)
    proxy.initialize(database)
    database.create_tables(models.all())
    yield models
    database.close()


def test_many_entries_at_once_form_one_verified_chain_with_single_appends(models):
    with write_transaction(models.proxy):
        audit.append(models, "olga", "create", detail={"n": 0})
    entries = [audit.NewEntry("receive", "seizure", "FR-CDG", f"uuid-{n}", {"n": n})
               for n in range(1, 1201)]
    with write_transaction(models.proxy):
        audit.append_many(models, "exchange", entries)
    with write_transaction(models.proxy):
        audit.append(models, "olga", "update", detail={"n": 1201})

    report = audit.verify(models)

    assert (report.entries, report.problems) == (1202, ())
    Entry = models.AuditEntry
    assert [row.id for row in Entry.select(Entry.id).order_by(Entry.id)] == list(range(1, 1203))


def test_nothing_to_append_changes_nothing(models):
    with write_transaction(models.proxy):
        audit.append_many(models, "exchange", [])

    assert models.AuditEntry.select().count() == 0


def test_appending_many_outside_a_transaction_is_a_bug(models):
    with pytest.raises(RuntimeError):
        audit.append_many(models, "exchange", [audit.NewEntry("receive")])
