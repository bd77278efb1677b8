"""Patient-space geometry helpers: orientation labels and direction cosines.

Patient coordinates follow DICOM's LPS convention (PS3.3 C.7.6.2.1.1): +x towards the
patient's Left, +y towards Posterior, +z towards Head.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# (label of the negative direction, label of the positive direction) per LPS axis.
_AXIS_LABELS = (("R", "L"), ("A", "P"), ("F", "H"))

#: A direction component smaller than this (cos of ~75 degrees) adds no letter to a
#: label. Pure axial/coronal/sagittal views get one letter; an oblique view tilted more
#: than ~15 degrees gets a second letter ("LA"), as Horos and Weasis show it.
OBLIQUE_LABEL_THRESHOLD = 0.25


def orientation_label(direction: Sequence[float], threshold: float = OBLIQUE_LABEL_THRESHOLD) -> str:
    """Return the anatomical label of a patient-space direction, e.g. ``"L"`` or ``"AR"``.

    Letters are ordered by how much each axis contributes; axes contributing less
    than ``threshold`` (after normalisation) are left out. A zero vector gives ``""``.
    """
    v = np.asarray(direction, dtype=float)
    if v.shape != (3,):
        raise ValueError(f"direction must have 3 components, got shape {v.shape}")
    norm = float(np.linalg.norm(v))
    if norm == 0.0:
        return ""
    v = v / norm
    letters = []
    for axis in np.argsort(-np.abs(v), kind="stable"):
        if abs(v[axis]) < threshold and letters:
            break
        letters.append(_AXIS_LABELS[axis][1 if v[axis] > 0 else 0])
    return "".join(letters)


def slice_normal(image_orientation: Sequence[float]) -> np.ndarray:
    """Unit normal of an image plane from its six Image Orientation (Patient) cosines."""
    iop = np.asarray(image_orientation, dtype=float)
    if iop.shape != (6,):
        raise ValueError(f"image_orientation must have 6 values, got {iop.shape}")
    normal = np.cross(iop[:3], iop[3:])
    norm = np.linalg.norm(normal)
    if norm < 1e-6:
        raise ValueError(f"row and column cosines are parallel: {list(iop)}")
    return normal / norm


def plane_name(image_orientation: Sequence[float]) -> str:
    """``"axial"``, ``"coronal"``, ``"sagittal"`` or ``"oblique"`` for an image plane.

    A plane counts as one of the three when its normal is within ~8 degrees of an axis.
    """
    normal = np.abs(slice_normal(image_orientation))
    axis = int(np.argmax(normal))
    if normal[axis] < 0.99:
        return "oblique"
    return ("sagittal", "coronal", "axial")[axis]
