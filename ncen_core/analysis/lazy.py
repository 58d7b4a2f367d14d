"""Analyses declared by name, imported on their first run.

An analysis module brings in the statistics engine, the search compiler and the country
lists; a plugin declares its analyses at start-up, when none of that is needed yet.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any


def lazy_analysis(target: str) -> Callable[..., Any]:
    """The function named ``"module:function"``, imported when first called."""
    module_name, _, function_name = target.partition(":")

    @functools.cache
    def load() -> Callable[..., Any]:
        return getattr(importlib.import_module(module_name), function_name)

    def run(*args: Any, **kwargs: Any) -> Any:
        return load()(*args, **kwargs)

    run.__name__ = function_name
    run.__qualname__ = function_name
    run.__doc__ = f"Runs {target} (imported on first use)."
    return run
