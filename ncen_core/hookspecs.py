"""Hook specifications: every hook an ncen plugin may implement, and its contract.

This module is the single source of truth for the plugin interface. Plugins implement hooks
with the :data:`ncen_core.hookimpl` marker; built-in features (seizures, suspects,
companies, exchange) are ordinary plugins using these same hooks.

Each docstring states its hook's calling convention:

- **collect**: every implementation is called and the results are gathered, in the reverse
  order of registration (``None`` results are dropped). For ``register_*`` hooks the lists
  are concatenated and the registry built at start-up refuses duplicate names.
- **firstresult**: implementations are called until one returns something other than
  ``None``; that value is the result.

pluggy's third convention, historic (calls replayed for plugins registered later), is not
used: plugins are all registered before the first hook call.

Types are imported only for type checkers, so importing this module costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ncen_core import hookspec

if TYPE_CHECKING:
    from pathlib import Path

    import click

    from ncen_core.app import Ncen
    from ncen_core.codelists import CodeListRegistry
    from ncen_core.declarations import (
        AnalysisSpec,
        Audience,
        CommandSpec,
        ScreenSpec,
        SearchHit,
        SearchIndexSpec,
        SearchRequest,
        TransportSpec,
    )
    from ncen_core.fields import FieldSpec, RecordType
    from ncen_core.migrations import Migration
    from ncen_core.records import Record


# --------------------------------------------------------------------------------------------
# Records: what a record is, how it is checked, and what happens once it is saved
# --------------------------------------------------------------------------------------------


@hookspec
def register_record_types() -> list[RecordType]:
    """Declare record types (seizure, suspect, company, ...) with their fields.

    :return: The record types this plugin owns. A name already declared by another plugin
        is refused at start-up.

    Calling convention: collect. Called once, when the registry is built.
    """


@hookspec
def register_fields(record_type: str) -> list[FieldSpec]:
    """Add custom fields to a record type declared by another plugin.

    The fields become real, typed, indexable columns at the next ``ncen db upgrade``; they
    are never dropped. Fields declared in YAML files of ``fields_dirs`` need no hook.

    :param record_type: The name of the record type whose fields are being collected.
    :return: The extra fields for ``record_type`` (an empty list when this plugin adds none).
        A field name already present in the record type is refused at start-up.

    Calling convention: collect. Called once per record type, when the registry is built.
    """


@hookspec
def register_codelists() -> list[Path]:
    """Contribute code lists (commodity categories, concealment methods, ...).

    :return: Paths of YAML code-list files, in the format of ``config/codelists/*.yaml``.
        A code list whose name is already declared is refused at start-up.

    Calling convention: collect. Called once, when the registry is built.
    """


@hookspec
def validate_record(
    record_type: str, values: dict, codelists: CodeListRegistry
) -> dict[str, str] | None:
    """Check a record beyond what its FieldSpecs already check (cross-field rules).

    Called by the record service after field validation, before anything is written.

    :param record_type: The name of the record's type.
    :param values: The record's canonical field values after field validation. Must
        not be modified.
    :param codelists: The code lists in effect, for rules over hierarchies (a subtype
        must belong to its category). An implementation may omit this parameter.
    :return: A mapping of field path (``items[2].quantity``) to a message an officer can act
        on, or ``None`` (or an empty mapping) when the record is acceptable. The messages of
        all plugins are merged; any message refuses the save.

    Calling convention: collect.
    """


@hookspec
def record_saved(record: Record, change: str, ncen: Ncen) -> None:
    """React to a record that has just been committed (alerts, analytic rules, outbox).

    Called after the transaction commits, so an exception here cannot undo the save.

    :param record: The record as stored, after the change.
    :param change: What happened: ``created``, ``updated``, ``tombstoned`` (deleted) or
        ``received`` (applied from another office's package).
    :param ncen: The open installation the record was saved in, so an implementation can
        read and write the database (``ncen.database``, ``ncen.system``); any write it makes
        is its own transaction. An implementation may omit this parameter.
    :return: Nothing; results are ignored.

    Calling convention: collect.
    """


@hookspec
def register_migrations() -> list[Migration]:
    """Declare the numbered schema migrations of this plugin's tables.

    :return: Every migration this plugin has ever shipped, in any order; ``ncen db upgrade``
        applies those not yet recorded, in number order. Numbers are per plugin and never
        reused.

    Calling convention: collect. Called by ``ncen db upgrade`` and by the start-up check
    that refuses a schema that is behind.
    """


# --------------------------------------------------------------------------------------------
# Search: each database plugin answers for its own records; the core merges and ranks
# --------------------------------------------------------------------------------------------


@hookspec
def register_search_indexes() -> list[SearchIndexSpec]:
    """Declare which fields of a record type go into the full-text index.

    :return: One spec per record type this plugin indexes. A second spec for the same
        record type is refused at start-up.

    Calling convention: collect. Called once, when the registry is built.
    """


@hookspec
def search(request: SearchRequest) -> list[SearchHit]:
    """Answer a search for the records this plugin owns.

    :param request: The search text, the record types asked for (empty means all) and the
        maximum number of hits wanted. The core's engine sends a ``PreparedSearch``
        (``ncen_core.search.request``) carrying the bound query of each record type, the
        installation and the user's visibility; a plugin answers it with
        ``ncen_core.search.plugin_support``. A plugin whose record types are not asked for,
        or that receives a bare ``SearchRequest``, returns an empty list.
    :return: Up to ``request.limit + 1`` hits per result stream (identifier, ranked words,
        fuzzy names, newest first), each a ``RankedHit`` whose ``order`` places it; the
        core merges every plugin's streams by that order and pages with a cursor.

    Calling convention: collect.
    """


# --------------------------------------------------------------------------------------------
# Transport: how packages travel between offices
# --------------------------------------------------------------------------------------------


@hookspec
def register_transports() -> list[TransportSpec]:
    """Declare transports (file folder, network, mailbox relay, ...) by URL scheme.

    :return: The transports this plugin provides. A scheme already declared is refused at
        start-up.

    Calling convention: collect. Called once, when the registry is built.
    """


@hookspec(firstresult=True)
def open_transport(url: str) -> object | None:
    """Open the transport that handles ``url`` (``file:///media/usb/outbox``, ...).

    :param url: Where packages are sent to or received from, as configured for an office.
    :return: A transport object ready to send and receive packages, or ``None`` if this
        plugin does not handle the URL's scheme.

    Calling convention: firstresult. The first plugin that returns a transport wins; if
    none does, the URL's scheme is unknown.
    """


# --------------------------------------------------------------------------------------------
# Exchange: what may leave the office
# --------------------------------------------------------------------------------------------


@hookspec
def redact_record(record: dict, audience: Audience) -> set[str] | None:
    """Name fields to remove from a record before it is shared with ``audience``.

    A plugin may only remove: the core first keeps only the fields that the FieldSpecs'
    classification allows for the audience, then removes every name returned here. Nothing
    a plugin returns can add a field back.

    :param record: The record as it would be exported (field name to value). Must not be
        modified.
    :param audience: Who will receive the package: an office, a group, all offices, or a
        non-nominal database.
    :return: Names of fields to remove (``group.member`` removes one member from every
        row of a repeating group), or ``None`` to remove nothing. The sets of all plugins
        are united.

    Calling convention: collect.
    """


# --------------------------------------------------------------------------------------------
# Analysis
# --------------------------------------------------------------------------------------------


@hookspec
def register_analyses() -> list[AnalysisSpec]:
    """Declare analyses (statistics, routes, trends, link networks, ...).

    Each declaration's ``function`` is called as ``function(ncen, user, params)`` with an
    :class:`~ncen_core.analysis.analyses.AnalysisParams` and returns a
    :class:`~ncen_core.analysis.table.StatsTable`, which ``ncen report`` and the interface
    render as tables and charts. It checks the user's role itself and computes in the
    database (:func:`ncen_core.analysis.statistics.grouped` does both for groupings).

    :return: The analyses this plugin provides. A name already declared is refused at
        start-up.

    Calling convention: collect. Called once, when the registry is built.
    """


# --------------------------------------------------------------------------------------------
# Interface: the TUI and the command line
# --------------------------------------------------------------------------------------------


@hookspec
def register_screens() -> list[ScreenSpec]:
    """Declare TUI screens; each names its class by a ``"module:Class"`` target.

    :return: The screens this plugin provides. An id already declared is refused at
        start-up.

    Calling convention: collect. Called by the TUI when it starts; the core never imports
    the screen classes.
    """


@hookspec
def register_commands() -> list[CommandSpec]:
    """Declare entries of the TUI command palette, each with a default key binding.

    :return: The commands this plugin provides. An id already declared is refused at
        start-up.

    Calling convention: collect. Called by the TUI when it starts.
    """


@hookspec
def register_cli_commands() -> list[click.Command]:
    """Add commands (or groups of commands) to the ``ncen`` command line.

    :return: click commands to attach to the top-level ``ncen`` group. A command name
        already taken is refused when the command line is built.

    Calling convention: collect. Called once, when the command line is built.
    """
