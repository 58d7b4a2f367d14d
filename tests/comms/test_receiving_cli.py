"""``ncen package import``, ``retry`` and ``quarantine`` as an officer uses them: one line
per file, exit 0 when all is applied, 1 when a package is quarantined, 3 when one waits
for a keyring."""

from __future__ import annotations

import contextlib
import io
import json
import uuid

import pytest
from exchange_world import PASSPHRASE, TEST_WORK_FACTOR, make_world, seal_bytes
from ncen_testing import write_config
from receiving_world import SENDER, jsonl
from receiving_world import record_line as specimen_line

from ncen_core.cli.main import main
from ncen_plugins.comms.keyring_store import import_keyring
from ncen_plugins.comms.keys import OfficeKeys, keystore_path, save_keystore

OFFICE = "XA-CLI"
ADMIN_PASSWORD = "admin-password-1"


def record_line(origin: str = SENDER, **fields) -> dict:
    """A company record line (the CLI office runs the built-in databases)."""
    line = specimen_line(origin=origin, record_type="company")
    line["fields"] = {"legal_name": "Transports Rapides SARL", **fields}
    return line


class Office:
    """An installed office with keys and a keyring, and its sender FR-CDG."""

    def __init__(self, db_url, folder):
        self.folder = folder
        config = write_config(folder, db_url, data_dir=folder / "data")
        self.env = {"NCEN_CONFIG": str(config), "NCEN_USER": "admin",
                    "NCEN_PASSWORD": ADMIN_PASSWORD, "NCEN_ADMIN_PASSWORD": ADMIN_PASSWORD,
                    "NCEN_KEY_PASSPHRASE": PASSPHRASE}
        self.world = make_world(SENDER, OFFICE)
        assert self.run("init", "--office", OFFICE, "--admin", "admin")[0] == 0
        data_dir = folder / "data"
        save_keystore(self.world.offices[OFFICE], keystore_path(data_dir), PASSPHRASE,
                      work_factor=TEST_WORK_FACTOR)
        import_keyring(data_dir, self.world.sign(), now=self.world.when,
                       hq_fingerprint=self.world.hq.signing_key_id)
        self.keyring = self.world.keyring()

    def run(self, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            for name, value in {"HOME": str(self.folder), **self.env}.items():
                patch.setenv(name, value)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = main(list(args))
        return status, out.getvalue(), err.getvalue()

    def package(self, name: str, lines: list[dict], *, sender: str = SENDER,
                keyring=None) -> str:
        parts = {"share.json": json.dumps({"payload": 1, "audience": {
                     "kind": "all", "name": "all", "legal_basis": ""},
                     "record_count": len(lines)}).encode(),
                 "records.jsonl": jsonl(lines)}
        data = seal_bytes(self.world.offices[sender], keyring or self.keyring, [OFFICE], parts)
        path = self.folder / name
        path.write_bytes(data)
        return str(path)


@pytest.fixture
def office(db_url, tmp_path):
    return Office(db_url, tmp_path)


def test_import_applies_a_package_and_says_what_it_did(office):
    status, out, _ = office.run("package", "import", office.package("a.age", [
        record_line(), record_line(shoe_size="44")]))

    assert status == 0
    assert out.startswith("a.age: package ") and "imported: 2 records" in out
    assert "company: shoe_size" in out


def test_importing_the_same_file_again_says_nothing_changed(office):
    path = office.package("a.age", [record_line()])
    office.run("package", "import", path)

    status, out, _ = office.run("package", "import", path)

    assert status == 0 and "already received, nothing changed" in out


def test_a_quarantined_package_exits_1_and_is_listed_with_its_reason(office):
    path = office.package("bad.age", [record_line(origin="NL-AMS")])

    status, out, err = office.run("package", "import", path)
    listed = office.run("package", "quarantine")[1]

    assert status == 1 and "QUARANTINED (origin-mismatch)" in out
    assert "1 of 1 packages quarantined" in err
    assert "origin-mismatch" in listed and "bad.age" in listed and f"from {SENDER}" in listed


def test_a_package_from_an_unknown_signer_exits_3_until_retried(office):
    office.world.enrol(OfficeKeys.generate("DE-FRA"))
    path = office.package("new.age", [record_line(origin="DE-FRA")], sender="DE-FRA",
                          keyring=office.world.keyring())

    status, out, _ = office.run("package", "import", path)
    listed = office.run("package", "quarantine")[1]
    still = office.run("package", "retry")

    assert status == 3 and "waiting for a keyring" in out
    assert "Waiting for a keyring" in listed and "new.age" in listed
    assert still[0] == 3


def test_a_message_package_is_imported_like_the_inbox_does(office):
    message = {"message_id": str(uuid.uuid4()), "thread_id": str(uuid.uuid4()),
               "in_reply_to": None, "to": {"kind": "office", "name": OFFICE},
               "subject": "Container MSCU 123456-7", "body": "Please check the manifest.",
               "sent_at": "2026-11-28T10:00:00Z", "records": [], "attachments": []}
    data = seal_bytes(office.world.offices[SENDER], office.keyring, [OFFICE],
                      {"message.json": json.dumps(message).encode()}, kind="message")
    path = office.folder / "message.age"
    path.write_bytes(data)

    status, out, err = office.run("package", "import", str(path))

    assert status == 0, (out, err)
    assert "(message) from FR-CDG imported: 1 messages" in out


def test_an_unreadable_file_is_a_usage_error(office):
    status, _, err = office.run("package", "import", str(office.folder / "missing.age"))

    assert status == 2 and "does not exist" in err
