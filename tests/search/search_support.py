"""Shared material of the search tests: one installation per module and backend, holding a
small national register entered through the record service, and helpers that search it.

The register is built once per test module (building an installation takes seconds) and
only read by the tests that use :func:`corpus`; tests that write use their own installation.

Seizures: SZ-2024-0001 (cocaine, Roissy airport), SZ-2024-0002 (cigarettes in container
MSCU1234566, Le Havre), SZ-2023-0100 (heroin in truck AB-123-CD, Marseille), SZ-RECENT
(spirits, ten days ago, entered by unit B). Suspects: Hans Müller, Youssef Benali. Company:
Acme Trading BV. Specimens (the test record type with every field kind): two.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ncen_testing import USER_PASSWORD, backend_url, backends, make_config, open_initialised

from ncen_core import hookimpl
from ncen_core.app import Ncen
from ncen_core.declarations import SearchHit, SearchRequest
from ncen_core.record_service import RecordService
from ncen_core.records import Record
from ncen_core.search.engine import search
from ncen_core.search.plugin_support import answer_search
from ncen_core.users import UserInfo, add_user

ROOT = Path(__file__).resolve().parents[2]
FIELDS_DIR = ROOT / "config" / "fields"
TODAY = dt.date.today()


@dataclass
class Corpus:
    """An installation with the register, its users and its records by short name."""

    ncen: Ncen
    users: dict[str, UserInfo]
    records: dict[str, Record]

    def find(self, query: str, *, user: str = "officer", **options: Any) -> list[str]:
        """Short names of the records ``query`` finds, in result order."""
        names = {(r.record_type, r.id): name for name, r in self.records.items()}
        results = search(self.ncen, self.users[user], query, **options)
        return [names[(hit.record_type, hit.record_id)] for hit in results.hits]

    def found(self, query: str, **options: Any) -> set[str]:
        """The same, as a set, for queries whose order does not matter."""
        return set(self.find(query, **options))


class SpecimenSearch:
    """Lets the test record type answer searches, as the built-in databases do."""

    @hookimpl
    def search(self, request: SearchRequest) -> list[SearchHit]:
        return answer_search(request, "specimen")


def open_search_installation(db_url: str, tmp_path: Path) -> Ncen:
    """An installation with the built-in databases, the example custom fields, and the
    test record type (every field kind) searchable."""
    config = make_config(db_url, tmp_path, with_databases=True, fields_dirs=(FIELDS_DIR,))
    return open_initialised(config, extra_plugins=(SpecimenSearch(),))


def add_people(ncen: Ncen) -> dict[str, UserInfo]:
    """An officer of unit A, an officer of unit B, a supervisor of A and an analyst."""
    return {
        "officer": add_user(ncen.system, "olga", USER_PASSWORD, "officer", unit="A"),
        "other_officer": add_user(ncen.system, "omar", USER_PASSWORD, "officer", unit="B"),
        "supervisor": add_user(ncen.system, "sven", USER_PASSWORD, "supervisor", unit="A"),
        "analyst": add_user(ncen.system, "anna", USER_PASSWORD, "analyst"),
    }


def build_register(ncen: Ncen, users: dict[str, UserInfo]) -> dict[str, Record]:
    """Create the register of this module's docstring."""
    olga = RecordService(ncen, users["officer"])
    omar = RecordService(ncen, users["other_officer"])
    return {
        "roissy": olga.create("seizure", {
            "reference": "SZ-2024-0001", "seizure_date": dt.date(2024, 3, 2),
            "place_name": "Roissy Charles de Gaulle", "place_country": "FR",
            "location_type": "AIRPORT", "transport_mode": "4", "flight_number": "AF 1234",
            "exceptional_concealment": True, "offence_types": ["DRUG_TRAFFICKING"],
            "route": [{"leg_type": "ORIGIN", "country": "CO", "place": "Bogotá"}],
            "items": [{"commodity": "DRUGS", "subtype": "DRUGS_COCAINE", "quantity": "12.5 KG",
                       "description": "Bricks in the suitcase lining"}],
            "narrative": "Cocaine hidden in the lining of a suitcase from Bogotá.",
            "tir_carnet_number": "XC 73265121", "controlled_delivery": True,
        }),
        "havre": olga.create("seizure", {
            "reference": "SZ-2024-0002", "seizure_date": dt.date(2024, 7, 15),
            "place_name": "Le Havre", "place_country": "FR", "location_type": "SEAPORT",
            "transport_mode": "1", "vessel_imo": "IMO 9074729",
            "containers": [{"container_number": "MSCU 123456-6"}],
            "route": [{"leg_type": "ORIGIN", "country": "CN"},
                      {"leg_type": "TRANSIT", "country": "AE", "place": "Jebel Ali"}],
            "items": [{"commodity": "TOBACCO", "subtype": "TOBACCO_CIGARETTES",
                       "quantity": "18000 STICK", "brand": "Marlboro"}],
            "narrative": "Cigarettes behind a false wall of the container.",
        }, status="submitted"),
        "marseille": olga.create("seizure", {
            "reference": "SZ-2023-0100", "seizure_date": dt.date(2023, 11, 20),
            "place_name": "Marseille", "place_country": "FR", "transport_mode": "3",
            "vehicle_plate": "AB-123-CD", "exceptional_concealment": False,
            "route": [{"leg_type": "ORIGIN", "country": "TR"}],
            "items": [{"commodity": "DRUGS", "subtype": "DRUGS_HEROIN", "quantity": "800 G"}],
            "narrative": "Heroin under the seats of a truck.",
        }),
        "recent": omar.create("seizure", {
            "reference": "SZ-RECENT", "seizure_date": TODAY - dt.timedelta(days=10),
            "place_name": "Lyon Saint-Exupéry", "place_country": "FR",
            "items": [{"commodity": "ALCOHOL", "subtype": "ALCOHOL_SPIRITS",
                       "quantity": "120 L"}],
            "narrative": "Undeclared spirits in a van.",
        }),
        "muller": olga.create("suspect", {
            "family_name": "Müller", "given_names": "Hans", "gender": "M",
            "date_of_birth": "1980-05", "nationalities": [{"country": "DE"}],
            "documents": [{"document_type": "PASSPORT", "number": "C01X00T47"}],
            "phones": [{"phone": "+49 151 2345 6789"}], "notes": "Courier for the cocaine route.",
        }),
        "benali": olga.create("suspect", {
            "family_name": "Benali", "given_names": "Youssef", "gender": "M",
            "date_of_birth": "1987-03-12", "nationalities": [{"country": "MA"}, {"country": "BE"}],
            "addresses": [{"street": "Kattendijkdok 22", "city": "Antwerpen", "country": "BE"}],
            "aliases": [{"alias": "Joe Benali"}],
        }),
        "acme": olga.create("company", {
            "legal_name": "Acme Trading BV", "country": "NL", "trade_roles": ["IMPORTER"],
            "registration_number": "NL 12345678", "notes": "Importer of bananas.",
        }),
        "specimen_a": olga.create("specimen", {
            "reference": "SP-1", "name": "Alpha specimen", "count": 7, "value": "12.50",
            "found_on": dt.date(2024, 1, 31), "born": "1980",
            "seen_at": dt.datetime(2024, 2, 1, 23, 30), "flagged": True,
            "colour": "RED", "colours": ["RED", "BLUE"], "country": "FR", "weight": "2 KG",
        }),
        "specimen_b": olga.create("specimen", {
            "reference": "SP-2", "name": "Bravo specimen", "count": 70, "value": "3.00",
            "found_on": dt.date(2024, 2, 1), "born": "1980-06-15",
            "seen_at": dt.datetime(2024, 2, 2, 0, 30), "flagged": False,
            "colour": "GREEN", "colours": ["GREEN"], "country": "DE", "weight": "500 G",
        }),
    }


@pytest.fixture(scope="module", params=backends())
def installation(request, tmp_path_factory):
    """An installation with users and no records on each backend, for one test module."""
    tmp_path = tmp_path_factory.mktemp("search")
    urls = backend_url(request.param, tmp_path)
    ncen = open_search_installation(next(urls), tmp_path)
    yield Corpus(ncen, add_people(ncen), {})
    ncen.close()
    next(urls, None)


@pytest.fixture(scope="module")
def corpus(installation):
    """The register on each backend, shared by the tests of one module (read only)."""
    installation.records.update(build_register(installation.ncen, installation.users))
    return installation
