"""Check digits of conveyance identifiers that customs officers type by hand.

A mistyped container or IMO number breaks every later match between seizures, so they are
checked when entered: ISO 6346 for freight containers, the IMO scheme for ship numbers.
"""

from __future__ import annotations

import re

_CONTAINER = re.compile(r"^[A-Z]{3}[UJZR]\d{7}$")
_IMO = re.compile(r"^\d{7}$")


def compact(text: str) -> str:
    """Uppercase without spaces, dots, dashes or slashes: how identifiers are compared."""
    return re.sub(r"[\s./-]+", "", text).upper()


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
