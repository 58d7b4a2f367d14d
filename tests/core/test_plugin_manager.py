"""Building the plugin manager: local plugin files, entry points, the disabled list, failures,
tracing, and the description ``ncen plugins`` prints."""

from __future__ import annotations

import textwrap
import uuid
from pathlib import Path

import pytest
from ncen_testing import BUILT_IN_DATABASES

from ncen_core import hookimpl
from ncen_core.config import Config, PluginsConfig
from ncen_core.declarations import AnalysisSpec
from ncen_core.errors import PluginError
from ncen_core.plugin_manager import PluginInfo, build_plugin_manager, describe_plugins

ANALYSIS_PLUGIN = """
    from ncen_core import hookimpl
    from ncen_core.declarations import AnalysisSpec

    @hookimpl
    def register_analyses():
        return [AnalysisSpec("{name}", "Title", "Description", len)]
"""


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "plugins"
    path.mkdir()
    return path


def config_for(folder: Path | None, disabled: tuple[str, ...] = ()) -> Config:
    """Without the built-in databases, whose analyses would mix with the plugins' under test."""
    return Config(plugins=PluginsConfig(folder=folder,
                                        disabled=(*BUILT_IN_DATABASES, *disabled)))


def write_plugin(folder: Path, stem: str, source: str) -> Path:
    path = folder / f"{stem}.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


