"""Analysis: statistics, maintained aggregates and the reports built from them.

Public API (for the command line and the interface):

- :func:`.statistics.statistics` with a :class:`.statistics.StatsRequest`: counts,
  normalised quantities and values by one or two fields and/or a period, filtered with the
  query language; :func:`.statistics.grouped` runs any :class:`.statistics.Grouping` of
  :class:`.dimensions.Dimension` (analyses of plugins build on it).
- :func:`.dashboard.dashboard`: the year-by-month table of a record type by category, read
  from the maintained aggregates (:mod:`.aggregates`).
- :mod:`.analyses`: every analysis declared through ``register_analyses`` takes
  ``(ncen, user, AnalysisParams)`` and returns a :class:`.table.StatsTable`.
- :mod:`.drill`: the query-language filter that finds the records behind one row.
- :mod:`.render`: a table as text, CSV, JSON, Markdown, or a printable HTML report with
  inline SVG charts.

Nothing here imports Textual; nothing loads records into Python: every figure is computed
by the database.
"""
