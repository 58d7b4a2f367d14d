"""The project's promises about itself: packages declared, README commands used by CI."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER_OF = {"ncen_core": "ncen_core", "ncen_plugins": "plugins", "ncen_tui": "tui",
             "ncen_config": "config"}


def test_every_package_folder_is_declared_in_pyproject():
    """Code folders (with ``__init__.py``) and the data folders of ``ncen_config`` (YAML
    only, declared as namespace packages as setuptools recommends) are all listed."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    declared = set(project["tool"]["setuptools"]["packages"])
    found = set()
    for package, folder in FOLDER_OF.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            found.add(".".join((package, *relative.parts)))
    for data in (ROOT / "config").rglob("*.yaml"):
        found.add(".".join(("ncen_config", *data.parent.relative_to(ROOT / "config").parts)))
    assert found == declared


def test_every_data_folder_ships_its_yaml_files():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    package_data = project["tool"]["setuptools"]["package-data"]
    for data in (ROOT / "config").rglob("*.yaml"):
        package = ".".join(("ncen_config", *data.parent.relative_to(ROOT / "config").parts))
        assert "*.yaml" in package_data.get(package, ()), package


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Set-up: two commands", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", section, re.S)
    assert len(commands) == 2
    run_command, test_command = commands
    assert "pip install" in run_command and "ncen" in run_command
    assert test_command in (ROOT / ".ci" / "run").read_text()
    assert "pytest" in (ROOT / test_command.split()[-1]).read_text()
