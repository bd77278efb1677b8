"""Volume-rendering presets and the editable transfer function behind them.

Presets live in ``resources/vr_presets/*.json`` (CT bone, soft tissue, angio, lung, MR,
MIP); point values are in modality units (HU for CT), or, with ``relative_range``, in
fractions of the volume's percentile range for modalities without a fixed scale (MR).
A :class:`TransferFunction` is what the 3D editor changes: its points stay in modality
units and are converted to the stored values VTK samples only when applied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from vtkmodules.vtkCommonDataModel import vtkPiecewiseFunction
from vtkmodules.vtkRenderingCore import vtkColorTransferFunction, vtkVolumeProperty

from rendering.voi import sample_modality_values
from workstation.model import Event, Volume

BLEND_MODES = ("composite", "mip", "minip")


def _points(raw: Any, width: int, name: str, source: str) -> tuple[tuple[float, ...], ...]:
    try:
        points = tuple(tuple(float(v) for v in p) for p in raw)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{source}: {name} must be a list of numbers lists: {exc}") from exc
    if any(len(p) != width for p in points):
        raise ValueError(f"{source}: every {name} point needs {width} numbers")
    if any(not 0.0 <= v <= 1.0 for p in points for v in p[1:]):
        raise ValueError(f"{source}: {name} opacities/colours must be within 0..1")
    return tuple(sorted(points))


@dataclass(frozen=True)
class VrPreset:
    """A named transfer function with shading and blend mode (see module docstring)."""

    name: str
    modality: str
    blend_mode: str
    scalar_opacity: tuple[tuple[float, float], ...]
    color: tuple[tuple[float, float, float, float], ...]
    gradient_opacity: tuple[tuple[float, float], ...] = ()
    shade: bool = True
    ambient: float = 0.1
    diffuse: float = 0.9
    specular: float = 0.2
    specular_power: float = 10.0
    relative_range: tuple[float, float] | None = None

    @classmethod
    def from_json(cls, document: dict[str, Any], source: str = "preset") -> VrPreset:
        """Build from a preset file's JSON object; ``ValueError`` names ``source`` on bad input."""
        try:
            blend = str(document.get("blend_mode", "composite"))
            if blend not in BLEND_MODES:
                raise ValueError(f"blend_mode must be one of {BLEND_MODES}, got {blend!r}")
            relative = document.get("relative_range")
            preset = cls(
                name=str(document["name"]),
                modality=str(document.get("modality", "")).upper(),
                blend_mode=blend,
                scalar_opacity=_points(document["scalar_opacity"], 2, "scalar_opacity", source),  # type: ignore[arg-type]
                color=_points(document["color"], 4, "color", source),  # type: ignore[arg-type]
                gradient_opacity=_points(document.get("gradient_opacity", []), 2, "gradient_opacity", source),  # type: ignore[arg-type]
                shade=bool(document.get("shade", True)),
                ambient=float(document.get("ambient", 0.1)),
                diffuse=float(document.get("diffuse", 0.9)),
                specular=float(document.get("specular", 0.2)),
                specular_power=float(document.get("specular_power", 10.0)),
                relative_range=None if relative is None else (float(relative[0]), float(relative[1])),
            )
        except (KeyError, TypeError, IndexError) as exc:
            raise ValueError(f"{source}: bad VR preset: {exc!r}") from exc
        if not preset.scalar_opacity or not preset.color:
            raise ValueError(f"{source}: a VR preset needs scalar_opacity and color points")
        return preset


def load_vr_presets(user_dir: str | Path | None = None) -> list[VrPreset]:
    """Shipped presets (sorted by file name) followed by the user's ``*.json`` presets.

    A user preset with the name of a shipped one replaces it.

    Raises
    ------
    ValueError
        If a preset file is not valid (the message names the file).
    """
    folder = resources.files("resources").joinpath("vr_presets")
    files = sorted((entry for entry in folder.iterdir() if entry.name.endswith(".json")), key=lambda e: e.name)
    presets = {}
    for entry in files:
        presets[entry.name] = VrPreset.from_json(json.loads(entry.read_text(encoding="utf-8")), entry.name)
    by_name = {p.name: key for key, p in presets.items()}
    if user_dir is not None and Path(user_dir).is_dir():
        for path in sorted(Path(user_dir).glob("*.json")):
            try:
                preset = VrPreset.from_json(json.loads(path.read_text(encoding="utf-8")), str(path))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}: not valid JSON: {exc}") from exc
            presets[by_name.get(preset.name, str(path))] = preset
    return list(presets.values())


def vr_preset(name: str) -> VrPreset:
    """The shipped preset called ``name`` (case-insensitive)."""
    for preset in load_vr_presets():
        if preset.name.lower() == name.lower():
            return preset
    raise ValueError(f"no VR preset {name!r}; known: {', '.join(p.name for p in load_vr_presets())}")


def default_preset(volume: Volume) -> VrPreset:
    """CT bone for CT, MR default for MR, MIP for everything else (PET, NM, XA)."""
    return vr_preset({"CT": "CT Bone", "MR": "MR Default"}.get(volume.modality.upper(), "MIP 3D"))


