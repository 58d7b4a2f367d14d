"""Opening an attachment with the workstation's own viewer.

The bytes go to a private temporary file named by their media type, and the platform's
opener (``os.startfile`` on Windows, ``open`` on macOS, ``xdg-open`` elsewhere) is started
without waiting for it. ncen itself never decodes more than the stored thumbnail.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

SUFFIXES = {
    "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/tiff": ".tif",
    "image/bmp": ".bmp", "image/webp": ".webp", "application/pdf": ".pdf",
    "application/dicom": ".dcm",
}


def write_temporary(data: bytes, media_type: str) -> Path:
    """Write ``data`` to a new private temporary file with the media type's suffix."""
    handle, name = tempfile.mkstemp(prefix="ncen-", suffix=SUFFIXES.get(media_type, ".bin"))
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    return Path(name)


def open_with_system_viewer(path: Path) -> None:
    """Start the platform's viewer on ``path`` and return at once."""
    if sys.platform.startswith("win"):
        os.startfile(str(path))  # noqa: S606 - the platform opener is the point
    elif sys.platform == "darwin":
        subprocess.Popen(["open", str(path)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    else:
        subprocess.Popen(["xdg-open", str(path)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
