"""Reading a configuration file: YAML checked against :class:`~ncen_core.config.Config`.

Kept apart from :mod:`ncen_core.config` so that a process given its configuration in code
(the interface's tests, the benchmarks) never imports YAML. Every mistake is a
:class:`ConfigError` naming the file, the line and the setting.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, cast

import yaml

from ncen_core.config import Config, DatabaseUrl, file_keys, sqlite_url
from ncen_core.errors import ConfigError


def load_file(path: Path, source: str) -> Config:
    """The configuration in the YAML file ``path``; ``source`` says how it was named."""
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
        expected = file_keys(cls)
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
