"""User settings: one typed model with documented defaults, saved as JSON in the config dir.

Only the app reads and writes this file; packages get plain values from it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from workstation.app.paths import config_dir
from workstation.atomic import write_json

log = logging.getLogger(__name__)


@dataclass
class Settings:
    language: str = "en"  #: UI language: "en" or "vi"
    date_format: str = "%d/%m/%Y"  #: how dates show in overlays and lists (Vietnamese convention by default)
    sync_scroll: bool = True
    sync_zoom: bool = False
    sync_window: bool = False
    reference_lines: bool = True
    smooth_interpolation: bool = True
    cine_fps: float = 15.0
    retention_days: int = 365  #: local images are purged after this many days (MoH criteria: at most a year)
    prefetch_priors: int = 2  #: prior studies of the same patient retrieved with a study
    window_geometry: dict[str, str] = field(default_factory=dict)  #: screen configuration -> saved geometry (hex)
    #: screen configuration -> the layout last chosen there; used for studies no hanging protocol matches
    layouts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read settings; a missing or damaged file gives defaults (and a log line), never a crash."""
        path = path or settings_path()
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("ignoring damaged settings file %s: %s", path, exc)
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def save(self, path: Path | None = None) -> None:
        """Write atomically (temp file + rename) so a crash never leaves half a file."""
        write_json(path or settings_path(), asdict(self))


def settings_path() -> Path:
    return config_dir() / "settings.json"
