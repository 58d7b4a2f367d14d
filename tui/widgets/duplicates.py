"""Possible duplicate persons, shown while a suspect is being typed.

The matching is the core's (``possible_duplicates`` of :mod:`ncen_core.names`); this panel
asks it on the database thread whenever the names or birth date change, and stays hidden
when the installed core does not offer it or nothing similar exists.
"""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual import work
from textual.widgets import Static

from ncen_core.errors import NcenError
from ncen_tui.data.display import visible

NAME_FIELDS = ("family_name", "given_names", "name_original_script", "date_of_birth")


def duplicates_finder() -> Callable[..., list[Any]] | None:
    """The core's duplicate finder, if this installation has it."""
    try:
        from ncen_core.names.duplicates import possible_duplicates
    except ImportError:
        return None
    return possible_duplicates


class DuplicatesPanel(Static):
    """Lists records that may be the person being entered."""

    DEFAULT_CSS = """
    DuplicatesPanel { height: auto; max-height: 6; color: $warning; display: none; }
    DuplicatesPanel.-found { display: block; }
    """

    def __init__(self, record_type: str) -> None:
        super().__init__(id="duplicates")
        self.record_type = record_type
        self.finder = duplicates_finder()
        self.last: dict[str, Any] | None = None

    def values_changed(self, values: dict[str, Any]) -> None:
        """Ask again if a name field changed."""
        names = {name: values.get(name) for name in NAME_FIELDS if name in values}
        if self.finder is None or names == self.last:
            return
        self.last = names
        self.lookup(names)

    @work(exclusive=True, group="duplicates")
    async def lookup(self, names: dict[str, Any]) -> None:
        app = self.app
        try:
            found = await app.db.run(self.finder, app.ncen, self.record_type,
                                     {k: v for k, v in names.items() if v}, limit=5)
        except (NcenError, ValueError):
            found = []
        self.set_class(bool(found), "-found")
        text = Text("Possible duplicates:\n", style="bold")
        for item in found:
            text.append(f"  {visible(str(getattr(item, 'title', item)))}\n")
        self.update(text)
