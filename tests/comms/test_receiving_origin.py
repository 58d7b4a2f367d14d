"""An office may only send its own records: a record, link or attachment whose origin is
not the sender quarantines the package."""

from __future__ import annotations

from receiving_world import (
    THIRD,
    assert_quarantined,
    attachment_line,
    link_line,
    png,
    record_line,
)


def test_a_record_of_another_office_is_refused(exchange):
    assert_quarantined(exchange, exchange.records([record_line(), record_line(origin=THIRD)]),
                       "origin-mismatch")


def test_a_link_of_another_office_is_refused(exchange):
    a, b = record_line(), record_line(reference="FR-2")
    package = exchange.records([a, b], links=[link_line(a, b, origin=THIRD)])

    assert_quarantined(exchange, package, "origin-mismatch")


def test_an_attachment_of_another_office_is_refused(exchange):
    record, photo = record_line(), png()
    package = exchange.records([record],
                               attachments=[(attachment_line(record, photo, origin=THIRD), photo)])

    assert_quarantined(exchange, package, "origin-mismatch")


def test_an_attachment_to_another_office_s_record_is_refused(exchange):
    record, photo = record_line(), png()
    theirs = record_line(origin=THIRD)
    package = exchange.records([record],
                               attachments=[(attachment_line(theirs, photo), photo)])

    assert_quarantined(exchange, package, "origin-mismatch")
