"""The TUI's data layer reads little: a list page is one query, a record's links cost one
query per record type at their other ends, not one per link."""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import contextmanager

import pytest

from ncen_tui.data.record_detail import load_detail, titles_of
from ncen_tui.data.record_pages import ListOrder, cursor_of, fetch_page
from ncen_testing import statements_run_by

ITEMS = [{"commodity": "DRUGS", "quantity": {"amount": "2", "unit": "KG"}}]


@contextmanager
def statements():
    """The SQL statements peewee runs inside the block."""
    seen: list[str] = []

    class Recorder(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.msg[0])

    logger, handler = logging.getLogger("peewee"), Recorder()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield seen
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def officer(service_for):
    return service_for("olga")


def seizure(officer, number: int):
    return officer.create("seizure", {
        "reference": f"FR-{number:03d}", "seizure_date": dt.date(2024, 1, 1),
        "transport_mode": "4", "items": ITEMS})


def test_a_list_page_is_one_query_holding_the_list_columns_without_child_tables(officer):
    for number in range(3):
        seizure(officer, number)
    with statements() as seen:
        page = fetch_page(officer, "seizure", ListOrder(), None)
    assert len(seen) == 1
    assert [r.values["reference"] for r in page.records] == ["FR-002", "FR-001", "FR-000"]
    assert all("items" not in r.values for r in page.records)


def test_a_filtered_list_page_is_one_query_too(officer):
    seizure(officer, 1)
    with statements() as seen:
        page = fetch_page(officer, "seizure", ListOrder(), None, filters={"transport_mode": "4"})
    assert len(seen) == 1
    assert [r.values["reference"] for r in page.records] == ["FR-001"]


def test_opening_a_record_reads_it_whole(officer):
    record = seizure(officer, 1)
    detail = load_detail(officer, record.ref, "en")
    assert detail.record.values["items"][0]["commodity"] == "DRUGS"


def link_people(officer, record, count: int) -> None:
    for number in range(count):
        person = officer.create("suspect", {"family_name": f"Doe{number}", "given_names": "Jo"})
        officer.links.add(record.ref, person.ref, "SEIZ_SUSP_COURIER")


def test_link_titles_cost_the_same_queries_for_one_link_as_for_five(officer):
    one, five = seizure(officer, 1), seizure(officer, 2)
    link_people(officer, one, 1)
    link_people(officer, five, 5)
    company = officer.create("company", {"legal_name": "Acme Freight", "country": "NL"})
    for record in (one, five):
        officer.links.add(record.ref, company.ref, "SEIZ_COMP_CARRIER")
    with statements() as for_one:
        load_detail(officer, one.ref, "en")
    with statements() as for_five:
        detail = load_detail(officer, five.ref, "en")
    assert len(for_five) == len(for_one)
    assert sorted(row.other_title for row in detail.links) == [
        "Acme Freight (NL)", *(f"Doe{n}, Jo ()" for n in range(5))]


def test_a_deleted_record_at_the_other_end_has_no_title(officer):
    record = seizure(officer, 1)
    person = officer.create("suspect", {"family_name": "Gone"})
    officer.tombstone(person.ref, expected_version=person.version)
    assert titles_of(officer, [person.ref, record.ref]) == {record.ref: "FR-001 2024-01-01"}


def test_records_sharing_a_sort_value_page_in_id_order_forwards_and_back(officer):
    """An import stamps all its records with one time: the tie is paged by id, each record
    once, and the page after the tie continues with the older records."""
    older = seizure(officer, 0)
    tied = [seizure(officer, number) for number in range(1, 8)]
    main = officer.ncen.models_for("seizure").main
    main.update(updated_at=dt.datetime(2025, 1, 1)).where(
        main.id.in_([r.id for r in tied])).execute()
    main.update(updated_at=dt.datetime(2024, 1, 1)).where(main.id == older.id).execute()
    order, cursor, seen = ListOrder(), None, []
    while True:
        page = fetch_page(officer, "seizure", order, cursor, limit=3)
        seen += [r.values["reference"] for r in page.records]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == [f"FR-{n:03d}" for n in range(7, 0, -1)] + ["FR-000"]
    back = fetch_page(officer, "seizure", order, cursor_of_reference(officer, "FR-002"),
                      backwards=True, limit=3)
    assert [r.values["reference"] for r in back.records] == ["FR-005", "FR-004", "FR-003"]


def cursor_of_reference(officer, reference: str):
    record = next(r for r in fetch_page(officer, "seizure", ListOrder(), None).records
                  if r.values["reference"] == reference)
    return cursor_of(record, ListOrder())


def test_titles_are_read_through_the_identity_index(officer):
    """The other ends of links are found by (origin, uuid), the index every record table
    has: by UUID alone, a record with a linked company read all 100,000 companies."""
    person = officer.create("suspect", {"family_name": "Doe", "given_names": "Jo"})
    database = officer.ncen.database
    found = statements_run_by(officer.ncen, lambda: titles_of(officer, [person.ref]))
    sql, params = next((s, p) for s, p in found if "rec_suspect" in s)
    if database.__class__.__name__.startswith("Sqlite"):
        plan = " ".join(str(row) for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql,
                                                                   params))
    else:
        with database.atomic():
            database.execute_sql("SET LOCAL enable_seqscan = off")
            plan = " ".join(row[0] for row in database.execute_sql("EXPLAIN " + sql, params))
    assert "suspect_origin_uuid" in plan
