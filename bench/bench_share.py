"""Benchmark: sharing 10,000 seizures, against a raw dump and seal of the same rows.

An embedded (SQLite) office holds ``--records`` seizures (route legs and seized items
each) created through the record service. ncen then plans the share of all of them with a
group, personal fields included under a legal basis (:func:`build_share`), and seals the
package (:func:`seal_share`). The baseline, in the same run, reads the same tables with
plain ``sqlite3``, writes every row as a JSON line and seals that file with the same
package code. Also measured: the peak memory Python allocates while planning (tracemalloc,
in a run of its own) against the memory of all those records loaded at once, and a second
share of the unchanged records (the ledger finds nothing due).

    python bench/bench_share.py [--records 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import tempfile
import time
import tracemalloc
from pathlib import Path

from ncen_core.app import open_ncen
from ncen_core.config import Config, DatabaseConfig, PluginsConfig
from ncen_core.declarations import Audience
from ncen_core.office import initialise_office
from ncen_core.record_service import RecordService
from ncen_core.record_store import live_records
from ncen_core.timeutil import utcnow
from ncen_core.users import add_user
from ncen_plugins.comms.enrolment import make_request, read_request
from ncen_plugins.comms.hq import Draft, sign_draft
from ncen_plugins.comms.keyring_file import verify_keyring_file
from ncen_plugins.comms.keys import OfficeKeys
from ncen_plugins.comms.package import PartSource, seal_package
from ncen_plugins.comms.sharing import Selection, build_share, seal_share

PASSWORD = "bench-password-1"
MB = 1_000_000


def seizure(number: int) -> dict:
    return {
        "reference": f"FR-CDG-2025-{number:06d}",
        "seizure_date": dt.date(2025, 1 + number % 12, 1 + number % 28),
        "place_name": "CDG terminal 2E", "place_country": "FR", "transport_mode": "4",
        "narrative": f"Passenger {number} declared nothing; the suitcase had a false bottom.",
        "route": [{"leg_type": "ORIGIN", "country": "BR", "place": "Sao Paulo"},
                  {"leg_type": "DESTINATION", "country": "FR", "place": "Paris"}],
        "items": [{"commodity": "DRUGS", "quantity": f"{1 + number % 40}.5 KG",
                   "description": "Vacuum-packed bricks", "estimated_value": "30000",
                   "currency": "EUR"}],
    }


def office(folder: Path, records: int) -> tuple:
    config = Config(database=DatabaseConfig(url=f"sqlite:///{folder / 'ncen.db'}"),
                    data_dir=folder / "data", plugins=PluginsConfig(folder=None, disabled=()),
                    fields_dirs=())
    ncen = open_ncen(config, require_current_schema=False)
    initialise_office(ncen, "FR-CDG", "Paris", "admin", PASSWORD)
    writer = RecordService(ncen, add_user(ncen.system, "sven", PASSWORD, "supervisor", unit="A"))
    analyst = RecordService(ncen, add_user(ncen.system, "anna", PASSWORD, "analyst"))
    for number in range(records):
        writer.create("seizure", seizure(number), distribution="group", tlp="AMBER")
    return ncen, analyst


def keyring_of(*codes: str) -> tuple:
    now, hq = utcnow(), OfficeKeys.generate("HQ")
    keys = {code: OfficeKeys.generate(code) for code in codes}
    draft = Draft()
    for each in keys.values():
        draft = draft.enrol(read_request(make_request(each)), each.office, (), ("EU",), now)
    signed = verify_keyring_file(sign_draft(draft, hq, now)[0], now=now,
                                 pinned_hq_key_id=hq.signing_key_id)
    return keys, signed.keyring


def raw_dump_and_seal(database: Path, folder: Path, sender, recipients) -> int:
    """The same tables read with sqlite3, one JSON line per row, sealed to the same offices."""
    dump = folder / "raw.jsonl"
    connection = sqlite3.connect(database)
    tables = [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rec_seizure%'")]
    with dump.open("w", encoding="utf-8") as out:
        for table in tables:
            cursor = connection.execute(f'SELECT * FROM "{table}" ORDER BY 1')
            names = [column[0] for column in cursor.description]
            for row in cursor:
                out.write(json.dumps(dict(zip(names, row, strict=True)), default=str) + "\n")
    connection.close()
    with (folder / "raw.ncen").open("wb") as package:
        seal_package(sender, recipients, "records", [PartSource.from_path("raw.jsonl", dump)],
                     package)
    return dump.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ncen-bench-share-") as name:
        print(json.dumps(run(Path(name), options.records), indent=2))


def run(folder: Path, records: int) -> dict[str, object]:
    started = time.perf_counter()
    ncen, analyst = office(folder, records)
    setup_s = time.perf_counter() - started
    keys, keyring = keyring_of("FR-CDG", "BE-BRU", "NL-AMS")
    audience = Audience("group", "EU", "Mutual assistance agreement art. 12")
    selection = Selection(query="type:seizure")
    models = ncen.models_for("seizure")

    tracemalloc.start()
    with build_share(analyst, audience, selection, keyring) as plan:
        planned = plan.summary()["records"]
    plan_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    tracemalloc.start()
    loaded = list(live_records(models, batch_size=records))
    all_loaded = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del loaded

    started = time.perf_counter()
    with build_share(analyst, audience, selection, keyring) as plan:
        [package] = seal_share(plan, keys["FR-CDG"], keyring, folder / "out")
    share_s = time.perf_counter() - started
    started = time.perf_counter()
    with build_share(analyst, audience, selection, keyring) as plan:
        again = plan.summary()
    reshare_s = time.perf_counter() - started

    started = time.perf_counter()
    raw_bytes = raw_dump_and_seal(folder / "ncen.db", folder, keys["FR-CDG"],
                                  [keyring.office("BE-BRU"), keyring.office("NL-AMS")])
    raw_s = time.perf_counter() - started
    ncen.close()
    return {
        "records": records, "planned": planned, "setup_s": round(setup_s, 1),
        "share_s": round(share_s, 3), "records_per_s": round(records / share_s),
        "raw_dump_and_seal_s": round(raw_s, 3), "ratio_to_raw": round(share_s / raw_s, 2),
        "package_bytes": package.stat().st_size, "raw_dump_bytes": raw_bytes,
        "plan_peak_mb": round(plan_peak / MB, 2),
        "all_records_loaded_mb": round(all_loaded / MB, 2),
        "reshare_unchanged_s": round(reshare_s, 3),
        "reshare_records_due": again["records"], "reshare_held_back": again["held_back"],
    }


if __name__ == "__main__":
    main()
