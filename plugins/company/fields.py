"""The company record type.

Company names and identifiers are commercially sensitive (S) rather than personal, but the
contact details of a sole trader identify a person, so addresses, phones and e-mails are N.
Officers and owners are not fields: they are links to suspect records with a role.
"""

from __future__ import annotations

from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_plugins.common.contact_fields import ADDRESSES, EMAILS, PHONES

N, S, X = "N", "S", "X"

COMPANY = RecordType(
    name="company",
    label="Company",
    labels={"fr": "Entreprise", "es": "Empresa"},
    title_template="{legal_name} ({country})",
    list_columns=("legal_name", "country", "registration_number", "aeo_status"),
    fields=(
        FieldSpec("legal_name", "Legal name", Kind.TEXT, S, required=True, max_length=300,
                  searchable=True, indexed=True, name_part="full"),
        FieldSpec("trading_names", "Trading names", Kind.GROUP, S, fields=(
            FieldSpec("name", "Trading name", Kind.TEXT, S, required=True, max_length=300,
                      searchable=True, name_part="full"),)),
        FieldSpec("name_original_script", "Name in original script", Kind.TEXT, S,
                  max_length=300, searchable=True, name_part="full"),
        FieldSpec("legal_form", "Legal form", Kind.CODE, X, codelist="company_legal_form"),
        FieldSpec("country", "Country of registration", Kind.COUNTRY, X, indexed=True),
        FieldSpec("registration_number", "Registration number", Kind.TEXT, S, max_length=40,
                  searchable=True, identifier="company_registration"),
        FieldSpec("tax_number", "Tax number", Kind.TEXT, S, max_length=40, searchable=True,
                  identifier="tax"),
        FieldSpec("vat_number", "VAT number", Kind.TEXT, S, max_length=40, searchable=True,
                  identifier="vat"),
        FieldSpec("customs_number", "Customs trader number (EORI)", Kind.TEXT, S,
                  max_length=40, searchable=True, identifier="eori"),
        FieldSpec("aeo_status", "AEO status", Kind.CODE, X, codelist="aeo_status"),
        FieldSpec("trade_roles", "Trade roles", Kind.CODES, X, codelist="trade_role"),
        FieldSpec("established_on", "Established on", Kind.DATE, X),
        ADDRESSES,
        PHONES,
        EMAILS,
        FieldSpec("website", "Website", Kind.TEXT, S, max_length=200),
        FieldSpec("notes", "Notes", Kind.LONGTEXT, S, searchable=True),
    ),
)
