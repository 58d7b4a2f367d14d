"""Create a fresh PostgreSQL database for the test suite and print its URL.

Exits 1 (printing nothing on stdout) when no server answers, so scripts/test can decide.
"""

from __future__ import annotations

import os
import sys

import psycopg

SERVER = os.environ.get("NCEN_TEST_PG_SERVER", "postgresql://postgres@127.0.0.1:5432/postgres")
NAME = os.environ.get("NCEN_TEST_PG_DATABASE", "ncen_test")


def main() -> int:
    try:
        admin = psycopg.connect(SERVER, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        print(f"pg_test_database: {str(exc).strip().splitlines()[0]}", file=sys.stderr)
        return 1
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{NAME}"')
    url = SERVER.rsplit("/", 1)[0] + f"/{NAME}"
    with psycopg.connect(url, autocommit=True) as database:
        database.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    print(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
