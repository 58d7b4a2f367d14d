"""Starting the interface from the command line (``ncen`` with no sub-command)."""

from __future__ import annotations

from pathlib import Path

from ncen_core.config import load_config


def run_tui(config_path: Path | None = None, username: str | None = None) -> None:
    """Load the configuration and run the app until the user quits.

    The terminal is asked about graphics here, before Textual takes the keyboard.
    """
    from ncen_tui.app import NcenApp
    from ncen_tui.data.graphics import detect_graphics

    config = load_config(config_path)
    NcenApp(config, username=username or "", graphics=detect_graphics()).run()
