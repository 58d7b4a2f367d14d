"""A national database for benchmarks: 1,000,000 seizures, 200,000 suspects, 100,000 companies.

Deterministic: every record is a pure function of ``(seed, kind, index)`` (its own
``random.Random``), so any record can be rebuilt alone -- the seizure file names its
couriers and companies by rebuilding them, never by holding the 300,000 persons and
companies in memory -- and the same scale and seed give byte-identical files. Values come
from the demo's scenarios (:mod:`ncen_core.demo`): routes, concealments that fit the
conveyance, commodity mixes, identifiers with check digits, names with transliterated
variants and original scripts. Seizure dates span 2019-2025. Links recur the way real ones
do: a few companies and persons appear in many seizures (ids drawn with a skew).

Files (CSV, UTF-8, one line per record; groups spread over numbered columns) and the
mappings that import them (``bench/mappings/national-*.yaml``, mapping name ``national`` so
links find the suspects and companies imported before them):

- ``suspects.csv``: persons with aliases, documents, phones, addresses; a link to an
  associate among the persons before them;
- ``companies.csv``: companies with identifiers and trade roles; their director (a suspect)
  and parent company (an earlier company);
- ``seizures.csv``: seizures with up to 3 items, 6 route legs and 2 containers; their
  suspects (courier, driver, consignee, crew member, passenger, organiser) and companies
  (consignee, consignor, carrier, forwarder, exporter) by id and name.

They are imported in that order (each file links only to records imported before it).

Cache: ``$NCEN_BENCH_DIR`` (default ``~/.cache/ncen-bench``)/``national-<scale>-<seed>/``
holds the CSV files and ``ncen.db``, a ready SQLite database built once by ``ncen``'s own
import; PostgreSQL's ready database is the schema ``national_<scale>_<seed>`` of the
database ``ncen_bench`` (created when missing; never the test database). Files are written
under a temporary name and renamed, so an interrupted run leaves no half file behind.

API (for other benchmarks)::

    from national import Dataset, ready_database
    data = Dataset(scale=0.1, seed=1)
    paths = data.csv_files()              # {"suspect": Path, "company": Path, "seizure": Path}
    url = ready_database(data, "sqlite")  # or "postgresql" (server: --pg-url / NCEN_BENCH_PG_URL)
    config = bench_config(url, data.folder)  # a Config that reads no user folders
    ncen = open_bench(url, data.folder)       # opened, a kept database upgraded first

CLI::

    python bench/national.py csv [--scale 0.01|0.1|1] [--seed 1]
    python bench/national.py db  [--scale ...] [--seed ...] [--backend sqlite|postgresql]
                                 [--pg-url postgresql://postgres@127.0.0.1:5432/postgres]

Each prints JSON with the paths or URL and the counts.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import sqlite3
import sys
import time
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator

from ncen_core.app import open_ncen
from ncen_core.codelists import CodeListRegistry, load_codelist_file
from ncen_core.config import Config, DatabaseConfig, PluginsConfig
from ncen_core.demo import conveyances
from ncen_core.demo.companies import make_company
from ncen_core.demo.people import culture_for, display_name, make_person
from ncen_core.demo.scenarios import SCENARIOS
from ncen_core.demo.seizures import Case, seizure_values
from ncen_core.office import initialise_office
from ncen_core.record_service import RecordService
from ncen_core.transfer.importer import import_file
from ncen_core.transfer.mapping_file import load_mapping
from ncen_core.users import add_user, get_user

ROOT = Path(__file__).resolve().parents[1]
MAPPINGS = ROOT / "bench" / "mappings"
FULL = {"seizure": 1_000_000, "suspect": 200_000, "company": 100_000}
IMPORT_ORDER = ("suspect", "company", "seizure")
FILE_NAMES = {"suspect": "suspects.csv", "company": "companies.csv", "seizure": "seizures.csv"}
OFFICE, ADMIN, USER, PASSWORD = "XN-NAT", "admin", "loader", "bench-password-1"
ANALYST = "analyst"
BENCH_DATABASE = "ncen_bench"
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
FIRST_DAY, DAYS = dt.date(2019, 1, 1), 7 * 365
KIND_OFFSET = {"seizure": 1, "suspect": 2, "company": 3}
COMPANY_KINDS = ("importer", "exporter", "forwarder", "haulier")
COMPANY_COUNTRIES = ("ES", "ES", "ES", "NL", "BE", "FR", "DE", "IT", "PT", "MA", "CO", "CN",
                     "AE", "TR", "IN", "PE", "BR", "EC")
SUSPECT_COUNTRIES = ("ES", "ES", "MA", "CO", "NG", "BR", "NL", "FR", "RU", "CN", "DO", "PE",
                     "VE", "AL", "RO", "GB", "SN", "PK", "TR", "UA")
SUSPECT_SLOTS = {"courier": "SEIZ_SUSP_COURIER", "driver": "SEIZ_SUSP_DRIVER",
                 "consignee": "SEIZ_SUSP_CONSIGNEE", "crew": "SEIZ_SUSP_CREW_MEMBER",
                 "passenger": "SEIZ_SUSP_PASSENGER", "organiser": "SEIZ_SUSP_ORGANISER"}
COMPANY_SLOTS = {"consignee_co": "SEIZ_COMP_CONSIGNEE", "consignor_co": "SEIZ_COMP_CONSIGNOR",
                 "carrier_co": "SEIZ_COMP_CARRIER", "forwarder_co": "SEIZ_COMP_FORWARDER",
                 "exporter_co": "SEIZ_COMP_EXPORTER"}
ITEMS, LEGS, CONTAINERS = 3, 6, 2
ORGANISER_SHARE = 0.1
EXTRA_ITEM_SHARE = 0.35


def bench_dir() -> Path:
    """Where generated files and ready databases are kept between runs."""
    return Path(os.environ.get("NCEN_BENCH_DIR") or Path.home() / ".cache" / "ncen-bench")


@dataclass(frozen=True)
class Dataset:
    """The national data set at ``scale`` (1 = full size) from ``seed``."""

    scale: float = 1.0
    seed: int = 1

    def count(self, record_type: str) -> int:
        """How many records of ``record_type`` the data set holds."""
        return max(1, round(FULL[record_type] * self.scale))

    @property
    def key(self) -> str:
        return f"{self.scale:g}-{self.seed}"

    @property
    def folder(self) -> Path:
        return bench_dir() / f"national-{self.key}"

    def csv_files(self) -> dict[str, Path]:
        """The three CSV files, written on first use."""
        self.folder.mkdir(parents=True, exist_ok=True)
        writers = {"suspect": self._suspect_rows, "company": self._company_rows,
                   "seizure": self._seizure_rows}
        paths = {}
        for record_type in IMPORT_ORDER:
            path = self.folder / FILE_NAMES[record_type]
            if not path.exists():
                _write_csv(path, writers[record_type]())
            paths[record_type] = path
        return paths

    def mapping(self, record_type: str) -> Path:
        """The import mapping of one of the files."""
        return MAPPINGS / f"national-{record_type}.yaml"

    # -- records -------------------------------------------------------------------------

    def rng(self, kind: str, index: int, *, links: bool = False) -> random.Random:
        """The random source of one record (of its links with ``links``)."""
        number = (self.seed * 10 + KIND_OFFSET[kind]) * 10_000_000 + index
        return random.Random(-number if links else number)

    def suspect(self, index: int) -> dict[str, Any]:
        """Field values of suspect ``index`` (0-based)."""
        rng = self.rng("suspect", index)
        culture, nationality = culture_for(rng.choice(SUSPECT_COUNTRIES), rng)
        resident = "ES" if rng.random() < 0.6 else nationality
        return make_person(rng, culture, nationality, resident_in=resident,
                           occupation=rng.choice(OCCUPATIONS), period_end=LAST_DAY)

    def company(self, index: int) -> dict[str, Any]:
        """Field values of company ``index``; its kind is ``COMPANY_KINDS[index % 4]``."""
        rng = self.rng("company", index)
        return make_company(rng, COMPANY_KINDS[index % len(COMPANY_KINDS)],
                            rng.choice(COMPANY_COUNTRIES), period_end=LAST_DAY,
                            front=rng.random() < 0.1)

    def skewed(self, rng: random.Random, count: int, power: float = 2.0) -> int:
        """An index below ``count``, low ones commoner: repeat offenders, busy companies."""
        return min(count - 1, int(count * rng.random() ** power))

    # -- rows ----------------------------------------------------------------------------

    def _suspect_rows(self) -> Iterator[list]:
        yield SUSPECT_HEADER
        for index in range(self.count("suspect")):
            values = self.suspect(index)
            rng = self.rng("suspect", index, links=True)
            associate = (rng.randrange(max(0, index - 5000), index)
                         if index and rng.random() < 0.3 else None)
            yield suspect_row(index, values, associate, self.suspect)

    def _company_rows(self) -> Iterator[list]:
        yield COMPANY_HEADER
        suspects = self.count("suspect")
        for index in range(self.count("company")):
            values = self.company(index)
            rng = self.rng("company", index, links=True)
            director = self.skewed(rng, suspects, 1.0) if rng.random() < 0.5 else None
            parent = rng.randrange(index) if index and rng.random() < 0.1 else None
            yield company_row(index, values, director, parent, self.suspect, self.company)

    def _seizure_rows(self) -> Iterator[list]:
        yield SEIZURE_HEADER
        codelists = _codelists()
        fleet = conveyances.fleet(random.Random(self.seed), 300)
        for index in range(self.count("seizure")):
            yield self._seizure_row(index, codelists, fleet)

    def _seizure_row(self, index: int, codelists: Any, fleet: list) -> list:
        rng = self.rng("seizure", index)
        scenario = rng.choices(SCENARIOS, weights=SCENARIO_WEIGHTS)[0]
        route = rng.choice(scenario.routes)
        people = self._people(rng, scenario)
        named = {slot: (number, self.suspect(number)) for slot, number in people.items()}
        conveyance = scenario.channel.conveyance
        plate = None
        if conveyance in ("TRUCK", "CAR"):
            country = "MA" if rng.random() < 0.6 else "ES"
            plate = (conveyances.plate(rng, country), country)
        case = Case(reference=f"NAT-{index + 1:07d}", scenario=scenario, route=route,
                    control_point=rng.choice(scenario.control_points),
                    when=FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)),
                    people=tuple(display_name(v) for slot, (_, v) in named.items()
                                 if slot != "organiser"),
                    vessel=rng.choice(fleet) if conveyance == "VESSEL_CONTAINER" else None,
                    plate=plate)
        values = seizure_values(rng, case, codelists)
        while len(values["items"]) < ITEMS and rng.random() < EXTRA_ITEM_SHARE:
            values["items"].append(self._extra_item(rng, case, codelists))
        companies = {}
        for role, kind in scenario.companies:
            slot = COMPANY_ROLE_SLOTS.get(role)
            if slot and rng.random() < 0.85:
                number = self.skewed(rng, self.count("company") // 4) * 4 + \
                    COMPANY_KINDS.index(kind)
                number = min(number, self.count("company") - 1)
                companies[slot] = (number, self.company(number))
        status = rng.choice(("submitted", "validated", "validated", "closed"))
        tlp = rng.choice(("GREEN", "AMBER", "AMBER"))
        return seizure_row(values, named, companies, status, tlp)

    def _extra_item(self, rng: random.Random, case: Any, codelists: Any) -> dict[str, Any]:
        """An item of another kind of goods smuggled on the same channel (the mixed loads
        of real seizures): the first item of a seizure drawn for such a scenario."""
        channel = case.scenario.channel
        scenario = rng.choice(SCENARIOS_BY_CHANNEL[channel.name])
        other = replace(case, scenario=scenario, route=scenario.routes[0],
                        control_point=scenario.control_points[0], vessel=case.vessel,
                        plate=case.plate)
        return seizure_values(rng, other, codelists)["items"][0]

    def _people(self, rng: random.Random, scenario: Any) -> dict[str, int]:
        suspects = self.count("suspect")
        front = scenario.channel.front_line
        slots: dict[str, int] = {}
        low, high = scenario.people
        caught = rng.randint(low, high)
        if front and caught:
            slots[FRONT_SLOTS[front]] = self.skewed(rng, suspects, 1.5)
        if caught > 1:
            slots["passenger"] = self.skewed(rng, suspects, 1.5)
        if rng.random() < ORGANISER_SHARE:
            slots["organiser"] = self.skewed(rng, suspects // 20 or 1, 1.0)
        return slots


LAST_DAY = FIRST_DAY + dt.timedelta(days=DAYS)
OCCUPATIONS = ("student", "unemployed", "lorry driver", "waiter", "shop assistant", "mechanic",
               "sailor", "fisherman", "IT technician", "retired", "trader", "cleaner")
FRONT_SLOTS = {"SEIZ_SUSP_COURIER": "courier", "SEIZ_SUSP_DRIVER": "driver",
               "SEIZ_SUSP_CONSIGNEE": "consignee", "SEIZ_SUSP_CREW_MEMBER": "crew"}
COMPANY_ROLE_SLOTS = {role: slot for slot, role in COMPANY_SLOTS.items()}


def _scenario_weights() -> list[int]:
    return [scenario.weight for scenario in SCENARIOS]


def _scenarios_by_channel() -> dict[str, list[Any]]:
    by_channel: dict[str, list[Any]] = {}
    for scenario in SCENARIOS:
        by_channel.setdefault(scenario.channel.name, []).append(scenario)
    return by_channel


SCENARIO_WEIGHTS = _scenario_weights()
SCENARIOS_BY_CHANNEL = _scenarios_by_channel()


def _codelists() -> Any:
    return CodeListRegistry(load_codelist_file(path)
                            for path in sorted((ROOT / "config" / "codelists").glob("*.yaml")))


# -- CSV layout ---------------------------------------------------------------------------------


def _numbered(prefix: str, count: int, members: tuple[str, ...]) -> list[str]:
    return [f"{prefix}{n}_{member}" for n in range(1, count + 1) for member in members]


PERSON_LINK = ("id", "family", "given")
SUSPECT_HEADER = [
    "suspect_id", "family_name", "given_names", "name_original_script", "alias",
    "gender", "date_of_birth", "place_of_birth", "country_of_birth", "nationalities",
    *_numbered("doc", 3, ("type", "number", "country", "expiry")),
    "street", "city", "postcode", "address_country", "phones", "email", "occupation", "notes",
    *(f"associate_{m}" for m in PERSON_LINK)]
COMPANY_HEADER = [
    "company_id", "legal_name", "trading_name", "name_original_script", "legal_form", "country",
    "registration_number", "tax_number", "vat_number", "customs_number", "aeo_status",
    "trade_roles", "established_on", "street", "city", "postcode", "address_country", "phone",
    "email", "website", "notes", *(f"director_{m}" for m in PERSON_LINK), "parent_id",
    "parent_name"]
ITEM_MEMBERS = ("commodity", "subtype", "hs_code", "description", "brand", "species",
                "quantity", "unit", "value", "currency")
LEG_MEMBERS = ("type", "country", "place", "unlocode", "date")
SEIZURE_HEADER = [
    "reference", "reporting_office", "seizure_date", "seizure_time", "place_name",
    "place_country", "unlocode", "location_type", "procedure", "detection_methods",
    "concealment_category", "concealment_method", "exceptional_concealment", "offence_types",
    "transport_mode", "conveyance_type", "flight_number", "voyage_number", "vessel_name",
    "vessel_imo", "vehicle_plate", "vehicle_country",
    *(f"container{n}" for n in range(1, CONTAINERS + 1)), "transport_document",
    *_numbered("leg", LEGS, LEG_MEMBERS), *_numbered("item", ITEMS, ITEM_MEMBERS),
    "actions", "narrative", "status", "tlp",
    *(f"{slot}_{m}" for slot in SUSPECT_SLOTS for m in PERSON_LINK),
    *(f"{slot}_{m}" for slot in COMPANY_SLOTS for m in ("id", "name"))]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _spread(rows: list[dict], count: int, members: tuple[str, ...]) -> list[str]:
    cells = []
    for n in range(count):
        row = rows[n] if n < len(rows) else {}
        cells += [_cell(row.get(member)) for member in members]
    return cells


def _person_link(number: int | None, values: dict | None) -> list[str]:
    if number is None or values is None:
        return ["", "", ""]
    return [f"S{number + 1:07d}", values["family_name"], _cell(values["given_names"])]


def suspect_row(index: int, values: dict, associate: int | None,
                suspect: Callable[[int], dict]) -> list[str]:
    """One line of ``suspects.csv``."""
    documents = [{"type": d["document_type"], "number": d["number"],
                  "country": d["issuing_country"], "expiry": d["expiry_date"]}
                 for d in values["documents"]]
    address = values["addresses"][0] if values["addresses"] else {}
    aliases = values["aliases"]
    return [
        f"S{index + 1:07d}", values["family_name"], _cell(values["given_names"]),
        _cell(values["name_original_script"]), aliases[0]["alias"] if aliases else "",
        values["gender"], values["date_of_birth"], _cell(values["place_of_birth"]),
        values["country_of_birth"], ";".join(n["country"] for n in values["nationalities"]),
        *_spread(documents, 3, ("type", "number", "country", "expiry")),
        _cell(address.get("street")), _cell(address.get("city")), _cell(address.get("postcode")),
        _cell(address.get("country")), ";".join(p["phone"] for p in values["phones"]),
        values["emails"][0]["email"] if values["emails"] else "", values["occupation"],
        values["notes"],
        *_person_link(associate, suspect(associate) if associate is not None else None)]


def company_row(index: int, values: dict, director: int | None, parent: int | None,
                suspect: Callable[[int], dict], company: Callable[[int], dict]) -> list[str]:
    """One line of ``companies.csv``."""
    address = values["addresses"][0] if values["addresses"] else {}
    trading = values["trading_names"]
    return [
        f"C{index + 1:07d}", values["legal_name"], trading[0]["name"] if trading else "",
        _cell(values["name_original_script"]), _cell(values["legal_form"]), values["country"],
        _cell(values["registration_number"]), _cell(values["tax_number"]),
        _cell(values["vat_number"]), _cell(values["customs_number"]),
        _cell(values["aeo_status"]), ";".join(values["trade_roles"]),
        values["established_on"].isoformat(), _cell(address.get("street")),
        _cell(address.get("city")), _cell(address.get("postcode")), _cell(address.get("country")),
        values["phones"][0]["phone"] if values["phones"] else "",
        values["emails"][0]["email"] if values["emails"] else "", _cell(values["website"]),
        values["notes"],
        *_person_link(director, suspect(director) if director is not None else None),
        f"C{parent + 1:07d}" if parent is not None else "",
        company(parent)["legal_name"] if parent is not None else ""]


def seizure_row(values: dict, people: dict[str, tuple[int, dict]],
                companies: dict[str, tuple[int, dict]], status: str, tlp: str) -> list[str]:
    """One line of ``seizures.csv``."""
    legs = [{"type": leg["leg_type"], "country": leg["country"], "place": leg.get("place"),
             "unlocode": leg.get("unlocode"), "date": leg.get("leg_date")}
            for leg in values["route"]][:LEGS]
    items = [{"commodity": item["commodity"], "subtype": item["subtype"],
              "hs_code": item["hs_code"], "description": item["description"],
              "brand": item["brand"], "species": item["species"],
              "quantity": item["quantity"]["amount"], "unit": item["quantity"]["unit"],
              "value": item["estimated_value"], "currency": item["currency"]}
             for item in values["items"]][:ITEMS]
    containers = [row["container_number"] for row in values.get("containers") or ()]
    row = [_cell(values.get(name)) for name in SEIZURE_HEADER[:22]]
    row[9] = ";".join(values["detection_methods"])
    row[13] = ";".join(values["offence_types"])
    row += [_cell(containers[n]) if n < len(containers) else "" for n in range(CONTAINERS)]
    row.append(_cell(values.get("transport_document")))
    row += _spread(legs, LEGS, LEG_MEMBERS)
    row += _spread(items, ITEMS, ITEM_MEMBERS)
    row += [";".join(values["actions"]), values["narrative"], status, tlp]
    for slot in SUSPECT_SLOTS:
        number, person = people.get(slot, (None, None))
        row += _person_link(number, person)
    for slot in COMPANY_SLOTS:
        number, company = companies.get(slot, (None, None))
        row += ([f"C{number + 1:07d}", company["legal_name"]] if company else ["", ""])
    return row


def _write_csv(path: Path, rows: Iterator[list]) -> None:
    """Write ``rows`` to ``path`` through a temporary file renamed at the end."""
    partial = path.with_name(path.name + ".partial")
    started = time.perf_counter()
    with partial.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        count = -1
        for count, row in enumerate(rows):
            writer.writerow(row)
    partial.replace(path)
    print(f"wrote {count} rows to {path} in {time.perf_counter() - started:.0f}s",
          file=sys.stderr)


# -- ready databases ----------------------------------------------------------------------------


def bench_config(url: str, folder: Path) -> Any:
    """A configuration that reads nothing from the user's folders, every database plugin on."""
    return Config(database=DatabaseConfig(url=url), data_dir=folder / "data",
                  plugins=PluginsConfig(folder=None), fields_dirs=())


