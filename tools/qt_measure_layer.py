"""Drawing measurements over the image, and finding which one the mouse is on.

Shapes keep their control points in image pixels; everything here maps them to the
screen through the viewport's own image -> screen matrix, so a measurement stays on the
anatomy through zoom, pan, rotation, flip and anisotropic pixels. Labels and handles are
drawn in screen pixels (a constant pixel-size font with a drop shadow): they stay
readable at any zoom, and a label sits next to the handle it belongs to and moves with it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from tools.measure import Measurement, Roi
from tools.measure.geometry import Point
from tools.qt_measure_words import label_text, translated_notes, translated_quantities
from viewer import display_transform as dt

if TYPE_CHECKING:
    from tools.qt_measure_session import QtMeasurementSession
    from viewer.qt_viewport import QtViewport

LINE_COLOUR = QColor(90, 255, 120)
SELECTED_COLOUR = QColor(255, 170, 40)
DRAWING_COLOUR = QColor(120, 200, 255)
LABEL_COLOUR = QColor(255, 255, 170)
LABEL_PIXELS = 13  #: label font height in screen pixels, whatever the zoom or DPI
HANDLE_RADIUS = 3.5  #: screen pixels
HIT_DISTANCE = 6.0  #: screen pixels within which a press grabs a handle or an outline
_ELLIPSE_SEGMENTS = 72


# -- shapes in image coordinates ------------------------------------------------------------


def _ellipse(p: Point, q: Point) -> list[Point]:
    """Closed polygon of the axis-aligned ellipse inscribed in the box ``p``-``q``."""
    cx, cy = (p[0] + q[0]) / 2.0, (p[1] + q[1]) / 2.0
    a, b = abs(q[0] - p[0]) / 2.0, abs(q[1] - p[1]) / 2.0
    t = np.linspace(0.0, 2.0 * math.pi, _ELLIPSE_SEGMENTS + 1)
    return [(cx + a * math.cos(s), cy + b * math.sin(s)) for s in t]


def _rectangle(p: Point, q: Point) -> list[Point]:
    return [p, (q[0], p[1]), q, (p[0], q[1]), p]


def shape_paths(kind: str, points: Sequence[Point], closed: bool = False) -> list[list[Point]]:
    """Polylines (image pixels) that draw a measurement of ``kind`` through ``points``.

    Works for incomplete point lists too (a shape being drawn): two-line kinds (Cobb,
    open angle, cardiothoracic ratio) never join their lines, whatever has been drawn.
    """
    pts = [tuple(p) for p in points]
    if kind in ("cobb", "open_angle", "cardiothoracic_ratio"):
        return [pts[i:i + 2] for i in range(0, len(pts), 2) if len(pts[i:i + 2]) == 2]
    if kind == "ellipse" and len(pts) == 2:
        return [_ellipse(*pts)]
    if kind == "rectangle" and len(pts) == 2:
        return [_rectangle(*pts)]
    if kind in ("polygon", "freehand") or (kind == "polyline" and closed):
        return [pts + pts[:1]] if len(pts) > 2 else [pts]
    if kind == "height_difference" and len(pts) == 2:
        (x0, y0), (x1, y1) = pts
        return [[(x0, y0), (x1, y0)], [(x1, y0), (x1, y1)]]
    if kind in ("probe", "text"):
        return []
    return [pts]


def measurement_paths(m: Measurement) -> list[list[Point]]:
    return shape_paths(m.kind, m.points, getattr(m, "closed", False))


def label_lines(m: Measurement) -> list[str]:
    """The label as lines: one quantity per line for ROIs (a long row would cover the
    image), notes on their own line, everything else on one line."""
    if isinstance(m, Roi):
        lines = [q.text() for q in translated_quantities(m)]
        notes = translated_notes(m)
        return lines + ([f"({'; '.join(notes)})"] if notes else [])
    text = label_text(m)
    return [line for line in text.split("\n") if line] if text else []


# -- screen mapping -------------------------------------------------------------------------


def paint_matrix(viewport: QtViewport, painter: QPainter) -> np.ndarray:
    """Image -> screen matrix for what ``painter`` paints on.

    A layer is given only the painter; its device is the widget for the screen and a
    QImage of another size for exports, and the matrix must match the device.
    """
    device = painter.device()
    return viewport.matrix((device.width(), device.height()))


def to_screen(matrix: np.ndarray, points: Sequence[Point]) -> np.ndarray:
    return dt.apply(matrix, np.asarray(points, dtype=float).reshape(-1, 2))


def _segment_distance(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    ab = b - a
    denominator = float(ab @ ab)
    t = 0.0 if denominator == 0 else min(max(float((p - a) @ ab) / denominator, 0.0), 1.0)
    return float(np.linalg.norm(p - (a + t * ab)))


@dataclass(frozen=True)
class Hit:
    """What a screen point is on: a handle of a measurement, or its body (``handle`` None)."""

    measurement: Measurement
    handle: int | None


def hit_test(matrix: np.ndarray, measurements: Sequence[Measurement], screen: Sequence[float],
             label_boxes: dict[str, QRectF] | None = None) -> Hit | None:
    """The topmost measurement under ``screen``: handles first, then outlines, ROI
    interiors and labels. Later measurements are drawn on top, so they are tried first."""
    p = np.asarray(screen, dtype=float)
    for m in reversed(measurements):
        if m.handles:
            d = np.linalg.norm(to_screen(matrix, m.handles) - p, axis=1)
            i = int(np.argmin(d))
            if d[i] <= HIT_DISTANCE:
                return Hit(m, i)
    for m in reversed(measurements):
        if _on_body(matrix, m, p) or (label_boxes and m.id in label_boxes
                                      and label_boxes[m.id].contains(QPointF(*p))):
            return Hit(m, None)
    return None


def _on_body(matrix: np.ndarray, m: Measurement, p: np.ndarray) -> bool:
    if not m.handles or m.kind in ("probe", "text"):
        anchor = to_screen(matrix, m.points[:1])[0]
        if np.linalg.norm(anchor - p) <= HIT_DISTANCE * 1.5:
            return True
    for path in measurement_paths(m):
        screen = to_screen(matrix, path)
        if len(screen) == 1 and np.linalg.norm(screen[0] - p) <= HIT_DISTANCE:
            return True
        if any(_segment_distance(p, a, b) <= HIT_DISTANCE for a, b in zip(screen, screen[1:])):
            return True
        if isinstance(m, Roi) and QPolygonF([QPointF(*s) for s in screen]).containsPoint(
                QPointF(*p), Qt.FillRule.OddEvenFill):
            return True
    return False


# -- painting -------------------------------------------------------------------------------


def label_font() -> QFont:
    font = QFont()
    font.setPixelSize(LABEL_PIXELS)
    font.setBold(True)
    return font


def _pen(colour: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, width, style)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _draw_polyline(painter: QPainter, screen: np.ndarray, colour: QColor, width: float) -> None:
    polygon = QPolygonF([QPointF(float(x), float(y)) for x, y in screen])
    painter.setPen(_pen(QColor(0, 0, 0, 150), width + 2.0))  # dark halo: visible on white bone too
    painter.drawPolyline(polygon)
    painter.setPen(_pen(colour, width))
    painter.drawPolyline(polygon)


def _draw_arrow_head(painter: QPainter, tail: np.ndarray, head: np.ndarray, colour: QColor) -> None:
    d = head - tail
    length = float(np.linalg.norm(d))
    if length < 1e-6:
        return
    u = d / length
    n = np.array([-u[1], u[0]])
    size = min(14.0, length * 0.4)
    left, right = head - u * size + n * size * 0.45, head - u * size - n * size * 0.45
    path = QPainterPath(QPointF(*head))
    path.lineTo(QPointF(*left))
    path.lineTo(QPointF(*right))
    path.closeSubpath()
    painter.fillPath(path, colour)


def _draw_probe(painter: QPainter, at: np.ndarray, colour: QColor) -> None:
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        segment = np.array([at + np.array([dx, dy]) * 3.0, at + np.array([dx, dy]) * 9.0])
        _draw_polyline(painter, segment, colour, 1.5)


def _draw_handles(painter: QPainter, screen: np.ndarray, colour: QColor, selected: bool) -> None:
    radius = HANDLE_RADIUS + (1.0 if selected else 0.0)
    painter.setPen(_pen(QColor(0, 0, 0), 1.0))
    painter.setBrush(colour if selected else QColor(0, 0, 0, 0))
    for x, y in screen:
        painter.drawEllipse(QPointF(float(x), float(y)), radius, radius)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def label_anchor(kind: str, screen_points: np.ndarray, outline: np.ndarray | None) -> np.ndarray:
    """Where a label starts, in screen pixels: beside the last handle for lines (it
    follows that handle), right of a region's outline for ROIs, at the point of a
    probe or a text."""
    if kind in ("ellipse", "rectangle", "polygon", "freehand") and outline is not None and len(outline):
        right = outline[int(np.argmax(outline[:, 0]))]
        return np.array([right[0] + 8.0, right[1] - LABEL_PIXELS])
    if kind == "arrow":
        return screen_points[0] + np.array([6.0, 4.0])  # the text belongs to the tail
    if kind == "text":
        return screen_points[0] + np.array([0.0, -LABEL_PIXELS / 2.0])
    return screen_points[-1] + np.array([10.0, 4.0])


def draw_label(viewport: QtViewport, painter: QPainter, anchor: np.ndarray, lines: Sequence[str],
               colour: QColor = LABEL_COLOUR) -> QRectF:
    """Draw ``lines`` with a drop shadow starting at ``anchor``, kept inside the device;
    returns the box (for hit testing)."""
    if not lines:
        return QRectF()
    font = label_font()
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    width = max(metrics.horizontalAdvance(line) for line in lines) + 4.0
    height = metrics.lineSpacing() * len(lines) + 2.0
    device = painter.device()
    x = min(max(float(anchor[0]), 2.0), max(device.width() - width - 2.0, 2.0))
    y = min(max(float(anchor[1]), 2.0), max(device.height() - height - 2.0, 2.0))
    box = QRectF(x, y, width, height)
    viewport.draw_text(painter, box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, "\n".join(lines),
                       colour)
    return box


def paint_shape(viewport: QtViewport, painter: QPainter, matrix: np.ndarray, kind: str,
                points: Sequence[Point], lines: Sequence[str], *, closed: bool = False,
                handles: Sequence[Point] = (), colour: QColor = LINE_COLOUR, selected: bool = False) -> QRectF:
    """Draw one shape (committed or being drawn) with its handles and label; returns the
    label box."""
    painter.save()
    try:
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        width = 2.0 if selected else 1.5
        outline = None
        for path in shape_paths(kind, points, closed):
            screen = to_screen(matrix, path)
            _draw_polyline(painter, screen, colour, width)
            outline = screen if outline is None else np.vstack([outline, screen])
        screen_points = to_screen(matrix, points)
        if kind == "arrow" and len(screen_points) == 2:
            _draw_arrow_head(painter, screen_points[0], screen_points[1], colour)
        elif kind == "probe":
            _draw_probe(painter, screen_points[0], colour)
        if handles and kind not in ("text", "probe"):
            _draw_handles(painter, to_screen(matrix, handles), colour, selected)
        return draw_label(viewport, painter, label_anchor(kind, screen_points, outline), lines)
    finally:
        painter.restore()


class MeasurementLayer:
    """A :class:`viewer.tool_protocol.ViewportLayer` that draws the session's
    measurements on the image a viewport shows (nothing when "show all" is off)."""

    def __init__(self, session: QtMeasurementSession) -> None:
        self.session = session
        #: viewport id -> measurement id -> label box of the last paint, for hit testing
        self.label_boxes: dict[int, dict[str, QRectF]] = {}

    def paint(self, viewport: QtViewport, painter: QPainter) -> None:
        boxes: dict[str, QRectF] = {}
        self.label_boxes[id(viewport)] = boxes
        if not self.session.measurements.visible:
            return
        matrix = paint_matrix(viewport, painter)
        selected = self.session.selected_id
        for m in self.session.shown_measurements(viewport):
            is_selected = m.id == selected
            boxes[m.id] = paint_shape(viewport, painter, matrix, m.kind, m.points, label_lines(m),
                                      closed=getattr(m, "closed", False), handles=m.handles,
                                      colour=SELECTED_COLOUR if is_selected else LINE_COLOUR,
                                      selected=is_selected)
