"""The brute-force baseline of fuzzy name search, shared by the name benchmarks.

Every name is held in memory in its comparable forms and scored against the query with
ncen's own scorer (:mod:`ncen_core.names.scoring`), the word similarities computed by
rapidfuzz against every distinct word: the exact top-N that the indexed search must find,
at the cost of a scan of every name per query.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any, Iterable, Mapping

from ncen_core.fields import RecordType
from ncen_core.names.find import find_names
from ncen_core.names.name_index import name_forms_of
from ncen_core.names.phonetic import name_form, pair_words
from ncen_core.names.scoring import name_query, name_score, plain_similarity

NameMemory = list[tuple[int, list[tuple[str, list[str], list[str]]]]]


def name_memory(record_type: RecordType,
                records: Iterable[tuple[int, Mapping[str, Any]]]) -> NameMemory:
    """(record id, [(plain text, phonetic words, word pairs) per name]) of ``records``."""
    return [(record_id, [(form.plain_text, form.phonetic, pair_words(form))
                         for form in name_forms_of(record_type, values)])
            for record_id, values in records]


def vocabulary_of(memory: NameMemory) -> set[str]:
    """Every word and word pair of the names in ``memory``."""
    return {word for _, names in memory for _, words, pairs in names for word in words + pairs}


def brute_force_top(text: str, memory: NameMemory, vocabulary: set[str],
                    top: int) -> list[tuple[float, int]]:
    """(score, record id) of the ``top`` best names for ``text``, every name scored."""
    form = name_form(text)
    query = name_query(form, vocabulary)
    scored = sorted(((max((name_score(query, words, pairs), plain_similarity(form, plain))
                          for plain, words, pairs in names), record_id)
                     for record_id, names in memory if names),
                    key=lambda item: (-item[0][0], -item[0][1], item[1]))
    return [(score[0], record_id) for score, record_id in scored[:top] if score[0] > 0]


def recall(exact: list[tuple[float, int]], found: list[tuple[str, int, float]]) -> float:
    """Share of the brute-force top found; records with equal scores are interchangeable,
    so the two lists are compared as multisets of scores."""
    wanted = Counter(score for score, _ in exact)
    got = Counter(score for _, _, score in found)
    return sum((wanted & got).values()) / len(exact)


def timed_pair(ncen: Any, text: str, memory: NameMemory, vocabulary: set[str],
               top: int) -> tuple[float, float, float | None]:
    """Seconds of ncen's suspect top-``top`` for ``text``, seconds of the brute force, and
    the recall of ncen's answer against it (None when no name scores at all)."""
    started = time.perf_counter()
    found = find_names(ncen, text, record_types=("suspect",), limit=top)
    ours = time.perf_counter() - started
    started = time.perf_counter()
    exact = brute_force_top(text, memory, vocabulary, top)
    brute = time.perf_counter() - started
    return ours, brute, recall(exact, found) if exact else None
