"""``ncen stats`` and ``ncen report``: statistics and analyses from scripts, and reports.

``ncen stats --type seizure --by items.commodity,transport_mode --period month --where
'date:2025' --format csv`` prints one statistics table (table, CSV or JSON). ``ncen report
[ANALYSIS...]`` runs analyses declared through ``register_analyses`` (``statistics``,
``dashboard``, ``routes``, ``transit``, ``new-routes``, ``trends``; ``ncen report --list``
names them) and writes them as CSV (one analysis), Markdown or a self-contained HTML
report with charts for printing, to ``--output`` (written under a temporary name, then
renamed) or to standard output. A report is an export: it is audited.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from ncen_core import audit
from ncen_core.analysis.analyses import AnalysisParams
from ncen_core.analysis.html_report import to_html
from ncen_core.analysis.measures import RECORDS
from ncen_core.analysis.periods import PERIODS
from ncen_core.analysis.render import to_csv, to_json, to_markdown, to_text
from ncen_core.analysis.statistics import StatsRequest, statistics
from ncen_core.analysis.table import StatsTable
from ncen_core.cli.context import CliState, pass_state
from ncen_core.errors import NcenError
from ncen_core.roles import Permission, require
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow

STATS_FORMATS = {"table": to_text, "csv": to_csv, "json": to_json}
REPORT_FORMATS = ("html", "markdown", "csv")


def _by(value: str | None) -> tuple[str, ...]:
    return tuple(name.strip() for name in (value or "").split(",") if name.strip())


def _common(command):
    for option in reversed((
        click.option("--type", "record_type", default="seizure", show_default=True,
                     metavar="TYPE", help="Record type to count."),
        click.option("--by", metavar="FIELD[,FIELD]", help="Fields to group by (query-language "
                     "names: items.commodity, route.country, transport_mode, ...)."),
        click.option("--period", type=click.Choice(PERIODS), help="Group by this period of "
                     "the record's date."),
        click.option("--where", default="", metavar="QUERY",
                     help="Count only records matching this query (the search language)."),
        click.option("--top", type=click.IntRange(1, 10_000), help="Keep the largest groups."),
    )):
        command = option(command)
    return command


@click.command("stats")
@_common
@click.option("--sort", default=RECORDS, show_default=True, metavar="MEASURE",
              help="Measure that --top ranks by (records, items, quantity_kg, ...).")
@click.option("--format", "output", type=click.Choice(tuple(STATS_FORMATS)), default="table",
              show_default=True, help="Output format.")
@pass_state
def stats_command(state: CliState, record_type: str, by: str | None, period: str | None,
                  where: str, top: int | None, sort: str, output: str) -> None:
    """Counts, normalised quantities (kg, l, units) and values by field and/or period."""
    service = state.session(Permission.RUN_ANALYSES)
    table = statistics(state.open(), service.user,
                       StatsRequest(record_type, _by(by), period, where, top, sort))
    click.echo(STATS_FORMATS[output](table), nl=False)


@click.command("report")
@click.argument("analyses", nargs=-1)
@_common
@click.option("--measure", default=RECORDS, show_default=True, metavar="MEASURE",
              help="What trends compare and tops rank by (records, quantity_kg, ...).")
@click.option("--at", metavar="PERIOD", help="Period looked at by trends and new routes "
              "(2025-03 for a month; default: the latest).")
@click.option("--year", type=int, help="Year of the dashboard (default: the latest).")
@click.option("--format", "output", type=click.Choice(REPORT_FORMATS), default="html",
              show_default=True, help="Report format.")
@click.option("--output", "path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to this file (default: standard output).")
@click.option("--title", default="ncen analysis report", show_default=True)
@click.option("--list", "list_only", is_flag=True, help="List the analyses and exit.")
@pass_state
def report_command(state: CliState, analyses: tuple[str, ...], record_type: str,
                   by: str | None, period: str | None, where: str, top: int | None,
                   measure: str, at: str | None, year: int | None, output: str,
                   path: Path | None, title: str, list_only: bool) -> None:
    """Run analyses (default: statistics) and write them as HTML, Markdown or CSV."""
    ncen = state.open()
    declared = ncen.registry.analyses
    if list_only:
        for name in sorted(declared):
            click.echo(f"{name}\t{declared[name].description}")
        return
    names = analyses or ("statistics",)
    unknown = [name for name in names if name not in declared]
    if unknown:
        raise NcenError(f"unknown analysis {', '.join(unknown)} "
                        f"(known: {', '.join(sorted(declared))})")
    if output == "csv" and len(names) > 1:
        raise click.UsageError("a CSV report holds one analysis; use markdown or html for more")
    service = state.session(Permission.RUN_ANALYSES)
    require(service.user.role, Permission.EXPORT_REPORTS)
    params = AnalysisParams(record_type, _by(by), period, where, top, measure, at, year)
    tables = [_run(declared[name].function, ncen, service.user, params) for name in names]
    text = _document(tables, output, title, ncen.office_code)
    _write(text, path)
    with write_transaction(ncen.database):
        audit.append(ncen.system, service.user.username, "report", record_type=record_type,
                     detail={"analyses": list(names), "format": output,
                             "file": path.name if path else "", "where": where})


def _run(function, ncen, user, params: AnalysisParams) -> StatsTable:
    table = function(ncen, user, params)
    if not isinstance(table, StatsTable):
        raise NcenError(f"analysis {function.__name__} returned no table")
    return table


def _document(tables: list[StatsTable], output: str, title: str, office: str) -> str:
    if output == "csv":
        return to_csv(tables[0])
    if output == "markdown":
        return f"# {title}\n\n" + "\n".join(to_markdown(table) for table in tables)
    return to_html(tables, title=title, office=office, generated=utcnow())


def _write(text: str, path: Path | None) -> None:
    """To ``path`` through a temporary file renamed over it (never half a report), or stdout."""
    if path is None:
        click.echo(text, nl=False)
        return
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise NcenError(f"cannot write the report to {path}: {exc.strerror}") from None
    click.echo(f"report written to {path}", err=True)
