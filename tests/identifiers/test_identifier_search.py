"""Identifiers are normalised on save, in the record's transaction, and found exactly however
they are typed: one test per identifier kind, on both backends."""

from __future__ import annotations

import datetime as dt

import pytest

from ncen_core.errors import ValidationError
from ncen_core.identifier_index import find_by_identifier, index_identifiers_many, office_region
from ncen_core.identifiers import identifier_candidates
from ncen_core.storage import write_transaction

from identifiers_support import officer, open_databases
from ncen_testing import statements_run_by


@pytest.fixture
def ncen(db_url, tmp_path):
    installation = open_databases(db_url, tmp_path)
    yield installation
    installation.close()


@pytest.fixture
def service(ncen):
    return officer(ncen)


def found(ncen, typed, record_types=("seizure", "suspect", "company")):
    """Ids of the records an officer finds by typing ``typed``."""
    pairs = identifier_candidates(typed, region=office_region(ncen.office_code))
    return {record_id for _, record_id in find_by_identifier(ncen, pairs,
                                                             record_types=record_types)}


def seizure(service, **values):
    return service.create("seizure", {"reference": "SZ-1", "seizure_date": dt.date(2025, 3, 14),
                                      **values})


def suspect(service, **values):
    return service.create("suspect", {"family_name": "Doe", **values})


def company(service, **values):
    return service.create("company", {"legal_name": "Acme Trading", **values})


@pytest.mark.parametrize("typed", ["AB1234567", "ab 123 456 7", "AB-123.4567"])
def test_passport_number_is_found_however_typed(ncen, service, typed):
    record = suspect(service, documents=[{"document_type": "PASSPORT", "number": "ab 1234567"}])
    assert found(ncen, typed) == {record.id}


@pytest.mark.parametrize("typed", ["+33 6 12 34 56 78", "0033612345678", "06.12.34.56.78",
                                   "612345678"])
def test_phone_is_found_in_national_and_international_forms(ncen, service, typed):
    record = suspect(service, phones=[{"phone": "06 12 34 56 78"}])
    assert found(ncen, typed) == {record.id}


def test_phone_saved_where_the_country_is_unknown_is_found_by_its_e164_form(db_url, tmp_path):
    ncen = open_databases(db_url, tmp_path, office="XA-TEST")
    try:
        record = suspect(officer(ncen), phones=[{"phone": "06 12 34 56 78"}])
        assert found(ncen, "+33 6 12 34 56 78") == {record.id}
    finally:
        ncen.close()


@pytest.mark.parametrize("typed", ["ab-123-cd", "AB 123 CD", "ab123cd"])
def test_vehicle_plate_is_found_however_typed(ncen, service, typed):
    record = seizure(service, vehicle_plate="AB-123-CD")
    assert found(ncen, typed) == {record.id}


def test_plate_typed_in_cyrillic_letters_is_found_by_latin_ones(ncen, service):
    record = seizure(service, vehicle_plate="А 123 ВС 77")
    assert found(ncen, "a123bc77") == {record.id}


@pytest.mark.parametrize("typed", ["9074729", "IMO 9074729", "imo907-4729"])
def test_vessel_imo_is_found_with_or_without_its_prefix(ncen, service, typed):
    record = seizure(service, vessel_imo="IMO 9074729")
    assert found(ncen, typed) == {record.id}


@pytest.mark.parametrize("typed", ["MSCU1234566", "mscu 123456-6", "MSCU 123456"])
def test_container_is_found_however_typed_even_without_its_check_digit(ncen, service, typed):
    record = seizure(service, containers=[{"container_number": "MSCU 123456 6"}])
    assert found(ncen, typed) == {record.id}


@pytest.mark.parametrize("typed", ["AF12", "af 0012", "AF-012"])
def test_flight_number_is_found_whatever_its_leading_zeros(ncen, service, typed):
    record = seizure(service, flight_number="AF 012")
    assert found(ncen, typed) == {record.id}


