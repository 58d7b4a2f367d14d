"""An office database, its neighbours in a signed keyring, and records to share.

The office under test is ``XA-TEST`` (the office of :func:`ncen_testing.open_initialised`);
the keyring also lists BE-BRU and NL-AMS (groups EU and NORTH) and FR-CDG (group EU only).
Custom fields (a personal text, a sensitive text, and an exportable group with a personal
member) are declared from YAML, so the sharing rules are tested on them too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exchange_world import World, open_bytes
from ncen_testing import (
    OFFICE,
    USER_PASSWORD,
    initialise,
    make_config,
    open_initialised,
    postgres_schema_url,
)
from PIL import Image

from ncen_core.app import Ncen, open_ncen
from ncen_core.record_service import RecordService
from ncen_core.records import RecordRef
from ncen_core.users import add_user
from ncen_plugins.comms.keys import OfficeKeys

BASIS = "Mutual assistance agreement art. 12"
"""A legal basis given for a whole share."""

RECEIVER = "BE-BRU"
"""The office that receives what the office under test shares, in the end-to-end tests."""

CUSTOM_FIELDS = textwrap.dedent("""\
    seizure:
      - {name: informant_code, label: Informant, kind: text, classification: N}
      - {name: operation_name, label: Operation, kind: text, classification: S}
      - name: escorts
        label: Escorts
        kind: group
        classification: X
        fields:
          - {name: escort_unit, label: Unit, kind: text, classification: X}
          - {name: escort_officer, label: Officer, kind: text, classification: N}
    suspect:
      - {name: gang_name, label: Gang, kind: text, classification: S}
    company:
      - {name: owner_name, label: Owner, kind: text, classification: N}
""")


@dataclass
class Office:
    """The office under test: its installation, users, keys and the keyring around it."""

    ncen: Ncen
    supervisor: RecordService
    analyst: RecordService
    officer: RecordService
    world: World
    keyring: Any

    @property
    def keys(self) -> OfficeKeys:
        return self.world.offices[OFFICE]

    def open(self, path: Path, office: str) -> Any:
        """Decrypt and verify a package file as ``office``."""
        return open_bytes(path.read_bytes(), self.world.offices[office], self.keyring)


def make_keyring_world() -> World:
    world = World(OfficeKeys.generate("HQ"), {})
    world.enrol(OfficeKeys.generate(OFFICE), ("EU", "NORTH"))
    world.enrol(OfficeKeys.generate("BE-BRU"), ("EU", "NORTH"))
    world.enrol(OfficeKeys.generate("NL-AMS"), ("EU", "NORTH"))
    world.enrol(OfficeKeys.generate("FR-CDG"), ("EU",))
    return world


def open_office(db_url: str, tmp_path: Path, world: World | None = None) -> Office:
    config = make_config(db_url, tmp_path, with_databases=True,
                         fields_dirs=(fields_folder(tmp_path),))
    ncen = open_initialised(config)

    def service(name: str, role: str) -> RecordService:
        user = add_user(ncen.system, name, USER_PASSWORD, role, full_name=name.title(),
                        unit="A")
        return RecordService(ncen, user)

    world = world or make_keyring_world()
    return Office(ncen, service("sven", "supervisor"), service("anna", "analyst"),
                  service("olga", "officer"), world, world.keyring())


def sending_office(tmp_path: Path) -> Iterator[Office]:
    """Yield the office under test on SQLite in ``tmp_path/sender``, closed afterwards
    (a fixture body)."""
    folder = tmp_path / "sender"
    folder.mkdir()
    office = open_office(f"sqlite:///{folder / 'ncen.db'}", folder)
    yield office
    office.ncen.close()


def receiving_office(db_url: str, tmp_path: Path, code: str = RECEIVER) -> Iterator[Ncen]:
    """Yield office ``code`` on the backend of ``db_url`` with the built-in databases and
    none of the sender's custom fields, closed afterwards (a fixture body)."""
    ncen = initialise(open_ncen(make_config(db_url, tmp_path / "receiver", with_databases=True),
                                require_current_schema=False), code, f"Office {code}")
    yield ncen
    ncen.close()


