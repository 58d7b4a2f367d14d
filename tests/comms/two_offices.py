"""Two real offices for the transport, message and end-to-end tests.

Each office has its own database, keystore file (its keys are read back from it, as an
installed office unlocks them) and copy of the keyring; both route packages
through one shared exchange folder (``<shared>/<OFFICE>`` is each office's inbox), as
offices on one shared drive would. Office codes: FR-CDG and BE-BRU (both in group EU),
plus NL-AMS, enrolled in the keyring but without an installation.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from exchange_world import PASSPHRASE, TEST_WORK_FACTOR, World, make_world
from ncen_testing import USER_PASSWORD, make_config, open_initialised

from ncen_core.app import Ncen
from ncen_core.config import ExchangeConfig
from ncen_core.record_service import RecordService
from ncen_core.users import add_user
from ncen_plugins.comms.keyring import Keyring
from ncen_plugins.comms.keys import OfficeKeys, keystore_path, load_keystore, save_keystore

CODES = ("FR-CDG", "BE-BRU", "NL-AMS")


@dataclass
class Office:
    """One installed office: its installation, keys, keyring and an officer's session."""

    ncen: Ncen
    keys: OfficeKeys
    keyring: Keyring
    officer: RecordService
    inbox: Path

    @property
    def code(self) -> str:
        return self.keys.office


def exchange_config(shared: Path, code: str) -> ExchangeConfig:
    """Routes to ``<shared>/<OFFICE>`` for every office; the inbox is this office's folder."""
    return ExchangeConfig(inbox=(shared / code).as_uri(),
                          routes=types.MappingProxyType({"*": f"{shared.as_uri()}/{{office}}"}))


def install_office(db_url: str, folder: Path, shared: Path, keys: OfficeKeys,
                   keyring: Keyring, **config) -> Office:
    """An initialised installation of office ``keys.office`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = make_config(db_url, folder, exchange=exchange_config(shared, keys.office),
                           **config)
    ncen = open_initialised(settings, office=keys.office)
    user = add_user(ncen.system, f"officer.{keys.office.lower()}", USER_PASSWORD, "officer",
                    full_name="Duty Officer", unit="EXCH")
    keystore = keystore_path(settings.data_dir)
    save_keystore(keys, keystore, PASSPHRASE, work_factor=TEST_WORK_FACTOR)
    return Office(ncen, load_keystore(keystore, PASSPHRASE), keyring,
                  RecordService(ncen, user), shared / keys.office)


def offices_world():
    """Headquarters and the keys of every office, with the keyring they all hold."""
    world = make_world(*CODES)
    return world, world.keyring()


def office_pair(fr_url: str, tmp_path: Path, **config) -> Iterator[tuple[Office, Office, World]]:
    """Yield FR-CDG (on ``fr_url``) and BE-BRU (on SQLite) sharing ``tmp_path/exchange``,
    with the world that enrolled them; both closed afterwards."""
    world, keyring = offices_world()
    shared = tmp_path / "exchange"
    fr = install_office(fr_url, tmp_path / "fr", shared, world.offices["FR-CDG"], keyring,
                        **config)
    be = install_office(f"sqlite:///{tmp_path / 'be.db'}", tmp_path / "be", shared,
                        world.offices["BE-BRU"], keyring, **config)
    try:
        yield fr, be, world
    finally:
        fr.ncen.close()
        be.ncen.close()
