"""The ncen Textual application: start-up, the logged-in session, and navigation.

The app holds what every screen needs (configuration, the open installation, the record
service of the logged-in user, the database thread) and the actions that open areas.
Screens, dialogs and widgets live in their own modules; this file stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable

from textual import work
from textual.app import App
from textual.screen import Screen

from ncen_core.config import Config
from ncen_core.errors import NcenError
from ncen_core.records import RecordRef
from ncen_tui import keys
from ncen_tui.commands import NcenCommands
from ncen_tui.data.graphics import Graphics
from ncen_tui.data.runner import DatabaseRunner
from ncen_tui.data.startup import StartState, open_installation

if TYPE_CHECKING:
    from ncen_core.app import Ncen
    from ncen_core.record_service import RecordService


class NcenApp(App[None]):
    """Keyboard-first client: first run, login, home, lists, records, forms, search, admin."""

    TITLE = "ncen"
    BINDINGS = keys.bindings("app.quit", "app.help", "app.home", "app.search", "app.admin",
                             "app.analysis")
    COMMANDS = App.COMMANDS | {NcenCommands}
    CSS = """
    Screen { background: $background; }
    .error { color: $error; }
    .hint { color: $text-muted; }
    Input.-textual-compact { background: $panel; }
    Input.-textual-compact:focus { background: $primary-background; }
    """

    def __init__(self, config: Config, *, extra_plugins: Iterable[object] = (),
                 username: str = "", start_list: str | None = None,
                 graphics: Graphics = Graphics.HALF_BLOCK) -> None:
        super().__init__()
        self.graphics = graphics
        self.config = config
        self.extra_plugins = tuple(extra_plugins)
        self.initial_username = username
        self.start_list = start_list
        self.db = DatabaseRunner()
        self.ncen: Ncen | None = None
        self.service: RecordService | None = None
        self.keymap: dict[str, str] = {}
        self.record_screens: dict[str, Screen[Any]] = {}

    @property
    def language(self) -> str:
        """Language of labels and code lists, from the configuration."""
        return self.config.language

    def on_mount(self) -> None:
        self.start()

    @work(exclusive=True, group="start")
    async def start(self) -> None:
        """Open the configured database and show login, first run, or what to fix."""
        from ncen_tui.screens.first_run import FirstRunScreen
        from ncen_tui.screens.message import MessageScreen

        startup = await self.db.run(open_installation, self.config, self.extra_plugins)
        if startup.state is StartState.READY:
            self.installation_ready(startup.ncen)
        elif startup.state is StartState.EMPTY:
            await self.push_screen(FirstRunScreen())
        elif startup.state is StartState.BEHIND:
            await self.push_screen(MessageScreen(
                "The database needs an upgrade", startup.message,
                "Run  ncen db upgrade  in a terminal (an administrator's task), "
                "then start ncen again."))
        else:
            await self.push_screen(MessageScreen(
                "ncen cannot start", startup.message,
                "Check the database setting of the configuration."))

    def installation_ready(self, ncen: Ncen, username: str = "") -> None:
        """The database is open and initialised: apply the key map and ask for a login."""
        from ncen_tui.screens.login import LoginScreen
        from ncen_tui.screens.message import MessageScreen

        self.ncen = ncen
        try:
            self.keymap = keys.check_keymap(self.config.keys, self.known_binding_ids())
        except NcenError as exc:
            self.push_screen(MessageScreen("The key map cannot be used", str(exc),
                                           "Correct the keys setting of the configuration."))
            return
        self.set_keymap(self.keymap)
        self.push_screen(LoginScreen(username or self.initial_username))

    def known_binding_ids(self) -> list[str]:
        """Every id the ``keys`` setting may name: built-in actions, areas, plugin entries."""
        registry = self.ncen.registry
        return [*keys.BY_ID, *(a.id for a in self.area_actions()),
                *registry.screens, *registry.commands]

    def area_actions(self) -> list[keys.KeyAction]:
        """Quick keys to each record-type list, in registry order."""
        types = self.ncen.registry.record_types.values()
        return keys.area_actions((t.name, t.labels.get(self.language, t.label)) for t in types)

    def logged_in(self, service: RecordService) -> None:
        """Start the session of ``service``'s user on the home screen."""
        from ncen_tui.screens.home import HomeScreen

        self.service = service
        if len(self.screen_stack) > 1:
            self.switch_screen(HomeScreen())
        else:
            self.push_screen(HomeScreen())
        if self.start_list:
            self.action_open_list(self.start_list)

    # -- navigation ---------------------------------------------------------------------

    def action_help(self) -> None:
        from ncen_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_go_home(self) -> None:
        """Back to the home screen, closing everything above it (asking first if a form
        with unsaved changes would be closed)."""
        from ncen_tui.screens.home import HomeScreen

        def close_all() -> None:
            while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
                self.pop_screen()

        if self.service is not None:
            self.unless_unsaved(close_all)

    def action_quit(self) -> None:
        """Quit, asking first if a form holds unsaved changes."""
        self.unless_unsaved(self.exit)

    def unless_unsaved(self, then: Callable[[], None]) -> None:
        """Run ``then`` at once, or after the user agrees to drop unsaved form changes."""
        from ncen_tui.dialogs.confirm import Confirm
        from ncen_tui.screens.record_form import RecordFormScreen

        if not any(isinstance(s, RecordFormScreen) and s.dirty for s in self.screen_stack):
            then()
            return
        self.push_screen(Confirm("Leave without saving?",
                                 "A form you are editing has unsaved changes; they will be lost."),
                         lambda leave: then() if leave else None)

    def action_open_list(self, record_type: str) -> None:
        from ncen_tui.screens.record_list import RecordListScreen

        if self.service is not None:
            self.push_screen(RecordListScreen(record_type))

    def action_open_search(self) -> None:
        from ncen_tui.screens.search import SearchScreen

        if self.service is not None and not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_open_admin(self) -> None:
        from ncen_tui.screens.admin import AdminScreen

        if self.service is not None and not isinstance(self.screen, AdminScreen):
            self.push_screen(AdminScreen())

    def action_open_analysis(self) -> None:
        from ncen_tui.screens.analysis import AnalysisScreen

        if self.service is not None and not isinstance(self.screen, AnalysisScreen):
            self.push_screen(AnalysisScreen())

    def action_open_plugin_screen(self, screen_id: str) -> None:
        """Open a screen a plugin declared; its module is imported only now."""
        if self.service is not None:
            screen_class = self.ncen.registry.screens[screen_id].load()
            self.push_screen(screen_class())

    def open_record(self, ref: RecordRef) -> None:
        """Show one record's detail."""
        self.push_screen(self.detail_screen(ref))

    def detail_screen(self, ref: RecordRef) -> Screen[Any]:
        """The detail screen of ``ref``: the kept screen of its record type when it is not
        already open, else a new one (a record opened from a record of the same type)."""
        from ncen_tui.screens.record_detail import RecordDetailScreen

        kept = self.record_screens.get(ref.record_type)
        if kept is not None and kept not in self.screen_stack:
            kept.show_record(ref)
            return kept
        screen = RecordDetailScreen(ref)
        if kept is None:
            self.record_screens[ref.record_type] = screen
            self.install_screen(screen, name=f"record-{ref.record_type}")
        return screen

    def open_form(self, record_type: str, ref: RecordRef | None = None) -> Screen[Any]:
        """Open the form for a new record of ``record_type`` or for editing ``ref``."""
        from ncen_tui.screens.record_form import RecordFormScreen

        screen = RecordFormScreen(record_type, ref)
        self.push_screen(screen)
        return screen

    def on_unmount(self) -> None:
        ncen = self.ncen
        self.db.shutdown(ncen.close if ncen is not None else None)
