"""Analytic rules: saved criteria that flag new, edited, received and imported records.

A rule is a query in the query language over one record type plus optional thresholds
(total kilograms over X; N matching records linked to one same suspect within D days),
owned by the analyst or supervisor who saved it, with subscribers. It is evaluated on every
record the record service saves, every record the exchange applies (both through the
``record_saved`` hook) and every batch of records a bulk import writes; a hit notifies the
subscribers, once per rule and record version.

Public API, one module per job (this package imports nothing, so the core plugin can
register the tables' migrations without loading the search engine):

- :mod:`.definition`: :class:`RuleDefinition`, :func:`read_rule_file` (YAML, errors with
  file and line), :func:`definition_from`.
- :mod:`.store`: :func:`save_rule`, :func:`remove_rule`, :func:`get_rule`, :func:`list_rules`.
- :mod:`.firing`: :func:`evaluate` (a batch of records), :func:`on_record_saved`.
- :mod:`.notifications`: :func:`notifications_for`, :func:`unacknowledged_count`,
  :func:`acknowledge`.
- :mod:`.matching`: how a record satisfies a rule (query, kilograms, repeats).
- :mod:`.tables`: the tables and their migrations (plugin name ``rules``).
"""
