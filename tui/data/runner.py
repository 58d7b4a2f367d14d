"""One thread for all database work of the interface.

peewee keeps one connection per thread. Running every query of the session on one
long-lived thread keeps one connection (no reconnect per page over a slow link to
headquarters, no connection left behind by a finished worker thread) and serialises the
session's own queries, while the event loop stays free to paint and take keys.
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, TypeVar

T = TypeVar("T")


class DatabaseRunner:
    """Runs callables on the interface's database thread and awaits their results."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ncen-db")

    async def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Await ``function(*args, **kwargs)`` computed on the database thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, functools.partial(function, *args, **kwargs)
        )

    def shutdown(self, close: Callable[[], None] | None = None) -> None:
        """Run ``close`` (the connection's) on the database thread, then stop the thread."""
        if close is not None:
            self._executor.submit(close).result()
        self._executor.shutdown(wait=True)
