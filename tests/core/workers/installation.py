"""What every worker needs: the installation a test prepared, opened from the same URL.

Importing this module puts ``tests/`` and ``tests/core/`` on ``sys.path`` so that workers
load the same plugin modules, under the same names, as the test that started them.
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parents[2]
for folder in (TESTS_DIR, TESTS_DIR / "core"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import sample_plugin
from ncen_testing import make_config

from ncen_core.app import Ncen, open_ncen
from ncen_core.record_service import RecordService
from ncen_core.users import get_user
from workers import crate_plugin

PLUGINS = (sample_plugin, crate_plugin)


def open_installation(db_url: str, tmp_path: str) -> Ncen:
    """Open the installation at ``db_url`` with the tests' configuration and plugins.

    ``tmp_path`` is the test's ``tmp_path``, so the configuration is the one the test built
    with ``make_config(db_url, tmp_path)``. The schema must already be current.
    """
    return open_ncen(make_config(db_url, Path(tmp_path)), extra_plugins=PLUGINS)


def service_for(ncen: Ncen, username: str) -> RecordService:
    """A record service acting as ``username``, created beforehand by the test.

    No login: a login writes its own audit entry, and the workers' writes should be only
    the ones under test.
    """
    return RecordService(ncen, get_user(ncen.system, username))
