"""The program's log file: what a hospital's IT staff read when something went wrong.

The GUI, started from a desktop icon (no console on Windows), and the storage SCP in
service mode write INFO and above to ``<data folder>/logs/workstation.log``: failed
retrieves with the node and reason, rejected associations, unreadable files, the OpenGL
check. It is rotated at :data:`LOG_FILE_BYTES` with :data:`LOG_FILE_BACKUPS` old files
kept, so a workstation left open every day never fills its disk. The console (stderr)
keeps the level it had (warnings, or everything with ``-v``).
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from workstation.app.paths import data_dir

#: Size at which the log file is rotated, and how many rotated files are kept.
LOG_FILE_BYTES = 5 * 2 ** 20
LOG_FILE_BACKUPS = 5
LOG_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"

log = logging.getLogger(__name__)


def log_folder() -> Path:
    return data_dir() / "logs"


def start_file_log(folder: Path | None = None) -> Path | None:
    """Log INFO and above to ``folder/workstation.log`` (default :func:`log_folder`) from now
    on; returns the file, or None when the folder cannot be written (the message goes to
    the console). Calling it again adds nothing."""
    path = (folder or log_folder()) / "workstation.log"
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path.absolute():
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILE_BACKUPS, encoding="utf-8")
    except OSError as exc:
        log.warning("no log file: %s cannot be written (%s)", path, exc)
        return None
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    console_level = root.level or logging.WARNING
    for console in root.handlers:  # the console keeps its level when the root goes down to INFO
        if console.level == logging.NOTSET:
            console.setLevel(console_level)
    root.addHandler(handler)
    root.setLevel(min(console_level, logging.INFO))
    log.info("log file %s", path)
    return path
