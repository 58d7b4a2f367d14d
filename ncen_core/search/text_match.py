"""Free text as both full-text engines look for it: folded words, never query syntax.

A term is folded exactly like the indexed documents (:func:`ncen_core.search_text.fold`)
and cut into words of letters and digits, the way SQLite's unicode61 tokenizer cuts them.
Whatever else was typed (quotes, ``*``, ``NEAR(``, ``;``) is a separator, so the strings
handed to FTS5 or ``to_tsquery`` are built only from these words. A term with no letter or
digit at all finds nothing and is dropped from the query.

An identifier typed with separators (``AB-123-CD``) also matches its compact form
(``ab123cd``), which the index holds for short fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ncen_core.identifiers import compact
from ncen_core.search_text import fold

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> tuple[str, ...]:
    """The folded words of ``text``."""
    return tuple(_WORD.findall(fold(text)))


@dataclass(frozen=True)
class Words:
    """A word, phrase or prefix to find: any one of ``variants``, each a word sequence.

    ``folded`` is the whole text folded, for engines whose parser keeps ``a@b.c`` or
    ``AB-123`` as one lexeme. ``source`` is the text as typed.
    """

    variants: tuple[tuple[str, ...], ...]
    folded: str
    prefix: bool
    source: str


@dataclass(frozen=True)
class AllOf:
    """Every item, and none of ``excluded`` (a full-text AND / NOT)."""

    items: tuple[TextExpr, ...]
    excluded: tuple[TextExpr, ...] = ()


@dataclass(frozen=True)
class AnyOf:
    """At least one item (a full-text OR)."""

    items: tuple[TextExpr, ...]


TextExpr = Words | AllOf | AnyOf


def match_words(text: str, *, prefix: bool = False) -> Words | None:
    """What to look for when ``text`` is typed; None when it holds no letter or digit."""
    found = words(text)
    if not found:
        return None
    variants = [found]
    if not any(c.isspace() for c in text.strip()):
        joined = words(compact(text))
        if len(found) > 1 and len(joined) == 1:
            variants.append(joined)
    folded = "".join(c for c in fold(text) if c.isprintable()).strip()
    return Words(tuple(variants), folded, prefix, text)


def squash(text: str) -> str:
    """``text`` folded, with only its letters and digits: how text filters compare values."""
    return "".join(c for c in fold(text) if c.isalnum())
