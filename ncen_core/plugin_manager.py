"""Building the plugin manager: hook specs, installed plugins, local plugin files.

Nothing is loaded by importing ncen; the application calls :func:`build_plugin_manager`
once at start-up. Plugins come from three places, in this order:

1. entry points of group ``ncen`` of every installed distribution (the built-in features
   are declared there too, exactly like third-party plugins);
2. every ``*.py`` file of the configured plugins folder, registered under the file's stem,
   so an administrator can drop a single file there (a missing folder is simply empty);
3. plugin objects passed by the caller (tests, embedding applications).

A name listed in ``plugins.disabled`` is never loaded. Every failure (a file that does not
import, an unknown hook, a hook with arguments its spec does not provide) becomes a
:class:`PluginError` naming the plugin and where it lives. ``NCEN_TRACE_PLUGINS=1`` prints
every hook call, its arguments and its result to standard error.
"""

from __future__ import annotations

import dataclasses
import difflib
import importlib.metadata
import importlib.util
import os
import sys
import traceback
import types
from collections.abc import Iterable
from pathlib import Path

import pluggy

from ncen_core import PROJECT_NAME, hookspecs
from ncen_core.config import Config
from ncen_core.errors import PluginError

ENTRY_POINT_GROUP = "ncen"
LOCAL_PACKAGE = "ncen_local_plugins"
TRACE_ENV = "NCEN_TRACE_PLUGINS"


@dataclasses.dataclass(frozen=True)
class PluginInfo:
    """One loaded plugin, as ``ncen plugins`` lists it."""

    name: str
    version: str
    source: str
    hooks: tuple[str, ...]


def build_plugin_manager(
    config: Config, extra_plugins: Iterable[object] = ()
) -> pluggy.PluginManager:
    """A plugin manager with the hook specs and every enabled plugin registered and checked."""
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for name in config.plugins.disabled:
        pm.set_blocked(name)
    _load_entry_points(pm)
    if config.plugins.folder is not None:
        _load_folder(pm, config.plugins.folder)
    for plugin in extra_plugins:
        _register(pm, plugin, None, _source(plugin))
    _check_pending(pm)
    if os.environ.get(TRACE_ENV, "") not in ("", "0"):
        pm.trace.root.setwriter(lambda text: sys.stderr.write(text))
        pm.enable_tracing()
    return pm


def describe_plugins(pm: pluggy.PluginManager) -> list[PluginInfo]:
    """Every registered plugin with its version, where it comes from and the hooks it implements.

    Plugins installed as distributions show their distribution's version; the others
    (local files, objects registered by the caller) show ``local``.
    """
    distributions = {id(plugin): dist for plugin, dist in pm.list_plugin_distinfo()}
    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()))
        dist = distributions.get(id(plugin))
        if dist is None:
            infos.append(PluginInfo(name, "local", _source(plugin), hooks))
        else:
            source = f"{dist.project_name}: {_source(plugin)}"
            infos.append(PluginInfo(name, dist.version, source, hooks))
    return sorted(infos, key=lambda info: info.name)


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    try:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    except Exception as exc:
        entry_point = _failed_entry_point(pm)
        where = f"entry point {entry_point.value}" if entry_point else "an entry point"
        name = entry_point.name if entry_point else "?"
        raise PluginError(f"plugin {name!r} ({where}) cannot be loaded: {_failure(exc)}") from exc


def _failed_entry_point(pm: pluggy.PluginManager) -> importlib.metadata.EntryPoint | None:
    """The entry point pluggy was loading when it failed: the first one not yet registered."""
    for dist in importlib.metadata.distributions():
        for entry_point in dist.entry_points:
            if (
                entry_point.group == ENTRY_POINT_GROUP
                and not pm.has_plugin(entry_point.name)
                and not pm.is_blocked(entry_point.name)
            ):
                return entry_point
    return None


def _load_folder(pm: pluggy.PluginManager, folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.py")):
        if pm.is_blocked(path.stem):
            continue
        _register(pm, _import_file(path), path.stem, str(path))


def _import_file(path: Path) -> types.ModuleType:
    """Import one plugin file as ``ncen_local_plugins.<stem>``."""
    module_name = f"{LOCAL_PACKAGE}.{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise PluginError(f"plugin {path.stem!r} ({path}) cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[module_name]
        raise PluginError(
            f"plugin {path.stem!r} ({path}) cannot be loaded: {_failure(exc, path)}"
        ) from exc
    return module


def _register(pm: pluggy.PluginManager, plugin: object, name: str | None, source: str) -> None:
    shown = name or pm.get_canonical_name(plugin)
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        lines = [line.strip() for line in str(exc).splitlines()]
        reason = "; ".join(lines[1:] if len(lines) > 1 else lines)
        raise PluginError(f"plugin {shown!r} ({source}): {reason}") from exc
    except ValueError as exc:
        raise PluginError(f"plugin {shown!r} ({source}) cannot be registered: {exc}") from exc


def _check_pending(pm: pluggy.PluginManager) -> None:
    """A hook implementation without a spec is a misspelling: name it and suggest the spec."""
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        plugin = exc.plugin
        unknown = [
            caller.name
            for caller in pm.get_hookcallers(plugin) or ()
            if not caller.has_spec()
        ]
        hook = unknown[0] if unknown else "?"
        known = [
            name
            for name, caller in vars(pm.hook).items()
            if not name.startswith("_") and caller.has_spec()
        ]
        close = difflib.get_close_matches(hook, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        name = pm.get_name(plugin)
        raise PluginError(
            f"plugin {name!r} ({_source(plugin)}) implements unknown hook {hook!r}{hint}"
        ) from exc


def _source(plugin: object) -> str:
    """Where a plugin's code lives: its file for a module, else its class."""
    file = getattr(plugin, "__file__", None)
    if isinstance(plugin, types.ModuleType) and file:
        return str(file)
    cls = plugin if isinstance(plugin, type) else type(plugin)
    return f"{cls.__module__}:{cls.__qualname__}"


def _failure(exc: BaseException, path: Path | None = None) -> str:
    """``[file, ]line N: Error: message`` for the line that failed, on one line.

    The line is the last one of the plugin file ``path`` in the traceback when there is
    one (the file is then already named), else the innermost line outside the import system.
    """
    if isinstance(exc, SyntaxError):
        return _at(exc.filename or "?", exc.lineno or 0, f"SyntaxError: {exc.msg}", path)
    first_line = (str(exc).strip().splitlines() or [""])[0]
    message = f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if not frame.filename.startswith("<frozen")
    ]
    in_plugin = [frame for frame in frames if path is not None and frame.filename == str(path)]
    if not (in_plugin or frames):
        return message
    frame = (in_plugin or frames)[-1]
    return _at(frame.filename, frame.lineno or 0, message, path)


def _at(filename: str, line: int, message: str, path: Path | None) -> str:
    if path is not None and filename == str(path):
        return f"line {line}: {message}"
    return f"{filename}, line {line}: {message}"
