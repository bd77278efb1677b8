"""Mouse tools that draw and edit measurements on a viewport.

Every tool follows one rule set, so the mouse feels the same for every kind:

- a press starts a shape: its first point, plus a "rubber" point that follows the mouse;
- a press while drawing fixes the rubber point where it is;
- a release after a drag also fixes it, so a line can be dragged (press, drag, release)
  or clicked (click, click) alike; a Cobb angle is two drags, an angle a drag and a click;
- when the kind has all its points the shape is committed as one undoable step;
- polylines and polygons grow until a second click on the same spot, a click on the
  first point (polygon), Enter or a double-click; freehand ROIs follow the drag;
- Escape abandons the shape; a press on a handle of an existing measurement drags that
  handle instead of starting a new shape (the select tool also moves whole shapes).

Points are taken from the viewport's own screen -> image mapping, so measurements are
right whatever the zoom, pan, rotation or flip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtGui import QPainter

from tools.measure import (
    MEASUREMENT_KINDS,
    AddMeasurement,
    Annotation,
    Measurement,
    ReplaceMeasurements,
    SliceImage,
)
from tools.measure.geometry import Point
from tools.qt_measure_layer import DRAWING_COLOUR, label_lines, paint_matrix, paint_shape
from viewer.tool_protocol import PointerEvent

if TYPE_CHECKING:
    from tools.qt_measure_session import QtMeasurementSession
    from viewer.qt_viewport import QtViewport

#: A press and release closer than this (screen pixels) is a click, not a drag.
CLICK_SLOP = 4.0
#: Freehand outlines take a new vertex every this many screen pixels.
FREEHAND_STEP = 3.0


@dataclass(frozen=True)
class ToolSpec:
    """A tool the app can offer: its name (tool id), menu text and suggested shortcut."""

    name: str
    text: str
    shortcut: str


#: Measurement tools in menu order. Shortcuts avoid the viewer's (B W P Z M I A R H V F S O).
MEASURE_TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec("select", "Select / move measurements", "Q"),
    ToolSpec("length", "Length", "L"),
    ToolSpec("polyline", "Polyline length", "Shift+L"),
    ToolSpec("angle", "Angle", "N"),
    ToolSpec("open_angle", "Angle between two lines", "Shift+N"),
    ToolSpec("cobb", "Cobb angle", "C"),
    ToolSpec("ellipse", "Ellipse ROI", "E"),
    ToolSpec("rectangle", "Rectangle ROI", "Shift+E"),
    ToolSpec("polygon", "Polygon ROI", "G"),
    ToolSpec("freehand", "Freehand ROI", "Shift+G"),
    ToolSpec("probe", "Pixel probe", "X"),
    ToolSpec("height_difference", "Height difference", "D"),
    ToolSpec("cardiothoracic_ratio", "Cardiothoracic ratio", "Shift+C"),
    ToolSpec("arrow", "Arrow", "Shift+A"),
    ToolSpec("text", "Text", "T"),
    ToolSpec("calibrate", "Calibrate (line of known length)...", "K"),
)


class _EditDrag:
    """Dragging a handle (or, with ``handle`` None, the whole shape) as one undo step."""

    def __init__(self, session: QtMeasurementSession, viewport: QtViewport, measurement: Measurement,
                 handle: int | None, start: np.ndarray) -> None:
        self.session, self.viewport, self.id, self.handle = session, viewport, measurement.id, handle
        self.last = np.asarray(start, dtype=float)
        text = "Move handle" if handle is not None else f"Move {measurement.title.lower()}"
        session.undo_stack.begin_group(text)

    def move(self, image_point: np.ndarray) -> None:
        mset = self.session.measurements
        if self.id not in mset:
            return
        if self.handle is not None:
            point = (float(image_point[0]), float(image_point[1]))
            self.session.undo_stack.push(ReplaceMeasurements.move_handle(mset, self.id, self.handle, point))
        else:
            dx, dy = (np.asarray(image_point, dtype=float) - self.last)
            if dx or dy:
                self.session.undo_stack.push(ReplaceMeasurements.translate(mset, self.id, float(dx), float(dy)))
        self.last = np.asarray(image_point, dtype=float)

    def finish(self) -> None:
        self.session.undo_stack.end_group()

    def cancel(self) -> None:
        self.session.undo_stack.abort_group()


class _EditingTool:
    """Common part: handle drags on existing measurements and the ViewportTool plumbing."""

    name = ""
    move_bodies = False  #: True: a press on a shape (not a handle) moves the whole shape

    def __init__(self, session: QtMeasurementSession) -> None:
        self.session = session
        self._edit: _EditDrag | None = None

    def is_drawing(self) -> bool:
        return self._edit is not None

    def _start_edit(self, viewport: QtViewport, event: PointerEvent) -> bool:
        hit = self.session.hit(viewport, event.screen)
        if hit is None or (hit.handle is None and not self.move_bodies):
            return False
        self.session.select(hit.measurement.id)
        self._edit = _EditDrag(self.session, viewport, hit.measurement, hit.handle, event.image)
        return True

    def _move_edit(self, event: PointerEvent) -> bool:
        if self._edit is None:
            return False
        self._edit.move(event.image)
        return True

    def _finish_edit(self) -> bool:
        if self._edit is None:
            return False
        self._edit.finish()
        self._edit = None
        return True

    def cancel(self, viewport: QtViewport) -> None:
        if self._edit is not None and self._edit.viewport is viewport:
            self._edit.cancel()
            self._edit = None

    def finish(self, viewport: QtViewport) -> None:
        """Enter / double-click: nothing to finish for plain edits."""


class SelectTool(_EditingTool):
    """Click selects (empty space deselects), drag moves a handle or a whole shape;
    Delete removes the selection (handled by the session)."""

    name = "select"
    move_bodies = True

    def press(self, viewport: QtViewport, event: PointerEvent) -> bool:
        if self._start_edit(viewport, event):
            return True
        self.session.select(None)
        return False

    def move(self, viewport: QtViewport, event: PointerEvent) -> bool:
        return self._move_edit(event)

    def release(self, viewport: QtViewport, event: PointerEvent) -> bool:
        return self._finish_edit()


class DrawTool(_EditingTool):
    """Draws measurements of one kind (see the module docstring for the mouse rules).

    Parameters
    ----------
    session
        The study's session: image lookup, undo stack, selection, text input.
    kind
        A key of :data:`tools.measure.MEASUREMENT_KINDS` (``"length"``, ``"cobb"``, ...).
    """

    def __init__(self, session: QtMeasurementSession, kind: str) -> None:
        super().__init__(session)
        if kind not in MEASUREMENT_KINDS:
            raise ValueError(f"kind must be one of {sorted(MEASUREMENT_KINDS)}, got {kind!r}")
        self.name = kind
        self.cls = MEASUREMENT_KINDS[kind]
        self._viewport: QtViewport | None = None
        self._image: SliceImage | None = None
        self._points: list[Point] = []
        self._press_screen: np.ndarray | None = None

    # -- state -----------------------------------------------------------------------------

    def is_drawing(self) -> bool:
        return bool(self._points) or self._edit is not None

    @property
    def _open_ended(self) -> bool:
        return self.cls.max_points is None

    @property
    def _freehand(self) -> bool:
        return self.name == "freehand"

    def _reset(self) -> None:
        viewport = self._viewport
        self._viewport, self._image, self._points, self._press_screen = None, None, [], None
        if viewport is not None:
            viewport.update()

    def cancel(self, viewport: QtViewport) -> None:
        super().cancel(viewport)
        if viewport is self._viewport:
            self._reset()

    # -- mouse -----------------------------------------------------------------------------

    def _on_same_image(self, viewport: QtViewport) -> bool:
        """False (and the shape is dropped) when the viewport scrolled away from the
        image the shape was started on: it must not be committed to the wrong slice."""
        if self._points and self.session.image_for(viewport) is not self._image:
            self._reset()
            return False
        return True

    def press(self, viewport: QtViewport, event: PointerEvent) -> bool:
        point = _point(event)
        if viewport is self._viewport:
            self._on_same_image(viewport)
        if not self._points:
            if self._start_edit(viewport, event):
                return True
            image = self.session.image_for(viewport)
            if image is None:
                self.session.message.emit(viewport.tr("The image is not loaded yet: measure when it shows."))
                return False
            self._viewport, self._image = viewport, image
            self._points = [point] if self.cls.max_points == 1 or self._freehand else [point, point]
        elif viewport is self._viewport:
            self._points[-1] = point
            self._fix()
        self._press_screen = np.asarray(event.screen, dtype=float)
        viewport.update()
        return True

    def move(self, viewport: QtViewport, event: PointerEvent) -> bool:
        if self._move_edit(event):
            return True
        if not self._points or viewport is not self._viewport or not self._on_same_image(viewport):
            return False
        point = _point(event)
        if self._freehand:
            if self._press_screen is not None and _screen_distance(viewport, self._points[-1], event) >= FREEHAND_STEP:
                self._points.append(point)
        else:
            self._points[-1] = point
        viewport.update()
        return True

    def release(self, viewport: QtViewport, event: PointerEvent) -> bool:
        if self._finish_edit():
            return True
        if not self._points or viewport is not self._viewport:
            return False
        if self._freehand or self.cls.max_points == 1:
            self._commit()
            return True
        dragged = self._press_screen is not None and \
            float(np.linalg.norm(np.asarray(event.screen, dtype=float) - self._press_screen)) > CLICK_SLOP
        self._press_screen = None
        if dragged:
            self._points[-1] = _point(event)
            self._fix()
        return True

    def finish(self, viewport: QtViewport) -> None:
        """Enter or double-click: end an open-ended shape with the points fixed so far."""
        if viewport is self._viewport and self._open_ended and self._points:
            self._points = self._points[:-1] if len(self._points) > self.cls.min_points else self._points
            self._commit()

    # -- building ------------------------------------------------------------------------------

    def _fix(self) -> None:
        """The rubber point is placed: commit when complete, else start the next point."""
        viewport, points = self._viewport, self._points
        assert viewport is not None
        fixed, previous = points[-1], points[-2]
        near_previous = _screen_gap(viewport, fixed, previous) <= CLICK_SLOP
        if self._open_ended:
            closes = self.name == "polygon" and len(points) > 3 and _screen_gap(viewport, fixed, points[0]) <= CLICK_SLOP
            if near_previous or closes:
                del points[-1]
                self._commit()
                return
        elif near_previous and len(points) == 2:
            return  # a click on the first point: the line is drawn by the next click
        if self.cls.max_points is not None and len(points) >= self.cls.max_points:
            self._commit()
        else:
            points.append(fixed)

    def _build(self, points: list[Point], **fields: Any) -> Measurement | None:
        if self._image is None or len(points) < self.cls.min_points:
            return None
        try:
            return self.cls.on(self._image, points, **fields)
        except ValueError:
            return None

    def _commit(self) -> None:
        viewport, points = self._viewport, list(self._points)
        assert viewport is not None
        fields: dict[str, Any] = {}
        if issubclass(self.cls, Annotation):
            text = self.session.ask_text(viewport, "")
            if text is None or (self.name == "text" and not text.strip()):
                self._reset()
                return
            fields["text"] = text
        m = self._build(points, **fields)
        if m is not None and self._degenerate(viewport, m):
            m = None
        self._reset()
        if m is not None:
            self.session.undo_stack.push(AddMeasurement(self.session.measurements, m))
            self.session.select(m.id)

    def _degenerate(self, viewport: QtViewport, m: Measurement) -> bool:
        """A shape whose points all sit on one screen spot is a stray click, not a measurement."""
        if len(m.points) < 2:
            return False
        screen = viewport.screen_point(np.asarray(m.points))
        return float(np.max(np.ptp(screen, axis=0))) <= CLICK_SLOP

    # -- painting the shape being drawn -------------------------------------------------------------

    def paint(self, viewport: QtViewport, painter: QPainter) -> None:
        if not self._points or viewport is not self._viewport:
            return
        preview = self._build(self._points, **({"text": ""} if issubclass(self.cls, Annotation) else {}))
        lines = label_lines(preview) if preview is not None and not isinstance(preview, Annotation) else []
        paint_shape(viewport, painter, paint_matrix(viewport, painter), self.name, self._points, lines,
                    handles=self._points, colour=DRAWING_COLOUR)


def _point(event: PointerEvent) -> Point:
    return float(event.image[0]), float(event.image[1])


def _screen_gap(viewport: QtViewport, p: Point, q: Point) -> float:
    a, b = viewport.screen_point(np.asarray([p, q], dtype=float))
    return float(np.linalg.norm(a - b))


def _screen_distance(viewport: QtViewport, p: Point, event: PointerEvent) -> float:
    return float(np.linalg.norm(viewport.screen_point(np.asarray(p)) - np.asarray(event.screen, dtype=float)))


def make_tool(session: QtMeasurementSession, name: str) -> SelectTool | DrawTool:
    """A fresh tool instance for one viewport: ``"select"``, ``"calibrate"`` or a
    measurement kind."""
    if name == "select":
        return SelectTool(session)
    if name == "calibrate":
        from tools.qt_calibration import CalibrationTool  # it builds on DrawTool

        return CalibrationTool(session)
    return DrawTool(session, name)
