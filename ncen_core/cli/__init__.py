"""The ncen command line: one click group, commands contributed by the core and by plugins."""
