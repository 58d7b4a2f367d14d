"""Builders for the rule tests: accounts, seizures with quantities, suspects."""

from __future__ import annotations

from ncen_testing import USER_PASSWORD

from ncen_core.app import Ncen
from ncen_core.record_service import RecordService
from ncen_core.users import add_user


def service_of(ncen: Ncen, username: str, role: str, unit: str = "A") -> RecordService:
    """The record service of a new account."""
    user = add_user(ncen.system, username, USER_PASSWORD, role, full_name=username.title(),
                    unit="" if role == "analyst" else unit)
    return RecordService(ncen, user)


def seizure_values(reference: str, *items: tuple[str, str, str], date: str = "2026-03-01",
                   **extra) -> dict:
    """A seizure's values; each item is (commodity, amount, unit)."""
    return {"reference": reference, "seizure_date": date,
            "items": [{"commodity": commodity, "quantity": {"amount": amount, "unit": unit}}
                      for commodity, amount, unit in items], **extra}
