"""Shared material of the database tests: an installation with the built-in databases, and
realistic records and attachments as officers would enter them.

The folder's conftest overrides the root ``ncen`` fixture with :func:`open_databases`, so
the root ``people`` fixture (officers of units A and B, a supervisor of A, an analyst) works
on an installation that has the seizure, suspect and company record types.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ncen_testing import make_config, open_initialised, postgres_schema_url
from PIL import Image, ImageDraw

from ncen_core.app import Ncen

ROOT = Path(__file__).resolve().parents[2]

#: A minimal but well-formed one-page PDF (a scanned seizure report stands in for it).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def open_databases(db_url: str, tmp_path: Path, *, extra_plugins: tuple[object, ...] = (),
                   **overrides: Any) -> Ncen:
    """An initialised installation with the seizure, suspect and company plugins."""
    config = make_config(db_url, tmp_path, with_databases=True, **overrides)
    return open_initialised(config, extra_plugins=extra_plugins)


@contextlib.contextmanager
def second_database(db_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty database on the backend of ``db_url``: a second file, or on PostgreSQL
    a schema of its own (dropped afterwards), like the root ``db_url`` fixture makes."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'second.db'}"
        return
    yield from postgres_schema_url()


def photo_png(size: tuple[int, int] = (640, 480)) -> bytes:
    """A colour photograph stand-in: a brown floor board with a cut-out cavity."""
    image = Image.new("RGB", size, (120, 80, 40))
    ImageDraw.Draw(image).rectangle((size[0] // 4, size[1] // 3, size[0] // 2, size[1] // 2),
                                    fill=(240, 240, 230))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def photo_jpeg(size: tuple[int, int] = (800, 600)) -> bytes:
    """A JPEG, as cameras and phones produce them."""
    image = Image.new("RGB", size, (30, 60, 90))
    ImageDraw.Draw(image).ellipse((100, 100, 300, 260), fill=(200, 180, 150))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def xray_png(size: tuple[int, int] = (1024, 512)) -> bytes:
    """A greyscale scanner image: a container with a dense block where the floor should be."""
    image = Image.new("L", size, 40)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 60, size[0] - 20, size[1] - 60), outline=200, width=6)
    draw.rectangle((300, size[1] - 120, 700, size[1] - 70), fill=235)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seizure_values(**changes: Any) -> dict[str, Any]:
    """Cocaine under the floor of a reefer container from Guayaquil, cigarettes alongside."""
    values: dict[str, Any] = {
        "reference": "SZ-2025-000417",
        "reporting_office": "Antwerp port container control unit",
        "seizure_date": dt.date(2025, 3, 14),
        "seizure_time": "06:40",
        "place_name": "Deurganck dock, quay 1742",
        "place_country": "BE",
        "unlocode": "BEANR",
        "location_type": "SEAPORT",
        "procedure": "IMPORT",
        "detection_methods": ["RISK_PROFILING", "NII_FIXED", "DOG_DRUGS"],
        "concealment_category": "CONTAINER",
        "concealment_method": "CONTAINER_FLOOR",
        "exceptional_concealment": True,
        "offence_types": ["DRUG_TRAFFICKING", "SMUGGLING"],
        "transport_mode": "1",
        "conveyance_type": "VESSEL_CONTAINER",
        "voyage_number": "NX512R",
        "vessel_name": "MSC Aurora",
        "vessel_imo": "IMO 9074729",
        "containers": [{"container_number": "MSCU1234566"},
                       {"container_number": "MAEU 745290 4"}],
        "transport_document": "MEDUEC123456789",
        "route": [
            {"leg_type": "ORIGIN", "country": "EC", "place": "Guayaquil", "unlocode": "ECGYE",
             "leg_date": dt.date(2025, 2, 20)},
            {"leg_type": "TRANSIT", "country": "PA", "place": "Balboa", "unlocode": "PABLB"},
            {"leg_type": "DESTINATION", "country": "BE", "place": "Antwerp",
             "unlocode": "BEANR"},
        ],
        "items": [
            {"commodity": "DRUGS", "subtype": "DRUGS_COCAINE", "hs_code": "293971",
             "description": "Brick-shaped packages, 'Rolex' logo", "quantity": "412.5 KG",
             "estimated_value": "16500000", "currency": "EUR"},
            {"commodity": "TOBACCO", "subtype": "TOBACCO_CIGARETTES", "hs_code": "240220",
             "brand": "Marlboro", "quantity": {"amount": 18000, "unit": "STICK"},
             "estimated_value": "9450.00", "currency": "EUR"},
        ],
        "actions": ["SEIZURE", "ARREST"],
        "narrative": "Reefer declared as bananas; scanner image showed a dense floor.",
    }
    values.update(changes)
    return values


def suspect_values(**changes: Any) -> dict[str, Any]:
    """A courier with two nationalities, two documents and aliases in Arabic script."""
    values: dict[str, Any] = {
        "family_name": "Benali",
        "given_names": "Youssef",
        "name_original_script": "يوسف بن علي",
        "aliases": [{"alias": "أبو يوسف", "script": "Arab"}, {"alias": "Joe Benali"}],
        "gender": "M",
        "date_of_birth": "1987-03",
        "place_of_birth": "Tangier",
        "country_of_birth": "MA",
        "nationalities": [{"country": "MA"}, {"country": "BEL"}],
        "documents": [
            {"document_type": "PASSPORT", "number": "UK4821937", "issuing_country": "MA",
             "expiry_date": dt.date(2029, 5, 14)},
            {"document_type": "NATIONAL_ID", "number": "592-0034417-12",
             "issuing_country": "BE"},
        ],
        "addresses": [{"street": "Kattendijkdok-Oostkaai 22", "city": "Antwerpen",
                       "postcode": "2000", "country": "BE"}],
        "phones": [{"phone": "+32 470 12 34 56"}],
        "occupation": "Dock worker",
    }
    values.update(changes)
    return values


def company_values(**changes: Any) -> dict[str, Any]:
    """The importer of record of the container: a young company with every identifier."""
    values: dict[str, Any] = {
        "legal_name": "Scheldt Fresh Imports BV",
        "trading_names": [{"name": "Scheldt Fresh"}, {"name": "SFI Tropical"}],
        "legal_form": "LIMITED_LIABILITY",
        "country": "BE",
        "registration_number": "0712.345.678",
        "tax_number": "0712345678",
        "vat_number": "BE0712345678",
        "customs_number": "BE0712345678",
        "aeo_status": "NONE",
        "trade_roles": ["IMPORTER", "CONSIGNEE"],
        "established_on": dt.date(2024, 9, 2),
        "addresses": [{"street": "Noorderlaan 147", "city": "Antwerpen", "postcode": "2030",
                       "country": "BE"}],
        "emails": [{"email": "info@scheldtfresh.example"}],
    }
    values.update(changes)
    return values
