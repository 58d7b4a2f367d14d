"""Text from records is shown literally: neither Rich markup nor terminal escape sequences
in a field are ever interpreted, in lists, record titles and field values."""

from __future__ import annotations

from tui_helpers import SIZE, drive, log_in, open_list, screen_text, wait_for, wait_screen

from ncen_tui.app import NcenApp
from ncen_tui.data.display import visible
from ncen_tui.screens.record_detail import RecordDetailScreen

HOSTILE = ("[bold red]X[/]", "[link=file:///etc/passwd]y[/link]", "\x1b[2J")


@drive
async def test_markup_and_escape_sequences_in_names_are_shown_as_typed(installation,
                                                                       service_for):
    officer = service_for("olga")
    for name in HOSTILE:
        officer.create("suspect", {"family_name": name})
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await open_list(pilot, "suspect")
        await wait_for(pilot, lambda: app.screen.table.row_count == 3, what="three suspects")
        text = screen_text(app)
        assert "[bold red]X[/]" in text
        assert "[link=file:///etc/passwd]y[/link]" in text
        assert "\\x1b[2J" in text
        assert "\x1b" not in text


@drive
async def test_a_hostile_name_is_literal_in_the_record_title_and_fields(installation,
                                                                        service_for):
    officer = service_for("olga")
    record = officer.create("suspect", {"family_name": HOSTILE[1],
                                        "notes": "line one\n" + HOSTILE[2] + HOSTILE[0]})
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        app.open_record(record.ref)
        detail = await wait_screen(pilot, RecordDetailScreen)
        await wait_for(pilot, lambda: detail.detail is not None, what="record loaded")
        await pilot.pause()
        text = screen_text(app)
        assert "[link=file:///etc/passwd]y[/link]," in text
        assert "\\x1b[2J[bold red]X[/]" in text
        assert "\x1b" not in text


def test_control_and_bidi_characters_become_visible_escapes():
    assert visible("a\x1b[31mb\x07\u202ec") == "a\\x1b[31mb\\x07\\u202ec"
    assert visible("two\nlines", multiline=True) == "two\nlines"
    assert visible("two\nlines") == "two\\x0alines"


@drive
async def test_escape_sequences_being_edited_are_drawn_as_pictures_and_kept(installation,
                                                                             service_for):
    from ncen_tui.screens.record_form import RecordFormScreen

    officer = service_for("olga")
    record = officer.create("suspect", {"family_name": "\x1b[2JDoe", "notes": "a\x1b[31mb"})
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        app.open_form("suspect", record.ref)
        form = await wait_screen(pilot, RecordFormScreen)
        await wait_for(pilot, lambda: form.ready, what="form filled")
        assert "␛[2JDoe" in screen_text(app)
        form.query_one("#f-notes").focus()

        def notes_drawn() -> bool:
            form.query_one("#form").scroll_end(animate=False, immediate=True)
            return "a␛[31mb" in screen_text(app)

        await wait_for(pilot, notes_drawn, what="notes drawn")
        assert "\x1b" not in screen_text(app)
        assert form.values()["family_name"] == "\x1b[2JDoe"
