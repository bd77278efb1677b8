"""Helpers shared by the MPR, 3D and fusion view tests: loading phantoms through the real
loader, reading rendered pixels, the standard window formula and screenshots."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from viewer.images import from_qimage
from workstation.dicomio import SeriesLoader

#: Where screenshot tests write PNGs for a person to look at (gitignored).
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"


def load(paths, decode: bool = True):
    loader = SeriesLoader.from_paths(paths)
    if decode:
        loader.decode()
    return loader.volumes[0]


def linear_window(x: float, c: float, w: float) -> float:
    """PS3.3 C.11.2.1.2.1 with ymin=0, ymax=255."""
    if x <= c - 0.5 - (w - 1) / 2:
        return 0.0
    if x > c - 0.5 + (w - 1) / 2:
        return 255.0
    return ((x - (c - 0.5)) / (w - 1) + 0.5) * 255.0


def rendered(viewport) -> np.ndarray:
    """The viewport's image as seen, without text, lines or annotations: (h, w, 3) uint8."""
    return from_qimage(viewport.render_image(overlays=False, annotations=False))


def screen_of(viewport, point) -> np.ndarray:
    """Screen position of a patient point in the plane a viewport shows."""
    plane = viewport.current_plane()
    return viewport.screen_point(plane.to_pixel(np.asarray(point, dtype=float))[:2])


def grey_at(image: np.ndarray, xy) -> float:
    x, y = (int(round(v)) for v in xy)
    return float(image[y, x].mean())


def mouse(widget, kind, position, button=Qt.MouseButton.LeftButton,
          modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Send one mouse event (press, move with the button held, release) to ``widget``."""
    pos = QPointF(float(position[0]), float(position[1]))
    held = button if kind != QMouseEvent.Type.MouseButtonRelease else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, pos, QPointF(widget.mapToGlobal(QPoint(int(pos.x()), int(pos.y())))),
                        button if kind != QMouseEvent.Type.MouseMove else Qt.MouseButton.NoButton, held, modifiers)
    QApplication.sendEvent(widget, event)


def drag(widget, start, end, steps: int = 6, button=Qt.MouseButton.LeftButton) -> None:
    """Press at ``start``, move in ``steps`` to ``end``, release."""
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    mouse(widget, QMouseEvent.Type.MouseButtonPress, start, button)
    for t in np.linspace(0.0, 1.0, steps + 1)[1:]:
        mouse(widget, QMouseEvent.Type.MouseMove, start + t * (end - start), button)
    mouse(widget, QMouseEvent.Type.MouseButtonRelease, end, button)


def save_screenshot(image, name: str) -> Path:
    """Write a QImage to ``tests/artifacts/screenshots/<name>``; returns the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    assert image.save(str(path)), f"could not write {path}"
    return path
