"""Inputs for codes and countries: type a code or a label, completion offers the rest.

The right arrow (or end) accepts the completion shown in grey; the line under the field
says which value will be stored, so a prefix never silently becomes the wrong code.
"""

from __future__ import annotations

import pycountry
from textual.suggester import Suggester

from ncen_core.codelists import CodeList
from ncen_tui import keys
from ncen_tui.data.choices import (
    code_suggestion,
    country_suggestion,
    join_codes,
    resolve_code,
    resolve_country,
    split_codes,
)
from ncen_tui.data.display import country_name
from ncen_tui.widgets.safe_input import SafeInput


class CodeSuggester(Suggester):
    """Completes a code or label of one code list; for a multi-code field, the last item."""

    def __init__(self, codelist: CodeList, language: str, several: bool = False) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.codelist, self.language, self.several = codelist, language, several

    async def get_suggestion(self, value: str) -> str | None:
        before, last = "", value
        if self.several:
            head, comma, tail = value.rpartition(",")
            last = tail.lstrip()
            before = head + comma + tail[:len(tail) - len(last)]
        if not last:
            return None
        completion = code_suggestion(self.codelist, last, self.language)
        return before + last + completion[len(last):] if completion else None


class CountrySuggester(Suggester):
    """Completes an ISO country code or English country name."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        completion = country_suggestion(value) if value else None
        return value + completion[len(value):] if completion else None


class PickerInput(SafeInput):
    """f4 opens the full list of choices, narrowed by typing; the choice fills the field.

    The input using it lists its ``choices()`` as (code, label) pairs.
    """

    BINDINGS = keys.bindings("form.pick")

    def take(self, code: str) -> None:
        """Put the chosen ``code`` in the field."""
        self.load(code)

    def action_pick(self) -> None:
        from ncen_tui.dialogs.code_picker import CodePicker

        def chosen(code: str | None) -> None:
            if code is not None:
                self.take(code)
                self.focus()

        self.app.push_screen(CodePicker(self.placeholder, self.choices()), chosen)


class CodeInput(PickerInput):
    """One code of ``codelist``; ``raw_value`` is the code the text resolves to."""

    def __init__(self, codelist: CodeList, language: str, *, id: str | None = None) -> None:
        super().__init__(suggester=CodeSuggester(codelist, language), id=id,
                         placeholder="code or label", compact=True)
        self.codelist, self.language = codelist, language

    def raw_value(self) -> str:
        return resolve_code(self.codelist, self.value, self.language)

    def choices(self) -> list[tuple[str, str]]:
        return [(v.code, v.label(self.language)) for v in self.codelist.active_values()]

    def load(self, value: object) -> None:
        self.value = self.codelist.label(str(value), self.language) if value else ""

    def describe(self) -> str:
        """The value that will be stored, for the line under the field."""
        code = self.raw_value()
        if code not in self.codelist:
            return ""
        return f"→ {code} {self.codelist.label(code, self.language)}"


class CodesInput(PickerInput):
    """Several codes, comma-separated; completion works on the item being typed."""

    def __init__(self, codelist: CodeList, language: str, *, id: str | None = None) -> None:
        super().__init__(suggester=CodeSuggester(codelist, language, several=True), id=id,
                         placeholder="codes or labels, separated by commas",
                         compact=True)
        self.codelist, self.language = codelist, language

    def raw_value(self) -> list[str]:
        return [resolve_code(self.codelist, item, self.language)
                for item in split_codes(self.value)]

    def choices(self) -> list[tuple[str, str]]:
        return [(v.code, v.label(self.language)) for v in self.codelist.active_values()]

    def take(self, code: str) -> None:
        """Add the chosen code to those already given."""
        self.load([*self.raw_value(), code])

    def load(self, value: object) -> None:
        self.value = join_codes(self.codelist.label(code, self.language) for code in value or [])

    def describe(self) -> str:
        codes = self.raw_value()
        return "→ " + join_codes(codes) if codes and all(c in self.codelist for c in codes) else ""


class CountryInput(PickerInput):
    """A country by ISO code or English name; stored as the alpha-2 code."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(suggester=CountrySuggester(), id=id, placeholder="country code or name",
                         compact=True)

    def raw_value(self) -> str:
        return resolve_country(self.value)

    def choices(self) -> list[tuple[str, str]]:
        return [(country.alpha_2, country.name) for country in pycountry.countries]

    def load(self, value: object) -> None:
        self.value = str(value or "")

    def describe(self) -> str:
        code = self.raw_value()
        name = country_name(code)
        return f"→ {name}" if name != code else ""
