"""Opening the configured installation, and telling apart the states the TUI must guide
the user out of: an empty database (first run), a schema behind the code, a database that
cannot be reached."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ncen_core.app import Ncen, NotInitialisedError, open_ncen
from ncen_core.config import Config
from ncen_core.errors import NcenError, SchemaBehindError
from ncen_core.office import initialise_office
from ncen_core.users import UserInfo


class StartState(enum.Enum):
    """What the interface shows first."""

    READY = "ready"
    EMPTY = "empty"
    BEHIND = "behind"
    FAILED = "failed"


@dataclass
class Startup:
    """The outcome of opening: the installation when READY, else the message to show."""

    state: StartState
    ncen: Ncen | None = None
    message: str = ""


def open_installation(config: Config, extra_plugins: tuple[object, ...] = ()) -> Startup:
    """Open the configured database; never raises for a state the user can fix."""
    try:
        ncen = open_ncen(config, extra_plugins=extra_plugins)
    except NotInitialisedError as exc:
        return Startup(StartState.EMPTY, message=str(exc))
    except SchemaBehindError as exc:
        return Startup(StartState.BEHIND, message=str(exc))
    except NcenError as exc:
        return Startup(StartState.FAILED, message=str(exc))
    if not ncen.is_initialised:
        ncen.close()
        return Startup(StartState.EMPTY, message="this database has no office yet")
    return Startup(StartState.READY, ncen=ncen)


def initialise(config: Config, office_code: str, office_name: str, admin: str, password: str,
               extra_plugins: tuple[object, ...] = ()) -> tuple[Ncen, UserInfo]:
    """What ``ncen init`` does, for the first-run screen: returns the open installation."""
    ncen = open_ncen(config, extra_plugins=extra_plugins, require_current_schema=False)
    try:
        user = initialise_office(ncen, office_code, office_name, admin, password)
    except BaseException:
        ncen.close()
        raise
    return ncen, user
