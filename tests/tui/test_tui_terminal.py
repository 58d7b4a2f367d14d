"""The real thing: ``ncen`` started in a tmux terminal of 80x24, logged in by keystrokes.

After each key the pane is polled for the expected state (a key sent in the same burst as a
focus change may reach the previously focused widget), never slept on.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from tui_helpers import USER_PASSWORD

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def config_file(config, folder: Path) -> Path:
    path = folder / "ncen.yaml"
    path.write_text(
        f"database:\n  url: '{config.database.url}'\n"
        f"data_dir: '{folder / 'data'}'\n"
        "plugins:\n  folder: null\n"
        "fields_dirs: []\n", encoding="utf-8")
    return path


class Pane:
    """One detached tmux session running a command."""

    def __init__(self, command: list[str]) -> None:
        self.name = f"ncen-test-{uuid.uuid4().hex[:8]}"
        subprocess.run(["tmux", "new-session", "-d", "-x", "80", "-y", "24", "-s", self.name,
                        *command], check=True)

    def text(self, *, styles: bool = False) -> str:
        options = ["-p", "-e"] if styles else ["-p"]
        return subprocess.run(["tmux", "capture-pane", *options, "-t", self.name],
                              capture_output=True, text=True, check=False).stdout

    def wait_for(self, expected: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            if expected in text:
                return text
            time.sleep(0.1)
        raise AssertionError(f"{expected!r} never appeared; the pane shows:\n{self.text()}")

    def send(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], check=False,
                       capture_output=True)


def test_ncen_in_a_terminal_logs_in_and_shows_the_home_screen(installation, tmp_path):
    ncen = str(Path(sys.executable).parent / "ncen")
    pane = Pane([ncen, "--config", str(config_file(installation, tmp_path)), "--user", "olga"])
    try:
        pane.wait_for("Password")
        pane.send("-l", USER_PASSWORD)
        pane.wait_for("•" * len(USER_PASSWORD))
        pane.send("Enter")
        home = pane.wait_for("Recent records of my unit")
        assert "olga (officer, unit A)" in home
        pane.send("C-q")
    finally:
        pane.close()


def test_ncen_in_a_16_colour_terminal_draws_with_those_16_colours(tui_config, tmp_path):
    ncen = str(Path(sys.executable).parent / "ncen")
    pane = Pane(["env", "TERM=xterm-16color", "COLORTERM=", ncen,
                 "--config", str(config_file(tui_config, tmp_path))])
    try:
        pane.wait_for("first run")
        styled = pane.text(styles=True)
        assert "\x1b[" in styled
        assert "38;2;" not in styled and "38;5;" not in styled
        assert "48;2;" not in styled and "48;5;" not in styled
        pane.send("C-q")
    finally:
        pane.close()
