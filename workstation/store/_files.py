"""Files of the store: short safe paths, and atomic writes that survive a full disk.

A stored file is either complete or absent. Bytes go to a temporary file in the store's
``incoming/`` folder (same file system as ``dicom/``, so ``os.replace`` is an atomic
rename), are flushed to disk with ``fsync``, and only then renamed to their final name.
Temporary files have one folder, so leftovers of a crash are found and removed on open
without walking the archive.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from workstation.model.errors import StorageFullError

log = logging.getLogger(__name__)

DICOM_DIR = "dicom"
INCOMING_DIR = "incoming"
TEMP_SUFFIX = ".part"
_CHUNK = 1 << 20
#: Temporary files older than this are leftovers of a crash, not imports in progress.
_STALE_SECONDS = 24 * 3600
#: errno / Windows error codes that mean "no space left" (ENOSPC, EDQUOT; ERROR_HANDLE_DISK_FULL,
#: ERROR_DISK_FULL).
_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_FULL_WINERRORS = {39, 112}


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and (exc.errno in _FULL_ERRNOS or getattr(exc, "winerror", None) in _FULL_WINERRORS)


def _short_hash(uid: str, length: int) -> str:
    return hashlib.sha1(uid.encode("ascii", "replace")).hexdigest()[:length]


def relative_path(study_uid: str, series_uid: str, sop_uid: str) -> str:
    """Where an instance lives under the store root, with ``/`` separators.

    UIDs are up to 64 characters each, so ``study/series/sop`` by UID could reach 200
    characters below the root and break Windows' 260-character MAX_PATH; hashes keep the
    tail at 68 characters (``dicom/`` + 16 + 16 + 24 hex digits + ``.dcm``). 96 bits for
    the instance name make a collision within one series practically impossible.
    """
    return f"{DICOM_DIR}/{_short_hash(study_uid, 16)}/{_short_hash(series_uid, 16)}/{_short_hash(sop_uid, 24)}.dcm"


def _write_all(fd: int, data: memoryview) -> None:
    while data:
        written = os.write(fd, data)
        data = data[written:]


class SourceReadError(OSError):
    """The file being copied into the store could not be read (its problem, not the store's)."""


def _copy_into(fd: int, source: bytes | memoryview | str | os.PathLike[str]) -> None:
    if isinstance(source, (bytes, bytearray, memoryview)):
        _write_all(fd, memoryview(source))
        return
    try:
        src = open(source, "rb")
    except OSError as exc:
        raise SourceReadError(exc.errno, exc.strerror, exc.filename) from exc
    with src:
        while True:
            try:
                chunk = src.read(_CHUNK)
            except OSError as exc:
                raise SourceReadError(exc.errno, exc.strerror, os.fspath(source)) from exc
            if not chunk:
                return
            _write_all(fd, memoryview(chunk))


def write_temp(incoming: Path, source: bytes | memoryview | str | os.PathLike[str]) -> Path:
    """Write ``source`` (bytes, or the path of a file to copy) to a new synced temporary file.

    Returns
    -------
    Path
        The temporary file, complete and on disk; the caller renames or removes it.

    Raises
    ------
    StorageFullError
        The disk filled up; the partial temporary file has been removed.
    SourceReadError
        ``source`` could not be read; nothing is left behind.
    OSError
        Writing failed otherwise; nothing is left behind.
    """
    fd, name = tempfile.mkstemp(suffix=TEMP_SUFFIX, dir=incoming)
    try:
        try:
            _copy_into(fd, source)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException as exc:
        discard(Path(name))
        if is_disk_full(exc):
            raise StorageFullError(errno.ENOSPC, f"disk full while writing into {incoming}") from exc
        raise
    return Path(name)


def discard(path: Path) -> None:
    """Remove a file if it exists (temporary files, files of a rolled-back batch)."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not remove %s: %s", path, exc)


def sync_folders(folders: Iterable[Path]) -> None:
    """Make renames into ``folders`` durable (POSIX; Windows cannot open folders)."""
    if os.name == "nt":
        return
    for folder in folders:
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


def remove_stale_temps(incoming: Path) -> int:
    """Delete temporary files a crashed import left behind; returns how many."""
    now = time.time()
    removed = 0
    for entry in incoming.glob(f"*{TEMP_SUFFIX}"):
        try:
            if now - entry.stat().st_mtime > _STALE_SECONDS:
                entry.unlink()
                removed += 1
        except OSError as exc:
            log.warning("could not remove stale temporary file %s: %s", entry, exc)
    return removed


def remove_empty_parents(path: Path, stop: Path) -> None:
    """Remove the now-empty series and study folders above a deleted file."""
    parent = path.parent
    while parent != stop and stop in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent
