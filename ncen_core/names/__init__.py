"""Fuzzy name search for persons and companies, across scripts and spellings.

- :mod:`~ncen_core.names.transliterate`: any script to Latin letters;
- :mod:`~ncen_core.names.phonetic`: spelling variants folded, index keys;
- :mod:`~ncen_core.names.name_index`: the name tables, kept in the record's transaction;
- :mod:`~ncen_core.names.key_documents`: who holds enough of a name's words, asked first;
- :mod:`~ncen_core.names.scoring`: rapidfuzz similarity of two names;
- :mod:`~ncen_core.names.find`: candidates from the index, re-ranked (:func:`find_names`);
- :mod:`~ncen_core.names.duplicates`: "possible duplicates" of a record being entered.
"""
