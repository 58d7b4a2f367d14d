"""End to end over loopback: A (SQLite) through a relay to B (PostgreSQL when configured)
and directly to C, receipts returning; and the faults a network brings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from ncen_testing import backend_url, backends, open_office
from network_world import FAST, NetWorld, ready_session, seal_message, set_endpoints

from ncen_plugins.comms.file_transport.sending import deliver_sealed
from ncen_plugins.comms.messages.store import MessageStore
from ncen_plugins.comms.network.frames import (
    FrameType,
    read_frame,
    send_frame,
    send_json,
)
from ncen_plugins.comms.network.given_receipts import GivenReceipts
from ncen_plugins.comms.network.importing import package_importer
from ncen_plugins.comms.network.mailbox import Mailbox
from ncen_plugins.comms.network.office_handler import OfficeHandler
from ncen_plugins.comms.network.outbox import Backoff, Outbox
from ncen_plugins.comms.network.relay import RelayHandler
from ncen_plugins.comms.network.server import NetworkServer
from ncen_plugins.comms.network.worker import OutboxWorker
from ncen_plugins.comms.receipts import Receipt, sign_receipt

NO_WAIT = Backoff(base=0.0, cap=0.0)


@dataclass
class Office:
    """One office: its database, outbox and worker."""

    code: str
    ncen: object
    outbox: Outbox
    worker: OutboxWorker
    folder: Path

    def messages(self) -> list[str]:
        return [summary.subject for summary in
                MessageStore(self.ncen.database).page(outgoing=False)]

    def states(self) -> dict[str, tuple[str, str | None]]:
        return {item.destination: (item.state, item.receipt_status)
                for item in self.outbox.page() if item.kind == "package"}


class Network:
    """Headquarters relay, offices and office C's server, all on loopback."""

    def __init__(self, tmp_path: Path, urls: dict[str, str]):
        self.world = NetWorld()
        for code in ("HQ-RELAY", *urls):
            self.world.enrol(code)
        self.keyring = self.world.keyring()
        self.tmp_path = tmp_path
        self.offices = {code: self._office(code, url) for code, url in urls.items()}
        self.mailbox = Mailbox(tmp_path / "relay")
        self.relay = self._serve(self.world.offices["HQ-RELAY"], RelayHandler(self.mailbox))
        self.direct = self.serve_office("NL-AMS")
        set_endpoints(self.world, {
            "HQ-RELAY": f"ncen://127.0.0.1:{self.relay.address[1]}",
            "NL-AMS": f"ncen://127.0.0.1:{self.direct.address[1]}",
            "FR-CDG": "ncen-mailbox://HQ-RELAY", "BE-BRU": "ncen-mailbox://HQ-RELAY"})
        self.keyring = self.world.keyring()
        for server in (self.relay, self.direct):
            server.reload_keyring(self.keyring)

    def _office(self, code: str, url: str) -> Office:
        folder = self.tmp_path / code
        ncen = open_office(url, folder, office=code)
        outbox = Outbox(ncen.database, backoff=NO_WAIT)
        keys = self.world.offices[code]
        importer = package_importer(ncen, keys, lambda: self.keyring)
        worker = OutboxWorker(keys, lambda: self.keyring, outbox, importer, folder / "network",
                              limits=FAST)
        return Office(code, ncen, outbox, worker, folder)

    def handler(self, code: str) -> OfficeHandler:
        office = self.offices[code]
        return OfficeHandler(self.world.offices[code], office.folder / "network" / "spool",
                             package_importer(office.ncen, self.world.offices[code],
                                              lambda: self.keyring),
                             office.outbox.apply_receipt)

    def serve_office(self, code: str) -> NetworkServer:
        return self._serve(self.world.offices[code], self.handler(code))

    def _serve(self, keys, handler, port: int = 0) -> NetworkServer:
        server = NetworkServer(keys, self.keyring, handler, address=("127.0.0.1", port),
                               limits=FAST)
        server.start()
        return server

    def send(self, sender: str, recipient: str, subject: str) -> tuple[str, Path]:
        package_id, path = seal_message(self.world.offices[sender], self.keyring, recipient,
                                        self.tmp_path / sender / "sealed", subject)
        self.offices[sender].outbox.enqueue(package_id, recipient, str(path))
        return package_id, path

    def close(self) -> None:
        for server in (self.relay, self.direct):
            server.close()
        for office in self.offices.values():
            office.ncen.close()


@pytest.fixture
def b_url(tmp_path):
    """Office B's database: PostgreSQL when it is under test, else SQLite."""
    backend = "postgresql" if "postgresql" in backends() else "sqlite"
    (tmp_path / "b-db").mkdir()
    yield from backend_url(backend, tmp_path / "b-db")


@pytest.fixture
def network(tmp_path, b_url):
    network = Network(tmp_path, {"FR-CDG": f"sqlite:///{tmp_path / 'a.db'}", "BE-BRU": b_url,
                                 "NL-AMS": f"sqlite:///{tmp_path / 'c.db'}"})
    yield network
    network.close()


