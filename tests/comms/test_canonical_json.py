"""Signed documents have exactly one encoding; anything else is refused before use."""

from __future__ import annotations

import datetime as dt

import pytest

from ncen_plugins.comms.wire import (
    StrictJsonError,
    decode_b64,
    dumps_canonical,
    format_time,
    loads_strict,
    parse_time,
)


def test_canonical_json_sorts_keys_and_has_no_spaces():
    assert dumps_canonical({"b": [1, "é"], "a": None}) == '{"a":null,"b":[1,"é"]}'.encode()


def test_canonical_json_reads_back_to_the_same_value():
    value = {"serial": 3, "names": ["Zoë", "東京"], "flag": True, "none": None}
    assert loads_strict(dumps_canonical(value), "doc") == value


@pytest.mark.parametrize(("raw", "problem"), [
    (b'{"a":1,"a":2}', "duplicate key 'a'"),
    (b'{"a":NaN}', "NaN"),
    (b'{"a":Infinity}', "Infinity"),
    (b'{"a":1.5}', "fractional"),
    (b'{"b":1,"a":2}', "canonical"),
    (b'{"a": 1}', "canonical"),
    (b'{"a":"\\u0041"}', "canonical"),
    (b'{"a":-0}', "canonical"),
    (b'{"a":"\\ud800"}', "surrogate"),
    (b'{"a":1', "not JSON"),
    (b'{"a":"\xff"}', "not UTF-8"),
], ids=["duplicate", "nan", "infinity", "float", "unsorted", "spaced", "escaped", "minus-zero",
        "surrogate", "truncated", "latin1"])
def test_strict_parsing_refuses_every_other_encoding(raw, problem):
    with pytest.raises(StrictJsonError, match=problem):
        loads_strict(raw, "doc")


def test_times_are_whole_seconds_in_utc_with_a_z():
    moment = dt.datetime(2025, 1, 31, 12, 0, 5, 999)
    assert format_time(moment) == "2025-01-31T12:00:05Z"
    assert parse_time("2025-01-31T12:00:05Z", "t") == moment.replace(microsecond=0)


@pytest.mark.parametrize("text", ["2025-01-31 12:00:05", "2025-01-31T12:00:05+00:00",
                                  "2025-02-30T12:00:05Z", 20250131])
def test_other_time_forms_are_refused(text):
    with pytest.raises(StrictJsonError):
        parse_time(text, "t")


def test_base64_keys_must_be_canonical_and_of_the_right_size():
    with pytest.raises(StrictJsonError, match="32 bytes"):
        decode_b64("AAAA", 32, "key")
    with pytest.raises(StrictJsonError, match="canonical"):
        decode_b64("AB==", 1, "key")
