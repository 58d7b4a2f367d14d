"""Binding a parsed query to one record type: field names to columns, text to typed values.

Field names are resolved by :mod:`.targets`; values are read according to the field's kind:

- text: the field contains the value, ignoring case, accents, spaces and punctuation
  (``vehicle_plate:ab123cd`` finds ``AB-123-CD``); on fields indexed for search the value's
  words must also be words of the record, which lets the index answer first;
- numbers and quantities: ``=``, ``>``, ``>=``, ``<``, ``<=`` and ranges ``low..high``;
- dates: periods (:mod:`.values`), compared as whole periods; partial dates (a birth year)
  compare by their earliest day;
- code lists: the code or any of its labels, in any language, ignoring case;
- countries: ISO 3166 alpha-2, alpha-3 or numeric code, or the English name;
- yes/no fields: yes, no, true, false, 1, 0.

A field that the record type does not have makes the filter false for that type, so
``commodity:DRUGS`` only finds seizures; a name no type in scope has is an error
(:func:`check_fields`).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pycountry

from ncen_core.codelists import CodeListRegistry
from ncen_core.fields import Kind, RecordType
from ncen_core.search import nodes
from ncen_core.search.bound import (
    EVERYTHING,
    NOTHING,
    Bound,
    Contains,
    Equals,
    Range,
    TextTerm,
    all_of,
    any_of,
    none_of,
)
from ncen_core.search.errors import QueryValueError
from ncen_core.search.targets import Target, filter_names, resolve
from ncen_core.search.text_match import match_words, squash
from ncen_core.search.values import Period, parse_number, parse_period
from ncen_core.validation import FALSE_WORDS, TRUE_WORDS, country_code

TYPE_FILTER = "type"
_RANGE_KINDS = frozenset({Kind.INT, Kind.DECIMAL, Kind.DATE, Kind.DATETIME})


@dataclass(frozen=True)
class BindContext:
    """What binding needs besides the query: code lists, every record type, and today."""

    codelists: CodeListRegistry
    record_types: Mapping[str, RecordType]
    today: dt.date


def prune(node: nodes.Node) -> nodes.Node | None:
    """The query without free text that holds no letter or digit (``;``, ``--``, ``*``).

    Such text can match nothing and means nothing, so it is dropped rather than making an
    OR match everything or an AND match nothing. None when nothing is left.
    """
    if isinstance(node, nodes.Text):
        return node if match_words(node.text) else None
    if isinstance(node, nodes.Not):
        item = prune(node.item)
        return None if item is None else nodes.Not(item, node.position)
    if isinstance(node, (nodes.And, nodes.Or)):
        items = tuple(kept for kept in map(prune, node.items) if kept is not None)
        if not items:
            return None
        return items[0] if len(items) == 1 else type(node)(items)
    return node


def check_fields(node: nodes.Node, record_types: list[RecordType], context: BindContext) -> None:
    """Raise QueryValueError for a filter that no record type in scope can answer."""
    for item in nodes.walk(node):
        if not isinstance(item, nodes.Filter) or item.field == TYPE_FILTER:
            continue
        if any(_resolve(item, record_type, context) for record_type in record_types):
            continue
        known = sorted({n for t in record_types for n in filter_names(t, context.codelists)})
        close = difflib.get_close_matches(item.field, known, n=3, cutoff=0.75)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        scope = ", ".join(t.name for t in record_types)
        raise QueryValueError(item.position, f"no field '{item.field}' in {scope}{hint}")


def bind(node: nodes.Node, record_type: RecordType, context: BindContext) -> Bound:
    """``node`` as conditions on the tables of ``record_type``."""
    if isinstance(node, nodes.Text):
        return TextTerm(match_words(node.text, prefix=node.prefix))
    if isinstance(node, nodes.Filter):
        return _filter(node, record_type, context)
    if isinstance(node, nodes.Not):
        return none_of(bind(node.item, record_type, context))
    combine = all_of if isinstance(node, nodes.And) else any_of
    return combine([bind(item, record_type, context) for item in node.items])


def _resolve(item: nodes.Filter, record_type: RecordType, context: BindContext) -> list[Target]:
    try:
        return resolve(record_type, item.field, context.codelists)
    except ValueError as exc:
        raise QueryValueError(item.position, str(exc)) from None


def _filter(item: nodes.Filter, record_type: RecordType, context: BindContext) -> Bound:
    if item.field == TYPE_FILTER:
        return _type(item, record_type, context)
    targets = _resolve(item, record_type, context)
    return any_of([_condition(item, target, context) for target in targets])


def _type(item: nodes.Filter, record_type: RecordType, context: BindContext) -> Bound:
    if item.op != "=":
        raise QueryValueError(item.position, "type: takes a record type name, e.g. type:suspect")
    wanted = item.value.strip().casefold()
    for candidate in context.record_types.values():
        names = {candidate.name, candidate.label.casefold(),
                 *(label.casefold() for label in candidate.labels.values())}
        if wanted in names:
            return EVERYTHING if candidate.name == record_type.name else NOTHING
    known = ", ".join(sorted(context.record_types))
    raise QueryValueError(item.value_position,
                          f"unknown record type '{item.value}' (known: {known})")


def _condition(item: nodes.Filter, target: Target, context: BindContext) -> Bound:
    kind = target.kind
    if item.op != "=" and kind not in _RANGE_KINDS:
        raise QueryValueError(item.position, f"'{target.name}' cannot be compared with "
                              f"'{item.op}': ranges apply to numbers, quantities and dates")
    if kind in (Kind.TEXT, Kind.LONGTEXT):
        return _text(item, target)
    if kind in (Kind.INT, Kind.DECIMAL):
        return _numbers(item, target)
    if kind in (Kind.DATE, Kind.DATETIME):
        return _dates(item, target, context.today)
    reader = {Kind.BOOL: _bool, Kind.COUNTRY: _country, Kind.CODE: _code}[kind]
    return Equals(target, _read(item, item.value, item.value_position,
                                lambda text: reader(text, target, context)))


def _text(item: nodes.Filter, target: Target) -> Bound:
    prefix = item.value.endswith("*")
    value = item.value.rstrip("*") if prefix else item.value
    squashed = squash(value)
    if not squashed:
        raise QueryValueError(item.value_position,
                              f"'{item.value}' has no letter or digit to look for")
    contains = Contains(target, squashed)
    if not target.searchable:
        return contains
    return all_of([TextTerm(match_words(value, prefix=prefix), free=False), contains])


def _numbers(item: nodes.Filter, target: Target) -> Bound:
    def read(text: str, position: int) -> Any:
        return _read(item, text, position, parse_number) if text else None

    if item.op == "..":
        return Range(target, read(item.value, item.value_position), True,
                     read(item.upper, _upper_position(item)), True)
    value = read(item.value, item.value_position)
    if item.op == "=":
        return Equals(target, value)
    return _comparison(target, item.op, value, value, point=True)


def _dates(item: nodes.Filter, target: Target, today: dt.date) -> Bound:
    def period(text: str, position: int) -> Period | None:
        if not text:
            return None
        return _read(item, text, position, lambda t: parse_period(t, today))

    def bound(day: dt.date | None) -> Any:
        if day is None or target.kind is Kind.DATE and not target.partial:
            return day
        if target.partial:
            return day.isoformat()
        return dt.datetime.combine(day, dt.time())

    if item.op == "..":
        low = period(item.value, item.value_position)
        high = period(item.upper, _upper_position(item))
        return Range(target, bound(low and low.start), True, bound(high and high.end), False)
    found = period(item.value, item.value_position)
    if item.op == "=":
        return Range(target, bound(found.start), True, bound(found.end), False)
    return _comparison(target, item.op, bound(found.start), bound(found.end), point=False)


def _comparison(target: Target, op: str, first: Any, after: Any, *, point: bool) -> Range:
    """``op`` against a period from ``first`` up to (not including) ``after``; for a number,
    a single ``point`` where first is after."""
    if op == ">":
        return Range(target, after, not point, None, False)
    if op == ">=":
        return Range(target, first, True, None, False)
    if op == "<":
        return Range(target, None, False, first, False)
    return Range(target, None, False, after, point)


def _upper_position(item: nodes.Filter) -> int:
    return item.value_position + len(item.value) + 2


def _read(item: nodes.Filter, text: str, position: int, reader: Callable[[str], Any]) -> Any:
    try:
        return reader(text)
    except ValueError as exc:
        raise QueryValueError(position, f"{item.field}: {exc}") from None


def _bool(text: str, _target: Target, _context: BindContext) -> bool:
    word = text.strip().casefold()
    if word in TRUE_WORDS and word:
        return True
    if word in FALSE_WORDS and word:
        return False
    raise ValueError(f"'{text}' is not yes or no")


def _country(text: str, _target: Target, _context: BindContext) -> str:
    try:
        return country_code(text)
    except ValueError:
        pass
    try:
        return pycountry.countries.lookup(text.strip()).alpha_2
    except LookupError:
        raise ValueError(f"'{text}' is not a country (use an ISO code such as FR or FRA, "
                         "or the English name)") from None


def _code(text: str, target: Target, context: BindContext) -> str:
    if target.choices:
        for choice in target.choices:
            if choice.casefold() == text.strip().casefold():
                return choice
        raise ValueError(f"'{text}' is not one of {', '.join(target.choices)}")
    codelist = context.codelists.get(target.codelist or "")
    value = codelist.lookup(text.strip())
    if value is None:
        raise ValueError(f"'{text}' is not a code or label of the code list {codelist.name}")
    return value.code
