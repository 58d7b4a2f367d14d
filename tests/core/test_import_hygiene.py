"""Importing the core stays light: never Textual; psycopg only where PostgreSQL is installed.

A fresh interpreter imports ``ncen_core`` and every module under it, loads every installed
``ncen`` plugin, then goes through an embedded start-up (configuration, plugin manager,
SQLite database) and reports which modules it ended up with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import importlib, importlib.metadata, json, pkgutil, sys
    from pathlib import Path

    import ncen_core

    for module in pkgutil.walk_packages(ncen_core.__path__, "ncen_core."):
        importlib.import_module(module.name)
    for entry_point in importlib.metadata.entry_points(group="ncen"):
        entry_point.load()

    from ncen_core.config import load_config
    from ncen_core.plugin_manager import build_plugin_manager
    from ncen_core.storage import open_database

    config = load_config(Path(sys.argv[1]))
    build_plugin_manager(config)
    open_database(config.database.url).close()
    print(json.dumps(sorted(sys.modules)))
    """
)


@pytest.fixture(scope="module")
def imported_modules(tmp_path_factory) -> set[str]:
    folder = tmp_path_factory.mktemp("hygiene")
    config = folder / "ncen.yaml"
    config.write_text(
        "database:\n  url: sqlite:///ncen.db\ndata_dir: data\nplugins:\n  folder: null\n",
        encoding="utf-8",
    )
    environ = {
        name: value
        for name, value in os.environ.items()
        if name not in ("NCEN_CONFIG", "NCEN_TRACE_PLUGINS")
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(config)],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout))


def test_importing_the_core_and_every_installed_plugin_never_imports_textual(imported_modules):
    assert not {name for name in imported_modules if name.split(".")[0] == "textual"}


def test_psycopg_is_only_an_optional_extra():
    """peewee imports psycopg whenever it is installed (DESIGN §9), so an embedded
    installation keeps it out by not installing it: it is required only by extras."""
    import importlib.metadata

    requirements = importlib.metadata.requires("ncen") or []
    psycopg = [r for r in requirements if r.lower().startswith("psycopg")]
    assert psycopg, "the postgres extra must require psycopg"
    assert all("extra ==" in r for r in psycopg), psycopg


def test_an_embedded_start_up_never_imports_psycopg_even_where_it_is_installed(imported_modules):
    """peewee and playhouse.migrate import psycopg whenever it is installed (about 100 ms and
    17 MB); ncen_core keeps it out until a PostgreSQL URL is opened."""
    assert not {name for name in imported_modules if name.split(".")[0] == "psycopg"}
