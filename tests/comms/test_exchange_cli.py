"""``ncen keys``, ``ncen hq``, ``ncen keyring`` and ``ncen package inspect`` as an
administrator and a headquarters operator use them, end to end on one SQLite office.

Commands run in this process through the CLI's ``main`` (tests/core/test_cli.py covers the
console script itself); keystores use the real scrypt cost."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from exchange_world import now
from ncen_testing import write_config

from ncen_core.cli.main import main
from ncen_plugins.comms.enrolment import make_request
from ncen_plugins.comms.keyring_store import load_keyring
from ncen_plugins.comms.keys import OfficeKeys, keystore_path
from ncen_plugins.comms.package import PartSource, seal_package

ADMIN_PASSWORD = "admin-password-1"
KEY_PASSPHRASE = "office keystore passphrase"
HQ_PASSPHRASE = "headquarters keystore passphrase"


@dataclass
class Result:
    """What a command printed and its exit status."""

    returncode: int
    stdout: str
    stderr: str


@dataclass
class Office:
    """One installed office and the headquarters that enrolled it."""

    folder: Path
    env: dict[str, str]
    data_dir: Path
    hq_keystore: Path
    hq_fingerprint: str
    sender: OfficeKeys

    def run(self, *args: str) -> Result:
        """Run ``ncen ARGS`` in this process, in the office folder, with its environment."""
        out, err = io.StringIO(), io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            for name, value in {"HOME": str(self.folder), **self.env}.items():
                patch.setenv(name, value)
            patch.chdir(self.folder)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = main(list(args))
        return Result(status, out.getvalue(), err.getvalue())

    def ok(self, *args: str) -> str:
        result = self.run(*args)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def hq(self, command: str, *args: str) -> str:
        return self.ok("hq", command, "--hq-keystore", str(self.hq_keystore), *args)


def install(folder: Path) -> Office:
    config = write_config(folder, f"sqlite:///{folder / 'ncen.db'}", data_dir=folder / "data")
    env = {"NCEN_CONFIG": str(config), "NCEN_USER": "admin", "NCEN_PASSWORD": ADMIN_PASSWORD,
           "NCEN_ADMIN_PASSWORD": ADMIN_PASSWORD, "NCEN_KEY_PASSPHRASE": KEY_PASSPHRASE,
           "NCEN_HQ_PASSPHRASE": HQ_PASSPHRASE}
    office = Office(folder, env, folder / "data", folder / "hq" / "hq.age", "",
                    OfficeKeys.generate("FR-CDG"))
    office.ok("init", "--office", "xa-cli", "--admin", "admin")
    return office


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Office:
    """XA-CLI with keys, enrolled with FR-CDG at headquarters, keyring serial 1 imported."""
    office = install(tmp_path_factory.mktemp("office"))
    office.ok("keys", "init")
    office.ok("keys", "show", "--request", "request.json")
    hq_output = office.hq("init")
    office.hq_fingerprint = hq_output.rsplit(" ", 1)[1].strip()
    office.hq("enrol", "request.json", "--name", "CLI office", "--group", "eu",
              "--endpoint", "ncen://xa-cli.example:4443", "--yes")
    (office.folder / "fr.json").write_bytes(make_request(office.sender))
    office.hq("enrol", "fr.json", "--name", "Paris", "--group", "eu", "--yes")
    office.hq("sign", "--out", "keyring-1.ncen")
    office.ok("keyring", "import", "keyring-1.ncen", "--hq-fingerprint", office.hq_fingerprint)
    return office


def one_line_error(result: Result) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("ncen: error: ")
    return line


def test_keys_init_writes_the_keystore_in_the_data_dir(office):
    assert keystore_path(office.data_dir).is_file()


def test_keys_show_prints_the_three_fingerprints(office):
    output = office.ok("keys", "show")
    for label in ("signing key", "encryption key", "TLS certificate"):
        [line] = [line for line in output.splitlines() if line.strip().startswith(label)]
        assert len(line.split()[-1]) == 39


def test_keys_init_refuses_to_replace_existing_keys(office):
    assert "already has keys" in one_line_error(office.run("keys", "init"))


def test_keys_show_with_a_wrong_passphrase_is_a_one_line_error(office):
    office.env["NCEN_KEY_PASSPHRASE"] = "not the passphrase at all"
    try:
        assert "wrong passphrase" in one_line_error(office.run("keys", "show"))
    finally:
        office.env["NCEN_KEY_PASSPHRASE"] = KEY_PASSPHRASE


def test_keyring_status_lists_every_office_and_the_expiry(office):
    output = office.ok("keyring", "status")
    assert "Keyring serial 1" in output and "valid until" in output
    assert office.hq_fingerprint in output
    assert any(line.split()[:1] == ["FR-CDG"] and line.endswith("active")
               for line in output.splitlines())


def test_package_inspect_prints_the_verified_manifest(office):
    keyring = load_keyring(office.data_dir).keyring
    package = office.folder / "in.ncen"
    with package.open("wb") as out:
        seal_package(office.sender, [keyring.office("XA-CLI")], "records",
                     [PartSource.from_bytes("records.jsonl", b'{"uuid": "1"}\n')], out)
    output = office.ok("package", "inspect", str(package))
    assert f"sender      FR-CDG  signing key {office.sender.signing_key_id}" in output
    assert "XA-CLI" in output and "(this office)" in output
    assert "records.jsonl" in output and "verified" in output


def test_package_inspect_of_an_altered_package_names_the_reason(office):
    keyring = load_keyring(office.data_dir).keyring
    package = office.folder / "altered.ncen"
    with package.open("wb") as out:
        seal_package(office.sender, [keyring.office("XA-CLI")], "records", [], out,
                     now=now())
    data = bytearray(package.read_bytes())
    data[-1] ^= 0x01
    package.write_bytes(bytes(data))
    assert "package refused (decrypt)" in one_line_error(office.run("package", "inspect",
                                                                    str(package)))


def test_importing_an_older_keyring_is_refused_and_keeps_the_current_one(office):
    office.hq("sign", "--out", "keyring-2.ncen")
    office.ok("keyring", "import", "keyring-2.ncen")
    assert "older" in one_line_error(office.run("keyring", "import", "keyring-1.ncen"))
    assert "Keyring serial 2" in office.ok("keyring", "status")


def test_a_revocation_signed_at_headquarters_shows_in_the_office_status(office):
    office.hq("revoke", "FR-CDG", "--reason", "retired")
    office.hq("sign", "--out", "keyring-3.ncen")
    office.ok("keyring", "import", "keyring-3.ncen")
    [line] = [line for line in office.ok("keyring", "status").splitlines()
              if line.split()[:1] == ["FR-CDG"]]
    assert "office revoked (retired)" in line


def test_a_first_import_without_the_headquarters_fingerprint_is_refused(tmp_path, office):
    other = install(tmp_path)
    other.ok("keys", "init")
    result = other.run("keyring", "import", str(office.folder / "keyring-1.ncen"))
    assert "fingerprint" in one_line_error(result)


def test_importing_a_keyring_close_to_its_expiry_warns(office):
    office.hq("sign", "--out", "keyring-short.ncen", "--days", "10")
    result = office.run("keyring", "import", "keyring-short.ncen")
    assert result.returncode == 0, result.stderr
    assert "warning: expires on" in result.stderr and "ask headquarters" in result.stderr
