"""Worker of test_concurrency.py: increment the counters of shared records, read-modify-write.

Usage: python update_worker.py DB_URL TMP_PATH USERNAME UPDATES REF [REF ...]

Opens its own installation (its own connection), prints ``ready``, then waits for a line on
stdin: the start signal, so that every worker begins at once. It then makes UPDATES
increments, to the records REF (``crate:ORIGIN:UUID``) in turn. An increment reads the
record and saves ``count + 1`` at the version it read; on ConflictError it reads again and
retries. An increment that overwrote another one would therefore be missing from the final
counts. Prints one JSON line: ``{"updates": N, "conflicts": N}``.
"""

from __future__ import annotations

import json
import sys

from installation import open_installation, service_for

from ncen_core.errors import ConflictError
from ncen_core.record_service import RecordService
from ncen_core.records import RecordRef


def increment(service: RecordService, ref: RecordRef) -> int:
    """Add one to the record's count, retrying after conflicts; returns the conflicts met."""
    conflicts = 0
    while True:
        record = service.get(ref)
        try:
            service.update(ref, {"count": record.values["count"] + 1},
                           expected_version=record.version)
        except ConflictError:
            conflicts += 1
        else:
            return conflicts


def main(db_url: str, tmp_path: str, username: str, updates: str, *refs: str) -> None:
    ncen = open_installation(db_url, tmp_path)
    service = service_for(ncen, username)
    targets = [RecordRef(*ref.split(":")) for ref in refs]
    print("ready", flush=True)
    sys.stdin.readline()
    done = conflicts = 0
    for number in range(int(updates)):
        conflicts += increment(service, targets[number % len(targets)])
        done += 1
    ncen.close()
    print(json.dumps({"updates": done, "conflicts": conflicts}), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
