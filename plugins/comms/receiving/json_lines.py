"""Reading a ``.jsonl`` part strictly, one line at a time.

Every line is one JSON object: no duplicate keys, no NaN or Infinity, and no fractional
numbers (decimals travel as strings, ``docs/exchange-payload.md``), so a sender and a
receiver can never read one line two ways. Lines are streamed, so a part of any size is
read in constant memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from ..wire import StrictJsonError, dumps_canonical, loads_strict, parse_strict_bytes
from .payload_errors import PayloadMalformed


def read_json_lines(stream: BinaryIO, part: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each line of ``stream`` as ``(line number, object)``; :class:`PayloadMalformed` names
    the part and line of the first problem."""
    number = 0
    for number, raw in enumerate(stream, start=1):
        text = raw[:-1] if raw.endswith(b"\n") else raw
        if not text.strip():
            raise PayloadMalformed(f"{part} line {number}: empty line")
        yield number, parse_object(text, f"{part} line {number}")


def read_json_document(stream: BinaryIO, part: str) -> dict[str, Any]:
    """The one JSON object of a ``.json`` part, read as strictly as a line."""
    return parse_object(stream.read().rstrip(b"\n"), part)


def parse_object(raw: bytes, where: str) -> dict[str, Any]:
    """``raw`` as a JSON object, or :class:`PayloadMalformed` saying what is wrong where."""
    value = parse_strict_bytes(raw, where, PayloadMalformed)
    if not isinstance(value, dict):
        raise PayloadMalformed(f"{where}: expected a JSON object")
    return value


def canonical_text(value: dict[str, Any]) -> str:
    """The one encoding of a parsed line, as kept with the received version."""
    return dumps_canonical(value).decode("utf-8")


def load_canonical(text: str) -> dict[str, Any]:
    """A line kept by :func:`canonical_text`, read back."""
    try:
        return loads_strict(text.encode("utf-8"), "received line")
    except StrictJsonError as error:  # only a damaged database gets here
        raise PayloadMalformed(str(error)) from None

