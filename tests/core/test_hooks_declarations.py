"""The search, transport, exchange, analysis and interface hooks, end to end through the real
plugin manager: a small plugin declares something and the caller gets it back intact.

Installed plugins are disabled here so each test sees only the plugins it registers.
"""

from __future__ import annotations

import importlib.metadata

import click
import pytest
from click.testing import CliRunner

from ncen_core import hookimpl
from ncen_core.config import Config, PluginsConfig
from ncen_core.declarations import (
    AnalysisSpec,
    Audience,
    CommandSpec,
    ScreenSpec,
    SearchHit,
    SearchIndexSpec,
    SearchRequest,
    TransportSpec,
    resolve_target,
)
from ncen_core.errors import PluginError
from ncen_core.plugin_manager import build_plugin_manager


class ContrabandScreen:
    """Stands for a Textual screen class named by a ScreenSpec target."""


class FolderTransport:
    def __init__(self, url: str):
        self.url = url


def manager_with(*plugins: object):
    """The real plugin manager with only ``plugins`` registered."""
    installed = tuple(ep.name for ep in importlib.metadata.entry_points(group="ncen"))
    config = Config(plugins=PluginsConfig(folder=None, disabled=installed))
    return build_plugin_manager(config, plugins)


def plugin(**hooks):
    """A plugin object whose hook implementations are the given functions."""
    namespace = {name: staticmethod(hookimpl(function)) for name, function in hooks.items()}
    return type("TestPlugin", (), namespace)()


# Search


def test_hook_register_search_indexes():
    spec = SearchIndexSpec("seizure", ("narrative", "place_name"))
    pm = manager_with(plugin(register_search_indexes=lambda: [spec]))
    assert pm.hook.register_search_indexes() == [[spec]]


def test_hook_search_passes_the_request_to_every_plugin():
    seen = []
    pm = manager_with(plugin(search=lambda request: seen.append(request) or []))
    request = SearchRequest("heroin", record_types=("seizure",), limit=10)
    pm.hook.search(request=request)
    assert seen == [request]


def test_hook_search_collects_the_hits_of_every_plugin():
    seizure = SearchHit("seizure", "FR-CDG", "u1", "Heroin in suitcase", 2.5)
    suspect = SearchHit("suspect", "FR-CDG", "u2", "DOE John", 1.0)
    pm = manager_with(
        plugin(search=lambda request: [seizure]), plugin(search=lambda request: [suspect])
    )
    hits = [hit for hits in pm.hook.search(request=SearchRequest("doe")) for hit in hits]
    assert sorted(hits, key=lambda hit: hit.uuid) == [seizure, suspect]


# Transport


def test_hook_register_transports():
    spec = TransportSpec("file", "A shared or removable folder", f"{__name__}:FolderTransport")
    pm = manager_with(plugin(register_transports=lambda: [spec]))
    [[declared]] = pm.hook.register_transports()
    assert declared.load_factory()("file:///media/usb").url == "file:///media/usb"


def test_hook_open_transport_returns_the_first_transport_that_handles_the_url():
    def open_file(url):
        return FolderTransport(url) if url.startswith("file:") else None

    def open_network(url):
        return None

    pm = manager_with(plugin(open_transport=open_file), plugin(open_transport=open_network))
    transport = pm.hook.open_transport(url="file:///srv/outbox")
    assert isinstance(transport, FolderTransport)
    assert transport.url == "file:///srv/outbox"


def test_hook_open_transport_gives_none_for_a_scheme_no_plugin_handles():
    pm = manager_with(plugin(open_transport=lambda url: None))
    assert pm.hook.open_transport(url="carrier-pigeon://hq") is None


# Exchange


def test_hook_redact_record_receives_the_record_and_the_audience():
    seen = []
    pm = manager_with(plugin(redact_record=lambda record, audience: seen.append(audience)))
    audience = Audience("non_nominal", legal_basis="Regional agreement art. 5")
    pm.hook.redact_record(record={"narrative": "..."}, audience=audience)
    assert seen == [audience]


def test_hook_redact_record_collects_the_fields_each_plugin_removes():
    pm = manager_with(
        plugin(redact_record=lambda record, audience: {"narrative"}),
        plugin(redact_record=lambda record, audience: None),
        plugin(redact_record=lambda record, audience: {"informant", "narrative"}),
    )
    removed = pm.hook.redact_record(record={}, audience=Audience("office", "BE-ANR"))
    assert set().union(*removed) == {"narrative", "informant"}


# Analysis


def test_hook_register_analyses():
    spec = AnalysisSpec("routes", "Routes", "Origin to destination flows", lambda: "flows")
    pm = manager_with(plugin(register_analyses=lambda: [spec]))
    [[declared]] = pm.hook.register_analyses()
    assert declared.function() == "flows"


# Interface


def test_hook_register_screens():
    spec = ScreenSpec("contraband", "Contraband", "f5", f"{__name__}:ContrabandScreen")
    pm = manager_with(plugin(register_screens=lambda: [spec]))
    [[declared]] = pm.hook.register_screens()
    assert declared.load() is ContrabandScreen


def test_hook_register_commands():
    spec = CommandSpec("open-contraband", "Open contraband", "ctrl+k", "open_screen")
    pm = manager_with(plugin(register_commands=lambda: [spec]))
    assert pm.hook.register_commands() == [[spec]]


def test_hook_register_cli_commands():
    @click.command("hello")
    def hello():
        click.echo("hello from a plugin")

    pm = manager_with(plugin(register_cli_commands=lambda: [hello]))
    group = click.Group("ncen")
    for commands in pm.hook.register_cli_commands():
        for command in commands:
            group.add_command(command)
    assert CliRunner().invoke(group, ["hello"]).output == "hello from a plugin\n"


# Lazy targets


def test_a_target_is_resolved_to_the_attribute_it_names():
    assert resolve_target("pathlib:PurePosixPath").__name__ == "PurePosixPath"


@pytest.mark.parametrize("target", ["pathlib", ":Path", "pathlib:"])
def test_a_malformed_target_is_refused(target):
    with pytest.raises(PluginError, match="expected 'package.module:Attribute'"):
        resolve_target(target)


def test_a_target_whose_module_cannot_be_imported_is_refused():
    with pytest.raises(PluginError, match="cannot import 'ncen_no_such_module'"):
        resolve_target("ncen_no_such_module:Screen")


def test_a_target_whose_attribute_is_missing_is_refused():
    with pytest.raises(PluginError, match="'pathlib' has no 'NoSuchPath'"):
        resolve_target("pathlib:NoSuchPath")


def test_a_screen_target_that_is_not_a_class_is_refused():
    spec = ScreenSpec("bad", "Bad", "f9", "os.path:join")
    with pytest.raises(PluginError, match="screen 'bad': target 'os.path:join' is not a class"):
        spec.load()


def test_a_transport_factory_that_is_not_callable_is_refused():
    spec = TransportSpec("odd", "Odd", "os:sep")
    with pytest.raises(PluginError, match="transport 'odd': factory 'os:sep' is not callable"):
        spec.load_factory()
