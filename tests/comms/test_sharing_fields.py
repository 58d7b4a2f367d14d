"""Which fields go: X everywhere, S and N only to named recipients with a legal basis,
groups member by member, and plugins may only remove."""

from __future__ import annotations

from sharing_world import open_office, seizure, suspect

from ncen_core import hookimpl
from ncen_core.declarations import Audience
from ncen_plugins.comms.sharing import Selection, build_share
from ncen_plugins.comms.sharing.plan import read_lines


def shared_fields(office, record, audience):
    with build_share(office.analyst, audience, Selection(refs=(record.ref,)),
                     office.keyring) as plan:
        [package] = plan.packages
        [line] = read_lines(package.parts_folder / "records.jsonl")
    return line["fields"]


def test_without_a_legal_basis_only_exportable_fields_go(office):
    record = office.supervisor.create("seizure", seizure(), distribution="group", tlp="AMBER")
    fields = shared_fields(office, record, Audience("group", "NORTH"))
    assert {"reference", "seizure_date", "items", "route", "escorts"} <= set(fields)
    assert not {"narrative", "vehicle_plate", "transport_document", "informant_code",
                "operation_name"} & set(fields)


def test_a_group_loses_its_personal_and_sensitive_members(office):
    record = office.supervisor.create("seizure", seizure(), distribution="all", tlp="GREEN")
    fields = shared_fields(office, record, Audience("all"))
    assert "description" not in fields["items"][0]
    assert fields["items"][0]["brand"] == "Rolex"
    assert fields["escorts"] == [{"escort_unit": "Dock patrol"}]


def test_the_share_legal_basis_lets_personal_fields_go_to_a_named_office(office):
    record = office.supervisor.create("seizure", seizure(), distribution="group", tlp="AMBER")
    fields = shared_fields(office, record, Audience("office", "BE-BRU", "Art. 12 MAA"))
    assert fields["narrative"] == "CNRY narrative naming people"
    assert fields["items"][0]["description"] == "CNRY item description"
    assert fields["escorts"][0]["escort_officer"] == "CNRY escort officer"


def test_the_record_legal_basis_lets_personal_fields_go_to_a_group(office):
    record = office.supervisor.create("suspect", suspect(), distribution="group", tlp="AMBER",
                                      legal_basis="Naples II art. 11")
    fields = shared_fields(office, record, Audience("group", "NORTH"))
    assert fields["family_name"] == "CNRYFAMILY"
    assert fields["alerts"][0]["reason"] == "CNRY alert reason"


def test_a_legal_basis_never_opens_personal_fields_to_every_office(office):
    record = office.supervisor.create("suspect", suspect(), distribution="all", tlp="GREEN",
                                      legal_basis="Naples II art. 11")
    fields = shared_fields(office, record, Audience("all"))
    assert fields == {}


def test_empty_allowed_fields_are_present_and_unshared_ones_absent(office):
    record = office.supervisor.create("seizure", seizure(narrative=""), distribution="all",
                                      tlp="GREEN")
    fields = shared_fields(office, record, Audience("all"))
    assert fields["unlocode"] is None and fields["containers"] == []
    assert "narrative" not in fields


class Redactor:
    """Removes the brand of every item and the place; tries to add a field back."""

    @hookimpl
    def redact_record(self, record, audience):
        record["narrative"] = "added by a plugin"
        return {"place_name", "items.brand", "narrative"}


def test_redact_record_removes_fields_and_group_members_and_adds_nothing(db_url, tmp_path):
    office = open_office(db_url, tmp_path)
    office.ncen.plugins.register(Redactor())
    try:
        record = office.supervisor.create("seizure", seizure(), distribution="all",
                                          tlp="GREEN")
        fields = shared_fields(office, record, Audience("all"))
    finally:
        office.ncen.close()
    assert "place_name" not in fields and "narrative" not in fields
    assert "brand" not in fields["items"][0] and fields["items"][0]["commodity"] == "DRUGS"
