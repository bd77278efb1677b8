"""What one viewport shows and how: a plain value object, no Qt.

The viewport widget owns a :class:`ViewState`, changes it through its methods and emits
a signal; linking, hanging protocols, persistence and tests read and write it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from workstation.model import VoiLut, Window

Voi = Window | VoiLut


@dataclass(frozen=True)
class ViewState:
    """Display parameters of one viewport.

    ``scale`` is screen pixels per millimetre (per pixel when the spacing is unknown);
    ``None`` means "fit the image to the viewport", which is what a new image gets.
    ``rotation`` is clockwise in degrees (0, 90, 180, 270) and is applied after the
    flips, as DICOM presentation states define it (PS3.3 C.10.6: rotation after flip).
    """

    slice_index: int = 0
    voi: Voi | None = None  #: None: the frame's own window (or auto) when shown
    invert: bool = False
    colormap: str = "grey"
    scale: float | None = None
    pan: tuple[float, float] = (0.0, 0.0)  #: screen-pixel offset of the image centre
    rotation: int = 0
    flip_horizontal: bool = False
    flip_vertical: bool = False
    smooth: bool = True  #: bilinear interpolation (False: nearest neighbour, pixels visible)

    def __post_init__(self) -> None:
        if self.rotation % 90 != 0:
            raise ValueError(f"rotation must be a multiple of 90 degrees, got {self.rotation}")
        object.__setattr__(self, "rotation", self.rotation % 360)
        if self.scale is not None and not self.scale > 0:
            raise ValueError(f"scale must be > 0 or None, got {self.scale}")

    def with_(self, **changes) -> ViewState:
        return replace(self, **changes)

    def rotated(self, degrees: int) -> ViewState:
        return replace(self, rotation=(self.rotation + degrees) % 360)

    def reset_view(self) -> ViewState:
        """Back to fit, centred, unrotated, unflipped; slice and window are kept."""
        return replace(self, scale=None, pan=(0.0, 0.0), rotation=0, flip_horizontal=False, flip_vertical=False)
