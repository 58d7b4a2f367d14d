"""Which way photos are drawn: a terminal graphics protocol, or half blocks everywhere else.

Terminals that speak the Kitty graphics protocol or Sixel show a photo's thumbnail at full
resolution (through the maintained ``textual-image`` library); every other terminal, and
any doubt, gets the half-block drawing (two pixels per cell, works in 16 colours). The
choice is made once, before the interface starts, because answering a terminal query is
impossible once Textual reads the keyboard:

* ``NCEN_GRAPHICS=kitty|sixel|halfblock`` forces a choice (a terminal that supports a
  protocol but answers queries badly, or a user who prefers blocks); ``auto`` (the
  default) asks the terminal;
* output that is not a terminal, and sessions inside tmux or screen (which do not pass
  graphics through reliably), draw half blocks without asking anything;
* if ``textual-image`` is missing or the query fails, half blocks.

Whatever is chosen, ``v`` on an attachment still opens the original with the
workstation's own viewer.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable, Mapping

ENVIRONMENT_VARIABLE = "NCEN_GRAPHICS"


class Graphics(enum.StrEnum):
    """How the interface draws images."""

    KITTY = "kitty"
    SIXEL = "sixel"
    HALF_BLOCK = "halfblock"


AUTO = "auto"


def choose_graphics(requested: str, *, is_tty: bool, multiplexed: bool,
                    probe: Callable[[], Graphics | None]) -> Graphics:
    """The protocol to use: ``requested`` when it names one, else what ``probe`` finds.

    ``probe`` (which talks to the terminal) is called only for ``auto`` on a real terminal
    outside a multiplexer; an unknown request is treated as ``auto``.
    """
    wanted = requested.strip().lower() or AUTO
    if wanted in set(Graphics):
        return Graphics(wanted)
    if not is_tty or multiplexed:
        return Graphics.HALF_BLOCK
    return probe() or Graphics.HALF_BLOCK


def probe_terminal() -> Graphics | None:
    """Ask the terminal through ``textual-image`` (which queries Sixel, then Kitty, when it
    is first imported); None when the library is missing or finds neither."""
    try:
        from textual_image import renderable
    except Exception:  # noqa: BLE001 - a missing or broken optional renderer means blocks
        return None
    found = {renderable.SixelImage: Graphics.SIXEL, renderable.TGPImage: Graphics.KITTY}
    return found.get(renderable.Image)


def detect_graphics(environ: Mapping[str, str] | None = None) -> Graphics:
    """The choice for this process's terminal; call before the interface starts."""
    environ = os.environ if environ is None else environ
    stdout = sys.__stdout__
    return choose_graphics(
        environ.get(ENVIRONMENT_VARIABLE, AUTO),
        is_tty=bool(stdout and stdout.isatty()),
        multiplexed=bool(environ.get("TMUX") or environ.get("STY")),
        probe=probe_terminal)
