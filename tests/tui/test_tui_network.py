"""The network status screen: per office state from the outbox (failing with the last
error, waiting, done), the queue with attempts and receipts, and what the running server
reports (open connections per office, a relay's mailbox, a server that stopped)."""

from __future__ import annotations

import datetime as dt

from tui_exchange import PARTNER, THIRD, network_for
from tui_helpers import OFFICE, SIZE, drive, log_in, wait_for, wait_screen

from ncen_core.app import open_ncen
from ncen_core.timeutil import utcnow
from ncen_plugins.comms.network.cli import network_folder
from ncen_plugins.comms.network.outbox import Outbox
from ncen_plugins.comms.network.status import ServerStatus, write_status
from ncen_plugins.comms.receipts import Receipt
from ncen_plugins.comms.tui.network_screen import NetworkScreen
from ncen_tui.app import NcenApp


def seed_outbox(config) -> None:
    """A failed attempt towards the partner; a package the third office received."""
    ncen = open_ncen(config)
    try:
        outbox = Outbox(ncen.database)
        outbox.enqueue("11111111-1111-4111-8111-111111111111", PARTNER, "/spool/a")
        item = outbox.Item.get(outbox.Item.destination == PARTNER)
        outbox.begin_attempt(item.id)
        outbox.record_failure(item.id, "connection refused by xb-part.example:4443")
        outbox.enqueue("22222222-2222-4222-8222-222222222222", THIRD, "/spool/b")
        done = outbox.Item.get(outbox.Item.destination == THIRD)
        outbox.record_stored(done.id)
        receipt = Receipt("22222222-2222-4222-8222-222222222222", THIRD, OFFICE, "imported",
                          None, done.created_at)
        outbox.apply_receipt(receipt, b"signed receipt")
    finally:
        ncen.close()


async def open_network(pilot, *, with_queue: bool = True):
    await log_in(pilot)
    await pilot.press("n")
    screen = await wait_screen(pilot, NetworkScreen)
    await wait_for(pilot, lambda: screen.overview is not None
                   and (screen.queue or not with_queue), what="status read")
    return screen


def cells(screen, table_id):
    table = screen.query_one(f"#{table_id}")
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


@drive
async def test_each_office_shows_its_route_and_its_delivery_state(installation):
    network_for(installation, offices=(OFFICE, PARTNER, THIRD))
    seed_outbox(installation)
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot)
        rows = {row[0]: row for row in cells(screen, "network-offices")}
        assert rows[PARTNER][1] == "xb-part.example:4443"
        assert rows[PARTNER][3] == "failing" and rows[PARTNER][4] == "1"
        assert rows[PARTNER][8] == "connection refused by xb-part.example:4443"
        assert rows[THIRD][3] == "ok" and rows[THIRD][6] == "1"
        assert "1 failing" in str(screen.query_one("#network-summary").render())


@drive
async def test_the_outbox_queue_lists_attempts_errors_and_receipts(installation):
    network_for(installation, offices=(OFFICE, PARTNER, THIRD))
    seed_outbox(installation)
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot)
        queue = cells(screen, "network-queue")
        assert [(r[1], r[3], r[4]) for r in queue] == [(PARTNER, "queued", "1"),
                                                       (THIRD, "delivered", "0")]
        assert queue[0][6] == "connection refused by xb-part.example:4443"
        assert queue[1][6] == "imported"


@drive
async def test_the_running_servers_connections_and_relay_mailbox_are_shown(installation):
    network_for(installation, offices=(OFFICE, PARTNER, THIRD))
    write_status(network_folder(installation.data_dir), ServerStatus(
        OFFICE, "relay", "0.0.0.0:4443", 1,
        ({"office": PARTNER, "address": "10.0.0.2:50000", "since": "2026-01-01T00:00:00Z"},),
        {THIRD: 2}))
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot, with_queue=False)
        rows = {row[0]: row for row in cells(screen, "network-offices")}
        assert (rows[PARTNER][2], rows[THIRD][2]) == ("1", "0")
        summary = str(screen.query_one("#network-summary").render())
        assert "ncen serve running as relay on 0.0.0.0:4443" in summary
        assert f"2 items waiting ({THIRD} 2)" in summary


@drive
async def test_a_server_that_stopped_reporting_is_said_not_running(installation):
    network_for(installation, offices=(OFFICE, PARTNER))
    write_status(network_folder(installation.data_dir), ServerStatus(
        OFFICE, "office", "0.0.0.0:4443", 1,
        updated_at=utcnow().replace(microsecond=0) - dt.timedelta(minutes=5)))
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_network(pilot, with_queue=False)
        assert "ncen serve not running" in str(screen.query_one("#network-summary").render())


@drive
async def test_without_the_network_plugin_the_screen_says_so(db_url, tmp_path):
    from tui_helpers import ADMIN_PASSWORD, tui_config_for

    from ncen_core.config import PluginsConfig
    from ncen_core.office import initialise_office

    config = tui_config_for(db_url, tmp_path,
                            plugins=PluginsConfig(folder=None, disabled=("comms-network",)))
    ncen = open_ncen(config, require_current_schema=False)
    initialise_office(ncen, OFFICE, "Test office", "admin", ADMIN_PASSWORD)
    ncen.close()
    network_for(config)
    app = NcenApp(config)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "admin", ADMIN_PASSWORD)
        await pilot.press("n")
        screen = await wait_screen(pilot, NetworkScreen)
        await wait_for(pilot, lambda: "comms-network" in str(
            screen.query_one("#network-summary").render()), what="explained")
        assert screen.overview is None
