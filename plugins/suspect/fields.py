"""The suspect record type. Almost everything here identifies a person (N).

Names are kept as written in the documents and, separately, in their original script, so a
name typed from an Arabic or Cyrillic passport can be found both ways. The alert and
investigation blocks are operationally sensitive (S): they must never reach the subject.
"""

from __future__ import annotations

from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_plugins.common.contact_fields import ADDRESSES, EMAILS, PHONES

N, S, X = "N", "S", "X"

SUSPECT = RecordType(
    name="suspect",
    label="Suspect",
    labels={"fr": "Suspect", "es": "Sospechoso"},
    title_template="{family_name}, {given_names} ({date_of_birth})",
    list_columns=("family_name", "given_names", "date_of_birth", "gender",
                  "investigation_status"),
    fields=(
        FieldSpec("family_name", "Family name", Kind.TEXT, N, required=True, max_length=200,
                  searchable=True, indexed=True, name_part="family"),
        FieldSpec("given_names", "Given names", Kind.TEXT, N, max_length=200, searchable=True,
                  name_part="given"),
        FieldSpec("name_original_script", "Name in original script", Kind.TEXT, N,
                  max_length=200, searchable=True, name_part="full",
                  help="The full name as written in the person's own script (Arabic, Cyrillic, ...)"),
        FieldSpec("aliases", "Aliases", Kind.GROUP, N, fields=(
            FieldSpec("alias", "Alias", Kind.TEXT, N, required=True, max_length=200,
                      searchable=True, name_part="full"),
            FieldSpec("script", "Script", Kind.TEXT, N, max_length=40,
                      help="ISO 15924 script of the alias when not Latin, e.g. Arab, Cyrl"),
        )),
        FieldSpec("gender", "Gender", Kind.CODE, N, codelist="gender"),
        FieldSpec("date_of_birth", "Date of birth", Kind.DATE, N, partial=True, indexed=True),
        FieldSpec("place_of_birth", "Place of birth", Kind.TEXT, N, max_length=200),
        FieldSpec("country_of_birth", "Country of birth", Kind.COUNTRY, N),
        FieldSpec("nationalities", "Nationalities", Kind.GROUP, N, fields=(
            FieldSpec("country", "Nationality", Kind.COUNTRY, N, required=True),)),
        FieldSpec("documents", "Identity documents", Kind.GROUP, N, fields=(
            FieldSpec("document_type", "Type", Kind.CODE, N, required=True,
                      codelist="identity_document_type"),
            FieldSpec("number", "Number", Kind.TEXT, N, required=True, max_length=40,
                      searchable=True, identifier="document"),
            FieldSpec("issuing_country", "Issuing country", Kind.COUNTRY, N),
            FieldSpec("expiry_date", "Expiry date", Kind.DATE, N),
        )),
        ADDRESSES,
        PHONES,
        EMAILS,
        FieldSpec("occupation", "Occupation", Kind.TEXT, N, max_length=200),
        FieldSpec("alerts", "Alerts", Kind.GROUP, S, fields=(
            FieldSpec("alert_type", "Alert type", Kind.CODE, S, required=True,
                      codelist="alert_type"),
            FieldSpec("reason", "Reason", Kind.TEXT, S, required=True, max_length=500),
            FieldSpec("valid_until", "Valid until", Kind.DATE, S, required=True),
            FieldSpec("issued_by", "Issuing officer", Kind.TEXT, S, max_length=64),
        )),
        FieldSpec("investigation_status", "Investigation status", Kind.CODE, S,
                  codelist="investigation_status", indexed=True),
        FieldSpec("assigned_officers", "Assigned officers", Kind.GROUP, S, fields=(
            FieldSpec("username", "Officer (user name)", Kind.TEXT, S, required=True,
                      max_length=64),)),
        FieldSpec("notes", "Notes", Kind.LONGTEXT, N, searchable=True),
    ),
)
