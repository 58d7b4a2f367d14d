"""The seizure record type: every field of a national seizure register, classified.

X fields are non-nominal and may go to regional or global databases; N fields identify a
person (a vehicle plate, a free-text narrative naming people); S fields are operationally
sensitive (transport document numbers, item descriptions that reveal sources).
"""

from __future__ import annotations

from ncen_core.fields import FieldSpec, Kind, RecordType

N, S, X = "N", "S", "X"

ROUTE_LEG = (
    FieldSpec("leg_type", "Leg", Kind.CODE, X, required=True, codelist="route_leg_type"),
    FieldSpec("country", "Country", Kind.COUNTRY, X, required=True),
    FieldSpec("place", "Place", Kind.TEXT, X, max_length=200),
    FieldSpec("unlocode", "UN/LOCODE", Kind.TEXT, X, pattern=r"[A-Z]{2}[A-Z2-9]{3}"),
    FieldSpec("leg_date", "Date", Kind.DATE, X),
)

SEIZED_ITEM = (
    FieldSpec("commodity", "Commodity", Kind.CODE, X, required=True, codelist="commodity_category"),
    FieldSpec("subtype", "Subtype", Kind.CODE, X, codelist="commodity_subtype"),
    FieldSpec("hs_code", "HS code", Kind.TEXT, X, pattern=r"\d{4}(\d{2}){0,3}",
              help="Harmonized System heading or subheading, 4 to 10 digits"),
    FieldSpec("description", "Description", Kind.TEXT, S, max_length=500),
    FieldSpec("brand", "Brand", Kind.TEXT, X, max_length=100),
    FieldSpec("species", "Species (scientific name)", Kind.TEXT, X, max_length=200),
    FieldSpec("quantity", "Quantity", Kind.QUANTITY, X, required=True),
    FieldSpec("estimated_value", "Estimated value", Kind.DECIMAL, X, decimal_places=2,
              min_value=0),
    FieldSpec("currency", "Currency", Kind.CODE, X, codelist="currency"),
)

SEIZURE = RecordType(
    name="seizure",
    label="Seizure",
    labels={"fr": "Saisie", "es": "Incautación"},
    title_template="{reference} {seizure_date} {place_name}",
    list_columns=("reference", "seizure_date", "place_name", "transport_mode",
                  "concealment_method"),
    fields=(
        FieldSpec("reference", "National reference", Kind.TEXT, X, required=True,
                  max_length=40, searchable=True, indexed=True,
                  help="The national case number, unique within the office"),
        FieldSpec("reporting_office", "Reporting office", Kind.TEXT, X, max_length=100,
                  help="The customs unit or post that made the seizure"),
        FieldSpec("seizure_date", "Date of seizure", Kind.DATE, X, required=True, indexed=True),
        FieldSpec("seizure_time", "Time of seizure", Kind.TEXT, X,
                  pattern=r"([01]\d|2[0-3]):[0-5]\d", help="HH:MM, local time"),
        FieldSpec("place_name", "Place", Kind.TEXT, X, max_length=200, searchable=True),
        FieldSpec("place_country", "Country of seizure", Kind.COUNTRY, X, indexed=True),
        FieldSpec("unlocode", "UN/LOCODE", Kind.TEXT, X, pattern=r"[A-Z]{2}[A-Z2-9]{3}"),
        FieldSpec("location_type", "Location type", Kind.CODE, X, codelist="location_type"),
        FieldSpec("procedure", "Customs procedure", Kind.CODE, X, codelist="customs_procedure"),
        FieldSpec("detection_methods", "Detection methods", Kind.CODES, X,
                  codelist="detection_method"),
        FieldSpec("concealment_category", "Concealment category", Kind.CODE, X,
                  codelist="concealment_category"),
        FieldSpec("concealment_method", "Concealment method", Kind.CODE, X,
                  codelist="concealment_method", indexed=True),
        FieldSpec("exceptional_concealment", "Exceptional concealment", Kind.BOOL, X,
                  indexed=True, help="A new or remarkable concealment worth showing to others"),
        FieldSpec("offence_types", "Offences", Kind.CODES, X, codelist="offence_type"),
        FieldSpec("transport_mode", "Transport mode", Kind.CODE, X, codelist="transport_mode",
                  indexed=True),
        FieldSpec("conveyance_type", "Conveyance", Kind.CODE, X, codelist="conveyance_type"),
        FieldSpec("flight_number", "Flight number", Kind.TEXT, X, max_length=10,
                  pattern=r"[A-Z0-9]{2,3} ?\d{1,5}[A-Z]?", searchable=True,
                  identifier="flight"),
        FieldSpec("voyage_number", "Voyage number", Kind.TEXT, X, max_length=20, searchable=True),
        FieldSpec("vessel_name", "Vessel name", Kind.TEXT, X, max_length=100, searchable=True),
        FieldSpec("vessel_imo", "Vessel IMO number", Kind.TEXT, X, max_length=12, searchable=True,
                  identifier="imo"),
        FieldSpec("vehicle_plate", "Vehicle plate", Kind.TEXT, N, max_length=20, searchable=True,
                  identifier="plate"),
        FieldSpec("vehicle_country", "Vehicle country", Kind.COUNTRY, X),
        FieldSpec("containers", "Containers", Kind.GROUP, X, fields=(
            FieldSpec("container_number", "Container number", Kind.TEXT, X, required=True,
                      max_length=13, searchable=True, identifier="container"),)),
        FieldSpec("transport_document", "Transport document (AWB, B/L, CMR)", Kind.TEXT, S,
                  max_length=40, searchable=True),
        FieldSpec("route", "Route", Kind.GROUP, X, fields=ROUTE_LEG),
        FieldSpec("items", "Seized goods", Kind.GROUP, X, fields=SEIZED_ITEM),
        FieldSpec("actions", "Action taken", Kind.CODES, X, codelist="action_taken"),
        FieldSpec("narrative", "Narrative", Kind.LONGTEXT, N, searchable=True,
                  help="What happened; may name people, so it never leaves without a legal basis"),
    ),
)
