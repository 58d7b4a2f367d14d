"""Which identifiers link analysis follows, and which values it never follows.

The stop-list holds placeholders officers type when they do not know a value (``UNKNOWN``,
``N/A``, ``000000``). A value is stopped when its letters and digits, uppercase, equal those
of a stop-list entry; a value made of one repeated character (``0000000``, ``XXXXXX``) is
always stopped; an address is stopped when its street is. The fan-out cap stops values held
by more records than an analyst can use (a courier company's address, a freight agent's
phone). Both come from the ``network`` section of the configuration, with shipped defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

from ncen_core.config import Config
from ncen_core.identifiers import ADDRESS_KIND, alnum


@dataclass(frozen=True)
class NetworkSettings:
    """Stop-list, fan-out cap (``max_shared``) and the identifier kinds followed."""

    stop_values: tuple[str, ...]
    max_shared: int
    follow: tuple[str, ...]

    @classmethod
    def from_config(cls, config: Config) -> NetworkSettings:
        """The settings of the ``network`` section of ``config``."""
        section = config.network
        return cls(tuple(section.stop_values), section.max_shared, tuple(section.follow))

    def __post_init__(self) -> None:
        object.__setattr__(self, "_stopped", frozenset(alnum(v) for v in self.stop_values) - {""})

    def is_stopped(self, kind: str, value: str) -> bool:
        """True when ``value`` (canonical, of ``kind``) is a placeholder never followed."""
        if kind == ADDRESS_KIND:
            value = value.rsplit("|", 1)[-1]
        squashed = alnum(value)
        return len(set(squashed)) <= 1 or squashed in self._stopped  # type: ignore[attr-defined]
