"""Worker scripts that tests run as separate OS processes, and how tests drive them.

Each worker opens its own installation from the test's database URL (see
``installation.py``), so the database sees several independent clients, as it does with
several workstations. Workers talk to the test through lines on stdin and stdout.
"""

from __future__ import annotations

import selectors
import subprocess
import sys
from pathlib import Path

WORKERS_DIR = Path(__file__).resolve().parent
LINE_TIMEOUT = 120.0


def start_worker(script: str, *args: object) -> subprocess.Popen[str]:
    """Start ``python WORKERS_DIR/script ARGS`` with pipes for stdin, stdout and stderr."""
    return subprocess.Popen(
        [sys.executable, str(WORKERS_DIR / script), *map(str, args)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def read_line(worker: subprocess.Popen[str], timeout: float = LINE_TIMEOUT) -> str:
    """The worker's next line on stdout, without its newline.

    Fails with the worker's stderr if it exits first, and after ``timeout`` seconds if it
    says nothing, so a stuck worker fails the test instead of hanging it. For a line after
    which the worker waits or works for a long while (nothing more is buffered behind it);
    read the rest of the output with ``communicate()``.
    """
    with selectors.DefaultSelector() as selector:
        selector.register(worker.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            stop(worker)
            raise AssertionError(f"worker said nothing for {timeout:.0f} s")
    line = worker.stdout.readline()
    if not line:
        worker.wait(timeout)
        raise AssertionError(f"worker exited with {worker.returncode}: {worker.stderr.read()}")
    return line.rstrip("\n")


def stop(worker: subprocess.Popen[str]) -> None:
    """Kill the worker if it still runs and reap it (for cleanup after a failure)."""
    if worker.poll() is None:
        worker.kill()
    worker.wait()
    for stream in (worker.stdin, worker.stdout, worker.stderr):
        if stream is not None:
            stream.close()
