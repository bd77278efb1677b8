"""Where the workstation keeps its files: one root per user, overridable for tests.

``WORKSTATION_HOME`` (set by tests, by the portable media viewer and by admins who want
the archive on another disk) holds ``data/`` (the local store) and ``config/``
(settings, nodes, presets). Without it the platform's user data/config dirs are used.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "workstation"


def data_dir() -> Path:
    home = os.environ.get("WORKSTATION_HOME")
    path = Path(home) / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    home = os.environ.get("WORKSTATION_HOME")
    path = Path(home) / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
