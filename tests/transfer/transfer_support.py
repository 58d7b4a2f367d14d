"""Shared material of the import and export tests: an installation with the built-in
databases, a small seizure register as an administration would hand it over, its
mapping, and a snapshot of everything an import could change.

Test modules import the ``ncen`` fixture from here, which overrides the root one, so the
root ``people`` fixture (officers, a supervisor, an analyst) works on an installation with
the seizure, suspect and company record types.
"""

from __future__ import annotations

import csv
import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import pytest
from ncen_testing import make_config, open_initialised

from ncen_core.app import Ncen
from ncen_core.transfer.mapping import ImportMapping
from ncen_core.transfer.mapping_file import load_mapping

ROOT = Path(__file__).resolve().parents[2]

REGISTER_HEADER = ["case", "date", "place", "mode", "detection", "origin", "transit",
                   "commodity", "subtype", "qty", "unit", "courier", "passport"]

#: Two seizures: FR-1 has two lines (two items), FR-2 one line with a courier.
REGISTER_ROWS = [
    ["FR-1", "03/04/2021", "Roissy", "Air transport", "NII_BAGGAGE|DOG_DRUGS", "CO", "ES;NL",
     "DRUGS", "COKE", "12.5", "KG", "", ""],
    ["FR-1", "03/04/2021", "Roissy", "Air transport", "NII_BAGGAGE|DOG_DRUGS", "CO", "ES;NL",
     "TOBACCO", "TOBACCO_CIGARETTES", "2000", "STICK", "", ""],
    ["FR-2", "14/05/2021", "Le Havre", "Maritime transport", "", "BR", "",
     "DRUGS", "DRUGS_COCAINE", "1", "KG", "Dupont", "X1234567"],
]

REGISTER_MAPPING = textwrap.dedent("""\
    ncen_mapping: 1
    record_type: seizure
    name: test-register
    key: [case]
    fields:
      reference: case
      seizure_date: {column: date, date_format: DD/MM/YYYY}
      place_name: place
      place_country: {value: FR}
      transport_mode: mode
      detection_methods: {column: detection, separator: "|"}
      route:
        lines: first
        rows:
          - {leg_type: {value: ORIGIN}, country: origin}
          - {leg_type: {value: TRANSIT}, country: {column: transit, separator: ";"}}
          - {leg_type: {value: DESTINATION}, country: {value: FR}}
      items:
        rows:
          - commodity: commodity
            subtype: {column: subtype, values: {COKE: DRUGS_COCAINE}}
            quantity: {column: qty, unit_column: unit}
    links:
      - role: SEIZ_SUSP_COURIER
        record_type: suspect
        key: [passport]
        fields:
          family_name: courier
          documents:
            rows:
              - {document_type: {value: PASSPORT}, number: passport}
    """)


#: A seizure using every kind of field a CSV export carries, with text a spreadsheet would
#: take for a formula, a line break and accents.
SEIZURE_VALUES: dict[str, Any] = {
    "reference": "SZ-2025-000417",
    "reporting_office": "=cmd|' /C calc'!A0",
    "seizure_date": dt.date(2025, 3, 14),
    "seizure_time": "06:40",
    "place_name": "Deurganck dock, quay 1742",
    "place_country": "BE",
    "unlocode": "BEANR",
    "location_type": "SEAPORT",
    "detection_methods": ["RISK_PROFILING", "NII_FIXED"],
    "exceptional_concealment": True,
    "transport_mode": "1",
    "containers": [{"container_number": "CSQU3054383"}],
    "route": [
        {"leg_type": "ORIGIN", "country": "EC", "place": "Guayaquil", "unlocode": "ECGYE",
         "leg_date": dt.date(2025, 2, 20)},
        {"leg_type": "DESTINATION", "country": "BE", "place": "Anvers, quai « 1742 »"},
    ],
    "items": [
        {"commodity": "DRUGS", "subtype": "DRUGS_COCAINE", "hs_code": "293971",
         "description": "-Brick-shaped packages; 'Rolex' logo", "quantity": "412.5 KG",
         "estimated_value": "16500000", "currency": "EUR"},
        {"commodity": "TOBACCO", "subtype": "TOBACCO_CIGARETTES", "brand": "@Marlboro",
         "quantity": {"amount": 18000, "unit": "STICK"}},
    ],
    "actions": ["SEIZURE", "ARREST"],
    "narrative": "Found under the floor.\nDog alerted twice; \"+2\" packages extra.",
}

#: A suspect with a partial date of birth and documents.
SUSPECT_VALUES: dict[str, Any] = {
    "family_name": "Müller",
    "given_names": "Jörg",
    "name_original_script": "Мюллер",
    "gender": "M",
    "date_of_birth": "1979-06",
    "nationalities": [{"country": "DE"}, {"country": "RU"}],
    "documents": [{"document_type": "PASSPORT", "number": "C01X00T47",
                   "issuing_country": "DE", "expiry_date": dt.date(2031, 5, 1)}],
    "notes": "+49 170 1234567 (own statement)",
}


@pytest.fixture
def ncen(db_url, tmp_path):
    """An initialised installation with the seizure, suspect and company databases."""
    installation = open_databases(db_url, tmp_path)
    yield installation
    installation.close()


@pytest.fixture
def fresh_db_url(db_url, tmp_path):
    """A second, empty database on the backend of ``db_url``."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    from ncen_testing import postgres_schema_url

    yield from postgres_schema_url()


def open_databases(db_url: str, tmp_path: Path) -> Ncen:
    """An initialised installation with the built-in databases enabled."""
    return open_initialised(make_config(db_url, tmp_path, with_databases=True))


def write_csv(path: Path, header: list[str], rows: list[list[str]], *,
              encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """Write a CSV file as a spreadsheet would save it."""
    with open(path, "w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def register_file(tmp_path: Path, rows: list[list[str]] | None = None, **options) -> Path:
    """The test register as a CSV file (``rows`` replace the default rows)."""
    return write_csv(tmp_path / "register.csv", REGISTER_HEADER,
                     REGISTER_ROWS if rows is None else rows, **options)


def register_mapping(tmp_path: Path, text: str = REGISTER_MAPPING) -> ImportMapping:
    """The register's mapping, written to a file and loaded as users do."""
    path = tmp_path / "register.yaml"
    path.write_text(text, encoding="utf-8")
    return load_mapping(path)


def database_state(ncen: Ncen) -> dict[str, int]:
    """Row counts of every table an import writes to, and of the audit log."""
    tables = ["ncen_audit", "ncen_link"]
    for models in ncen.record_models.values():
        tables += [model._meta.table_name for model in models.all()]
    return {table: ncen.database.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in tables}


def audit_entries(ncen: Ncen, action: str) -> list:
    """Audit entries of one action, oldest first."""
    Entry = ncen.system.AuditEntry
    return list(Entry.select().where(Entry.action == action).order_by(Entry.id))
