"""Merging the streams of every record type into one page, and the cursor of the next page.

Each stream arrives in its own order; the page takes, again and again, the best head of any
stream (by :attr:`RankedHit.order`), so no stream is ever read out of its order and each
only needs to say where it stopped. The cursor is that: for every stream with hits left,
the key after which it continues. It is opaque to users (base64 of JSON) and bound to the
query and record types it was made for.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from ncen_core.search.errors import CursorError
from ncen_core.search.request import STAGES, RankedHit

CURSOR_VERSION = 1


def merge(hits: Sequence[RankedHit], after: Mapping[str, Any] | None,
          limit: int) -> tuple[list[RankedHit], dict[str, Any]]:
    """The best ``limit`` hits, and where each stream with hits left continues.

    ``hits`` holds, per stream and in stream order, up to ``limit + 1`` hits; ``after`` is
    where the streams started (None on the first page).
    """
    streams: dict[str, list[RankedHit]] = {}
    for hit in hits:
        streams.setdefault(hit.stream, []).append(hit)
    taken = dict.fromkeys(streams, 0)
    page: list[RankedHit] = []
    while len(page) < limit:
        heads = [(items[taken[name]], name) for name, items in streams.items()
                 if taken[name] < len(items)]
        if not heads:
            break
        best, name = min(heads, key=lambda head: head[0].order)
        page.append(best)
        taken[name] += 1
    continuing: dict[str, Any] = {}
    for name, items in streams.items():
        if taken[name] == len(items):
            continue
        if taken[name]:
            continuing[name] = items[taken[name] - 1].position
        elif after is not None:
            continuing[name] = after[name]
        else:
            continuing[name] = [items[0].stage]
    return page, continuing


def fingerprint(query: str, record_types: Sequence[str]) -> str:
    """What a cursor is bound to: the query text and the record types asked for."""
    material = json.dumps([query, sorted(record_types)], ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


def encode_cursor(search: str, continuing: Mapping[str, Any]) -> str:
    """The cursor of the next page of the search fingerprinted ``search``."""
    payload = json.dumps({"v": CURSOR_VERSION, "q": search, "after": continuing},
                         separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, search: str) -> dict[str, Any]:
    """Where each stream continues; CursorError if the cursor is damaged or not this search's."""
    try:
        padded = cursor.strip() + "=" * (-len(cursor.strip()) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        version, fingerprinted, after = payload["v"], payload["q"], payload["after"]
    except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error):
        raise CursorError("the page cursor is damaged; run the search again") from None
    if version != CURSOR_VERSION or not isinstance(after, dict) or not all(
            map(_is_position, after.values())):
        raise CursorError("the page cursor is damaged; run the search again")
    if fingerprinted != search:
        raise CursorError("the page cursor belongs to another search; run this search again")
    return after


def _is_position(position: Any) -> bool:
    """A stage name followed by numbers, as :mod:`.streams` writes positions."""
    return (isinstance(position, list) and bool(position) and position[0] in STAGES
            and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                    for v in position[1:]))
