"""The keyboard-driven Textual client of ncen."""
