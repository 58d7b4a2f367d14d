"""The analysis screen: statistics by field and by period as a table and a chart, errors
said in place, and the drill-down from a row to the records behind it."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from tui_helpers import (
    SIZE,
    USER_PASSWORD,
    drive,
    log_in,
    tab_to,
    type_text,
    wait_for,
    wait_screen,
)

from ncen_tui.app import NcenApp
from ncen_tui.data.charts import bar_lines, column_lines
from ncen_tui.screens.analysis import AnalysisScreen

SEIZURES = [("FR-1", "FR", dt.date(2024, 1, 5)), ("FR-2", "FR", dt.date(2024, 1, 20)),
            ("BE-1", "BE", dt.date(2024, 3, 2)), ("DE-1", "DE", dt.date(2024, 3, 9)),
            ("FR-3", "FR", dt.date(2024, 3, 30))]


@pytest.fixture
def analyst(installation):
    from ncen_core.app import open_ncen
    from ncen_core.users import add_user

    ncen = open_ncen(installation)
    add_user(ncen.system, "ana", USER_PASSWORD, "analyst", full_name="Ana")
    ncen.close()
    return "ana"


@pytest.fixture
def seizures(service_for):
    officer = service_for("olga")
    return [officer.create("seizure", {"reference": ref, "place_country": country,
                                       "seizure_date": day})
            for ref, country, day in SEIZURES]


async def compute(pilot, by: str, where: str = "", username: str = "ana",
                  period: str = ""):
    await log_in(pilot, username, USER_PASSWORD)
    await pilot.press("f6")
    screen = await wait_screen(pilot, AnalysisScreen)
    await type_text(pilot, by)
    if period:
        await choose(pilot, "analysis-period", period)
    await tab_to(pilot, "analysis-where")
    await type_text(pilot, where)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.view is not None or screen.error, what="statistics")
    return screen


async def choose(pilot, select_id: str, value: str) -> None:
    """Pick ``value`` in the Select ``select_id`` with the keyboard."""
    select = pilot.app.screen.query_one(f"#{select_id}")
    values = [option_value for _, option_value in select._options]
    await tab_to(pilot, select_id)
    await pilot.press("enter")
    await wait_for(pilot, lambda: select.expanded, what="options shown")
    steps = values.index(value) - values.index(select.value)
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await wait_for(pilot, lambda: select.value == value, what=f"{value} chosen")


def counts_by_label(screen) -> dict[str, int]:
    table = screen.query_one("#analysis-table")
    return {str(table.get_row_at(i)[0]): int(str(table.get_row_at(i)[1]).replace(",", ""))
            for i in range(table.row_count)}


@drive
async def test_seizures_by_country_match_an_independent_count(installation, analyst,
                                                              seizures):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await compute(pilot, "place_country")
        expected = Counter(country for _, country, _ in SEIZURES)
        shown = counts_by_label(screen)
        assert {label.split()[0]: count for label, count in shown.items()} == expected
        chart = str(screen.query_one("#analysis-chart").render())
        assert chart.splitlines()[0].startswith("FR") and "█" in chart


@drive
async def test_enter_on_a_row_lists_the_records_behind_its_count(installation, analyst,
                                                                 seizures):
    from ncen_tui.screens.search import SearchScreen

    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await compute(pilot, "place_country")
        await tab_to(pilot, "analysis-table")
        await pilot.press("enter")
        search = await wait_screen(pilot, SearchScreen)
        assert (search.query_text, search.scope) == ("place_country:FR", "seizure")
        await wait_for(pilot, lambda: len(search.hits) == 3, what="three FR seizures")
        titles = {str(hit.title) for hit in search.hits.values()}
        assert all("FR-" in title for title in titles)


@drive
async def test_another_analysis_is_picked_and_run_with_the_same_parameters(
        installation, analyst, service_for):
    officer = service_for("olga")
    legs = {"CO": "ES", "PE": "ES"}
    for n, (origin, destination) in enumerate([*legs.items(), ("CO", "ES")]):
        officer.create("seizure", {"reference": f"R-{n}", "seizure_date": dt.date(2024, 4, 1),
                                   "route": [{"leg_type": "ORIGIN", "country": origin},
                                             {"leg_type": "DESTINATION",
                                              "country": destination}]})
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "ana", USER_PASSWORD)
        await pilot.press("f6")
        screen = await wait_screen(pilot, AnalysisScreen)
        await choose(pilot, "analysis-name", "routes")
        await tab_to(pilot, "analysis-where")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.view is not None or screen.error, what="routes")
        assert screen.error == ""
        rows = [row[:3] for row in screen.view.cells]
        assert [(r[0].split()[0], r[1].split()[0], r[2]) for r in rows] == [
            ("CO", "ES", "2"), ("PE", "ES", "1")]


@drive
async def test_a_query_narrows_the_records_counted(installation, analyst, seizures):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await compute(pilot, "place_country", where="date:2024-03")
        shown = {label.split()[0]: count for label, count in counts_by_label(screen).items()}
        assert shown == {"FR": 1, "BE": 1, "DE": 1}


@drive
async def test_by_month_the_chart_shows_columns_over_time(installation, analyst, seizures):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await compute(pilot, "", period="month")
        assert counts_by_label(screen) == {"2024-01": 2, "2024-03": 3}
        chart = str(screen.query_one("#analysis-chart").render())
        assert "2024-01 … 2024-03" in chart and "max 3" in chart


@drive
async def test_an_unknown_field_is_named_in_the_message(installation, analyst, seizures):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await compute(pilot, "place_countyr")
        assert screen.view is None
        message = str(screen.query_one("#analysis-message").render())
        assert "no field 'place_countyr'" in message and "place_country" in message


@drive
async def test_an_officer_is_told_analyses_are_not_for_the_role(installation, seizures):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        screen = await compute(pilot, "place_country", username="olga")
        assert screen.view is None
        assert "run analyses" in str(screen.query_one("#analysis-message").render())


def test_bars_are_scaled_to_the_largest_value_with_eighths():
    lines = bar_lines(["FR", "BE"], [8, 3], width=30, label_width=4)
    assert lines[0] == "FR   " + "█" * 23 + " 8"
    assert lines[1].startswith("BE   " + "█" * 8) and lines[1].endswith(" 3")


def test_columns_rise_with_the_values_and_name_the_first_and_last_period():
    lines = column_lines(["2024-01", "2024-02", "2024-03"], [4, 0, 2], height=2)
    assert lines[0].startswith("█ ") and lines[0].endswith("max 4")
    assert lines[1] == "█ █"
    assert lines[-1] == "2024-01 … 2024-03"


@drive
async def test_rule_hits_are_listed_on_home_and_leave_once_opened(installation, service_for):
    from ncen_core.rules.definition import RuleDefinition
    from ncen_core.rules.store import save_rule
    from ncen_tui.screens.home import HomeScreen
    from ncen_tui.screens.record_detail import RecordDetailScreen

    sven = service_for("sven")
    save_rule(sven.ncen, sven.user, RuleDefinition("french-seizures", "seizure",
                                                   "place_country:FR", subscribers=("olga",)))
    service_for("olga").create("seizure", {"reference": "FR-9", "place_country": "FR",
                                           "seizure_date": dt.date(2024, 5, 1)})
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        home = app.screen
        await wait_for(pilot, lambda: home.query_one("#home-rules").row_count == 1,
                       what="notification listed")
        assert "(1 new)" in str(home.query_one("#home-rules-title").render())
        assert str(home.query_one("#home-rules").get_row_at(0)[0]) == "french-seizures"
        await tab_to(pilot, "home-rules")
        await pilot.press("enter")
        await wait_screen(pilot, RecordDetailScreen)
        await pilot.press("escape")
        await wait_screen(pilot, HomeScreen)
        await wait_for(pilot, lambda: not home.query_one("#home-rules").display,
                       what="acknowledged")


@drive
async def test_link_analysis_shows_neighbours_with_the_role_or_shared_identifier(
        installation, service_for):
    from ncen_tui.screens.link_analysis import LinkAnalysisScreen
    from ncen_tui.screens.record_detail import RecordDetailScreen

    officer = service_for("olga")
    first = officer.create("suspect", {"family_name": "Ivanov",
                                       "phones": [{"phone": "+33 6 12 34 56 78"}]})
    second = officer.create("suspect", {"family_name": "Petrov",
                                        "phones": [{"phone": "0033612345678"}]})
    third = officer.create("suspect", {"family_name": "Nobody",
                                       "phones": [{"phone": "UNKNOWN"}]})
    case = officer.create("seizure", {"reference": "FR-77", "seizure_date": dt.date(2024, 5, 1)})
    officer.links.add(case.ref, first.ref, "SEIZ_SUSP_DRIVER")
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        app.open_record(first.ref)
        await wait_screen(pilot, RecordDetailScreen)
        await pilot.press("g")
        screen = await wait_screen(pilot, LinkAnalysisScreen)
        await wait_for(pilot, lambda: screen.network is not None, what="network explored")
        tree = screen.query_one("#links-tree")
        children = {child.data: str(child.label) for child in tree.root.children}
        assert set(children) == {case.ref, second.ref}
        assert "FR-77" in children[case.ref] and "link:" in children[case.ref]
        assert "Petrov" in children[second.ref] and "shared phone" in children[second.ref]
        assert third.ref not in screen.network.nodes
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordDetailScreen)
                       and app.screen.ref in (case.ref, second.ref), what="neighbour opened")
