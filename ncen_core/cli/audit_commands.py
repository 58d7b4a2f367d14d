"""``ncen audit``: check the hash chain of the audit log."""

from __future__ import annotations

import click

from ncen_core import audit
from ncen_core.cli.context import CliState, pass_state
from ncen_core.errors import NcenError
from ncen_core.roles import Permission


class AuditBrokenError(NcenError):
    """The audit chain does not verify."""


@click.group("audit")
def audit_group() -> None:
    """Check the tamper-evident audit log."""


@audit_group.command("verify")
@pass_state
def verify_command(state: CliState) -> None:
    """Walk the whole audit chain; name every altered, removed or unlinked entry."""
    service = state.session(Permission.VERIFY_AUDIT)
    report = audit.verify(service.ncen.system)
    for problem in report.problems:
        click.echo(f"entry {problem.entry_id}: {problem.kind}: {problem.message}")
    if report.problems_not_listed:
        click.echo(f"... and {report.problems_not_listed} more problems")
    if not report.ok:
        first = report.first_problem
        raise AuditBrokenError(
            f"the audit chain is broken; first broken entry: {first.entry_id} ({first.kind})")
    click.echo(f"Audit chain verified: {report.entries} entries, no problem found.")
