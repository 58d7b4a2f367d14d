"""Which records may leave for which audience: distribution, TLP, origin and tombstones."""

from __future__ import annotations

import datetime as dt

import pytest
from sharing_world import seizure

from ncen_core.declarations import Audience
from ncen_core.records import Record
from ncen_plugins.comms.sharing import Selection, build_share, seal_share
from ncen_plugins.comms.sharing.plan import read_lines
from ncen_plugins.comms.sharing.rules import allows, refusal

AUDIENCES = ("office", "group", "all", "non_nominal")
EXPECTED = {
    ("group", "CLEAR"): {"office", "group"},
    ("group", "GREEN"): {"office", "group"},
    ("group", "AMBER"): {"office", "group"},
    ("group", "AMBER+STRICT"): {"office"},
    ("group", "RED"): set(),
    ("all", "CLEAR"): {"office", "group", "all", "non_nominal"},
    ("all", "GREEN"): {"office", "group", "all", "non_nominal"},
    ("all", "AMBER"): {"office", "group"},
    ("all", "AMBER+STRICT"): {"office"},
    ("all", "RED"): set(),
}


def record(**meta) -> Record:
    now = dt.datetime(2025, 3, 14)
    base = {"record_type": "seizure", "id": 1, "uuid": "u", "origin": "XA-TEST",
            "version": 1, "status": "draft", "distribution": "all", "tlp": "GREEN",
            "legal_basis": "", "unit": "A", "created_at": now, "created_by": "x",
            "updated_at": now, "updated_by": "x", "deleted": False}
    return Record(**{**base, **meta})


@pytest.mark.parametrize("distribution, tlp", sorted(EXPECTED))
def test_distribution_and_tlp_decide_the_audiences(distribution, tlp):
    reached = {kind for kind in AUDIENCES if allows(distribution, tlp, kind)}
    assert reached == EXPECTED[(distribution, tlp)]


@pytest.mark.parametrize("kind", AUDIENCES)
def test_local_records_never_leave(kind):
    for tlp in ("CLEAR", "GREEN", "AMBER"):
        assert not allows("local", tlp, kind)
    assert "never leaves" in refusal(record(distribution="local"), Audience(kind, "X"), "XA-TEST")


def test_red_never_leaves_in_a_package():
    assert "RED" in refusal(record(tlp="RED"), Audience("office", "BE-BRU"), "XA-TEST")


def test_received_records_are_never_reshared():
    reason = refusal(record(origin="BE-BRU"), Audience("office", "NL-AMS"), "XA-TEST")
    assert reason.startswith("received from BE-BRU")


def shared_uuids(plan) -> set[str]:
    return {line["uuid"] for package in plan.packages
            for line in read_lines(package.parts_folder / "records.jsonl")}


def held_reasons(plan) -> dict[str, str]:
    return {line["uuid"]: line["reason"] for line in read_lines(plan.held_back_file)}


def test_a_share_holds_back_what_the_rules_keep_and_says_why(office):
    s = office.supervisor
    shared = s.create("seizure", seizure(reference="OK-1"), distribution="group", tlp="AMBER")
    local = s.create("seizure", seizure(reference="LOCAL-1"), distribution="local", tlp="GREEN")
    red = s.create("seizure", seizure(reference="RED-1"), distribution="all", tlp="RED")
    strict = s.create("seizure", seizure(reference="STRICT-1"), distribution="group",
                      tlp="AMBER+STRICT")
    refs = (shared.ref, local.ref, red.ref, strict.ref)
    with build_share(office.analyst, Audience("group", "NORTH"), Selection(refs=refs),
                     office.keyring) as plan:
        assert shared_uuids(plan) == {shared.uuid}
        reasons = held_reasons(plan)
    assert set(reasons) == {local.uuid, red.uuid, strict.uuid}
    assert "local" in reasons[local.uuid]
    assert "RED" in reasons[red.uuid]
    assert "AMBER+STRICT" in reasons[strict.uuid]


def test_amber_strict_goes_to_one_named_office(office):
    strict = office.supervisor.create("seizure", seizure(), distribution="group",
                                      tlp="AMBER+STRICT")
    with build_share(office.analyst, Audience("office", "BE-BRU"),
                     Selection(refs=(strict.ref,)), office.keyring) as plan:
        assert shared_uuids(plan) == {strict.uuid}
        assert [p.recipients for p in plan.packages] == [("BE-BRU",)]


def test_a_group_share_goes_to_the_active_members_but_not_to_this_office(office):
    record_ = office.supervisor.create("seizure", seizure(), distribution="group", tlp="GREEN")
    with build_share(office.analyst, Audience("group", "NORTH"),
                     Selection(refs=(record_.ref,)), office.keyring) as plan:
        assert [p.recipients for p in plan.packages] == [("BE-BRU", "NL-AMS")]


def test_a_tombstone_goes_only_to_offices_that_hold_the_record(office, tmp_path):
    s = office.supervisor
    record_ = s.create("seizure", seizure(), distribution="all", tlp="GREEN")
    with build_share(office.analyst, Audience("office", "BE-BRU"),
                     Selection(refs=(record_.ref,)), office.keyring) as plan:
        seal_share(plan, office.keys, office.keyring, tmp_path / "out")
    s.tombstone(record_.ref, expected_version=1)
    with build_share(office.analyst, Audience("all"), Selection(query="reference:X"),
                     office.keyring) as plan:
        [package] = plan.packages
        assert package.recipients == ("BE-BRU",)
        [line] = read_lines(package.parts_folder / "records.jsonl")
    assert (line["uuid"], line["deleted"], line["fields"], line["version"]) == (
        record_.uuid, True, {}, 2)


def test_a_deleted_record_nobody_holds_is_held_back(office):
    s = office.supervisor
    record_ = s.create("seizure", seizure(), distribution="all", tlp="GREEN")
    s.tombstone(record_.ref, expected_version=1)
    with build_share(office.analyst, Audience("all"), Selection(refs=(record_.ref,)),
                     office.keyring) as plan:
        assert plan.packages == []
        assert "no recipient holds" in held_reasons(plan)[record_.uuid]
