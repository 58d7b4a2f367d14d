"""From the text of a cell to the raw value of a field, per kind.

Codes are looked up by code or by label in any language (``Cocaine``, ``cocaïne`` and
``DRUGS_COCAINE`` are one value), countries by ISO code or English name, units by code or
label; lookups are cached, since a file repeats a few values a million times. A text that
names no value raises :class:`UnknownValue`, which the import report counts per value.
Everything else (numbers, booleans, lengths, patterns) is left to
:func:`ncen_core.validation.normalise_values`, so import and forms judge values alike.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

import pycountry

from ncen_core.codelists import CodeList
from ncen_core.fields import FieldSpec, Kind
from ncen_core.transfer.dates import DateFormat, date_format
from ncen_core.validation import country_code

LOOKUP_CACHE_SIZE = 4096
DEFAULT_SEPARATOR = ";"


class UnknownValue(ValueError):
    """A cell names no value of its list; ``list_name`` and ``text`` are counted in the report."""

    def __init__(self, list_name: str, text: str, message: str):
        super().__init__(message)
        self.list_name = list_name
        self.text = text


Converter = Callable[[str], Any]


def converter_for(spec: FieldSpec, codelists: Any, fmt: str | None) -> Converter:
    """The function turning one (non-empty) cell text into the raw value of ``spec``."""
    kind = spec.kind
    if kind in (Kind.CODE, Kind.CODES):
        return code_converter(codelists.get(spec.codelist))
    if kind is Kind.COUNTRY:
        return country
    if kind in (Kind.DATE, Kind.DATETIME):
        return _date_converter(spec, date_format(fmt) if fmt else None)
    return _text


def code_converter(codelist: CodeList) -> Converter:
    """Code or label (any language, any case) to the code of ``codelist``."""

    @functools.lru_cache(maxsize=LOOKUP_CACHE_SIZE)
    def convert(text: str) -> str:
        value = codelist.lookup(text)
        if value is None:
            raise UnknownValue(codelist.name, text,
                               f"unknown code {text[:40]!r} in code list {codelist.name}")
        return value.code

    return convert


@functools.lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def country(text: str) -> str:
    """ISO 3166-1 alpha-2 code for an ISO code (alpha-2, alpha-3, numeric) or a country name."""
    try:
        return country_code(text)
    except ValueError:
        pass
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        raise UnknownValue("country", text,
                           f"unknown country {text[:40]!r} (expected an ISO 3166 code or "
                           "an English country name)") from None


def _date_converter(spec: FieldSpec, fmt: DateFormat | None) -> Converter:
    if fmt is None:
        return _text

    def convert(text: str) -> Any:
        try:
            moment = fmt.parse(text)
        except ValueError:
            if spec.partial:
                return text
            raise
        if spec.kind is Kind.DATETIME:
            return moment
        return moment.date().isoformat() if spec.partial else moment.date()

    return convert


def _text(text: str) -> str:
    return text


def keeps_text(convert: Converter) -> bool:
    """True for the converter of kinds whose text is judged by validation itself."""
    return convert is _text


def split_values(text: str, separator: str | None) -> list[str]:
    """The non-empty parts of a multi-value cell."""
    return [part.strip() for part in text.split(separator or DEFAULT_SEPARATOR) if part.strip()]
