"""The contract of an analysis declared through ``register_analyses``, and the core's own.

An :class:`~ncen_core.declarations.AnalysisSpec`'s ``function`` is called as
``function(ncen, user, params)`` with :class:`AnalysisParams` and returns a
:class:`~ncen_core.analysis.table.StatsTable`; each analysis reads the parameters it needs
and ignores the others. The core declares ``statistics`` and ``dashboard`` (in
:mod:`ncen_core.core_plugin`, which imports this module on their first run); the seizure
plugin declares routes and trends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ncen_core.analysis.dashboard import dashboard
from ncen_core.analysis.measures import RECORDS
from ncen_core.analysis.statistics import StatsRequest, statistics
from ncen_core.analysis.table import StatsTable
from ncen_core.users import UserInfo

if TYPE_CHECKING:
    from ncen_core.app import Ncen


@dataclass(frozen=True)
class AnalysisParams:
    """Everything an analysis may be asked with (the options of ``ncen report``).

    ``at`` names the period an analysis looks at (``2025-03`` for a month; default: the
    latest period holding records); ``year`` the dashboard's year; ``measure`` what trends
    compare and tops rank by (``records``, ``items``, ``quantity_kg``, ...).
    """

    record_type: str = "seizure"
    by: tuple[str, ...] = ()
    period: str | None = None
    where: str = ""
    top: int | None = None
    measure: str = RECORDS
    at: str | None = None
    year: int | None = None


def run_statistics(ncen: Ncen, user: UserInfo, params: AnalysisParams) -> StatsTable:
    """The ``statistics`` analysis: :func:`statistics` with the parameters given."""
    return statistics(ncen, user, StatsRequest(params.record_type, params.by, params.period,
                                               params.where, params.top, params.measure))


def run_dashboard(ncen: Ncen, user: UserInfo, params: AnalysisParams) -> StatsTable:
    """The ``dashboard`` analysis: one year by month and category."""
    return dashboard(ncen, user, params.record_type, params.year)

