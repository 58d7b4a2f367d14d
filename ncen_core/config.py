"""The installation's settings, read once from one YAML file into frozen dataclasses.

Where the file comes from, first match wins: the path given on the command line
(``--config``), the ``NCEN_CONFIG`` environment variable, ``ncen.yaml`` in the user's
configuration folder if it exists, else the built-in defaults. A file may hold only some
settings; the rest keep their defaults.

The dataclasses below are the schema: the reader walks the YAML node tree against their
type hints, so a new setting is one new field, and every mistake is reported on one line
with the file, the line, the dotted key and what was expected. In the file, relative paths
(including the path of a ``sqlite:///`` URL) resolve against the file's folder and ``~``
expands to the user's home, so a configuration does not depend on the working directory.
"""

from __future__ import annotations

import dataclasses
import os
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, NewType

import platformdirs

APP_NAME = "ncen"
CONFIG_ENV = "NCEN_CONFIG"
CONFIG_FILE_NAME = "ncen.yaml"

Language = Literal["en", "fr", "es"]
DatabaseUrl = NewType("DatabaseUrl", str)
"""A database URL; in a file, the path of a ``sqlite:///`` URL resolves like any other path."""

_INTERNAL = {"internal": True}


def user_config_dir() -> Path:
    """The per-user configuration folder (``~/.config/ncen`` on Linux)."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def user_data_dir() -> Path:
    """The per-user data folder (``~/.local/share/ncen`` on Linux)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def sqlite_url(path: Path) -> DatabaseUrl:
    """The ``sqlite:///`` URL of a database file (``sqlite:////abs`` on POSIX)."""
    return DatabaseUrl(f"sqlite:///{path.as_posix()}")


@dataclasses.dataclass(frozen=True)
class DatabaseConfig:
    """Where the records live: ``sqlite:///PATH`` (embedded) or ``postgresql://...`` (shared)."""

    url: DatabaseUrl = dataclasses.field(
        default_factory=lambda: sqlite_url(user_data_dir() / "ncen.db")
    )


@dataclasses.dataclass(frozen=True)
class OfficeConfig:
    """This office's code and name; ``ncen init`` uses them when ``--office`` is not given."""

    code: str = ""
    name: str = ""


@dataclasses.dataclass(frozen=True)
class PluginsConfig:
    """Where local plugin files are dropped, and plugin names that must not be loaded."""

    folder: Path | None = dataclasses.field(default_factory=lambda: user_config_dir() / "plugins")
    disabled: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class AttachmentsConfig:
    """Limits on photos and documents attached to records."""

    max_size_mb: int = 20


@dataclasses.dataclass(frozen=True)
class SecurityConfig:
    """Account lockout: after this many failed logins the account is locked this long."""

    max_failed_logins: int = 5
    lockout_minutes: int = 15


@dataclasses.dataclass(frozen=True)
class ExchangeConfig:
    """Where packages travel: this office's inbox, and a transport URL per destination office.

    ``inbox`` is a transport URL (empty: the folder ``exchange/inbox`` in ``data_dir``).
    ``routes`` maps an office code, or ``*`` for every office not named, to a transport URL;
    ``{office}`` in a URL stands for the destination office's code.
    """

    inbox: str = ""
    routes: Mapping[str, str] = dataclasses.field(
        default_factory=lambda: types.MappingProxyType({}))


@dataclasses.dataclass(frozen=True)
class NetworkConfig:
    """Link analysis: identifier values never followed, the fan-out cap, the kinds followed.

    ``stop_values`` are placeholders compared by their letters and digits (``N/A`` = ``NA``);
    an identifier held by more than ``max_shared`` records is reported, not followed.
    """

    stop_values: tuple[str, ...] = (
        "UNKNOWN", "UNK", "N/A", "NONE", "NIL", "NULL", "TBA", "TBC", "NOT KNOWN",
        "000000", "123456", "1234567890", "XXXXXX",
    )
    max_shared: int = 25
    follow: tuple[str, ...] = (
        "document", "phone", "address", "plate", "container", "email",
        "company_registration", "tax", "vat", "eori",
    )


