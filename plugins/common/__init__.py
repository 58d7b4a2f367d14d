"""Code lists shared by the databases: link roles between records, and currencies."""
