"""``ncen exchange`` and ``ncen message`` as two offices' officers use them: messages out and
back through the shared exchange folder, read receipts, receipts marking deliveries, and
one-line errors for mistakes.

FR-CDG runs on each backend under test, BE-BRU on SQLite; each has its configuration file,
keystore and keyring on disk, as an installed office would.
"""

from __future__ import annotations

import contextlib
import io
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from exchange_world import TEST_WORK_FACTOR, make_world, now
from ncen_testing import write_config

from ncen_core.cli.main import main
from ncen_plugins.comms.keyring_store import import_keyring
from ncen_plugins.comms.keys import OfficeKeys, keystore_path, save_keystore
from ncen_plugins.comms.package import PartSource, seal_package

PASSWORD = "officer-password-1"
PASSPHRASE = "office keystore passphrase"


@dataclass
class CliOffice:
    """An office installed in ``folder``, driven through ``ncen`` in this process."""

    code: str
    folder: Path
    env: dict[str, str]

    def run(self, *args: str, user: str = "duty") -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            for name, value in {**self.env, "NCEN_USER": user}.items():
                patch.setenv(name, value)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = main(list(args))
        return status, out.getvalue(), err.getvalue()

    def ok(self, *args: str, user: str = "duty") -> str:
        status, out, err = self.run(*args, user=user)
        assert status == 0, err
        return out

    def error(self, *args: str) -> str:
        status, out, err = self.run(*args)
        assert status == 1, (out, err)
        (line,) = err.strip().splitlines()
        assert line.startswith("ncen: error: ")
        return line


def install(folder: Path, db_url: str, shared: Path, keys: OfficeKeys, keyring: bytes,
            hq_key_id: str) -> CliOffice:
    folder.mkdir()
    config = write_config(folder, db_url, data_dir=folder / "data",
                          disabled=("suspect", "company"),
                          exchange={"inbox": (shared / keys.office).as_uri(),
                                    "routes": {"*": f"{shared.as_uri()}/{{office}}"}})
    env = {"NCEN_CONFIG": str(config), "NCEN_PASSWORD": PASSWORD,
           "NCEN_ADMIN_PASSWORD": PASSWORD, "NCEN_NEW_PASSWORD": PASSWORD,
           "NCEN_KEY_PASSPHRASE": PASSPHRASE}
    office = CliOffice(keys.office, folder, env)
    office.ok("init", "--office", keys.office, "--admin", "admin", user="admin")
    office.ok("user", "add", "duty", "--role", "supervisor", "--unit", "EXCH", user="admin")
    data_dir = folder / "data"
    save_keystore(keys, keystore_path(data_dir), PASSPHRASE, work_factor=TEST_WORK_FACTOR)
    import_keyring(data_dir, keyring, now=now(), hq_fingerprint=hq_key_id)
    return office


@pytest.fixture
def world():
    return make_world("FR-CDG", "BE-BRU")


@pytest.fixture
def offices(world, db_url, tmp_path):
    signed = world.sign()
    shared = tmp_path / "exchange"
    fr = install(tmp_path / "fr", db_url, shared, world.offices["FR-CDG"], signed,
                 world.hq.signing_key_id)
    be = install(tmp_path / "be", f"sqlite:///{tmp_path / 'be.db'}", shared,
                 world.offices["BE-BRU"], signed, world.hq.signing_key_id)
    return fr, be


def message_id_of(output: str) -> str:
    return output.split()[1]


def test_a_message_goes_out_comes_back_read_and_the_deliveries_are_marked(offices):
    fr, be = offices
    sent = fr.ok("message", "send", "--to", "be-bru", "--subject", "Courier", "--body",
                 "Known to you?")
    message_id = message_id_of(sent)
    assert "sent to BE-BRU" in sent
    received = be.ok("exchange", "receive")
    assert "imported" in received and "receipt (imported) sent to FR-CDG" in received
    listing = be.ok("message", "list")
    assert listing.startswith("1 unread") and "from FR-CDG" in listing and message_id in listing
    shown = be.ok("message", "show", message_id)
    assert "Subject: Courier" in shown and "Known to you?" in shown
    assert "read receipt sent to FR-CDG" in shown
    assert be.ok("message", "list").startswith("0 unread")
    fr.ok("exchange", "receive")
    assert "Read by BE-BRU: 20" in fr.ok("message", "show", message_id)
    deliveries = [line.split() for line in fr.ok("exchange", "sent").splitlines()]
    assert [line[2:6] for line in deliveries if line[2] == "message"] == [
        ["message", "to", "BE-BRU", "imported"]]