def test_company_registration_number_is_found_however_typed(ncen, service):
    record = company(service, registration_number="HRB 12345 B")
    assert found(ncen, "hrb-12345-b") == {record.id}


def test_tax_number_is_found_however_typed(ncen, service):
    record = company(service, tax_number="12/345/67890")
    assert found(ncen, "12 345 67890") == {record.id}


def test_eori_number_is_found_however_typed(ncen, service):
    record = company(service, customs_number="FR 1234567890 0001")
    assert found(ncen, "fr12345678900001") == {record.id}


def test_vat_number_is_found_without_its_country_prefix(ncen, service):
    record = company(service, vat_number="FR 12 345678901")
    assert found(ncen, "12345678901") == {record.id}


def test_vat_number_with_a_prefix_does_not_find_another_countrys_number(ncen, service):
    company(service, vat_number="DE 12345678901")
    french = company(service, legal_name="Acme France", vat_number="FR12345678901")
    assert found(ncen, "FR 12345678901") == {french.id}


def test_email_is_found_whatever_its_case(ncen, service):
    record = suspect(service, emails=[{"email": "J.Doe@Example.com"}])
    assert found(ncen, "j.doe@EXAMPLE.com") == {record.id}


def test_search_is_restricted_to_the_record_types_asked_for(ncen, service):
    suspect(service, phones=[{"phone": "+33 6 12 34 56 78"}])
    firm = company(service, phones=[{"phone": "+33 6 12 34 56 78"}])
    assert found(ncen, "0612345678", record_types=["company"]) == {firm.id}


def test_update_replaces_the_identifiers(ncen, service):
    record = seizure(service, vehicle_plate="AB-123-CD")
    service.update(record.ref, {"vehicle_plate": "XY-987-ZZ"}, expected_version=1)
    assert found(ncen, "AB123CD") == set()
    assert found(ncen, "XY987ZZ") == {record.id}


def test_tombstone_removes_the_identifiers(ncen, service):
    record = seizure(service, vehicle_plate="AB-123-CD")
    service.tombstone(record.ref, expected_version=1)
    assert found(ncen, "AB123CD") == set()


def test_refused_record_leaves_no_identifier(ncen, service):
    with pytest.raises(ValidationError):
        seizure(service, vehicle_plate="AB-123-CD", vessel_imo="IMO 9074720")
    assert found(ncen, "AB123CD") == set()


def test_custom_field_declared_as_identifier_in_yaml_is_indexed(db_url, tmp_path):
    fields = tmp_path / "fields"
    fields.mkdir()
    (fields / "driver.yaml").write_text(
        "seizure:\n  - {name: driver_phone, label: Driver phone, kind: text,\n"
        "     classification: N, identifier: phone}\n", encoding="utf-8")
    ncen = open_databases(db_url, tmp_path, fields_dirs=(fields,))
    try:
        record = seizure(officer(ncen), driver_phone="06 12 34 56 78")
        assert found(ncen, "+33612345678") == {record.id}
    finally:
        ncen.close()


def test_lookup_goes_through_the_kind_and_value_key(ncen):
    suspect_type = ncen.models_for("suspect").record_type
    with write_transaction(ncen.database):
        index_identifiers_many(ncen.database, suspect_type, [
            (number, {"phones": [{"phone": f"+33 6 12 34 {number:04d}"}]})
            for number in range(5000)])
    if not ncen.database.__class__.__name__.startswith("Sqlite"):
        ncen.database.execute_sql("ANALYZE ncen_identifier")
    statements = statements_run_by(
        ncen, lambda: found(ncen, "+33 6 12 34 0042", record_types=["suspect"]))
    sql, params = statements[-1]
    original = ncen.database.execute_sql
    if ncen.database.__class__.__name__.startswith("Sqlite"):
        plan = " ".join(str(row) for row in original("EXPLAIN QUERY PLAN " + sql, params))
        assert "ncen_identifier_1 (kind=? AND value=?" in plan
    else:
        plan = " ".join(row[0] for row in original("EXPLAIN " + sql, params))
        assert "Index Cond: (((kind)::text = " in plan
