"""Building a running ncen from a configuration: plugins, registry, database, models.

:func:`open_ncen` is the one entry point the CLI, the TUI and the tests use. It refuses to
run on a database whose schema is behind the installed code, naming the command that fixes
it, so nothing ever writes into a half-upgraded schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

import peewee as pw
import pluggy

from ncen_core import core_plugin
from ncen_core.config import Config
from ncen_core.errors import NcenError, SchemaBehindError
from ncen_core.plugin_manager import build_plugin_manager
from ncen_core.record_models import RecordModels, build_record_models
from ncen_core.registry import Registry, build_registry
from ncen_core.schema import UpgradePlan, apply_upgrade, existing_tables, plan_upgrade
from ncen_core.storage import open_database
from ncen_core.system_models import SystemModels, build_system_models

OFFICE_CODE_KEY = "office_code"
OFFICE_NAME_KEY = "office_name"


class NotInitialisedError(NcenError):
    """The database has no office identity yet: ``ncen init`` has not been run."""


@dataclass
class Ncen:
    """One open installation: configuration, plugins, declarations and database."""

    config: Config
    plugins: pluggy.PluginManager
    registry: Registry
    database: pw.Database
    system: SystemModels
    record_models: Mapping[str, RecordModels]
    _office: tuple[str, str] | None = field(default=None, repr=False)

    def models_for(self, record_type: str) -> RecordModels:
        """The generated models of a record type (unknown names raise a user-facing error)."""
        self.registry.record_type(record_type)
        return self.record_models[record_type]

    def upgrade_plan(self) -> UpgradePlan:
        """What ``ncen db upgrade`` would change."""
        return plan_upgrade(
            self.database, self.system, list(self.registry.migrations),
            list(self.record_models.values()),
        )

    def upgrade(self) -> UpgradePlan:
        """Apply pending migrations and add declared tables and columns; returns what was done."""
        plan = self.upgrade_plan()
        if not plan.is_current:
            apply_upgrade(self.database, self.system, plan, list(self.record_models.values()))
        return plan

    @property
    def is_initialised(self) -> bool:
        """True once ``ncen init`` has given this database an office identity."""
        return self._read_office() is not None

    @property
    def office_code(self) -> str:
        """Code of the office this database belongs to: the origin of records made here."""
        return self._office_or_raise()[0]

    @property
    def office_name(self) -> str:
        """Name of the office this database belongs to."""
        return self._office_or_raise()[1]

    def _office_or_raise(self) -> tuple[str, str]:
        office = self._read_office()
        if office is None:
            raise NotInitialisedError("this database has no office yet; run: ncen init")
        return office

    def _read_office(self) -> tuple[str, str] | None:
        if self._office is None:
            Meta = self.system.Meta
            if Meta._meta.table_name not in existing_tables(self.database):
                return None
            rows = {r.key: r.value for r in Meta.select().where(
                Meta.key.in_([OFFICE_CODE_KEY, OFFICE_NAME_KEY]))}
            if OFFICE_CODE_KEY not in rows:
                return None
            self._office = (rows[OFFICE_CODE_KEY], rows.get(OFFICE_NAME_KEY, ""))
        return self._office

    def close(self) -> None:
        """Close the database connection of this thread."""
        if not self.database.is_closed():
            self.database.close()


def open_ncen(
    config: Config,
    *,
    extra_plugins: Iterable[object] = (),
    require_current_schema: bool = True,
) -> Ncen:
    """Build plugins and registry, open the database and, by default, check its schema.

    ``require_current_schema=False`` is for the commands that create or upgrade the schema.
    """
    plugins = build_plugin_manager(config, extra_plugins=[core_plugin, *extra_plugins])
    registry = build_registry(plugins, config)
    proxy = pw.DatabaseProxy()
    system = build_system_models(proxy)
    record_models = {
        name: build_record_models(record_type, proxy)
        for name, record_type in registry.record_types.items()
    }
    database = open_database(config.database.url)
    proxy.initialize(database)
    ncen = Ncen(config, plugins, registry, database, system, record_models)
    if require_current_schema:
        plan = ncen.upgrade_plan()
        if not plan.is_current:
            ncen.close()
            if any(m.plugin == core_plugin.PLUGIN_NAME and m.number == 1 for m in plan.migrations):
                raise NotInitialisedError(
                    "the database is empty; run: ncen init --office CODE --admin NAME"
                )
            raise SchemaBehindError(
                f"the database schema is behind the installed code ({plan.summary()}); "
                "run: ncen db upgrade"
            )
    return ncen