def fields_folder(tmp_path: Path) -> Path:
    """The folder of the custom-field declarations shared by every office of a test."""
    folder = tmp_path / "fields"
    folder.mkdir(exist_ok=True)
    (folder / "sharing.yaml").write_text(CUSTOM_FIELDS, encoding="utf-8")
    return folder


@contextlib.contextmanager
def other_office(db_url: str, tmp_path: Path, code: str) -> Iterator[Ncen]:
    """Another office's installation on the backend of ``db_url``, with the same fields."""
    with contextlib.ExitStack() as stack:
        if db_url.startswith("sqlite"):
            url = f"sqlite:///{tmp_path / f'{code}.db'}"
        else:
            urls = postgres_schema_url()
            url = next(urls)
            stack.callback(lambda: next(urls, None))
        folder = tmp_path / code
        config = make_config(url, folder, with_databases=True,
                             fields_dirs=(fields_folder(tmp_path),))
        ncen = open_ncen(config, require_current_schema=False)
        stack.callback(ncen.close)
        initialise(ncen, code, f"Office {code}")
        yield ncen


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 80, 40)).save(out, format="PNG")
    return out.getvalue()


def seizure(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "reference": "SZ-2025-000417", "seizure_date": dt.date(2025, 3, 14),
        "place_name": "Deurganck dock", "place_country": "BE", "transport_mode": "1",
        "vehicle_plate": "CNRYPLATE1", "transport_document": "CNRYDOC0001",
        "narrative": "CNRY narrative naming people",
        "route": [{"leg_type": "ORIGIN", "country": "EC", "place": "Guayaquil"}],
        "items": [{"commodity": "DRUGS", "quantity": "412.5 KG",
                   "description": "CNRY item description", "brand": "Rolex"}],
        "informant_code": "CNRY informant", "operation_name": "CNRY operation",
        "escorts": [{"escort_unit": "Dock patrol", "escort_officer": "CNRY escort officer"}],
    }
    values.update(changes)
    return values


def suspect(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "family_name": "CNRYFAMILY", "given_names": "CNRYGIVEN",
        "name_original_script": "CNRY original script",
        "aliases": [{"alias": "CNRY alias", "script": "Latn"}],
        "gender": "M", "date_of_birth": "1987-03", "place_of_birth": "CNRY birthplace",
        "country_of_birth": "MA", "nationalities": [{"country": "MA"}, {"country": "BE"}],
        "documents": [{"document_type": "PASSPORT", "number": "CNRY4821937",
                       "issuing_country": "MA"}],
        "addresses": [{"street": "CNRY street 22", "city": "CNRY city",
                       "postcode": "CNRY2000", "country": "BE"}],
        "phones": [{"phone": "+32 470 99 88 77"}],
        "emails": [{"email": "cnry.person@example.org"}],
        "occupation": "CNRY occupation", "notes": "CNRY notes on the person",
        "alerts": [{"alert_type": "WATCH", "reason": "CNRY alert reason",
                    "valid_until": dt.date.today() + dt.timedelta(days=30),
                    "issued_by": "CNRYissuer"}],
        "assigned_officers": [{"username": "olga"}],
        "gang_name": "CNRY gang",
    }
    values.update(changes)
    return values


def company(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "legal_name": "CNRY Legal Name BV", "trading_names": [{"name": "CNRY trading"}],
        "name_original_script": "CNRY company script", "legal_form": "LIMITED_LIABILITY",
        "country": "BE", "registration_number": "0712.345.678", "tax_number": "0712345678",
        "vat_number": "BE0712345678", "customs_number": "BE0712345678",
        "aeo_status": "NONE", "trade_roles": ["IMPORTER"],
        "addresses": [{"street": "CNRY company street", "city": "Antwerpen",
                       "country": "BE"}],
        "emails": [{"email": "cnry.company@example.org"}], "website": "cnry.example.org",
        "notes": "CNRY company notes", "owner_name": "CNRY owner",
    }
    values.update(changes)
    return values


def ref_text(ref: RecordRef) -> str:
    return f"{ref.record_type}:{ref.uuid}"
