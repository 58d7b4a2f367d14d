"""``ncen search``: search every database from scripts, and manage saved searches.

``ncen search QUERY...`` runs a query (the words are joined with spaces, so quoting the whole
query is only needed for phrases); ``ncen search saved ...`` lists, adds, runs and deletes the
acting user's saved searches; ``ncen search syntax`` prints the query language. To search
for the word "saved" or "syntax" itself, write ``ncen search query saved``.
"""

from __future__ import annotations

import csv
import io
import json

import click

from ncen_core.cli.context import CliState, pass_state
from ncen_core.roles import Permission
from ncen_core.search.engine import DEFAULT_LIMIT, MAX_LIMIT, search
from ncen_core.search.help import QUERY_HELP
from ncen_core.search.request import RankedHit, SearchResults
from ncen_core.search.saved import (
    delete_search,
    list_searches,
    run_saved_search,
    save_search,
)

FORMATS = ("table", "json", "csv")
COLUMNS = ("record_type", "origin", "uuid", "title", "stage", "score", "created_at")
TITLE_WIDTH = 32


class _SearchGroup(click.Group):
    """A group whose default command is ``query``: ``ncen search cocaine`` runs a search."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["query", *args]
        return super().parse_args(ctx, args)


class _QueryCommand(click.Command):
    """A command whose arguments are query words: ``-heroin`` excludes a word, it is not an
    option. The command's own options are taken out wherever they are; the rest is words."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options = [p for p in self.get_params(ctx) if isinstance(p, click.Option)]
        with_value = {name for p in options if not p.is_flag for name in p.opts}
        flags = {name for p in options if p.is_flag for name in p.opts}
        taken, words = [], []
        rest = iter(args)
        for arg in rest:
            if arg == "--":
                words.extend(rest)
            elif arg.split("=", 1)[0] in with_value:
                taken.append(arg)
                if "=" not in arg:
                    value = next(rest, None)
                    if value is None:
                        return super().parse_args(ctx, args)  # click names the missing value
                    taken.append(value)
            elif arg in flags:
                taken.append(arg)
            else:
                words.append(arg)
        return super().parse_args(ctx, [*taken, "--", *words])


@click.group("search", cls=_SearchGroup)
def search_group() -> None:
    """Search seizures, suspects and companies: ncen search QUERY [--type T] [--format F].

    ncen search syntax shows the query language.
    """


def _output_options(command):
    command = click.option("--format", "output", type=click.Choice(FORMATS), default="table",
                           show_default=True, help="Output format.")(command)
    command = click.option("--limit", default=DEFAULT_LIMIT, show_default=True,
                           type=click.IntRange(1, MAX_LIMIT), help="Hits per page.")(command)
    return click.option("--cursor", metavar="CURSOR",
                        help="Continue after a previous page (printed under it).")(command)


@search_group.command("query", cls=_QueryCommand)
@click.argument("words", nargs=-1, required=True)
@click.option("--type", "record_types", multiple=True, metavar="TYPE",
              help="Search only this record type (repeatable).")
@_output_options
@pass_state
def query_command(state: CliState, words: tuple[str, ...], record_types: tuple[str, ...],
                  output: str, limit: int, cursor: str | None) -> None:
    """Run a query and print one page of hits."""
    service = state.session(Permission.SEARCH_RECORDS)
    results = search(state.open(), service.user, " ".join(words), record_types=record_types,
                     limit=limit, cursor=cursor)
    _print(results, output)


@search_group.command("syntax")
def syntax_command() -> None:
    """Print the query language."""
    click.echo(QUERY_HELP, nl=False)


@search_group.group("saved")
def saved_group() -> None:
    """Your saved searches: list, add, run, delete."""


@saved_group.command("list")
@pass_state
def saved_list_command(state: CliState) -> None:
    """Print your saved searches: name, record types and query."""
    service = state.session(Permission.SEARCH_RECORDS)
    for saved in list_searches(state.open(), service.user):
        types = ",".join(saved.record_types) or "all"
        click.echo(f"{_printable(saved.name)}\t{types}\t{_printable(saved.query)}")


@saved_group.command("add", cls=_QueryCommand)
@click.argument("name")
@click.argument("words", nargs=-1, required=True)
@click.option("--type", "record_types", multiple=True, metavar="TYPE",
              help="Search only this record type (repeatable).")
@click.option("--replace", is_flag=True, help="Replace a saved search of the same name.")
@pass_state
def saved_add_command(state: CliState, name: str, words: tuple[str, ...],
                      record_types: tuple[str, ...], replace: bool) -> None:
    """Save a query under NAME (it is checked first)."""
    service = state.session(Permission.SEARCH_RECORDS)
    saved = save_search(state.open(), service.user, name, " ".join(words), record_types,
                        replace=replace)
    click.echo(f"saved search '{_printable(saved.name)}': {_printable(saved.query)}")


@saved_group.command("run")
@click.argument("name")
@_output_options
@pass_state
def saved_run_command(state: CliState, name: str, output: str, limit: int,
                      cursor: str | None) -> None:
    """Run the saved search NAME and print one page of hits."""
    service = state.session(Permission.SEARCH_RECORDS)
    _print(run_saved_search(state.open(), service.user, name, limit=limit, cursor=cursor), output)


@saved_group.command("delete")
@click.argument("name")
@pass_state
def saved_delete_command(state: CliState, name: str) -> None:
    """Delete the saved search NAME."""
    service = state.session(Permission.SEARCH_RECORDS)
    delete_search(state.open(), service.user, name)
    click.echo(f"deleted saved search '{_printable(name)}'")


def _print(results: SearchResults, output: str) -> None:
    if output == "json":
        document = {"hits": [_row(hit) for hit in results.hits],
                    "next_cursor": results.next_cursor}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    if output == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(_row(hit) for hit in results.hits)
        click.echo(buffer.getvalue(), nl=False)
    else:
        _print_table(results)
    if results.next_cursor:
        click.echo(f"more hits: add --cursor {results.next_cursor}", err=True)


def _print_table(results: SearchResults) -> None:
    if not results.hits:
        click.echo("no records found")
        return
    click.echo(f"{'TYPE':<9} {'TITLE':<{TITLE_WIDTH}} UUID")
    for hit in results.hits:
        title = _printable(hit.title)
        if len(title) > TITLE_WIDTH:
            title = title[:TITLE_WIDTH - 1] + "…"
        click.echo(f"{hit.record_type:<9} {title:<{TITLE_WIDTH}} {hit.uuid}")


def _row(hit: RankedHit) -> dict[str, object]:
    return {"record_type": hit.record_type, "origin": hit.origin, "uuid": hit.uuid,
            "title": hit.title, "stage": hit.stage, "score": round(hit.score, 6),
            "created_at": hit.created_at.isoformat(timespec="seconds")}


def _printable(text: str) -> str:
    """``text`` with control characters shown as escapes, so none reaches the terminal."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)
