"""An installation of an office in France (national phone numbers read as French) with the
built-in databases, and small builders of suspects, companies and seizures."""

from __future__ import annotations

from pathlib import Path

from ncen_core.app import Ncen, open_ncen
from ncen_core.config import Config, DatabaseConfig, PluginsConfig
from ncen_core.office import initialise_office
from ncen_core.record_service import RecordService
from ncen_core.users import add_user

OFFICE = "FR-CDG"


def open_office(db_url: str, tmp_path: Path, **settings) -> Ncen:
    """An initialised installation of ``FR-CDG`` with the seizure, suspect and company types."""
    config = Config(database=DatabaseConfig(url=db_url), data_dir=tmp_path / "data",
                    plugins=PluginsConfig(folder=None), fields_dirs=(), **settings)
    ncen = open_ncen(config, require_current_schema=False)
    initialise_office(ncen, OFFICE, "Roissy", "admin", "admin-password-1")
    return ncen


def analyst(ncen: Ncen) -> RecordService:
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


def write_config(ncen: Ncen, folder: Path) -> Path:
    """A configuration file naming the installation's database, for CLI tests."""
    path = folder / "ncen.yaml"
    path.write_text(f'database:\n  url: "{ncen.config.database.url}"\n'
                    "plugins:\n  folder: null\nfields_dirs: []\n", encoding="utf-8")
    return path
