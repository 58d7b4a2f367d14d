"""How signed documents (keyring, package manifest, keystore) are encoded as bytes.

A signature covers bytes, not meaning, so every signed document has exactly one encoding:
canonical JSON (UTF-8, keys sorted, no whitespace, integers only) with timestamps written
as ``YYYY-MM-DDTHH:MM:SSZ``. :func:`loads_strict` refuses anything else (duplicate keys,
NaN, floats, another spacing or escaping), so two parsers can never read one signed
document two ways.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from typing import Any

from ncen_core.errors import NcenError

_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class StrictJsonError(NcenError):
    """A signed document is not canonical JSON, or holds a value of the wrong type."""


def dumps_canonical(value: Any) -> bytes:
    """The one canonical encoding of ``value`` (dicts, lists, str, int, bool, None)."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def loads_strict(raw: bytes, what: str) -> Any:
    """Parse ``raw`` as canonical JSON, naming ``what`` in every :class:`StrictJsonError`."""
    value = parse_strict_bytes(raw, what, StrictJsonError)
    try:
        canonical = dumps_canonical(value)
    except UnicodeEncodeError:
        raise StrictJsonError(f"{what}: holds an unpaired surrogate escape") from None
    if canonical != raw:
        raise StrictJsonError(
            f"{what}: not in canonical form (sorted keys, no spaces, minimal escapes)"
        )
    return value


def parse_strict_bytes(raw: bytes, what: str, error_class: type[NcenError]) -> Any:
    """UTF-8 ``raw`` parsed by :func:`parse_json_strictly`; every problem is raised as
    ``error_class`` with a message naming ``what`` (signed documents and payload lines
    report through different error classes, with the same words)."""
    try:
        return parse_json_strictly(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise error_class(f"{what}: not UTF-8") from None
    except json.JSONDecodeError as error:
        raise error_class(f"{what}: not JSON ({error.msg} at byte {error.pos})") from None
    except ValueError as error:
        raise error_class(f"{what}: {error}") from None


def parse_json_strictly(text: str) -> Any:
    """Parse JSON ``text``, raising ValueError for a duplicate key, NaN or Infinity, or a
    fractional number (json.JSONDecodeError, a ValueError too, for text that is not JSON)."""
    return json.loads(text, object_pairs_hook=_refuse_duplicates,
                      parse_constant=_refuse_constant, parse_float=_refuse_float)


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key[:40]!r}")
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _refuse_float(text: str) -> Any:
    raise ValueError(f"fractional number {text[:20]!r} (only integers are used)")


def format_time(moment: dt.datetime) -> str:
    """A naive UTC datetime as ``YYYY-MM-DDTHH:MM:SSZ`` (seconds; microseconds dropped)."""
    return moment.strftime(_TIME_FORMAT)


def parse_time(text: Any, what: str) -> dt.datetime:
    """The naive UTC datetime written by :func:`format_time`, or :class:`StrictJsonError`."""
    if not isinstance(text, str) or not _TIME.fullmatch(text):
        raise StrictJsonError(f"{what}: expected a UTC time like 2025-01-31T12:00:00Z")
    try:
        return dt.datetime.strptime(text, _TIME_FORMAT)
    except ValueError:
        raise StrictJsonError(f"{what}: {text!r} is not a real date and time") from None


def encode_b64(data: bytes) -> str:
    """Standard padded base64, the form used for raw keys in signed documents."""
    return base64.b64encode(data).decode("ascii")


def decode_b64(text: Any, size: int, what: str) -> bytes:
    """Canonical base64 of exactly ``size`` bytes, or :class:`StrictJsonError`."""
    if not isinstance(text, str):
        raise StrictJsonError(f"{what}: expected base64 text")
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise StrictJsonError(f"{what}: not valid base64") from None
    if len(data) != size or encode_b64(data) != text:
        raise StrictJsonError(f"{what}: expected the canonical base64 of {size} bytes")
    return data


def require_fields(value: Any, fields: set[str], what: str) -> dict[str, Any]:
    """``value`` as a dict holding exactly ``fields``, or :class:`StrictJsonError`."""
    if not isinstance(value, dict):
        raise StrictJsonError(f"{what}: expected an object")
    missing, unknown = fields - value.keys(), value.keys() - fields
    if missing or unknown:
        problems = [f"missing {', '.join(sorted(missing))}"] if missing else []
        problems += [f"unknown {', '.join(sorted(unknown))}"] if unknown else []
        raise StrictJsonError(f"{what}: {'; '.join(problems)}")
    return value


def require_str(value: Any, what: str, pattern: re.Pattern[str] | None = None) -> str:
    """``value`` as a string (matching ``pattern`` when given), or :class:`StrictJsonError`."""
    if not isinstance(value, str) or (pattern is not None and not pattern.fullmatch(value)):
        raise StrictJsonError(f"{what}: {str(value)[:60]!r} is not valid here")
    return value


def require_int(value: Any, what: str, minimum: int = 0) -> int:
    """``value`` as an integer of at least ``minimum``, or :class:`StrictJsonError`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise StrictJsonError(f"{what}: expected a whole number of at least {minimum}")
    return value


def require_list(value: Any, what: str) -> list[Any]:
    """``value`` as a list, or :class:`StrictJsonError`."""
    if not isinstance(value, list):
        raise StrictJsonError(f"{what}: expected a list")
    return value
