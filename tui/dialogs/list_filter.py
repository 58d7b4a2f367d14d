"""Choosing the equality filters of a list: status and the type's indexed fields."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from ncen_core.errors import ValidationError
from ncen_core.fields import Kind, RecordType
from ncen_core.record_models import STATUSES
from ncen_core.validation import normalise_values
from ncen_tui import keys
from ncen_tui.data.display import literal
from ncen_tui.data.record_pages import STATUS_FILTER, filter_fields


class ListFilterDialog(ModalScreen[dict[str, Any] | None]):
    """Returns the filters chosen (ctrl+s or enter), or None (escape)."""

    BINDINGS = [*keys.bindings("screen.back", "form.save")]
    DEFAULT_CSS = """
    ListFilterDialog { align: center middle; }
    ListFilterDialog > VerticalScroll {
        width: 72; height: 20; border: round $primary; background: $surface; padding: 0 1;
    }
    ListFilterDialog Input, ListFilterDialog Select { width: 100%; }
    ListFilterDialog #filter-error { color: $error; }
    """

    def __init__(self, record_type: RecordType, current: dict[str, Any]) -> None:
        super().__init__()
        self.record_type = record_type
        self.current = current

    def compose(self) -> ComposeResult:
        app = self.app
        codelists = app.ncen.registry.codelists
        with VerticalScroll():
            yield Static("Filter (empty means any); ctrl+s applies, escape cancels",
                         classes="hint")
            yield Static("Status")
            yield Select([(s, s) for s in STATUSES], value=self.current.get(STATUS_FILTER,
                         Select.NULL), id=f"filter-{STATUS_FILTER}")
            for name in filter_fields(self.record_type):
                spec = self.record_type.field(name)
                yield Static(spec.label_for(app.language))
                value = self.current.get(name)
                if spec.kind is Kind.CODE:
                    options = [(v.label(app.language), v.code)
                               for v in codelists.get(spec.codelist).active_values()]
                    yield Select(options, value=value if value is not None else Select.NULL,
                                 id=f"filter-{name}")
                elif spec.kind is Kind.BOOL:
                    yield Select([("yes", True), ("no", False)],
                                 value=value if value is not None else Select.NULL,
                                 id=f"filter-{name}")
                else:
                    yield Input("" if value is None else str(value), id=f"filter-{name}")
            yield Static("", id="filter-error")

    def action_save(self) -> None:
        raw: dict[str, Any] = {}
        for widget in self.query("Select, Input"):
            name = widget.id.removeprefix("filter-")
            value = widget.value
            if value is Select.NULL or value == "":
                continue
            raw[name] = value
        status = raw.pop(STATUS_FILTER, None)
        try:
            typed = normalise_values(self.record_type, raw, self.app.ncen.registry.codelists,
                                     check_required=False)
        except ValidationError as exc:
            self.query_one("#filter-error", Static).update(literal("; ".join(
                f"{k}: {v}" for k, v in exc.problems.items()), multiline=True))
            return
        filters = {k: v for k, v in typed.items() if v is not None}
        if status:
            filters[STATUS_FILTER] = status
        self.dismiss(filters)

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def action_back(self) -> None:
        self.dismiss(None)
