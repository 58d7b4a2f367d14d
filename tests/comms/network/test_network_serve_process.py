"""``ncen serve`` as a real process: it unlocks the keystore, listens, serves, stops on
SIGTERM as systemd stops it, and a resend after it was killed gets the same receipt."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from dataclasses import replace

import pytest
from ncen_testing import open_office
from network_world import FAST, make_world, seal_message

from ncen_plugins.comms.keys import keystore_path, save_keystore
from ncen_plugins.comms.network.client import Connection
from ncen_plugins.comms.network.frames import FrameType
from ncen_plugins.comms.network.given_receipts import GivenReceipts
from ncen_plugins.comms.network.office_handler import HOLD_BEFORE_RECEIPT
from ncen_plugins.comms.network.status import read_status
from ncen_plugins.comms.receipts import verify_receipt

PASSPHRASE = "correct horse battery staple"
LISTENING = re.compile(r"listening on [\d.]+:(\d+)")


@pytest.fixture
def world():
    return make_world("FR-CDG", "NL-AMS")


def prepare(world, code, data_dir, database_url, tmp_path):
    """Keystore, keyring and configuration file of ``code``; returns the configuration."""
    save_keystore(world.offices[code], keystore_path(data_dir), PASSPHRASE, work_factor=10)
    world.install_keyring(data_dir)
    (tmp_path / "passphrase").write_text(PASSPHRASE + "\n")
    (tmp_path / "passphrase").chmod(0o600)
    config = tmp_path / f"{code}.yaml"
    config.write_text(f'database:\n  url: "{database_url}"\ndata_dir: "{data_dir}"\n'
                      "plugins:\n  folder: null\nfields_dirs: []\n", encoding="utf-8")
    return config


class Served:
    """A running ``ncen serve`` and the port it reported."""

    def __init__(self, config, *args, **extra_environment):
        environment = dict(os.environ, NCEN_CONFIG=str(config), **extra_environment)
        environment.pop("NCEN_KEY_PASSPHRASE", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ncen_core.cli", "serve", "--listen", "127.0.0.1:0", *args],
            env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.port = self._port()

    def _read(self):
        for line in self.process.stderr:
            self.lines.put(line)
        self.lines.put("")

    def _port(self) -> int:
        seen = []
        while True:
            line = self.lines.get(timeout=60)
            seen.append(line)
            if not line:
                pytest.fail("ncen serve ended before listening:\n" + "".join(seen))
            if match := LISTENING.search(line):
                return int(match.group(1))

    def wait_for(self, text: str) -> str:
        """The first line of the server's log holding ``text``."""
        while line := self.lines.get(timeout=120):
            if text in line:
                return line
        pytest.fail(f"ncen serve ended before logging {text!r}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


def test_the_relay_process_stores_a_package_and_stops_cleanly_on_sigterm(world, tmp_path):
    data_dir = tmp_path / "relay-data"
    config = prepare(world, "HQ-RELAY", data_dir, f"sqlite:///{tmp_path / 'unused.db'}",
                     tmp_path)
    served = Served(config, "--relay", "--passphrase-file", tmp_path / "passphrase")
    try:
        keyring = world.keyring()
        package_id, path = seal_message(world.offices["FR-CDG"], keyring, "NL-AMS",
                                        tmp_path / "sealed", "via-relay")
        with Connection.open(world.offices["FR-CDG"], keyring, "HQ-RELAY",
                             ("127.0.0.1", served.port), limits=FAST) as connection:
            reply = connection.push_file("package", "NL-AMS", package_id, path)
        assert reply.type is FrameType.STORED
        stored = data_dir / "network" / "mailbox" / "NL-AMS" / f"{package_id}.package.FR-CDG"
        assert stored.read_bytes() == path.read_bytes()
        status = read_status(data_dir / "network")
        assert (status.role, status.office, status.running) == ("relay", "HQ-RELAY", True)
        assert status.address == f"127.0.0.1:{served.port}"
    finally:
        assert served.stop() == 0
    assert not (tmp_path / "unused.db").exists()


def test_the_office_process_imports_a_package_and_answers_with_its_signed_receipt(world,
                                                                                   tmp_path):
    ncen = open_office(f"sqlite:///{tmp_path / 'c.db'}", tmp_path, office="NL-AMS")
    data_dir = ncen.config.data_dir
    ncen.close()
    config = prepare(world, "NL-AMS", data_dir, f"sqlite:///{tmp_path / 'c.db'}", tmp_path)
    served = Served(config, "--passphrase-file", tmp_path / "passphrase")
    try:
        keyring = world.keyring()
        package_id, path = seal_message(world.offices["FR-CDG"], keyring, "NL-AMS",
                                        tmp_path / "sealed", "direct")
        with Connection.open(world.offices["FR-CDG"], keyring, "NL-AMS",
                             ("127.0.0.1", served.port), limits=FAST) as connection:
            reply = connection.push_file("package", "NL-AMS", package_id, path)
        receipt = verify_receipt(keyring, reply.payload)
        assert (receipt.package_id, receipt.from_office, receipt.status) == (
            package_id, "NL-AMS", "imported")
    finally:
        assert served.stop() == 0


def test_a_receiver_killed_after_committing_answers_the_resend_with_the_same_receipt(
        world, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'c.db'}"
    ncen = open_office(database_url, tmp_path, office="NL-AMS")
    data_dir = ncen.config.data_dir
    config = prepare(world, "NL-AMS", data_dir, database_url, tmp_path)
    keyring = world.keyring()
    package_id, path = seal_message(world.offices["FR-CDG"], keyring, "NL-AMS",
                                    tmp_path / "sealed", "killed")
    patient = replace(FAST, idle_timeout=120.0, overall_timeout=300.0)

    def push(port: int):
        with Connection.open(world.offices["FR-CDG"], keyring, "NL-AMS",
                             ("127.0.0.1", port), limits=patient) as connection:
            return connection.push_file("package", "NL-AMS", package_id, path)

    held = Served(config, "--passphrase-file", tmp_path / "passphrase",
                  **{HOLD_BEFORE_RECEIPT: "1"})
    cut = []
    sender = threading.Thread(target=lambda: cut.append(_failure_of(push, held.port)))
    sender.start()
    held.wait_for("holding the receipt")
    held.process.kill()
    assert held.process.wait(timeout=60) == -signal.SIGKILL
    sender.join(timeout=60)
    assert cut and cut[0] is not None
    kept = GivenReceipts(ncen.database).kept(package_id, "FR-CDG")
    ncen.close()
    assert kept is not None

    served = Served(config, "--passphrase-file", tmp_path / "passphrase")
    try:
        first, second = push(served.port), push(served.port)
    finally:
        assert served.stop() == 0
    assert first.payload == second.payload == kept
    receipt = verify_receipt(keyring, first.payload)
    assert (receipt.package_id, receipt.to_office, receipt.status) == (
        package_id, "FR-CDG", "imported")
    assert "duplicate" in served.wait_for(f"package {package_id} from FR-CDG")


def _failure_of(action, *args) -> Exception | None:
    """The exception ``action(*args)`` raised, or None."""
    try:
        action(*args)
    except Exception as error:  # noqa: BLE001 - any way of losing the connection will do
        return error
    return None
