"""Every key action of the interface, with a stable id users remap in the ``keys`` setting.

Screens take their bindings from here by id, so the footer, the command palette, the help
screen and the configuration all agree. A ``keys`` entry naming an id that exists nowhere
(a typo, an action removed in a new version) is refused at start-up with the list of valid
ids, instead of silently doing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from textual.binding import Binding

from ncen_core.errors import ConfigError


@dataclass(frozen=True)
class KeyAction:
    """One remappable action: where it applies, its default key and what it does."""

    id: str
    key: str
    action: str
    description: str
    scope: str
    show: bool = True
    priority: bool = False

    def binding(self) -> Binding:
        """The Textual binding, carrying the id the keymap refers to."""
        return Binding(self.key, self.action, self.description, show=self.show,
                       priority=self.priority, id=self.id)


_A = KeyAction
ACTIONS: tuple[KeyAction, ...] = (
    _A("app.quit", "ctrl+q", "app.quit", "Quit", "everywhere", priority=True),
    _A("app.help", "question_mark", "app.help", "Keys", "everywhere"),
    _A("app.home", "f2", "app.go_home", "Home", "everywhere", show=False),
    _A("app.search", "slash", "app.open_search", "Search", "everywhere", show=False),
    _A("app.admin", "f9", "app.open_admin", "Admin", "everywhere", show=False),
    _A("app.analysis", "f6", "app.open_analysis", "Analysis", "everywhere", show=False),
    _A("screen.back", "escape", "back", "Back", "screens"),
    _A("list.open", "enter", "open_record", "Open", "list"),
    _A("list.new", "n", "new_record", "New", "list"),
    _A("list.jump", "j", "jump", "Jump to ref", "list"),
    _A("list.sort", "o", "cycle_sort", "Sort", "list"),
    _A("list.filter", "f", "filter", "Filter", "list"),
    _A("list.reload", "r", "reload", "Reload", "list", show=False),
    _A("record.edit", "e", "edit", "Edit", "record"),
    _A("record.link", "l", "add_link", "Link", "record"),
    _A("record.unlink", "delete", "remove_link", "Unlink", "record"),
    _A("record.open_link", "o", "open_link", "Open linked", "record"),
    _A("record.attach", "a", "attach", "Attach", "record"),
    _A("record.view", "v", "view_attachment", "Viewer", "record"),
    _A("record.message", "m", "post_message", "Message", "record", show=False),
    _A("record.network", "g", "network", "Network", "record"),
    _A("form.save", "ctrl+s", "save", "Save", "form", priority=True),
    _A("form.pick", "f4", "pick", "Pick", "form"),
    _A("form.add_row", "ctrl+n", "add_row", "Add row", "form"),
    _A("form.remove_row", "ctrl+d", "remove_row", "Remove row", "form"),
    _A("search.open", "ctrl+o", "open_result", "Open", "search"),
    _A("search.syntax", "f1", "syntax", "Query help", "search"),
    _A("keys.unlock", "u", "unlock", "Unlock keys", "keys"),
    _A("keys.import", "i", "import_package", "Import package", "keys"),
    _A("share.seal", "ctrl+s", "seal", "Seal and send", "share", priority=True),
    _A("package.import", "ctrl+s", "import_package", "Import", "import", priority=True),
    _A("analysis.drill", "ctrl+o", "drill", "Records behind", "analysis"),
    _A("exchange.write", "w", "write", "Write message", "exchange"),
    _A("exchange.reload", "r", "reload", "Reload", "exchange"),
    _A("message.reply", "r", "reply", "Reply", "message"),
    _A("message.send", "ctrl+s", "send", "Send", "message", priority=True),
    _A("network.reload", "r", "reload", "Reload", "network"),
    _A("links.hops", "h", "hops", "Hops", "link analysis"),
)

BY_ID: dict[str, KeyAction] = {action.id: action for action in ACTIONS}


def bindings(*ids: str) -> list[Binding]:
    """The bindings of the named actions, for a screen's or widget's ``BINDINGS``."""
    return [BY_ID[action_id].binding() for action_id in ids]


def area_actions(record_types: Iterable[tuple[str, str]]) -> list[KeyAction]:
    """One quick key per record-type list (``1``, ``2``, ...), ids ``area.<type>``."""
    return [
        KeyAction(f"area.{name}", str(number), f"app.open_list('{name}')", label, "home")
        for number, (name, label) in enumerate(record_types, start=1)
        if number <= 9
    ]


def check_keymap(keys: Mapping[str, str], known_ids: Iterable[str]) -> dict[str, str]:
    """The ``keys`` setting as a Textual keymap; an unknown id is a ConfigError naming it."""
    known = set(known_ids)
    unknown = sorted(set(keys) - known)
    if unknown:
        raise ConfigError(
            f"keys: unknown key binding id {', '.join(repr(u) for u in unknown)} "
            f"(known ids: {', '.join(sorted(known))})"
        )
    empty = sorted(binding_id for binding_id, key in keys.items() if not key.strip())
    if empty:
        raise ConfigError(f"keys: no key given for {', '.join(empty)}")
    return {binding_id: key.strip() for binding_id, key in keys.items()}


def effective_key(action_id: str, default: str, keymap: Mapping[str, str]) -> str:
    """The key an action answers to once the configuration's keymap is applied."""
    return keymap.get(action_id, default)
