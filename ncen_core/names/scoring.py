"""How alike two names are, 0-100, once both are in comparable form.

Scores combine rapidfuzz ratios over the phonetic words (transliteration variants already
folded) with a small share of the ratio over the plain Latin words, which separates names
that only sound alike (Maria/Mario). Word order does not count (sorted words), a missing
middle name costs little (token-set ratio: one name's words within the other's), a name
split differently still matches (the words joined), and names from scripts that omit vowels
are met on their consonant skeletons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ncen_core.names.phonetic import NameForm

#: Share of the plain-letters ratio in the final score.
PLAIN_WEIGHT = 0.15
#: A name whose words all appear in the other scores this share of the token-set ratio.
SUBSET_WEIGHT = 0.9
#: Consonant skeletons alike count this much of a phonetic match.
SKELETON_WEIGHT = 0.9

_INNER_VOWEL = re.compile(r"(?<=\S)a")


@dataclass(frozen=True, slots=True)
class Comparable:
    """The strings of one name that scoring compares, computed once."""

    plain: str
    phonetic: str
    joined: str
    skeletons: str


def comparable(form: NameForm) -> Comparable:
    """The comparison strings of a name form."""
    return comparable_text(form.plain_text, form.phonetic_text)


def comparable_text(plain: str, phonetic: str) -> Comparable:
    """The comparison strings of a name stored as its plain and phonetic texts."""
    return Comparable(plain, phonetic, phonetic.replace(" ", ""), _INNER_VOWEL.sub("", phonetic))


def name_similarity(query: Comparable, candidate: Comparable) -> float:
    """Similarity of two names, 0 (nothing alike) to 100 (the same phonetic words)."""
    in_order = fuzz.token_sort_ratio(query.phonetic, candidate.phonetic)
    subset = fuzz.token_set_ratio(query.phonetic, candidate.phonetic)
    phonetic = max(
        in_order,
        SUBSET_WEIGHT * subset + (1 - SUBSET_WEIGHT) * in_order,
        fuzz.ratio(query.joined, candidate.joined),
        SKELETON_WEIGHT * fuzz.token_sort_ratio(query.skeletons, candidate.skeletons),
    )
    plain = fuzz.token_sort_ratio(query.plain, candidate.plain)
    return round((1 - PLAIN_WEIGHT) * phonetic + PLAIN_WEIGHT * plain, 2)


def best_similarity(query: Comparable, candidates: list[Comparable]) -> float:
    """The best similarity of ``query`` to any of a record's names."""
    return max((name_similarity(query, name) for name in candidates), default=0.0)
