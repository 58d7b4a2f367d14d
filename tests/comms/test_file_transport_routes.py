"""Routes: which folder leads to an office, where this office's packages arrive, and the
``file`` transport opened through the installed plugin's ``open_transport`` hook."""

from __future__ import annotations

import types

import pytest
from ncen_testing import make_config

from ncen_core.config import ExchangeConfig
from ncen_plugins.comms.file_transport.folder import FileTransport
from ncen_plugins.comms.file_transport.routes import (
    NoRouteError,
    inbox_url,
    open_transport,
    route_url,
)


def config_with(tmp_path, inbox="", **routes):
    return make_config("sqlite:///unused", tmp_path, exchange=ExchangeConfig(
        inbox=inbox, routes=types.MappingProxyType(routes)))


def test_a_route_named_for_the_office_wins_over_the_default(tmp_path):
    config = config_with(tmp_path, **{"BE-BRU": "file:///srv/be", "*": "file:///usb/{office}"})
    assert route_url(config, "BE-BRU") == "file:///srv/be"
    assert route_url(config, "NL-AMS") == "file:///usb/NL-AMS"


def test_a_missing_route_names_the_office_and_the_setting(tmp_path):
    with pytest.raises(NoRouteError, match=r"no route to office NL-AMS: add exchange.routes.NL-AMS"):
        route_url(config_with(tmp_path, **{"BE-BRU": "file:///srv/be"}), "NL-AMS")


def test_the_inbox_defaults_to_a_folder_in_the_data_folder(tmp_path):
    config = config_with(tmp_path)
    assert FileTransport.from_url(inbox_url(config)).folder == tmp_path / "data" / "exchange" / "inbox"
    assert inbox_url(config_with(tmp_path, inbox="file:///srv/in")) == "file:///srv/in"


def test_hook_open_transport_gives_the_folder_of_a_file_url(ncen, tmp_path):
    transport = open_transport(ncen, (tmp_path / "to-BE-BRU").as_uri())
    assert isinstance(transport, FileTransport)
    assert transport.folder == tmp_path / "to-BE-BRU"
    assert "file" in ncen.registry.transports


def test_a_url_no_installed_transport_handles_is_a_clear_error(ncen):
    with pytest.raises(NoRouteError, match="no installed transport handles 'gopher' URLs"):
        open_transport(ncen, "gopher://example.org/box")
