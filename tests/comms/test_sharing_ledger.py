"""The sent ledger: incremental re-sharing, withdrawals when an audience narrows, links
only between records the recipient holds, attachments with their bytes."""

from __future__ import annotations

import json

from sharing_world import BASIS, photo, seizure, suspect

from ncen_core.declarations import Audience
from ncen_plugins.comms.sharing import (
    Selection,
    build_share,
    seal_share,
    seal_withdrawals,
    withdrawals_due,
)
from ncen_plugins.comms.sharing.ledger import held_rows
from ncen_plugins.comms.sharing.ledger_tables import build_ledger_models


def share(office, audience, *records, out=None):
    """Seal a share of ``records`` to ``out`` and return the package files."""
    with build_share(office.analyst, audience, Selection(refs=tuple(r.ref for r in records)),
                     office.keyring) as plan:
        return seal_share(plan, office.keys, office.keyring, out)


def record_lines(office, path, me):
    with office.open(path, me) as opened:
        return [json.loads(line) for line in opened.open_part("records.jsonl")]


def test_the_ledger_records_which_version_went_to_which_office(office, tmp_path):
    found = office.supervisor.create("seizure", seizure(), distribution="group", tlp="GREEN")
    [path] = share(office, Audience("group", "NORTH"), found, out=tmp_path)
    ledger = build_ledger_models(office.ncen.system.proxy)
    rows = {(r.office, r.record_uuid, r.version, r.package_id)
            for r in ledger.SentRecord.select()}
    package_id = path.name.removesuffix(".ncen")
    assert rows == {("BE-BRU", found.uuid, 1, package_id), ("NL-AMS", found.uuid, 1, package_id)}


def test_resharing_sends_only_newer_versions(office, tmp_path):
    s = office.supervisor
    old = s.create("seizure", seizure(reference="OLD"), distribution="group", tlp="GREEN")
    changed = s.create("seizure", seizure(reference="CHANGED"), distribution="group",
                       tlp="GREEN")
    share(office, Audience("group", "NORTH"), old, changed, out=tmp_path / "1")
    s.update(changed.ref, {"place_name": "Quay 1744"}, expected_version=1)
    [path] = share(office, Audience("group", "NORTH"), old, changed, out=tmp_path / "2")
    assert [(line["uuid"], line["version"]) for line in record_lines(office, path, "BE-BRU")] \
        == [(changed.uuid, 2)]


def test_an_office_new_to_a_record_gets_it_in_a_package_of_its_own(office, tmp_path):
    found = office.supervisor.create("seizure", seizure(), distribution="group", tlp="GREEN")
    share(office, Audience("office", "BE-BRU"), found, out=tmp_path / "1")
    with build_share(office.analyst, Audience("group", "NORTH"),
                     Selection(refs=(found.ref,)), office.keyring) as plan:
        assert [p.recipients for p in plan.packages] == [("NL-AMS",)]


def test_narrowing_the_distribution_withdraws_the_record(office, tmp_path):
    s = office.supervisor
    found = s.create("seizure", seizure(), distribution="group", tlp="GREEN")
    share(office, Audience("group", "NORTH"), found, out=tmp_path / "1")
    s.update(found.ref, {}, expected_version=1, distribution="local")
    due = sorted(withdrawals_due(office.ncen, office.keyring), key=lambda d: d.office)
    assert [(d.office, d.uuid, d.version, d.reason) for d in due] == [
        ("BE-BRU", found.uuid, 2, "distribution narrowed to local"),
        ("NL-AMS", found.uuid, 2, "distribution narrowed to local")]
    paths = seal_withdrawals(office.analyst, office.keys, office.keyring, tmp_path / "2")
    assert len(paths) == 2
    with office.open(paths[0], "BE-BRU") as opened:
        assert opened.manifest.kind == "withdrawal"
        [line] = [json.loads(text) for text in opened.open_part("withdrawals.jsonl")]
    assert line == {"type": "seizure", "origin": "XA-TEST", "uuid": found.uuid, "version": 2,
                    "reason": "distribution narrowed to local"}
    assert list(withdrawals_due(office.ncen, office.keyring)) == []


