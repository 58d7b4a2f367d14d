"""Possible duplicates of a record being entered: the same person or company, already known.

Shown while an officer types a new suspect, before a second record of the same person is
saved. Candidates are the records whose names share index keys with the new one plus those
sharing an identifier (passport, phone, e-mail ...). Each gets the best score of any of its
names against any name of the new record (:mod:`ncen_core.names.scoring`), then the other
facts move it up or down:

- a shared identity document number is near proof (+25); a shared phone or e-mail helps (+10);
- dates of birth that agree (+8 when both are full, +4 when one is partial and consistent,
  ``1980`` against ``1980-05-03``) or disagree (-12 within the same year, -25 otherwise);
- a nationality or country in common (+4) or none in common (-8);
- a different gender (-20).

Facts are read from the fields ``date_of_birth``, ``gender``, ``nationalities`` and
``country`` when the record type has them, identifiers from the fields marked as such.
"""

from __future__ import annotations

from typing import Any, Mapping

from ncen_core.identifier_index import find_by_identifier, identifiers_of, office_region
from ncen_core.names.find import candidates_and_names, prepare_query, score_records
from ncen_core.names.name_index import name_forms_of
from ncen_core.record_store import load_records, select_rows
from ncen_core.records import Record, RecordRef

#: Records kept per name after name scoring, before the other facts are weighed.
SHORTLIST = 30
#: Scores below this are not shown as possible duplicates.
MIN_SCORE = 60.0
STRONG_KINDS = frozenset({"document"})


def possible_duplicates(ncen, record_type: str, values: Mapping[str, Any], *, limit: int = 10,
                        exclude: RecordRef | None = None,
                        min_score: float = MIN_SCORE) -> list[tuple[RecordRef, float]]:
    """Records of ``record_type`` that may describe the same subject as ``values``, with
    scores 0-100, best first. ``exclude`` is the record being edited, if it exists."""
    models = ncen.models_for(record_type)
    by_name: dict[int, float] = {}
    for form in name_forms_of(models.record_type, values):
        query = prepare_query(ncen.database, form)
        refs, names = candidates_and_names(ncen.database, query, [record_type])
        for _, record_id, score in score_records(ncen.database, form, query, refs, SHORTLIST,
                                                 names):
            by_name[record_id] = max(by_name.get(record_id, 0.0), score)
    pairs = identifiers_of(models.record_type, values, region=office_region(ncen.office_code))
    ids = set(by_name) | {record_id for _, record_id in find_by_identifier(
        ncen, pairs, record_types=[record_type])}
    if not ids:
        return []
    main = models.main
    live = main.deleted == False  # noqa: E712
    rows = select_rows(models).where(main.id.in_(sorted(ids)) & live)
    scored = []
    for record in load_records(models, rows):
        if exclude is not None and record.ref == exclude:
            continue
        score = by_name.get(record.id, 0.0) + _evidence(ncen, record, values, set(pairs))
        score = max(0.0, min(100.0, round(score, 2)))
        if score >= min_score:
            scored.append((record.ref, score))
    scored.sort(key=lambda item: (-item[1], item[0].uuid))
    return scored[:limit]


def _evidence(ncen, record: Record, values: Mapping[str, Any],
              pairs: set[tuple[str, str]]) -> float:
    models = ncen.models_for(record.record_type)
    shared = pairs & set(identifiers_of(models.record_type, record.values,
                                        region=office_region(record.origin)))
    score = 0.0
    if any(kind in STRONG_KINDS for kind, _ in shared):
        score += 25
    elif shared:
        score += 10
    score += birth_date_agreement(_text(values.get("date_of_birth")),
                                  _text(record.values.get("date_of_birth")))
    mine, theirs = _countries(values), _countries(record.values)
    if mine and theirs:
        score += 4 if mine & theirs else -8
    gender, other = values.get("gender"), record.values.get("gender")
    if gender and other and gender != other:
        score -= 20
    return score


def birth_date_agreement(first: str, second: str) -> float:
    """Points for two partial ISO dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) of birth."""
    if not first or not second:
        return 0.0
    if first == second:
        return 8.0 if len(first) == 10 else 4.0
    if first.startswith(second) or second.startswith(first):
        return 4.0
    return -12.0 if first[:4] == second[:4] else -25.0


def _countries(values: Mapping[str, Any]) -> set[str]:
    countries = {row.get("country") for row in values.get("nationalities") or ()
                 if isinstance(row, Mapping)}
    countries.add(values.get("country"))
    return {c.upper() for c in countries if isinstance(c, str) and c}


def _text(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value or "").strip()
