"""What the admin screen lists: accounts, the role policy, plugins and their hooks, custom
fields in effect, and the state of the database schema."""

from __future__ import annotations

from dataclasses import dataclass

from ncen_core.plugin_manager import PluginInfo, describe_plugins
from ncen_core.record_service import RecordService
from ncen_core.roles import POLICY, Permission, require
from ncen_core.storage import redact_url
from ncen_core.users import UserInfo, list_users


@dataclass(frozen=True)
class AdminOverview:
    """Everything on the admin screen, read at once."""

    users: list[UserInfo]
    roles: list[tuple[str, str]]
    plugins: list[PluginInfo]
    custom_fields: list[tuple[str, str, str, str, str]]
    database: list[tuple[str, str]]


def admin_overview(service: RecordService) -> AdminOverview:
    """Read the overview; only administrators may see the accounts."""
    require(service.user.role, Permission.MANAGE_USERS)
    ncen = service.ncen
    roles = [(str(role), ", ".join(str(p) for p in permissions))
             for role, permissions in POLICY.items()]
    custom = [(record_type, spec.name, spec.label, str(spec.kind), spec.source or "plugin")
              for record_type, specs in ncen.registry.custom_fields.items() for spec in specs]
    plan = ncen.upgrade_plan()
    database = [
        ("URL", redact_url(ncen.config.database.url)),
        ("Office", f"{ncen.office_code} {ncen.office_name}"),
        ("Schema", "current" if plan.is_current else f"behind: {plan.summary()}"),
        *((f"{name} records", f"{service.count(name):,}") for name in ncen.registry.record_types),
    ]
    return AdminOverview(list_users(ncen.system), roles, describe_plugins(ncen.plugins), custom,
                         database)
