"""Importing packages received from other offices: rules, quarantine, pending, versions.

The entry point is :func:`.importer.import_package`; ``docs/exchange-payload.md`` is the
contract for what packages carry.
"""