@dataclasses.dataclass(frozen=True)
class QualityConfig:
    """Data quality: per record type, the fields analysis needs (``group.member`` for a
    member of a repeating group), which ``ncen quality`` counts as filled in or not; and the
    date field of the event a record reports, from which the delay to entry is measured."""

    fields: Mapping[str, tuple[str, ...]] = dataclasses.field(
        default_factory=lambda: types.MappingProxyType({
            "seizure": ("seizure_date", "place_country", "location_type", "transport_mode",
                        "detection_methods", "concealment_method", "route.country",
                        "items.commodity", "items.quantity"),
            "suspect": ("family_name", "date_of_birth", "gender", "nationalities.country",
                        "documents.number"),
            "company": ("legal_name", "country", "registration_number", "addresses.street"),
        }))
    event_dates: Mapping[str, str] = dataclasses.field(
        default_factory=lambda: types.MappingProxyType({"seizure": "seizure_date"}))


@dataclasses.dataclass(frozen=True)
class Config:
    """Every setting of an installation; ``source`` and ``path`` say where they were read."""

    database: DatabaseConfig = dataclasses.field(default_factory=DatabaseConfig)
    office: OfficeConfig = dataclasses.field(default_factory=OfficeConfig)
    data_dir: Path = dataclasses.field(default_factory=lambda: user_data_dir())
    plugins: PluginsConfig = dataclasses.field(default_factory=PluginsConfig)
    fields_dirs: tuple[Path, ...] = dataclasses.field(
        default_factory=lambda: (user_config_dir() / "fields",)
    )
    attachments: AttachmentsConfig = dataclasses.field(default_factory=AttachmentsConfig)
    language: Language = "en"
    keys: Mapping[str, str] = dataclasses.field(default_factory=lambda: types.MappingProxyType({}))
    security: SecurityConfig = dataclasses.field(default_factory=SecurityConfig)
    exchange: ExchangeConfig = dataclasses.field(default_factory=ExchangeConfig)
    network: NetworkConfig = dataclasses.field(default_factory=NetworkConfig)
    quality: QualityConfig = dataclasses.field(default_factory=QualityConfig)
    source: str = dataclasses.field(default="built-in defaults", metadata=_INTERNAL)
    path: Path | None = dataclasses.field(default=None, metadata=_INTERNAL)


def load_config(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Read the configuration from ``path``, ``NCEN_CONFIG``, the user file, or defaults.

    Raises :class:`~ncen_core.errors.ConfigError` if a file that was named cannot be read or holds a mistake.
    """
    environ = os.environ if environ is None else environ
    if path is not None:
        return _load_file(Path(path), f"{path} (--config)")
    if environ.get(CONFIG_ENV):
        named = Path(environ[CONFIG_ENV]).expanduser()
        return _load_file(named, f"{named} ({CONFIG_ENV})")
    user_file = user_config_dir() / CONFIG_FILE_NAME
    if user_file.is_file():
        return _load_file(user_file, str(user_file))
    return Config()


def _load_file(path: Path, source: str) -> Config:
    from ncen_core.config_file import load_file  # YAML only when there is a file to read

    return load_file(path, source)


def setting_names(cls: type = Config, prefix: str = "") -> list[str]:
    """Dotted names of every setting a file may hold (``database.url``, ``language``, ...)."""
    names: list[str] = []
    hints = typing.get_type_hints(cls)
    for name in file_keys(cls):
        if dataclasses.is_dataclass(hints[name]):
            names.extend(setting_names(hints[name], f"{prefix}{name}."))
        else:
            names.append(f"{prefix}{name}")
    return names


def file_keys(cls: type) -> list[str]:
    """The settings of ``cls`` a file may give (not where the configuration came from)."""
    return [f.name for f in dataclasses.fields(cls) if not f.metadata.get("internal")]
