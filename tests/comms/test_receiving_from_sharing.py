"""End to end: what ``ncen share`` and ``ncen withdraw`` write, ``import_package`` applies.

XA-TEST shares from SQLite (the sharing test world, with custom fields) with BE-BRU, whose
database runs on each backend and does not declare those custom fields: seizures,
suspects, a link and a photo arrive; a newer version replaces; a tombstone and a
withdrawal propagate; and receiving every file again changes nothing.
"""

from __future__ import annotations

import pytest
from ncen_testing import USER_PASSWORD
from receiving_world import dump
from sharing_world import BASIS, RECEIVER, photo, seizure, suspect

from ncen_core.declarations import Audience
from ncen_core.record_service import RecordService
from ncen_core.users import add_user
from ncen_plugins.comms.receiving.importer import import_package
from ncen_plugins.comms.sharing import Selection, build_share, seal_share, seal_withdrawals


@pytest.fixture
def reader(receiver):
    user = add_user(receiver.system, "anna", USER_PASSWORD, "analyst")
    return RecordService(receiver, user)


class Courier:
    """Carries the sender's package files to the receiver and remembers them."""

    def __init__(self, sender, receiver, folder):
        self.sender, self.receiver, self.folder = sender, receiver, folder
        self.files = []

    def share(self, *records):
        refs = tuple(record.ref for record in records)
        with build_share(self.sender.analyst, Audience("office", RECEIVER, BASIS),
                         Selection(refs=refs), self.sender.keyring) as plan:
            return self._deliver(seal_share(plan, self.sender.keys, self.sender.keyring,
                                            self._out()))

    def withdraw(self):
        return self._deliver(seal_withdrawals(self.sender.analyst, self.sender.keys,
                                              self.sender.keyring, self._out()))

    def _out(self):
        out = self.folder / f"batch-{len(self.files)}"
        out.mkdir(parents=True)
        return out

    def _deliver(self, paths):
        self.files += paths
        keys = self.sender.world.offices[RECEIVER]
        return [import_package(self.receiver, keys, self.sender.keyring, path)
                for path in paths]


@pytest.fixture
def courier(sender, receiver, tmp_path):
    return Courier(sender, receiver, tmp_path / "outbox")


def _shared_case(sender):
    s = sender.supervisor
    found = s.create("seizure", seizure(), distribution="group", tlp="AMBER")
    person = s.create("suspect", suspect(), distribution="group", tlp="AMBER")
    s.links.add(found.ref, person.ref, "SEIZ_SUSP_DRIVER", confidence=90)
    s.attachments.add(found.ref, photo(), caption="Concealment in the spare wheel")
    return found, person


def test_records_links_and_photos_arrive_with_unknown_fields_left_out(sender, courier,
                                                                      reader):
    found, person = _shared_case(sender)

    [result] = courier.share(found, person)

    assert result.status == "imported", result.message
    assert dict(result.counts) == {"records": 2, "links": 1, "attachments": 1}
    assert set(result.dropped_fields["seizure"]) == {"escorts", "informant_code",
                                                     "operation_name"}
    copy = reader.get(found.ref)
    assert (copy.origin, copy.version, copy.values["reference"]) == ("XA-TEST", 1,
                                                                     "SZ-2025-000417")
    assert reader.get(person.ref).values["family_name"] == "CNRYFAMILY"
    assert [link.role for link in reader.links.of(found.ref)] == ["SEIZ_SUSP_DRIVER"]
    [attached] = reader.attachments.of(found.ref)
    assert reader.attachments.data(attached.sha256) == photo()


def test_a_newer_version_a_tombstone_and_a_withdrawal_propagate(sender, courier, reader):
    found, person = _shared_case(sender)
    courier.share(found, person)
    s = sender.supervisor
    s.update(found.ref, {"place_name": "Quay 1744"}, expected_version=1)
    courier.share(found)
    s.tombstone(person.ref, expected_version=1)
    courier.share(person)
    s.update(found.ref, {}, expected_version=2, distribution="local")

    [withdrawn] = courier.withdraw()

    assert withdrawn.status == "imported" and dict(withdrawn.counts) == {"withdrawn": 1}
    held = {ref: reader.get(ref, include_deleted=True) for ref in (found.ref, person.ref)}
    assert (held[found.ref].deleted, held[found.ref].version) == (True, 3)
    assert (held[person.ref].deleted, held[person.ref].version) == (True, 2)
    assert reader.attachments.of(found.ref) == []


def test_receiving_every_shared_file_again_changes_nothing(sender, courier, receiver):
    found, person = _shared_case(sender)
    courier.share(found, person)
    sender.supervisor.update(found.ref, {"place_name": "Quay 1744"}, expected_version=1)
    courier.share(found)
    before = dump(receiver, ignored=())
    keys = sender.world.offices[RECEIVER]

    again = [import_package(receiver, keys, sender.keyring, path) for path in courier.files]

    assert {result.status for result in again} == {"duplicate"}
    assert dump(receiver, ignored=()) == before
