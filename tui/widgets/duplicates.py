"""Possible duplicates, shown while a person or company is being typed.

The matching is the core's (:func:`ncen_core.names.duplicates.possible_duplicates`: names
across scripts and spellings, shared documents, phones and birth dates); this panel asks it
on the database thread whenever a name or identifying field changes, and stays hidden while
nothing similar exists.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.widgets import Static

from ncen_core.errors import NcenError
from ncen_core.fields import RecordType
from ncen_core.names.duplicates import possible_duplicates
from ncen_core.records import RecordRef
from ncen_tui.data.display import visible
from ncen_tui.data.record_detail import missing_title, titles_of

SHOWN = 5


def name_fields(record_type: RecordType) -> list[str]:
    """Top-level fields holding a name part (in them or in their rows): typing in them asks
    for duplicates. Empty for record types without names."""
    return [spec.name for spec in record_type.fields
            if spec.name_part or any(sub.name_part for sub in spec.fields)]


def duplicates_of(service, record_type: str, values: dict[str, Any],
                  exclude: RecordRef | None) -> list[tuple[str, float]]:
    """(title, score) of the records that may be the one being typed, best first."""
    found = possible_duplicates(service.ncen, record_type, values, limit=SHOWN, exclude=exclude)
    titles = titles_of(service, (ref for ref, _ in found))
    return [(titles.get(ref) or missing_title(ref), score) for ref, score in found]


class DuplicatesPanel(Static):
    """Lists records that may describe the person being entered."""

    DEFAULT_CSS = """
    DuplicatesPanel { height: auto; max-height: 7; color: $warning; display: none; }
    DuplicatesPanel.-found { display: block; }
    """

    def __init__(self, record_type: RecordType, exclude: RecordRef | None) -> None:
        super().__init__(id="duplicates")
        self.record_type = record_type.name
        self.watched = name_fields(record_type)
        self.exclude = exclude
        self.last: dict[str, Any] | None = None

    def values_changed(self, values: dict[str, Any]) -> None:
        """Ask again when a name changed and some name is given."""
        names = {name: values.get(name) for name in self.watched}
        if names == self.last:
            return
        self.last = names
        if any(value not in (None, "", []) for value in names.values()):
            given = {name: value for name, value in values.items()
                     if value not in (None, "", [])}
            self.lookup(given)

    @work(exclusive=True, group="duplicates")
    async def lookup(self, values: dict[str, Any]) -> None:
        app = self.app
        try:
            found = await app.db.run(duplicates_of, app.service, self.record_type, values,
                                     self.exclude)
        except (NcenError, ValueError, TypeError):
            found = []
        self.set_class(bool(found), "-found")
        text = Text("Possible duplicates (check before saving a second record):\n", style="bold")
        for title, score in found:
            text.append(f"  {score:3.0f}  {visible(title)}\n")
        self.update(text)

    @property
    def shown(self) -> list[str]:
        """The lines listed now (for tests and screen readers)."""
        return str(self.render()).splitlines()[1:] if self.has_class("-found") else []
