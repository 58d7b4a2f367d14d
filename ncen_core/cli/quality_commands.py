"""``ncen quality``: data quality per office (completeness, delay to entry, not yet shared or
exported), as a table, JSON or CSV. See :mod:`ncen_core.quality`."""

from __future__ import annotations

import click

from ncen_core.cli.context import CliState, pass_state
from ncen_core.quality.report import as_csv, as_json, as_lines, quality_report


@click.command("quality")
@click.option("--format", "output_format", type=click.Choice(("table", "json", "csv")),
              default="table", show_default=True)
@pass_state
def quality_command(state: CliState, output_format: str) -> None:
    """Data quality per office: completeness of the fields analysis needs, delay from the
    event to entry, records not yet shared or exported."""
    service = state.session()
    report = quality_report(service.ncen, service.user)
    if output_format == "json":
        click.echo(as_json(report))
    elif output_format == "csv":
        click.echo(as_csv(report), nl=False)
    else:
        click.echo("\n".join(as_lines(report)))
