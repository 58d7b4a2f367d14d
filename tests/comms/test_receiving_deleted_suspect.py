"""A suspect received from another office and investigated here: when its office deletes
it, or withdraws it from this office, the messages of the local investigation and this
office's links of the copy go with it, and the purge is audited in the name of the origin
office.

XA-TEST shares from SQLite (the sharing test world) with BE-BRU, whose database runs on
each backend.
"""

from __future__ import annotations

import pytest
from ncen_testing import USER_PASSWORD
from sharing_world import BASIS, RECEIVER, seizure, suspect

from ncen_core import audit
from ncen_core.declarations import Audience
from ncen_core.record_service import RecordService
from ncen_core.users import add_user
from ncen_plugins.comms.receiving.importer import import_package
from ncen_plugins.comms.sharing import Selection, build_share, seal_share, seal_withdrawals
from ncen_plugins.suspect.investigation import InvestigationService
from ncen_plugins.suspect.investigation_purge import PURGE_ACTION


@pytest.fixture
def investigator(receiver):
    """A supervisor of the receiving office, who may work the investigation of any suspect."""
    user = add_user(receiver.system, "bea", USER_PASSWORD, "supervisor", unit="BRU")
    return InvestigationService(RecordService(receiver, user))


def deliver(sender, receiver, paths):
    keys = sender.world.offices[RECEIVER]
    results = [import_package(receiver, keys, sender.keyring, path) for path in paths]
    assert [result.status for result in results] == ["imported"] * len(paths)


def share(sender, receiver, folder, record):
    with build_share(sender.analyst, Audience("office", RECEIVER, BASIS),
                     Selection(refs=(record.ref,)), sender.keyring) as plan:
        deliver(sender, receiver, seal_share(plan, sender.keys, sender.keyring, folder))


def received_and_discussed(sender, receiver, investigator, folder):
    """A suspect of XA-TEST, shared with BE-BRU, where two messages discuss it."""
    person = sender.supervisor.create("suspect", suspect(), distribution="group", tlp="AMBER")
    share(sender, receiver, folder / "first", person)
    investigator.post_message(person.ref, "Seen at Zaventem cargo on 2 June.")
    investigator.post_message(person.ref, "Ask XA-TEST for his phone numbers.")
    assert len(investigator.messages(person.ref)) == 2
    return person


def purges(receiver, person):
    return [(event.username, event.detail)
            for event in audit.history(receiver.system, "suspect", person.origin, person.uuid)
            if event.action == PURGE_ACTION]


def test_a_received_tombstone_purges_the_investigation_of_the_copy(sender, receiver,
                                                                   investigator, tmp_path):
    person = received_and_discussed(sender, receiver, investigator, tmp_path)
    deleted = sender.supervisor.tombstone(person.ref, expected_version=person.version)
    share(sender, receiver, tmp_path / "second", deleted)
    assert investigator.tables.Message.select().count() == 0
    assert purges(receiver, person) == [("XA-TEST", {"change": "received", "open_tasks": 0,
                                                     "done_tasks": 0, "messages": 2})]


def test_a_withdrawal_purges_the_investigation_of_the_copy(sender, receiver, investigator,
                                                           tmp_path):
    person = received_and_discussed(sender, receiver, investigator, tmp_path)
    sender.supervisor.update(person.ref, {}, expected_version=person.version,
                             distribution="local")
    deliver(sender, receiver, seal_withdrawals(sender.analyst, sender.keys, sender.keyring,
                                               tmp_path / "withdrawals"))
    assert investigator.tables.Message.select().count() == 0
    assert [detail["messages"] for _, detail in purges(receiver, person)] == [2]


def test_a_newer_version_received_keeps_the_investigation(sender, receiver, investigator,
                                                          tmp_path):
    person = received_and_discussed(sender, receiver, investigator, tmp_path)
    newer = sender.supervisor.update(person.ref, {"occupation": "Crane operator"},
                                     expected_version=person.version)
    share(sender, receiver, tmp_path / "second", newer)
    assert len(investigator.messages(person.ref)) == 2
    assert purges(receiver, person) == []


def test_a_received_tombstone_tombstones_this_offices_links_of_the_copy(sender, receiver,
                                                                       investigator, tmp_path):
    person = received_and_discussed(sender, receiver, investigator, tmp_path)
    clerk = RecordService(receiver, add_user(receiver.system, "bram", USER_PASSWORD, "officer",
                                             unit="BRU"))
    found = clerk.create("seizure", {name: value for name, value in seizure().items()
                                     if name not in ("informant_code", "operation_name",
                                                     "escorts")})
    link = clerk.links.add(found.ref, person.ref, "SEIZ_SUSP_DRIVER",
                           note="Drove the van to the Zaventem cargo gate")
    deleted = sender.supervisor.tombstone(person.ref, expected_version=person.version)
    share(sender, receiver, tmp_path / "second", deleted)
    assert clerk.links.of(found.ref) == []
    Link = receiver.system.Link
    row = Link.get(Link.uuid == link.uuid)
    assert (row.deleted, row.note) == (True, "")
