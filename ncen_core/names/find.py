"""Fuzzy name search: candidates from the key index, then scoring with rapidfuzz.

1. The query's words (and joined neighbour pairs) look up the vocabulary through their
   variants: the known words each may be a typo of, with their similarity.
2. The records holding those words are ranked in SQL by the most each can score (the sum of
   the weights of the words they hold), and the best :data:`CANDIDATES` are kept.
3. Their stored names are scored exactly (:mod:`ncen_core.names.scoring`).

A name that shares no word, or typo of one, with the query scores 0, so the candidates are
exactly the names that can score; the cost follows the index entries of those words, never
the number of names in the database. When a minimum score is asked (a search shows only
names reaching 75), a name must hold most of the query's words to reach it: the records
that hold enough are found first in the key documents (:mod:`ncen_core.names.key_documents`),
and only they are ranked, so a common given name no longer means ranking everyone who has it.
"""

from __future__ import annotations

import itertools

from typing import Iterable, Mapping, Sequence

import peewee as pw

from ncen_core.names.key_documents import Requirement, StoredName, holders_sql, read_names
from ncen_core.names.name_index import KEY_TABLE, NAME_TABLE, WORD_TABLE
from ncen_core.names.phonetic import NameForm, name_form, word_variants
from ncen_core.names.scoring import (
    EXTRA_WORD_COST,
    NameQuery,
    name_query,
    name_score,
    plain_similarity,
    query_readings,
)
from ncen_core.storage import is_sqlite

#: Records scored per query: those that can score most.
CANDIDATES = 200
_ROUNDING = 0.01
#: Without a minimum score, the scores tried in turn for a top read from the key documents
#: (:func:`candidates_and_names`): common names fill it at the first, rarer ones at the second.
NARROWING_REACHES = (75.0, 50.0)
#: Words of one reading a requirement is listed for at most: beyond, its sets of words
#: (up to 2^n) would cost more than they save, and every holder of a word is ranked.
MAX_REQUIRED_WORDS = 8



def find_names(ncen, text: str, *, record_types: Sequence[str] = ("suspect", "company"),
               limit: int = 20, min_score: float = 0.0) -> list[tuple[str, int, float]]:
    """(record type, record id, score 0-100) of the records best matching the name ``text``,
    best first. Typos, transliteration variants, another script, swapped order and missing
    middle names are tolerated. With ``min_score``, only names that can reach it are read
    and scored (the others would be dropped anyway). Reading rights are the caller's
    business."""
    form = name_form(text)
    if not form.words or not record_types:
        return []
    query = prepare_query(ncen.database, form)
    refs, names = candidates_and_names(ncen.database, query, record_types, min_score=min_score)
    return [found for found in score_records(ncen.database, form, query, refs, limit, names)
            if found[2] >= min_score]


def prepare_query(database: pw.Database, form: NameForm) -> NameQuery:
    """The query for ``form`` with the known words its words may stand for."""
    words = {word for reading in query_readings(form) for word, _ in reading}
    variants = sorted(set().union(*map(word_variants, words)))
    p = database.param
    sql = (f"SELECT DISTINCT word FROM {WORD_TABLE} "
           f"WHERE variant IN ({', '.join(p for _ in variants)})")
    return name_query(form, (row[0] for row in database.execute_sql(sql, variants)))


def candidates_and_names(database: pw.Database, query: NameQuery, record_types: Sequence[str],
                         limit: int = CANDIDATES, min_score: float = 0.0
                         ) -> tuple[list[tuple[str, int]], dict[tuple[str, int], list[StoredName]]]:
    """Records that can score most for ``query``, best first, and the names of those read
    from the key documents (for the others, :func:`score_records` reads ``ncen_name``);
    with ``min_score``, only those
    whose words could reach it if each matched perfectly (a name scores at most that: the
    cost of other words only lowers it).

    The score is that of :mod:`ncen_core.names.scoring` as far as the index knows it: for
    each reading of the query, for each query word the best known word the record holds,
    weighted, less the cost of the record's other words; the best reading counts. With a
    minimum score that requires most of the words, the records holding enough are read
    from the key documents and ranked here (:func:`rank_holders`). Without one, the same is
    tried at each of :data:`NARROWING_REACHES`, and kept when the whole top reaches it (no
    record outside can then enter it); otherwise SQL ranks every record holding a key
    (:func:`_ranked_in_sql`).
    """
    weights = query.key_weights()
    if not weights:
        return [], {}
    for reach in [min_score] + [r for r in NARROWING_REACHES if r > min_score]:
        requirement = required_keys(query, (reach - _ROUNDING) / 100) if reach > 0 else None
        if requirement is None:
            continue
        holders, params = holders_sql(database, record_types, requirement)
        ranked = rank_holders(weights, database.execute_sql(holders, params), limit,
                              reach - _ROUNDING)
        # Below the reach asked, the top is whole only when its last one reaches it: a
        # record outside the holders scores less.
        if reach == min_score or (len(ranked) == limit and ranked[-1][0] >= reach - _ROUNDING):
            return ([(record_type, record_id) for _, record_type, record_id, _ in ranked],
                    {(record_type, record_id): read_names(names)
                     for _, record_type, record_id, names in ranked})
    return _ranked_in_sql(database, weights, record_types, limit, min_score), {}


