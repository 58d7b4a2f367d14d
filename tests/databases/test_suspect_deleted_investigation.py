"""A deleted suspect takes its investigation with it: alerts, status and assignments are
cleared with the record, tasks and messages are purged, and the purge is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from databases_support import suspect_values

from ncen_core import audit
from ncen_core.errors import NotFoundError
from ncen_plugins.suspect.investigation import InvestigationService
from ncen_plugins.suspect.investigation_purge import PURGE_ACTION
from ncen_plugins.suspect.investigation_tables import build_investigation_models

NEXT_YEAR = dt.date.today() + dt.timedelta(days=365)


@pytest.fixture
def supervisor(people):
    return InvestigationService(people["supervisor"])


@pytest.fixture
def olga(people):
    return InvestigationService(people["officer"])


def investigate(people, supervisor, olga, **values):
    """A suspect under investigation by olga: an alert, two tasks (one done), two messages."""
    suspect = people["officer"].create("suspect", suspect_values(**values))
    record = supervisor.issue_alert(suspect.ref, "STOP_AND_SEARCH", "Courier", NEXT_YEAR,
                                    expected_version=1)
    record = supervisor.set_status(suspect.ref, "ACTIVE", expected_version=record.version)
    record = supervisor.assign_officer(suspect.ref, "olga", expected_version=record.version)
    olga.add_task(suspect.ref, "Interview Benali at the port", dt.date(2025, 7, 1), "olga")
    done = olga.add_task(suspect.ref, "Check his phone records", dt.date(2025, 6, 1), "olga")
    olga.complete_task(done.uuid)
    olga.post_message(suspect.ref, "Benali travelled to Rotterdam on 3 May.")
    supervisor.post_message(suspect.ref, "Request the ANPR hits for that day.")
    return record


def rows_about(ncen, record):
    """The task titles and message bodies stored about ``record``."""
    tables = build_investigation_models(ncen.system.proxy)
    Task, Message = tables.Task, tables.Message
    tasks = Task.select(Task.title).where((Task.suspect_origin == record.origin)
                                          & (Task.suspect_uuid == record.uuid))
    messages = Message.select(Message.body).where((Message.suspect_origin == record.origin)
                                                  & (Message.suspect_uuid == record.uuid))
    return sorted(t.title for t in tasks), sorted(m.body for m in messages)


def purge_entries(ncen, record):
    return [event for event in audit.history(ncen.system, "suspect", record.origin, record.uuid)
            if event.action == PURGE_ACTION]


def test_deleting_a_suspect_purges_its_tasks_and_messages(ncen, people, supervisor, olga):
    suspect = investigate(people, supervisor, olga)
    assert rows_about(ncen, suspect) != ([], [])
    people["officer"].tombstone(suspect.ref, expected_version=suspect.version)
    assert rows_about(ncen, suspect) == ([], [])


def test_deleting_a_suspect_clears_its_alerts_status_and_assignments(ncen, people, supervisor,
                                                                     olga):
    suspect = investigate(people, supervisor, olga)
    people["officer"].tombstone(suspect.ref, expected_version=suspect.version)
    held = people["supervisor"].get(suspect.ref, include_deleted=True)
    assert (held.values["alerts"], held.values["investigation_status"],
            held.values["assigned_officers"]) == ([], None, [])


def test_the_investigation_of_another_suspect_stays(ncen, people, supervisor, olga):
    deleted = investigate(people, supervisor, olga)
    kept = investigate(people, supervisor, olga, family_name="Janssens", documents=[])
    before = rows_about(ncen, kept)
    people["officer"].tombstone(deleted.ref, expected_version=deleted.version)
    assert rows_about(ncen, kept) == before
    assert [task.title for task in olga.tasks(kept.ref)] == [
        "Interview Benali at the port", "Check his phone records"]


def test_the_purge_is_audited_with_what_went_and_who_deleted(ncen, people, supervisor, olga):
    suspect = investigate(people, supervisor, olga)
    people["officer"].tombstone(suspect.ref, expected_version=suspect.version)
    [entry] = purge_entries(ncen, suspect)
    assert entry.username == "olga"
    assert entry.detail == {"change": "tombstoned", "open_tasks": 1, "done_tasks": 1,
                            "messages": 2}
    assert audit.verify(ncen.system).ok


def test_a_suspect_without_an_investigation_is_deleted_without_a_purge_entry(ncen, people):
    suspect = people["officer"].create("suspect", suspect_values())
    people["officer"].tombstone(suspect.ref, expected_version=1)
    assert purge_entries(ncen, suspect) == []


def test_the_investigation_of_a_deleted_suspect_cannot_be_read_or_continued(ncen, people,
                                                                             supervisor, olga):
    suspect = investigate(people, supervisor, olga)
    people["officer"].tombstone(suspect.ref, expected_version=suspect.version)
    with pytest.raises(NotFoundError):
        supervisor.messages(suspect.ref)
    with pytest.raises(NotFoundError):
        olga.post_message(suspect.ref, "Any news?")
