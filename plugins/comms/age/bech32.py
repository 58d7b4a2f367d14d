"""Bech32 (BIP 173) as age uses it for keys: no length limit, one case per string.

age encodes recipients in lowercase (``age1...``) and identities in uppercase
(``AGE-SECRET-KEY-1...``); the checksum is always computed over the lowercase form.
:func:`decode` returns the human-readable part in the case it was written, so callers can
insist on the case age itself requires.
"""

from __future__ import annotations

from .errors import AgeKeyFormatError

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_VALUES = {char: index for index, char in enumerate(_CHARSET)}
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_CHECKSUM_LENGTH = 6


def _polymod(values: list[int]) -> int:
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for bit, generator in enumerate(_GENERATOR):
            if top >> bit & 1:
                checksum ^= generator
    return checksum


def _expand_hrp(hrp: str) -> list[int]:
    return [ord(char) >> 5 for char in hrp] + [0] + [ord(char) & 31 for char in hrp]


def _to_5bit(data: bytes) -> list[int]:
    groups, accumulator, bits = [], 0, 0
    for byte in data:
        accumulator = accumulator << 8 | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            groups.append(accumulator >> bits & 31)
    if bits:
        groups.append(accumulator << (5 - bits) & 31)
    return groups


def _from_5bit(groups: list[int]) -> bytes:
    out, accumulator, bits = bytearray(), 0, 0
    for group in groups:
        accumulator = accumulator << 5 | group
        bits += 5
        if bits >= 8:
            bits -= 8
            out.append(accumulator >> bits & 0xFF)
    if bits >= 5 or accumulator & ((1 << bits) - 1):
        raise AgeKeyFormatError("age key: Bech32 data has invalid padding bits")
    return bytes(out)


def encode(hrp: str, data: bytes) -> str:
    """Encode ``data`` under ``hrp``; the result has the case of ``hrp``."""
    lower_hrp = hrp.lower()
    groups = _to_5bit(data)
    polymod = _polymod(_expand_hrp(lower_hrp) + groups + [0] * _CHECKSUM_LENGTH) ^ 1
    checksum = [polymod >> 5 * (5 - index) & 31 for index in range(_CHECKSUM_LENGTH)]
    encoded = lower_hrp + "1" + "".join(_CHARSET[group] for group in groups + checksum)
    return encoded.upper() if hrp.isupper() else encoded


def decode(text: str) -> tuple[str, bytes]:
    """Return ``(hrp, data)`` of a Bech32 string, or raise :class:`AgeKeyFormatError`."""
    if any(not 33 <= ord(char) <= 126 for char in text):
        raise AgeKeyFormatError("age key: contains a space or a character outside printable ASCII")
    if text.lower() != text and text.upper() != text:
        raise AgeKeyFormatError("age key: mixes upper and lower case")
    separator = text.rfind("1")
    if separator < 1 or separator + 1 + _CHECKSUM_LENGTH > len(text):
        raise AgeKeyFormatError("age key: not Bech32 (no '1' separator or too short)")
    hrp, lower = text[:separator], text.lower()
    try:
        groups = [_VALUES[char] for char in lower[separator + 1 :]]
    except KeyError as error:
        raise AgeKeyFormatError(f"age key: invalid Bech32 character {error.args[0]!r}") from None
    if _polymod(_expand_hrp(lower[:separator]) + groups) != 1:
        raise AgeKeyFormatError("age key: Bech32 checksum does not match (mistyped key?)")
    return hrp, _from_5bit(groups[:-_CHECKSUM_LENGTH])
