"""Contact fields shared by the suspect and company record types.

Addresses, phones and e-mails of a person or a sole trader identify a person, so they are
always classified personal (N) wherever they are used. Addresses are keyed in the identifier
index (street with postcode or city, and country), so link analysis finds records that share
one however it was typed.
"""

from __future__ import annotations

from ncen_core.fields import FieldSpec, Kind

N = "N"

ADDRESSES = FieldSpec("addresses", "Addresses", Kind.GROUP, N, identifier="address", fields=(
    FieldSpec("street", "Street", Kind.TEXT, N, max_length=200, searchable=True),
    FieldSpec("city", "City", Kind.TEXT, N, max_length=100, searchable=True),
    FieldSpec("postcode", "Postcode", Kind.TEXT, N, max_length=20),
    FieldSpec("country", "Country", Kind.COUNTRY, N),
))

PHONES = FieldSpec("phones", "Phone numbers", Kind.GROUP, N, fields=(
    FieldSpec("phone", "Phone", Kind.TEXT, N, required=True, max_length=40,
              searchable=True, identifier="phone"),))

EMAILS = FieldSpec("emails", "E-mail addresses", Kind.GROUP, N, fields=(
    FieldSpec("email", "E-mail", Kind.TEXT, N, required=True, max_length=200,
              pattern=r"[^@\s]+@[^@\s]+\.[^@\s]+", searchable=True,
              identifier="email"),))
