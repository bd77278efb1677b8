"""Atomic file writes: the old file stays whole until the new one is complete.

Settings, node lists, hanging protocols, report drafts and DICOMDIRs are all rewritten
while the program runs; a crash, a full disk or a killed process in the middle of a
plain ``open(path, "w")`` would leave half a file and lose the user's configuration. Here
the data goes to a temporary file in the same folder (so the rename cannot cross file
systems), is flushed to disk, and ``os.replace`` swaps it in: readers see the old file or
the new one, never a mix. Any layer may use this module (it imports nothing of ours).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, mode: int | None = None) -> Path:
    """Replace ``path`` with ``data`` (text is written as UTF-8) in one step.

    ``mode`` sets the permission bits before the file becomes visible, e.g. ``0o600`` for
    a file that may hold passwords. The folder is created when missing.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_json(path: str | os.PathLike[str], data: Any, *, indent: int = 2, mode: int | None = None) -> Path:
    """:func:`write_atomic` of ``data`` as JSON; non-ASCII text (Vietnamese) stays readable."""
    return write_atomic(path, json.dumps(data, ensure_ascii=False, indent=indent) + "\n", mode=mode)
