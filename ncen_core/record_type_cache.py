"""What is derived once from a record type and reused for each of its records.

An import builds the search text and the identifiers of millions of records of one type;
which of its fields are searchable, or hold identifiers, is worked out once per record type
and kept here, looked up by the record type's identity (hashing a record type would hash
every one of its field specifications, each time).
"""

from __future__ import annotations

from typing import Callable, TypeVar

from ncen_core.fields import RecordType

T = TypeVar("T")

#: Record types remembered per derivation at most (tests build many registries).
KEPT = 64


def per_record_type(derive: Callable[[RecordType], T]) -> Callable[[RecordType], T]:
    """``derive``, computed once per record type (while :data:`KEPT` are not exceeded)."""
    cache: dict[int, tuple[RecordType, T]] = {}

    def cached(record_type: RecordType) -> T:
        found = cache.get(id(record_type))
        if found is None or found[0] is not record_type:
            if len(cache) >= KEPT:
                cache.clear()
            found = cache[id(record_type)] = (record_type, derive(record_type))
        return found[1]

    return cached
