"""What the screens show, computed without Textual: display text, queries, start-up state."""
