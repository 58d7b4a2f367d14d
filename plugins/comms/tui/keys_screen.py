"""The keys screen: the keyring held (serial, validity, headquarters key), its offices and
revocations, and this office's own fingerprints.

``u`` unlocks the keystore (administrators) to show the fingerprints of the keys really
held, to compare by telephone and with what the keyring publishes; ``i`` opens the
import dialog for a package file.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from ncen_core.errors import NcenError
from ncen_core.timeutil import utcnow
from ncen_tui import keys
from ncen_tui.data.display import literal
from ncen_tui.screens.base import SessionScreen

from ..keyring import KeyringStatus
from .keys_data import HeldKeys, KeysOverview, keys_overview, unlock_held_keys

OFFICE_COLUMNS = ("Office", "Name", "Groups", "State", "Signing key")
REVOCATION_COLUMNS = ("Office", "Key", "Reason", "Since")
STATUS_STYLE = {KeyringStatus.VALID: "", KeyringStatus.EXPIRING: "bold yellow",
                KeyringStatus.EXPIRED: "bold red"}


class KeysScreen(SessionScreen):
    """Keyring status for everyone; the keystore's own fingerprints for administrators."""

    WHERE = "Keys and keyring"
    BINDINGS = keys.bindings("keys.unlock", "keys.import")
    DEFAULT_CSS = """
    KeysScreen #keys-status { height: auto; padding: 0 1; }
    KeysScreen #keys-held { height: auto; padding: 0 1; }
    KeysScreen TabbedContent { height: 1fr; }
    KeysScreen DataTable { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.overview: KeysOverview | None = None
        self.held: HeldKeys | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("reading the keyring...", id="keys-status")
        yield Static("", id="keys-held")
        with TabbedContent():
            with TabPane("Offices", id="tab-keys-offices"):
                yield DataTable(id="keys-offices", cursor_type="row", zebra_stripes=True)
            with TabPane("Revocations", id="tab-keys-revocations"):
                yield DataTable(id="keys-revocations", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#keys-offices", DataTable).add_columns(*OFFICE_COLUMNS)
        self.query_one("#keys-revocations", DataTable).add_columns(*REVOCATION_COLUMNS)
        self.load()

    @work(exclusive=True, group="keys")
    async def load(self) -> None:
        try:
            overview = await self.db(keys_overview, self.service, utcnow())
        except NcenError as exc:
            self.report(exc)
            return
        self.overview = overview
        self.show(overview)

    def show(self, overview: KeysOverview) -> None:
        """Fill the status lines and the two tables."""
        self.query_one("#keys-status", Static).update(status_text(overview))
        offices = self.query_one("#keys-offices", DataTable)
        revocations = self.query_one("#keys-revocations", DataTable)
        offices.clear()
        revocations.clear()
        if overview.keyring is None:
            return
        for row in overview.keyring.offices:
            code = f"{row.code} *" if row.is_this_office else row.code
            offices.add_row(*(literal(cell) for cell in (
                code, row.name, row.groups, row.state, row.signing_key_id)), key=row.code)
        for row in overview.keyring.revocations:
            revocations.add_row(*(literal(cell) for cell in (
                row.office, row.key_id or "(whole office)", row.reason,
                row.revoked_at.strftime("%Y-%m-%d %H:%M"))))

    def action_unlock(self) -> None:
        """Ask for the keystore passphrase, then show the keys held."""
        from ncen_tui.dialogs.text_prompt import TextPrompt

        def entered(passphrase: str | None) -> None:
            if passphrase:
                self.unlock(passphrase)

        self.app.push_screen(TextPrompt("Keystore passphrase", password=True), entered)

    @work(exclusive=True, group="unlock")
    async def unlock(self, passphrase: str) -> None:
        try:
            held = await self.db(unlock_held_keys, self.service, passphrase)
        except NcenError as exc:
            self.report(exc)
            return
        self.held = held
        self.query_one("#keys-held", Static).update(held_text(held))

    def action_import_package(self) -> None:
        from .import_dialog import ImportPackageDialog

        self.app.push_screen(ImportPackageDialog())


def status_text(overview: KeysOverview) -> Text:
    """The keyring's serial, validity and signer, or why there is none."""
    text = Text()
    text.append(f"Office {overview.office_code}", style="bold")
    text.append(f"   keystore {'present' if overview.keystore_exists else 'missing'}: ")
    text.append(str(overview.keystore_path))
    summary = overview.keyring
    if summary is None:
        text.append("\n")
        text.append(overview.problem, style="bold red")
        return text
    text.append(f"\nKeyring serial {summary.serial}, issued "
                f"{summary.issued_at:%Y-%m-%d}: ")
    text.append(summary.validity_text, style=STATUS_STYLE[summary.status])
    text.append(f"\nHeadquarters key {summary.hq_key_id}")
    text.append(f"\n{len(summary.offices)} offices, {len(summary.revocations)} revocations "
                "(* this office)", style="dim")
    return text


def held_text(held: HeldKeys) -> Text:
    """The fingerprints of the unlocked keystore and whether the keyring publishes them."""
    text = Text()
    for label, value in held.fingerprints.items():
        text.append(f"{label:<16} {value}\n")
    if held.matches_keyring is None:
        text.append("The keyring does not list this office yet: send headquarters an "
                    "enrolment request (ncen keys show --request FILE).", style="yellow")
    elif held.matches_keyring:
        text.append("These are the keys the keyring publishes for this office.", style="green")
    else:
        text.append("The keyring publishes other keys for this office: send headquarters a "
                    "new enrolment request.", style="bold red")
    return text
