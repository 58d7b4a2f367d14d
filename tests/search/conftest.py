"""Fixtures of the search tests (defined in :mod:`search_support`)."""

from search_support import corpus, installation  # noqa: F401
