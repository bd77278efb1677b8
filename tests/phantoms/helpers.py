"""What the phantom tests read back: stacks as a correct reader would load them, dciodvfy output.

Deliberately independent of ``workstation.dicomio`` (that is what the phantoms test), and
of the generators' own sampling: expected values come from the truth objects only.
"""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

import numpy as np
import pydicom

from workstation.phantoms import Stack


@lru_cache(maxsize=256)
def _read(path: Path) -> pydicom.Dataset:
    return pydicom.dcmread(path)


def read(path: Path) -> pydicom.Dataset:
    """A parsed file (cached: tests only read)."""
    return _read(Path(path))


def stored_slices(stack: Stack) -> np.ndarray:
    """The stored pixels of a stack in its sorted order, ``(z, y, x[, 3])``."""
    slices = []
    for path, frame in zip(stack.slice_paths, stack.frame_numbers):
        pixels = read(path).pixel_array
        multi = int(read(path).get("NumberOfFrames", 1)) > 1
        slices.append(pixels[frame - 1] if multi else pixels)
    return np.stack(slices)


def _rescale(ds: pydicom.Dataset) -> tuple[float, float]:
    """(slope, intercept) of a file: top level, or the shared functional group (Enhanced)."""
    if "SharedFunctionalGroupsSequence" in ds:
        ds = ds.SharedFunctionalGroupsSequence[0].PixelValueTransformationSequence[0]
    return float(ds.get("RescaleSlope", 1.0)), float(ds.get("RescaleIntercept", 0.0))


def modality_slices(stack: Stack) -> np.ndarray:
    """Stored values through each slice's own Rescale Slope/Intercept as written (float64)."""
    stored = stored_slices(stack).astype(np.float64)
    slopes, intercepts = np.array([_rescale(read(p)) for p in stack.slice_paths]).T
    return stored * slopes[:, None, None] + intercepts[:, None, None]


def voxel_centres(stack: Stack) -> np.ndarray:
    """``(z, y, x, 3)`` space coordinates of every voxel centre of the stack."""
    z, y, x = stack.shape
    k = np.asarray(stack.grid_indices, dtype=float)[:, None, None]
    j = np.arange(y, dtype=float)[None, :, None]
    i = np.arange(x, dtype=float)[None, None, :]
    a = stack.affine
    return np.stack([a[r, 0] * i + a[r, 1] * j + a[r, 2] * k + a[r, 3] for r in range(3)], axis=-1)


def dciodvfy(executable: str, path: Path) -> tuple[list[str], list[str]]:
    """(errors, warnings) that dciodvfy prints for one file."""
    run = subprocess.run([executable, str(path)], capture_output=True, text=True, timeout=60)
    lines = (run.stdout + run.stderr).splitlines()
    return ([line for line in lines if line.startswith("Error")],
            [line for line in lines if line.startswith("Warning")])
