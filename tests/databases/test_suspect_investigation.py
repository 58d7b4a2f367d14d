"""The investigation of a suspect: alerts, status and assignments by supervisors only, tasks
and messages for the officers assigned, every change audited."""

from __future__ import annotations

import datetime as dt

import pytest
from databases_support import suspect_values

from ncen_core import audit
from ncen_core.errors import ConflictError, PermissionDeniedError, ValidationError
from ncen_core.schema import existing_tables
from ncen_plugins.suspect.investigation import InvestigationService

NEXT_YEAR = dt.date.today() + dt.timedelta(days=365)


@pytest.fixture
def suspect(people):
    return people["officer"].create("suspect", suspect_values())


@pytest.fixture
def supervisor(people):
    return InvestigationService(people["supervisor"])


@pytest.fixture
def investigated(people, supervisor, suspect):
    """The suspect with the officer olga assigned to the investigation."""
    return supervisor.assign_officer(suspect.ref, "olga", expected_version=suspect.version)


def history_actions(ncen, record):
    events = audit.history(ncen.system, "suspect", record.origin, record.uuid)
    return [(e.action, e.detail.get("investigation")) for e in reversed(events)]


def test_upgrade_creates_the_task_and_message_tables(ncen):
    assert {"suspect_task", "suspect_message"} <= existing_tables(ncen.database)
    applied = {(m.plugin, m.number) for m in ncen.system.SchemaMigration.select()}
    assert ("suspect", 1) in applied
    assert ncen.upgrade_plan().is_current


def test_supervisor_issues_an_alert_signed_with_their_name(supervisor, suspect):
    record = supervisor.issue_alert(suspect.ref, "STOP_AND_SEARCH", "Courier for the Guayaquil "
                                    "network", NEXT_YEAR, expected_version=1)
    assert record.version == 2
    assert record.values["alerts"] == [{
        "alert_type": "STOP_AND_SEARCH", "reason": "Courier for the Guayaquil network",
        "valid_until": NEXT_YEAR, "issued_by": "sven"}]


def test_officer_may_not_issue_an_alert(people, suspect):
    with pytest.raises(PermissionDeniedError, match="may not manage alerts"):
        InvestigationService(people["officer"]).issue_alert(
            suspect.ref, "WATCH", "hunch", NEXT_YEAR, expected_version=1)


def test_record_service_refuses_an_officer_changing_alerts_by_a_plain_update(people, suspect):
    alert = {"alert_type": "WATCH", "reason": "hunch", "valid_until": NEXT_YEAR}
    with pytest.raises(PermissionDeniedError, match="may not manage alerts"):
        people["officer"].update(suspect.ref, {"alerts": [alert]}, expected_version=1)


def test_record_service_refuses_an_officer_creating_a_suspect_with_an_alert(people):
    alert = {"alert_type": "WATCH", "reason": "hunch", "valid_until": NEXT_YEAR}
    with pytest.raises(PermissionDeniedError, match="may not manage alerts"):
        people["officer"].create("suspect", suspect_values(alerts=[alert]))


def test_record_service_refuses_an_officer_assigning_themselves(people, suspect):
    with pytest.raises(PermissionDeniedError, match="may not manage assignments"):
        people["officer"].update(suspect.ref, {"assigned_officers": [{"username": "olga"}]},
                                 expected_version=1)


def test_officer_edit_that_leaves_the_alerts_alone_is_accepted(people, supervisor, suspect):
    alerted = supervisor.issue_alert(suspect.ref, "WATCH", "Known courier", NEXT_YEAR,
                                     expected_version=1)
    edited = people["officer"].update(suspect.ref, {"occupation": "Crane operator"},
                                      expected_version=alerted.version)
    assert edited.values["occupation"] == "Crane operator"
    assert edited.values["alerts"] == alerted.values["alerts"]


def test_an_alert_must_still_be_valid_today(supervisor, suspect):
    with pytest.raises(ValidationError) as caught:
        supervisor.issue_alert(suspect.ref, "WATCH", "stale", dt.date(2020, 1, 1),
                               expected_version=1)
    assert "valid_until" in caught.value.problems


def test_an_unknown_alert_type_is_refused(supervisor, suspect):
    with pytest.raises(ValidationError) as caught:
        supervisor.issue_alert(suspect.ref, "SHOOT_ON_SIGHT", "no", NEXT_YEAR, expected_version=1)
    assert "alerts[1].alert_type" in caught.value.problems


