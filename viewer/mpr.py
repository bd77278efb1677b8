"""Qt-free MPR: reformatted frames of a volume as a viewport source, and the crosshair.

An :class:`MprSource` answers the viewport's source questions (pixels, plane, loaded?)
for planes cut through a volume at any orientation: frame ``k`` is the reference plane
moved ``positions[k]`` mm along its normal, sampled by :func:`rendering.reslice.reslice`
(thin or as a MIP/MinIP/average slab). Because ``plane(k)`` is the true patient-space
plane, orientation labels, the scale bar, reference lines, the 3D cursor and measurement
geometry work on MPR frames exactly as on acquired ones; oblique and gantry-tilted
(sheared) acquisitions are placed by the volume's affine (PS3.3 C.7.6.2.1.1).

A :class:`Crosshair` is the point where the three MPR planes cross and how they are
turned; the Qt layer (:mod:`viewer.qt_mpr`) draws and drags it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import replace

import numpy as np

from rendering.planes import (STANDARD_DIRECTIONS, SlicePlane, fit_plane, rotation_matrix, slice_positions,
                              spacing_along, volume_corners)
from rendering.reslice import INTERPOLATIONS, SLAB_MODES, Interpolation, PlaneStack, SlabMode, reslice
from rendering.voi import initial_voi
from viewer.sources import StackSource
from viewer.view_state import Voi
from workstation.model import Event, FrameInfo, GeometryError, SpacingKind, Volume

#: The three MPR views, in the order the MPR layout shows them.
PLANE_NAMES = ("axial", "coronal", "sagittal")

#: Frames an MprSource keeps: scrolling back over the last few is free, and three views of
#: 512x512 int16 frames hold 36 MB (a reslice costs 5-15 ms, so more buys little).
DEFAULT_CACHE_FRAMES = 24

#: Pixels across a thick-slab preview at most while planes are being turned (a 20 mm
#: oblique slab of 256x256 takes ~20 ms, of 512x512 ~100 ms on two cores).
PREVIEW_SIDE = 256


def mpr_problem(volume: Volume) -> str | None:
    """Why ``volume`` cannot be reformatted (MPR/MIP/3D), in words; ``None`` when it can."""
    if volume.spacing_kind is not SpacingKind.PATIENT or volume.patient_orientation is not None:
        return "projection images have no 3D patient geometry"
    if volume.shape[0] < 2:
        return "the series has a single image"
    if not volume.is_volumetric:
        details = "; ".join(volume.problems) or "the images are not parallel, evenly spaced slices"
        return details
    return None


def check_mpr(volume: Volume) -> None:
    """Raise :class:`GeometryError` saying why ``volume`` cannot be reformatted.

    The viewer calls this before offering MPR, 3D or fusion, so the user sees the reason
    (mixed orientations, uneven spacing, a single image ...) and keeps the 2D view.
    """
    problem = mpr_problem(volume)
    if problem is not None:
        raise GeometryError(f"MPR and 3D are not possible for this series: {problem}")


def mpr_plane(volume: Volume, row: Sequence[float] | np.ndarray, column: Sequence[float] | np.ndarray,
              center: Sequence[float] | np.ndarray | None = None) -> SlicePlane:
    """The plane with the given directions through ``center``, covering the volume, with
    square pixels of the volume's finest spacing.

    Square pixels at the finest spacing keep an oblique plane's pixel size constant while
    it turns, and let the chosen interpolation (linear/cubic) fill the coarse axis of
    reformats instead of the screen's bilinear stretch.
    """
    step = float(volume.spacing.min())
    return fit_plane(volume, row, column, center, spacing=(step, step))


def standard_mpr_plane(volume: Volume, name: str, center: Sequence[float] | np.ndarray | None = None) -> SlicePlane:
    """The radiological axial, coronal or sagittal MPR plane (see :mod:`rendering.planes`)."""
    if name not in STANDARD_DIRECTIONS:
        raise ValueError(f"name must be one of {sorted(STANDARD_DIRECTIONS)}, got {name!r}")
    row, column = STANDARD_DIRECTIONS[name]
    return mpr_plane(volume, row, column, center)


def header_volume(volume: Volume, frames: Sequence[FrameInfo]) -> Volume:
    """A pixel-less :class:`Volume` with ``volume``'s records and one info per reformatted frame.

    Corner text reads a volume and a frame index ("Im: 12/240", thickness, patient and
    study lines); for reformatted frames this is the volume it reads. It shares no pixels
    (a zero-stride array) and its identity affine carries no gantry tilt: reformats are
    in true patient space.
    """
    pixels = np.broadcast_to(np.zeros((), dtype=volume.pixels.dtype), (max(len(frames), 1), 1, 1))
    return Volume(pixels, np.eye(4), rescale_slope=volume.rescale_slope, rescale_intercept=volume.rescale_intercept,
                  units=volume.units, photometric=volume.photometric, spacing_kind=volume.spacing_kind,
                  frames=frames or (), modality=volume.modality, sop_class_uid=volume.sop_class_uid,
                  study=volume.study, series=volume.series, frame_of_reference_uid=volume.frame_of_reference_uid,
                  suv=volume.suv)


def reformatted_info(info: FrameInfo | None, thickness: float | None) -> FrameInfo | None:
    """An acquired frame's info as it applies to a reformatted frame near it.

    Overlay planes and shutters belong to the acquired pixel grid, so they are dropped;
    the thickness is the reformat's; header values (kV, kernel, windows) still apply.
    """
    if info is None:
        return None
    return replace(info, overlays=(), shutter=None, position=None, slice_thickness=thickness)


class MprSource(StackSource):
    """Frames reformatted from a volume on parallel planes: a viewport source.

    Parameters
    ----------
    volume
        A volumetric series (see :func:`check_mpr`); it may still be loading.
    orientation
        ``"axial"``, ``"coronal"``, ``"sagittal"``, or any :class:`SlicePlane` (e.g. an
        oblique one) to use as it is: frame ``k`` is that plane moved ``positions[k]`` mm
        along its normal.
    center
        Patient point the named plane passes through (default the middle voxel).
    interpolation, slab_mm, slab_mode
        As :func:`rendering.reslice.reslice`; ``slab_mm = 0`` is a thin plane.
    cache_frames
        How many recent frames to keep (least recently used are dropped).

    Raises
    ------
    GeometryError
        If the volume cannot be reformatted; the message says why.
    """

    def __init__(
        self,
        volume: Volume,
        orientation: str | SlicePlane = "axial",
        *,
        center: Sequence[float] | np.ndarray | None = None,
        interpolation: Interpolation = "linear",
        slab_mm: float = 0.0,
        slab_mode: SlabMode = "mip",
        cache_frames: int = DEFAULT_CACHE_FRAMES,
    ) -> None:
        check_mpr(volume)
        super().__init__(volume)
        self._interpolation = _checked(interpolation, INTERPOLATIONS, "interpolation")
        self._slab_mode = _checked(slab_mode, SLAB_MODES, "slab_mode")
        self._slab_mm = _thickness(slab_mm)
        self._cache: OrderedDict[int, np.ndarray] = OrderedDict()
        self._cache_frames = max(1, int(cache_frames))
        self._stack: PlaneStack | None = None  # thin frames that thick slabs combine
        self._interactive = False  # planes being turned: thick slabs as coarse previews
        self._previewed = False  # a preview frame was made (and must be replaced)
        self._revision = 0
        self._header: Volume | None = None
        #: emitted (no arguments) when the planes, slab or interpolation change
        self.changed = Event()
        self.is_reformatted = True
        if isinstance(orientation, SlicePlane):
            plane = orientation
        else:
            plane = standard_mpr_plane(volume, orientation, center)
        self._set_plane(plane)

    # -- what is reformatted ----------------------------------------------------------------

    @property
    def reference_plane(self) -> SlicePlane:
        """The plane positions are measured from (frame ``k`` is it moved ``positions[k]``)."""
        return self._plane

    @property
    def positions(self) -> np.ndarray:
        """mm along the normal of every frame, relative to :attr:`reference_plane`."""
        return self._positions

    @property
    def pitch(self) -> float:
        """mm between consecutive frames: the volume's native sampling along the normal."""
        return self._pitch

    @property
    def interpolation(self) -> str:
        return self._interpolation

    @property
    def slab_mm(self) -> float:
        return self._slab_mm

    @property
    def slab_mode(self) -> str:
        return self._slab_mode

    @property
    def thickness(self) -> float:
        """What one frame represents along the normal: the slab, or the pitch for thin planes."""
        return self._slab_mm if self._slab_mm > 0 else self._pitch

    def set_plane(self, plane: SlicePlane) -> None:
        """Reformat on planes parallel to ``plane`` from now on (e.g. after a rotation)."""
        self._set_plane(plane)
        self._changed()

    def set_slab(self, slab_mm: float, slab_mode: SlabMode | None = None) -> None:
        """Thick slab of ``slab_mm`` (0: thin) combined by ``slab_mode`` (mip/minip/avg)."""
        mode = self._slab_mode if slab_mode is None else _checked(slab_mode, SLAB_MODES, "slab_mode")
        thickness = _thickness(slab_mm)
        if (thickness, mode) != (self._slab_mm, self._slab_mode):
            self._slab_mm, self._slab_mode = thickness, mode
            self._changed()

    def set_interpolation(self, interpolation: Interpolation) -> None:
        interpolation = _checked(interpolation, INTERPOLATIONS, "interpolation")
        if interpolation != self._interpolation:
            self._interpolation = interpolation
            self._stack = None
            self._changed()

    @property
    def interactive(self) -> bool:
        return self._interactive

    def set_interactive(self, interactive: bool) -> None:
        """While on (the user is turning the planes), thick slabs are made as coarse previews
        of at most :data:`PREVIEW_SIDE` pixels across (``coarse`` of :func:`rendering.reslice.reslice`):
        every turn makes a new slab, and at full resolution an oblique one costs ~100 ms.
        Turning it off replaces the previews by full-quality frames; frames already shown
        stay until the planes change."""
        interactive = bool(interactive)
        if interactive == self._interactive:
            return
        self._interactive = interactive
        if not interactive and self._previewed:
            self._previewed = False
            self._changed()

    def _set_plane(self, plane: SlicePlane) -> None:
        self._plane = plane
        self._pitch = spacing_along(self.volume, plane.normal)
        self._positions = slice_positions(self.volume, plane)
        self._planes.clear()
        self._stack = None

    def _changed(self) -> None:
        self._revision += 1
        self._cache.clear()
        self._planes.clear()
        self._header = None
        self.changed.emit()

    # -- the source protocol --------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._positions)

    @property
    def key(self) -> Hashable:
        """Changes whenever the frames do, so viewports never show a stale cached image."""
        return id(self), self._revision

    @property
    def has_patient_geometry(self) -> bool:
        return True

    def plane(self, k: int) -> SlicePlane:
        plane = self._planes.get(k)
        if plane is None:
            plane = self._planes[k] = self._plane.shifted(float(self._positions[k]))
        return plane

    def frame(self, k: int) -> np.ndarray:
        """Stored values of frame ``k`` (reformatted on first use, then cached); zeros of the
        frame's shape while the volume is still loading (nothing is cached then)."""
        if not self.volume.is_complete:
            return np.zeros(self.plane(k).shape + self.volume.pixels.shape[3:], dtype=self.volume.pixels.dtype)
        frame = self._cache.get(k)
        if frame is not None:
            self._cache.move_to_end(k)
            return frame
        factor = -(-max(self.plane(k).size) // PREVIEW_SIDE) if self._interactive and self._slab_mm > 0 else 1
        if factor > 1:
            frame = reslice(self.volume, self.plane(k), self._interpolation, self._slab_mm,  # type: ignore[arg-type]
                            self._slab_mode, coarse=factor)  # type: ignore[arg-type]
            self._previewed = True
        elif self._slab_mm > 0:  # scrolling or resizing a slab reuses the thin frames it combines
            if self._stack is None:
                self._stack = PlaneStack(self.volume, self.plane(0), self._pitch, self._interpolation,  # type: ignore[arg-type]
                                         indices=(0, len(self) - 1))
            frame = self._stack.slab(k, self._slab_mm, self._slab_mode)  # type: ignore[arg-type]
        else:
            frame = reslice(self.volume, self.plane(k), self._interpolation)  # type: ignore[arg-type]
        self._cache[k] = frame
        while len(self._cache) > self._cache_frames:
            self._cache.popitem(last=False)
        return frame

    def is_loaded(self, k: int) -> bool:
        """True once every slice is decoded (or has failed): a reformat needs them all."""
        return self.volume.is_complete

    def failure(self, k: int) -> str:
        if self.volume.is_complete and not self.volume.loaded.any():
            return "no image of the series could be decoded"
        return ""

    def acquired_index(self, k: int) -> int:
        """The acquired slice nearest to the centre of frame ``k``."""
        slice_k = float(self.volume.patient_to_index(self.plane(k).center)[2])
        return int(np.clip(round(slice_k), 0, self.volume.shape[0] - 1))

    def info(self, k: int) -> FrameInfo | None:
        """The nearest acquired frame's header values, without its overlays and shutter."""
        info = super().info(self.acquired_index(k))
        return reformatted_info(info, self.thickness)

    def location(self, k: int) -> float | None:
        plane = self.plane(k)
        return float(np.dot(plane.origin, plane.normal))

    def index_nearest(self, point: np.ndarray) -> int | None:
        """The frame whose plane passes closest to ``point``; None more than a pitch outside."""
        d = float(np.dot(np.asarray(point, dtype=float) - self._plane.origin, self._plane.normal))
        k = int(round((d - float(self._positions[0])) / self._pitch))
        if k < -1 or k > len(self) or len(self) == 0:
            return None
        return int(np.clip(k, 0, len(self) - 1))

    def label_for_index(self):
        return None

    def default_voi(self, k: int) -> Voi:
        return initial_voi(self.volume, self.acquired_index(k))

    def text_frame(self, k: int) -> tuple[Volume, int]:
        """Corner text counts MPR frames ("Im: k/n") and shows the reformat's thickness."""
        if self._header is None:
            nearest = self._nearest_acquired()
            infos = self.volume.frames
            frames = [reformatted_info(infos[i], self.thickness) for i in nearest] if infos else []
            self._header = header_volume(self.volume, frames)  # type: ignore[arg-type]
        return self._header, k

    def _nearest_acquired(self) -> np.ndarray:
        centres = self._plane.center + np.outer(self._positions, self._plane.normal)
        ks = np.rint(self.volume.patient_to_index(centres)[:, 2])
        return np.clip(ks, 0, self.volume.shape[0] - 1).astype(int)


def _checked(value: str, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    return value


def _thickness(slab_mm: float) -> float:
    slab_mm = float(slab_mm)
    if not slab_mm >= 0:
        raise ValueError(f"slab_mm must be >= 0, got {slab_mm}")
    return slab_mm


# -- the crosshair ---------------------------------------------------------------------------


class Crosshair:
    """Where the three MPR planes cross, and how they are turned.

    The planes stay mutually perpendicular: turning one view's crosshair turns the other
    two planes together about that view's normal (as RadiAnt and Horos do), so the
    frame of the three planes is always a rotation of the standard axial/coronal/sagittal
    frame. The view being turned keeps its own plane.

    Parameters
    ----------
    center
        LPS mm of the crossing point.
    """

    def __init__(self, center: Sequence[float] | np.ndarray) -> None:
        self.center = np.asarray(center, dtype=float).reshape(3)
        self.directions: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.reset_orientation()

    def reset_orientation(self) -> None:
        """Back to the standard axial, coronal and sagittal planes (keeping the centre)."""
        self.directions = {name: (np.asarray(STANDARD_DIRECTIONS[name][0], dtype=float),
                                  np.asarray(STANDARD_DIRECTIONS[name][1], dtype=float)) for name in PLANE_NAMES}

    def normal(self, name: str) -> np.ndarray:
        row, column = self.directions[name]
        n = np.cross(row, column)
        return n / np.linalg.norm(n)

    @property
    def is_oblique(self) -> bool:
        """True when any plane is turned away from its standard orientation."""
        return any(not np.allclose(self.directions[name][i], STANDARD_DIRECTIONS[name][i], atol=1e-9)
                   for name in PLANE_NAMES for i in (0, 1))

    def rotate(self, name: str, degrees: float) -> None:
        """Turn the two other planes by ``degrees`` about ``name``'s normal (right-hand rule)."""
        r = rotation_matrix(self.normal(name), degrees)
        for other in PLANE_NAMES:
            if other != name:
                row, column = self.directions[other]
                self.directions[other] = (r @ row, r @ column)

    def rotation_to(self, name: str, start: Sequence[float] | np.ndarray, end: Sequence[float] | np.ndarray) -> float:
        """Degrees about ``name``'s normal that turn the direction centre->``start`` onto
        centre->``end`` (both patient points): how far a dragged line end turned."""
        axis = self.normal(name)
        a = np.asarray(start, dtype=float) - self.center
        b = np.asarray(end, dtype=float) - self.center
        a -= np.dot(a, axis) * axis
        b -= np.dot(b, axis) * axis
        if np.linalg.norm(a) < 1e-9 or np.linalg.norm(b) < 1e-9:
            return 0.0
        return float(np.degrees(np.arctan2(np.dot(axis, np.cross(a, b)), np.dot(a, b))))


def planes_intersection(planes: Sequence[SlicePlane]) -> np.ndarray:
    """The patient point on all ``planes`` (least squares; three crossing planes meet in one)."""
    normals = np.stack([p.normal for p in planes])
    offsets = np.array([np.dot(p.normal, p.origin) for p in planes])
    return np.linalg.lstsq(normals, offsets, rcond=None)[0]


# -- whole-volume projections ------------------------------------------------------------------


def max_pooled(volume: Volume, factor: int) -> Volume:
    """``volume`` with every ``factor``-cubed block replaced by its maximum.

    A smaller volume whose maximum-intensity projection still shows every bright voxel
    (striding would skip small vessels and hot lesions): the rotating MIP of a large CT
    is computed on it. The affine places each block at the centre of the voxels it holds.
    """
    if factor <= 1:
        return volume
    pixels = volume.pixels
    shape = tuple(-(-n // factor) for n in pixels.shape[:3]) + pixels.shape[3:]
    out = np.full(shape, pixels.min(), dtype=pixels.dtype)
    for dz in range(factor):
        for dy in range(factor):
            for dx in range(factor):
                part = pixels[dz::factor, dy::factor, dx::factor]
                target = out[:part.shape[0], :part.shape[1], :part.shape[2]]
                np.maximum(target, part, out=target)
    scale = np.diag([float(factor)] * 3 + [1.0])
    scale[:3, 3] = (factor - 1) / 2.0
    pooled = Volume(out, volume.affine @ scale, rescale_slope=volume.rescale_slope,
                    rescale_intercept=volume.rescale_intercept, units=volume.units, photometric=volume.photometric,
                    modality=volume.modality, sop_class_uid=volume.sop_class_uid, study=volume.study,
                    series=volume.series, frame_of_reference_uid=volume.frame_of_reference_uid, suv=volume.suv)
    pooled.loaded[:] = True
    return pooled


def pooling_factor(volume: Volume, max_voxels: int = 128 ** 3) -> int:
    """Smallest block size that brings ``volume`` to at most ``max_voxels`` voxels."""
    voxels = int(np.prod(volume.shape))
    factor = 1
    while voxels / factor ** 3 > max_voxels:
        factor += 1
    return factor


def rotating_mip_planes(volume: Volume, n_frames: int,
                        axis: Sequence[float] | np.ndarray = (0.0, 0.0, 1.0)) -> list[SlicePlane]:
    """The planes of :func:`rendering.reslice.rotating_mip`'s frames, by its documented contract.

    Frame 0 looks at the patient from the front (a coronal view); frame ``i`` is turned by
    ``360 * i / n_frames`` degrees about ``axis`` through the volume's centre; every frame is
    the same odd-sized square covering the volume's diagonal at its finest spacing. The
    viewport labels each frame's edges from these planes.
    """
    corners = volume_corners(volume)
    center = corners.mean(axis=0)
    step = float(volume.spacing.min())
    diagonal = float(np.linalg.norm(corners.max(axis=0) - corners.min(axis=0)))
    size = int(np.ceil(diagonal / step)) | 1
    row, column = np.array([1.0, 0.0, 0.0]), np.array([0.0, 0.0, -1.0])
    base = SlicePlane(center - (size - 1) / 2 * step * (row + column), row, column, (step, step), (size, size))
    return [base.rotated(axis, 360.0 * i / n_frames, about=center) for i in range(n_frames)]


class ProjectionSource(StackSource):
    """Precomputed projection frames (a rotating MIP cine) of a volume, filled as computed.

    ``volume`` is the volume the frames were projected from (it gives rescale, units and
    records); ``planes[k]`` is where frame ``k`` lies, for orientation labels. Projections
    have no single depth, so there are no reference lines, cursor or slice location.
    """

    def __init__(self, volume: Volume, planes: Sequence[SlicePlane], label: str = "MIP") -> None:
        super().__init__(volume)
        self._planes_list = list(planes)
        width, height = self._planes_list[0].size
        shape = (len(self._planes_list), height, width) + volume.pixels.shape[3:]
        self.pixels = np.zeros(shape, dtype=volume.pixels.dtype)
        self.ready = np.zeros(len(self._planes_list), dtype=bool)
        self.is_reformatted = True
        self.label = label
        self._header: Volume | None = None

    def set_frames(self, frames: np.ndarray) -> None:
        """Store every frame at once (what :func:`rendering.reslice.rotating_mip` returns)."""
        if frames.shape != self.pixels.shape:
            raise ValueError(f"frames must have shape {self.pixels.shape}, got {frames.shape}")
        self.pixels[...] = frames
        self.ready[:] = True

    def __len__(self) -> int:
        return len(self._planes_list)

    @property
    def key(self) -> Hashable:
        return id(self), int(self.ready.sum())

    @property
    def has_patient_geometry(self) -> bool:
        return False

    def plane(self, k: int) -> SlicePlane:
        return self._planes_list[k]

    def frame(self, k: int) -> np.ndarray:
        return self.pixels[k]

    def is_loaded(self, k: int) -> bool:
        return bool(self.ready[k])

    def info(self, k: int) -> FrameInfo | None:
        return None

    def location(self, k: int) -> float | None:
        return None

    def index_nearest(self, point: np.ndarray) -> int | None:
        return None

    def label_for_index(self):
        return None

    def default_voi(self, k: int) -> Voi:
        return initial_voi(self.volume)

    def text_frame(self, k: int) -> tuple[Volume, int]:
        if self._header is None:
            middle = self.volume.frames[len(self.volume.frames) // 2] if self.volume.frames else None
            info = reformatted_info(middle, None)
            self._header = header_volume(self.volume, [info] * len(self) if info is not None else [])
        return self._header, k
