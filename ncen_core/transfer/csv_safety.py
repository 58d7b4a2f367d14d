"""Neutralising spreadsheet formulas in CSV cells, and undoing it on import.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return may be run as
a formula by a spreadsheet (``=cmd|' /C calc'!A0``). Every CSV that ncen writes prefixes
such a cell with a single quote, which spreadsheets show as text; a cell that already
starts with a quote gets one too, so the encoding can be undone exactly. Plain numbers
(``-12.5``) are left alone: they cannot be formulas. The importer removes one leading quote
before one of those characters, so an exported file imports back to the same values.
"""

from __future__ import annotations

import re

QUOTE = "'"
TRIGGERS = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def neutralise(text: str) -> str:
    """``text`` safe to put in a CSV cell that a spreadsheet may open."""
    if text and (text[0] in TRIGGERS or text[0] == QUOTE) and not _NUMBER.fullmatch(text):
        return QUOTE + text
    return text


def restore(text: str) -> str:
    """The text that :func:`neutralise` turned into ``text``."""
    if len(text) > 1 and text[0] == QUOTE and (text[1] in TRIGGERS or text[1] == QUOTE):
        return text[1:]
    return text
