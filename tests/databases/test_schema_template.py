"""The test session's schema template (tests/schema_template.py) gives a database exactly
the schema and migration rows that an upgrade of an empty database makes."""

from __future__ import annotations

import contextlib
import sqlite3

import schema_template
from databases_support import open_databases


def _contents(path):
    with contextlib.closing(sqlite3.connect(path)) as database:
        schema = database.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()
        migrations = database.execute("SELECT plugin, number, name FROM ncen_schema_migration "
                                      "ORDER BY plugin, number").fetchall()
    return schema, migrations


def test_a_copied_schema_is_the_schema_an_upgrade_makes(tmp_path, monkeypatch):
    for name in ("first", "copied"):
        open_databases(f"sqlite:///{tmp_path / f'{name}.db'}", tmp_path / name).close()
    monkeypatch.setattr(schema_template, "upgrade_from_template", lambda ncen: None)
    open_databases(f"sqlite:///{tmp_path / 'upgraded.db'}", tmp_path / "upgraded").close()

    copied, upgraded = _contents(tmp_path / "copied.db"), _contents(tmp_path / "upgraded.db")
    assert len(copied[0]) > 100 and len(copied[1]) > 10
    assert copied == upgraded


def test_a_copy_is_a_database_of_its_own(tmp_path):
    first = open_databases(f"sqlite:///{tmp_path / 'a.db'}", tmp_path / "a")
    second = open_databases(f"sqlite:///{tmp_path / 'b.db'}", tmp_path / "b")
    try:
        first.system.Meta.create(key="only-in-a", value="1")
        assert second.system.Meta.get_or_none(second.system.Meta.key == "only-in-a") is None
    finally:
        first.close()
        second.close()
