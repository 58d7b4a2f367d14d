"""Resolving what an officer types in a code or country field to the stored code.

Typing either the code or the label works (any case, in any of the list's languages); a
prefix that fits exactly one value is taken as that value. What cannot be resolved is
passed on as typed, so validation names it.
"""

from __future__ import annotations

from typing import Iterable

import pycountry

from ncen_core.codelists import CodeList, CodeValue


def code_matches(codelist: CodeList, text: str, language: str) -> list[CodeValue]:
    """Active values whose code or label (in ``language``) starts with ``text``."""
    folded = text.strip().casefold()
    if not folded:
        return []
    return [value for value in codelist.active_values()
            if value.code.casefold().startswith(folded)
            or value.label(language).casefold().startswith(folded)]


def resolve_code(codelist: CodeList, text: str, language: str) -> str:
    """The code ``text`` names (code, label, or a prefix fitting one value), else ``text``."""
    text = text.strip()
    value = codelist.lookup(text, language) if text else None
    if value is not None:
        return value.code
    matches = code_matches(codelist, text, language)
    return matches[0].code if len(matches) == 1 else text


def code_suggestion(codelist: CodeList, text: str, language: str) -> str | None:
    """What to complete ``text`` to: a label or a code that starts with it."""
    folded = text.casefold()
    for value in codelist.active_values():
        label = value.label(language)
        if label.casefold().startswith(folded):
            return label
        if value.code.casefold().startswith(folded):
            return value.code
    return None


def _countries() -> list[tuple[str, str]]:
    return [(c.alpha_2, c.name) for c in pycountry.countries]


def country_suggestion(text: str) -> str | None:
    """A country name or alpha-2 code that starts with ``text``."""
    folded = text.casefold()
    if len(folded) <= 2:
        for code, _ in _countries():
            if code.casefold().startswith(folded):
                return code
    for _, name in _countries():
        if name.casefold().startswith(folded):
            return name
    return None


def resolve_country(text: str) -> str:
    """The alpha-2 code of a country typed by code or by name, else ``text`` as typed."""
    text = text.strip()
    if not text:
        return ""
    folded = text.casefold()
    for code, name in _countries():
        if folded in (code.casefold(), name.casefold()):
            return code
    if len(text) == 3:
        country = pycountry.countries.get(alpha_3=text.upper())
        if country is not None:
            return country.alpha_2
    return text


def split_codes(text: str) -> list[str]:
    """The items of a comma-separated list of codes or labels."""
    return [part.strip() for part in text.split(",") if part.strip()]


def join_codes(codes: Iterable[str]) -> str:
    """Codes as the comma-separated text of a multi-code field."""
    return ", ".join(codes)