def test_a_reaches_b_through_the_relay_and_c_directly_and_receipts_return(network):
    a, b, c = (network.offices[code] for code in ("FR-CDG", "BE-BRU", "NL-AMS"))
    network.send("FR-CDG", "BE-BRU", "to-b")
    network.send("FR-CDG", "NL-AMS", "to-c")

    a.worker.run_once()
    assert a.states() == {"NL-AMS": ("delivered", "imported"), "BE-BRU": ("relayed", None)}
    assert c.messages() == ["to-c"]
    assert network.mailbox.counts() == {"BE-BRU": 1}

    b.worker.run_once()
    b.worker.run_once()
    assert b.messages() == ["to-b"]
    assert network.mailbox.counts() == {"BE-BRU": 0, "FR-CDG": 1}

    a.worker.run_once()
    assert a.states() == {"NL-AMS": ("delivered", "imported"),
                          "BE-BRU": ("delivered", "imported")}
    assert network.mailbox.counts() == {"BE-BRU": 0, "FR-CDG": 0}


def test_a_delivered_package_is_never_sent_again(network):
    a, c = network.offices["FR-CDG"], network.offices["NL-AMS"]
    package_id, path = network.send("FR-CDG", "NL-AMS", "once")
    a.worker.run_once()
    assert not a.outbox.enqueue(package_id, "NL-AMS", str(path))
    a.worker.run_once()
    assert [item.attempts for item in a.outbox.page()] == [1]
    assert c.messages() == ["once"]


