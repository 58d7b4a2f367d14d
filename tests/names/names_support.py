"""Installations and data for the name and identifier tests.

The installation has the seizure, suspect and company databases and belongs to office
``FR-CDG``, so national phone numbers typed there are read as French. Distractors are
written the way an import writes them: rows inserted in bulk, then
:func:`~ncen_core.names.name_index.index_names_many`.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import yaml

from ncen_core.app import Ncen, open_ncen
from ncen_core.config import Config, DatabaseConfig, PluginsConfig
from ncen_core.names.name_index import index_names_many
from ncen_core.office import initialise_office
from ncen_core.record_service import RecordService
from ncen_core.storage import write_transaction
from ncen_core.users import add_user

import name_pools

PERSONS_FILE = Path(__file__).with_name("name_recall_persons.yaml")
OFFICE = "FR-CDG"


def open_databases(db_url: str, tmp_path: Path, *, office: str = OFFICE,
                   fields_dirs: tuple[Path, ...] = ()) -> Ncen:
    """An initialised installation of ``office`` with the built-in databases."""
    config = Config(database=DatabaseConfig(url=db_url), data_dir=tmp_path / "data",
                    plugins=PluginsConfig(folder=None), fields_dirs=fields_dirs)
    ncen = open_ncen(config, require_current_schema=False)
    initialise_office(ncen, office, "Test office", "admin", "admin-password-1")
    return ncen


def officer(ncen: Ncen) -> RecordService:
    """The record service of an officer of unit A."""
    user = add_user(ncen.system, "olga", "user-password-1", "officer", full_name="Olga", unit="A")
    return RecordService(ncen, user)


def labelled_persons() -> list[tuple[dict[str, Any], list[tuple[str, str]]]]:
    """Each labelled person with its (category, variant) pairs."""
    data = yaml.safe_load(PERSONS_FILE.read_text(encoding="utf-8"))
    result = []
    for person, variants in zip(data["persons"], data["variants"], strict=True):
        pairs = [(category.rstrip("2"), text) for item in variants
                 for category, text in item.items()]
        result.append((person, pairs))
    return result


def person_values(person: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(record type, values) of a labelled person or company as an officer enters it."""
    if person.get("type") == "company":
        values = {"legal_name": person["family"], "country": person["nat"]}
        if person.get("script"):
            values["name_original_script"] = person["script"]
        return "company", values
    values = {"family_name": person["family"], "given_names": person["given"],
              "date_of_birth": person["dob"], "gender": person["gender"],
              "nationalities": [{"country": person["nat"]}]}
    if person.get("script"):
        values["name_original_script"] = person["script"]
    return "suspect", values


def add_distractors(ncen: Ncen, people: int, companies: int) -> None:
    """Bulk-load generated suspects and companies, with their names indexed."""
    with write_transaction(ncen.database):
        bulk_records(ncen, "suspect", [{"family_name": family, "given_names": given}
                                for family, given in name_pools.distractors(people)])
        bulk_records(ncen, "company", [{"legal_name": name}
                                for name in name_pools.distractor_companies(companies)])


def bulk_records(ncen: Ncen, record_type: str, values: list[dict[str, Any]]) -> None:
    models = ncen.models_for(record_type)
    first = (models.main.select(models.main.id).order_by(models.main.id.desc()).scalar() or 0) + 1
    rows = [{"id": first + i, "uuid": str(uuid.uuid4()), "origin": OFFICE, **v}
            for i, v in enumerate(values)]
    for start in range(0, len(rows), 500):
        models.main.insert_many(rows[start:start + 500]).execute()
    index_names_many(ncen.database, models.record_type,
                     [(row["id"], row) for row in rows])
