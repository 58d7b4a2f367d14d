"""Objects that own a private working folder (decrypted parts, a share's planned files)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import TracebackType
from typing import Self


class OwnsScratchFolder:
    """Deletes ``self.folder`` on :meth:`close` or at the end of a ``with`` block, so
    plaintext never outlives its use; the class mixing it in sets ``folder``."""

    folder: Path

    def close(self) -> None:
        """Delete the folder and everything in it."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
