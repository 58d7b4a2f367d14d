"""``ncen record``: read records from scripts, as the acting user."""

from __future__ import annotations

import json

import click

from ncen_core.cli.context import CliState, pass_state
from ncen_core.record_json import record_to_dict
from ncen_core.records import RecordRef


@click.group("record")
def record_group() -> None:
    """Show and list records (JSON)."""


@record_group.command("show")
@click.argument("record_type")
@click.argument("uuid")
@click.option("--origin", help="Origin office (needed only when several offices used the UUID).")
@pass_state
def show_command(state: CliState, record_type: str, uuid: str, origin: str | None) -> None:
    """Print one record as JSON."""
    service = state.session()
    record = (service.get(RecordRef(record_type, origin, uuid)) if origin
              else service.find(record_type, uuid))
    click.echo(json.dumps(record_to_dict(record), ensure_ascii=False, indent=2))


@record_group.command("list")
@click.argument("record_type")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
@pass_state
def list_command(state: CliState, record_type: str, limit: int) -> None:
    """Print the most recently changed records, one JSON object per line."""
    service = state.session()
    for record in service.list(record_type, limit=limit).records:
        click.echo(json.dumps(record_to_dict(record), ensure_ascii=False))
