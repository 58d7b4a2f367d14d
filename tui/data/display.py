"""Record values as text a terminal shows literally.

Text from records may hold Rich markup (``[b]``, ``[link=...]``) or terminal escape
sequences. Everything shown here goes out as :class:`rich.text.Text` (never parsed as
markup), and every control character is first replaced by a visible escape (``\\x1b``), so a
record can neither restyle the screen nor send a sequence to the terminal. Bidirectional
overrides are escaped too: they could make a name read differently from what is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from rich.text import Text

from ncen_core.codelists import CodeListRegistry
from ncen_core.fields import FieldSpec, Kind
from ncen_core.forms import FormField, Widget
from ncen_core.validation import Quantity

_BIDI = {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def _escape(char: str, keep_newlines: bool) -> str:
    code = ord(char)
    if keep_newlines and char == "\n":
        return char
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02x}"
    if code in _BIDI:
        return f"\\u{code:04x}"
    return char


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str, *, multiline: bool = False) -> str:
    """``text`` with control characters replaced by visible escapes (``\\x1b``, ``\\n``)."""
    if not _UNSAFE.search(text):
        return text
    return "".join(_escape(char, multiline) for char in text)


def literal(text: str, *, multiline: bool = False, style: str = "") -> Text:
    """A Text that shows ``text`` exactly: no markup parsed, no control character sent."""
    return Text(visible(text, multiline=multiline), style=style, no_wrap=not multiline)


def country_name(code: str) -> str:
    """``FR`` -> ``FR France``; an unknown code shows as itself. pycountry is imported on
    the first country shown, not when the interface starts."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return f"{code} {country.name}" if country else code


def value_text(spec: FieldSpec, value: Any, codelists: CodeListRegistry, language: str) -> str:
    """One field value as one line of plain text (code labels in ``language``)."""
    if value is None or value == "" or value == []:
        return ""
    kind = spec.kind
    if kind is Kind.CODE:
        return codelists.get(spec.codelist or "").label(value, language)
    if kind is Kind.CODES:
        codelist = codelists.get(spec.codelist or "")
        return ", ".join(codelist.label(code, language) for code in value)
    if kind is Kind.COUNTRY:
        return country_name(value)
    if kind is Kind.BOOL:
        return "yes" if value else "no"
    if kind is Kind.QUANTITY and isinstance(value, Quantity):
        return f"{value.amount} {value.unit}"
    if kind is Kind.GROUP:
        return f"{len(value)} row{'s' if len(value) != 1 else ''}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (dt.date, Decimal, int)):
        return str(value)
    return str(value)


def edit_text(spec: FieldSpec, value: Any) -> str:
    """A stored value as the text a form field starts with (codes stay codes)."""
    if value is None:
        return ""
    if spec.kind is Kind.BOOL:
        return "yes" if value else "no"
    if spec.kind is Kind.QUANTITY and isinstance(value, Quantity):
        return str(value.amount)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def form_value(spec: FieldSpec, value: Any) -> Any:
    """A stored value in the raw form a form field holds and validation accepts again."""
    if value is None:
        return None
    if spec.kind is Kind.QUANTITY and isinstance(value, Quantity):
        return {"amount": str(value.amount), "unit": value.unit}
    if spec.kind is Kind.GROUP:
        return [{sub.name: form_value(sub, row.get(sub.name)) for sub in spec.fields}
                for row in value]
    if spec.kind is Kind.CODES:
        return list(value)
    return edit_text(spec, value)


def raw_text(field: FormField, raw: Any, codelists: CodeListRegistry, language: str) -> str:
    """A raw form value (as typed, codes resolved) as one line for a group's table."""
    if raw is None or raw == "":
        return ""
    if field.widget is Widget.QUANTITY and isinstance(raw, dict):
        return f"{raw.get('amount', '')} {raw.get('unit', '')}".strip()
    if field.widget is Widget.CODE_PICKER:
        return codelists.get(field.codelist or "").label(str(raw), language)
    if field.widget is Widget.COUNTRY_PICKER:
        return country_name(str(raw))
    return str(raw)


def _cell_picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


#: One visible character per control character, so text being edited keeps its cursor
#: positions: C0 controls become their Unicode control pictures (ESC shows as ␛).
ONE_CELL_PICTURES = {code: _cell_picture(code)
                     for code in (*range(0x20), *range(0x7F, 0xA0), *_BIDI)}


_KEEPING_TABS = {code: picture for code, picture in ONE_CELL_PICTURES.items() if code != 0x09}


def visible_in_place(text: str, *, keep_tabs: bool = False) -> str:
    """``text`` with each control character replaced by one visible character."""
    return text.translate(_KEEPING_TABS if keep_tabs else ONE_CELL_PICTURES)
