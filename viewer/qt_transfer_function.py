"""The transfer-function editor of the 3D view: a histogram with opacity and colour points.

The volume's histogram (log counts, so the few voxels of bone and contrast still show
next to a million voxels of air and water) is drawn behind the opacity curve; the strip
below shows the colour function with its points as markers. Mouse, left button:

- drag a point to move it; click on an empty spot to add a point there (colour points
  take the colour the function already has at that value);
- double-click a colour marker to choose its colour;
- right-click a point to remove it (a function keeps at least one point).

Edits go to a :class:`rendering.transfer_functions.TransferFunction`, whose ``changed``
event makes the 3D scene re-apply it; values are in modality units (HU for CT).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QColorDialog, QSizePolicy, QWidget

from rendering.transfer_functions import TransferFunction, histogram
from viewer.images import pack_rgb32, rgb32_qimage
from workstation.model import Volume

MARGIN = 8.0
STRIP_HEIGHT = 18.0
POINT_RADIUS = 4.5
GRAB_RADIUS = 8.0

OPACITY = "opacity"
COLOUR = "colour"


class QtTransferFunctionEditor(QWidget):
    """Edits a :class:`TransferFunction` over the histogram of ``volume``."""

    edited = Signal()  #: the user changed the function (it has also emitted ``changed``)

    def __init__(self, volume: Volume, transfer_function: TransferFunction | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(120)
        self.setMouseTracking(True)
        self.volume = volume
        counts, edges = histogram(volume)
        self._log_counts = np.log1p(counts.astype(float))
        self._edges = edges
        self._range = (float(edges[0]), float(max(edges[-1], edges[0] + 1e-6)))
        self.transfer_function: TransferFunction | None = None
        self._drag: tuple[str, int] | None = None
        self._strip: QImage | None = None
        self._strip_pixels: np.ndarray | None = None
        if transfer_function is not None:
            self.set_transfer_function(transfer_function)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(480, 150)

    def set_transfer_function(self, transfer_function: TransferFunction) -> None:
        """Edit ``transfer_function`` from now on (e.g. after a preset change)."""
        if self.transfer_function is not None:
            self.transfer_function.changed.disconnect(self._on_changed)
        self.transfer_function = transfer_function
        xs = [p[0] for p in transfer_function.opacity_points] + [p[0] for p in transfer_function.color_points]
        low, high = min(float(self._edges[0]), *xs), max(float(self._edges[-1]), *xs)
        self._range = (low, max(high, low + 1e-6))
        transfer_function.changed.connect(self._on_changed)
        self._on_changed()

    def _on_changed(self) -> None:
        self._strip = None
        self.update()

    # -- coordinates ----------------------------------------------------------------------------

    def value_range(self) -> tuple[float, float]:
        """Modality values across the widget: the histogram's range, widened to show every
        point of the function as it was bound (fixed while editing, so drags stay put)."""
        return self._range

    def _curve_rect(self) -> QRectF:
        return QRectF(MARGIN, MARGIN, self.width() - 2 * MARGIN, self.height() - 3 * MARGIN - STRIP_HEIGHT)

    def _strip_rect(self) -> QRectF:
        return QRectF(MARGIN, self.height() - MARGIN - STRIP_HEIGHT, self.width() - 2 * MARGIN, STRIP_HEIGHT)

    def value_to_x(self, value: float) -> float:
        low, high = self.value_range()
        rect = self._curve_rect()
        return rect.left() + (value - low) / (high - low) * rect.width()

    def x_to_value(self, x: float) -> float:
        low, high = self.value_range()
        rect = self._curve_rect()
        return low + (x - rect.left()) / max(rect.width(), 1e-9) * (high - low)

    def opacity_to_y(self, opacity: float) -> float:
        rect = self._curve_rect()
        return rect.bottom() - opacity * rect.height()

    def y_to_opacity(self, y: float) -> float:
        rect = self._curve_rect()
        return float(np.clip((rect.bottom() - y) / max(rect.height(), 1e-9), 0.0, 1.0))

    def point_position(self, kind: str, index: int) -> QPointF:
        """Widget position of opacity or colour point ``index`` (where to click it)."""
        tf = self._tf()
        if kind == OPACITY:
            value, opacity = tf.opacity_points[index]
            return QPointF(self.value_to_x(value), self.opacity_to_y(opacity))
        return QPointF(self.value_to_x(tf.color_points[index][0]), self._strip_rect().center().y())

    def _tf(self) -> TransferFunction:
        if self.transfer_function is None:
            raise RuntimeError("no transfer function to edit")
        return self.transfer_function

    # -- painting -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor(28, 28, 30))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            self._paint_histogram(painter)
            if self.transfer_function is not None:
                self._paint_opacity(painter)
                self._paint_strip(painter)
        finally:
            painter.end()

    def _paint_histogram(self, painter: QPainter) -> None:
        rect = self._curve_rect()
        top = max(float(self._log_counts.max()), 1e-9)
        path = QPainterPath(QPointF(self.value_to_x(float(self._edges[0])), rect.bottom()))
        for i, count in enumerate(self._log_counts):
            y = rect.bottom() - count / top * rect.height()
            path.lineTo(self.value_to_x(float(self._edges[i])), y)
            path.lineTo(self.value_to_x(float(self._edges[i + 1])), y)
        path.lineTo(self.value_to_x(float(self._edges[-1])), rect.bottom())
        path.closeSubpath()
        painter.fillPath(path, QColor(85, 85, 90))

    def _paint_opacity(self, painter: QPainter) -> None:
        tf = self._tf()
        rect = self._curve_rect()
        low, high = self.value_range()
        points = [QPointF(rect.left(), self.opacity_to_y(tf.opacity_points[0][1]))]
        points += [QPointF(self.value_to_x(v), self.opacity_to_y(a)) for v, a in tf.opacity_points]
        points.append(QPointF(rect.right(), self.opacity_to_y(tf.opacity_points[-1][1])))
        painter.setPen(QPen(QColor(240, 240, 240), 1.5))
        painter.drawPolyline(QPolygonF(points))
        for v, a in tf.opacity_points:
            r, g, b = (int(round(c * 255)) for c in tf.color_at(v))
            painter.setBrush(QColor(r, g, b))
            painter.drawEllipse(QPointF(self.value_to_x(v), self.opacity_to_y(a)), POINT_RADIUS, POINT_RADIUS)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QColor(170, 170, 170))
        painter.drawText(rect.adjusted(2, 0, -2, 0), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                         f"{low:.0f}")
        painter.drawText(rect.adjusted(2, 0, -2, 0), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                         f"{high:.0f} {self.volume.units}".strip())

    def _paint_strip(self, painter: QPainter) -> None:
        tf = self._tf()
        rect = self._strip_rect()
        width = max(int(rect.width()), 1)
        if self._strip is None or self._strip.width() != width:
            values = np.array([self.x_to_value(rect.left() + x + 0.5) for x in range(width)])
            rgb = np.rint(np.clip(tf.color_at(values), 0.0, 1.0) * 255).astype(np.uint8)
            self._strip_pixels = pack_rgb32(np.repeat(rgb[None, :, :], 2, axis=0))
            self._strip = rgb32_qimage(self._strip_pixels)
        painter.drawImage(rect, self._strip)
        painter.setPen(QPen(QColor(250, 250, 250), 1.0))
        for value, r, g, b in tf.color_points:
            x = self.value_to_x(value)
            painter.setBrush(QColor(int(r * 255), int(g * 255), int(b * 255)))
            painter.drawPolygon(QPolygonF([QPointF(x, rect.top() - 1), QPointF(x - 5, rect.bottom()),
                                           QPointF(x + 5, rect.bottom())]))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    # -- editing --------------------------------------------------------------------------------

    def point_at(self, position: QPointF) -> tuple[str, int] | None:
        """The point (kind, index) under a widget position, if any."""
        tf = self._tf()
        if self._strip_rect().adjusted(0, -4, 0, 4).contains(position):
            distances = [abs(self.value_to_x(p[0]) - position.x()) for p in tf.color_points]
            best = int(np.argmin(distances))
            return (COLOUR, best) if distances[best] <= GRAB_RADIUS else None
        for index in range(len(tf.opacity_points)):
            p = self.point_position(OPACITY, index)
            if (p.x() - position.x()) ** 2 + (p.y() - position.y()) ** 2 <= GRAB_RADIUS ** 2:
                return OPACITY, index
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.transfer_function is None:
            return
        tf = self.transfer_function
        position = event.position()
        hit = self.point_at(position)
        if event.button() == Qt.MouseButton.RightButton:
            if hit is not None:
                self._remove(*hit)
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if hit is None:
            value = self.x_to_value(position.x())
            if self._strip_rect().adjusted(0, -4, 0, 4).contains(position):
                hit = COLOUR, tf.add_color_point(value, tuple(float(c) for c in tf.color_at(value)))
            elif self._curve_rect().contains(position):
                hit = OPACITY, tf.add_opacity_point(value, self.y_to_opacity(position.y()))
            if hit is not None:
                self.edited.emit()
        self._drag = hit

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._drag is None or self.transfer_function is None:
            hover = self.point_at(event.position()) if self.transfer_function is not None else None
            self.setCursor(Qt.CursorShape.PointingHandCursor if hover else Qt.CursorShape.ArrowCursor)
            return
        kind, index = self._drag
        position = event.position()
        value = self.x_to_value(float(np.clip(position.x(), self._curve_rect().left(), self._curve_rect().right())))
        if kind == OPACITY:
            index = self.transfer_function.move_opacity_point(index, value, self.y_to_opacity(position.y()))
        else:
            index = self.transfer_function.move_color_point(index, value)
        self._drag = kind, index
        self.edited.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._drag = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        hit = self.point_at(event.position()) if self.transfer_function is not None else None
        if hit is None or hit[0] != COLOUR:
            return
        value, r, g, b = self._tf().color_points[hit[1]]
        chosen = QColorDialog.getColor(QColor.fromRgbF(r, g, b), self, self.tr("Colour at %1").replace(
            "%1", f"{value:.0f}"))
        if chosen.isValid():
            self.set_colour(hit[1], (chosen.redF(), chosen.greenF(), chosen.blueF()))

    def set_colour(self, index: int, rgb: tuple[float, float, float]) -> None:
        """Give colour point ``index`` a new colour (0..1 channels)."""
        tf = self._tf()
        tf.move_color_point(index, tf.color_points[index][0], rgb)
        self.edited.emit()

    def _remove(self, kind: str, index: int) -> None:
        tf = self._tf()
        try:
            if kind == OPACITY:
                tf.remove_opacity_point(index)
            else:
                tf.remove_color_point(index)
        except ValueError:
            return  # the last point stays: a function needs one
        self.edited.emit()