def test_raising_the_tlp_beyond_the_audience_withdraws_the_record(office, tmp_path):
    s = office.supervisor
    found = s.create("seizure", seizure(), distribution="all", tlp="GREEN")
    share(office, Audience("all"), found, out=tmp_path)
    s.update(found.ref, {}, expected_version=1, tlp="AMBER")
    due = list(withdrawals_due(office.ncen, office.keyring))
    assert {d.office for d in due} == {"BE-BRU", "NL-AMS", "FR-CDG"}
    assert all("TLP:AMBER" in d.reason for d in due)


def test_an_office_leaving_the_group_gets_a_withdrawal(office, tmp_path):
    found = office.supervisor.create("seizure", seizure(), distribution="group", tlp="GREEN")
    share(office, Audience("group", "NORTH"), found, out=tmp_path)
    world = office.world
    world.enrol(world.offices["NL-AMS"], ("EU",))
    keyring = world.keyring()
    [due] = withdrawals_due(office.ncen, keyring)
    assert (due.office, due.reason) == ("NL-AMS", "office NL-AMS is no longer in group NORTH")


def test_a_withdrawn_record_is_shared_again_only_at_a_higher_version(office, tmp_path):
    s = office.supervisor
    found = s.create("seizure", seizure(), distribution="group", tlp="GREEN")
    share(office, Audience("office", "BE-BRU"), found, out=tmp_path / "1")
    s.update(found.ref, {}, expected_version=1, distribution="local")
    seal_withdrawals(office.analyst, office.keys, office.keyring, tmp_path / "2")
    s.update(found.ref, {}, expected_version=2, distribution="group")
    [path] = share(office, Audience("office", "BE-BRU"), found, out=tmp_path / "3")
    assert [line["version"] for line in record_lines(office, path, "BE-BRU")] == [3]


def test_links_go_only_when_the_recipient_holds_both_ends(office, tmp_path):
    s = office.supervisor
    found = s.create("seizure", seizure(), distribution="group", tlp="GREEN")
    person = s.create("suspect", suspect(), distribution="group", tlp="GREEN")
    link = s.links.add(found.ref, person.ref, "SEIZ_SUSP_COURIER", note="CNRY link note")
    [first] = share(office, Audience("office", "BE-BRU"), found, out=tmp_path / "1")
    with office.open(first, "BE-BRU") as opened:
        assert opened.open_part("links.jsonl").read() == b""
    [second] = share(office, Audience("office", "BE-BRU"), person, out=tmp_path / "2")
    with office.open(second, "BE-BRU") as opened:
        [line] = [json.loads(text) for text in opened.open_part("links.jsonl")]
    assert (line["uuid"], line["role"], line["note"]) == (link.uuid, "SEIZ_SUSP_COURIER", "")


def test_a_link_note_goes_with_a_share_legal_basis(office, tmp_path):
    s = office.supervisor
    found = s.create("seizure", seizure(), distribution="group", tlp="GREEN")
    person = s.create("suspect", suspect(), distribution="group", tlp="GREEN")
    s.links.add(found.ref, person.ref, "SEIZ_SUSP_COURIER", note="CNRY link note")
    [path] = share(office, Audience("office", "BE-BRU", BASIS), found, person, out=tmp_path)
    with office.open(path, "BE-BRU") as opened:
        [line] = [json.loads(text) for text in opened.open_part("links.jsonl")]
    assert line["note"] == "CNRY link note"


def test_attachments_travel_with_their_bytes_when_personal_data_may_go(office, tmp_path):
    s = office.supervisor
    found = s.create("seizure", seizure(), distribution="group", tlp="GREEN")
    picture = photo()
    attached = s.attachments.add(found.ref, picture, caption="CNRY caption")
    [plain] = share(office, Audience("office", "BE-BRU"), found, out=tmp_path / "1")
    with office.open(plain, "BE-BRU") as opened:
        assert opened.open_part("attachments.jsonl").read() == b""
    s.update(found.ref, {"place_name": "Quay 9"}, expected_version=1)
    [path] = share(office, Audience("office", "BE-BRU", BASIS), found, out=tmp_path / "2")
    with office.open(path, "BE-BRU") as opened:
        [line] = [json.loads(text) for text in opened.open_part("attachments.jsonl")]
        assert opened.open_part(f"blob-{attached.sha256}").read() == picture
    assert (line["uuid"], line["caption"], line["size"]) == (attached.uuid, "CNRY caption",
                                                           len(picture))


