"""The non-nominal export profile, for regional and global seizure databases.

It carries seizures only. Per seizure: the fields of :func:`.allow_list.is_non_nominal`
(X fields without names, identifiers, long free text or photos; group members filtered
the same way), and an offender summary derived from the suspects linked to it: their
count and, per offender, nationalities, gender and age. Nothing else about a person
leaves: no name, no document, no date of birth, no link, no attachment.

The age is in whole years at the date of the seizure. A date of birth known only to the
year or month can give two possible ages; then ``age`` is null and ``age_band`` says
``"33-34"``. Without a date of birth or a seizure date both are null.

The export is a plain JSON lines file (``non-nominal-<time>.jsonl``), not a package:
regional databases are not offices of the keyring, and the file holds nothing that needs
encrypting. One line per seizure::

    {"type": "seizure", "uuid": "...", "origin": "FR-CDG", "version": 3,
     "updated_at": "...", "fields": {...},
     "offenders": {"count": 2, "persons": [{"nationalities": ["NG"], "gender": "M",
                                            "age": 34, "age_band": null}, ...]}}
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from ncen_core.app import Ncen
from ncen_core.partial_dates import earliest
from ncen_core.record_store import load_records, select_rows
from ncen_core.records import Record, RecordRef

RECORD_TYPES = ("seizure",)
OFFENDER_TYPE = "suspect"


def latest(partial: str) -> dt.date:
    """The last day a partial date may denote."""
    parts = [int(p) for p in partial.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return dt.date(year, month, day)


def _years(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_at(date_of_birth: str | None, on: dt.date | None) -> tuple[int | None, str | None]:
    """(age, age band) at ``on`` from a partial date of birth; see the module docstring."""
    if not date_of_birth or on is None:
        return None, None
    oldest, youngest = _years(earliest(date_of_birth), on), _years(latest(date_of_birth), on)
    if youngest < 0:
        return None, None
    if oldest == youngest:
        return oldest, None
    return None, f"{youngest}-{oldest}"


def offender_summary(ncen: Ncen, seizure: Record) -> dict[str, Any]:
    """Count, nationalities, gender and age of the live suspects linked to ``seizure``."""
    persons = [_person(suspect, seizure.values.get("seizure_date"))
               for suspect in _linked_suspects(ncen, seizure.ref)]
    return {"count": len(persons), "persons": persons}


def _person(suspect: Record, seizure_date: dt.date | None) -> dict[str, Any]:
    age, band = age_at(suspect.values.get("date_of_birth"), seizure_date)
    nationalities = [row.get("country") for row in suspect.values.get("nationalities") or []]
    return {"nationalities": sorted(n for n in nationalities if n),
            "gender": suspect.values.get("gender"), "age": age, "age_band": band}


def _linked_suspects(ncen: Ncen, ref: RecordRef) -> list[Record]:
    if OFFENDER_TYPE not in ncen.registry.record_types:
        return []
    Link = ncen.system.Link
    at_a = ((Link.a_type == ref.record_type) & (Link.a_origin == ref.origin)
            & (Link.a_uuid == ref.uuid) & (Link.b_type == OFFENDER_TYPE))
    at_b = ((Link.b_type == ref.record_type) & (Link.b_origin == ref.origin)
            & (Link.b_uuid == ref.uuid) & (Link.a_type == OFFENDER_TYPE))
    ends = set()
    for link in Link.select().where((at_a | at_b) & (Link.deleted == False)):
        ends.add((link.b_origin, link.b_uuid) if link.a_uuid == ref.uuid
                 else (link.a_origin, link.a_uuid))
    models = ncen.models_for(OFFENDER_TYPE)
    main = models.main
    found = []
    for origin, uuid in sorted(ends):
        rows = select_rows(models).where((main.origin == origin) & (main.uuid == uuid)
                                         & (main.deleted == False))
        found.extend(load_records(models, rows))
    return found
