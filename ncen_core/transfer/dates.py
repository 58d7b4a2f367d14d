"""Date formats as officers write them (``DD/MM/YYYY``), their parsing, and their detection.

A mapping names the format of each date column with the tokens YYYY, MM, DD, hh, mm, ss
and literal separators (``T`` and ``Z`` included, for ISO 8601 timestamps). Detection tries
the usual formats on a sample of the column: when several fit every value (03/04/2021 is
the 3rd of April or the 4th of March), it reports all of them and the mapping must keep one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Iterable

TOKENS = {"YYYY": "%Y", "MM": "%m", "DD": "%d", "hh": "%H", "mm": "%M", "ss": "%S"}
_TOKEN = re.compile(r"YYYY|MM|DD|hh|mm|ss|[TZ]|[^A-Za-z]")
#: Formats tried by detection, most specific first.
CANDIDATES = (
    "YYYY-MM-DD", "YYYY-MM-DDThh:mm:ssZ", "YYYY-MM-DDThh:mm:ss", "YYYY-MM-DD hh:mm:ss",
    "YYYY-MM-DD hh:mm", "YYYY/MM/DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY",
    "DD-MM-YYYY", "MM-DD-YYYY", "DD/MM/YYYY hh:mm", "MM/DD/YYYY hh:mm",
)
#: Separates the formats that fit equally in a suggested mapping; a user must keep one.
AMBIGUOUS_SEPARATOR = "|"


@dataclass(frozen=True)
class DateFormat:
    """A date format of a mapping; ``text`` as written there, ``strptime`` for Python."""

    text: str
    strptime: str

    @property
    def has_date(self) -> bool:
        """True when the format holds a full date (year, month and day)."""
        return all(token in self.text for token in ("YYYY", "MM", "DD"))

    def parse(self, text: str) -> dt.datetime:
        """The date and time in ``text``; ValueError naming the expected format."""
        try:
            return _parse(self.strptime, text.strip())
        except ValueError:
            raise ValueError(
                f"{text.strip()[:40]!r} is not a date in the format {self.text}") from None


def date_format(text: str) -> DateFormat:
    """Parse a format written with tokens; ValueError naming the part it does not know."""
    if AMBIGUOUS_SEPARATOR in text:
        choices = " or ".join(part.strip() for part in text.split(AMBIGUOUS_SEPARATOR))
        raise ValueError(f"the dates fit {choices}; keep the one that is right")
    parts = _TOKEN.findall(text)
    if "".join(parts) != text or not parts:
        unknown = _TOKEN.sub("", text) or text
        raise ValueError(f"unknown part {unknown!r} in date format {text!r} "
                         "(write it with YYYY, MM, DD, hh, mm, ss and separators)")
    strptime = "".join(TOKENS.get(part, part.replace("%", "%%")) for part in parts)
    fmt = DateFormat(text, strptime)
    if not fmt.has_date:
        raise ValueError(f"date format {text!r} needs YYYY, MM and DD")
    return fmt


def detect_formats(samples: Iterable[str]) -> tuple[str, ...]:
    """The candidate formats that fit every non-empty sample, most specific first."""
    values = [sample.strip() for sample in samples if sample.strip()]
    if not values:
        return ()
    fitting = []
    for text in CANDIDATES:
        fmt = date_format(text)
        try:
            for value in values:
                _parse(fmt.strptime, value)
        except ValueError:
            continue
        fitting.append(text)
    return tuple(fitting)


@functools.lru_cache(maxsize=8192)
def _parse(strptime: str, text: str) -> dt.datetime:
    """Cached: a national file repeats the same few thousand dates a million times."""
    return dt.datetime.strptime(text, strptime)
