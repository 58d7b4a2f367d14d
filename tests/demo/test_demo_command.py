"""``ncen demo`` as a newcomer runs it: as the administrator, as an officer, refusals."""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass

import pytest

from ncen_core.cli.main import main

ADMIN_PASSWORD = "admin-password-1"
OFFICER_PASSWORD = "officer-password-1"
ENVIRONMENT = ("NCEN_CONFIG", "NCEN_USER", "NCEN_PASSWORD", "NCEN_ADMIN_PASSWORD",
               "NCEN_NEW_PASSWORD")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def ncen(monkeypatch, capsys, tmp_path):
    """Run the ncen command in this process (the start-up of a new one costs a second)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))

    def run(args, env):
        for name in ENVIRONMENT:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        returncode = main(list(args))
        captured = capsys.readouterr()
        return Result(returncode, captured.out, captured.err)

    return run


@pytest.fixture
def admin(tmp_path, db_url, ncen):
    config = tmp_path / "ncen.yaml"
    config.write_text(textwrap.dedent(f"""\
        database:
          url: "{db_url}"
        plugins:
          folder: null
        fields_dirs: []
    """))
    env = {"NCEN_CONFIG": str(config), "NCEN_ADMIN_PASSWORD": ADMIN_PASSWORD}
    result = ncen(["init", "--office", "xx-demo", "--admin", "admin"], env)
    assert result.returncode == 0, result.stderr
    return {"NCEN_CONFIG": str(config), "NCEN_USER": "admin", "NCEN_PASSWORD": ADMIN_PASSWORD}


def as_user(env, username, password):
    return {**env, "NCEN_USER": username, "NCEN_PASSWORD": password}


def test_an_administrator_gets_a_demo_supervisor_who_entered_the_data(ncen, admin):
    result = ncen(["demo", "--seizures", "3"], admin)
    assert result.returncode == 0, result.stderr
    password = re.search(r"shown only now: (\S+)", result.stdout).group(1)
    listed = ncen(["record", "list", "seizure"], as_user(admin, "demo.supervisor", password))
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert sorted(r["values"]["reference"] for r in records) == [
        "DEMO-1-00001", "DEMO-1-00002", "DEMO-1-00003"]
    assert {(r["created_by"], r["unit"]) for r in records} == {("demo.supervisor", "DEMO")}


def test_an_officer_enters_the_data_in_their_own_unit(ncen, admin):
    added = ncen(["user", "add", "olga", "--role", "officer", "--unit", "A"],
                 {**admin, "NCEN_NEW_PASSWORD": OFFICER_PASSWORD})
    assert added.returncode == 0, added.stderr
    result = ncen(["demo", "--seizures", "2", "--seed", "9"],
                  as_user(admin, "olga", OFFICER_PASSWORD))
    assert result.returncode == 0, result.stderr
    assert "Created 2 seizures" in result.stdout and "as olga, unit A" in result.stdout


def test_demo_data_is_not_mixed_into_a_register_without_yes(ncen, admin):
    assert ncen(["demo", "--seizures", "1"], admin).returncode == 0
    result = ncen(["demo", "--seizures", "1"], admin)
    assert result.returncode == 1
    assert "already holds seizures (1)" in result.stderr and "--yes" in result.stderr


def test_a_second_administrator_run_says_how_to_use_the_existing_demo_account(ncen, admin):
    assert ncen(["demo", "--seizures", "1"], admin).returncode == 0
    result = ncen(["demo", "--seizures", "1", "--yes"], admin)
    assert result.returncode == 1
    assert "ncen --user demo.supervisor demo" in result.stderr


def test_an_analyst_is_told_who_may_run_the_demo(ncen, admin):
    ncen(["user", "add", "anna", "--role", "analyst"],
         {**admin, "NCEN_NEW_PASSWORD": OFFICER_PASSWORD})
    result = ncen(["demo", "--seizures", "1"], as_user(admin, "anna", OFFICER_PASSWORD))
    assert result.returncode == 1
    assert "run ncen demo as an officer or a supervisor" in result.stderr
