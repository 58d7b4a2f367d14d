"""Choosing a value from a code list (or a country) by typing part of its code or label.

For officers who do not know the codes: every active value is listed, the list narrows as
they type (any part of the code or of the label), enter takes the highlighted value.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from ncen_tui import keys
from ncen_tui.data.display import literal


class CodePicker(ModalScreen[str | None]):
    """Returns the chosen code, or None (escape)."""

    BINDINGS = keys.bindings("screen.back")
    DEFAULT_CSS = """
    CodePicker { align: center middle; }
    CodePicker > Vertical {
        width: 72; height: 20; border: round $primary; background: $surface;
    }
    CodePicker OptionList { height: 1fr; }
    """

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield Input(placeholder="type part of the code or label", id="picker-filter",
                        compact=True)
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self.show("")

    def show(self, text: str) -> None:
        folded = text.strip().casefold()
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        options.add_options([
            Option(literal(f"{code:<10} {label}"), id=code) for code, label in self.choices
            if folded in code.casefold() or folded in label.casefold()])
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#picker-filter")
    def narrowed(self, event: Input.Changed) -> None:
        self.show(event.value)

    @on(Input.Submitted, "#picker-filter")
    def take_first(self) -> None:
        options = self.query_one("#picker-options", OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_back(self) -> None:
        self.dismiss(None)
