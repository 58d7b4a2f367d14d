"""What ``ncen share`` writes, another office imports: records with their personal fields,
links and photos, then a withdrawal and a tombstone, on both backends."""

from __future__ import annotations

from sharing_world import BASIS, other_office, photo, seizure, suspect

from ncen_core.declarations import Audience
from ncen_core.record_service import RecordService
from ncen_core.records import RecordRef
from ncen_core.users import add_user
from ncen_plugins.comms.receiving.importer import import_package
from ncen_plugins.comms.sharing import Selection, build_share, seal_share, seal_withdrawals


def share(office, audience, records, out):
    with build_share(office.analyst, audience, Selection(refs=tuple(r.ref for r in records)),
                     office.keyring) as plan:
        return seal_share(plan, office.keys, office.keyring, out)


def test_a_share_imports_at_the_other_office_and_a_withdrawal_removes_it(office, db_url,
                                                                          tmp_path):
    s = office.supervisor
    found = s.create("seizure", seizure(), distribution="group", tlp="AMBER")
    person = s.create("suspect", suspect(), distribution="group", tlp="AMBER")
    picture = photo()
    s.attachments.add(found.ref, picture, caption="concealment")
    s.links.add(found.ref, person.ref, "SEIZ_SUSP_COURIER", note="met at the gate")
    [package] = share(office, Audience("office", "BE-BRU", BASIS), [found, person],
                      tmp_path / "out")
    brussels_keys = office.world.offices["BE-BRU"]
    with other_office(db_url, tmp_path, "BE-BRU") as brussels:
        result = import_package(brussels, brussels_keys, office.keyring, package)
        assert result.status == "imported", result.message
        assert (result.counts["records"], result.counts["links"],
                result.counts["attachments"]) == (2, 1, 1)
        reader = RecordService(brussels, add_user(brussels.system, "bea", "password-bea-1",
                                                  "analyst"))
        copy = reader.get(RecordRef("seizure", "XA-TEST", found.uuid))
        assert copy.values["narrative"] == "CNRY narrative naming people"
        [attached] = reader.attachments.of(copy.ref)
        assert reader.attachments.data(attached.sha256) == picture
        assert [link.note for link in reader.links.of(copy.ref)] == ["met at the gate"]

        s.update(found.ref, {}, expected_version=1, distribution="local")
        [withdrawal] = seal_withdrawals(office.analyst, office.keys, office.keyring,
                                        tmp_path / "withdrawals")
        result = import_package(brussels, brussels_keys, office.keyring, withdrawal)
        assert result.status == "imported", result.message
        assert reader.get(copy.ref, include_deleted=True).deleted

        s.tombstone(person.ref, expected_version=1)
        [tombstone] = share(office, Audience("office", "BE-BRU"), [person], tmp_path / "t")
        result = import_package(brussels, brussels_keys, office.keyring, tombstone)
        assert result.status == "imported", result.message
        assert reader.get(RecordRef("suspect", "XA-TEST", person.uuid),
                          include_deleted=True).deleted
