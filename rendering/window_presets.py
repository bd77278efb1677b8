"""Window presets (CT brain, lung, bone, PET SUV, ...) from ``resources/window_presets.json``.

The shipped file is read with :mod:`importlib.resources`; a user file (the app decides
where it lives) may add presets, replace a shipped one of the same modality and name, or
take over its number key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from workstation.model import VoiFunction, Volume, Window

#: Units of a preset given in SUVbw rather than in the volume's modality units.
SUV_UNITS = "SUV"


@dataclass(frozen=True)
class WindowPreset:
    """A named window for one modality, optionally bound to a number key 1-9.

    ``units`` is ``""`` when the window is in modality units (HU for CT) and ``"SUV"``
    when it is in SUVbw, which :meth:`window_for` converts with the volume's SUV factor.
    """

    name: str
    modality: str
    window: Window
    key: int | None = None
    units: str = ""

    def __post_init__(self) -> None:
        if self.key is not None and not 1 <= self.key <= 9:
            raise ValueError(f"preset key must be 1..9, got {self.key}")
        if self.units not in ("", SUV_UNITS):
            raise ValueError(f"preset units must be '' or {SUV_UNITS!r}, got {self.units!r}")

    def window_for(self, volume: Volume) -> Window:
        """The preset's window in ``volume``'s modality units.

        Raises
        ------
        ValueError
            For an SUV preset on a volume whose header does not allow SUV.
        """
        if self.units != SUV_UNITS or volume.units.upper() == "GML":  # GML: pixels already SUVbw
            return self.window
        if volume.suv is None:
            raise ValueError(f"preset {self.name!r} is in SUV but the series has no SUV parameters")
        factor = volume.suv.suv_bw_factor()  # SUV = Bq/ml * factor
        return Window(self.window.center / factor, self.window.width / factor, self.name, self.window.function)


def _preset_from_json(entry: dict[str, Any], source: str) -> WindowPreset:
    try:
        window = Window(
            center=float(entry["center"]),
            width=float(entry["width"]),
            explanation=str(entry["name"]),
            function=VoiFunction(entry.get("function", "LINEAR")),
        )
        key = entry.get("key")
        return WindowPreset(
            name=str(entry["name"]),
            modality=str(entry.get("modality", "")).upper(),
            window=window,
            key=None if key is None else int(key),
            units=str(entry.get("units", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{source}: bad window preset {entry!r}: {exc}") from exc


def _read_presets(text: str, source: str) -> list[WindowPreset]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{source}: not valid JSON: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("presets"), list):
        raise ValueError(f"{source}: expected an object with a 'presets' list")
    return [_preset_from_json(entry, source) for entry in document["presets"]]


def load_window_presets(user_file: str | Path | None = None) -> list[WindowPreset]:
    """The shipped presets merged with the user's file, in display order.

    A user preset with the same modality and name replaces the shipped one in place;
    a user preset whose key is already used in its modality takes the key over (the
    shipped preset stays, without a key); other user presets are appended.

    Raises
    ------
    ValueError
        If the user file exists but is not a valid preset file (the message names it).
    """
    shipped = resources.files("resources").joinpath("window_presets.json").read_text(encoding="utf-8")
    presets = _read_presets(shipped, "resources/window_presets.json")
    if user_file is None or not Path(user_file).is_file():
        return presets
    for user in _read_presets(Path(user_file).read_text(encoding="utf-8"), str(user_file)):
        if user.key is not None:
            presets = [
                WindowPreset(p.name, p.modality, p.window, None, p.units)
                if p.modality == user.modality and p.key == user.key and p.name != user.name else p
                for p in presets
            ]
        same = [i for i, p in enumerate(presets) if (p.modality, p.name) == (user.modality, user.name)]
        if same:
            presets[same[0]] = user
        else:
            presets.append(user)
    return presets
