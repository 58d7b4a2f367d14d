"""Phonetic forms and index keys of names, so that spelling variants meet.

A name is transliterated to Latin (:mod:`ncen_core.names.transliterate`), split into words,
and each word is rewritten by rules that fold the usual transliteration variants together:

- consonant spellings: kh/h, ph/f, dj/j/zh/dzh, sh/ch/sch/tch, q/k/c, w/v/f, z/s, ts/s, d/t,
  x/ks; ``ou`` before a vowel at the start is a w (Oualid/Walid), ``y`` or ``i`` before a
  vowel at the start is a j (Yusuf/Iosif/Jusuf);
- every run of vowels becomes one ``a`` and doubled letters are single, so Mohammed,
  Muhammad, Mohamed and Mouhamad all read ``mahamat``;
- word endings -iy/-ij/-ii are -i (Yuriy/Jurij/Yurii), a final h after a vowel is silent
  (Fatimah/Fatima);
- Arabic compounds are joined (Abd el Aziz, Abdel Aziz, Abdulaziz -> one word), the article
  al-/el- is dropped, and particles (bin, ibn, de, van ...) and company legal forms
  (LLC, SARL, GmbH ...) are ignored.

Index keys are the phonetic words and the phonetic form of each pair of neighbouring words
written as one (Xiao Ming/Xiaoming). Typos are met through the vocabulary of known words: a
word's *variants* are the strings left by deleting up to one letter (words of three to seven
letters) or two (longer words), so two words within that many edits share a variant, as in
SymSpell.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ncen_core.names.transliterate import to_latin

PARTICLES = frozenset({
    "al", "el", "ul", "bin", "ben", "ibn", "bint", "binti", "ould", "de", "da", "di", "do",
    "du", "das", "dos", "des", "del", "della", "der", "den", "van", "von", "ter", "la", "le",
    "y", "e", "mac",
})
LEGAL_FORMS = frozenset({
    "ltd", "limited", "llc", "plc", "inc", "corp", "corporation", "co", "company", "sa", "sas",
    "sarl", "sarlu", "srl", "spa", "gmbh", "ag", "bv", "nv", "oy", "ab", "aps", "kft", "sro",
    "doo", "ooo", "zao", "oao", "pjsc", "jsc", "fze", "fzco", "fzc", "fz", "llp", "lp", "pte",
    "pvt", "pty", "bhd", "sdn", "and", "the", "of", "et", "cie", "ve", "tic", "san",
})
IGNORED_WORDS = PARTICLES | LEGAL_FORMS

_ABD = frozenset({"abd", "abdel", "abdul", "abdal", "abdoul", "abdol", "abdil", "abdu", "abdou"})
_ABU = frozenset({"abu", "abou", "abo"})
_ARTICLES = frozenset({"al", "el", "ul", "il", "ar", "er", "ur", "as", "es", "ad", "ed", "an",
                       "en", "at", "et", "az", "ez", "ash", "esh"})
_ABD_PREFIX = re.compile(r"^abd[aeiou]{0,2}l?(?=[a-z]{2})")
_GLUED_ARTICLE = re.compile(r"^[ae]l(?=[a-z]{3})")
_ARTICLE_PREFIX = re.compile(r"^[ae]l(?=[^aeiouy][a-z]{2})")

_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement) for pattern, replacement in (
        (r"(?:ij|iy|yj|ii|yy)$", "i"),
        (r"^ou(?=[aeiy])", "w"),
        (r"^[yi](?=[aeou])", "J"),
        (r"dzh|dsch|dj|zh|j", "J"),
        (r"tsch|sch|tch|ch|sh|cz|sz", "S"),
        (r"kh", "h"), (r"gh", "g"), (r"ph", "f"), (r"th", "t"), (r"dh", "d"),
        (r"ck|q", "k"), (r"c(?=[eiy])", "s"), (r"c", "k"), (r"x", "ks"),
        (r"[wv]", "f"), (r"z", "s"), (r"ts", "s"), (r"d", "t"),
        (r"(?<=[aeiouy])h$", ""),
        (r"[aeiouy]+", "a"),
        (r"(.)\1+", r"\1"),
    )
)

#: Words this long may differ by two edits (shorter ones by one, one or two letters by none).
TWO_EDITS_LENGTH = 8
#: Phonetic forms of words remembered at most (a few MB).
PHONETIC_CACHE_SIZE = 32_768


@dataclass(frozen=True)
class NameForm:
    """A name ready for comparison: its words in Latin letters and their phonetic forms."""

    words: tuple[str, ...]
    phonetic: tuple[str, ...]

    @property
    def plain_text(self) -> str:
        """The words joined by spaces."""
        return " ".join(self.words)

    @property
    def phonetic_text(self) -> str:
        """The phonetic words joined by spaces."""
        return " ".join(self.phonetic)


def name_words(text: str) -> list[str]:
    """The meaningful Latin words of a name: compounds joined, particles dropped."""
    words = to_latin(text).split()
    joined: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if (word in _ABD or word in _ABU) and index + 1 < len(words):
            step = 2 if words[index + 1] in _ARTICLES and index + 2 < len(words) else 1
            following = _GLUED_ARTICLE.sub("", words[index + step])
            word = word + ("ul" if word == "abd" else "") + following
            index += step
        joined.append(word)
        index += 1
    kept = []
    for word in joined:
        word = _ABD_PREFIX.sub("abd", word)
        word = _ARTICLE_PREFIX.sub("", word)
        if len(word) > 1 and word not in IGNORED_WORDS:
            kept.append(word)
    return kept


@functools.lru_cache(maxsize=PHONETIC_CACHE_SIZE)
def phonetic_word(word: str) -> str:
    """The phonetic form of one Latin word (see the module docstring); remembered, since
    an import of a national register meets the same few thousand words over and over."""
    for pattern, replacement in _RULES:
        word = pattern.sub(replacement, word)
    return word


def name_form(text: str) -> NameForm:
    """The comparable form of a name written in any script."""
    words = tuple(name_words(text))
    return NameForm(words, tuple(phonetic_word(w) for w in words))


def pair_words(form: NameForm) -> tuple[str, ...]:
    """Phonetic forms of each pair of neighbouring words written as one."""
    return tuple(phonetic_word(first + second) for first, second in zip(form.words, form.words[1:]))


def name_keys(form: NameForm) -> set[str]:
    """Index keys of a name: its phonetic words and word pairs."""
    return set(form.phonetic) | set(pair_words(form))


def max_edits(word: str) -> int:
    """How many edits a word may differ by and still be the same word mistyped."""
    if len(word) <= 2:
        return 0
    return 2 if len(word) >= TWO_EDITS_LENGTH else 1


def word_variants(word: str) -> set[str]:
    """The word and every string left by deleting up to :func:`max_edits` of its letters."""
    variants = {word}
    for _ in range(max_edits(word)):
        variants |= {v[:i] + v[i + 1:] for v in variants for i in range(len(v))}
    return variants
