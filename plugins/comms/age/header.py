"""The age v1 header: strict parsing from a stream, serialisation, and its MAC.

Parsing follows the ABNF of the C2SP age specification exactly (LF line ends, canonical
unpadded base64, body lines of 64 columns ending with a shorter line) because a header
with more than one byte representation could be altered without breaking the MAC of a
lenient parser. The reader consumes the stream up to the end of the MAC line and no
further, so the payload can be streamed from the same file object.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from . import b64
from .errors import AgeArmorError, AgeHeaderError, AgeHmacError
from .keywrap import hkdf_sha256
from .stanza import Stanza

VERSION_LINE = b"age-encryption.org/v1\n"
BODY_COLUMNS = 64
MAX_HEADER_SIZE = 1 << 20
"""Headers above 1 MiB are refused: real ones hold a few hundred bytes per recipient."""

_VERSION_PREFIX = b"age-encryption.org/"
_ARMOR_MARK = re.compile(rb"-----\s*BEGIN")
_ARMOR_SNIFF = 1024
_ARGUMENT = re.compile(rb"[\x21-\x7e]+")
_MAC_B64_LENGTH = 43


@dataclass(frozen=True)
class Header:
    """A parsed header: its stanzas, its MAC, and the exact bytes the MAC covers."""

    stanzas: tuple[Stanza, ...]
    mac: bytes
    mac_input: bytes

    def verify_mac(self, file_key: bytes) -> None:
        """Raise :class:`AgeHmacError` unless the MAC matches under ``file_key``."""
        if not hmac.compare_digest(header_mac(file_key, self.mac_input), self.mac):
            raise AgeHmacError("age header: MAC does not match (the header was altered)")


def header_mac(file_key: bytes, mac_input: bytes) -> bytes:
    """HMAC-SHA-256 of the header up to and including ``---``, keyed from the file key."""
    key = hkdf_sha256(file_key, b"", b"header")
    return hmac.new(key, mac_input, hashlib.sha256).digest()


def serialise_header(stanzas: Sequence[Stanza], file_key: bytes) -> bytes:
    """The complete header for ``stanzas``, MAC line included."""
    parts = [VERSION_LINE]
    for stanza in stanzas:
        parts.append(b"-> " + " ".join(stanza.args).encode("ascii") + b"\n")
        encoded = b64.encode(stanza.body)
        parts.extend(
            encoded[start : start + BODY_COLUMNS] + b"\n"
            for start in range(0, len(encoded), BODY_COLUMNS)
        )
        if len(encoded) % BODY_COLUMNS == 0:
            parts.append(b"\n")
    parts.append(b"---")
    mac_input = b"".join(parts)
    return mac_input + b" " + b64.encode(header_mac(file_key, mac_input)) + b"\n"


def read_header(src: BinaryIO) -> Header:
    """Parse the header at the start of ``src``, leaving ``src`` at the payload nonce.

    Raises :class:`AgeArmorError` for ASCII-armored input and :class:`AgeHeaderError`
    for anything else that is not a well-formed v1 header.
    """
    lines = _HeaderLines(src, _read_version_line(src))
    stanzas: list[Stanza] = []
    while True:
        line = lines.next()
        if line.startswith(b"-> ") or line == b"->":
            stanzas.append(Stanza(_parse_arguments(line), _read_body(lines)))
        elif line.startswith(b"---"):
            break
        else:
            raise AgeHeaderError(
                "age header: unexpected line (expected a stanza '-> ' or the MAC line '--- ')"
            )
    if not stanzas:
        raise AgeHeaderError("age header: no recipient stanzas")
    mac_input = bytes(lines.consumed[: -len(line) - 1]) + b"---"
    return Header(tuple(stanzas), _parse_mac_line(line), mac_input)


class _HeaderLines:
    """Reads header lines from the stream, keeping the raw bytes for the MAC."""

    def __init__(self, src: BinaryIO, first_line: bytes):
        self._src = src
        self.consumed = bytearray(first_line)

    def next(self) -> bytes:
        """The next line without its LF; a missing LF means the header is cut short."""
        budget = MAX_HEADER_SIZE - len(self.consumed)
        line = self._src.readline(budget) if budget > 0 else b""
        if not line.endswith(b"\n"):
            if len(line) == budget:
                raise AgeHeaderError(f"age header: longer than {MAX_HEADER_SIZE} bytes")
            raise AgeHeaderError("age header: the file ends before the header does")
        self.consumed += line
        return line[:-1]


def _read_version_line(src: BinaryIO) -> bytes:
    """The version line, or the most useful error for input that is not a v1 file.

    Input that is not age but shows a PEM ``-----BEGIN`` line within its first 2 KiB is
    reported as armored, even with garbage before it, so the officer is told what it is.
    """
    first = src.readline(_ARMOR_SNIFF)
    if first == VERSION_LINE:
        return first
    if not first:
        raise AgeHeaderError("age header: the file is empty")
    if VERSION_LINE.startswith(first):
        raise AgeHeaderError("age header: the file ends before the header does")
    if first == VERSION_LINE[:-1] + b"\r\n":
        raise AgeHeaderError(
            "age header: lines end with CRLF instead of LF (was the file copied as text?)"
        )
    if first.startswith(_VERSION_PREFIX):
        version = first[len(_VERSION_PREFIX) :].rstrip(b"\n")[:40].decode("ascii", "replace")
        raise AgeHeaderError(f"age header: unsupported format version {version!r} (need v1)")
    if _ARMOR_MARK.search(first + src.read(_ARMOR_SNIFF)):
        raise AgeArmorError(
            "age: the file is ASCII-armored ('-----BEGIN AGE ENCRYPTED FILE-----'), which ncen "
            "does not read; ask the sender for the binary .age file"
        )
    raise AgeHeaderError("age header: not an age file (first line is not age-encryption.org/v1)")


def _parse_arguments(line: bytes) -> tuple[str, ...]:
    arguments = line[3:].split(b" ")
    if arguments == [b""]:
        raise AgeHeaderError("age header: stanza has no arguments")
    for argument in arguments:
        if not argument:
            raise AgeHeaderError("age header: stanza has an empty argument (doubled space)")
        if not _ARGUMENT.fullmatch(argument):
            raise AgeHeaderError(
                "age header: stanza argument holds a character outside printable ASCII"
            )
    return tuple(argument.decode("ascii") for argument in arguments)


def _read_body(lines: _HeaderLines) -> bytes:
    encoded = []
    while True:
        line = lines.next()
        if line.startswith((b"->", b"---")):
            raise AgeHeaderError(
                "age header: stanza lacks its final body line (shorter than 64 columns, "
                "possibly empty)"
            )
        if not b64.is_base64(line):
            raise AgeHeaderError("age header: stanza body line holds non-base64 characters")
        if len(line) > BODY_COLUMNS:
            raise AgeHeaderError("age header: stanza body line longer than 64 columns")
        encoded.append(line)
        if len(line) < BODY_COLUMNS:
            return b64.decode(b"".join(encoded), "stanza body")


def _parse_mac_line(line: bytes) -> bytes:
    if not line.startswith(b"--- "):
        raise AgeHeaderError("age header: MAC line must be '--- ' followed by the MAC")
    encoded = line[4:]
    if len(encoded) != _MAC_B64_LENGTH:
        raise AgeHeaderError(
            f"age header: MAC must be {_MAC_B64_LENGTH} base64 characters, found {len(encoded)}"
        )
    return b64.decode(encoded, "header MAC")
