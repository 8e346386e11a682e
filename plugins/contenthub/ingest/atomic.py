"""Writing a file whole or not at all: the sources' caches, their health record, the subscriptions."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: Path, content: str | bytes) -> None:
    """A temporary file in the same folder, flushed to disk, then renamed over the old one, so a refresh
    killed half way, or a full disk, leaves every file whole. A link is followed (the file it points to
    is the one replaced) and the file keeps its permissions; a new one gets the usual rw-r--r--. Text is
    written as UTF-8."""
    path = path.resolve() if path.is_symlink() else path
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content.encode("utf-8") if isinstance(content, str) else content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
