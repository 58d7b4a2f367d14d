"""The record form, generated from the record type's FieldSpecs (custom fields included).

Each field is checked as it is typed (the core's own validation, run locally for that one
field); ctrl+s saves through the record service, whose problems are shown beside their
fields. Leaving with unsaved changes asks first. When someone else saved the record
meanwhile, the user chooses to reload their version: the form then shows it with every
field the user had changed kept as typed.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget as TextualWidget
from textual.widgets import Input, Select, Static, TextArea

from ncen_core.errors import ConflictError, NcenError, ValidationError
from ncen_core.fields import Kind
from ncen_core.forms import FormField, Widget, form_layout
from ncen_core.record_models import DISTRIBUTIONS, STATUSES, TLP_LEVELS
from ncen_core.record_service import MANAGED_FIELDS
from ncen_core.records import Record, RecordRef
from ncen_core.roles import has_permission
from ncen_core.validation import normalise_values
from ncen_tui import keys
from ncen_tui.data.display import literal
from ncen_tui.data.form_values import merge_edits, normalised, record_form_values
from ncen_tui.screens.base import SessionScreen
from ncen_tui.widgets.duplicates import DuplicatesPanel, name_fields
from ncen_tui.widgets.field_inputs import make_input
from ncen_tui.widgets.group_editor import GroupEditor
from ncen_tui.widgets.labelled import Labelled

META = (("status", STATUSES), ("distribution", DISTRIBUTIONS), ("tlp", TLP_LEVELS))


class RecordFormScreen(SessionScreen):
    """A new record of ``record_type``, or the record ``ref`` being edited."""

    BINDINGS = keys.bindings("screen.back", "form.save")
    DEFAULT_CSS = """
    RecordFormScreen #form-status { height: auto; padding: 0 1; color: $warning; }
    RecordFormScreen #form { height: 1fr; padding: 0 1; }
    RecordFormScreen #form-meta { height: auto; }
    RecordFormScreen .form-section { text-style: bold; margin-top: 1; }
    RecordFormScreen #form-meta > Select { width: 1fr; margin-right: 1; }
    RecordFormScreen Input { width: 100%; }
    """

    def __init__(self, record_type: str, ref: RecordRef | None = None) -> None:
        super().__init__()
        self.type_name, self.ref = record_type, ref
        self.record_type = self.app.ncen.registry.record_type(record_type)
        self.form_layout = form_layout(self.record_type, self.app.language)
        self.version: int | None = None
        self.base: dict[str, Any] = {}
        self.base_meta: dict[str, str] = {}
        self.ready = False

    def where(self) -> str:
        label = self.record_type.labels.get(self.app.language, self.record_type.label)
        return f"{'Edit' if self.ref else 'New'} {label.lower()}"

    def compose_body(self) -> ComposeResult:
        app = self.app
        codelists = app.ncen.registry.codelists
        yield Static("", id="form-status")
        with VerticalScroll(id="form"):
            with Horizontal(id="form-meta"):
                for name, choices in META:
                    yield Select([(c, c) for c in choices], allow_blank=False, value=choices[0]
                                 if name != "tlp" else "AMBER", id=f"meta-{name}", compact=True)
            if name_fields(self.record_type):
                yield DuplicatesPanel(self.record_type, self.ref)
            for section in self.form_layout.sections:
                if section.title and section.fields[0].widget is not Widget.REPEATING_GROUP:
                    yield Static(literal(section.title), classes="form-section")
                for field in section.fields:
                    yield self.field_row(field, codelists)

    def field_row(self, field: FormField, codelists) -> Labelled:
        """The labelled input of one field of the layout."""
        if field.widget is Widget.REPEATING_GROUP:
            widget: TextualWidget = GroupEditor(self.record_type, field, id=f"f-{field.name}")
        else:
            widget = make_input(field, codelists, self.app.language, id=f"f-{field.name}")
        widget.disabled = not self.may_set(field.name)
        return Labelled(field.label, widget, required=field.required, help_text=field.help,
                        id=f"row-{field.name}")

    def may_set(self, name: str) -> bool:
        """Fields managed by supervisors (alerts, assignments) are read-only to others."""
        permission = MANAGED_FIELDS.get(name)
        return permission is None or has_permission(self.service.user.role, permission)

    def on_mount(self) -> None:
        if self.ref is None:
            self.fill(None)
        else:
            self.load()

    @work(exclusive=True, group="form-load")
    async def load(self) -> None:
        try:
            record = await self.db(self.service.get, self.ref)
        except NcenError as exc:
            self.report(exc)
            return
        self.fill(record)

    def fill(self, record: Record | None) -> None:
        """Show ``record`` (or an empty form) and take it as the unchanged state."""
        self.base = record_form_values(self.record_type, record)
        self.version = record.version if record else None
        self.base_meta = ({"status": record.status, "distribution": record.distribution,
                           "tlp": record.tlp} if record else self.meta())
        self.show_values(self.base, self.base_meta)
        self.ready = True
        self.query_one(f"#f-{self.form_layout.field_names[0]}").focus()

    def show_values(self, values: dict[str, Any], meta: dict[str, str]) -> None:
        for name, value in values.items():
            self.field_widget(name).load(value)
        for name, value in meta.items():
            self.query_one(f"#meta-{name}", Select).value = value

    def field_widget(self, name: str) -> Any:
        return self.query_one(f"#f-{name}")

    def values(self) -> dict[str, Any]:
        """The raw values now in the form."""
        return {name: self.field_widget(name).raw_value() for name in self.form_layout.field_names}

    def meta(self) -> dict[str, str]:
        return {name: self.query_one(f"#meta-{name}", Select).value for name, _ in META}

    @property
    def dirty(self) -> bool:
        """True when the form differs from what was loaded or last saved."""
        if not self.ready:
            return False
        values = self.values()
        return (any(normalised(values[n]) != normalised(self.base.get(n)) for n in values)
                or self.meta() != self.base_meta)

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    # -- checking as the user types ------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(GroupEditor.Changed)
    def field_changed(self, event) -> None:
        if not self.ready:
            return
        row = next((a for a in event.control.ancestors_with_self
                    if isinstance(a, Labelled)), None)
        if row is None or not (row.id or "").startswith("row-"):
            return
        name = row.id.removeprefix("row-")
        self.check_field(name, row)
        for panel in self.query(DuplicatesPanel):
            panel.values_changed(self.values())

    def check_field(self, name: str, row: Labelled) -> None:
        """Validate one field locally and show its problem, or what a code resolves to."""
        widget = self.field_widget(name)
        raw = widget.raw_value()
        try:
            normalise_values(self.record_type, {name: raw}, self.ncen.registry.codelists,
                             check_required=False)
        except ValidationError as exc:
            row.show_problem(self.problem_text(name, exc.problems))
            row.show_note("")
            return
        row.show_problem(None)
        describe = getattr(widget, "describe", None)
        row.show_note(describe() if describe else "")

    def problem_text(self, name: str, problems: dict[str, str]) -> str:
        spec = self.record_type.field(name)
        mine = {path: message for path, message in problems.items()
                if path == name or path.startswith(f"{name}[")}
        if spec.kind is Kind.GROUP:
            whole = mine.pop(name, None)
            rows = self.field_widget(name).show_row_problems(mine)
            return "; ".join(part for part in (whole, rows) if part)
        return "; ".join(mine.values())

    # -- saving ---------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.ready:
            self.save(self.values(), self.meta())

    @work(exclusive=True, group="form-save")
    async def save(self, values: dict[str, Any], meta: dict[str, str]) -> None:
        status = self.query_one("#form-status", Static)
        status.update("Saving…")
        try:
            if self.ref is None:
                record = await self.db(self.service.create, self.type_name, values, **meta)
            else:
                changed_meta = {k: v for k, v in meta.items() if v != self.base_meta.get(k)}
                record = await self.db(self.service.update, self.ref, values,
                                       expected_version=self.version, **changed_meta)
        except ValidationError as exc:
            self.show_problems(exc.problems)
            return
        except ConflictError as exc:
            status.update(literal(str(exc), multiline=True))
            self.offer_reload(exc)
            return
        except NcenError as exc:
            status.update(literal(str(exc), multiline=True))
            return
        self.base, self.base_meta, self.ready = values, meta, False
        self.notify("saved")
        if self.ref is None:
            self.app.switch_screen(self.app.detail_screen(record.ref))
        else:
            self.dismiss()

    def show_problems(self, problems: dict[str, str]) -> None:
        """Put each problem beside its field and focus the first field in trouble."""
        first = None
        for spec in self.record_type.fields:
            row = self.query_one(f"#row-{spec.name}", Labelled)
            text = self.problem_text(spec.name, problems)
            row.show_problem(text or None)
            if text and first is None:
                first = spec.name
        known = {spec.name for spec in self.record_type.fields}
        other = [f"{path}: {message}" for path, message in problems.items()
                 if path.split("[")[0] not in known]
        count = len(problems)
        self.query_one("#form-status", Static).update(literal(
            f"{count} problem{'s' if count != 1 else ''} to fix before saving"
            + (": " + "; ".join(other) if other else "")))
        if first is not None:
            self.field_widget(first).focus()

    def offer_reload(self, conflict: ConflictError) -> None:
        from ncen_tui.dialogs.confirm import Confirm

        def answered(reload: bool | None) -> None:
            if reload:
                self.reload_keeping_edits()

        self.app.push_screen(Confirm(
            "Someone else saved this record while you were editing it.",
            "Reload their version? Every field you changed stays as you typed it (y), "
            "or keep editing without reloading (n)."), answered)

    @work(exclusive=True, group="form-load")
    async def reload_keeping_edits(self) -> None:
        mine, my_meta = self.values(), self.meta()
        try:
            latest = await self.db(self.service.get, self.ref)
        except NcenError as exc:
            self.report(exc)
            return
        theirs = record_form_values(self.record_type, latest)
        merge = merge_edits(self.base, mine, theirs)
        their_meta = {"status": latest.status, "distribution": latest.distribution,
                      "tlp": latest.tlp}
        meta = {k: my_meta[k] if my_meta[k] != self.base_meta.get(k) else v
                for k, v in their_meta.items()}
        self.ready = False
        self.base, self.base_meta, self.version = theirs, their_meta, latest.version
        self.show_values(merge.values, meta)
        self.ready = True
        labels = ", ".join(self.record_type.field(n).label_for(self.app.language)
                           for n in merge.both_changed)
        message = f"Reloaded version {latest.version}; your changes are kept."
        if labels:
            message += f" Both of you changed: {labels} (yours shown). Check, then ctrl+s."
        self.query_one("#form-status", Static).update(literal(message, multiline=True))

    # -- leaving --------------------------------------------------------------------------

    def action_back(self) -> None:
        from ncen_tui.dialogs.confirm import Confirm

        if not self.dirty:
            self.dismiss()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss()

        self.app.push_screen(Confirm("Leave without saving?",
                                     "Your changes to this record will be lost."), answered)
