"""Arrange the frames of one series into stacks with one geometry each.

Frames are grouped by size, colour and plane orientation (a localiser and its axials,
or two orientations in one series, become separate stacks), repeated positions are
split by echo / temporal position / acquisition, and each stack is sorted by position
along the slice normal — never by Instance Number, which scanners do not promise to
keep in spatial order. Uneven spacing, missing slices and gantry tilt are reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from workstation.dicomio.frames import FrameHeader
from workstation.model.geometry import slice_normal
from workstation.model.volume import SpacingKind

#: Positions closer than this along the normal count as the same slice position (mm).
SAME_POSITION_MM = 0.01
#: Relative spacing deviation tolerated before a stack counts as unevenly spaced.
SPACING_TOLERANCE = 0.02
#: Smallest tilt reported (degrees); below it the shear is rounding noise.
MIN_REPORTED_TILT = 0.05


@dataclass
class StackPlan:
    """Frames of one stack in slice order, with the geometry derived from them.

    ``grid[i]`` is the slice index of ``frames[i]`` in the volume. It differs from ``i``
    only after missing slices: their places stay in the volume (empty, reported as
    missing) so every real slice keeps its exact position and MPR stays true.
    """

    frames: list[FrameHeader]
    affine: np.ndarray
    spacing_kind: SpacingKind
    is_volumetric: bool
    problems: list[str] = field(default_factory=list)
    grid: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.grid:
            self.grid = list(range(len(self.frames)))

    @property
    def first(self) -> FrameHeader:
        return self.frames[0]

    @property
    def slice_count(self) -> int:
        return self.grid[-1] + 1

    @property
    def missing(self) -> list[int]:
        """Slice indices with no frame (missing slices)."""
        present = set(self.grid)
        return [k for k in range(self.slice_count) if k not in present]

    @property
    def shape(self) -> tuple[int, int, int]:
        lay = self.first.layout
        return self.slice_count, lay.rows, lay.columns

    @property
    def uniform_rescale(self) -> bool:
        """All frames share one slope/intercept (else the volume is stored as float32)."""
        first = self.first
        return all(f.rescale_slope == first.rescale_slope and f.rescale_intercept == first.rescale_intercept
                   for f in self.frames)


def plan_stacks(frames: Sequence[FrameHeader]) -> list[StackPlan]:
    """Group and sort the image frames of one series into stacks.

    Stacks are returned largest first, so the "main" stack of a series (the axials,
    not the localiser) is ``plans[0]``.
    """
    groups: dict[tuple, list[FrameHeader]] = defaultdict(list)
    for frame in frames:
        if frame.has_geometry:
            key = ("geometry", frame.shape_key, tuple(np.round(frame.orientation, 3)),
                   tuple(np.round(frame.pixel_spacing, 3)) if frame.pixel_spacing else None)
        else:
            key = ("projection", frame.shape_key, frame.view_key)
        groups[key].append(frame)
    plans: list[StackPlan] = []
    for key, members in groups.items():
        if key[0] == "geometry":
            for part in _split_repeated_positions(members):
                plans.append(_positioned_plan(part))
        else:
            plans.append(_unpositioned_plan(members))
    plans.sort(key=lambda p: -len(p.frames))
    if len(plans) > 1:
        for plan in plans:
            plan.problems.insert(0, f"series split into {len(plans)} stacks (different size, orientation or phase)")
    return plans


def _normal_distance(frame: FrameHeader) -> float:
    return float(np.dot(slice_normal(frame.orientation), frame.position))  # type: ignore[arg-type]


def _split_repeated_positions(frames: list[FrameHeader]) -> list[list[FrameHeader]]:
    """Split a group whose positions repeat (multi-echo, dynamic, several acquisitions)."""
    if not _has_repeats(frames):
        return [frames]
    for i in range(len(frames[0].phase_key)):
        parts: dict[str, list[FrameHeader]] = defaultdict(list)
        for f in frames:
            parts[f.phase_key[i]].append(f)
        if len(parts) > 1 and not any(_has_repeats(p) for p in parts.values()):
            return [parts[k] for k in sorted(parts, key=_natural_key)]
    # Nothing in the headers tells the repeats apart: the n-th occurrence of each
    # position goes to the n-th stack, in Instance Number order.
    ordered = sorted(frames, key=lambda f: (f.instance_number or 0, f.index))
    buckets: list[list[FrameHeader]] = []
    seen: dict[int, int] = defaultdict(int)
    for f in ordered:
        slot = round(_normal_distance(f) / SAME_POSITION_MM)
        n = seen[slot]
        seen[slot] += 1
        if n == len(buckets):
            buckets.append([])
        buckets[n].append(f)
    return buckets


def _natural_key(value: str) -> tuple:
    try:
        return (0, float(value))
    except ValueError:
        return (1, value)


def _has_repeats(frames: list[FrameHeader]) -> bool:
    d = np.sort([_normal_distance(f) for f in frames])
    return bool(len(d) > 1 and np.min(np.diff(d)) < SAME_POSITION_MM)


def _positioned_plan(frames: list[FrameHeader]) -> StackPlan:
    frames = sorted(frames, key=lambda f: (_normal_distance(f), f.instance_number or 0, f.index))
    first = frames[0]
    iop = np.asarray(first.orientation, dtype=float)
    row_dir = iop[:3] / np.linalg.norm(iop[:3])
    col_dir = iop[3:] / np.linalg.norm(iop[3:])
    normal = slice_normal(iop)
    problems: list[str] = []
    if first.pixel_spacing is None:
        problems.append("no Pixel Spacing: distances are in pixels")
        row_spacing = col_spacing = 1.0
        kind = SpacingKind.UNKNOWN
    else:
        row_spacing, col_spacing = first.pixel_spacing
        kind = first.spacing_kind
    positions = np.array([f.position for f in frames], dtype=float)
    origin = positions[0]
    n = len(frames)
    volumetric = n >= 2
    grid = list(range(n))
    if n >= 2:
        regular, grid = _slice_grid(positions, normal, problems)
        step = (positions[-1] - positions[0]) / grid[-1]
        volumetric &= regular
        volumetric &= _check_collinear(positions, step, grid, problems)
        tilt = _tilt_degrees(step, normal)
        if tilt >= MIN_REPORTED_TILT:
            problems.append(f"gantry tilt {tilt:.1f} degrees: geometry is sheared, shown in true patient space")
    else:
        thickness = first.spacing_between_slices or first.slice_thickness or 1.0
        step = normal * thickness
    affine = np.eye(4)
    affine[:3, 0] = row_dir * col_spacing
    affine[:3, 1] = col_dir * row_spacing
    affine[:3, 2] = step
    affine[:3, 3] = origin
    if abs(np.linalg.det(affine[:3, :3])) < 1e-9:  # e.g. every frame at one position
        affine[:3, 2] = normal
        volumetric = False
    return StackPlan(frames, affine, kind, volumetric, problems, grid)


def _slice_grid(positions: np.ndarray, normal: np.ndarray, problems: list[str]) -> tuple[bool, list[int]]:
    """Slice indices on the regular grid, and whether the stack is a regular volume.

    Gaps that are whole multiples of the usual spacing are missing slices: the stack
    keeps its grid (with holes). Any other unevenness makes it irregular (2D only).
    """
    distances = positions @ normal
    steps = np.diff(distances)
    n = len(positions)
    typical = float(np.median(steps))
    if typical <= SAME_POSITION_MM:
        problems.append("slices share one position: not a volume")
        return False, list(range(n))
    tolerance = max(SPACING_TOLERANCE * typical, SAME_POSITION_MM)
    ratios = steps / typical
    whole = np.abs(ratios - np.round(ratios)) * typical <= tolerance
    if whole.all():
        grid = [0] + list(np.cumsum(np.round(ratios).astype(int)))
        gaps = [i for i, r in enumerate(np.round(ratios)) if r >= 2]
        if gaps:
            count = grid[-1] + 1 - n
            where = ", ".join(f"after slice {grid[i] + 1}" for i in gaps[:5])
            problems.append(f"{count} missing slice(s) ({where}); spacing {typical:.3g} mm elsewhere, "
                            "shown as empty slices")
        return True, [int(g) for g in grid]
    problems.append(f"uneven slice spacing: {steps.min():.3g} to {steps.max():.3g} mm; MPR and 3D are off")
    return False, list(range(n))


def _check_collinear(positions: np.ndarray, step: np.ndarray, grid: list[int], problems: list[str]) -> bool:
    predicted = positions[0] + np.outer(np.asarray(grid, dtype=float), step)
    error = float(np.max(np.linalg.norm(positions - predicted, axis=1)))
    if error > max(0.05 * float(np.linalg.norm(step)), 0.05):
        problems.append(f"slice positions do not lie on a line (off by up to {error:.2f} mm)")
        return False
    return True


def _tilt_degrees(step: np.ndarray, normal: np.ndarray) -> float:
    norm = float(np.linalg.norm(step))
    if norm == 0:
        return 0.0
    return float(np.degrees(np.arccos(min(1.0, abs(float(np.dot(step / norm, normal)))))))


def _unpositioned_plan(frames: list[FrameHeader]) -> StackPlan:
    """Projection images and cine frames: ordered by Instance Number and frame."""
    frames = sorted(frames, key=lambda f: (f.instance_number or 0, f.sop_instance_uid, f.index))
    first = frames[0]
    if first.pixel_spacing is not None:
        row_spacing, col_spacing = first.pixel_spacing
        kind = first.spacing_kind
    else:
        row_spacing = col_spacing = 1.0
        kind = SpacingKind.UNKNOWN
    affine = np.diag([col_spacing, row_spacing, 1.0, 1.0])
    return StackPlan(frames, affine, kind, is_volumetric=False)
