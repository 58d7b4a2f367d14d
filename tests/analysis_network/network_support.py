"""Small builders of suspects, companies and seizures for the link-analysis tests."""

from __future__ import annotations

from ncen_core.app import Ncen
from ncen_core.record_service import RecordService
from ncen_core.users import add_user


def officer_of(ncen: Ncen) -> RecordService:
    """The record service of an officer of unit A (officers create and analyse links)."""
    user = add_user(ncen.system, "olga", "user-password-1", "officer", full_name="Olga", unit="A")
    return RecordService(ncen, user)


def suspect(service: RecordService, family: str, *, phones=(), documents=(), addresses=()):
    """A suspect with the given phones, document numbers and addresses (dicts)."""
    return service.create("suspect", {
        "family_name": family,
        "phones": [{"phone": phone} for phone in phones],
        "documents": [{"document_type": "PASSPORT", "number": number} for number in documents],
        "addresses": list(addresses),
    })


def company(service: RecordService, name: str, *, addresses=(), phones=()):
    """A company with the given addresses (dicts) and phones."""
    return service.create("company", {
        "legal_name": name, "addresses": list(addresses),
        "phones": [{"phone": phone} for phone in phones]})


def seizure(service: RecordService, reference: str, *, plate=None, date="2026-03-01"):
    """A seizure of 1 kg of drugs with an optional vehicle plate."""
    return service.create("seizure", {
        "reference": reference, "seizure_date": date, "vehicle_plate": plate,
        "items": [{"commodity": "DRUGS", "quantity": {"amount": "1", "unit": "KG"}}]})

