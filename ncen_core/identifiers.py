"""Check digits of conveyance identifiers that customs officers type by hand.

A mistyped container or IMO number breaks every later match between seizures, so they are
checked when entered: ISO 6346 for freight containers, the IMO scheme for ship numbers.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s./-]+")
#: What alnum drops: after NFKD, every character but ASCII letters and digits.
_NOT_ASCII_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_CONTAINER = re.compile(r"^[A-Z]{3}[UJZR]\d{7}$")
_IMO = re.compile(r"^\d{7}$")


def compact(text: str) -> str:
    """Uppercase without spaces, dots, dashes or slashes: how identifiers are compared."""
    return _SEPARATORS.sub("", text).upper()


def container_check_digit(owner_serial: str) -> int:
    """ISO 6346 check digit of the first ten characters of a container number."""
    total = 0
    for position, char in enumerate(owner_serial):
        if char.isdigit():
            value = int(char)
        else:
            value = 10 + ord(char) - ord("A")
            value += (value - 1) // 10  # multiples of 11 are skipped: A=10, B=12 ... K=21 ...
        total += value * (2 ** position)
    return total % 11 % 10


def check_container_number(text: str) -> str:
    """The compact container number if its ISO 6346 format and check digit are right."""
    number = compact(text)
    if not _CONTAINER.match(number):
        raise ValueError("a container number is 3 letters, U/J/Z/R, 6 digits and a check digit "
                         "(e.g. MSCU1234566)")
    expected = container_check_digit(number[:10])
    if int(number[10]) != expected:
        raise ValueError(f"container {number}: the check digit should be {expected}")
    return number


def check_imo_number(text: str) -> str:
    """The seven-digit IMO ship number (``IMO`` prefix allowed) if its check digit is right."""
    number = compact(text).removeprefix("IMO")
    if not _IMO.match(number):
        raise ValueError("an IMO number is seven digits, e.g. IMO 9074729")
    expected = sum(int(d) * w for d, w in zip(number[:6], range(7, 1, -1))) % 10
    if int(number[6]) != expected:
        raise ValueError(f"IMO {number}: the check digit should be {expected}")
    return number


# -- normalisation for exact search ---------------------------------------------------------
#
# Every identifier is stored and searched in one canonical form per kind, so that
# ``ab-123 cd``, ``AB123CD`` and ``AB 123.CD`` are the same plate. Phone and VAT numbers get
# two forms each, because the part naming their country is often left out when typed.

#: The kinds a FieldSpec may name in its ``identifier`` attribute.
IDENTIFIER_KINDS = frozenset({
    "document", "phone", "plate", "imo", "container", "flight",
    "company_registration", "tax", "vat", "eori", "email", "address",
})

#: The kind of a postal address: marks a repeating group with a ``street`` member (the key
#: is built from the whole row, see :func:`address_keys`) or a one-line text field.
ADDRESS_KIND = "address"

#: Kinds whose canonical form is just the letters and digits, uppercase.
_ALNUM_KINDS = ("company_registration", "document", "eori", "plate", "tax")

#: Stored beside "vat" when a VAT number has its country prefix: the number without it.
VAT_NUMBER_KIND = "vat_number"

# Cyrillic and Greek capitals that look like Latin ones: plates and passports of Russia,
# Ukraine, Bulgaria or Greece are often typed with them, and nobody can see the difference.
_HOMOGLYPHS = str.maketrans(
    "АВЕКМНОРСТУХІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "ABEKMHOPCTYXIJSABEZHIKMNOPTYX",
)
_FLIGHT = re.compile(r"^([A-Z]{3}|[A-Z0-9]{2})0*(\d{1,4})([A-Z]?)$")
_VAT = re.compile(r"^([A-Z]{2})([0-9A-Z]{2,13})$")
_PHONE_TEXT = re.compile(r"^\+?[\d\s().\-/]{6,25}$")


def alnum(text: str) -> str:
    """Letters and digits only, uppercase, look-alike Cyrillic/Greek letters made Latin."""
    upper = unicodedata.normalize("NFKD", text.upper()).translate(_HOMOGLYPHS)
    return _NOT_ASCII_ALNUM.sub("", upper)


def identifier_forms(kind: str, text: str, *, region: str | None = None) -> list[tuple[str, str]]:
    """The (kind, canonical value) pairs stored for ``text`` typed as an identifier of ``kind``.

    Empty when ``text`` cannot be one (an IMO number that is not seven digits). ``region``
    (ISO 3166 alpha-2) is the country whose national phone numbers are written without a
    country code: the country of the office that typed the number, when known.
    """
    if kind not in IDENTIFIER_KINDS:
        raise ValueError(f"unknown identifier kind {kind!r}")
    if kind == "email":
        email = "".join(text.split()).lower()
        return [("email", email)] if "@" in email else []
    if kind == "phone":
        return [("phone", form) for form in phone_forms(text, region=region)]
    if kind == ADDRESS_KIND:
        words = address_words(text)
        return [(ADDRESS_KIND, words)] if words else []
    value = alnum(text)
    if kind == "imo":
        value = value.removeprefix("IMO")
        return [("imo", value)] if _IMO.match(value) else []
    if kind == "container":
        return [("container", value)] if _CONTAINER.match(value) else []
    if kind == "flight":
        match = _FLIGHT.match(value)
        return [("flight", "".join(match.groups()))] if match else []
    if kind == "vat":
        prefix, number = _vat_parts(value)
        if prefix:
            return [("vat", prefix + number), (VAT_NUMBER_KIND, number)]
    return [(kind, value)] if value else []


def phone_forms(text: str, *, region: str | None = None) -> list[str]:
    """E.164 (when the country is known) and the national number without trunk zeros.

    ``06 12 34 56 78`` typed where the country is unknown and ``+33 6 12 34 56 78`` share
    the national form ``612345678``, so each finds the other.
    """
    import phonenumbers

    digits = "".join(c for c in text if c.isdigit())
    international = text.strip().startswith("+") or digits.startswith("00")
    if digits.startswith("00"):
        digits = digits[2:]
    if len(digits) < 6:
        return []
    try:
        number = phonenumbers.parse("+" + digits if international else digits,
                                    None if international else region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        return [] if international else [digits.lstrip("0")]
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return [e164, phonenumbers.national_significant_number(number).lstrip("0")]


#: Street words written in several ways, each reduced to one spelling.
_STREET_WORDS = {
    "ST": "STREET", "STR": "STRASSE", "RD": "ROAD", "AV": "AVENUE", "AVE": "AVENUE",
    "BD": "BOULEVARD", "BLVD": "BOULEVARD", "PL": "PLACE", "SQ": "SQUARE", "LN": "LANE",
    "DR": "DRIVE", "CT": "COURT", "HWY": "HIGHWAY",
}
#: Longest address key kept (the identifier index stores at most 200 characters).
_ADDRESS_KEY_LENGTH = 200


def address_words(text: str) -> str:
    """An address line as comparable words: any script made Latin, uppercase, punctuation
    dropped and common abbreviations written out (``12, av. Foch`` -> ``12 AVENUE FOCH``)."""
    from anyascii import anyascii

    plain = re.sub(r"[^A-Z0-9]+", " ", anyascii(text).upper())
    return " ".join(_STREET_WORDS.get(word, word) for word in plain.split())


def address_keys(street: str | None, postcode: str | None, city: str | None,
                 country: str | None) -> list[str]:
    """The keys of one postal address, for finding records that share it.

    Two keys when the address has both: street with postcode, and street with city, each
    with the country, so an address typed once with a postcode and once with only the city
    still meets itself. None without a street, or with neither postcode nor city (a street
    name alone is shared by too many strangers).
    """
    street_words = address_words(street or "")
    if not street_words:
        return []
    places = [alnum(postcode or ""), address_words(city or "")]
    prefix = (country or "").upper()
    return [f"{prefix}|{place}|{street_words}"[:_ADDRESS_KEY_LENGTH] for place in places if place]


def _vat_parts(value: str) -> tuple[str, str]:
    """(country prefix or "", number); Greece's VAT prefix is EL, not its ISO code GR."""
    match = _VAT.match(value)
    if not match or match.group(1).isdigit():
        return "", value
    prefix = "EL" if match.group(1) == "GR" else match.group(1)
    return prefix, match.group(2)


