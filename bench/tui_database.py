"""The national seizures as the TUI benchmark reads them, ready in minutes rather than hours.

The TUI benchmark needs a million real-looking seizures to page through, a search index
over them, and a few records as busy as an officer's daily ones: linked to suspects and
companies, with photos and an audit history. ``--source national`` takes the database that
``bench/national.py`` imports through ncen (hours at scale 1 on a shared two-core machine).
``--source direct`` (the default) starts from the statistics copy of the same seizures file
(:mod:`stats_loader`: every seizure with its items, route legs and detection methods, written
with ``executemany``), copies it (SQLite) or loads it afresh (PostgreSQL schema
``tui_<scale>_<seed>``), indexes every seizure for search (ncen's own rebuild), then
*dresses* :data:`DRESSED` seizures spread over the table through the record service, as an
officer would: a courier, a driver and an organiser from the national suspects, a consignee
and a carrier from its companies, two photos and three edits. The result is kept beside the
CSV files (``tui.db``) and marked complete.

The benchmark opens and jumps to dressed records; :func:`dressed_references` names them.
"""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import national
import peewee as pw
import stats_loader

from ncen_core.record_service import RecordService
from ncen_core.records import RecordRef
from ncen_core.search_index import SearchIndex, rebuild_search_index, word_table
from ncen_core.storage import is_sqlite, sqlite_path
from ncen_core.users import get_user

DRESSED = 12
SUSPECT_ROLES = ("SEIZ_SUSP_COURIER", "SEIZ_SUSP_DRIVER", "SEIZ_SUSP_ORGANISER")
COMPANY_ROLES = ("SEIZ_COMP_CONSIGNEE", "SEIZ_COMP_CARRIER")
EDITS = 3
MARKER = "tui.db.complete"


def tui_database(data: national.Dataset, backend: str, source: str = "direct") -> str:
    """The URL of the TUI benchmark's database of ``data`` on ``backend``, built once."""
    if source == "national":
        return national.ready_database(data, backend)
    if backend == "sqlite":
        path, marker = data.folder / "tui.db", data.folder / MARKER
        if path.exists() and marker.exists():
            return f"sqlite:///{path}"
        url = national.empty_database(data, backend, name="tui")
        _copy_sqlite(stats_loader.stats_database(data, backend), path)
    else:
        url = national.pg_url(national.default_pg_url(), national.schema_name(data, "tui"))
        if national._pg_complete(url):
            return url
        url = national.empty_database(data, backend, name="tui")
        national.initialise(url, data.folder)
        stats_loader.load(url, data)
    started = time.perf_counter()
    facts = dress(url, data)
    print(f"dressed the TUI database {json.dumps(facts)} in "
          f"{time.perf_counter() - started:.0f}s", file=sys.stderr)
    if backend == "sqlite":
        (data.folder / MARKER).write_text(json.dumps(facts))
    else:
        national._pg_mark_complete(url)
    return url


def _copy_sqlite(source_url: str, target: Path) -> None:
    """Copy the statistics database with SQLite's backup API (consistent while it is read)."""
    source = sqlite3.connect(sqlite_path(source_url))
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    partial.replace(target)


def dress(url: str, data: national.Dataset) -> dict[str, Any]:
    """Index every seizure for search and dress :data:`DRESSED` of them; returns the counts."""
    ncen = national.open_bench(url, data.folder)
    try:
        models = ncen.models_for("seizure")
        started = time.perf_counter()
        indexed = _indexed(ncen, models)
        if indexed < models.main.select().where(models.main.deleted == False).count():  # noqa: E712
            # An upgrade that re-indexes (a newer migration than the copy) has done it already.
            indexed = rebuild_search_index(SearchIndex(ncen.database), models)
        if not is_sqlite(ncen.database):
            ncen.database.execute_sql("ANALYZE")
        indexing = time.perf_counter() - started
        service = RecordService(ncen, get_user(ncen.system, national.USER))
        for number, reference in enumerate(dressed_references(ncen)):
            _dress_one(service, data, number, reference)
        return {"indexed": indexed, "indexing_seconds": round(indexing), "dressed": DRESSED}
    finally:
        ncen.close()


def _indexed(ncen: Any, models: Any) -> int:
    """How many seizures the word index holds."""
    table = word_table(models.record_type)
    return ncen.database.execute_sql(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def dressed_references(ncen: Any) -> list[str]:
    """The references of the dressed seizures: every ``count // DRESSED``-th by id."""
    main = ncen.models_for("seizure").main
    step = max(1, (main.select(pw.fn.MAX(main.id)).scalar() or 0) // DRESSED)
    ids = [step * (n + 1) for n in range(DRESSED)]
    rows = main.select(main.reference).where(main.id.in_(ids)).order_by(main.id)
    return [row.reference for row in rows]


def _dress_one(service: RecordService, data: national.Dataset, number: int,
               reference: str) -> None:
    main = service.ncen.models_for("seizure").main
    row = main.get(main.reference == reference)
    ref = RecordRef("seizure", row.origin, row.uuid)
    for offset, role in enumerate(SUSPECT_ROLES):
        person = service.create("suspect", data.suspect(number * 10 + offset))
        service.links.add(ref, person.ref, role, confidence=3)
    for offset, role in enumerate(COMPANY_ROLES):
        company = service.create("company", data.company(number * 10 + offset))
        service.links.add(ref, company.ref, role, confidence=2)
    for shade in range(2):
        service.attachments.add(ref, _photo(number, shade), caption=f"concealment {shade + 1}")
    record = service.get(ref)
    for edit in range(EDITS):
        record = service.update(
            ref, {"narrative": f"{record.values.get('narrative') or ''} (checked {edit + 1})"},
            expected_version=record.version)


def _photo(number: int, shade: int) -> bytes:
    """A small PNG, different for every dressed record and shade."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 240), (number * 20 % 256, 80 + shade * 60, 40)).save(out, "PNG")
    return out.getvalue()
