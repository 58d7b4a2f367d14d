"""The network channel through the core's transport hook: a route ``ncen://{data_dir}``
opens the ``ncen`` transport, which leaves each package for the outbox of ``ncen serve``."""

from __future__ import annotations

import types

import pytest
from ncen_testing import make_config

from ncen_core.config import ExchangeConfig
from ncen_plugins.comms.file_transport.names import PackageFileName
from ncen_plugins.comms.file_transport.routes import open_transport, route_url
from ncen_plugins.comms.file_transport.sending import deliver_sealed
from ncen_plugins.comms.keys import OfficeKeys
from ncen_plugins.comms.network.outbox import Outbox
from ncen_plugins.comms.network.transport import NetworkRouteError, NetworkTransport
from ncen_plugins.comms.network.worker import OutboxWorker, network_folder

PACKAGE_ID = "0b8f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b"


def test_the_hook_opens_both_channels(ncen, tmp_path):
    assert {"file", "ncen"} <= set(ncen.registry.transports)
    config = make_config("sqlite:///unused", tmp_path, exchange=ExchangeConfig(
        inbox="", routes=types.MappingProxyType({"*": "ncen://{data_dir}"})))
    url = route_url(config, "BE-BRU")
    assert url == "ncen://" + (tmp_path / "data").as_posix()
    transport = open_transport(ncen, url)
    assert isinstance(transport, NetworkTransport)
    assert transport.pickup_folder == network_folder(tmp_path / "data") / "outgoing"


def test_a_package_sent_by_an_ncen_route_is_queued_by_the_outbox(ncen, tmp_path):
    sealed = tmp_path / "sealed.ncen"
    sealed.write_bytes(b"sealed bytes")
    url = "ncen://" + ncen.config.data_dir.absolute().as_posix()
    deliver_sealed(ncen, sealed, {"BE-BRU": url}, "share", PACKAGE_ID, sender=ncen.office_code)
    name = PackageFileName(ncen.office_code, "BE-BRU", "share", PACKAGE_ID)
    picked = network_folder(ncen.config.data_dir) / "outgoing" / str(name)
    assert picked.read_bytes() == b"sealed bytes"
    outbox = Outbox(ncen.database)
    worker = OutboxWorker(OfficeKeys.generate(ncen.office_code), None, outbox, None,
                          network_folder(ncen.config.data_dir))
    worker._pick_up()
    [item] = outbox.page(0, 10)
    assert (item.package_id, item.destination, item.path) == (PACKAGE_ID, "BE-BRU", str(picked))


@pytest.mark.parametrize("url", ["ncen://relay.example.org:4443", "ncen:relative/folder"])
def test_an_ncen_route_must_name_a_data_folder(url):
    with pytest.raises(NetworkRouteError, match=r"expected ncen://\{data_dir\}"):
        NetworkTransport.from_url(url)
