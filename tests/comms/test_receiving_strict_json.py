"""Strict JSON lines: a record line with duplicate keys, NaN or Infinity, a fractional
number, a key unknown or missing, or a value of the wrong type quarantines the package
with reason ``payload``, naming the part and line."""

from __future__ import annotations

import json

import pytest
from receiving_world import assert_quarantined, jsonl, record_line


def _package(exchange, bad_line: bytes):
    good = jsonl([record_line()])
    return exchange.seal({
        "share.json": json.dumps({"payload": 1, "audience": {"kind": "all", "name": "all",
                                                             "legal_basis": ""},
                                  "record_count": 2}).encode(),
        "records.jsonl": good + bad_line + b"\n",
    })


def _line(**changes) -> dict:
    line = record_line()
    line.update(changes)
    return line


def _text(line: dict) -> bytes:
    return json.dumps(line).encode()


BAD_LINES = {
    "duplicate key": lambda: _text(_line())[:-1] + b', "uuid": "' + _line()["uuid"].encode()
    + b'"}',
    "duplicate key in fields": lambda: _text(_line()).replace(
        b'"fields": {', b'"fields": {"name": "A", "name": "B", ', 1),
    "NaN": lambda: _text(_line()).replace(b'"fields": {', b'"fields": {"count": NaN, ', 1),
    "Infinity": lambda: _text(_line()).replace(b'"fields": {',
                                               b'"fields": {"value": -Infinity, ', 1),
    "fractional number": lambda: _text(_line()).replace(b'"fields": {',
                                                        b'"fields": {"value": 1.5, ', 1),
    "unknown key": lambda: _text(_line(colour="RED")),
    "missing key": lambda: _text({k: v for k, v in _line().items() if k != "tlp"}),
    "version as text": lambda: _text(_line(version="1")),
    "deleted as number": lambda: _text(_line(deleted=0)),
    "unknown status": lambda: _text(_line(status="final-ish")),
    "uuid not a uuid4": lambda: _text(_line(uuid="../../x")),
    "fields not an object": lambda: _text(_line(fields=["reference"])),
    "tombstone with fields": lambda: _text(_line(deleted=True)),
    "not an object": lambda: b'["a", "list"]',
    "not UTF-8": lambda: _text(_line()).replace(b'"FR-1"', b'"FR-\xff"'),
    "empty line": lambda: b"",
}


@pytest.mark.parametrize("problem", sorted(BAD_LINES))
def test_a_malformed_record_line_quarantines_the_package(exchange, problem):
    result = assert_quarantined(exchange, _package(exchange, BAD_LINES[problem]()), "payload")

    assert "records.jsonl line 2" in result.message


def test_duplicate_keys_in_share_json_are_refused(exchange):
    package = exchange.seal({
        "share.json": b'{"payload": 1, "payload": 1, "audience": {}, "record_count": 0}',
        "records.jsonl": b""})

    result = assert_quarantined(exchange, package, "payload")
    assert "share.json" in result.message


def test_a_record_count_that_does_not_match_is_refused(exchange):
    assert_quarantined(exchange, exchange.records([record_line()], record_count=2), "payload")


def test_an_unexpected_part_is_refused(exchange):
    package = exchange.records([record_line()], extra={"notes.txt": b"hello"})

    assert_quarantined(exchange, package, "payload")