def test_alert_on_a_stale_version_is_a_conflict(people, supervisor, suspect):
    people["officer"].update(suspect.ref, {"occupation": "Driver"}, expected_version=1)
    with pytest.raises(ConflictError, match="now at version 2"):
        supervisor.issue_alert(suspect.ref, "WATCH", "reason", NEXT_YEAR, expected_version=1)


def test_withdrawn_alert_is_removed_and_the_others_stay(supervisor, suspect):
    one = supervisor.issue_alert(suspect.ref, "WATCH", "first", NEXT_YEAR, expected_version=1)
    two = supervisor.issue_alert(suspect.ref, "DO_NOT_ALERT", "second", NEXT_YEAR,
                                 expected_version=one.version)
    after = supervisor.withdraw_alert(suspect.ref, 1, expected_version=two.version)
    assert [a["reason"] for a in after.values["alerts"]] == ["second"]


def test_withdrawing_an_alert_that_does_not_exist_is_refused(supervisor, suspect):
    with pytest.raises(ValidationError, match="there is no alert 1"):
        supervisor.withdraw_alert(suspect.ref, 1, expected_version=1)


def test_supervisor_sets_the_investigation_status(supervisor, suspect):
    record = supervisor.set_status(suspect.ref, "ACTIVE", expected_version=1)
    assert record.values["investigation_status"] == "ACTIVE"


def test_officer_may_not_set_the_investigation_status(people, suspect):
    with pytest.raises(PermissionDeniedError, match="may not manage assignments"):
        InvestigationService(people["officer"]).set_status(suspect.ref, "CLOSED_CONVICTED",
                                                           expected_version=1)
    with pytest.raises(PermissionDeniedError, match="may not manage assignments"):
        people["officer"].update(suspect.ref, {"investigation_status": "CLOSED_CONVICTED"},
                                 expected_version=1)


def test_assigned_officers_are_added_and_removed(supervisor, suspect):
    one = supervisor.assign_officer(suspect.ref, "olga", expected_version=1)
    two = supervisor.assign_officer(suspect.ref, "omar", expected_version=one.version)
    assert two.values["assigned_officers"] == [{"username": "olga"}, {"username": "omar"}]
    three = supervisor.unassign_officer(suspect.ref, "olga", expected_version=two.version)
    assert three.values["assigned_officers"] == [{"username": "omar"}]


@pytest.mark.parametrize(("username", "message"), [
    ("nobody", "no active user 'nobody'"),
    ("anna", "only officers and supervisors work investigations"),
])
def test_only_active_officers_and_supervisors_can_be_assigned(supervisor, suspect, username,
                                                              message):
    with pytest.raises(ValidationError, match=message):
        supervisor.assign_officer(suspect.ref, username, expected_version=1)


def test_an_officer_is_assigned_once(supervisor, investigated):
    with pytest.raises(ValidationError, match="olga is already assigned"):
        supervisor.assign_officer(investigated.ref, "olga", expected_version=investigated.version)


def test_investigation_of_a_seizure_is_refused(people, supervisor):
    from databases_support import seizure_values

    seizure = people["officer"].create("seizure", seizure_values())
    with pytest.raises(ValidationError, match="investigations concern suspects"):
        supervisor.set_status(seizure.ref, "OPEN", expected_version=1)


def test_assigned_officer_adds_a_task_and_marks_it_done(people, investigated):
    olga = InvestigationService(people["officer"])
    task = olga.add_task(investigated.ref, "Check phone records", dt.date(2025, 7, 1), "olga")
    assert (task.title, task.assigned_to, task.done, task.created_by) == (
        "Check phone records", "olga", False, "olga")
    done = olga.complete_task(task.uuid)
    assert done.done and done.done_by == "olga" and done.done_at is not None


def test_a_task_is_marked_done_only_once(people, investigated):
    olga = InvestigationService(people["officer"])
    task = olga.add_task(investigated.ref, "Interview the driver", dt.date(2025, 7, 1), "olga")
    olga.complete_task(task.uuid)
    with pytest.raises(ConflictError, match="already done"):
        olga.complete_task(task.uuid)