def test_sharing_is_audited_with_the_package_and_its_recipients(office, tmp_path):
    found = office.supervisor.create("seizure", seizure(), distribution="group", tlp="GREEN")
    [path] = share(office, Audience("group", "NORTH", BASIS), found, out=tmp_path)
    Audit = office.ncen.system.AuditEntry
    entry = Audit.select().where(Audit.action == "share").get()
    detail = json.loads(entry.detail)
    assert (entry.username, detail["file"], detail["recipients"], detail["legal_basis"],
            detail["records"], detail["with_personal_data"]) == (
        "anna", path.name, ["BE-BRU", "NL-AMS"], BASIS, 1, 1)
    ledger = build_ledger_models(office.ncen.system.proxy)
    assert {row.legal_basis for row in ledger.SentRecord.select()} == {BASIS}


def test_a_link_made_after_both_ends_were_shared_goes_on_its_own(office, tmp_path):
    s = office.supervisor
    found = s.create("seizure", seizure(), distribution="group", tlp="GREEN")
    person = s.create("suspect", suspect(), distribution="group", tlp="GREEN")
    share(office, Audience("office", "BE-BRU"), found, person, out=tmp_path / "1")
    link = s.links.add(found.ref, person.ref, "SEIZ_SUSP_DRIVER")
    [path] = share(office, Audience("office", "BE-BRU"), found, out=tmp_path / "2")
    with office.open(path, "BE-BRU") as opened:
        assert opened.open_part("records.jsonl").read() == b""
        [line] = [json.loads(text) for text in opened.open_part("links.jsonl")]
    assert (line["uuid"], line["version"], line["deleted"]) == (link.uuid, 1, False)
    assert share(office, Audience("office", "BE-BRU"), found, out=tmp_path / "3") == []


def test_a_removed_link_travels_as_a_tombstone_to_the_offices_holding_it(office, tmp_path):
    s = office.supervisor
    found = s.create("seizure", seizure(), distribution="group", tlp="GREEN")
    person = s.create("suspect", suspect(), distribution="group", tlp="GREEN")
    link = s.links.add(found.ref, person.ref, "SEIZ_SUSP_DRIVER")
    share(office, Audience("office", "BE-BRU"), found, person, out=tmp_path / "1")
    s.links.remove(link.uuid, expected_version=1)
    with build_share(office.analyst, Audience("group", "NORTH"),
                     Selection(refs=(person.ref,)), office.keyring) as plan:
        paths = seal_share(plan, office.keys, office.keyring, tmp_path / "2")
        sent = dict(zip([p.recipients for p in plan.packages], paths, strict=True))
    with office.open(sent[("BE-BRU",)], "BE-BRU") as opened:
        assert opened.open_part("records.jsonl").read() == b""
        [line] = [json.loads(text) for text in opened.open_part("links.jsonl")]
    assert (line["uuid"], line["version"], line["deleted"]) == (link.uuid, 2, True)
    with office.open(sent[("NL-AMS",)], "NL-AMS") as opened:
        assert opened.open_part("links.jsonl").read() == b""


def test_a_removed_link_is_not_sent_to_an_office_that_never_had_it(office, tmp_path):
    s = office.supervisor
    found = s.create("seizure", seizure(), distribution="group", tlp="GREEN")
    person = s.create("suspect", suspect(), distribution="group", tlp="GREEN")
    link = s.links.add(found.ref, person.ref, "SEIZ_SUSP_DRIVER")
    s.links.remove(link.uuid, expected_version=1)
    [path] = share(office, Audience("office", "BE-BRU"), found, person, out=tmp_path)
    with office.open(path, "BE-BRU") as opened:
        assert opened.open_part("links.jsonl").read() == b""


def test_held_rows_page_through_every_holding_by_key(office, tmp_path):
    records = [office.supervisor.create("seizure", seizure(reference=f"P-{n}"),
                                        distribution="group", tlp="GREEN") for n in range(3)]
    share(office, Audience("group", "NORTH"), *records, out=tmp_path)
    models = build_ledger_models(office.ncen.system.proxy)
    rows = [(row.office, row.record_uuid) for row in held_rows(models, batch=4)]
    assert rows == sorted((office_, r.uuid) for office_ in ("BE-BRU", "NL-AMS") for r in records)
    assert [row.office for row in held_rows(models, ["NL-AMS"], batch=2)] == ["NL-AMS"] * 3
