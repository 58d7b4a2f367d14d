"""A test record type that uses every field kind, declared through the ordinary hooks."""

from __future__ import annotations

from pathlib import Path

from ncen_core import hookimpl
from ncen_core.fields import FieldSpec, Kind, RecordType

N, S, X = "N", "S", "X"
DATA = Path(__file__).parent / "data"

SPECIMEN = RecordType(
    name="specimen",
    label="Specimen",
    title_template="{reference} {name}",
    list_columns=("reference", "name", "found_on"),
    fields=(
        FieldSpec("reference", "Reference", Kind.TEXT, X, required=True, max_length=20,
                  pattern=r"[A-Z0-9-]+"),
        FieldSpec("name", "Name", Kind.TEXT, N, searchable=True),
        FieldSpec("notes", "Notes", Kind.LONGTEXT, S),
        FieldSpec("count", "Count", Kind.INT, X, min_value=0, max_value=1000),
        FieldSpec("value", "Value", Kind.DECIMAL, X, decimal_places=2),
        FieldSpec("found_on", "Found on", Kind.DATE, X),
        FieldSpec("born", "Born", Kind.DATE, N, partial=True),
        FieldSpec("seen_at", "Seen at", Kind.DATETIME, X),
        FieldSpec("flagged", "Flagged", Kind.BOOL, X),
        FieldSpec("colour", "Colour", Kind.CODE, X, codelist="test_colour"),
        FieldSpec("colours", "Colours", Kind.CODES, X, codelist="test_colour"),
        FieldSpec("country", "Country", Kind.COUNTRY, X),
        FieldSpec("weight", "Weight", Kind.QUANTITY, X),
        FieldSpec("picture", "Picture", Kind.PHOTO, N),
        FieldSpec(
            "parts", "Parts", Kind.GROUP, X,
            fields=(
                FieldSpec("label", "Label", Kind.TEXT, X, required=True),
                FieldSpec("colour", "Colour", Kind.CODE, X, codelist="test_colour"),
                FieldSpec("amount", "Amount", Kind.QUANTITY, X),
                FieldSpec("country", "Country", Kind.COUNTRY, X),
            ),
        ),
    ),
)


@hookimpl
def register_record_types():
    return [SPECIMEN]


@hookimpl
def register_codelists():
    return [DATA / "test_colour.yaml"]
