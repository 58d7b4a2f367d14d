"""``ncen import`` and ``ncen export``: records from CSV or Excel files, and to CSV or JSON Lines.

Problems of rows are printed on standard output as ``file:line: field: problem`` while the
file is read; a refused import ends with one ``ncen: error:`` line and exit status 1.
Export writes data on standard output (or to ``--output``) and its summary on standard
error, so it can be piped.
"""

from __future__ import annotations

from pathlib import Path

import click

from ncen_core.cli.context import CliState, pass_state
from ncen_core.roles import Permission
from ncen_core.transfer.errors import ImportRefusedError, SourceFileError, TransferError
from ncen_core.transfer.exporter import FORMATS, export_records, parse_filters
from ncen_core.transfer.importer import ImportOptions, import_file
from ncen_core.transfer.mapping import ImportMapping
from ncen_core.transfer.mapping_file import load_mapping, save_mapping
from ncen_core.transfer.report import ImportReport
from ncen_core.transfer.suggest import Suggestion, suggest_for_file

PARTIAL_SUFFIX = ".partial"


@click.command("import", short_help="Import records from a CSV or Excel (.xlsx) file.")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--type", "record_type", required=True, metavar="TYPE",
              help="Record type of the rows: seizure, suspect, company, ...")
@click.option("--mapping", "mapping_path", metavar="MAP.yaml",
              type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Column mapping to use (default: one suggested from the header).")
@click.option("--save-mapping", "save_path", metavar="OUT.yaml",
              type=click.Path(path_type=Path, dir_okay=False),
              help="Save the mapping used (suggested or given) for review and reuse.")
@click.option("--dry-run", is_flag=True, help="Check everything and report; write nothing.")
@click.option("--skip-invalid", is_flag=True,
              help="Import the valid records and put the invalid rows in --reject-file.")
@click.option("--reject-file", type=click.Path(path_type=Path, dir_okay=False), metavar="PATH",
              help="CSV receiving the rejected rows with an error column.")
@pass_state
def import_command(state: CliState, file: Path, record_type: str, mapping_path: Path | None,
                   save_path: Path | None, dry_run: bool, skip_invalid: bool,
                   reject_file: Path | None) -> None:
    """Import FILE as records of TYPE, all of them or none.

    Without --mapping, columns are matched to fields by name and label and date formats are
    detected; the suggestion is used only when every column found its field and every date
    format is certain, otherwise save it with --save-mapping, review it, and pass it with
    --mapping. Importing the same file again creates no duplicates.
    """
    if skip_invalid and reject_file is None:
        raise click.UsageError("--skip-invalid needs --reject-file PATH for the rows it skips")
    service = state.session(Permission.CREATE_RECORDS)
    suggestion: Suggestion | None = None
    if mapping_path is not None:
        mapping, notes = load_mapping(mapping_path), []
        if mapping.record_type != record_type:
            raise click.UsageError(f"{mapping_path} maps {mapping.record_type} records, "
                                   f"not {record_type}")
    else:
        suggestion = suggest_for_file(service.ncen.registry, file, record_type)
        mapping, notes = suggestion.mapping, suggestion.notes
        _show_suggestion(suggestion)
    if save_path is not None:
        save_mapping(mapping, save_path, notes)
        click.echo(f"Mapping saved to {save_path}.")
    if suggestion is not None and not suggestion.complete:
        _refuse_incomplete(file, mapping, suggestion, save_path)
    options = ImportOptions(dry_run=dry_run, skip_invalid=skip_invalid, reject_file=reject_file)
    try:
        report = import_file(service, file, mapping, options=options,
                             on_problem=lambda problem: click.echo(problem.describe(file)))
    except ImportRefusedError as exc:
        _show_report(exc.report)
        raise
    _show_report(report)
    if dry_run and report.rows_rejected and not skip_invalid:
        raise ImportRefusedError(f"{file}: {report.rows_rejected} of {report.rows_read} rows are "
                                 "invalid; the import would write nothing", report)


@click.command("export", short_help="Export records as JSON Lines or CSV.")
@click.option("--type", "record_type", required=True, metavar="TYPE",
              help="Record type to export: seizure, suspect, company, ...")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Output format (default: from the --output suffix, else jsonl).")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Write to FILE (default: standard output).")
@click.option("--where", "where", multiple=True, metavar="FIELD=VALUE",
              help="Keep records whose field equals VALUE (repeatable; interim filter).")
@pass_state
def export_command(state: CliState, record_type: str, fmt: str | None, output: Path | None,
                   where: tuple[str, ...]) -> None:
    """Export the live records of TYPE, one per line (JSON Lines) or per row (CSV).

    CSV cells that a spreadsheet could run as formulas are prefixed with a quote; the CSV
    imports back with `ncen import FILE --type TYPE`.
    """
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        fmt = suffix if suffix in FORMATS else "jsonl"
    service = state.session(Permission.EXPORT_REPORTS)
    filters = parse_filters(service, record_type, list(where))
    if output is None:
        count = export_records(service, record_type, click.get_text_stream("stdout"), fmt,
                               filters=filters)
    else:
        count = _export_to_file(service, record_type, output, fmt, filters)
    target = output if output is not None else "standard output"
    click.echo(f"{count} {record_type} records exported to {target}.", err=True)


def _export_to_file(service, record_type: str, output: Path, fmt: str, filters: dict) -> int:
    """Write to a temporary name and rename when complete: no half-written export remains."""
    partial = output.with_name(output.name + PARTIAL_SUFFIX)
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    try:
        with open(partial, "w", encoding=encoding, newline="") as stream:
            count = export_records(service, record_type, stream, fmt, filters=filters,
                                   target=output.name)
        partial.replace(output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise TransferError(f"{output}: cannot write the export: {exc.strerror}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count


def _show_suggestion(suggestion: Suggestion) -> None:
    for column, target in suggestion.matches:
        click.echo(f"column {column!r} -> {target}")
    for note in suggestion.notes:
        click.echo(f"note: {note}")


def _refuse_incomplete(file: Path, mapping: ImportMapping, suggestion: Suggestion,
                       save_path: Path | None) -> None:
    if suggestion.missing_required:
        spec = suggestion.missing_required[0]
        raise SourceFileError(f"{file}:1: no column for the required field {spec.name} "
                              f"({spec.label}) of {mapping.record_type}")
    saved = (f"review {save_path}" if save_path is not None
             else "save it with --save-mapping OUT.yaml, review it")
    raise TransferError(f"{file}: the suggested mapping needs review ({suggestion.notes[0]}); "
                        f"{saved}, then import with --mapping")


def _show_report(report: ImportReport) -> None:
    for line in report.summary():
        click.echo(line)
