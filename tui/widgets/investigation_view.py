"""A suspect's investigation on the record screen: tasks by due date, then the messages."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ncen_tui.data.display import literal, visible
from ncen_tui.data.investigation import Investigation


class InvestigationView(VerticalScroll):
    """Tasks (open first) and the conversation; m posts a message."""

    DEFAULT_CSS = """
    InvestigationView { height: 1fr; padding: 0 1; }
    InvestigationView > Static { height: auto; }
    """

    def show(self, investigation: Investigation) -> None:
        """Replace the content with ``investigation``."""
        self.remove_children()
        if investigation.refusal:
            self.mount(Static(literal(investigation.refusal, multiline=True), classes="hint"))
            return
        text = Text("Tasks\n", style="bold")
        for task in investigation.tasks:
            mark = "✓" if task.done else "•"
            text.append(f" {mark} {task.due_date:%Y-%m-%d}  {visible(task.title)}"
                        f"  ({visible(task.assigned_to)})\n")
        if not investigation.tasks:
            text.append(" (no task)\n")
        text.append("\nMessages (m writes one)\n", style="bold")
        for message in investigation.messages:
            text.append(f" {message.posted_at:%Y-%m-%d %H:%M} {visible(message.author)}: ",
                        style="bold")
            text.append(visible(message.body, multiline=True) + "\n")
        if not investigation.messages:
            text.append(" (no message)\n")
        self.mount(Static(text))
