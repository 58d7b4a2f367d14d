"""The tables of analytic rules, and the migrations that create them.

The rules subsystem numbers its own migrations (plugin name ``rules``), registered by the
core plugin, so they never collide with the core's. Four tables:

- ``ncen_rule``: one saved rule (name, record type, query, thresholds as JSON, owner).
- ``ncen_rule_subscriber``: who is notified when the rule fires.
- ``ncen_rule_hit``: one row per rule and record version that fired; its primary key is
  what makes a rule fire once per record version, however often the record arrives.
- ``ncen_notification``: one row per subscriber and hit, until acknowledged.
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

from ncen_core.migrations import Migration
from ncen_core.storage import is_sqlite

PLUGIN = "rules"
RULE = "ncen_rule"
SUBSCRIBER = "ncen_rule_subscriber"
HIT = "ncen_rule_hit"
NOTIFICATION = "ncen_notification"


def _create_tables(database: pw.Database) -> None:
    database.execute_sql(
        f"CREATE TABLE {RULE} (name VARCHAR(100) PRIMARY KEY, description TEXT NOT NULL, "
        "record_type VARCHAR(40) NOT NULL, query TEXT NOT NULL, thresholds TEXT NOT NULL, "
        "owner VARCHAR(64) NOT NULL, created_at TIMESTAMP NOT NULL, "
        "updated_at TIMESTAMP NOT NULL)")
    database.execute_sql(f"CREATE INDEX {RULE}_type ON {RULE} (record_type)")
    database.execute_sql(
        f"CREATE TABLE {SUBSCRIBER} (rule VARCHAR(100) NOT NULL, username VARCHAR(64) NOT NULL, "
        "PRIMARY KEY (rule, username))")
    database.execute_sql(
        f"CREATE TABLE {HIT} (rule VARCHAR(100) NOT NULL, record_type VARCHAR(40) NOT NULL, "
        "record_origin VARCHAR(32) NOT NULL, record_uuid VARCHAR(36) NOT NULL, "
        "record_version INTEGER NOT NULL, reason TEXT NOT NULL, hit_at TIMESTAMP NOT NULL, "
        "PRIMARY KEY (rule, record_type, record_origin, record_uuid, record_version))")
    key = "INTEGER" if is_sqlite(database) else "BIGSERIAL"
    database.execute_sql(
        f"CREATE TABLE {NOTIFICATION} (id {key} PRIMARY KEY, username VARCHAR(64) NOT NULL, "
        "rule VARCHAR(100) NOT NULL, record_type VARCHAR(40) NOT NULL, "
        "record_origin VARCHAR(32) NOT NULL, record_uuid VARCHAR(36) NOT NULL, "
        "record_version INTEGER NOT NULL, reason TEXT NOT NULL, created_at TIMESTAMP NOT NULL, "
        "acknowledged_at TIMESTAMP NULL)")
    database.execute_sql(f"CREATE INDEX {NOTIFICATION}_inbox "
                         f"ON {NOTIFICATION} (username, acknowledged_at, id)")


MIGRATIONS = (Migration(PLUGIN, 1, "create the analytic rule and notification tables",
                        _create_tables),)


def stored_time(value: object) -> dt.datetime:
    """A timestamp read back with plain SQL: SQLite hands it over as text, PostgreSQL as a
    datetime."""
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
