"""Image pixel <-> screen mapping of a viewport, and the orientation labels it implies.

Pure numpy so it can be tested without a screen. Image pixel coordinates are
``(x=column, y=row)`` with pixel centres at integers; pixel ``(0, 0)`` covers
``[-0.5, 0.5]^2``. Non-square pixels are shown at their true aspect ratio: the mapping
goes through millimetres.
"""

from __future__ import annotations

import numpy as np

from rendering.planes import SlicePlane
from viewer.view_state import ViewState
from workstation.model import orientation_label


def _matrix(a: float, b: float, c: float, d: float, tx: float = 0.0, ty: float = 0.0) -> np.ndarray:
    return np.array([[a, b, tx], [c, d, ty], [0.0, 0.0, 1.0]])


def orientation_part(state: ViewState) -> np.ndarray:
    """2x2 flip-then-rotate matrix (screen y points down, so +90 is clockwise)."""
    flip = np.diag([-1.0 if state.flip_horizontal else 1.0, -1.0 if state.flip_vertical else 1.0])
    angle = np.radians(state.rotation)
    c, s = round(np.cos(angle)), round(np.sin(angle))
    rotation = np.array([[c, -s], [s, c]], dtype=float)
    return rotation @ flip


def fit_scale(state: ViewState, size: tuple[int, int], spacing: tuple[float, float],
              viewport: tuple[int, int], margin: float = 0.98) -> float:
    """Screen pixels per mm that fit the whole (rotated) image in the viewport."""
    width_mm, height_mm = size[0] * spacing[0], size[1] * spacing[1]
    extent = np.abs(orientation_part(state)) @ np.array([width_mm, height_mm])
    return margin * min(viewport[0] / max(extent[0], 1e-9), viewport[1] / max(extent[1], 1e-9))


def effective_scale(state: ViewState, size: tuple[int, int], spacing: tuple[float, float],
                    viewport: tuple[int, int]) -> float:
    return state.scale if state.scale is not None else fit_scale(state, size, spacing, viewport)


def image_to_screen(state: ViewState, size: tuple[int, int], spacing: tuple[float, float],
                    viewport: tuple[int, int]) -> np.ndarray:
    """3x3 matrix mapping image pixel ``(x, y, 1)`` to screen ``(sx, sy, 1)``.

    Parameters
    ----------
    size
        ``(columns, rows)`` of the image.
    spacing
        ``(column spacing, row spacing)`` in mm (or any unit; only the ratio and the
        scale's unit matter).
    viewport
        ``(width, height)`` of the widget in screen pixels.
    """
    scale = effective_scale(state, size, spacing, viewport)
    centre = np.array([(size[0] - 1) / 2.0, (size[1] - 1) / 2.0])
    linear = scale * orientation_part(state) @ np.diag(spacing)
    offset = np.array([viewport[0] / 2.0 + state.pan[0], viewport[1] / 2.0 + state.pan[1]]) - linear @ centre
    return _matrix(linear[0, 0], linear[0, 1], linear[1, 0], linear[1, 1], offset[0], offset[1])


def screen_to_image(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Inverse mapping of ``(..., 2)`` screen points to image pixel coordinates."""
    inverse = np.linalg.inv(matrix)
    p = np.asarray(points, dtype=float)
    return p @ inverse[:2, :2].T + inverse[:2, 2]


def apply(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    p = np.asarray(points, dtype=float)
    return p @ matrix[:2, :2].T + matrix[:2, 2]


def screen_direction_in_image(matrix: np.ndarray, direction: tuple[float, float]) -> np.ndarray:
    """The image-pixel direction that appears along a screen direction (unit length)."""
    d = np.linalg.solve(matrix[:2, :2], np.asarray(direction, dtype=float))
    return d / np.linalg.norm(d)


def edge_labels(matrix: np.ndarray, plane: SlicePlane | None, label_for_index=None) -> dict[str, str]:
    """Orientation labels of the four screen edges (e.g. ``{"left": "R", "top": "A", ...}``).

    ``plane`` gives patient directions for cross-sectional images; ``label_for_index``
    (e.g. ``Volume.label_for``) covers projection images labelled by Patient Orientation.
    The labels follow rotation and flip because they are read through the same matrix
    that draws the pixels.
    """
    labels = {}
    for edge, screen in (("right", (1, 0)), ("left", (-1, 0)), ("bottom", (0, 1)), ("top", (0, -1))):
        d = screen_direction_in_image(matrix, screen)
        if label_for_index is not None:
            labels[edge] = label_for_index((d[0], d[1], 0.0))
        elif plane is not None:
            patient = plane.row * d[0] * plane.spacing[0] + plane.column * d[1] * plane.spacing[1]
            labels[edge] = orientation_label(patient)
        else:
            labels[edge] = ""
    return labels
