"""Worker of test_crash_safety.py: create many crates in one write transaction.

Usage: python bulk_create_worker.py DB_URL TMP_PATH USERNAME TOTAL REPORT_AFTER

Creates TOTAL crates (references ``BULK-00000``, ...) through the record service inside a
single write transaction. After REPORT_AFTER of them it prints ``written N``, so the test
knows the transaction is open and part done; after the commit it prints ``committed N``.
On SQLite its page cache is kept small, so that by then uncommitted pages are on disk.
"""

from __future__ import annotations

import sys

from installation import open_installation, service_for

from ncen_core.storage import is_sqlite, write_transaction

#: A page cache this small spills uncommitted pages into the WAL file long before the
#: commit, as a large import does, so a kill leaves uncommitted frames on disk.
SQLITE_CACHE_PAGES = 50


def main(db_url: str, tmp_path: str, username: str, total: str, report_after: str) -> None:
    ncen = open_installation(db_url, tmp_path)
    service = service_for(ncen, username)
    if is_sqlite(ncen.database):
        ncen.database.execute_sql(f"PRAGMA cache_size = {SQLITE_CACHE_PAGES}")
    with write_transaction(ncen.database):
        for number in range(int(total)):
            service.create("crate", {"reference": f"BULK-{number:05d}", "count": 0})
            if number + 1 == int(report_after):
                print(f"written {number + 1}", flush=True)
    print(f"committed {total}", flush=True)
    ncen.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
