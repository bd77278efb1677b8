"""What a viewport shows: the frames of a stack (a loaded Volume) with their planes.

A source answers "which pixels, where in the patient, ready yet?" for frame ``k``. The
stack source shows acquired slices as they are; MPR sources (reformatted planes) answer
the same questions, so the viewport, overlays, linking and tools never care which.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from rendering.planes import SlicePlane, native_plane
from rendering.voi import Voi, initial_voi
from workstation.model import FrameInfo, SpacingKind, Volume


class StackSource:
    """The acquired frames of one :class:`Volume`, in slice order."""

    def __init__(self, volume: Volume) -> None:
        self.volume = volume
        self._planes: dict[int, SlicePlane] = {}

    def __len__(self) -> int:
        return self.volume.shape[0]

    @property
    def key(self) -> int:
        """Identity for caches and linking."""
        return id(self.volume)

    @property
    def frame_of_reference_uid(self) -> str:
        return self.volume.frame_of_reference_uid

    @property
    def has_patient_geometry(self) -> bool:
        """Cross-sectional images with Image Position/Orientation (Patient)."""
        return self.volume.spacing_kind is SpacingKind.PATIENT and self.volume.patient_orientation is None \
            and bool(self.volume.frames) and self.volume.frames[0].position is not None

    def frame(self, k: int) -> np.ndarray:
        """Stored values ``(rows, cols)`` or RGB ``(rows, cols, 3)`` of frame ``k``."""
        return self.volume.pixels[k]

    def info(self, k: int) -> FrameInfo | None:
        return self.volume.frames[k] if self.volume.frames else None

    def plane(self, k: int) -> SlicePlane:
        """The patient-space plane of frame ``k`` (cached: painting asks for it often)."""
        plane = self._planes.get(k)
        if plane is None:
            plane = self._planes[k] = native_plane(self.volume, k)
        return plane

    def is_loaded(self, k: int) -> bool:
        return bool(self.volume.loaded[k])

    def failure(self, k: int) -> str:
        return self.volume.failed.get(k, "")

    @cached_property
    def _positions(self) -> np.ndarray:
        """Distance of every frame along the stack normal (mm)."""
        ks = np.arange(len(self), dtype=float)
        origins = self.volume.index_to_patient(np.stack([np.zeros_like(ks), np.zeros_like(ks), ks], axis=1))
        return origins @ self.volume.slice_normal

    def location(self, k: int) -> float | None:
        """Slice location: position along the normal in mm (None for projections)."""
        return float(self._positions[k]) if self.has_patient_geometry else None

    def index_nearest(self, point: np.ndarray) -> int | None:
        """The frame whose plane passes closest to a patient point, None if the point is
        more than one slice step outside the stack."""
        if not self.has_patient_geometry:
            return None
        d = float(np.dot(np.asarray(point, dtype=float), self.volume.slice_normal))
        k = int(np.argmin(np.abs(self._positions - d)))
        step = abs(float(np.dot(self.volume.slice_step, self.volume.slice_normal))) if len(self) > 1 else 1.0
        if abs(self._positions[k] - d) > max(step, 1e-3) * 1.0 + 1e-6:
            return None
        return k

    def label_for_index(self):
        """Projection images are labelled from Patient Orientation, not from a plane."""
        return self.volume.label_for if not self.has_patient_geometry else None

    # -- display hooks: reformatted and fused sources answer these differently --------------

    #: True when frames are computed from the volume (MPR, slab, MIP) rather than being its
    #: acquired slices: ``volume.pixels[k]`` is then *not* what frame ``k`` shows, so
    #: measurements must take :meth:`frame` and :meth:`plane` instead.
    is_reformatted = False

    def default_voi(self, k: int) -> Voi:
        """The window frame ``k`` opens with: the file's own, else its VOI LUT, else auto."""
        return initial_voi(self.volume, k)

    def text_frame(self, k: int) -> tuple[Volume, int]:
        """The volume and frame index whose header values the corner text shows for ``k``."""
        return self.volume, k

    def display_pixels(self, k: int, voi: Voi | None, invert: bool, colormap: str) -> np.ndarray | None:
        """Ready-made ``(rows, cols)`` uint32 0xFFRRGGBB pixels of frame ``k``, or None to let
        the viewport apply ``voi``, inversion and ``colormap`` to :meth:`frame` itself."""
        return None

    def overlay_text(self, k: int, x: int, y: int) -> str:
        """Extra value text at pixel ``(x, y)`` of frame ``k`` (a fused overlay's), else ""."""
        return ""

    def overlay_scale(self) -> tuple[str, str, float] | None:
        """A blended overlay's ``(window in words, colour map, opacity)`` for the corner
        text (a fused PET's), else None."""
        return None
