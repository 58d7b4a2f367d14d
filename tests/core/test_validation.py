"""Validation per field kind: canonical values out, a message naming each bad field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sample_plugin

from ncen_core.codelists import CodeListRegistry, load_codelist_file
from ncen_core.codelists import shipped_codelist
from ncen_core.errors import FieldSpecError, ValidationError
from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.validation import normalise_values

CODELISTS = CodeListRegistry([
    load_codelist_file(shipped_codelist("unit")),
    load_codelist_file(sample_plugin.DATA / "test_colour.yaml"),
])


def clean(values):
    return normalise_values(sample_plugin.SPECIMEN, {"reference": "R-1", **values}, CODELISTS)


def problem(values):
    with pytest.raises(ValidationError) as caught:
        clean(values)
    return caught.value.problems


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        ("count", " 1 000 ", 1000),
        ("value", "1234,5", Decimal("1234.50")),
        ("value", 2.25, Decimal("2.25")),
        ("found_on", "2024-02-29", dt.date(2024, 2, 29)),
        ("born", "1975", "1975"),
        ("born", dt.date(1975, 4, 2), "1975-04-02"),
        ("seen_at", "2024-05-01T08:00:00+02:00", dt.datetime(2024, 5, 1, 6, 0)),
        ("flagged", "non", False),
        ("flagged", "Oui", True),
        ("colour", "GREEN", "GREEN"),
        ("colours", ["RED", "GREEN"], ["RED", "GREEN"]),
        ("country", "076", "BR"),
        ("country", "deu", "DE"),
        ("name", "  trimmed  ", "trimmed"),
    ],
)
def test_accepted_values_become_canonical(field, raw, expected):
    assert clean({field: raw})[field] == expected


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("count", "1.5", "must be a whole number"),
        ("count", 1001, "must be at most 1000"),
        ("count", -1, "must be at least 0"),
        ("count", True, "must be a whole number"),
        ("value", "NaN", "finite"),
        ("value", "1e20", "too large"),
        ("found_on", "2023-02-29", "must be a date YYYY-MM-DD"),
        ("found_on", "01/02/2024", "must be a date YYYY-MM-DD"),
        ("born", "1980-00", "month 00 does not exist"),
        ("born", "1799", "1800 or later"),
        ("flagged", "maybe", "must be yes or no"),
        ("colour", "red", "unknown code 'red'"),
        ("colours", "RED;RED", "the same code is given twice"),
        ("country", "Atlantis", "unknown country"),
        ("weight", "12", "amount and a unit"),
        ("weight", "-1 KG", "cannot be negative"),
        ("picture", "photo.jpg", "SHA-256"),
        ("name", "x\x00y", "NUL"),
        ("name", "x" * 2001, "at most 2000 characters"),
    ],
)
def test_refused_values_name_the_field_and_the_reason(field, raw, message):
    problems = problem({field: raw})
    assert list(problems) == [field]
    assert message in problems[field]


def test_quantity_is_normalised_with_the_unit_factor():
    weight = clean({"weight": {"amount": "3", "unit": "carton of 200 cigarettes"}})["weight"]
    assert (weight.unit, weight.normalised, weight.base_unit) == ("CARTON200", Decimal("600"), "u")


def test_group_rows_are_validated_with_their_paths():
    problems = problem({"parts": [{"label": "ok"}, {"colour": "PINK"}, {"label": "x", "size": 1}]})
    assert set(problems) == {"parts[2].label", "parts[2].colour", "parts[3].size"}


def test_empty_values_mean_not_set():
    values = clean({"name": "  ", "colours": [], "count": None})
    assert values["name"] is None and values["colours"] == [] and values["count"] is None


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (dict(name="Bad", label="x", kind=Kind.TEXT, classification="X"), "lowercase"),
        (dict(name="uuid", label="x", kind=Kind.TEXT, classification="X"), "reserved"),
        (dict(name="c", label="x", kind=Kind.CODE, classification="X"), "needs a codelist"),
        (dict(name="d", label="x", kind=Kind.TEXT, classification="X", partial=True), "only a date"),
        (dict(name="g", label="x", kind=Kind.GROUP, classification="X"), "at least one member"),
        (dict(name="g", label="x", kind=Kind.GROUP, classification="X", fields=(
            FieldSpec("c", "c", Kind.CODES, "X", codelist="unit"),)), "cannot be of kind codes"),
    ],
)
def test_impossible_field_declarations_are_refused(spec, message):
    with pytest.raises(FieldSpecError, match=message):
        FieldSpec(**spec)


def test_a_field_without_classification_cannot_exist():
    with pytest.raises(TypeError):
        FieldSpec("x", "X", Kind.TEXT)  # type: ignore[call-arg]


def test_record_type_refuses_duplicate_fields_and_unknown_list_columns():
    field = FieldSpec("a", "A", Kind.TEXT, "X")
    with pytest.raises(FieldSpecError, match="duplicate fields a"):
        RecordType("t", "T", (field, field))
    with pytest.raises(FieldSpecError, match="unknown fields b"):
        RecordType("t", "T", (field,), list_columns=("b",))


def test_title_template_leaves_missing_values_blank():
    assert sample_plugin.SPECIMEN.title({"reference": "R-9", "name": None}) == "R-9"
