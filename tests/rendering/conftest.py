"""Fixtures for rendering tests: small volumes whose geometry and values are known exactly."""

from __future__ import annotations

import numpy as np
import pytest

from rendering.planes import rotation_matrix
from tests.rendering.analytic import BLOB_CENTRES, affine_from, analytic_volume, blobs
from workstation.model import Volume


@pytest.fixture
def axis_aligned_volume() -> Volume:
    """Random int16 voxels, identity directions, anisotropic spacing, odd sizes."""
    rng = np.random.default_rng(7)
    pixels = rng.integers(-1000, 2000, size=(21, 30, 34)).astype(np.int16)
    return Volume(pixels, affine_from(np.eye(3), (0.7, 0.8, 2.5), (-10.0, 20.0, -30.0)),
                  rescale_intercept=0.0, modality="CT")


@pytest.fixture
def oblique_volume() -> Volume:
    """Acquired obliquely: directions rotated ~25 degrees about a skew axis."""
    r = rotation_matrix((0.3, 1.0, 0.5), 25.0)
    affine = affine_from(r, (1.1, 0.9, 1.3), (0.0, 0.0, 0.0))
    affine[:3, 3] = -affine[:3, :3] @ np.array([24.0, 27.0, 20.0])  # patient origin near the middle
    return analytic_volume((41, 55, 49), affine, blobs(BLOB_CENTRES), modality="CT")


@pytest.fixture
def tilted_volume() -> Volume:
    """Gantry tilt 20 degrees: image planes tilted about x, slices stepped along z (sheared)."""
    t = np.radians(20.0)
    affine = np.eye(4)
    affine[:3, 0] = (1.0, 0.0, 0.0)
    affine[:3, 1] = 1.0 * np.array([0.0, np.cos(t), -np.sin(t)])
    affine[:3, 2] = (0.0, 0.0, 1.5)
    affine[:3, 3] = (-32.0, -30.0, -24.0)
    return analytic_volume((33, 64, 64), affine, blobs(BLOB_CENTRES), modality="CT")
