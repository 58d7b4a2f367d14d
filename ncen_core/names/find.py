"""Fuzzy name search: candidates from the key index, then re-ranking with rapidfuzz.

A query is put in comparable form and its keys looked up in ``ncen_name_key``; the records
sharing most keys (at most :data:`CANDIDATES`) are re-ranked by the similarity of their
stored names. The cost follows the number of index entries sharing a key with the query,
never the number of names in the database.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import peewee as pw

from ncen_core.names.name_index import KEY_TABLE, NAME_TABLE
from ncen_core.names.phonetic import name_form, name_keys
from ncen_core.names.scoring import Comparable, best_similarity, comparable, comparable_text
from ncen_core.storage import is_sqlite

#: Records re-ranked per query: those sharing the most keys with it.
CANDIDATES = 300


def find_names(ncen, text: str, *, record_types: Sequence[str] = ("suspect", "company"),
               limit: int = 20) -> list[tuple[str, int, float]]:
    """(record type, record id, score 0-100) of the records best matching the name ``text``,
    best first (ties by type and id). Typos, transliteration variants, another script,
    swapped order and missing middle names are tolerated. Reading rights are the caller's
    business."""
    query = name_form(text)
    if not query.words or not record_types:
        return []
    refs = name_candidates(ncen.database, name_keys(query), record_types)
    names = stored_names(ncen.database, refs)
    target = comparable(query)
    scored = [(t, i, best_similarity(target, names.get((t, i), []))) for t, i in refs]
    scored.sort(key=lambda row: (-row[2], row[0], row[1]))
    return scored[:limit]


def name_candidates(database: pw.Database, keys: Iterable[str], record_types: Sequence[str],
                    limit: int = CANDIDATES) -> list[tuple[str, int]]:
    """Records sharing the most keys with a query, most first.

    The lookup goes through the primary key (key first). On SQLite the record-type test is
    written ``+record_type`` so that, without statistics, the planner does not prefer the
    per-record index and read every key of the type instead.
    """
    keys = sorted(keys)
    if not keys:
        return []
    p = database.param
    type_column = "+record_type" if is_sqlite(database) else "record_type"
    sql = (f"SELECT record_type, record_id FROM {KEY_TABLE} "
           f"WHERE key IN ({', '.join(p for _ in keys)}) "
           f"AND {type_column} IN ({', '.join(p for _ in record_types)}) "
           f"GROUP BY record_id, record_type ORDER BY COUNT(*) DESC, record_id DESC "
           f"LIMIT {int(limit)}")
    return [(row[0], row[1]) for row in database.execute_sql(sql, [*keys, *record_types])]


def stored_names(database: pw.Database,
                 refs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], list[Comparable]]:
    """The indexed names of the records ``refs``, read from ``ncen_name``."""
    by_type: dict[str, list[int]] = {}
    for record_type, record_id in refs:
        by_type.setdefault(record_type, []).append(record_id)
    names: dict[tuple[str, int], list[Comparable]] = {}
    p = database.param
    for record_type, ids in by_type.items():
        sql = (f"SELECT record_id, plain, phonetic FROM {NAME_TABLE} WHERE record_type = {p} "
               f"AND record_id IN ({', '.join(p for _ in ids)})")
        for record_id, plain, phonetic in database.execute_sql(sql, [record_type, *ids]):
            names.setdefault((record_type, record_id), []).append(
                comparable_text(plain, phonetic))
    return names