def test_tasks_list_open_ones_first_by_due_date(people, supervisor, investigated):
    olga = InvestigationService(people["officer"])
    late = olga.add_task(investigated.ref, "Late", dt.date(2025, 9, 1), "olga")
    soon = olga.add_task(investigated.ref, "Soon", dt.date(2025, 6, 1), "olga")
    finished = olga.add_task(investigated.ref, "Finished", dt.date(2025, 5, 1), "olga")
    olga.complete_task(finished.uuid)
    assert [t.uuid for t in supervisor.tasks(investigated.ref)] == [
        soon.uuid, late.uuid, finished.uuid]


def test_a_task_goes_to_an_assigned_officer_only(supervisor, investigated):
    with pytest.raises(ValidationError) as caught:
        supervisor.add_task(investigated.ref, "Surveil", dt.date(2025, 7, 1), "omar")
    assert caught.value.problems == {"assigned_to": "omar is not assigned to this investigation"}


def test_a_task_needs_a_title(supervisor, investigated):
    with pytest.raises(ValidationError, match="title: is required"):
        supervisor.add_task(investigated.ref, "  ", dt.date(2025, 7, 1), "olga")


def test_messages_are_read_in_order_and_paged(people, supervisor, investigated):
    olga = InvestigationService(people["officer"])
    first = olga.post_message(investigated.ref, "Subject travelled to Rotterdam on 3 May.")
    supervisor.post_message(investigated.ref, "Request the ANPR hits for that day.")
    olga.post_message(investigated.ref, "Requested.")
    page = olga.messages(investigated.ref, limit=2)
    assert [(m.author, m.body) for m in page] == [
        ("olga", "Subject travelled to Rotterdam on 3 May."),
        ("sven", "Request the ANPR hits for that day.")]
    assert page[0].uuid == first.uuid
    rest = olga.messages(investigated.ref, after_id=page[-1].id)
    assert [m.body for m in rest] == ["Requested."]


def test_message_keeps_its_text_literally(supervisor, investigated):
    body = "  [bold]not markup[/bold]\n\x1b[31mnot a colour\x1b[0m"
    assert supervisor.post_message(investigated.ref, body).body == body


def test_officer_not_assigned_may_not_read_or_post(people, investigated):
    omar = InvestigationService(people["other_officer"])
    with pytest.raises(PermissionDeniedError, match="only the officers assigned"):
        omar.messages(investigated.ref)
    with pytest.raises(PermissionDeniedError, match="only the officers assigned"):
        omar.post_message(investigated.ref, "hello")
    with pytest.raises(PermissionDeniedError, match="only the officers assigned"):
        omar.tasks(investigated.ref)


def test_unassigned_officer_loses_access(people, supervisor, investigated):
    supervisor.unassign_officer(investigated.ref, "olga", expected_version=investigated.version)
    with pytest.raises(PermissionDeniedError):
        InvestigationService(people["officer"]).messages(investigated.ref)


def test_every_investigation_change_is_audited(ncen, people, supervisor, suspect):
    record = supervisor.issue_alert(suspect.ref, "WATCH", "r", NEXT_YEAR, expected_version=1)
    record = supervisor.withdraw_alert(suspect.ref, 1, expected_version=record.version)
    record = supervisor.set_status(suspect.ref, "OPEN", expected_version=record.version)
    record = supervisor.assign_officer(suspect.ref, "olga", expected_version=record.version)
    olga = InvestigationService(people["officer"])
    task = olga.add_task(suspect.ref, "Check", dt.date(2025, 7, 1), "olga")
    olga.complete_task(task.uuid)
    olga.post_message(suspect.ref, "Done.")
    supervisor.unassign_officer(suspect.ref, "olga", expected_version=record.version)
    assert history_actions(ncen, suspect) == [
        ("create", None), ("update", "alert issued"), ("update", "alert withdrawn"),
        ("update", "status set"), ("update", "officer assigned"), ("task.add", None),
        ("task.done", None), ("message.post", None), ("update", "officer unassigned"),
    ]
    assert audit.verify(ncen.system).ok


def test_audit_of_an_alert_names_its_type_and_end(ncen, supervisor, suspect):
    supervisor.issue_alert(suspect.ref, "ARREST_WARRANT", "r", NEXT_YEAR, expected_version=1)
    latest = audit.history(ncen.system, "suspect", suspect.origin, suspect.uuid, limit=1)[0]
    assert latest.username == "sven"
    assert latest.detail == {"investigation": "alert issued", "alert_type": "ARREST_WARRANT",
                             "valid_until": NEXT_YEAR.isoformat(), "version": 2,
                             "fields": ["alerts"]}