@pytest.fixture
def install_entry_point(tmp_path, monkeypatch):
    """Install a distribution on a temporary sys.path entry that declares one "ncen" plugin."""

    def install(name: str, source: str, version: str = "1.2.3") -> str:
        module = f"ncen_test_ep_{uuid.uuid4().hex[:8]}"
        site = tmp_path / "site"
        dist_info = site / f"{module}-{version}.dist-info"
        dist_info.mkdir(parents=True)
        (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        (dist_info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {module}\nVersion: {version}\n", encoding="utf-8"
        )
        (dist_info / "entry_points.txt").write_text(
            f"[ncen]\n{name} = {module}\n", encoding="utf-8"
        )
        monkeypatch.syspath_prepend(str(site))
        return module

    return install


def analysis_names(pm) -> list[str]:
    return sorted(spec.name for specs in pm.hook.register_analyses() for spec in specs)


# Loading


def test_a_plugin_file_in_the_plugins_folder_is_registered_under_its_stem(folder):
    write_plugin(folder, "myanalyses", ANALYSIS_PLUGIN.format(name="flows"))
    assert build_plugin_manager(config_for(folder)).has_plugin("myanalyses")


def test_the_hooks_of_a_plugin_file_are_called(folder):
    write_plugin(folder, "myanalyses", ANALYSIS_PLUGIN.format(name="flows"))
    assert analysis_names(build_plugin_manager(config_for(folder))) == ["flows"]


def test_a_missing_plugins_folder_loads_no_local_plugin(tmp_path):
    pm = build_plugin_manager(config_for(tmp_path / "absent"))
    assert not any(name.startswith("ncen_local") for name, _ in pm.list_name_plugin())


def test_an_entry_point_plugin_is_registered_under_its_entry_point_name(install_entry_point):
    install_entry_point("epanalyses", ANALYSIS_PLUGIN.format(name="trends"))
    pm = build_plugin_manager(config_for(None))
    assert pm.has_plugin("epanalyses")
    assert analysis_names(pm) == ["trends"]


def test_extra_plugins_are_registered():
    class Extra:
        @hookimpl
        def register_analyses(self):
            return [AnalysisSpec("extra", "Extra", "Extra analysis", len)]

    assert analysis_names(build_plugin_manager(config_for(None), [Extra()])) == ["extra"]


# The disabled list


def test_a_disabled_plugin_file_is_not_even_imported(folder):
    write_plugin(folder, "noisy", "raise RuntimeError('must not be imported')\n")
    pm = build_plugin_manager(config_for(folder, disabled=("noisy",)))
    assert not pm.has_plugin("noisy")


def test_a_disabled_entry_point_plugin_is_not_loaded(install_entry_point):
    install_entry_point("epanalyses", ANALYSIS_PLUGIN.format(name="trends"))
    pm = build_plugin_manager(config_for(None, disabled=("epanalyses",)))
    assert (pm.has_plugin("epanalyses"), analysis_names(pm)) == (False, [])


# Failures


def test_a_misspelled_hook_fails_naming_the_plugin_its_file_and_the_hook(folder):
    path = write_plugin(
        folder,
        "myfields",
        """
        from ncen_core import hookimpl

        @hookimpl
        def register_feilds(record_type):
            return []
        """,
    )
    with pytest.raises(PluginError) as caught:
        build_plugin_manager(config_for(folder))
    assert str(caught.value) == (
        f"plugin 'myfields' ({path}) implements unknown hook 'register_feilds' "
        "(did you mean 'register_fields'?)"
    )


def test_a_plugin_file_with_a_syntax_error_fails_naming_the_file_and_line(folder):
    path = write_plugin(folder, "broken", "from ncen_core import hookimpl\n\ndef oops(:\n")
    with pytest.raises(PluginError) as caught:
        build_plugin_manager(config_for(folder))
    assert str(caught.value).startswith(
        f"plugin 'broken' ({path}) cannot be loaded: line 3: SyntaxError: "
    )


def test_a_plugin_file_with_an_import_error_fails_naming_the_file_and_line(folder):
    path = write_plugin(folder, "needy", "import os\nimport ncen_no_such_module\n")
    with pytest.raises(PluginError) as caught:
        build_plugin_manager(config_for(folder))
    assert str(caught.value) == (
        f"plugin 'needy' ({path}) cannot be loaded: line 2: "
        "ModuleNotFoundError: No module named 'ncen_no_such_module'"
    )


def test_an_entry_point_that_cannot_be_imported_fails_naming_the_entry_point(
    install_entry_point,
):
    module = install_entry_point("epbroken", "import ncen_no_such_module\n")
    with pytest.raises(PluginError) as caught:
        build_plugin_manager(config_for(None))
    message = str(caught.value)
    assert message.startswith(f"plugin 'epbroken' (entry point {module}) cannot be loaded: ")
    assert message.endswith("line 1: ModuleNotFoundError: No module named 'ncen_no_such_module'")


def test_a_hook_with_an_argument_its_spec_lacks_is_refused(folder):
    path = write_plugin(
        folder,
        "greedy",
        """
        from ncen_core import hookimpl

        @hookimpl
        def search(request, user):
            return []
        """,
    )
    with pytest.raises(PluginError) as caught:
        build_plugin_manager(config_for(folder))
    message = str(caught.value)
    assert message.startswith(f"plugin 'greedy' ({path}): hookimpl definition: search(")
    assert "{'user'}" in message


def test_a_plugin_file_named_like_an_installed_plugin_is_refused(folder, install_entry_point):
    install_entry_point("dup", ANALYSIS_PLUGIN.format(name="trends"))
    write_plugin(folder, "dup", ANALYSIS_PLUGIN.format(name="flows"))
    with pytest.raises(PluginError, match=r"^plugin 'dup' \(.*dup\.py\) cannot be registered"):
        build_plugin_manager(config_for(folder))


# Tracing


def test_NCEN_TRACE_PLUGINS_traces_every_hook_call_to_stderr(folder, monkeypatch, capsys):
    write_plugin(folder, "myanalyses", ANALYSIS_PLUGIN.format(name="flows"))
    monkeypatch.setenv("NCEN_TRACE_PLUGINS", "1")
    build_plugin_manager(config_for(folder)).hook.register_analyses()
    trace = capsys.readouterr().err
    assert "register_analyses [hook]" in trace
    assert "finish register_analyses -->" in trace


def test_hook_calls_are_not_traced_by_default(folder, monkeypatch, capsys):
    write_plugin(folder, "myanalyses", ANALYSIS_PLUGIN.format(name="flows"))
    monkeypatch.delenv("NCEN_TRACE_PLUGINS", raising=False)
    build_plugin_manager(config_for(folder)).hook.register_analyses()
    assert capsys.readouterr().err == ""


# Describing


def test_a_local_plugin_is_described_with_its_file_and_hooks(folder):
    path = write_plugin(
        folder,
        "myanalyses",
        ANALYSIS_PLUGIN.format(name="flows")
        + "\n    @hookimpl\n    def search(request):\n        return []\n",
    )
    infos = describe_plugins(build_plugin_manager(config_for(folder)))
    assert PluginInfo("myanalyses", "local", str(path), ("register_analyses", "search")) in infos


def test_an_entry_point_plugin_is_described_with_its_distribution_version(install_entry_point):
    module = install_entry_point("epanalyses", ANALYSIS_PLUGIN.format(name="trends"), "2.0.1")
    infos = {info.name: info for info in describe_plugins(build_plugin_manager(config_for(None)))}
    assert infos["epanalyses"].version == "2.0.1"
    assert infos["epanalyses"].source.startswith(f"{module}: ")
    assert infos["epanalyses"].hooks == ("register_analyses",)


def test_plugins_are_described_in_name_order(folder):
    for stem in ("zeta", "alpha", "mid"):
        write_plugin(folder, stem, ANALYSIS_PLUGIN.format(name=stem))
    names = [info.name for info in describe_plugins(build_plugin_manager(config_for(folder)))]
    assert names == sorted(names)
