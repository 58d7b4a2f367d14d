"""The exchange screen: messages received (unread count on home, read receipt when opened),
messages written, received and quarantined packages with their reasons."""

from __future__ import annotations

import types

import pytest
from tui_exchange import (
    PARTNER,
    give_passphrase,
    message_from_partner,
    network_for,
    receive,
)
from tui_helpers import (
    SIZE,
    drive,
    log_in,
    tab_to,
    tui_config_for,
    type_text,
    wait_for,
    wait_screen,
)

from ncen_core.config import ExchangeConfig
from ncen_plugins.comms.tui.compose_dialog import ComposeDialog
from ncen_plugins.comms.tui.exchange_screen import ExchangeScreen
from ncen_plugins.comms.tui.message_screen import MessageScreen
from ncen_tui.app import NcenApp


@pytest.fixture
def tui_config(db_url, tmp_path):
    """Packages for any office go to ``routes/<office>`` (the file transport)."""
    routes = types.MappingProxyType({"*": f"file://{tmp_path}/routes/{{office}}"})
    return tui_config_for(db_url, tmp_path, exchange=ExchangeConfig(routes=routes))


def partner_route(config):
    return config.data_dir.parent / "routes" / PARTNER


async def open_exchange(pilot):
    await log_in(pilot)
    await pilot.press("e")
    screen = await wait_screen(pilot, ExchangeScreen)
    await wait_for(pilot, lambda: screen.complete and all(screen.complete.values()),
                   what="lists read")
    return screen


def cells(screen, table_id):
    table = screen.query_one(f"#{table_id}")
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


@drive
async def test_a_received_message_is_unread_until_opened_then_a_receipt_goes_back(
        installation, tmp_path):
    network = network_for(installation)
    result = receive(installation, network,
                     message_from_partner(network, tmp_path / "m.ncen", "Container MSKU",
                                          "Please check [b]this[/b] container."))
    assert result.status == "imported"
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await wait_for(pilot, lambda: app.screen.badges.get("comms.exchange") == "1 unread",
                       what="unread count on home")
        await pilot.press("e")
        screen = await wait_screen(pilot, ExchangeScreen)
        await wait_for(pilot, lambda: screen.query_one("#exchange-inbox").row_count == 1,
                       what="inbox")
        assert cells(screen, "exchange-inbox")[0][:3] == ["●", PARTNER, "Container MSKU"]
        await tab_to(pilot, "exchange-inbox")
        await pilot.press("enter")
        await give_passphrase(pilot)
        message = await wait_screen(pilot, MessageScreen)
        await wait_for(pilot, lambda: message.marked_read, what="read receipt sent")
        shown = str(message.query_one(".message").render())
        assert "Please check [b]this[/b] container." in shown
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen.query_one("#exchange-inbox").row_count == 1
                       and cells(screen, "exchange-inbox")[0][0] == "", what="read")
    assert len(list(partner_route(installation).glob("*.ncen"))) == 1


@drive
async def test_a_message_written_to_an_office_goes_into_its_route(installation):
    network_for(installation)
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exchange(pilot)
        await pilot.press("w")
        dialog = await wait_screen(pilot, ComposeDialog)
        await type_text(pilot, PARTNER.lower())
        await tab_to(pilot, "compose-subject")
        await type_text(pilot, "Seizure at the border")
        await tab_to(pilot, "compose-body")
        await type_text(pilot, "Details follow.")
        await pilot.press("ctrl+s")
        await give_passphrase(pilot)
        await wait_screen(pilot, ExchangeScreen)
        assert dialog.sent.summary.to_name == PARTNER
        await wait_for(pilot, lambda: screen.query_one("#exchange-sent").row_count == 1,
                       what="sent list")
        assert cells(screen, "exchange-sent")[0][2] == "Seizure at the border"
    assert len(list(partner_route(installation).glob("*.ncen"))) == 1


@drive
async def test_a_message_to_an_unknown_office_is_refused_in_the_dialog(installation):
    network_for(installation)
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await open_exchange(pilot)
        await pilot.press("w")
        dialog = await wait_screen(pilot, ComposeDialog)
        await type_text(pilot, "ZZ-NONE")
        await tab_to(pilot, "compose-body")
        await type_text(pilot, "hello")
        await pilot.press("ctrl+s")
        await give_passphrase(pilot)
        await wait_for(pilot, lambda: dialog.error, what="refusal")
        assert "ZZ-NONE" in dialog.error and app.screen is dialog


@drive
async def test_received_and_quarantined_packages_are_listed_with_their_reason(installation,
                                                                              tmp_path):
    network = network_for(installation)
    receive(installation, network,
            message_from_partner(network, tmp_path / "ok.ncen", "Hello", "Fine."))
    bad = tmp_path / "bad.ncen"
    bad.write_bytes(b"this is not an age file")
    quarantined = receive(installation, network, bad)
    assert quarantined.status == "quarantined"
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exchange(pilot)
        received = cells(screen, "exchange-packages")
        assert [row[1:4] for row in received] == [[PARTNER, "message", "imported"]]
        [row] = cells(screen, "exchange-quarantine")
        assert row[2] == quarantined.reason and row[4] == "bad.ncen"
