"""A query bound to one record type: typed conditions on columns, and free text.

Binding replaces each ``field:value`` by conditions on the columns it names, with values
already parsed (numbers, dates, codes), and each ``type:`` by a constant. Constants are
folded away, so a query that cannot match a type binds to :data:`NOTHING` for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ncen_core.search.targets import Target
from ncen_core.search.text_match import Words


@dataclass(frozen=True)
class TextTerm:
    """Words to find in the record's full-text document.

    ``free`` is true for text typed on its own (not the words of a ``field:`` filter): only
    free text is also tried as an identifier and as a name.
    """

    words: Words
    free: bool = True


@dataclass(frozen=True)
class Equals:
    """The column holds ``value`` (for a group or codes field: some row does)."""

    target: Target
    value: Any


@dataclass(frozen=True)
class Contains:
    """The text column contains ``squashed`` once case, accents and punctuation are ignored."""

    target: Target
    squashed: str


@dataclass(frozen=True)
class Range:
    """The column lies between ``low`` and ``high`` (None: unbounded), in one row."""

    target: Target
    low: Any
    low_inclusive: bool
    high: Any
    high_inclusive: bool


@dataclass(frozen=True)
class AllOf:
    """Every item holds."""

    items: tuple[Bound, ...]


@dataclass(frozen=True)
class AnyOf:
    """Some item holds."""

    items: tuple[Bound, ...]


@dataclass(frozen=True)
class NoneOf:
    """The item does not hold."""

    item: Bound


@dataclass(frozen=True)
class Constant:
    """Always or never true (``type:`` filters, fields a type does not have)."""

    value: bool


EVERYTHING = Constant(True)
NOTHING = Constant(False)

Bound = TextTerm | Equals | Contains | Range | AllOf | AnyOf | NoneOf | Constant


def all_of(items: list[Bound]) -> Bound:
    """AND of ``items`` with constants folded."""
    kept: list[Bound] = []
    for item in items:
        if item == NOTHING:
            return NOTHING
        if item == EVERYTHING:
            continue
        kept.extend(item.items if isinstance(item, AllOf) else (item,))
    if not kept:
        return EVERYTHING
    return kept[0] if len(kept) == 1 else AllOf(tuple(kept))


def any_of(items: list[Bound]) -> Bound:
    """OR of ``items`` with constants folded."""
    kept: list[Bound] = []
    for item in items:
        if item == EVERYTHING:
            return EVERYTHING
        if item == NOTHING:
            continue
        kept.extend(item.items if isinstance(item, AnyOf) else (item,))
    if not kept:
        return NOTHING
    return kept[0] if len(kept) == 1 else AnyOf(tuple(kept))


def none_of(item: Bound) -> Bound:
    """NOT ``item`` with constants folded."""
    if isinstance(item, Constant):
        return Constant(not item.value)
    if isinstance(item, NoneOf):
        return item.item
    return NoneOf(item)