def test_a_reply_is_shown_in_the_thread(offices):
    fr, be = offices
    message_id = message_id_of(fr.ok("message", "send", "--to", "BE-BRU", "--subject",
                                     "Plate", "--body", "AB-123-CD seen?"))
    be.ok("exchange", "receive")
    be.ok("message", "reply", message_id, "--body", "Yes, at Zaventem.")
    fr.ok("exchange", "receive")
    thread = fr.ok("message", "show", message_id, "--thread")
    assert thread.index("AB-123-CD seen?") < thread.index("Yes, at Zaventem.")
    assert "Subject: Re: Plate" in thread


def test_a_damaged_package_is_quarantined_and_its_file_moved_aside(offices):
    fr, be = offices
    fr.ok("message", "send", "--to", "BE-BRU", "--subject", "S", "--body", "B")
    (path,) = (fr.folder.parent / "exchange" / "BE-BRU").glob("*.ncen")
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    output = be.ok("exchange", "receive")
    assert "quarantined (decrypt)" in output and "no receipt" in output
    assert (path.parent / "quarantine" / path.name).exists()
    assert be.ok("message", "list").startswith("0 unread")


def test_watching_scans_again_until_the_rounds_are_done(offices):
    fr, be = offices
    fr.ok("message", "send", "--to", "BE-BRU", "--subject", "S", "--body", "B")
    output = be.ok("exchange", "receive", "--watch", "--interval", "0", "--rounds", "2")
    (line,) = output.splitlines()
    assert ": imported: " in line
    assert len(list((fr.folder.parent / "exchange" / "BE-BRU" / "done").iterdir())) == 1


def test_sending_to_an_office_without_a_route_is_a_one_line_error(offices, tmp_path):
    fr, _ = offices
    config = fr.folder / "ncen.yaml"
    config.write_text(config.read_text().replace('"*":', '"NL-AMS":'))
    line = fr.error("message", "send", "--to", "BE-BRU", "--subject", "S", "--body", "B")
    assert "no route to office BE-BRU" in line
    assert fr.ok("message", "list", "--sent") == ""


def test_sending_a_file_this_office_did_not_seal_is_refused(offices, tmp_path):
    fr, _ = offices
    stray = tmp_path / "stray.ncen"
    stray.write_bytes(b"not a package")
    assert "not a package this office sealed" in fr.error("exchange", "send", str(stray))


def test_a_package_waiting_for_its_signer_is_imported_once_a_newer_keyring_names_it(
        offices, world, tmp_path):
    _, be = offices
    newcomer = OfficeKeys.generate("DE-FRA")
    keyring = world.keyring()
    package = tmp_path / "exchange" / "BE-BRU" / f"DE-FRA_BE-BRU_withdrawal_{uuid.uuid4()}.ncen"
    line = {"type": "seizure", "origin": "DE-FRA", "uuid": str(uuid.uuid4()), "version": 2,
            "reason": "audience narrowed"}
    package.parent.mkdir(parents=True)
    with package.open("wb") as out:
        seal_package(newcomer, [keyring.office("BE-BRU")], "withdrawal",
                     [PartSource.from_bytes("withdrawals.jsonl",
                                            json.dumps(line).encode() + b"\n")], out)
    assert "pending (unknown-signer)" in be.ok("exchange", "receive")
    world.enrol(newcomer)
    import_keyring(be.folder / "data", world.sign(), now=now())
    output = be.ok("exchange", "receive")
    assert "waiting package: imported" in output
    assert "receipt (imported) sent to DE-FRA" in output
