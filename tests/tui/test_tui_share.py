"""The share dialog: the preview shows what would leave and what is held back and why, and
sealing writes the previewed packages, which the recipient can open."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Select
from tui_exchange import PARTNER, give_passphrase, network_for
from tui_helpers import (
    SIZE,
    USER_PASSWORD,
    drive,
    log_in,
    tab_to,
    type_text,
    wait_for,
    wait_screen,
)

from ncen_core.timeutil import utcnow
from ncen_plugins.comms.package import open_package
from ncen_plugins.comms.tui.share_dialog import ShareDialog
from ncen_tui.app import NcenApp


def seizure(service, reference, distribution):
    return service.create("seizure", {"reference": reference,
                                      "seizure_date": dt.date(2024, 5, 1)},
                          distribution=distribution, tlp="GREEN")


async def open_share(pilot, kind: str, name: str, query: str):
    """Log in as the supervisor, open the dialog and fill it in by keyboard."""
    await log_in(pilot, "sven", USER_PASSWORD)
    await pilot.press("s")
    dialog = await wait_screen(pilot, ShareDialog)
    kinds = [value for _, value in dialog.query_one("#share-kind", Select)._options
             if value is not Select.BLANK]
    await pilot.press("enter")
    for _ in range(kinds.index(kind)):
        await pilot.press("down")
    await pilot.press("enter")
    await tab_to(pilot, "share-name")
    await type_text(pilot, name)
    await tab_to(pilot, "share-query")
    await type_text(pilot, query)
    await pilot.press("enter")
    await wait_for(pilot, lambda: dialog.plan is not None or dialog.error, what="preview")
    return dialog


@drive
async def test_the_preview_lists_the_records_that_go_and_those_held_back(installation,
                                                                         service_for):
    network_for(installation)
    sven = service_for("sven")
    seizure(sven, "GO-1", "all")
    seizure(sven, "STAY-1", "local")
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_share(pilot, "office", PARTNER, "type:seizure")
        assert dialog.error == ""
        summary = dialog.plan.summary()
        assert (summary["packages"], summary["records"], summary["held_back"]) == (1, 1, 1)
        items = [row.item for row in dialog.rows]
        assert items[0] == "package 1" and dialog.rows[0].detail == f"to {PARTNER}"
        assert "record" in items and "held back" in items
        held = next(row for row in dialog.rows if row.item == "held back")
        assert "distribution local" in held.detail
        record = next(row for row in dialog.rows if row.item == "record")
        assert "reference" in record.detail
        assert dialog.query_one("#share-preview").row_count == len(dialog.rows)


@drive
async def test_a_named_audience_without_a_name_is_refused_in_the_dialog(installation):
    network_for(installation)
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_share(pilot, "group", "", "type:seizure")
        assert dialog.plan is None
        assert dialog.error == "name the group to share with"
        assert "name the group" in str(dialog.query_one("#share-summary").render())


@drive
async def test_sending_delivers_the_previewed_package_which_the_partner_opens(
        installation, service_for, tmp_path):
    network = network_for(installation)
    seizure(service_for("sven"), "GO-1", "all")
    stick = tmp_path / "usb-stick"
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_share(pilot, "office", PARTNER, "type:seizure")
        await tab_to(pilot, "share-via")
        await type_text(pilot, str(stick))
        await pilot.press("ctrl+s")
        await give_passphrase(pilot)
        await wait_for(pilot, lambda: dialog.sent, what="package delivered")
        assert dialog.plan is None and f"to {PARTNER}" in dialog.sent[0]
    [path] = stick.glob("*.ncen")
    with path.open("rb") as src, open_package(src, network.partner, network.keyring,
                                              seen=lambda _: False, now=utcnow()) as opened:
        assert opened.manifest.sender.office == network.own.office
        assert "records.jsonl" in opened.files
