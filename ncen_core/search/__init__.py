"""Search across every record type: the query language, its compilation to SQL, and ranking.

A query is parsed once (:mod:`.parser`), bound to the fields of each record type in scope
(:mod:`.binder`), and answered by the database plugins through the ``search`` hook, each for
its own records (:mod:`.plugin_support`); the engine (:mod:`.engine`) merges their hits into
one ranked, keyset-paginated list. The language is documented in ``docs/query-language.md``
and, for the interface, in :data:`.help.QUERY_HELP`.
"""
