"""What plugins declare through the collect hooks, as small frozen dataclasses.

A plugin returns these from ``register_*`` hooks; the registry built at start-up refuses two
declarations of one kind with the same identity (the ``record_type`` of a search index, the
``scheme`` of a transport, the ``name`` of an analysis, the ``id`` of a screen or command).
Code that would pull in heavy or interface-only libraries (a network transport, a Textual
screen) is named by a ``"module:attribute"`` target and imported only when it is used, so
collecting declarations never imports Textual into the core.
"""

from __future__ import annotations

import dataclasses
import importlib
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Literal

from ncen_core.errors import PluginError

AudienceKind = Literal["office", "group", "all", "non_nominal"]


def resolve_target(target: str) -> object:
    """Import ``"package.module:Attribute"`` and return the attribute.

    Raises :class:`PluginError` if the target is malformed, its module cannot be imported,
    or the attribute is missing.
    """
    module_name, colon, attribute = target.partition(":")
    if not colon or not module_name or not attribute:
        raise PluginError(f"target {target!r}: expected 'package.module:Attribute'")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise PluginError(f"target {target!r}: cannot import {module_name!r}: {exc}") from None
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise PluginError(f"target {target!r}: {module_name!r} has no {attribute!r}") from None


# --------------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SearchIndexSpec:
    """The fields of one record type that go into the full-text index (one spec per type)."""

    record_type: str
    fields: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class SearchRequest:
    """One search: free text, optionally restricted to some record types (empty means all)."""

    text: str
    record_types: tuple[str, ...] = ()
    limit: int = 50


@dataclasses.dataclass(frozen=True)
class SearchHit:
    """One matching record; hits from every plugin are merged by descending ``score``."""

    record_type: str
    origin: str
    uuid: str
    title: str
    score: float


# --------------------------------------------------------------------------------------------
# Transport
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class TransportSpec:
    """A way to move packages, named by its URL scheme (``file``, ``ncen+tls``, ...).

    ``factory`` is a ``"module:callable"`` target; called with a URL it returns the transport.
    """

    scheme: str
    description: str
    factory: str

    def load_factory(self) -> Callable[[str], object]:
        """Import the factory only when a transport of this scheme is opened."""
        factory = resolve_target(self.factory)
        if not callable(factory):
            raise PluginError(
                f"transport {self.scheme!r}: factory {self.factory!r} is not callable"
            )
        return factory


def open_declared_transport(specs: Iterable[TransportSpec], url: str) -> object | None:
    """The transport for ``url`` among a plugin's ``specs``, or None when none has its scheme
    (the ``open_transport`` hook of every plugin that declares transports)."""
    scheme = urllib.parse.urlsplit(url).scheme
    for spec in specs:
        if spec.scheme == scheme:
            return spec.load_factory()(url)
    return None


# --------------------------------------------------------------------------------------------
# Exchange
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Audience:
    """Who a package is for, which decides the fields that may leave the office.

    ``kind`` is ``office`` or ``group`` (then ``name`` is the office code or group name),
    ``all`` (every office of the network) or ``non_nominal`` (a regional or global database
    that receives no personal data). ``legal_basis`` is the text that authorises the sharing.
    """

    kind: AudienceKind
    name: str = ""
    legal_basis: str = ""


# --------------------------------------------------------------------------------------------
# Analysis
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class AnalysisSpec:
    """An analysis shown in the analysis screen and the CLI; ``function`` computes it as
    ``function(ncen, user, params) -> StatsTable`` (see the ``register_analyses`` hook)."""

    name: str
    title: str
    description: str
    function: Callable[..., object]


# --------------------------------------------------------------------------------------------
# Interface
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ScreenSpec:
    """A TUI screen contributed by a plugin, opened with ``key``.

    ``target`` names the screen class as ``"module:Class"`` so the core never imports Textual;
    only the TUI calls :meth:`load`.
    """

    id: str
    title: str
    key: str
    target: str

    def load(self) -> type:
        """Import and return the screen class."""
        screen = resolve_target(self.target)
        if not isinstance(screen, type):
            raise PluginError(f"screen {self.id!r}: target {self.target!r} is not a class")
        return screen


@dataclasses.dataclass(frozen=True)
class CommandSpec:
    """An entry of the TUI command palette that runs the action named ``action``.

    ``key`` is its default key binding, or empty for a palette-only command; users remap it
    by ``id`` in the ``keys`` setting.
    """

    id: str
    title: str
    key: str
    action: str
