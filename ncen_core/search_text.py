"""What goes into the full-text index of a record, folded the same way as queries.

Text is folded in Python (Unicode compatibility decomposition, combining marks removed,
case folded) so both backends see ``Müller``, ``MULLER`` and ``muller`` as one word, with no
database extension needed. Short texts written with separators
(``MSCU 123456-6``, ``AB-123-CD``) are also indexed without them, so an identifier is found
however it is typed. Two documents are built per record: the full document (every
searchable field, long narratives included) for word search, and the short text (names,
references and identifiers only) for substring and fuzzy search with trigrams, which would
cost too much over narratives.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.identifiers import compact
from ncen_core.record_type_cache import per_record_type

#: Text fields longer than this are left out of the trigram (short) text.
SHORT_TEXT_MAX_LENGTH = 200
#: Distinct words whose folded form is remembered.
FOLDED_WORDS_KEPT = 100_000


@dataclass(frozen=True)
class SearchText:
    """The two folded texts indexed for one record."""

    document: str
    short_text: str


def fold(text: str) -> str:
    """Lowercase, without accents, with compatibility forms unified (ﬁ -> fi, ² -> 2).

    ASCII text has nothing to decompose: it is only lowered (most of a register; imports
    fold millions of texts). Other text is folded word by word, each word once (a
    narrative repeats the names and words of thousands of others); normalisation never
    reaches across a space, so the result is that of folding the whole text.
    """
    if text.isascii():
        return text.lower()
    return " ".join([_fold_word(word) for word in text.split(" ")])


@functools.lru_cache(maxsize=FOLDED_WORDS_KEPT)
def _fold_word(word: str) -> str:
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).casefold()


def search_text(record_type: RecordType, values: Mapping[str, Any]) -> SearchText:
    """The folded document and short text of a record with canonical ``values``."""
    return _builder(record_type).build(values)


class _Builder:
    """The searchable fields of one record type, listed once: an import builds the texts of
    millions of records of the same type."""

    def __init__(self, record_type: RecordType):
        self.fields: list[tuple[str, list[tuple[str, bool]] | None, bool]] = []
        for spec in record_type.fields:
            if spec.kind is Kind.GROUP:
                members = [(member.name, _is_short(member)) for member in spec.fields
                           if member.searchable]
                if members:
                    self.fields.append((spec.name, members, False))
            elif spec.searchable:
                self.fields.append((spec.name, None, _is_short(spec)))

    def build(self, values: Mapping[str, Any]) -> SearchText:
        document: list[str] = []
        short: list[str] = []
        for name, members, is_short in self.fields:
            value = values.get(name)
            if members is None:
                _add(value, is_short, document, short)
                continue
            for row in value or ():
                for member, member_short in members:
                    _add(row.get(member), member_short, document, short)
        return SearchText(" ".join(document), " ".join(short))


_builder = per_record_type(_Builder)


def _is_short(spec: FieldSpec) -> bool:
    return spec.kind is Kind.TEXT and (spec.max_length or 0) <= SHORT_TEXT_MAX_LENGTH


def _add(value: Any, is_short: bool, document: list[str], short: list[str]) -> None:
    if value is None or value == "":
        return
    for text in _texts(value):
        folded = fold(text)
        document.append(folded)
        if is_short:
            short.append(folded)
            if text.isascii() and text.isalnum():
                continue  # nothing to compact: the joined form is the folded one
            joined = fold(compact(text))
            if joined != folded:
                document.append(joined)
                short.append(joined)


def _texts(value: Any) -> Iterable[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v]
    return [str(value)]
