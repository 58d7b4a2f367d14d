"""``ncen share`` and ``ncen withdraw``: records to other offices, from the command line.

``ncen share`` names one audience (``--to``, ``--group``, ``--all`` or ``--non-nominal``)
and a selection (``--query`` or ``--record`` references); ``--preview`` prints exactly what
would leave and what is held back and why, writing nothing. Without it the packages (or
the non-nominal export file) are written to ``--out`` and the share is audited. Sharing
is an export: analysts and supervisors may do it. The office keystore passphrase comes
from NCEN_KEY_PASSPHRASE or a prompt, as for the other exchange commands.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from ncen_core.cli.context import CliState, pass_state
from ncen_core.declarations import Audience
from ncen_core.roles import Permission

from ..keyring_store import load_keyring
from ..keys import keystore_path, load_keystore
from .builder import build_share
from .plan import SharePlan
from .seal import export_non_nominal, seal_share
from .selection import Selection, parse_reference
from .withdrawals import seal_withdrawals, withdrawals_due

_format_option = click.option("--format", "output_format", type=click.Choice(["text", "json"]),
                              default="text", show_default=True,
                              help="Preview as text, or as JSON lines (one item a line).")


def _keys(state: CliState):
    from ..cli import _office_passphrase

    return load_keystore(keystore_path(state.config.data_dir), _office_passphrase())


def _audience(to: str | None, group: str | None, everyone: bool, non_nominal: bool,
              legal_basis: str) -> Audience:
    chosen = [kind for kind, given in (("office", to), ("group", group), ("all", everyone),
                                       ("non_nominal", non_nominal)) if given]
    if len(chosen) != 1:
        raise click.UsageError("name exactly one audience: --to OFFICE, --group GROUP, --all "
                               "or --non-nominal")
    if legal_basis and chosen[0] not in ("office", "group"):
        raise click.UsageError("--legal-basis applies only to --to and --group: personal "
                               "and sensitive fields never go to every office or the "
                               "non-nominal export")
    name = (to or group or "").upper()
    return Audience(chosen[0], name, legal_basis.strip())


@click.command("share")
@click.option("--to", metavar="OFFICE", help="Share with one office of the keyring.")
@click.option("--group", metavar="GROUP", help="Share with the active offices of a group.")
@click.option("--all", "everyone", is_flag=True, help="Share with every active office.")
@click.option("--non-nominal", is_flag=True,
              help="Write the non-nominal export for regional and global databases.")
@click.option("--legal-basis", default="", metavar="TEXT",
              help="Legal basis letting personal and sensitive fields go to --to or --group "
                   "(otherwise each record's own legal basis is used).")
@click.option("--query", metavar="QUERY", help="Share the records this search finds.")
@click.option("--record", "references", multiple=True, metavar="TYPE:UUID",
              help="Share this record (repeatable; TYPE:ORIGIN:UUID also accepted).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder the packages or the export file are written to.")
@click.option("--preview", is_flag=True, help="Show what would leave; write nothing.")
@_format_option
@pass_state
def share_command(state: CliState, to: str | None, group: str | None, everyone: bool,
                  non_nominal: bool, legal_basis: str, query: str | None,
                  references: tuple[str, ...], out_dir: Path | None, preview: bool,
                  output_format: str) -> None:
    """Share records with other offices, or export them without personal data."""
    audience = _audience(to, group, everyone, non_nominal, legal_basis)
    if (query is None) == (not references):
        raise click.UsageError("give either --query or --record (not both)")
    if not preview and out_dir is None:
        raise click.UsageError("give --out DIR, or --preview to only look")
    service = state.session(Permission.EXPORT_REPORTS)
    office = service.ncen.office_code
    selection = Selection(query, tuple(parse_reference(text, office) for text in references))
    data_dir = state.config.data_dir
    keyring = None if audience.kind == "non_nominal" else load_keyring(data_dir).keyring
    workdir = data_dir / "tmp"
    workdir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with build_share(service, audience, selection, keyring, workdir=workdir) as plan:
        if preview:
            _print_preview(plan, output_format)
        elif plan.is_non_nominal:
            path = export_non_nominal(plan, out_dir)
            click.echo(f"Non-nominal export of {plan.export_count} seizures written to {path} "
                       f"({plan.held_back_count} records held back).")
        elif not plan.packages:
            click.echo(f"Nothing to send: {plan.held_back_count} records held back "
                       "(see --preview for why).")
        else:
            paths = seal_share(plan, _keys(state), keyring, out_dir)
            for package, path in zip(plan.packages, paths, strict=True):
                click.echo(f"Package {path} to {', '.join(package.recipients)}: "
                           f"{package.records} records, {package.tombstones} tombstones, "
                           f"{package.links} links, {package.attachments} attachments.")
            if plan.held_back_count:
                click.echo(f"{plan.held_back_count} records held back (see --preview).")


def _print_preview(plan: SharePlan, output_format: str) -> None:
    if output_format == "json":
        _echo_json([{"item": "summary", **plan.summary()}])
        _echo_json(plan.preview())
        return
    summary = plan.summary()
    if plan.is_non_nominal:
        click.echo(f"Non-nominal export: {summary['exported']} seizures; "
                   f"{summary['held_back']} held back.")
    else:
        basis = (f" (legal basis: {plan.audience.legal_basis})"
                 if plan.audience.legal_basis else "")
        click.echo(f"Share with {plan.audience.kind} {plan.audience.name or 'offices'}{basis}: "
                   f"{summary['packages']} packages, {summary['records']} records, "
                   f"{summary['tombstones']} tombstones, {summary['links']} links, "
                   f"{summary['attachments']} attachments; {summary['held_back']} held back.")
    for item in plan.preview():
        click.echo(_text(item))


def _echo_json(items: Iterable[dict[str, Any]]) -> None:
    for item in items:
        click.echo(json.dumps(item, ensure_ascii=False, sort_keys=True))


def _ref(document: dict[str, str]) -> str:
    return f"{document['type']}:{document['origin']}:{document['uuid']}"


def _text(item: dict[str, Any]) -> str:
    kind = item["item"]
    if kind == "package":
        return f"Package {item['package']} to {', '.join(item['recipients'])}"
    if kind == "record":
        if item["deleted"]:
            return f"  tombstone {item['type']} {item['uuid']} v{item['version']}"
        basis = item["legal_basis"] or "none: X fields only"
        return (f"  record {item['type']} {item['uuid']} v{item['version']} "
                f"(legal basis: {basis}): {', '.join(item['fields'])}")
    if kind == "link":
        return f"  link {item['role']} {_ref(item['a'])} - {_ref(item['b'])}"
    if kind == "attachment":
        return (f"  attachment {item['media_type']} {item['size']} bytes sha256 "
                f"{item['sha256']} of {_ref(item['record'])}")
    if kind == "export":
        return (f"  export {item['type']} {item['uuid']} v{item['version']} "
                f"({item['offenders']} offenders): {', '.join(item['fields'])}")
    return (f"  held back {item['type']} {item['origin']}:{item['uuid']} v{item['version']}: "
            f"{item['reason']}")


@click.command("withdraw")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder the withdrawal packages are written to.")
@click.option("--preview", is_flag=True, help="List the withdrawals due; write nothing.")
@_format_option
@pass_state
def withdraw_command(state: CliState, out_dir: Path | None, preview: bool,
                     output_format: str) -> None:
    """Withdraw records from offices whose audience they no longer reach."""
    if not preview and out_dir is None:
        raise click.UsageError("give --out DIR, or --preview to only look")
    service = state.session(Permission.EXPORT_REPORTS)
    keyring = load_keyring(state.config.data_dir).keyring
    if preview:
        for due in withdrawals_due(service.ncen, keyring):
            if output_format == "json":
                _echo_json([{"item": "withdrawal", **dataclasses.asdict(due)}])
            else:
                click.echo(f"{due.office:<12} {due.record_type} {due.uuid} v{due.version}: "
                           f"{due.reason}")
        return
    paths = seal_withdrawals(service, _keys(state), keyring, out_dir)
    click.echo(f"{len(paths)} withdrawal packages written to {out_dir}." if paths
               else "No withdrawal is due.")


COMMANDS = (share_command, withdraw_command)
"""The sharing commands, added to the comms plugin's commands."""
