"""Widgets of the ncen interface; each carries its own DEFAULT_CSS."""
