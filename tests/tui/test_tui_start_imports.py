"""Starting the interface imports only what the first screens need.

A fresh interpreter runs the real app on an embedded database, logs in and waits for the
first painted page of the seizure list, then reports the modules it ended up with. What
is only needed later (the command line and its commands, photos, the rules engine, link
analysis, imports and exports, terminal graphics) must not be among them: each of these
cost the cold start tens of milliseconds. So did what declaring the analyses, the record
types' search hooks and the exchange tables dragged in (the analyses themselves, the search
engine, keys, receipts, package sealing, YAML), and the ``ncen`` command's own subcommand
modules. The password hashing (``cryptography``) waits for the password: the login screen
is painted without it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from tui_helpers import USER_PASSWORD, tui_config_for

SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys, time
    from pathlib import Path

    from ncen_core.config import Config, DatabaseConfig, PluginsConfig
    from ncen_tui.app import NcenApp
    from ncen_tui.screens.login import LoginScreen
    from ncen_tui.screens.record_list import RecordListScreen

    url, data_dir, password = sys.argv[1:4]
    config = Config(database=DatabaseConfig(url=url), data_dir=Path(data_dir),
                    plugins=PluginsConfig(folder=None), fields_dirs=())

    async def until(pilot, condition):
        deadline = time.monotonic() + 60
        while not condition():
            assert time.monotonic() < deadline, "the seizure list was never painted"
            await pilot.pause(0.01)

    async def main():
        app = NcenApp(config, start_list="seizure")
        async with app.run_test() as pilot:
            await until(pilot, lambda: isinstance(app.screen, LoginScreen))
            await pilot.pause()
            at_login = sorted(sys.modules)
            await pilot.press(*"olga", "enter", *password, "enter")
            await until(pilot, lambda: isinstance(app.screen, RecordListScreen)
                        and app.screen.pages)
            await pilot.pause()
        print(json.dumps({"login": at_login, "list": sorted(sys.modules)}))

    asyncio.run(main())
    """
)

#: Imported later, by what needs them; never to show the first list.
LATER = ("click", "PIL", "textual_image", "ncen_core.cli", "ncen_core.rules.firing",
         "ncen_core.network", "ncen_core.transfer", "ncen_plugins.comms.network.client",
         "yaml", "rapidfuzz", "pycountry", "ncen_core.config_file", "ncen_core.analysis.analyses",
         "ncen_core.analysis.dashboard", "ncen_core.analysis.statistics",
         "ncen_plugins.seizure.analyses", "ncen_plugins.comms.receipts",
         "ncen_plugins.comms.keyring", "ncen_plugins.comms.keys", "ncen_plugins.comms.age",
         "ncen_plugins.comms.package", "ncen_plugins.comms.sharing.builder",
         "ncen_plugins.comms.sharing.seal", "ncen_plugins.comms.sharing.selection",
         "ncen_core.search.compiler", "ncen_core.search.plugin_support")

#: ``ncen`` without a command, in a terminal: the interface is started (here replaced by
#: a stand-in that notes the modules imported by then) and the exit status printed.
NCEN_SCRIPT = textwrap.dedent(
    """
    import io, json, sys, types

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    launch = types.ModuleType("ncen_tui.launch")
    launch.run_tui = lambda config, username: launch.__dict__.setdefault(
        "modules", sorted(sys.modules))
    sys.modules["ncen_tui.launch"] = launch
    sys.stdin, sys.stdout = Terminal(), Terminal()

    from ncen_core.cli.main import main

    status = main([])
    sys.__stdout__.write(json.dumps({"status": status, "modules": launch.modules}))
    """
)


#: Imported only to check or hash a password, once it has been typed.
AFTER_THE_PASSWORD = ("cryptography",)


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> dict[str, set[str]]:
    """The modules imported once the login screen is painted, and once the first list is."""
    from ncen_core.app import open_ncen
    from ncen_core.office import initialise_office
    from ncen_core.users import add_user

    folder = tmp_path_factory.mktemp("start")
    url = f"sqlite:///{folder / 'ncen.db'}"
    ncen = open_ncen(tui_config_for(url, folder), require_current_schema=False)
    initialise_office(ncen, "XA-TEST", "Test office", "admin", USER_PASSWORD)
    add_user(ncen.system, "olga", USER_PASSWORD, "officer", full_name="Olga", unit="A")
    ncen.close()
    environ = {name: value for name, value in os.environ.items()
               if name not in ("NCEN_CONFIG", "NCEN_TRACE_PLUGINS")}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, url, str(folder / "data"), USER_PASSWORD],
        capture_output=True, text=True, env=environ, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    return {stage: set(names) for stage, names in
            json.loads(result.stdout.splitlines()[-1]).items()}


@pytest.fixture(scope="module")
def started_modules(started) -> set[str]:
    return started["list"]


def imported(modules: set[str], package: str) -> list[str]:
    """``package`` and its submodules among ``modules``."""
    return sorted(name for name in modules
                  if name == package or name.startswith(f"{package}."))


@pytest.mark.parametrize("package", LATER)
def test_showing_the_first_list_does_not_import(started_modules, package):
    assert not imported(started_modules, package)


@pytest.mark.parametrize("package", AFTER_THE_PASSWORD)
def test_showing_the_login_screen_does_not_import(started, package):
    assert not imported(started["login"], package)
    assert imported(started["list"], package)  # the login did check the password


def test_no_command_module_of_any_plugin_is_imported_to_start(started_modules):
    """Plugins hand their click commands over inside ``register_cli_commands``."""
    assert not sorted(name for name in started_modules
                      if name.startswith("ncen_plugins.") and ".cli." in f"{name}.")


def test_ncen_alone_starts_the_interface_without_importing_the_command_modules():
    environ = {name: value for name, value in os.environ.items()
               if name not in ("NCEN_CONFIG", "NCEN_TRACE_PLUGINS")}
    result = subprocess.run([sys.executable, "-c", NCEN_SCRIPT], capture_output=True, text=True,
                            env=environ, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    started = json.loads(result.stdout)
    assert started["status"] == 0
    assert not sorted(name for name in started["modules"]
                      if name.startswith("ncen_core.cli.") and name.endswith("_commands"))
