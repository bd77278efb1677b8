"""The viewer's own left-button tools (browse, window, pan, zoom, magnify) and the
right-button window/level drag. Measurement tools live in the ``tools`` package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from viewer.tool_protocol import PointerEvent
from workstation.model import VoiFunction, VoiLut, Window

if TYPE_CHECKING:
    from viewer.qt_viewport import QtViewport

#: Screen pixels of vertical drag per slice when browsing by dragging.
PIXELS_PER_SLICE = 6.0


def as_window(voi) -> Window:
    """A window equivalent to any VOI, so a drag can start from a VOI LUT too."""
    if isinstance(voi, Window):
        return voi
    if isinstance(voi, VoiLut):
        low, high = voi.first_mapped, voi.first_mapped + len(voi.data) - 1
        return Window((low + high) / 2.0 + 0.5, max(high - low + 1.0, 1.0))
    return Window(128.0, 256.0)


class WindowLevelDrag:
    """Right-drag: horizontal changes width (contrast), vertical changes centre (brightness).

    Sensitivity follows the starting width, so a narrow stroke window and a wide bone
    window both respond at a usable speed; LINEAR semantics (PS3.3 C.11.2.1.2) keep
    width >= 1.
    """

    def __init__(self, viewport: QtViewport, start: np.ndarray) -> None:
        self.viewport = viewport
        self.start = np.asarray(start, dtype=float)
        self.window = as_window(viewport.effective_voi())
        self.sensitivity = max(self.window.width, 20.0) / 300.0

    def move(self, screen: np.ndarray) -> None:
        dx, dy = (np.asarray(screen, dtype=float) - self.start) * self.sensitivity
        minimum = 0.0 if self.window.function is VoiFunction.LINEAR_EXACT else 1.0
        width = max(self.window.width + dx, minimum if minimum > 0 else 1e-6)
        centre = self.window.center + dy
        self.viewport.set_voi(Window(centre, width, "", self.window.function))


class BrowseTool:
    """Left-drag up/down scrolls through the slices (the default reading tool)."""

    name = "browse"

    def __init__(self) -> None:
        self._anchor: float | None = None
        self._start_slice = 0

    def press(self, viewport: QtViewport, event: PointerEvent) -> bool:
        self._anchor = float(event.screen[1])
        self._start_slice = viewport.state.slice_index
        return True

    def move(self, viewport: QtViewport, event: PointerEvent) -> bool:
        if self._anchor is None:
            return False
        delta = int((float(event.screen[1]) - self._anchor) / PIXELS_PER_SLICE)
        viewport.set_slice(self._start_slice + delta)
        return True

    def release(self, viewport: QtViewport, event: PointerEvent) -> bool:
        self._anchor = None
        return True


class WindowTool:
    """Left-drag window/level, for users who prefer it on the left button."""

    name = "window"

    def __init__(self) -> None:
        self._drag: WindowLevelDrag | None = None

    def press(self, viewport: QtViewport, event: PointerEvent) -> bool:
        self._drag = WindowLevelDrag(viewport, event.screen)
        return True

    def move(self, viewport: QtViewport, event: PointerEvent) -> bool:
        if self._drag is None:
            return False
        self._drag.move(event.screen)
        return True

    def release(self, viewport: QtViewport, event: PointerEvent) -> bool:
        self._drag = None
        return True


class PanTool:
    name = "pan"

    def __init__(self) -> None:
        self._last: np.ndarray | None = None

    def press(self, viewport: QtViewport, event: PointerEvent) -> bool:
        self._last = event.screen
        return True

    def move(self, viewport: QtViewport, event: PointerEvent) -> bool:
        if self._last is None:
            return False
        delta = event.screen - self._last
        self._last = event.screen
        viewport.pan_by(float(delta[0]), float(delta[1]))
        return True

    def release(self, viewport: QtViewport, event: PointerEvent) -> bool:
        self._last = None
        return True


class ZoomTool:
    """Left-drag up zooms in, down zooms out, about the point first clicked."""

    name = "zoom"

    def __init__(self) -> None:
        self._last: np.ndarray | None = None
        self._anchor: tuple[float, float] | None = None

    def press(self, viewport: QtViewport, event: PointerEvent) -> bool:
        self._last = event.screen
        self._anchor = (float(event.screen[0]), float(event.screen[1]))
        return True

    def move(self, viewport: QtViewport, event: PointerEvent) -> bool:
        if self._last is None:
            return False
        dy = float(event.screen[1] - self._last[1])
        self._last = event.screen
        viewport.zoom_by(1.01 ** (-dy), self._anchor)
        return True

    def release(self, viewport: QtViewport, event: PointerEvent) -> bool:
        self._last = None
        return True


class MagnifyTool:
    """Hold the left button: a lens shows the region under the cursor magnified."""

    name = "magnify"

    def __init__(self, factor: float = 2.5, radius: float = 90.0) -> None:
        self.factor = factor
        self.radius = radius
        self.position: np.ndarray | None = None
        self._painting = False  # the lens renders the viewport, which paints the tool

    def press(self, viewport: QtViewport, event: PointerEvent) -> bool:
        self.position = event.screen
        viewport.update()
        return True

    def move(self, viewport: QtViewport, event: PointerEvent) -> bool:
        if self.position is None:
            return False
        self.position = event.screen
        viewport.update()
        return True

    def release(self, viewport: QtViewport, event: PointerEvent) -> bool:
        self.position = None
        viewport.update()
        return True

    def paint(self, viewport: QtViewport, painter: QPainter) -> None:
        if self.position is None or self._painting:
            return
        x, y = float(self.position[0]), float(self.position[1])
        r = self.radius
        self._painting = True
        try:
            source = viewport.render_image(annotations=True)
        finally:
            self._painting = False
        lens = QPainterPath()
        lens.addEllipse(QPointF(x, y), r, r)
        painter.save()
        painter.setClipPath(lens)
        painter.translate(x, y)
        painter.scale(self.factor, self.factor)
        painter.translate(-x, -y)
        painter.drawImage(QRectF(0, 0, source.width(), source.height()), source)
        painter.restore()
        painter.setPen(QPen(QColor(255, 170, 0), 2))
        painter.drawEllipse(QPointF(x, y), r, r)


BUILTIN_TOOLS = {cls.name: cls for cls in (BrowseTool, WindowTool, PanTool, ZoomTool, MagnifyTool)}
