"""Which transport URL leads to an office, and where this office's own packages arrive.

Read from the ``exchange`` section of the configuration (see ``config/ncen.example.yaml``):
``routes`` names a URL per office code, ``*`` covers every office not named,
``{office}`` in a URL becomes the destination's code, so one line such as
``"*": file:///srv/ncen-exchange/{office}`` serves a whole shared drive, and ``{data_dir}``
becomes this office's data folder (``ncen://{data_dir}``: over the network, by the outbox
of ``ncen serve``). The URL is opened through the ``open_transport`` hook, so a route may
name any installed transport.
"""

from __future__ import annotations

from ncen_core.app import Ncen
from ncen_core.config import Config
from ncen_core.errors import NcenError

DEFAULT_ROUTE = "*"


class NoRouteError(NcenError):
    """No transport is configured towards an office, or a URL's scheme is not installed."""


def route_url(config: Config, office: str) -> str:
    """The transport URL for packages to ``office``; raises :class:`NoRouteError`."""
    routes = config.exchange.routes
    url = routes.get(office) or routes.get(DEFAULT_ROUTE)
    if not url:
        raise NoRouteError(
            f"no route to office {office}: add exchange.routes.{office} (or a \"*\" route) to "
            f"the configuration ({config.source})")
    return (url.replace("{office}", office)
            .replace("{data_dir}", config.data_dir.absolute().as_posix()))


def inbox_url(config: Config) -> str:
    """Where packages for this office arrive (default: ``<data_dir>/exchange/inbox``)."""
    if config.exchange.inbox:
        return config.exchange.inbox
    return (config.data_dir / "exchange" / "inbox").absolute().as_uri()


def open_transport(ncen: Ncen, url: str) -> object:
    """The transport that an installed plugin opens for ``url``."""
    transport = ncen.plugins.hook.open_transport(url=url)
    if transport is None:
        scheme = url.partition(":")[0]
        known = ", ".join(sorted(ncen.registry.transports)) or "none"
        raise NoRouteError(f"no installed transport handles {scheme!r} URLs such as {url!r} "
                           f"(installed: {known})")
    return transport
