"""The caps a server and a client apply to every connection, and their defaults.

Defaults suit a link of a few hundred kbit/s: a package of 1 GiB (the package cap of
:mod:`..package_manifest`) may take hours, hence the long overall timeout, while a peer that
sends nothing for a minute is dropped. Frames carry at most 1 MiB so one slow peer never
holds more than that in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..package_manifest import DEFAULT_LIMITS


@dataclass(frozen=True)
class NetworkLimits:
    """Caps of one server or client; tests shorten the timeouts."""

    max_frame: int = 1 << 20
    max_package: int = DEFAULT_LIMITS.max_package_size
    idle_timeout: float = 60.0
    overall_timeout: float = 6 * 3600.0
    connections_per_office: int = 4
    max_connections: int = 128


DEFAULT_NETWORK_LIMITS = NetworkLimits()
