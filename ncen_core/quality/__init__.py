"""Data quality per office: are the records fit for analysis, entered in time, passed on?

For each record type and each office (the records' origin), :func:`.report.quality_report`
measures

- **completeness**: how many live records fill in each field analysis needs (the
  ``quality.fields`` setting, per record type; ``group.member`` counts a record when any row
  of the group has the member);
- **delay to entry**: days from the event (``quality.event_dates``: the seizure date for
  seizures) to the record's entry (``created_at``), as median and 90th percentile
  (nearest rank);
- **not yet shared**: this office's live records whose distribution allows sharing (group or
  all) and that no office holds in their current version, read from the sent ledger of the
  exchange (``comms_holding``) when the exchange is installed;
- **not yet exported**: live records created or changed since the last unfiltered
  ``ncen export`` of their type (an export with ``--where`` says nothing about a given
  record, so it does not count).

Everything is counted in SQL, grouped by office; no table is read into memory (delays are
read as a histogram of days per office). ``ncen quality`` prints the report as a table, JSON
or CSV; the interface reads the same :class:`.report.QualityReport`.
"""