def _ranked_in_sql(database: pw.Database, weights: list[tuple[str, int, str, float]],
                   record_types: Sequence[str], limit: int,
                   min_score: float) -> list[tuple[str, int]]:
    """:func:`candidates_and_names` over every record holding a key of the query.

    The keys are also listed as constants so that PostgreSQL looks them up in the primary
    key (key first) instead of joining the table to the list. On SQLite the record-type test
    is written ``+record_type`` so that, without statistics, the planner does not prefer the
    per-record index and read every key of the type instead.
    """
    p = database.param
    type_column = "+k.record_type" if is_sqlite(database) else "k.record_type"
    keys = sorted({key for key, *_ in weights})
    values = ", ".join(f"({p}, {p}, {p}, {p})" for _ in weights)
    sql = (f"WITH q(key, reading, word, weight) AS (VALUES {values}), "
           "hit AS (SELECT k.record_type, k.record_id, q.reading, MAX(q.weight) AS weight, "
           f"MAX(k.words) AS words FROM q JOIN {KEY_TABLE} k ON k.key = q.key "
           f"WHERE k.key IN ({', '.join(p for _ in keys)}) "
           f"AND {type_column} IN ({', '.join(p for _ in record_types)}) "
           "GROUP BY k.record_id, k.record_type, q.reading, q.word), "
           "bound AS (SELECT record_type, record_id, "
           f"100 * SUM(weight) - {EXTRA_WORD_COST} * (MAX(words) - COUNT(*)) AS score, "
           "100 * SUM(weight) AS reach FROM hit GROUP BY record_id, record_type, reading) "
           "SELECT record_type, record_id FROM bound GROUP BY record_id, record_type "
           + (f"HAVING MAX(reach) >= {p} " if min_score > 0 else "")
           + f"ORDER BY MAX(score) DESC, record_id DESC LIMIT {int(limit)}")
    params = [item for row in weights for item in row] + keys + list(record_types)
    if min_score > 0:
        # Scores are rounded to 2 decimals: a reach a hair below min_score may round up.
        params.append(min_score - _ROUNDING)
    return [(row[0], row[1]) for row in database.execute_sql(sql, params)]


def rank_holders(weights: Sequence[tuple[str, int, str, float]],
                 holders: Iterable[tuple[str, int, str, int, str]], limit: int,
                 reach: float) -> list[tuple[float, str, int, str]]:
    """(score, type, id, names) of the best ``limit`` of ``holders`` (type, id, keys joined
    by spaces, words of the shortest name, names) by the score the index allows them, as
    :func:`_ranked_in_sql` computes it: per reading, the best weight of a key held for each
    query word, less the cost of the other words; only those whose weights reach ``reach``
    (0-100)."""
    by_key: dict[str, list[tuple[int, str, float]]] = {}
    for key, reading, word, weight in weights:
        by_key.setdefault(key, []).append((reading, word, weight))
    ranked: list[tuple[float, int, str, str]] = []
    for record_type, record_id, keys, words, names in holders:
        best: dict[tuple[int, str], float] = {}
        for key in keys.split():
            for reading, word, weight in by_key.get(key, ()):
                if weight > best.get((reading, word), 0.0):
                    best[(reading, word)] = weight
        totals: dict[int, list[float]] = {}
        for (reading, _), weight in best.items():
            total = totals.setdefault(reading, [0.0, 0])
            total[0] += weight
            total[1] += 1
        if not totals or 100 * max(t[0] for t in totals.values()) < reach:
            continue
        score = max(100 * weight - EXTRA_WORD_COST * (words - matched)
                    for weight, matched in totals.values())
        ranked.append((-score, -record_id, record_type, names))
    ranked.sort()
    return [(-negative_score, record_type, -negative_id, names)
            for negative_score, negative_id, record_type, names in ranked[:limit]]