def histogram(volume: Volume, bins: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """``(counts, edges)`` of the volume's modality values, for the transfer-function editor.

    Computed on a strided sample (about a million voxels), never on a full copy.
    """
    return np.histogram(sample_modality_values(volume), bins=bins)


@dataclass
class TransferFunction:
    """Editable opacity / colour / gradient-opacity points in modality units.

    Every edit emits :attr:`changed` (no arguments); the 3D scene re-applies itself. Point
    lists stay sorted by value, so indices refer to the order the editor draws them in.
    Gradient-opacity magnitudes are in modality units per voxel step.
    """

    opacity_points: list[tuple[float, float]]
    color_points: list[tuple[float, float, float, float]]
    gradient_points: list[tuple[float, float]] = field(default_factory=list)
    blend_mode: str = "composite"
    shade: bool = True
    ambient: float = 0.1
    diffuse: float = 0.9
    specular: float = 0.2
    specular_power: float = 10.0
    changed: Event = field(default_factory=Event, repr=False, compare=False)

    @classmethod
    def from_preset(cls, preset: VrPreset, volume: Volume | None = None) -> TransferFunction:
        """Resolve a preset for ``volume`` (relative presets need it for their percentile range)."""
        low, scale = 0.0, 1.0
        if preset.relative_range is not None:
            if volume is None:
                raise ValueError(f"preset {preset.name!r} is relative to a volume's range; pass the volume")
            low, high = np.percentile(sample_modality_values(volume), preset.relative_range)
            low, scale = float(low), float(max(high - low, 1e-6))
        return cls(
            opacity_points=[(low + x * scale, a) for x, a in preset.scalar_opacity],
            color_points=[(low + x * scale, r, g, b) for x, r, g, b in preset.color],
            gradient_points=list(preset.gradient_opacity),
            blend_mode=preset.blend_mode, shade=preset.shade, ambient=preset.ambient, diffuse=preset.diffuse,
            specular=preset.specular, specular_power=preset.specular_power,
        )

    # -- editing ---------------------------------------------------------------------------

    def add_opacity_point(self, value: float, opacity: float) -> int:
        """Insert a point; returns its index in the sorted list."""
        return self._insert(self.opacity_points, (float(value), _fraction(opacity, "opacity")))

    def move_opacity_point(self, index: int, value: float, opacity: float) -> int:
        """Move point ``index``; returns its new index (it may pass a neighbour)."""
        del self.opacity_points[index]
        return self.add_opacity_point(value, opacity)

    def remove_opacity_point(self, index: int) -> None:
        if len(self.opacity_points) <= 1:
            raise ValueError("the opacity function needs at least one point")
        del self.opacity_points[index]
        self.changed.emit()

    def add_color_point(self, value: float, rgb: tuple[float, float, float]) -> int:
        r, g, b = (_fraction(c, "colour") for c in rgb)
        return self._insert(self.color_points, (float(value), r, g, b))

    def move_color_point(self, index: int, value: float, rgb: tuple[float, float, float] | None = None) -> int:
        old = self.color_points.pop(index)
        return self.add_color_point(value, old[1:] if rgb is None else rgb)

    def remove_color_point(self, index: int) -> None:
        if len(self.color_points) <= 1:
            raise ValueError("the colour function needs at least one point")
        del self.color_points[index]
        self.changed.emit()

    def set_shading(self, shade: bool) -> None:
        self.shade = bool(shade)
        self.changed.emit()

    def set_blend_mode(self, mode: str) -> None:
        if mode not in BLEND_MODES:
            raise ValueError(f"blend mode must be one of {BLEND_MODES}, got {mode!r}")
        self.blend_mode = mode
        self.changed.emit()

    def _insert(self, points: list, point: tuple) -> int:
        points.append(point)
        points.sort(key=lambda p: p[0])
        self.changed.emit()
        return points.index(point)

    # -- evaluation -------------------------------------------------------------------------

    def opacity_at(self, values: np.ndarray | float) -> np.ndarray:
        """Opacity at modality values (piecewise linear, constant beyond the ends, as VTK)."""
        xs, ys = zip(*self.opacity_points, strict=True)
        return np.interp(values, xs, ys)

    def color_at(self, values: np.ndarray | float) -> np.ndarray:
        """``(..., 3)`` RGB at modality values."""
        xs = [p[0] for p in self.color_points]
        return np.stack([np.interp(values, xs, [p[c] for p in self.color_points]) for c in (1, 2, 3)], axis=-1)

    def apply_to(self, prop: vtkVolumeProperty, volume: Volume, transparent_value: float | None = None) -> None:
        """Write the function into a ``vtkVolumeProperty`` sampling ``volume``'s stored values.

        ``transparent_value`` (stored) is forced to zero opacity: sculpted voxels hold it.
        """
        opacity = vtkPiecewiseFunction()
        for x, a in self.opacity_points:
            opacity.AddPoint(volume.to_stored(x), a)
        if transparent_value is not None:
            opacity.AddPoint(transparent_value, 0.0)
        color = vtkColorTransferFunction()
        for x, r, g, b in self.color_points:
            color.AddRGBPoint(volume.to_stored(x), r, g, b)
        prop.SetScalarOpacity(opacity)
        prop.SetColor(color)
        if self.gradient_points:
            gradient = vtkPiecewiseFunction()
            for magnitude, a in self.gradient_points:
                gradient.AddPoint(magnitude / abs(volume.rescale_slope), a)
            prop.SetGradientOpacity(gradient)
            prop.DisableGradientOpacityOff()
        else:
            prop.DisableGradientOpacityOn()
        prop.SetShade(int(self.shade and self.blend_mode == "composite"))
        prop.SetAmbient(self.ambient)
        prop.SetDiffuse(self.diffuse)
        prop.SetSpecular(self.specular)
        prop.SetSpecularPower(self.specular_power)
        prop.SetInterpolationTypeToLinear()


def _fraction(v: float, name: str) -> float:
    v = float(v)
    if not 0.0 <= v <= 1.0:
        raise ValueError(f"{name} must be within 0..1, got {v}")
    return v
