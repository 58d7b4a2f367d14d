"""Modal dialogs, each a ``ModalScreen[T]`` returning a typed result."""
