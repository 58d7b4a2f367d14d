"""``python -m ncen_core.cli`` runs the ncen command (same as the ``ncen`` script)."""

from ncen_core.cli.main import run

if __name__ == "__main__":
    run()
