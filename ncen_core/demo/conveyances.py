"""Identifiers of conveyances and transport documents, with their real check digits.

Container numbers carry the ISO 6346 check digit and IMO numbers theirs (the record service
refuses wrong ones); air waybills end with the IATA modulo-7 check digit and postal items
with the UPU S10 one. A small fleet of vessels is reused across seizures, as in real ports,
so link analysis can join seizures by vessel.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from ncen_core.demo.addresses import fill
from ncen_core.identifiers import container_check_digit

#: IATA three-digit airline prefixes of the air waybills of the airlines in the places list.
AWB_PREFIXES: Mapping[str, str] = {
    "IB": "075", "UX": "996", "AV": "134", "LA": "045", "ET": "071", "QR": "157", "TK": "235",
    "AT": "147", "AM": "139", "CM": "230", "EK": "176", "KL": "074", "AF": "057", "LH": "020",
    "AA": "001", "CX": "160", "TG": "217", "AI": "098", "MS": "077", "AC": "014",
}
CONTAINER_OWNERS = ("DMOU", "NCNU", "OCGU", "ATLU", "PACU", "SEAU", "MERU", "GLBU")
SHIPPING_LINE_CODES = ("DMOL", "OCGL", "ATLS", "PACF")
VESSEL_NAMES = ("Atlantic Meridian", "Cap Serrano", "Oriente Star", "Nordic Harmony",
                "Santa Lucía Bay", "Pacific Endeavour", "Sea Phoenix", "Jade Horizon",
                "Mare Nostrum", "Ever Prosper", "Cape Verde Trader", "Gulf Pioneer")
_PLATE_FORMATS: Mapping[str, str] = {
    "ES": "#### CCC", "MA": "#####-A-##", "FR": "LL-###-LL", "NL": "##-LLL-#", "BE": "1-LLL-###",
    "GI": "G ####-L", "PT": "##-LL-##", "DE": "L LL ####",
}
_CONSONANTS = "BCDFGHJKLMNPRSTVWXYZ"
_MOROCCAN_LETTERS = "ABDHEW"  # Latin renderings of the Arabic series letter of Moroccan plates


@dataclass(frozen=True)
class Vessel:
    """A ship: its name and IMO number."""

    name: str
    imo: str


def fleet(rng: random.Random, size: int) -> list[Vessel]:
    """``size`` container ships with distinct names (numbered when the names run out)."""
    names = rng.sample(VESSEL_NAMES, min(size, len(VESSEL_NAMES)))
    names += [f"{rng.choice(VESSEL_NAMES)} {n}" for n in range(2, size - len(names) + 2)]
    return [Vessel(name, imo_number(rng)) for name in names]


def imo_number(rng: random.Random) -> str:
    """``IMO 9xxxxxx`` with the IMO check digit (weights 7 to 2, modulo 10)."""
    digits = f"9{rng.randint(0, 99_999):05d}"
    check = sum(int(d) * w for d, w in zip(digits, range(7, 1, -1))) % 10
    return f"IMO {digits}{check}"


def container_number(rng: random.Random) -> str:
    """An ISO 6346 container number: owner code, U, six digits and the check digit."""
    body = f"{rng.choice(CONTAINER_OWNERS)}{rng.randint(0, 999_999):06d}"
    return f"{body}{container_check_digit(body)}"


def voyage_number(rng: random.Random) -> str:
    """A carrier's voyage number, e.g. ``451E``."""
    return f"{rng.randint(100, 999)}{rng.choice('NSEW')}"


def flight_number(rng: random.Random, airline: str) -> str:
    """A flight number of ``airline``, e.g. ``IB6586``."""
    return f"{airline}{rng.randint(10, 9999)}"


def air_waybill(rng: random.Random, airline: str) -> str:
    """``075-12345675``: airline prefix, seven-digit serial and its modulo-7 check digit."""
    serial = rng.randint(0, 9_999_999)
    return f"{AWB_PREFIXES.get(airline, '075')}-{serial:07d}{serial % 7}"


def bill_of_lading(rng: random.Random) -> str:
    """A carrier's bill of lading number: carrier code and ten digits."""
    return f"{rng.choice(SHIPPING_LINE_CODES)}{rng.randint(0, 9_999_999_999):010d}"


def cmr_number(rng: random.Random, country: str) -> str:
    """The number of a CMR consignment note issued in ``country``."""
    return f"CMR {country} {rng.randint(0, 9_999_999):07d}"


def postal_item_id(rng: random.Random, country: str, *, parcel: bool) -> str:
    """A UPU S10 item identifier (``CP123456785MA``) with its check digit."""
    serial = f"{rng.randint(0, 99_999_999):08d}"
    total = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7)))
    check = 11 - total % 11
    check = {10: 0, 11: 5}.get(check, check)
    service = "CP" if parcel else rng.choice(("RR", "LX", "UA"))
    return f"{service}{serial}{check}{country}"


def express_waybill(rng: random.Random) -> str:
    """An express courier's ten-digit waybill number."""
    return f"{rng.randint(0, 9_999_999_999):010d}"


def plate(rng: random.Random, country: str) -> str:
    """A number plate written the way ``country`` writes them."""
    pattern = _PLATE_FORMATS.get(country, "LL ####")
    out = []
    for char in pattern:
        if char == "C":
            out.append(rng.choice(_CONSONANTS))
        elif char == "A" and country == "MA":
            out.append(rng.choice(_MOROCCAN_LETTERS))
        else:
            out.append(fill(char, rng))
    return "".join(out)
