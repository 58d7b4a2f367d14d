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
from typing import Literal, NewType, cast

import platformdirs
import yaml

from ncen_core.errors import ConfigError

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

    Raises :class:`ConfigError` if a file that was named cannot be read or holds a mistake.
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


def setting_names(cls: type = Config, prefix: str = "") -> list[str]:
    """Dotted names of every setting a file may hold (``database.url``, ``language``, ...)."""
    names: list[str] = []
    hints = typing.get_type_hints(cls)
    for name in _file_keys(cls):
        if dataclasses.is_dataclass(hints[name]):
            names.extend(setting_names(hints[name], f"{prefix}{name}."))
        else:
            names.append(f"{prefix}{name}")
    return names


def _load_file(path: Path, source: str) -> Config:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the configuration file is not UTF-8 text") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise ConfigError(f"{path}: line {line}: not valid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    reader = _Reader(path)
    if root is None:
        given: dict[str, object] = {}
    elif isinstance(root, yaml.MappingNode):
        given = reader.section(root, Config, "")
    else:
        raise reader.error(root, f"the top level must be a mapping of settings, got {_kind(root)}")
    _derive_database_url(given)
    return cast(Config, _build(Config, {**given, "source": source, "path": path}))


def _derive_database_url(given: dict[str, object]) -> None:
    """A moved ``data_dir`` takes the default embedded database with it."""
    if "data_dir" in given:
        database = cast(dict[str, object], given.setdefault("database", {}))
        database.setdefault("url", sqlite_url(cast(Path, given["data_dir"]) / "ncen.db"))


def _build(cls: type, given: Mapping[str, object]) -> object:
    hints = typing.get_type_hints(cls)
    values = {
        name: _build(hints[name], value) if dataclasses.is_dataclass(hints[name]) else value
        for name, value in given.items()
    }
    return cls(**values)


def _file_keys(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == "tag:yaml.org,2002:null":
        return "nothing"
    return repr(node.value)


class _Reader:
    """Turns YAML nodes into setting values, checked against the dataclasses' type hints."""

    def __init__(self, path: Path):
        self.path = path
        self.base = path.expanduser().absolute().parent
        self._constructor = yaml.SafeLoader("")

    def error(self, node: yaml.Node, message: str) -> ConfigError:
        return ConfigError(f"{self.path}: line {node.start_mark.line + 1}: {message}")

    def section(self, node: yaml.Node, cls: type, where: str) -> dict[str, object]:
        """The keys given in a mapping node, each converted; unknown or repeated keys fail."""
        if _is_null(node):
            return {}
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"'{where}' must be a mapping of settings, got {_kind(node)}")
        hints = typing.get_type_hints(cls)
        expected = _file_keys(cls)
        given: dict[str, object] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            dotted = f"{where}.{key}" if where else str(key)
            if key not in expected:
                raise self.error(
                    key_node,
                    f"unknown key {dotted!r} (expected one of: {', '.join(expected)})",
                )
            if key in given:
                raise self.error(key_node, f"{dotted!r} is given twice")
            given[key] = self.value(value_node, hints[key], dotted)
        return given

    def value(self, node: yaml.Node, hint: object, where: str) -> object:
        if dataclasses.is_dataclass(hint):
            return self.section(node, hint, where)
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is types.UnionType:
            if _is_null(node):
                return None
            (hint,) = [arg for arg in args if arg is not type(None)]
            return self.value(node, hint, where)
        if origin is Literal:
            text = self._scalar(node, where, "one of " + ", ".join(args))
            if text not in args:
                raise self.error(node, f"'{where}' must be one of {', '.join(args)}, got {text!r}")
            return text
        if origin is tuple:
            if not isinstance(node, yaml.SequenceNode):
                raise self.error(node, f"'{where}' must be a list, got {_kind(node)}")
            return tuple(
                self.value(item, args[0], f"{where}[{i}]") for i, item in enumerate(node.value)
            )
        if origin is Mapping:
            if not isinstance(node, yaml.MappingNode):
                raise self.error(node, f"'{where}' must be a mapping, got {_kind(node)}")
            pairs = {
                self._scalar(k, where, "a string key"): self.value(v, args[1], f"{where}.{k.value}")
                for k, v in node.value
            }
            return types.MappingProxyType(pairs)
        if hint is int:
            return self._integer(node, where)
        if hint is Path:
            return self._path(self._scalar(node, where, "a path"))
        if hint is DatabaseUrl:
            return self._database_url(self._scalar(node, where, "a database URL"))
        return self._scalar(node, where, "a string")

    def _scalar(self, node: yaml.Node, where: str, expected: str) -> str:
        """The scalar's text as written, so an office code such as ``0101`` stays a string."""
        if not isinstance(node, yaml.ScalarNode) or _is_null(node):
            raise self.error(node, f"'{where}' must be {expected}, got {_kind(node)}")
        return node.value

    def _integer(self, node: yaml.Node, where: str) -> int:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:int":
            raise self.error(node, f"'{where}' must be an integer, got {_kind(node)}")
        number = self._constructor.construct_object(node)
        if number < 0:
            raise self.error(node, f"'{where}' must be zero or more, got {number}")
        return number

    def _path(self, text: str) -> Path:
        path = Path(text).expanduser()
        return path if path.is_absolute() else self.base / path

    def _database_url(self, url: str) -> str:
        prefix = "sqlite:///"
        if not url.startswith(prefix) or url.startswith(prefix + ":memory:"):
            return url
        location, question, query = url[len(prefix):].partition("?")
        if not location:
            return url
        return sqlite_url(self._path(location)) + question + query


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"