def test_a_transfer_cut_half_way_and_resent_imports_exactly_once(network):
    a, c = network.offices["FR-CDG"], network.offices["NL-AMS"]
    package_id, path = network.send("FR-CDG", "NL-AMS", "cut")
    data = path.read_bytes()
    tls = ready_session(network.world.offices["FR-CDG"], network.keyring, "NL-AMS",
                        network.direct.address)
    send_json(tls, FrameType.PUT, {"kind": "package", "to": "NL-AMS", "id": package_id,
                                   "size": len(data)})
    send_frame(tls, FrameType.DATA, data[: len(data) // 2])
    tls.close()

    a.worker.run_once()
    assert a.states() == {"NL-AMS": ("delivered", "imported")}
    assert c.messages() == ["cut"]
    assert not list((c.folder / "network" / "spool").iterdir())


def test_a_package_spooled_before_a_crash_is_imported_at_restart_and_the_resend_gets_its_receipt(
        network):
    a, c = network.offices["FR-CDG"], network.offices["NL-AMS"]
    package_id, path = network.send("FR-CDG", "NL-AMS", "spooled")
    spool = c.folder / "network" / "spool"
    spool.mkdir(parents=True, exist_ok=True)
    (spool / f"FR-CDG-{package_id}.ncenpkg").write_bytes(path.read_bytes())
    (spool / f".FR-CDG-{package_id}.ncenpkg.a1b2.part").write_bytes(b"a transfer cut short")
    restarted = network.handler("NL-AMS")
    [outcome] = restarted.recover()
    assert outcome.status == "imported"
    assert list(spool.iterdir()) == []

    a.worker.run_once()
    [item] = a.outbox.page()
    assert (item.state, item.receipt_status) == ("delivered", "imported")
    assert item.receipt.encode() == outcome.receipt
    assert GivenReceipts(c.ncen.database).kept(package_id, "FR-CDG") == outcome.receipt
    assert c.messages() == ["spooled"]


def test_an_unreachable_office_is_retried_with_the_error_kept(network):
    a = network.offices["FR-CDG"]
    network.direct.close()
    network.send("FR-CDG", "NL-AMS", "later")
    a.worker.run_once()
    a.worker.run_once()
    [item] = a.outbox.page()
    assert (item.state, item.attempts) == ("queued", 2)
    assert "refused" in item.last_error.lower()


def test_a_forged_or_altered_receipt_does_not_mark_a_package_delivered(network):
    a = network.offices["FR-CDG"]
    package_id, _ = network.send("FR-CDG", "BE-BRU", "forged")
    a.worker.run_once()
    genuine = sign_receipt(network.world.offices["BE-BRU"],
                           Receipt(package_id, "BE-BRU", "FR-CDG", "rejected", "stale",
                                   _now()))
    altered = genuine.replace(b'"rejected"', b'"imported"').replace(b'"stale"', b"null")
    forged = sign_receipt(network.world.offices["NL-AMS"],
                          Receipt(package_id, "NL-AMS", "FR-CDG", "imported", None, _now()))
    for number, data in enumerate((altered, forged)):
        _drop_in_mailbox(network.mailbox, "FR-CDG", data, number)

    a.worker.run_once()
    assert a.states() == {"BE-BRU": ("relayed", None)}
    assert network.mailbox.counts()["FR-CDG"] == 0


def test_a_relay_restarted_mid_way_loses_nothing(network):
    a, b = network.offices["FR-CDG"], network.offices["BE-BRU"]
    network.send("FR-CDG", "BE-BRU", "survives")
    a.worker.run_once()
    port = network.relay.address[1]
    network.relay.close()
    network.relay = network._serve(network.world.offices["HQ-RELAY"],
                                   RelayHandler(Mailbox(network.mailbox.root)), port)
    b.worker.run_once()
    assert b.messages() == ["survives"]


def test_a_full_mailbox_holds_back_only_the_mail_of_its_office(network):
    """C sends two packages to B and one to A through the relay; B's mailbox has room for
    one: the second waits with the relay's reason, and A's still goes."""
    c = network.offices["NL-AMS"]
    _, first = network.send("NL-AMS", "BE-BRU", "b-1")
    _, second = network.send("NL-AMS", "BE-BRU", "b-2")
    network.send("NL-AMS", "FR-CDG", "a-1")
    port = network.relay.address[1]
    network.relay.close()
    quota = first.stat().st_size + second.stat().st_size - 1
    network.relay = network._serve(network.world.offices["HQ-RELAY"],
                                   RelayHandler(network.mailbox, quota=quota), port)
    c.worker.run_once()
    items = {item.package_id: item for item in c.outbox.page()}
    assert [(item.destination, item.state) for item in items.values()] == [
        ("BE-BRU", "relayed"), ("BE-BRU", "queued"), ("FR-CDG", "relayed")]
    [waiting] = [item for item in items.values() if item.state == "queued"]
    assert "mailbox of office BE-BRU" in waiting.last_error
    assert network.mailbox.counts() == {"BE-BRU": 1, "FR-CDG": 1}


def test_an_idle_client_after_ready_is_dropped_and_the_server_keeps_serving(network):
    tls = ready_session(network.world.offices["FR-CDG"], network.keyring, "NL-AMS",
                        network.direct.address)
    with pytest.raises(Exception) as dropped:
        read_frame(tls, 1 << 20)
    assert getattr(dropped.value, "code", None) == "idle-timeout"
    network.send("FR-CDG", "NL-AMS", "after")
    network.offices["FR-CDG"].worker.run_once()
    assert network.offices["NL-AMS"].messages() == ["after"]


def _drop_in_mailbox(mailbox: Mailbox, recipient: str, data: bytes, number: int) -> None:
    """What a compromised relay could do: put any bytes in an office's mailbox."""
    item_id = f"00000000-0000-4000-8000-{number:012d}"
    path = mailbox.path_for(recipient, "receipt", item_id, "BE-BRU")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _now():
    from ncen_core.timeutil import utcnow
    return utcnow().replace(microsecond=0)


def test_a_server_that_cannot_import_says_so_and_the_package_stays_queued(network):
    a = network.offices["FR-CDG"]
    port = network.direct.address[1]
    network.direct.close()
    misconfigured = OfficeHandler(network.world.offices["NL-AMS"], a.folder / "wrong-spool",
                                  package_importer(a.ncen, network.world.offices["NL-AMS"],
                                                   lambda: network.keyring),
                                  a.outbox.apply_receipt)
    network.direct = network._serve(network.world.offices["NL-AMS"], misconfigured, port)
    network.send("FR-CDG", "NL-AMS", "refused")
    a.worker.run_once()
    [item] = a.outbox.page()
    assert item.state == "queued"
    assert "cannot take it now" in item.last_error


def test_a_package_routed_to_the_pickup_folder_goes_out_over_the_network(network):
    a, c = network.offices["FR-CDG"], network.offices["NL-AMS"]
    package_id, sealed = seal_message(network.world.offices["FR-CDG"], network.keyring,
                                      "NL-AMS", network.tmp_path / "sealed", "routed")
    route = a.worker.pickup_folder.absolute().as_uri()
    deliver_sealed(a.ncen, sealed, {"NL-AMS": route}, "message", package_id,
                   sender="FR-CDG")

    a.worker.run_once()
    a.worker.run_once()

    assert a.states() == {"NL-AMS": ("delivered", "imported")}
    assert [item.attempts for item in a.outbox.page()] == [1]
    assert c.messages() == ["routed"]
    assert not list(a.worker.pickup_folder.iterdir())


def test_a_picked_up_package_stays_until_its_receipt_comes_back_through_the_relay(network):
    a, b = network.offices["FR-CDG"], network.offices["BE-BRU"]
    package_id, sealed = seal_message(network.world.offices["FR-CDG"], network.keyring,
                                      "BE-BRU", network.tmp_path / "sealed", "relayed")
    route = a.worker.pickup_folder.absolute().as_uri()
    deliver_sealed(a.ncen, sealed, {"BE-BRU": route}, "message", package_id,
                   sender="FR-CDG")
    [copy] = a.worker.pickup_folder.iterdir()

    a.worker.run_once()
    assert a.states() == {"BE-BRU": ("relayed", None)}
    assert copy.exists()
    b.worker.run_once()
    b.worker.run_once()
    a.worker.run_once()
    assert a.states() == {"BE-BRU": ("delivered", "imported")}
    assert not copy.exists()
