"""User settings: one typed model with documented defaults, saved as JSON in the config dir.

Only the app reads and writes this file; packages get plain values from it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from workstation.app.json_fields import load_fields
from workstation.app.paths import config_dir
from workstation.atomic import write_json


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
        """Read settings; a missing or damaged file, or a wrong value, gives defaults (and a
        log line), never a crash."""
        return load_fields(cls, path or settings_path())

    def save(self, path: Path | None = None) -> None:
        """Write atomically (temp file + rename) so a crash never leaves half a file."""
        write_json(path or settings_path(), asdict(self))


def settings_path() -> Path:
    return config_dir() / "settings.json"
