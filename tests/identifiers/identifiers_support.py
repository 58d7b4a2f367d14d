"""An installation with the built-in databases for the identifier tests, owned by an office
whose country is known (``FR-CDG``: national phone numbers are French) or not (``XA-TEST``)."""

from __future__ import annotations

from pathlib import Path

from ncen_core.app import Ncen, open_ncen
from ncen_core.config import Config, DatabaseConfig, PluginsConfig
from ncen_core.office import initialise_office
from ncen_core.record_service import RecordService
from ncen_core.users import add_user


def open_databases(db_url: str, tmp_path: Path, *, office: str = "FR-CDG",
                   fields_dirs: tuple[Path, ...] = ()) -> Ncen:
    """An initialised installation of ``office`` with the seizure, suspect and company types."""
    config = Config(database=DatabaseConfig(url=db_url), data_dir=tmp_path / "data",
                    plugins=PluginsConfig(folder=None), fields_dirs=fields_dirs)
    ncen = open_ncen(config, require_current_schema=False)
    initialise_office(ncen, office, "Test office", "admin", "admin-password-1")
    return ncen


def officer(ncen: Ncen) -> RecordService:
    """The record service of an officer of unit A."""
    user = add_user(ncen.system, "olga", "user-password-1", "officer", full_name="Olga", unit="A")
    return RecordService(ncen, user)