def pg_url(server_url: str, schema: str) -> str:
    """The URL of ``schema`` in the benchmark database of the server at ``server_url``
    (the database and the schema are created when missing)."""
    import psycopg

    parts = urllib.parse.urlsplit(server_url)
    with psycopg.connect(server_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                               (BENCH_DATABASE,)).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    database_url = urllib.parse.urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}", query=""))
    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        admin.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    options = urllib.parse.quote(f"-csearch_path={schema},public")
    return f"{database_url}?options={options}"


def empty_database(data: Dataset, backend: str, *, name: str = "ncen",
                   server_url: str | None = None) -> str:
    """The URL of a fresh, empty database for ``data`` on ``backend`` (any old one removed)."""
    if backend == "sqlite":
        path = data.folder / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    schema = schema_name(data, name)
    url = pg_url(server_url or default_pg_url(), schema)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.execute(f'CREATE SCHEMA "{schema}"')
    return url


def default_pg_url() -> str:
    """The PostgreSQL server of benchmarks: ``NCEN_BENCH_PG_URL`` or the local one."""
    return os.environ.get("NCEN_BENCH_PG_URL", DEFAULT_PG_URL)


def open_bench(url: str, folder: Path) -> Any:
    """Open the benchmark database at ``url``, first bringing a kept one up to the installed
    schema (the code may have gained migrations since it was built)."""
    ncen = open_ncen(bench_config(url, folder), require_current_schema=False)
    ncen.upgrade()
    return ncen


