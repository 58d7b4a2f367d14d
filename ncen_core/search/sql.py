"""A fragment of SQL with its parameters, kept together so values never enter the text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Sql:
    """SQL text with placeholders, and the values bound to them, in order."""

    text: str
    params: tuple[Any, ...] = ()

    def __add__(self, other: Sql) -> Sql:
        return Sql(self.text + other.text, self.params + other.params)


def join(separator: str, parts: Iterable[Sql]) -> Sql:
    """The parts joined by ``separator``, their parameters in the same order."""
    parts = list(parts)
    return Sql(separator.join(p.text for p in parts), tuple(v for p in parts for v in p.params))


def quoted(name: str) -> str:
    """A table or column name quoted for both backends.

    Names come from FieldSpecs and record types, which only allow ``[a-z][a-z0-9_]*``;
    quoting keeps a name that happens to be an SQL keyword (``order``, ``user``) usable.
    """
    return '"' + name.replace('"', '""') + '"'
