"""Shared material of the analysis tests: a varied, reproducible set of seizures and the
independent computations (plain Python over the records read back) that every statistic is
checked against."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from ncen_testing import make_config, open_initialised, postgres_schema_url

from ncen_core.records import Record

COMMODITIES = ("DRUGS", "TOBACCO", "ALCOHOL", "IPR")
COUNTRIES = ("EC", "CO", "NL", "BE", "CN", "TR", "MA")
MODES = ("1", "3", "4")
DETECTIONS = ("RISK_PROFILING", "TARGETING", "INTELLIGENCE", "RANDOM_CHECK")
CONCEALMENTS = ("BAGGAGE_FALSE_BOTTOM", "BODY_PACKING", "MIXED_WITH_CARGO", None)
UNITS = (("KG", Decimal(1), "kg"), ("G", Decimal("0.001"), "kg"), ("L", Decimal(1), "l"),
         ("STICK", Decimal(1), "u"), ("CARTON200", Decimal(200), "u"))
QUANTUM = Decimal("0.000001")


def seizure(rng: random.Random, number: int, *, year: int = 2025) -> dict[str, Any]:
    """One seizure: 0 to 3 items (sometimes two of one commodity), a route with or without
    transit legs, one of a few modes, dates spread over two years."""
    day = dt.date(year - 1, 1, 1) + dt.timedelta(days=rng.randrange(730))
    items = []
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        unit, _, _ = rng.choice(UNITS)
        item = {"commodity": rng.choice(COMMODITIES),
                "quantity": {"amount": str(Decimal(rng.randrange(1, 50_000)) / 10), "unit": unit}}
        if rng.random() < 0.7:
            item |= {"estimated_value": str(Decimal(rng.randrange(100, 900_000)) / 100),
                     "currency": "EUR"}
        items.append(item)
    route = [{"leg_type": "ORIGIN", "country": rng.choice(COUNTRIES)}]
    route += [{"leg_type": rng.choice(("TRANSIT", "TRANSHIPMENT")),
               "country": rng.choice(COUNTRIES)} for _ in range(rng.choice((0, 0, 1, 2)))]
    if rng.random() < 0.9:
        route.append({"leg_type": "DESTINATION", "country": rng.choice(("BE", "NL", "FR"))})
    values: dict[str, Any] = {
        "reference": f"SZ-T-{number:05d}", "seizure_date": day, "items": items, "route": route,
        "transport_mode": rng.choice(MODES),
        "detection_methods": rng.sample(DETECTIONS, rng.choice((0, 1, 2))),
        "place_name": rng.choice(("Antwerp port", "Schiphol", "Liege airport")),
        "concealment_method": CONCEALMENTS[number % len(CONCEALMENTS)],
    }
    return values


def installation(backend: str, tmp_path_factory, name: str):
    """Yield an initialised installation with the built-in databases on ``backend`` (its own
    PostgreSQL schema, dropped afterwards), for fixtures shared by a whole module."""
    tmp = tmp_path_factory.mktemp(name)
    schemas = postgres_schema_url() if backend == "postgresql" else None
    url = next(schemas) if schemas else f"sqlite:///{tmp / 'ncen.db'}"
    ncen = open_initialised(make_config(url, tmp, with_databases=True))
    try:
        yield ncen
    finally:
        ncen.close()
        if schemas:
            schemas.close()


def seizures(count: int, seed: int = 8) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [seizure(rng, number) for number in range(count)]


def all_records(service, record_type: str = "seizure") -> list[Record]:
    """Every live record, read page by page through the record service."""
    records, cursor = [], None
    while True:
        page = service.list(record_type, order_by="id", descending=False, after=cursor,
                            limit=500)
        records += page.records
        if page.next_cursor is None:
            return records
        cursor = page.next_cursor


def expected(records: Iterable[Record], keys: Callable[[Record, dict | None], Iterable[tuple]],
             *, per_item: bool) -> dict[tuple, list]:
    """group -> [records, items, kg, l, u, value], computed in plain Python.

    ``keys(record, item)`` names the groups a record (or one of its items, when the key reads
    the item) falls in; a record counts once per group, each item once per group.
    """
    table: dict[tuple, list] = defaultdict(lambda: [set(), 0, Decimal(0), Decimal(0),
                                                    Decimal(0), Decimal(0)])
    for record in records:
        items = record.values["items"] or []
        rows = items if per_item else [None]
        if per_item and not items:
            rows = [None]
        for item in rows:
            for key in set(keys(record, item)):
                entry = table[key]
                entry[0].add(record.id)
                for counted in ([item] if per_item else items):
                    if counted is None:
                        continue
                    entry[1] += 1
                    quantity = counted["quantity"]
                    entry[2 + ("kg", "l", "u").index(quantity.base_unit)] += quantity.normalised
                    entry[5] += counted["estimated_value"] or 0
    return {key: [len(v[0]), v[1], *(x.quantize(QUANTUM) for x in v[2:5]),
                  v[5].quantize(Decimal("0.01"))] for key, v in table.items()}


def as_found(table) -> dict[tuple, list]:
    """A statistics table as group -> [records, items, kg, l, u, value]."""
    return {row.keys: [row.values[0], row.values[1],
                       *(Decimal(v).quantize(QUANTUM) for v in row.values[2:5]),
                       Decimal(row.values[5]).quantize(Decimal("0.01"))]
            for row in table.rows}


def close(found: dict[tuple, list], wanted: dict[tuple, list]) -> bool:
    """Equal groups and counts; sums equal within rounding of a float sum (SQLite REAL)."""
    if found.keys() != wanted.keys():
        return False
    for key, values in wanted.items():
        got = found[key]
        if got[:2] != values[:2]:
            return False
        if any(abs(Decimal(a) - Decimal(b)) > Decimal("0.01") for a, b in zip(got[2:], values[2:])):
            return False
    return True


def countries(record: Record, *leg_types: str) -> set[str | None]:
    """The countries of the record's route legs of ``leg_types``; {None} when it has none."""
    return {leg["country"] for leg in record.values["route"] if leg["leg_type"] in leg_types} \
        or {None}


def route_keys(record: Record) -> list[tuple]:
    """Every (origin, destination) pair of the record's route."""
    return [(o, d) for o in countries(record, "ORIGIN") for d in countries(record, "DESTINATION")]


def month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
