"""``ncen rules`` (load, list, add, remove analytic rules) and ``ncen alerts`` (the acting
user's notifications of rule hits, and acknowledging them).

``ncen rules load`` takes YAML files or folders of them (``config/rules`` holds examples);
every rule is checked before any is saved, so a file with one mistake saves nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ncen_core.app import Ncen
from ncen_core.cli.context import CliState, pass_state
from ncen_core.rules.definition import (
    RuleDefinition,
    RuleError,
    definition_from,
    read_rule_file,
)
from ncen_core.rules.notifications import acknowledge, notifications_for
from ncen_core.rules.store import (
    SavedRule,
    check_rule,
    list_rules,
    remove_rule,
    save_rule,
    subscribe,
    unsubscribe,
)
from ncen_core.storage import write_transaction


@click.group("rules")
def rules_group() -> None:
    """Analytic rules: saved criteria that flag new, edited, received and imported records."""


@rules_group.command("load")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@pass_state
def load_command(state: CliState, paths: tuple[Path, ...]) -> None:
    """Save the rules of YAML files (or of every *.yaml file of a folder)."""
    service = state.session()
    rules = []
    for path in _files(paths):
        for rule in read_rule_file(path):
            try:
                check_rule(service.ncen, rule)
            except RuleError as exc:
                raise RuleError(f"{path}: {exc}") from None
            rules.append(rule)
    with write_transaction(service.ncen.database):
        for rule in rules:
            save_rule(service.ncen, service.user, rule)
    click.echo(f"{len(rules)} rules saved: {', '.join(rule.name for rule in rules)}")


@rules_group.command("list")
@click.option("--format", "output_format", type=click.Choice(("table", "json")), default="table",
              show_default=True)
@pass_state
def list_command(state: CliState, output_format: str) -> None:
    """Every rule, with its query, thresholds, owner and subscribers."""
    service = state.session()
    for rule in list_rules(service.ncen):
        problem = _problem(service.ncen, rule)
        if output_format == "json":
            click.echo(json.dumps({**_as_dict(rule), "problem": problem}, ensure_ascii=False))
        else:
            click.echo(_line(rule) + (f"  CANNOT RUN: {problem}" if problem else ""))


@rules_group.command("add")
@click.argument("name")
@click.option("--type", "record_type", required=True, help="The record type the rule watches.")
@click.option("--query", required=True, help="A query in the query language.")
@click.option("--description", default="")
@click.option("--kg-over", type=float, help="Threshold: total quantity in kg over this.")
@click.option("--repeat", "repeat_count", type=int,
              help="Threshold: at least this many matching records linked to one --via record.")
@click.option("--within-days", type=int, help="... dated within this many days.")
@click.option("--via", help="... the record type they are all linked to (e.g. suspect).")
@click.option("--date-field", help="... the date field compared (e.g. seizure_date).")
@click.option("--subscriber", "subscribers", multiple=True,
              help="A user notified of each hit (repeatable; default: you).")
@pass_state
def add_command(state: CliState, name: str, record_type: str, query: str, description: str,
                kg_over: float | None, repeat_count: int | None, within_days: int | None,
                via: str | None, date_field: str | None, subscribers: tuple[str, ...]) -> None:
    """Save (or replace) the rule NAME."""
    service = state.session()
    thresholds: dict = {}
    if kg_over is not None:
        thresholds["quantity_kg_over"] = kg_over
    if repeat_count is not None or within_days or via or date_field:
        thresholds["repeat"] = {"count": repeat_count, "within_days": within_days, "via": via,
                                "date_field": date_field}
    rule = definition_from({"name": name, "record_type": record_type, "query": query,
                            "description": description, "thresholds": thresholds,
                            "subscribers": list(subscribers)})
    click.echo(_line(save_rule(service.ncen, service.user, rule)))


@rules_group.command("remove")
@click.argument("name")
@pass_state
def remove_command(state: CliState, name: str) -> None:
    """Delete the rule NAME (its past notifications stay)."""
    service = state.session()
    remove_rule(service.ncen, service.user, name)
    click.echo(f"rule {name} removed")


@rules_group.command("subscribe")
@click.argument("name")
@pass_state
def subscribe_command(state: CliState, name: str) -> None:
    """Be notified of the hits of the rule NAME."""
    service = state.session()
    subscribe(service.ncen, service.user, name)
    click.echo(f"{service.user.username} follows rule {name}")


@rules_group.command("unsubscribe")
@click.argument("name")
@pass_state
def unsubscribe_command(state: CliState, name: str) -> None:
    """Stop being notified of the hits of the rule NAME."""
    service = state.session()
    unsubscribe(service.ncen, service.user, name)
    click.echo(f"{service.user.username} no longer follows rule {name}")


@click.command("alerts")
@click.option("--ack", "acknowledged", type=int, multiple=True, metavar="ID",
              help="Acknowledge this notification (repeatable).")
@click.option("--all", "include_acknowledged", is_flag=True,
              help="Also list notifications already acknowledged.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 500))
@pass_state
def alerts_command(state: CliState, acknowledged: tuple[int, ...], include_acknowledged: bool,
                   limit: int) -> None:
    """Your notifications of analytic-rule hits, newest first."""
    service = state.session()
    username = service.user.username
    if acknowledged:
        for notification_id in acknowledged:
            acknowledge(service.ncen, username, notification_id)
        click.echo(f"{len(acknowledged)} acknowledged")
        return
    notifications = notifications_for(service.ncen, username, limit=limit,
                                      include_acknowledged=include_acknowledged)
    if not notifications:
        click.echo("no notifications")
    for item in notifications:
        seen = " (acknowledged)" if item.acknowledged_at else ""
        click.echo(f"{item.id:>6}  {item.created_at:%Y-%m-%d %H:%M}  {item.rule}  {item.ref} "
                   f"v{item.version}: {item.reason}{seen}")


def _problem(ncen: Ncen, rule: SavedRule) -> str | None:
    """Why a saved rule cannot run any more (None when it can)."""
    try:
        check_rule(ncen, rule.definition)
    except RuleError as exc:
        return str(exc)
    return None


def _files(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return files


def _as_dict(rule: SavedRule) -> dict:
    definition: RuleDefinition = rule.definition
    return {"name": rule.name, "record_type": definition.record_type, "query": definition.query,
            "description": definition.description, "thresholds": definition.thresholds(),
            "owner": rule.owner, "subscribers": list(definition.subscribers)}


def _line(rule: SavedRule) -> str:
    definition = rule.definition
    thresholds = ", ".join(f"{key}={value}" for key, value in definition.thresholds().items())
    return (f"{rule.name}  [{definition.record_type}] {definition.query}"
            f"{'  ' + thresholds if thresholds else ''}  owner {rule.owner}, notifies "
            f"{', '.join(definition.subscribers)}")
