"""Short counts that plugin screens show beside their key on the home screen.

A plugin's screen class may define ``home_badge(service) -> str`` (a cheap count such as
"2 unread"); the home screen asks each on the database thread after it is painted and
shows the text next to the screen's key. The classes are imported then, not at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping

from ncen_core.declarations import ScreenSpec
from ncen_core.record_service import RecordService


def plugin_badges(service: RecordService, screens: Mapping[str, ScreenSpec]) -> dict[str, str]:
    """Screen id -> badge text, for the screens that have something to say now."""
    found: dict[str, str] = {}
    for spec in screens.values():
        badge = getattr(spec.load(), "home_badge", None)
        text = badge(service) if badge is not None else ""
        if text:
            found[spec.id] = text
    return found
