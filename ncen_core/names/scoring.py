"""How alike a stored name is to a query, 0-100: each query word aligned with its best word.

Both are in phonetic form (:mod:`ncen_core.names.phonetic`), so transliteration variants are
already equal. A query word matches a word of the name when it is within
:func:`~ncen_core.names.phonetic.max_edits` edits of it (a typo) and their rapidfuzz ratio,
its similarity, is at least :data:`MIN_WORD_SIMILARITY`; words farther apart do not match
at all. The score is the length-weighted mean similarity of the query words, so word order
never counts, less
:data:`EXTRA_WORD_COST` for each word of the name that no query word matched (a middle name
left out of the query costs little). A query whose neighbouring words were written as one in
the name (Xiao Ming/Xiaoming), or the other way round, is scored both ways.

Because a word that matches nothing contributes nothing, a name can only score when it
shares a word, or a typo of one, with the query: that is what makes the index search
exhaustive (:mod:`ncen_core.names.find`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ncen_core.names.phonetic import NameForm, max_edits, pair_words

#: Points lost for each word of the name that matches no query word.
EXTRA_WORD_COST = 4.0
#: Words less alike than this (rapidfuzz ratio, 0-1) do not match.
MIN_WORD_SIMILARITY = 0.7


@dataclass(frozen=True)
class NameQuery:
    """A query name ready for scoring.

    ``readings`` are the ways to read the query: its words, and its words with one pair of
    neighbours joined, each as (phonetic word, weight) with weights summing to 1.
    ``matches`` maps each known word to the query words it matches, with their similarity
    (0-1).
    """

    readings: tuple[tuple[tuple[str, float], ...], ...]
    matches: dict[str, dict[str, float]]

    def key_weights(self) -> list[tuple[str, int, str, float]]:
        """(known word, reading, query word, weight): what holding the known word adds to a
        name's score through that query word when the query is read that way, at most."""
        return [(known, number, word, weight * matched[word])
                for known, matched in sorted(self.matches.items())
                for number, reading in enumerate(self.readings)
                for word, weight in reading if word in matched]


def query_readings(form: NameForm) -> tuple[tuple[tuple[str, float], ...], ...]:
    """The readings of a query name (see :class:`NameQuery`)."""
    words = form.phonetic
    total = sum(len(w) for w in words) or 1
    readings = [tuple((w, len(w) / total) for w in words)]
    for index, joined in enumerate(pair_words(form)):
        merged = words[:index] + (joined,) + words[index + 2:]
        readings.append(tuple((w, len(w) / total) for w in merged))
    return tuple(readings)


def word_similarity(query_word: str, word: str) -> float:
    """Their rapidfuzz ratio (0-1), or 0 when ``word`` is more edits away than a typo of
    ``query_word`` or less alike than :data:`MIN_WORD_SIMILARITY`."""
    edits = max_edits(query_word)
    if Levenshtein.distance(query_word, word, score_cutoff=edits) > edits:
        return 0.0
    similarity = fuzz.ratio(query_word, word) / 100
    return similarity if similarity >= MIN_WORD_SIMILARITY else 0.0


def name_query(form: NameForm, known_words: Iterable[str]) -> NameQuery:
    """The query for ``form``, matched against ``known_words`` (the vocabulary it reaches)."""
    readings = query_readings(form)
    query_words = {word for reading in readings for word, _ in reading}
    matches: dict[str, dict[str, float]] = {}
    for known in set(known_words) | query_words:
        matched = {q: s for q in query_words if (s := word_similarity(q, known)) > 0}
        if matched:
            matches[known] = matched
    return NameQuery(readings, matches)


def name_score(query: NameQuery, words: Sequence[str], pairs: Sequence[str]) -> float:
    """Score of one stored name (its phonetic words and word pairs) for ``query``."""
    found: dict[str, tuple[float, tuple[int, ...]]] = {}
    for index, word in enumerate(words):
        for query_word, similarity in query.matches.get(word, _NONE).items():
            if similarity > found.get(query_word, _MISS)[0]:
                found[query_word] = (similarity, (index,))
    for index, pair in enumerate(pairs):
        for query_word, similarity in query.matches.get(pair, _NONE).items():
            if similarity > found.get(query_word, _MISS)[0]:
                found[query_word] = (similarity, (index, index + 1))
    best = 0.0
    for reading in query.readings:
        total, matched = 0.0, set()
        for query_word, weight in reading:
            if query_word in found:
                similarity, where = found[query_word]
                total += weight * similarity
                matched.update(where)
        best = max(best, 100 * total - EXTRA_WORD_COST * (len(words) - len(matched)))
    return round(best, 2)


_NONE: dict[str, float] = {}
_MISS = (0.0, ())


def plain_similarity(query: NameForm, plain: str) -> float:
    """Ratio of the plain Latin words, sorted: orders names whose scores are equal."""
    return fuzz.token_sort_ratio(query.plain_text, plain)