def initialise(url: str, folder: Path) -> None:
    """Create the office, the supervisor account that imports the files and an analyst
    (who may search everything) for the search benchmarks."""
    ncen = open_ncen(bench_config(url, folder), require_current_schema=False)
    try:
        initialise_office(ncen, OFFICE, "National benchmark office", ADMIN, PASSWORD)
        add_user(ncen.system, USER, PASSWORD, "supervisor", full_name="Bench loader", unit="HQ")
        add_user(ncen.system, ANALYST, PASSWORD, "analyst", full_name="Bench analyst", unit="HQ")
    finally:
        ncen.close()


def import_files(url: str, data: Dataset, record_types: tuple[str, ...] = IMPORT_ORDER
                 ) -> dict[str, Any]:
    """Import the data set's files into the initialised database at ``url`` through ncen's
    importer, as the supervisor; returns the import reports' counts and the seconds each
    import took, by record type."""
    paths = data.csv_files()
    ncen = open_bench(url, data.folder)
    try:
        service = RecordService(ncen, get_user(ncen.system, USER))
        counts = {}
        for record_type in record_types:
            mapping = load_mapping(data.mapping(record_type))
            started = time.perf_counter()
            report = import_file(service, paths[record_type], mapping)
            counts[record_type] = {"seconds": round(time.perf_counter() - started, 2),
                                   "rows": report.rows_read, "created": report.records_created,
                                   "links": report.links_created,
                                   "linked_created": sum(report.linked_created.values())}
        return counts
    finally:
        ncen.close()


