"""Latin letters for a name written in any script, as officers would type it from a passport.

anyascii covers every script (Cyrillic, Greek, Latin with diacritics, Chinese as pinyin,
Korean ...). Two scripts get extra care because their plain transliteration would not
resemble what officers type:

- Arabic and Persian write few vowels. Each letter gets its usual romanisation and an ``a``
  is put between consonants that have no written vowel between them, so ``محمد`` becomes
  ``mahamad``, whose phonetic form equals that of Mohamed or Muhammad (all vowels fold to
  one). ``عبد`` and the article ``ال`` keep their conventional forms.
- Chinese and Korean names are written without spaces; the first syllable (the family
  name) is split from the rest, which is kept as one word: ``王小明`` -> ``wang xiaoming``.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_ARABIC_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ب": "b", "ت": "t", "ث": "th",
    "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s",
    "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "a", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "ى": "a",
    "ء": "", "ئ": "i", "ؤ": "u", "َ": "a", "ِ": "i", "ُ": "u",
    # Persian and Urdu letters
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ی": "y", "ے": "e", "ہ": "h",
    "ۀ": "a", "ٹ": "t", "ڈ": "d", "ڑ": "r",
}
#: Whole words with a conventional spelling (name particles).
_ARABIC_WORDS = {"بن": "bin", "ابن": "ibn", "بنت": "bint", "أبو": "abu", "ابو": "abu"}
_ARABIC_VOWELS = set("aiu")
_WAW, _YEH = "و", "يی"


def to_latin(text: str) -> str:
    """The name in lowercase Latin letters without accents, words separated by one space."""
    parts: list[str] = []
    for run, kind in _script_runs(unicodedata.normalize("NFC", text)):
        if kind == "arabic":
            parts.append(" ".join(_arabic_word(w) for w in re.split(r"[\s\u0640-]+", run)))
        elif kind == "syllabic":
            parts.append(_syllabic_name(run))
        else:
            parts.append(anyascii(_greek_ou(run)))
    latin = " ".join(parts).lower()
    return " ".join(re.sub(r"[^a-z]+", " ", latin.replace("'", "").replace("`", "")).split())


def _script_runs(text: str) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for char in text:
        kind = _script(char)
        if kind == "other" and runs and char.isspace():
            kind = runs[-1][1]
        if runs and runs[-1][1] == kind:
            runs[-1] = (runs[-1][0] + char, kind)
        else:
            runs.append((char, kind))
    return runs


def _script(char: str) -> str:
    code = ord(char)
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xAC00 <= code <= 0xD7A3:
        return "syllabic"
    return "other"


def _arabic_word(word: str) -> str:
    word = unicodedata.normalize("NFKC", word)
    if word in _ARABIC_WORDS:
        return _ARABIC_WORDS[word]
    prefix = ""
    if word.startswith("عبد"):
        prefix, word = "abd ", word[3:]
    if word.startswith("ال") and len(word) > 3:
        prefix, word = prefix + "al", word[2:]
    letters: list[str] = []
    for index, char in enumerate(word):
        before_alif = word[index + 1:index + 2] in ("ا", "آ")
        if char in _WAW:
            letters.append("w" if index == 0 or before_alif else "u")
        elif char in _YEH:
            letters.append("y" if index == 0 or before_alif else "i")
        else:
            letters.append(_ARABIC_LETTERS.get(char, ""))
    return (prefix + _with_short_vowels([letter for letter in letters if letter])).strip()


def _with_short_vowels(letters: list[str]) -> str:
    """Join letters, putting ``a`` between two consonants: the short vowel Arabic omits."""
    out = ""
    for letter in letters:
        if out and out[-1] not in _ARABIC_VOWELS and letter[0] not in _ARABIC_VOWELS:
            out += "a"
        out += letter
    return out


def _syllabic_name(run: str) -> str:
    words = run.split()
    if len(words) > 1:
        return " ".join("".join(anyascii(char) for char in word) for word in words)
    syllables = [anyascii(char) for char in words[0]] if words else []
    return " ".join(syllables[:1] + ["".join(syllables[1:])])


def _greek_ou(text: str) -> str:
    """Greek ``ου`` is the sound u (Papadopoulos), which anyascii writes ``oy``."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub("ου", "ou", re.sub("Ου|ΟΥ", "Ou", bare))