def required_keys(query: NameQuery, reach: float) -> Requirement | None:
    """What a record must hold for its words to weigh ``reach`` (0-1) in some reading of
    the query: alternatives, each a tuple of key groups (the known words standing for one
    query word) of which it holds a key each. The alternatives are the smallest sets of
    query words weighing enough. None when it would not narrow anything: every key alone
    weighs enough, or a reading has more than :data:`MAX_REQUIRED_WORDS` words."""
    groups: dict[tuple[int, str], tuple[float, set[str]]] = {}
    for key, reading, word, weight in query.key_weights():
        best, keys = groups.setdefault((reading, word), (0.0, set()))
        keys.add(key)
        groups[(reading, word)] = (max(best, weight), keys)
    alternatives: dict[tuple[frozenset[str], ...], None] = {}
    for reading in {reading for reading, _ in groups}:
        words = [(weight, frozenset(keys)) for (number, _), (weight, keys) in
                 sorted(groups.items()) if number == reading]
        if len(words) > MAX_REQUIRED_WORDS:
            return None
        found: list[set[int]] = []
        for size in range(1, len(words) + 1):
            for chosen in itertools.combinations(range(len(words)), size):
                if (sum(words[i][0] for i in chosen) >= reach - 1e-9
                        and not any(smaller <= set(chosen) for smaller in found)):
                    found.append(set(chosen))
                    alternatives[tuple(sorted((words[i][1] for i in chosen), key=sorted))] = None
    if all(len(alternative) == 1 for alternative in alternatives) and \
            {key for key, *_ in query.key_weights()} <= {key for (group,) in alternatives
                                                          for key in group}:
        return None
    return list(alternatives)


def score_records(database: pw.Database, form: NameForm, query: NameQuery,
                  refs: Iterable[tuple[str, int]], limit: int,
                  known: Mapping[tuple[str, int], list[StoredName]] | None = None,
                  ) -> list[tuple[str, int, float]]:
    """The best ``limit`` of (type, id, score) for ``refs`` by their best name, best first;
    equal scores are ordered by the likeness of the plain letters, then type and id. The
    names of refs not in ``known`` are read from ``ncen_name``."""
    known = known or {}
    refs = list(refs)
    names_of = {**stored_names(database, [ref for ref in refs if ref not in known]),
                **{ref: known[ref] for ref in refs if ref in known}}
    best: dict[tuple[str, int], tuple[float, list[str]]] = {}
    for ref, names in names_of.items():
        scores = [(name_score(query, words, pairs), plain) for plain, words, pairs in names]
        top = max(score for score, _ in scores)
        best[ref] = (top, [plain for score, plain in scores if score == top])
    if not best:
        return []
    cutoff = sorted((score for score, _ in best.values()), reverse=True)[:limit][-1]
    ranked = sorted(
        (-score, -max(plain_similarity(form, plain) for plain in plains), ref[0], ref[1])
        for ref, (score, plains) in best.items() if score >= cutoff)
    return [(record_type, record_id, -score) for score, _, record_type, record_id in ranked][:limit]


def stored_names(database: pw.Database,
                 refs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], list[StoredName]]:
    """The indexed names of the records ``refs``, read from ``ncen_name``."""
    by_type: dict[str, list[int]] = {}
    for record_type, record_id in refs:
        by_type.setdefault(record_type, []).append(record_id)
    names: dict[tuple[str, int], list[StoredName]] = {}
    p = database.param
    for record_type, ids in by_type.items():
        sql = (f"SELECT record_id, plain, phonetic, pairs FROM {NAME_TABLE} "
               f"WHERE record_type = {p} AND record_id IN ({', '.join(p for _ in ids)})")
        for record_id, plain, phonetic, pairs in database.execute_sql(sql, [record_type, *ids]):
            names.setdefault((record_type, record_id), []).append(
                (plain, tuple(phonetic.split()), tuple(pairs.split())))
    return names

