"""Moving records between ncen and tables: import of CSV and Excel files, export to CSV and
JSON Lines.

Reading (``csv_reader``, ``xlsx_reader``, ``source``) turns a file into numbered rows of
text cells; a mapping (``mapping``, ``mapping_file``, ``suggest``, ``dates``) says which
cells make which field; ``row_mapper`` and ``assembler`` turn rows into record values;
``importer`` validates them and hands them to ``bulk_writer``; ``exporter`` and
``flatten`` go the other way.
"""
