"""Picking a package file and seeing what it holds before importing it.

The officer types the path of a file (from a USB stick, an e-mail, a shared folder) and
the keystore passphrase; the package is then verified like ``ncen package inspect`` and its
sender, recipients, creation time and parts are shown. A package this office would refuse
shows the rule that failed (its reason code) instead; nothing is written either way.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ncen_core.errors import NcenError
from ncen_core.timeutil import utcnow
from ncen_tui import keys
from ncen_tui.data.display import literal, visible

from .package_data import PackageSummary, inspect_package_file


class ImportPackageDialog(ModalScreen[None]):
    """Path and passphrase in, the verified manifest (or the refusal) out."""

    BINDINGS = keys.bindings("screen.back")
    DEFAULT_CSS = """
    ImportPackageDialog { align: center middle; }
    ImportPackageDialog > Vertical {
        width: 78; height: 22; border: round $primary; background: $surface; padding: 0 1;
    }
    ImportPackageDialog Input { width: 100%; }
    ImportPackageDialog #import-result { height: 1fr; }
    """

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.summary: PackageSummary | None = None
        self.error: str = ""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Import a package file"
            yield Input(self.initial_path, placeholder="path of the package file",
                        id="import-path")
            yield Input(placeholder="keystore passphrase", password=True,
                        id="import-passphrase")
            with VerticalScroll(id="import-result"):
                yield Static("enter: check the package   escape: close", classes="hint",
                             id="import-summary")

    @on(Input.Submitted, "#import-path")
    def path_entered(self) -> None:
        self.query_one("#import-passphrase", Input).focus()

    @on(Input.Submitted, "#import-passphrase")
    def passphrase_entered(self) -> None:
        path = self.query_one("#import-path", Input).value.strip()
        if not path:
            self.show_error("type the path of the package file first")
            self.query_one("#import-path", Input).focus()
            return
        self.check(Path(path).expanduser(), self.query_one("#import-passphrase", Input).value)

    @work(exclusive=True, group="inspect")
    async def check(self, path: Path, passphrase: str) -> None:
        """Verify the package on the database thread and show the outcome."""
        self.query_one("#import-summary", Static).update(Text("checking..."))
        try:
            summary = await self.app.db.run(inspect_package_file, self.app.service, path,
                                            passphrase, utcnow())
        except NcenError as exc:
            self.show_error(str(exc))
            return
        self.summary, self.error = summary, ""
        self.query_one("#import-summary", Static).update(summary_text(summary))

    def show_error(self, message: str) -> None:
        self.summary, self.error = None, message
        self.query_one("#import-summary", Static).update(
            literal(message, multiline=True, style="bold red"))

    def action_back(self) -> None:
        self.dismiss(None)


def summary_text(summary: PackageSummary) -> Text:
    """The manifest as ``ncen package inspect`` prints it, literally."""
    text = Text()
    text.append(f"Package {summary.package_id} ({visible(summary.kind)}, format "
                f"{summary.format})\n", style="bold")
    text.append(f"created     {summary.created_at:%Y-%m-%d %H:%M:%S} UTC\n")
    text.append(f"sender      {summary.sender}  key {summary.sender_key_id}\n")
    text.append("recipients\n")
    for office, key_id, mine in summary.recipients:
        text.append(f"  {office:<12} {key_id}{'  (this office)' if mine else ''}\n")
    text.append(f"parts ({len(summary.parts)}, {summary.total_size:,} bytes)\n")
    for part in summary.parts:
        text.append(f"  {visible(part.name):<40} {part.size:>12,} bytes\n")
    text.append("Signature, sender, recipients and every part hash verified.", style="green")
    return text
