"""The non-nominal export: seizures with X fields that name nobody, and offender summaries."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sharing_world import company, seizure, suspect

from ncen_core.declarations import Audience
from ncen_plugins.comms.sharing import (
    Selection,
    ShareError,
    build_share,
    export_non_nominal,
    seal_share,
)
from ncen_plugins.comms.sharing.non_nominal import age_at
from ncen_plugins.comms.sharing.plan import read_lines


@pytest.mark.parametrize("born, on, expected", [
    ("1987-03-20", dt.date(2025, 3, 14), (37, None)),
    ("1987-03-14", dt.date(2025, 3, 14), (38, None)),
    ("1987-03", dt.date(2025, 3, 14), (None, "37-38")),
    ("1987-03", dt.date(2025, 4, 1), (38, None)),
    ("1987", dt.date(2025, 6, 30), (None, "37-38")),
    ("1987", dt.date(2025, 12, 31), (38, None)),
    (None, dt.date(2025, 3, 14), (None, None)),
    ("1987-03", None, (None, None)),
    ("2026", dt.date(2025, 3, 14), (None, None)),
])
def test_age_at_the_seizure_date_from_a_partial_birth_date(born, on, expected):
    assert age_at(born, on) == expected


def export_lines(office, refs):
    with build_share(office.analyst, Audience("non_nominal"), Selection(refs=refs)) as plan:
        return list(read_lines(plan.export_file)), {
            line["uuid"]: line["reason"] for line in read_lines(plan.held_back_file)}


def test_a_seizure_goes_with_the_offender_summary_of_its_linked_suspects(office):
    s = office.supervisor
    found = s.create("seizure", seizure(), distribution="all", tlp="GREEN")
    courier = s.create("suspect", suspect(), distribution="local", tlp="RED")
    driver = s.create("suspect", suspect(gender="F", date_of_birth="1990-01-02",
                                         nationalities=[{"country": "NL"}]))
    s.links.add(found.ref, courier.ref, "SEIZ_SUSP_COURIER")
    s.links.add(found.ref, driver.ref, "SEIZ_SUSP_DRIVER")
    [line], held = export_lines(office, (found.ref,))
    assert held == {}
    persons = sorted(line["offenders"]["persons"], key=lambda p: p["gender"])
    assert line["offenders"]["count"] == 2
    assert persons == [
        {"nationalities": ["NL"], "gender": "F", "age": 35, "age_band": None},
        {"nationalities": ["BE", "MA"], "gender": "M", "age": None, "age_band": "37-38"},
    ]


def test_only_fields_that_name_nobody_go(office):
    found = office.supervisor.create(
        "seizure", seizure(containers=[{"container_number": "MSCU1234566"}],
                           flight_number="AF 123"), distribution="all", tlp="GREEN")
    [line], _ = export_lines(office, (found.ref,))
    fields = line["fields"]
    assert {"reference", "seizure_date", "place_country", "items", "route"} <= set(fields)
    assert not {"containers", "flight_number", "vehicle_plate", "narrative",
                "transport_document", "informant_code"} & set(fields)
    assert fields["escorts"] == [{"escort_unit": "Dock patrol"}]
    assert "description" not in fields["items"][0]


def test_persons_companies_and_narrow_seizures_are_held_back(office):
    s = office.supervisor
    person = s.create("suspect", suspect(), distribution="all", tlp="GREEN")
    firm = s.create("company", company(), distribution="all", tlp="GREEN")
    amber = s.create("seizure", seizure(), distribution="all", tlp="AMBER")
    group = s.create("seizure", seizure(), distribution="group", tlp="GREEN")
    lines, held = export_lines(office, (person.ref, firm.ref, amber.ref, group.ref))
    assert lines == []
    assert "offender summaries" in held[person.uuid] and firm.uuid in held
    assert "AMBER" in held[amber.uuid] and "distribution group" in held[group.uuid]


def test_the_export_file_holds_the_plan_lines_and_is_audited(office, tmp_path):
    found = office.supervisor.create("seizure", seizure(), distribution="all", tlp="GREEN")
    with build_share(office.analyst, Audience("non_nominal"),
                     Selection(refs=(found.ref,))) as plan:
        path = export_non_nominal(plan, tmp_path / "out")
        assert path.read_bytes() == plan.export_file.read_bytes()
    [line] = [json.loads(text) for text in path.read_text().splitlines()]
    assert line["uuid"] == found.uuid
    Audit = office.ncen.system.AuditEntry
    entry = Audit.select().where(Audit.action == "export").get()
    assert json.loads(entry.detail)["seizures"] == 1 and entry.username == "anna"


def test_a_non_nominal_plan_is_not_sealed(office, tmp_path):
    found = office.supervisor.create("seizure", seizure(), distribution="all", tlp="GREEN")
    with build_share(office.analyst, Audience("non_nominal"),
                     Selection(refs=(found.ref,))) as plan, pytest.raises(ShareError):
        seal_share(plan, office.keys, office.keyring, tmp_path)
