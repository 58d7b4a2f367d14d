"""The network channel as a transport: a route ``ncen://{data_dir}`` sends over the network.

Sharing, withdrawals and messages hand their packages to the transport their route names,
opened through the core's ``open_transport`` hook; the file transport answers ``file:``
URLs and this one ``ncen:`` URLs, which name the data folder of the office that sends
(``{data_dir}`` in a route becomes it). Delivering puts the package, complete and flushed
under its package file name, into that office's pickup folder
(``<data_dir>/network/outgoing``): the outbox of ``ncen serve`` queues it on its next pass
and sends it over mutual TLS to the recipient, directly or through a relay, as the
keyring's endpoints say, until a signed receipt comes back.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from pathlib import Path

from ncen_core.errors import NcenError

from ..file_transport.folder import FileTransport
from ..file_transport.names import PackageFileName
from .worker import PICKUP_FOLDER, network_folder

SCHEME = "ncen"


class NetworkRouteError(NcenError):
    """An ``ncen:`` route that names no data folder."""


class NetworkTransport:
    """Packages handed to the outbox of the office whose data folder is ``data_dir``."""

    scheme = SCHEME

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir

    @classmethod
    def from_url(cls, url: str) -> NetworkTransport:
        """The data folder of ``ncen:///var/lib/ncen`` (what ``ncen://{data_dir}`` becomes)."""
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme != SCHEME or parsed.netloc not in ("", "localhost") \
                or not parsed.path.startswith("/"):
            raise NetworkRouteError(f"network route {url!r}: expected ncen://{{data_dir}} or "
                                    "ncen:///path/of/the/data/folder")
        return cls(Path(urllib.request.url2pathname(parsed.path)))

    @property
    def pickup_folder(self) -> Path:
        """Where the outbox worker of ``ncen serve`` picks packages up."""
        return network_folder(self.data_dir) / PICKUP_FOLDER

    def deliver(self, package: Path, name: PackageFileName) -> Path:
        """Leave a copy of the sealed ``package`` for the outbox, as ``name``."""
        return FileTransport(self.pickup_folder).deliver(package, name)


def open_network_transport(url: str) -> NetworkTransport:
    """The transport factory named in :data:`.plugin.TRANSPORTS`."""
    return NetworkTransport.from_url(url)
