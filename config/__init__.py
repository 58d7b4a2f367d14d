"""Data shipped with ncen: example configuration, code lists, field and mapping files."""
