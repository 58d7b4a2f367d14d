"""Personal-data canaries: every N and S value of the three record types (child groups and
custom fields included), a link note and a photo caption are sentinels; packages for each
audience and the non-nominal export are decrypted and searched for them.

A sentinel may appear only where the rules allow it: all of them for a named office with a
legal basis, none for a share without one, for every office, or for the non-nominal
export. The field names of every line are checked against the classification as well, so
code, country and date fields (too short to search for) are covered too.
"""

from __future__ import annotations

import pytest
from sharing_world import BASIS, company, open_office, photo, seizure, suspect

from ncen_core.declarations import Audience
from ncen_core.fields import Classification, Kind
from ncen_plugins.comms.sharing import Selection, build_share, export_non_nominal, seal_share
from ncen_plugins.comms.sharing.allow_list import is_non_nominal
from ncen_plugins.comms.sharing.plan import read_lines

RECORD_BASIS = "Naples II convention art. 11"
LINK_NOTE, CAPTION = "CNRY link note", "CNRY caption"
X = Classification.EXPORTABLE

CASES = {
    "office with a share legal basis": (Audience("office", "BE-BRU", BASIS), "group", "AMBER",
                                        "", "everything"),
    "group with the records' legal basis": (Audience("group", "NORTH"), "group", "AMBER",
                                            RECORD_BASIS, "all but the link note"),
    "group without a legal basis": (Audience("group", "NORTH"), "group", "AMBER", "",
                                    "nothing"),
    "every office, even with a legal basis": (Audience("all"), "all", "GREEN", RECORD_BASIS,
                                              "nothing"),
    "non-nominal export": (Audience("non_nominal"), "all", "GREEN", RECORD_BASIS, "nothing"),
}


def sentinels(office, records) -> set[str]:
    """Every N or S text value of ``records`` long enough to search for unambiguously."""
    found = set()
    for record in records:
        record_type = office.ncen.registry.record_type(record.record_type)
        for spec in record_type.fields:
            value = record.values.get(spec.name)
            if spec.kind is Kind.GROUP:
                found.update(row[member.name] for row in value for member in spec.fields
                             if X is not spec.classification
                             or X is not member.classification)
            elif spec.classification is not X:
                found.add(value)
    return {value for value in found if isinstance(value, str) and len(value) >= 6}


def make_records(office, distribution, tlp, basis):
    s = office.supervisor
    meta = {"distribution": distribution, "tlp": tlp, "legal_basis": basis}
    found = s.create("seizure", seizure(), **meta)
    person = s.create("suspect", suspect(), **meta)
    firm = s.create("company", company(), **meta)
    s.links.add(found.ref, person.ref, "SEIZ_SUSP_COURIER", note=LINK_NOTE)
    s.links.add(found.ref, firm.ref, "SEIZ_COMP_IMPORTER", note=LINK_NOTE)
    s.attachments.add(found.ref, photo(), caption=CAPTION)
    return [found, person, firm]


def check_field_names(office, line, audience, personal):
    """Every field of a shared line is allowed by its classification, members too."""
    record_type = office.ncen.registry.record_type(line["type"])
    for name, value in line["fields"].items():
        spec = record_type.field(name)
        members = [spec.member(key) for row in value for key in row] if (
            spec.kind is Kind.GROUP) else []
        for checked in (spec, *members):
            if audience.kind == "non_nominal":
                assert is_non_nominal(checked), (line["type"], checked.name)
            elif not personal:
                assert checked.classification is X, (line["type"], checked.name)


def package_text(office, plan, tmp_path):
    """The decrypted parts of every package of ``plan``, for each of its recipients."""
    texts = []
    for path, package in zip(seal_share(plan, office.keys, office.keyring, tmp_path),
                             plan.packages, strict=True):
        for me in package.recipients:
            with office.open(path, me) as opened:
                texts.extend(opened.open_part(name).read() for name in opened.files)
    return b"".join(texts).decode("utf-8", errors="replace")


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_sentinel_appears_only_where_the_rules_allow(db_url, tmp_path, case):
    audience, distribution, tlp, basis, expected = CASES[case]
    office = open_office(db_url, tmp_path)
    try:
        records = make_records(office, distribution, tlp, basis)
        canaries = sentinels(office, records) | {LINK_NOTE, CAPTION}
        with build_share(office.analyst, audience, Selection(refs=tuple(r.ref for r in records)),
                         office.keyring) as plan:
            personal = expected != "nothing"
            for package in plan.packages:
                for line in read_lines(package.parts_folder / "records.jsonl"):
                    check_field_names(office, line, audience, personal)
            for line in read_lines(plan.export_file):
                check_field_names(office, line, audience, False)
            if audience.kind == "non_nominal":
                shared = export_non_nominal(plan, tmp_path / "out").read_text("utf-8")
            else:
                shared = package_text(office, plan, tmp_path / "out")
    finally:
        office.ncen.close()
    allowed = {"everything": canaries, "all but the link note": canaries - {LINK_NOTE},
               "nothing": set()}[expected]
    assert len(canaries) >= 35
    assert {c for c in canaries if c in shared} == allowed
    assert "sven" not in shared and "anna" not in shared
    assert "CNRYFAMILY" not in shared or personal
