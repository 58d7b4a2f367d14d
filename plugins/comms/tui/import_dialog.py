"""Picking a package file, seeing what it holds, then importing it.

The officer types the path of a file (from a USB stick, an e-mail, a shared folder) and
presses enter: the package is verified with the session's office keys (the passphrase is
asked once per session) like ``ncen package inspect``, and its sender, recipients,
creation time and parts are shown; a package this office would refuse shows the rule that
failed (its reason code) instead. ``ctrl+s`` then imports it exactly as the inbox would:
applied whole, or quarantined with its reason, and the outcome is shown.
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

from ..receiving.importer import ImportResult
from .package_data import PackageSummary, import_package_file, inspect_package_file
from .session_keys import office_keys


class ImportPackageDialog(ModalScreen[None]):
    """Path in; the verified manifest (or the refusal), then the import's outcome."""

    BINDINGS = keys.bindings("screen.back", "package.import")
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
        self.result: ImportResult | None = None
        self.error: str = ""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Import a package file"
            yield Input(self.initial_path, placeholder="path of the package file",
                        id="import-path")
            with VerticalScroll(id="import-result"):
                yield Static("enter: check the package   ctrl+s: import   escape: close",
                             classes="hint", id="import-summary")

    def path(self) -> Path | None:
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self.show_error("type the path of the package file first")
            return None
        return Path(text).expanduser()

    @on(Input.Submitted, "#import-path")
    def path_entered(self) -> None:
        path = self.path()
        if path is not None:
            self.check(path)

    @work(exclusive=True, group="inspect")
    async def check(self, path: Path) -> None:
        """Verify the package on the database thread and show the outcome."""
        office = await office_keys(self)
        if office is None:
            return
        self.say(Text("checking..."))
        try:
            summary = await self.app.db.run(inspect_package_file, self.app.service, office,
                                            path, utcnow())
        except NcenError as exc:
            self.show_error(str(exc))
            return
        self.summary, self.error = summary, ""
        self.say(summary_text(summary))

    def action_import_package(self) -> None:
        path = self.path()
        if path is not None:
            self.run_import(path)

    @work(exclusive=True, group="inspect")
    async def run_import(self, path: Path) -> None:
        """Import the package and say what happened to it."""
        office = await office_keys(self)
        if office is None:
            return
        self.say(Text("importing..."))
        try:
            result = await self.app.db.run(import_package_file, self.app.service, office, path)
        except NcenError as exc:
            self.show_error(str(exc))
            return
        self.result = result
        self.say(result_text(result))

    def show_error(self, message: str) -> None:
        self.summary, self.error = None, message
        self.say(literal(message, multiline=True, style="bold red"))

    def say(self, text: Text) -> None:
        self.query_one("#import-summary", Static).update(text)

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
    text.append("Signature, sender, recipients and every part hash verified. "
                "ctrl+s imports it.", style="green")
    return text


def result_text(result: ImportResult) -> Text:
    """The import's status, reason and counts."""
    style = {"imported": "bold green", "duplicate": "bold",
             "pending": "bold yellow"}.get(result.status, "bold red")
    text = Text()
    text.append(f"{result.status}", style=style)
    if result.reason:
        text.append(f" ({result.reason})", style=style)
    text.append(f": {visible(result.message, multiline=True)}")
    if result.counts:
        text.append("\n" + ", ".join(f"{name} {count}" for name, count in result.counts.items()))
    return text
