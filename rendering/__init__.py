"""Pixels and scenes without Qt widgets: VOI LUT, colour maps, MPR, slabs, VR, fusion.

The names below are numpy-only and cheap to import (the 2D viewer needs nothing else):
``voi`` (window/level, PS3.3 C.11.2), ``window_presets``, ``colormaps`` (PS3.6 Annex B).
The other modules are imported by path when needed:

- ``planes``: :class:`~rendering.planes.SlicePlane`, radiological standard/oblique planes
- ``reslice``: MPR, thick slabs (MIP/MinIP/average), rotating MIP (VTK, no OpenGL)
- ``volume_rendering``, ``transfer_functions``, ``surfaces``, ``sculpt``: the 3D scene
- ``fusion``: resampling through patient space and colour blending
- ``views``: :func:`~rendering.views.render_view`, one call per snapshot view
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
