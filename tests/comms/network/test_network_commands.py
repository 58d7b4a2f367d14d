"""The keyring watch of ``ncen serve``, key unlocking, and ``ncen outbox`` on the command line."""

from __future__ import annotations

import datetime as dt
import ssl
import uuid
from pathlib import Path

import pytest
from ncen_testing import ADMIN_PASSWORD, cli_runner, config_file_for, open_office
from network_world import FAST, make_world

from ncen_plugins.comms.network.client import Connection
from ncen_plugins.comms.network.frames import PeerClosed
from ncen_plugins.comms.network.keyring_watch import KeyringWatch
from ncen_plugins.comms.network.mailbox import Mailbox
from ncen_plugins.comms.network.outbox import Backoff, Outbox
from ncen_plugins.comms.network.relay import RelayHandler
from ncen_plugins.comms.network.server import NetworkServer
from ncen_plugins.comms.network.status import ServerStatus, read_status, write_status
from ncen_plugins.comms.network.unlock import PassphraseFileError, server_passphrase
from ncen_plugins.comms.receipts import Receipt


def test_a_keyring_imported_while_serving_cuts_a_revoked_office(tmp_path):
    world = make_world("FR-CDG")
    data_dir = tmp_path / "relay"
    world.install_keyring(data_dir)
    watch = KeyringWatch(data_dir)
    server = NetworkServer(world.offices["HQ-RELAY"], watch.current(),
                           RelayHandler(Mailbox(tmp_path / "mailbox")),
                           address=("127.0.0.1", 0), limits=FAST)
    watch.on_change(server.reload_keyring)
    server.start()
    try:
        connection = Connection.open(world.offices["FR-CDG"], watch.current(), "HQ-RELAY",
                                     server.address, limits=FAST)
        assert not watch.check()
        world.revoke("FR-CDG")
        world.install_keyring(data_dir)
        assert watch.check()
        with pytest.raises((PeerClosed, ssl.SSLError, OSError)):
            connection.pull(tmp_path)
    finally:
        server.close()


def test_a_passphrase_file_others_can_read_is_refused(tmp_path):
    secret = tmp_path / "passphrase"
    secret.write_text("correct horse battery staple\n")
    secret.chmod(0o644)
    with pytest.raises(PassphraseFileError, match="chmod 600"):
        server_passphrase(secret)
    secret.chmod(0o600)
    assert server_passphrase(secret) == "correct horse battery staple"


def test_ncen_outbox_lists_state_attempts_and_last_error_or_receipt(tmp_path, monkeypatch,
                                                                     capsys):
    ncen = open_office(f"sqlite:///{tmp_path / 'a.db'}", tmp_path, office="FR-CDG")
    outbox = Outbox(ncen.database, backoff=Backoff(base=60))
    queued, delivered, rejected = (str(uuid.uuid4()) for _ in range(3))
    for package_id in (queued, delivered, rejected):
        outbox.enqueue(package_id, "BE-BRU", str(tmp_path / f"{package_id}.ncen"))
    first = outbox.page()[0]
    outbox.begin_attempt(first.id)
    outbox.record_failure(first.id, "connection refused by 127.0.0.1:4443")
    outbox.apply_receipt(Receipt(delivered, "BE-BRU", "FR-CDG", "imported", None,
                                 first.created_at.replace(microsecond=0)), b"{}")
    outbox.apply_receipt(Receipt(rejected, "BE-BRU", "FR-CDG", "rejected", "stale",
                                 first.created_at.replace(microsecond=0)), b"{}")
    run = cli_runner(monkeypatch, capsys, config_file_for(ncen, tmp_path), "admin",
                     ADMIN_PASSWORD)

    status, out, _ = run("outbox")

    assert status == 0
    assert "Server: never started here" in out
    assert "1 delivered, 1 queued, 1 rejected" in out
    assert "BE-BRU: failing since" in out
    lines = {line.split()[4]: line for line in out.splitlines() if line[:6].strip().isdigit()}
    assert "queued" in lines[queued] and "attempts 1" in lines[queued]
    assert "connection refused" in lines[queued]
    assert "delivered" in lines[delivered] and "receipt imported" in lines[delivered]
    assert "rejected" in lines[rejected] and "receipt rejected (stale)" in lines[rejected]
    ncen.close()


def test_ncen_outbox_add_queues_a_package_once(tmp_path, monkeypatch, capsys):
    ncen = open_office(f"sqlite:///{tmp_path / 'a.db'}", tmp_path, office="FR-CDG")
    package = tmp_path / "sealed.ncen"
    package.write_bytes(b"age-encryption.org/v1 sealed bytes")
    package_id = str(uuid.uuid4())
    run = cli_runner(monkeypatch, capsys, config_file_for(ncen, tmp_path), "admin",
                     ADMIN_PASSWORD)

    assert run("outbox", "add", package, "--to", "be-bru", "--package-id", package_id)[0] == 0
    status, out, _ = run("outbox", "add", package, "--to", "BE-BRU", "--package-id",
                         package_id)

    assert status == 0 and "already queued" in out
    [item] = Outbox(ncen.database).page()
    assert (item.destination, item.state) == ("BE-BRU", "queued")
    copy = Path(item.path)
    assert copy.parent.name == "outgoing"
    assert copy.name == f"FR-CDG_BE-BRU_package_{package_id}.ncen"
    assert copy.read_bytes() == package.read_bytes()
    ncen.close()


def test_the_outbox_sums_up_each_destination_with_its_pending_failure(tmp_path):
    ncen = open_office(f"sqlite:///{tmp_path / 'a.db'}", tmp_path, office="FR-CDG")
    outbox = Outbox(ncen.database)
    for destination in ("BE-BRU", "BE-BRU", "NL-AMS"):
        outbox.enqueue(str(uuid.uuid4()), destination, str(tmp_path / "p.ncen"))
    first, second, third = outbox.page()
    outbox.record_stored(third.id)
    for item, error in ((first, "older failure"), (second, "newest failure")):
        outbox.begin_attempt(item.id)
        outbox.record_failure(item.id, error)

    be, nl = outbox.destinations()

    assert (be.office, be.states, be.last_error) == ("BE-BRU", {"queued": 2}, "newest failure")
    assert (nl.office, nl.states, nl.last_error) == ("NL-AMS", {"relayed": 1}, "")
    ncen.close()


def test_a_server_status_report_reads_back_and_goes_stale(tmp_path):
    report = ServerStatus("HQ-RELAY", "relay", "127.0.0.1:4443", 7,
                          ({"office": "FR-CDG", "address": "127.0.0.1:5000",
                            "since": "2026-01-01T00:00:00Z"},), {"BE-BRU": 2})
    write_status(tmp_path, report)

    assert read_status(tmp_path) == report
    later = report.updated_at + dt.timedelta(minutes=1)
    assert read_status(tmp_path, now=later).running is False
