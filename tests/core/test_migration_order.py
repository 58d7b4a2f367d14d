"""The core's migrations run before any plugin's, whatever the plugins are called: they
create the table that records every applied migration."""

from ncen_core.migrations import Migration, check_migrations


def _step(plugin: str, number: int) -> Migration:
    return Migration(plugin, number, f"{plugin} step {number}", lambda database: None)


def test_core_migrations_come_first_then_plugins_by_name():
    ordered = check_migrations([_step("suspect", 1), _step("comms", 1), _step("core", 2),
                                _step("analysis", 1), _step("core", 1)])

    assert [m.key for m in ordered] == [("core", 1), ("core", 2), ("analysis", 1),
                                        ("comms", 1), ("suspect", 1)]
