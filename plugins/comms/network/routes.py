"""Where to deliver an item for an office, read from the keyring's endpoints.

``ncen://host:port`` means the office runs ``ncen serve`` there: connect to it directly.
``ncen-mailbox://RELAY`` means the office collects its items from the mailbox of the relay
office ``RELAY`` (behind NAT, or on an intermittent link): connect to that relay's own
``ncen://`` endpoint and leave the item there. The first usable endpoint wins, so an office
listing both is reached directly when it can be.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from ncen_core.errors import NcenError

from ..keyring import Keyring

DIRECT_SCHEME = "ncen"
MAILBOX_SCHEME = "ncen-mailbox"
DEFAULT_PORT = 4443


class NoRouteError(NcenError):
    """The keyring gives no way to reach an office over the network."""


@dataclass(frozen=True)
class Route:
    """Connect to ``server`` (an office or a relay) at ``address``."""

    server: str
    address: tuple[str, int]

    def via_relay(self, destination: str) -> bool:
        """True when the item is left at a relay rather than handed to ``destination``."""
        return self.server != destination


def resolve_route(keyring: Keyring, destination: str) -> Route:
    """The route to ``destination``; raises :class:`NoRouteError`."""
    for endpoint in keyring.office(destination).endpoints:
        parsed = urllib.parse.urlsplit(endpoint)
        if parsed.scheme == DIRECT_SCHEME and parsed.hostname:
            return Route(destination, (parsed.hostname, parsed.port or DEFAULT_PORT))
        if parsed.scheme == MAILBOX_SCHEME and parsed.netloc:
            relay = parsed.netloc.upper()
            direct = resolve_route(keyring, relay) if relay != destination else None
            if direct is not None and direct.server == relay:
                return direct
    raise NoRouteError(f"the keyring gives office {destination} no ncen:// endpoint and no "
                       "relay mailbox reachable over ncen://")


def mailbox_relays(keyring: Keyring, office: str) -> list[str]:
    """The relays whose mailboxes ``office`` collects from."""
    relays = []
    for endpoint in keyring.office(office).endpoints:
        parsed = urllib.parse.urlsplit(endpoint)
        if parsed.scheme == MAILBOX_SCHEME and parsed.netloc:
            relays.append(parsed.netloc.upper())
    return relays
