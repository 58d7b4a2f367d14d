"""The input widget of each form field, built from the core's Textual-free form layout
(:mod:`ncen_core.forms`): one widget class per :class:`~ncen_core.forms.Widget` kind.

Every input offers ``raw_value()`` (what the form sends to validation: text, a code, a
mapping for a quantity) and ``load(raw)``, which shows a value in that same raw form
(:func:`ncen_tui.data.display.form_value` turns a stored value into it).
Validation itself stays in the core; these widgets only collect what was typed.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget as TextualWidget
from textual.widgets import Select, TextArea

from ncen_core.codelists import CodeListRegistry
from ncen_core.forms import FormField, Widget
from ncen_tui.data.display import visible_in_place
from ncen_tui.widgets.code_input import CodeInput, CodesInput, CountryInput
from ncen_tui.widgets.safe_input import SafeInput

PLACEHOLDERS = {
    Widget.DATE: "YYYY-MM-DD",
    Widget.PARTIAL_DATE: "YYYY, YYYY-MM or YYYY-MM-DD",
    Widget.DATETIME: "YYYY-MM-DD HH:MM",
    Widget.NUMBER: "number",
    Widget.PHOTO: "SHA-256 of an attachment",
}


class TextInput(SafeInput):
    """Text, numbers and dates, typed as text."""

    def __init__(self, field: FormField, *, id: str | None = None) -> None:
        placeholder = PLACEHOLDERS.get(field.widget, "")
        if field.widget is Widget.NUMBER and field.decimals == 0:
            placeholder = "whole number"
        super().__init__(placeholder=placeholder, id=id, max_length=field.max_length,
                         compact=True)
        self.field = field

    def raw_value(self) -> str:
        return self.value

    def load(self, value: Any) -> None:
        self.value = "" if value is None else str(value)


class LongTextInput(TextArea):
    """Several lines of text (a narrative, notes); control characters drawn visibly."""

    DEFAULT_CSS = """
    LongTextInput { height: 5; }
    """

    def __init__(self, field: FormField, *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, tab_behavior="focus")
        self.field = field

    def raw_value(self) -> str:
        return self.text

    def get_line(self, line_index: int) -> Text:
        """A line as drawn: control characters (except tabs) as visible pictures."""
        line = super().get_line(line_index)
        if line.plain.isprintable() or line.plain.replace("\t", "").isprintable():
            return line
        shown = Text(visible_in_place(line.plain, keep_tabs=True), end="")
        for span in line.spans:
            shown.stylize(span.style, span.start, span.end)
        return shown

    def load(self, value: Any) -> None:
        self.text = str(value or "")


class BoolInput(Select):
    """Yes, no, or not said."""

    def __init__(self, field: FormField, *, id: str | None = None) -> None:
        super().__init__([("yes", "yes"), ("no", "no")], prompt="(not said)", id=id,
                         compact=True)
        self.field = field

    def raw_value(self) -> str | None:
        return None if self.value is Select.NULL else self.value

    def load(self, value: Any) -> None:
        self.value = value if value in ("yes", "no") else Select.NULL


class QuantityInput(Horizontal):
    """An amount and its unit, side by side."""

    DEFAULT_CSS = """
    QuantityInput { height: auto; }
    QuantityInput > Input { width: 1fr; margin-right: 1; }
    QuantityInput > CodeInput { width: 1fr; margin-right: 0; }
    """

    def __init__(self, field: FormField, codelists: CodeListRegistry, language: str,
                 *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.field = field
        self.amount = SafeInput(placeholder="amount", id=f"{id}-amount" if id else None,
                            compact=True)
        self.unit = CodeInput(codelists.get(field.codelist), language,
                              id=f"{id}-unit" if id else None)
        self.unit.placeholder = "unit"

    def compose(self) -> ComposeResult:
        yield self.amount
        yield self.unit

    def raw_value(self) -> dict[str, str] | None:
        amount, unit = self.amount.value.strip(), self.unit.raw_value()
        return {"amount": amount, "unit": unit} if amount or unit else None

    def load(self, value: Any) -> None:
        value = value or {}
        self.amount.value = str(value.get("amount") or "")
        self.unit.load(value.get("unit"))

    def describe(self) -> str:
        return self.unit.describe()


def make_input(field: FormField, codelists: CodeListRegistry, language: str,
               *, id: str | None = None) -> TextualWidget:
    """The input widget of a single field (repeating groups have their own editor)."""
    kind = field.widget
    if kind is Widget.MULTILINE:
        return LongTextInput(field, id=id)
    if kind is Widget.CHECKBOX:
        return BoolInput(field, id=id)
    if kind is Widget.CODE_PICKER:
        return CodeInput(codelists.get(field.codelist), language, id=id)
    if kind is Widget.MULTI_CODE_PICKER:
        return CodesInput(codelists.get(field.codelist), language, id=id)
    if kind is Widget.COUNTRY_PICKER:
        return CountryInput(id=id)
    if kind is Widget.QUANTITY:
        return QuantityInput(field, codelists, language, id=id)
    return TextInput(field, id=id)
