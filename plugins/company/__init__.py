"""The company database: businesses involved in offences, their identifiers and roles."""
