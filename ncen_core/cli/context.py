"""What every command needs: the configuration, the open installation, the acting user.

Loaded lazily and once per invocation, so ``ncen --help`` touches no database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import click

from ncen_core.app import Ncen, open_ncen
from ncen_core.config import Config, load_config
from ncen_core.record_service import RecordService
from ncen_core.roles import Permission, require
from ncen_core.session import login

USER_ENV = "NCEN_USER"
PASSWORD_ENV = "NCEN_PASSWORD"


@dataclass
class CliState:
    """Options of the ``ncen`` group and what was opened from them."""

    config_path: Path | None = None
    username: str | None = None
    _config: Config | None = field(default=None, repr=False)
    _ncen: Ncen | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        """The configuration (``--config``, ``NCEN_CONFIG``, user file or defaults)."""
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    def open(self, *, require_current_schema: bool = True) -> Ncen:
        """The installation, opened once; closed when the command ends."""
        if self._ncen is None:
            self._ncen = open_ncen(self.config, require_current_schema=require_current_schema)
            click.get_current_context().call_on_close(self._ncen.close)
        return self._ncen

    def session(self, permission: Permission | None = None) -> RecordService:
        """Log in as the acting user (``--user`` or NCEN_USER; password from NCEN_PASSWORD or
        a prompt) and check ``permission``; every action is then audited under that user."""
        ncen = self.open()
        username = self.username or os.environ.get(USER_ENV)
        if not username:
            raise click.UsageError(f"this command acts as a user: give --user NAME or set {USER_ENV}")
        password = os.environ.get(PASSWORD_ENV)
        if password is None:
            password = click.prompt(f"Password for {username}", hide_input=True, err=True)
        service = login(ncen, username, password)
        if permission is not None:
            require(service.user.role, permission)
        return service


pass_state = click.make_pass_decorator(CliState)
