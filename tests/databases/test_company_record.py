"""A company through the record service: names and identifiers, trade roles; edited,
validated, given its registry extract and a photo of its premises, tombstoned."""

from __future__ import annotations

import pytest
from databases_support import PDF_BYTES, company_values, photo_png

from ncen_core.errors import NotFoundError, ValidationError


@pytest.fixture
def company(officer):
    return officer.create("company", company_values())


def test_company_is_stored_with_its_identifiers(officer, company):
    values = officer.get(company.ref).values
    assert (values["registration_number"], values["vat_number"], values["customs_number"]) == (
        "0712.345.678", "BE0712345678", "BE0712345678")
    assert values["trade_roles"] == ["IMPORTER", "CONSIGNEE"]
    assert [row["name"] for row in values["trading_names"]] == ["Scheldt Fresh", "SFI Tropical"]


def test_company_is_titled_by_legal_name_and_country(ncen, company):
    assert ncen.registry.record_type("company").title(company.values) == (
        "Scheldt Fresh Imports BV (BE)")


def test_edit_records_a_suspended_aeo_status(officer, company):
    edited = officer.update(company.ref, {"aeo_status": "SUSPENDED",
                                          "trade_roles": ["IMPORTER"]}, expected_version=1)
    assert (edited.version, edited.values["aeo_status"]) == (2, "SUSPENDED")
    assert officer.get(company.ref).values["trade_roles"] == ["IMPORTER"]


@pytest.mark.parametrize(("changes", "path"), [
    ({"legal_name": ""}, "legal_name"),
    ({"legal_form": "LLC"}, "legal_form"),
    ({"trade_roles": ["IMPORTER", "SMUGGLER"]}, "trade_roles"),
    ({"country": "XX"}, "country"),
    ({"established_on": "02/09/2024"}, "established_on"),
    ({"emails": [{"email": "info at scheldt"}]}, "emails[1].email"),
])
def test_company_field_format_is_enforced(officer, changes, path):
    with pytest.raises(ValidationError) as caught:
        officer.create("company", company_values(**changes))
    assert path in caught.value.problems


def test_registry_extract_and_premises_photo_are_attached(officer, company):
    officer.attachments.add(company.ref, PDF_BYTES, caption="Registry extract",
                            category="document")
    officer.attachments.add(company.ref, photo_png(), caption="Warehouse, Noorderlaan 147")
    assert [(a.category, a.media_type) for a in officer.attachments.of(company.ref)] == [
        ("document", "application/pdf"), ("photo", "image/png")]


def test_tombstone_purges_names_and_identifiers(officer, company):
    officer.attachments.add(company.ref, PDF_BYTES, category="document")
    officer.tombstone(company.ref, expected_version=1)
    kept = officer.get(company.ref, include_deleted=True).values
    assert kept["legal_name"] is None and kept["vat_number"] is None
    assert kept["trading_names"] == [] and kept["trade_roles"] == []
    assert officer.attachments.of(company.ref) == []
    with pytest.raises(NotFoundError):
        officer.get(company.ref)
