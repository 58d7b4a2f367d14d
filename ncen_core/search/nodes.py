"""The parsed form of a query: free text, field filters and boolean operators.

Every node keeps the 1-based position where it was typed, so that the binder can point at the
faulty part when a field is unknown or a value impossible.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """Free text: a word, a word prefix (``heroi*``) or a quoted phrase, as typed."""

    text: str
    position: int
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class Filter:
    """``field:value``, ``field:>value`` or ``field:low..high`` (either bound may be empty).

    ``op`` is one of ``=``, ``>``, ``>=``, ``<``, ``<=`` and ``..`` (an inclusive range, whose
    lower bound is ``value``). A quoted value (``field:"two words"``) arrives unquoted.
    """

    field: str
    op: str
    value: str
    position: int
    value_position: int
    upper: str = ""


@dataclass(frozen=True)
class And:
    """Every item must match (terms side by side, or joined by ``AND``)."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """At least one item must match."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """The item must not match (``NOT x`` or ``-x``)."""

    item: Node
    position: int


Node = Text | Filter | And | Or | Not


def walk(node: Node):
    """Every node of the tree, parents before children."""
    yield node
    if isinstance(node, (And, Or)):
        for item in node.items:
            yield from walk(item)
    elif isinstance(node, Not):
        yield from walk(node.item)
