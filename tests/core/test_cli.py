"""The ncen command: commands listed, one-line errors for user mistakes, actions audited."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

ADMIN_PASSWORD = "admin-password-1"


def run_ncen(args, env_extra, tmp_path, input_text=None):
    """Run ``python -m ncen_core.cli`` as an officer would, in a clean environment."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "XDG_DATA_HOME": str(tmp_path / "share"), **env_extra}
    return subprocess.run([sys.executable, "-m", "ncen_core.cli", *args], env=env,
                          capture_output=True, text=True, input=input_text, timeout=120)


@pytest.fixture
def config_file(tmp_path, db_url):
    path = tmp_path / "ncen.yaml"
    path.write_text(textwrap.dedent(f"""\
        database:
          url: "{db_url}"
        plugins:
          folder: null
        fields_dirs: []
    """))
    return path


@pytest.fixture
def installed(tmp_path, config_file):
    env = {"NCEN_CONFIG": str(config_file), "NCEN_ADMIN_PASSWORD": ADMIN_PASSWORD}
    result = run_ncen(["init", "--office", "xa-cli", "--admin", "admin"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    return {"NCEN_CONFIG": str(config_file), "NCEN_USER": "admin", "NCEN_PASSWORD": ADMIN_PASSWORD}


def assert_one_line_error(result, *fragments):
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ncen: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_help_lists_every_command_with_a_description(tmp_path):
    result = run_ncen(["--help"], {}, tmp_path)
    assert result.returncode == 0
    for command in ("init", "db", "user", "audit", "plugins", "record"):
        line = next(l for l in result.stdout.splitlines() if l.strip().startswith(command + " "))
        assert len(line.split(None, 1)[1]) > 10


def test_no_arguments_prints_the_help(tmp_path):
    result = run_ncen([], {}, tmp_path)
    assert result.returncode == 0 and "Commands:" in result.stdout


def test_usage_error_exits_2(tmp_path):
    result = run_ncen(["user", "add"], {}, tmp_path)
    assert result.returncode == 2 and "Missing argument" in result.stderr


def test_init_then_status_shows_a_current_schema(tmp_path, installed):
    result = run_ncen(["db", "status"], installed, tmp_path)
    assert result.returncode == 0
    assert "office:   XA-CLI" in result.stdout and "schema:   up to date" in result.stdout


def test_init_twice_changes_nothing(tmp_path, installed):
    env = {**installed, "NCEN_ADMIN_PASSWORD": ADMIN_PASSWORD}
    result = run_ncen(["init", "--office", "xb-other", "--admin", "root"], env, tmp_path)
    assert_one_line_error(result, "already belongs to office XA-CLI")


def test_commands_before_init_say_how_to_start(tmp_path, config_file):
    result = run_ncen(["user", "list"], {"NCEN_CONFIG": str(config_file), "NCEN_USER": "x",
                                         "NCEN_PASSWORD": "y"}, tmp_path)
    assert_one_line_error(result, "run: ncen init")


def test_user_management_is_audited_under_the_acting_admin(tmp_path, installed):
    add = run_ncen(["user", "add", "olga", "--role", "officer", "--unit", "A"],
                   {**installed, "NCEN_NEW_PASSWORD": "olga-password-1"}, tmp_path)
    assert add.returncode == 0, add.stderr
    listed = run_ncen(["user", "list"], installed, tmp_path)
    assert "olga" in listed.stdout and "officer" in listed.stdout
    verify = run_ncen(["audit", "verify"], installed, tmp_path)
    assert verify.returncode == 0 and "no problem found" in verify.stdout


def test_an_officer_may_not_manage_users(tmp_path, installed):
    run_ncen(["user", "add", "olga", "--role", "officer", "--unit", "A"],
             {**installed, "NCEN_NEW_PASSWORD": "olga-password-1"}, tmp_path)
    as_officer = {**installed, "NCEN_USER": "olga", "NCEN_PASSWORD": "olga-password-1"}
    result = run_ncen(["user", "list"], as_officer, tmp_path)
    assert_one_line_error(result, "may not manage users")


def test_wrong_password_is_one_line(tmp_path, installed):
    result = run_ncen(["user", "list"], {**installed, "NCEN_PASSWORD": "nope"}, tmp_path)
    assert_one_line_error(result, "wrong user name or password")


def test_password_is_prompted_when_not_in_the_environment(tmp_path, installed):
    env = {k: v for k, v in installed.items() if k != "NCEN_PASSWORD"}
    result = run_ncen(["user", "list"], env, tmp_path, input_text=ADMIN_PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert "admin" in result.stdout


def test_audit_verify_names_an_edited_and_a_deleted_entry(tmp_path, installed, db_url):
    from ncen_testing import make_config
    from ncen_core.app import open_ncen

    for name in ("olga", "omar", "oleg"):
        run_ncen(["user", "add", name, "--role", "officer", "--unit", "A"],
                 {**installed, "NCEN_NEW_PASSWORD": "pass-word-123"}, tmp_path)
    ncen = open_ncen(make_config(db_url, tmp_path))
    ncen.database.execute_sql("UPDATE ncen_audit SET username = 'mallory' WHERE id = 3")
    ncen.database.execute_sql("DELETE FROM ncen_audit WHERE id = 6")
    ncen.close()
    result = run_ncen(["audit", "verify"], installed, tmp_path)
    assert result.returncode == 1
    assert "entry 3: altered" in result.stdout
    assert "entry 6: missing" in result.stdout
    assert "first broken entry: 3" in result.stderr


@pytest.mark.parametrize(
    ("config_text", "fragments"),
    [
        ("database: [unclosed\n", ["ncen.yaml", "line"]),
        ("databse:\n  url: sqlite:///x.db\n", ["ncen.yaml", "unknown key 'databse'"]),
        ("attachments:\n  max_size_mb: big\n", ["ncen.yaml", "attachments.max_size_mb"]),
        ("database:\n  url: postgresql://nobody@127.0.0.1:1/none\n", ["cannot open database"]),
        ("database:\n  url: mysql://x/y\n", ["unknown scheme 'mysql'"]),
    ],
    ids=["malformed", "unknown-key", "wrong-type", "unreachable-database", "unknown-scheme"],
)
def test_bad_configuration_is_one_line(tmp_path, config_text, fragments):
    path = tmp_path / "ncen.yaml"
    path.write_text(config_text + "plugins:\n  folder: null\n")
    result = run_ncen(["db", "status"], {"NCEN_CONFIG": str(path)}, tmp_path)
    assert_one_line_error(result, *fragments)


def test_bad_field_file_is_one_line(tmp_path, config_file, installed):
    fields = tmp_path / "fields"
    fields.mkdir()
    (fields / "broken.yaml").write_text("seizure:\n  - name: x\n    kind: text\n")
    config_file.write_text(config_file.read_text().replace("fields_dirs: []",
                                                           f"fields_dirs: ['{fields}']"))
    result = run_ncen(["db", "status"], installed, tmp_path)
    assert_one_line_error(result, "broken.yaml", "line 2")
