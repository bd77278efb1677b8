"""Pixels and scenes without Qt widgets: VOI LUT, colour maps, MPR, slabs, VR, fusion.

The names below are numpy-only and cheap to import (the 2D viewer needs nothing else).
The VTK-based modules are imported by path when needed: ``rendering.planes``,
``rendering.reslice``, ``rendering.volume_rendering``, ``rendering.fusion``,
``rendering.views``.
"""

from rendering.voi import (
    Voi,
    apply_voi,
    auto_window,
    full_range_window,
    initial_voi,
    sample_modality_values,
    to_display,
    volume_to_display,
)
from rendering.window_presets import WindowPreset, load_window_presets

__all__ = [
    "Voi", "WindowPreset", "apply_voi", "auto_window", "full_range_window", "initial_voi",
    "load_window_presets", "sample_modality_values", "to_display", "volume_to_display",
]
