"""``ncen network``: link analysis from the command line.

``ncen network RECORD`` shows the network around a record (``--format table``), or writes
it as GraphML (``--out FILE``, or standard output) or as ``entities.csv`` and ``links.csv``
in the folder ``--out``. ``ncen network path A B`` shows the shortest chain of connections
between two records. A record is written ``TYPE:UUID`` or ``TYPE:ORIGIN:UUID`` (needed only
when several offices used the UUID), as ``ncen search`` and ``ncen record`` show it.
"""

from __future__ import annotations

from pathlib import Path

import click

from ncen_core.cli.context import CliState, pass_state
from ncen_core.network.explore import DEFAULT_HOPS, MAX_HOPS, explore, shortest_path
from ncen_core.network.export import graphml_text, path_lines, table_lines, write_csv, write_graphml
from ncen_core.network.settings import NetworkSettings
from ncen_core.record_service import RecordService
from ncen_core.records import RecordRef

FORMATS = ("table", "graphml", "csv")


class _NetworkGroup(click.Group):
    """A group whose default command is ``around``: ``ncen network suspect:UUID``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["around", *args]
        return super().parse_args(ctx, args)


@click.group("network", cls=_NetworkGroup)
def network_group() -> None:
    """Link analysis: the network around a record, the path between two (RECORD is
    TYPE:UUID or TYPE:ORIGIN:UUID)."""


@network_group.command("around")
@click.argument("record")
@click.option("--hops", default=DEFAULT_HOPS, show_default=True, type=click.IntRange(1, MAX_HOPS),
              help="How many connections away to go.")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="table",
              show_default=True)
@click.option("--out", type=click.Path(path_type=Path),
              help="GraphML: the file to write (default: standard output). CSV: the folder "
                   "that receives entities.csv and links.csv (required).")
@pass_state
def around_command(state: CliState, record: str, hops: int, output_format: str,
                   out: Path | None) -> None:
    """The records connected to RECORD by links or shared identifiers."""
    service = state.session()
    network = explore(service.ncen, service.user, _ref(service, record), hops=hops,
                      settings=NetworkSettings.from_config(service.ncen.config))
    if output_format == "table":
        click.echo("\n".join(table_lines(network)))
    elif output_format == "graphml":
        if out is None:
            click.echo(graphml_text(network), nl=False)
        else:
            write_graphml(network, out)
            click.echo(f"{len(network.nodes)} records, {len(network.connections)} connections "
                       f"written to {out}")
    else:
        if out is None:
            raise click.UsageError("--format csv writes two files: give the folder with --out")
        entities, links = write_csv(network, out)
        click.echo(f"{len(network.nodes)} records written to {entities}, "
                   f"{len(network.connections)} connections to {links}")


@network_group.command("path")
@click.argument("first")
@click.argument("second")
@click.option("--max-hops", default=MAX_HOPS, show_default=True,
              type=click.IntRange(1, MAX_HOPS))
@pass_state
def path_command(state: CliState, first: str, second: str, max_hops: int) -> None:
    """The shortest chain of connections from FIRST to SECOND."""
    service = state.session()
    path = shortest_path(service.ncen, service.user, _ref(service, first), _ref(service, second),
                         max_hops=max_hops,
                         settings=NetworkSettings.from_config(service.ncen.config))
    click.echo("\n".join(path_lines(path)))


def _ref(service: RecordService, text: str) -> RecordRef:
    parts = text.split(":")
    if len(parts) == 3 and all(parts):
        return RecordRef(*parts)
    if len(parts) == 2 and all(parts):
        return service.find(parts[0], parts[1]).ref
    raise click.BadParameter(f"{text!r}: write a record as TYPE:UUID or TYPE:ORIGIN:UUID",
                             param_hint="RECORD")
