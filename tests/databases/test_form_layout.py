"""The form description derived from FieldSpecs: widgets per kind, sections in order,
repeating groups as tables, labels in the user's language."""

from __future__ import annotations

import sample_plugin

from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.forms import WIDGETS, Widget, form_layout
from ncen_plugins.company.fields import COMPANY
from ncen_plugins.seizure.fields import SEIZURE
from ncen_plugins.suspect.fields import SUSPECT


def test_every_kind_has_a_widget():
    assert set(WIDGETS) == set(Kind)


def test_each_kind_gets_its_widget():
    form = form_layout(sample_plugin.SPECIMEN, "en")
    widgets = {name: form.field(name).widget for name in form.field_names}
    assert widgets == {
        "reference": Widget.TEXT, "name": Widget.TEXT, "notes": Widget.MULTILINE,
        "count": Widget.NUMBER, "value": Widget.NUMBER, "found_on": Widget.DATE,
        "born": Widget.PARTIAL_DATE, "seen_at": Widget.DATETIME, "flagged": Widget.CHECKBOX,
        "colour": Widget.CODE_PICKER, "colours": Widget.MULTI_CODE_PICKER,
        "country": Widget.COUNTRY_PICKER, "weight": Widget.QUANTITY, "picture": Widget.PHOTO,
        "parts": Widget.REPEATING_GROUP,
    }


def test_numbers_carry_their_decimals_and_limits():
    form = form_layout(sample_plugin.SPECIMEN, "en")
    count, value = form.field("count"), form.field("value")
    assert (count.decimals, count.min_value, count.max_value) == (0, 0, 1000)
    assert value.decimals == 2


def test_pickers_name_their_code_lists():
    form = form_layout(SEIZURE, "en")
    assert form.field("concealment_method").codelist == "concealment_method"
    assert form.field("detection_methods").codelist == "detection_method"
    assert form.field("place_country").codelist is None


def test_quantity_offers_the_unit_list():
    quantity = form_layout(SEIZURE, "en").field("items").columns[6]
    assert (quantity.name, quantity.widget, quantity.codelist, quantity.required) == (
        "quantity", Widget.QUANTITY, "unit", True)


def test_repeating_group_lists_its_member_fields_as_columns():
    items = form_layout(SEIZURE, "en").field("items")
    assert [column.name for column in items.columns] == [
        "commodity", "subtype", "hs_code", "description", "brand", "species", "quantity",
        "estimated_value", "currency"]
    assert items.columns[0].widget is Widget.CODE_PICKER


def test_sections_follow_the_declaration_order_with_one_per_group():
    form = form_layout(SEIZURE, "en")
    assert [section.title for section in form.sections] == [
        "Seizure", "Containers", "", "Route", "Seized goods", ""]
    assert form.field_names == [spec.name for spec in SEIZURE.fields]


def test_suspect_form_shows_birth_date_as_partial_and_alerts_as_a_table():
    form = form_layout(SUSPECT, "en")
    assert form.field("date_of_birth").widget is Widget.PARTIAL_DATE
    assert [c.name for c in form.field("alerts").columns] == [
        "alert_type", "reason", "valid_until", "issued_by"]


def test_form_help_and_requirement_come_from_the_field():
    legal_name = form_layout(COMPANY, "en").field("legal_name")
    assert legal_name.required and legal_name.max_length == 300
    hs_code = form_layout(SEIZURE, "en").field("items").columns[2]
    assert hs_code.help == "Harmonized System heading or subheading, 4 to 10 digits"


def test_labels_are_in_the_requested_language_with_a_fallback():
    record_type = RecordType("parcel", "Parcel", labels={"fr": "Colis"}, fields=(
        FieldSpec("weight", "Weight", Kind.QUANTITY, "X", labels={"fr": "Poids"}),
        FieldSpec("sender", "Sender", Kind.TEXT, "N"),
    ))
    french = form_layout(record_type, "fr")
    assert french.title == "Colis" and french.sections[0].title == "Colis"
    assert [french.field(n).label for n in french.field_names] == ["Poids", "Sender"]
    assert form_layout(record_type, "es").field("weight").label == "Weight"
