"""The form of a record type, derived from its FieldSpecs alone and free of Textual.

The TUI renders a :class:`FormLayout` with its own widgets; nothing here knows how. Because
the layout comes only from the record type, custom fields (declared in YAML or by a plugin)
appear in the form exactly like built-in ones, with no screen code written for them.

The form reads top to bottom in declaration order. Each repeating group is a section of
its own, titled with the group's label: a table whose columns are the member fields. The
single fields between groups form the other sections; the first is titled with the record
type's label, later ones continue the form without a title.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ncen_core.fields import FieldSpec, Kind, RecordType


class Widget(enum.StrEnum):
    """What kind of input a field needs; the TUI maps each to a widget of its own."""

    TEXT = "text"
    MULTILINE = "multiline"
    NUMBER = "number"
    DATE = "date"
    PARTIAL_DATE = "partial_date"
    DATETIME = "datetime"
    CHECKBOX = "checkbox"
    CODE_PICKER = "code_picker"
    MULTI_CODE_PICKER = "multi_code_picker"
    COUNTRY_PICKER = "country_picker"
    QUANTITY = "quantity"
    REPEATING_GROUP = "repeating_group"
    PHOTO = "photo"


#: The widget of each kind; a date is a partial date when its FieldSpec says so.
WIDGETS: dict[Kind, Widget] = {
    Kind.TEXT: Widget.TEXT,
    Kind.LONGTEXT: Widget.MULTILINE,
    Kind.INT: Widget.NUMBER,
    Kind.DECIMAL: Widget.NUMBER,
    Kind.DATE: Widget.DATE,
    Kind.DATETIME: Widget.DATETIME,
    Kind.BOOL: Widget.CHECKBOX,
    Kind.CODE: Widget.CODE_PICKER,
    Kind.CODES: Widget.MULTI_CODE_PICKER,
    Kind.COUNTRY: Widget.COUNTRY_PICKER,
    Kind.QUANTITY: Widget.QUANTITY,
    Kind.GROUP: Widget.REPEATING_GROUP,
    Kind.PHOTO: Widget.PHOTO,
}

#: Code list of the unit picker of a quantity whose FieldSpec names none.
DEFAULT_UNIT_CODELIST = "unit"


@dataclass(frozen=True)
class FormField:
    """One input of the form.

    ``codelist`` names the list a code picker, multi-code picker or quantity's unit picker
    offers. ``decimals`` is set for numbers (0 for whole numbers). ``columns`` are the
    member fields of a repeating group, in order.
    """

    name: str
    label: str
    widget: Widget
    required: bool = False
    help: str = ""
    codelist: str | None = None
    max_length: int | None = None
    decimals: int | None = None
    min_value: float | None = None
    max_value: float | None = None
    columns: tuple[FormField, ...] = ()


@dataclass(frozen=True)
class FormSection:
    """Consecutive inputs shown together; ``title`` is empty for a continuation."""

    title: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class FormLayout:
    """The whole form of one record type in one language."""

    record_type: str
    title: str
    sections: tuple[FormSection, ...]

    @property
    def field_names(self) -> list[str]:
        """Names of the top-level inputs in form order."""
        return [f.name for section in self.sections for f in section.fields]

    def field(self, name: str) -> FormField:
        """The top-level input called ``name``; KeyError if the form has none."""
        for section in self.sections:
            for form_field in section.fields:
                if form_field.name == name:
                    return form_field
        raise KeyError(name)


def form_layout(record_type: RecordType, language: str) -> FormLayout:
    """The form of ``record_type`` with labels in ``language`` (default labels otherwise)."""
    title = record_type.labels.get(language, record_type.label)
    sections: list[FormSection] = []
    run: list[FormField] = []

    def close_run() -> None:
        if run:
            sections.append(FormSection(title if not sections else "", tuple(run)))
            run.clear()

    for spec in record_type.fields:
        if spec.kind is Kind.GROUP:
            close_run()
            sections.append(FormSection(spec.label_for(language), (form_field(spec, language),)))
        else:
            run.append(form_field(spec, language))
    close_run()
    return FormLayout(record_type.name, title, tuple(sections))


def form_field(spec: FieldSpec, language: str) -> FormField:
    """The input of one field (with its columns when it is a repeating group)."""
    widget = WIDGETS[spec.kind]
    if spec.kind is Kind.DATE and spec.partial:
        widget = Widget.PARTIAL_DATE
    codelist = spec.codelist
    if spec.kind is Kind.QUANTITY:
        codelist = spec.codelist or DEFAULT_UNIT_CODELIST
    decimals = {Kind.INT: 0, Kind.DECIMAL: spec.decimal_places,
                Kind.QUANTITY: spec.decimal_places}.get(spec.kind)
    return FormField(
        name=spec.name,
        label=spec.label_for(language),
        widget=widget,
        required=spec.required,
        help=spec.help,
        codelist=codelist,
        max_length=spec.max_length,
        decimals=decimals,
        min_value=spec.min_value,
        max_value=spec.max_value,
        columns=tuple(form_field(member, language) for member in spec.fields),
    )