def identifier_candidates(text: str, *, region: str | None = None) -> list[tuple[str, str]]:
    """(kind, canonical value) pairs a query term may denote, if it looks like an identifier.

    A term looks like one when it has an ``@``, or at least one digit among four or more
    letters and digits; plain words give nothing. An ambiguous term gives several pairs
    (``12345678`` may be a phone or a document number), each one indexed lookup. A VAT
    number typed with its prefix finds that country's number and numbers stored without a
    prefix; typed without one, it finds the number under any prefix.
    """
    term = text.strip()
    if "@" in term:
        return identifier_forms("email", term)
    value = alnum(term)
    if len(value) < 4 or not any(c.isdigit() for c in value):
        return []
    pairs = [(kind, value) for kind in _ALNUM_KINDS]
    prefix, number = _vat_parts(value)
    pairs += [("vat", prefix + number), ("vat", number)] if prefix else [
        ("vat", value), (VAT_NUMBER_KIND, value)]
    if _PHONE_TEXT.match(term):
        pairs += [("phone", form) for form in phone_forms(term, region=region)]
    for kind in ("imo", "flight", "container"):
        pairs += identifier_forms(kind, term)
    if re.fullmatch(r"[A-Z]{3}[UJZR]\d{6}", value):
        pairs.append(("container", value + str(container_check_digit(value))))
    return list(dict.fromkeys(pairs))
