"""Opening the database named by one URL: embedded SQLite or shared PostgreSQL.

``sqlite:///path/ncen.db`` is the embedded default (WAL, foreign keys, busy timeout);
``postgresql://user@host/db`` is for a headquarters installation shared by many
workstations. psycopg is imported only for a PostgreSQL URL (:mod:`ncen_core.postgres_driver`),
so an embedded installation never pays for it at start-up, even where it is installed.
"""

from __future__ import annotations

import contextlib
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import peewee

from ncen_core.errors import DatabaseError
from ncen_core.postgres_driver import load_psycopg

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 30_000,
    "synchronous": "normal",
    "cache_size": -32_000,
}


def open_database(url: str) -> peewee.Database:
    """Open (and for SQLite create) the database at ``url`` and check that it answers."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        database = _open_sqlite(url)
    elif scheme in ("postgresql", "postgres"):
        database = _open_postgresql(url)
    else:
        raise DatabaseError(
            f"database URL {redact_url(url)!r}: unknown scheme {scheme!r} "
            "(expected sqlite:///PATH or postgresql://USER@HOST/DB)"
        )
    try:
        database.connect(reuse_if_open=True)
    except peewee.OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseError(f"cannot open database {redact_url(url)}: {first_line}") from None
    return database


def is_sqlite(database: peewee.Database | peewee.DatabaseProxy) -> bool:
    """True for the embedded backend; used where SQL differs between backends."""
    if isinstance(database, peewee.DatabaseProxy):
        database = database.obj
    return isinstance(database, peewee.SqliteDatabase)


def sqlite_path(url: str) -> Path:
    """The file path of a ``sqlite:///`` URL (``sqlite:////abs`` and ``sqlite:///rel``)."""
    parsed = urllib.parse.urlsplit(url)
    path = urllib.parse.unquote(parsed.path)
    if path.startswith("/") and not url.startswith("sqlite:////"):
        path = path[1:]
    if not path or path == ":memory:":
        raise DatabaseError(f"database URL {url!r}: an embedded database needs a file path")
    return Path(path)


def redact_url(url: str) -> str:
    """The URL with any password replaced, safe to show in messages and logs."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.password:
        netloc = parsed.netloc.replace(f":{parsed.password}@", ":***@")
        return urllib.parse.urlunsplit(parsed._replace(netloc=netloc))
    return url


def _open_sqlite(url: str) -> peewee.SqliteDatabase:
    path = sqlite_path(url)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"cannot create the folder for {path}: {exc.strerror}") from None
    return peewee.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, check_same_thread=False)


def _open_postgresql(url: str) -> peewee.PostgresqlDatabase:
    try:
        load_psycopg()
    except ImportError:
        raise DatabaseError(
            "PostgreSQL support is not installed: pip install 'ncen[postgres]'"
        ) from None
    parsed = urllib.parse.urlsplit(url)
    params = dict(urllib.parse.parse_qsl(parsed.query))
    params.setdefault("connect_timeout", "10")
    return peewee.PostgresqlDatabase(
        urllib.parse.unquote(parsed.path.lstrip("/")) or None,
        user=urllib.parse.unquote(parsed.username) if parsed.username else None,
        password=urllib.parse.unquote(parsed.password) if parsed.password else None,
        host=parsed.hostname,
        port=parsed.port,
        # Server-side prepared statements can settle on generic plans that make
        # full-text search 10-100x slower (DESIGN §9).
        prepare_threshold=None,
        **params,
    )


@contextlib.contextmanager
def write_transaction(database: peewee.Database | peewee.DatabaseProxy) -> Iterator[None]:
    """Run the block as one write transaction (a savepoint when already inside one).

    Every write goes through this. On SQLite the outermost level starts with
    ``BEGIN IMMEDIATE``: a deferred transaction that reads and then writes fails with
    SQLITE_BUSY when another connection committed in between (WAL snapshot rule), while
    an immediate one takes the write lock first and waits its turn (busy timeout), so
    writers are serialised. Nested blocks are plain savepoints.

    A write lock that another workstation holds longer than the busy timeout is reported
    as a DatabaseError (a message to try again), not as a crash.
    """
    target = database.obj if isinstance(database, peewee.DatabaseProxy) else database
    if is_sqlite(target) and not target.in_transaction():
        block = target.atomic(lock_type="IMMEDIATE")
    else:
        block = target.atomic()
    try:
        with block:
            yield
    except peewee.OperationalError as exc:
        if "database is locked" not in str(exc):
            raise
        raise DatabaseError(
            "the database is busy: another user or process is writing a large change; "
            "nothing was saved, try again in a moment"
        ) from None


def refresh_planner_statistics(database: peewee.Database | peewee.DatabaseProxy) -> None:
    """After a bulk load on PostgreSQL, analyse this installation's tables and flush the
    pending lists of its GIN indexes.

    Why: until autovacuum gets round to a freshly loaded table, the planner has no
    statistics for it and every full-text lookup scans the GIN index's unsorted pending
    list; searches right after a national import were measured 600 ms instead of 1 ms.
    Only the installation's own schema is touched. SQLite keeps its plans without
    statistics (the search SQL is written for that), so nothing is done there.
    """
    target = database.obj if isinstance(database, peewee.DatabaseProxy) else database
    if is_sqlite(target):
        return
    tables = [row[0] for row in target.execute_sql(
        "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema()")]
    if tables:
        target.execute_sql("ANALYZE " + ", ".join(tables))
    target.execute_sql(
        "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i"
        " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
        " WHERE a.amname = 'gin' AND c.relnamespace = current_schema()::regnamespace")
