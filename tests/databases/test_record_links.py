"""Links between seizures, suspects and companies: each pair takes the roles of its own part
of the ``link_role`` code list, refuses the others, and is seen from both ends; deleting a
record tombstones its links."""

from __future__ import annotations

from decimal import Decimal

import pytest
from databases_support import company_values, seizure_values, suspect_values

from ncen_core import audit
from ncen_core.errors import ValidationError


@pytest.fixture
def records(people):
    """Two records of each type, entered by the officer."""
    officer = people["officer"]
    return {
        "seizure": officer.create("seizure", seizure_values()),
        "seizure2": officer.create("seizure", seizure_values(reference="SZ-2025-000418")),
        "suspect": officer.create("suspect", suspect_values()),
        "suspect2": officer.create("suspect", suspect_values(
            family_name="El Amrani", given_names="Karim", name_original_script="كريم العمراني",
            aliases=[], documents=[], date_of_birth="1990")),
        "company": officer.create("company", company_values()),
        "company2": officer.create("company", company_values(
            legal_name="Scheldt Holding NV", legal_form="PUBLIC_LIMITED")),
    }


PAIRS = [
    ("seizure", "suspect", "SEIZ_SUSP_COURIER"),
    ("seizure", "suspect", "SEIZ_SUSP_DRIVER"),
    ("seizure", "company", "SEIZ_COMP_IMPORTER"),
    ("seizure", "company", "SEIZ_COMP_FORWARDER"),
    ("suspect", "company", "SUSP_COMP_DIRECTOR"),
    ("suspect", "suspect2", "SUSP_SUSP_ASSOCIATE"),
    ("suspect", "suspect2", "SUSP_SUSP_CO_OFFENDER"),
    ("company", "company2", "COMP_COMP_PARENT"),
    ("company", "company2", "COMP_COMP_SAME_ADDRESS"),
]


@pytest.mark.parametrize(("a", "b", "role"), PAIRS)
def test_pair_is_linked_with_its_role_and_seen_from_both_ends(people, records, a, b, role):
    officer = people["officer"]
    one, other = records[a].ref, records[b].ref
    link = officer.links.add(one, other, role, confidence=90)
    assert [(found.uuid, found.role) for found in officer.links.of(one)] == [(link.uuid, role)]
    assert [found.other(other) for found in officer.links.of(other)] == [one]


def test_pair_may_be_linked_from_either_end(people, records):
    officer = people["officer"]
    link = officer.links.add(records["company"].ref, records["seizure"].ref, "SEIZ_COMP_CARRIER")
    assert officer.links.of(records["seizure"].ref)[0].uuid == link.uuid


def test_shareholder_link_carries_the_share(people, records):
    officer = people["officer"]
    officer.links.add(records["suspect"].ref, records["company"].ref, "SUSP_COMP_SHAREHOLDER",
                      share_percent=Decimal("37.5"))
    officer.links.add(records["suspect2"].ref, records["company"].ref, "SUSP_COMP_SHAREHOLDER",
                      share_percent=62.5)
    shares = sorted(found.share_percent for found in officer.links.of(records["company"].ref))
    assert shares == [Decimal("37.5"), Decimal("62.5")]


def test_a_share_above_one_hundred_percent_is_refused(people, records):
    with pytest.raises(ValidationError) as caught:
        people["officer"].links.add(records["suspect"].ref, records["company"].ref,
                                    "SUSP_COMP_SHAREHOLDER", share_percent=120)
    assert "share_percent" in caught.value.problems


@pytest.mark.parametrize(("a", "b", "role"), [
    ("seizure", "suspect", "SEIZ_COMP_IMPORTER"),
    ("seizure", "company", "SEIZ_SUSP_COURIER"),
    ("suspect", "company", "SUSP_SUSP_FAMILY"),
    ("suspect", "suspect2", "SUSP_COMP_DIRECTOR"),
    ("company", "company2", "SUSP_COMP_OWNER"),
    ("seizure", "seizure2", "SEIZ_SUSP_COURIER"),
])
def test_role_of_another_pair_is_refused(people, records, a, b, role):
    with pytest.raises(ValidationError) as caught:
        people["officer"].links.add(records[a].ref, records[b].ref, role)
    assert "role" in caught.value.problems
    assert people["officer"].links.of(records[a].ref) == []


def test_role_outside_the_code_list_is_refused(people, records):
    with pytest.raises(ValidationError, match="unknown link role 'BOSS'"):
        people["officer"].links.add(records["suspect"].ref, records["company"].ref, "BOSS")


def test_removed_link_is_gone_from_both_ends(people, records):
    officer = people["officer"]
    officer.links.add(records["seizure"].ref, records["suspect"].ref, "SEIZ_SUSP_COURIER")
    link = officer.links.of(records["seizure"].ref)[0]
    officer.links.remove(link.uuid, expected_version=link.version)
    assert officer.links.of(records["suspect"].ref) == []


def test_deleting_a_record_tombstones_its_links_with_their_notes_cleared(ncen, people, records):
    officer = people["officer"]
    seizure, suspect = records["seizure"], records["suspect"]
    link = officer.links.add(seizure.ref, suspect.ref, "SEIZ_SUSP_COURIER",
                             note="Met the driver at the Total station on the E17")
    officer.tombstone(suspect.ref, expected_version=suspect.version)
    assert officer.links.of(seizure.ref) == []
    Link = ncen.system.Link
    row = Link.get(Link.uuid == link.uuid)
    assert (row.deleted, row.version, row.note, row.updated_by) == (True, 2, "", "olga")


def test_deleting_a_record_leaves_the_links_of_other_records(people, records):
    officer = people["officer"]
    officer.links.add(records["seizure"].ref, records["suspect"].ref, "SEIZ_SUSP_COURIER")
    kept = officer.links.add(records["seizure"].ref, records["company"].ref,
                             "SEIZ_COMP_IMPORTER")
    officer.tombstone(records["suspect"].ref, expected_version=1)
    assert [found.uuid for found in officer.links.of(records["seizure"].ref)] == [kept.uuid]


def test_the_tombstone_audit_entry_names_the_links_it_removed(ncen, people, records):
    officer = people["officer"]
    link = officer.links.add(records["suspect"].ref, records["suspect2"].ref,
                             "SUSP_SUSP_ASSOCIATE")
    officer.tombstone(records["suspect2"].ref, expected_version=1)
    suspect2 = records["suspect2"]
    [entry] = audit.history(ncen.system, "suspect", suspect2.origin, suspect2.uuid, limit=1)
    assert (entry.action, entry.detail) == ("tombstone", {"version": 2, "links": [link.uuid]})
