"""Registers the code lists no single database owns: link roles and currencies."""

from __future__ import annotations

from pathlib import Path

from ncen_core import hookimpl
from ncen_core.codelists import shipped_codelist


@hookimpl
def register_codelists() -> list[Path]:
    return [shipped_codelist("link_role"), shipped_codelist("currency")]