def ready_database(data: Dataset, backend: str, *, server_url: str | None = None) -> str:
    """The URL of a database holding the whole data set, imported by ncen once and kept.

    A marker file (SQLite) or table (PostgreSQL) written after the last import says the
    database is complete; an incomplete one is rebuilt from scratch.
    """
    if backend == "sqlite":
        path, marker = data.folder / "ncen.db", data.folder / "ncen.db.complete"
        if path.exists() and marker.exists():
            return f"sqlite:///{path}"
        marker.unlink(missing_ok=True)
        url = empty_database(data, backend)
    else:
        url = pg_url(server_url or default_pg_url(), schema_name(data, "national"))
        if _pg_complete(url):
            return url
        url = empty_database(data, backend, name="national", server_url=server_url)
    data.csv_files()
    initialise(url, data.folder)
    started = time.perf_counter()
    counts = import_files(url, data)
    print(f"imported {json.dumps(counts)} in {time.perf_counter() - started:.0f}s",
          file=sys.stderr)
    if backend == "sqlite":
        marker.write_text(json.dumps(counts))
    else:
        _pg_mark_complete(url)
    return url


def adopt_ready(data: Dataset, backend: str, name: str, *,
                server_url: str | None = None) -> None:
    """Keep the database ``name`` of :func:`empty_database`, which now holds the whole data
    set imported by ncen (a benchmark of the import made it), as the ready database of
    ``data``: one national import fewer for the search benchmarks."""
    if backend == "sqlite":
        target, source = data.folder / "ncen.db", data.folder / f"{name}.db"
        if (data.folder / "ncen.db.complete").exists():
            return  # another run built it meanwhile, and may be reading it
        connection = sqlite3.connect(source)  # the write-ahead log into the file, then rename
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        for suffix in ("-wal", "-shm", ""):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        source.replace(target)
        (data.folder / "ncen.db.complete").write_text("kept from the import benchmark")
        return
    import psycopg

    ready, kept = schema_name(data, "national"), schema_name(data, name)
    if _pg_complete(pg_url(server_url or default_pg_url(), ready)):
        return
    with psycopg.connect(pg_url(server_url or default_pg_url(), kept), autocommit=True) as admin:
        admin.execute(f'DROP SCHEMA IF EXISTS "{ready}" CASCADE')
        admin.execute(f'ALTER SCHEMA "{kept}" RENAME TO "{ready}"')
    _pg_mark_complete(pg_url(server_url or default_pg_url(), ready))


def schema_name(data: Dataset, name: str) -> str:
    """The PostgreSQL schema of the database ``name`` of ``data``."""
    return f"{name}_{data.key}".replace(".", "_").replace("-", "_")


def _pg_complete(url: str) -> bool:
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(
            "SELECT to_regclass('bench_complete') IS NOT NULL").fetchone()[0]


def _pg_mark_complete(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE TABLE bench_complete (done_at timestamptz DEFAULT now())")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("csv", "db"))
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--pg-url", default=None,
                        help=f"PostgreSQL server (default NCEN_BENCH_PG_URL or {DEFAULT_PG_URL})")
    options = parser.parse_args()
    data = Dataset(options.scale, options.seed)
    counts = {record_type: data.count(record_type) for record_type in IMPORT_ORDER}
    if options.what == "csv":
        paths = data.csv_files()
        print(json.dumps({"files": {k: str(v) for k, v in paths.items()}, "counts": counts},
                         indent=2))
    else:
        url = ready_database(data, options.backend, server_url=options.pg_url)
        print(json.dumps({"url": url, "counts": counts}, indent=2))


if __name__ == "__main__":
    main()
