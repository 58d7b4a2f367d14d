"""The keys screen (keyring status, offices, revocations, the keystore's fingerprints) and
the import dialog (a package file verified and summarised before anything is imported)."""

from __future__ import annotations

from tui_exchange import (
    KEY_PASSPHRASE,
    PARTNER,
    THIRD,
    give_passphrase,
    message_from_partner,
    network_for,
    sealed_package,
)
from tui_helpers import (
    ADMIN_PASSWORD,
    OFFICE,
    SIZE,
    USER_PASSWORD,
    drive,
    log_in,
    type_text,
    wait_for,
    wait_screen,
)

from ncen_plugins.comms.keyring import KeyringStatus
from ncen_plugins.comms.tui.import_dialog import ImportPackageDialog
from ncen_plugins.comms.tui.keys_screen import KeysScreen
from ncen_tui.app import NcenApp


async def open_keys(pilot, username: str = "olga"):
    await log_in(pilot, username, ADMIN_PASSWORD if username == "admin" else USER_PASSWORD)
    await pilot.press("k")
    screen = await wait_screen(pilot, KeysScreen)
    await wait_for(pilot, lambda: screen.overview is not None, what="keyring read")
    return screen


def table_cells(screen, table_id: str) -> list[list[str]]:
    table = screen.query_one(f"#{table_id}")
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


@drive
async def test_without_a_keyring_the_screen_says_how_to_import_one(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_keys(pilot)
        assert screen.overview.keyring is None
        assert "no keyring has been imported" in screen.overview.problem
        assert "ncen keyring import" in str(screen.query_one("#keys-status").render())
        assert screen.query_one("#keys-offices").row_count == 0


@drive
async def test_the_keyring_offices_are_listed_with_this_office_marked(installation):
    network_for(installation, offices=(OFFICE, PARTNER, THIRD))
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_keys(pilot)
        summary = screen.overview.keyring
        assert summary.serial == 1 and summary.status is KeyringStatus.VALID
        rows = table_cells(screen, "keys-offices")
        assert [row[0] for row in rows] == [f"{OFFICE} *", PARTNER, THIRD]
        assert all(row[3] == "active" for row in rows)
        status = str(screen.query_one("#keys-status").render())
        assert "Keyring serial 1" in status and "valid until" in status


@drive
async def test_a_revoked_office_shows_its_state_and_its_revocation(installation):
    network = network_for(installation, offices=(OFFICE, PARTNER, THIRD))
    network.revoke(THIRD, "compromised")
    network.issue()
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_keys(pilot)
        assert screen.overview.keyring.serial == 2
        states = {row[0]: row[3] for row in table_cells(screen, "keys-offices")}
        assert states[THIRD] == "revoked: office (compromised)"
        assert states[PARTNER] == "active"
        revocations = table_cells(screen, "keys-revocations")
        assert [(r[0], r[1], r[2]) for r in revocations] == [
            (THIRD, "(whole office)", "compromised")]


@drive
async def test_a_keyring_close_to_expiry_warns_with_the_days_left(installation):
    network_for(installation, days=5)
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_keys(pilot)
        assert screen.overview.keyring.status is KeyringStatus.EXPIRING
        status = str(screen.query_one("#keys-status").render())
        assert "in 4 days" in status and "ask headquarters for a new keyring" in status


@drive
async def test_an_administrator_unlocks_the_keystore_and_sees_matching_fingerprints(
        installation):
    network = network_for(installation)
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_keys(pilot, "admin")
        await pilot.press("u")
        await give_passphrase(pilot)
        await wait_for(pilot, lambda: screen.held is not None, what="keys unlocked")
        assert screen.held.fingerprints["signing key"] == network.own.signing_key_id
        assert screen.held.matches_keyring is True
        assert "the keyring publishes" in str(screen.query_one("#keys-held").render())


@drive
async def test_a_wrong_passphrase_unlocks_nothing_and_says_so(installation):
    network_for(installation)
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_keys(pilot, "admin")
        await pilot.press("u")
        await give_passphrase(pilot, "not the passphrase")
        await wait_for(pilot, lambda: any("wrong passphrase" in str(n.message)
                                          for n in app._notifications), what="error shown")
        assert screen.held is None


@drive
async def test_an_officer_may_not_unlock_the_office_keys(installation):
    network_for(installation)
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_keys(pilot)
        await pilot.press("u")
        await give_passphrase(pilot)
        await wait_for(pilot, lambda: any("manage keys" in str(n.message)
                                          for n in app._notifications), what="refusal")
        assert screen.held is None


async def check_package(pilot, path: str, passphrase: str = KEY_PASSPHRASE):
    app = pilot.app
    await log_in(pilot)
    await pilot.press("i")
    dialog = await wait_screen(pilot, ImportPackageDialog)
    await type_text(pilot, path)
    await pilot.press("enter")
    await give_passphrase(pilot, passphrase)
    await wait_for(pilot, lambda: dialog.summary is not None or dialog.error,
                   what="package checked")
    assert app.screen is dialog
    return dialog


@drive
async def test_the_import_dialog_shows_a_verified_package_before_importing(installation,
                                                                            tmp_path):
    network = network_for(installation)
    path = sealed_package(network, tmp_path / "from-partner.ncen",
                          parts={"records.jsonl": b'{"a": 1}\n', "share.json": b"{}"})
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await check_package(pilot, str(path))
        summary = dialog.summary
        assert summary.sender == PARTNER and summary.kind == "records"
        assert [(office, mine) for office, _, mine in summary.recipients] == [(OFFICE, True)]
        assert sorted(part.name for part in summary.parts) == ["records.jsonl", "share.json"]
        shown = str(dialog.query_one("#import-summary").render())
        assert f"sender      {PARTNER}" in shown and "(this office)" in shown


@drive
async def test_a_package_for_other_offices_is_refused_then_quarantined_on_import(
        installation, tmp_path):
    network = network_for(installation, offices=(OFFICE, PARTNER, THIRD))
    path = sealed_package(network, tmp_path / "not-for-us.ncen", recipients=(THIRD,))
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await check_package(pilot, str(path))
        assert dialog.summary is None
        assert dialog.error.startswith("package refused (not-addressed)")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: dialog.result is not None, what="import tried")
        assert (dialog.result.status, dialog.result.reason) == ("quarantined",
                                                                "not-addressed")


@drive
async def test_a_missing_file_is_named_in_the_dialog(installation, tmp_path):
    network_for(installation)
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await check_package(pilot, str(tmp_path / "nowhere.ncen"))
        assert dialog.error == f"{tmp_path / 'nowhere.ncen'}: no such file"


@drive
async def test_a_checked_message_package_is_imported_into_the_inbox(installation, tmp_path):
    network = network_for(installation)
    path = message_from_partner(network, tmp_path / "message.ncen", "Hello", "A message.")
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await check_package(pilot, str(path))
        assert dialog.summary.kind == "message"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: dialog.result is not None, what="imported")
        assert dialog.result.status == "imported"
        assert "imported" in str(dialog.query_one("#import-summary").render())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: dialog.result.status == "duplicate", what="again")
