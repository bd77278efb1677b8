"""The MPR crosshair on three viewports: drawn in each view, dragged in any.

In each MPR view the lines of the two other planes are drawn in their colours (axial
red, coronal green, sagittal yellow, as 3D Slicer codes them). With the left button,
whatever tool is active:

- drag the centre: the crosshair point moves, the other views scroll to it (linked cursor);
- drag a line: that plane moves parallel to itself;
- drag a line's round end handle: the two other planes turn about this view's normal
  through the crosshair (oblique MPR; they stay perpendicular to each other).

Scrolling a view moves the crosshair along its normal; shift-click (the viewport's 3D
cursor) puts the crosshair on the clicked point. The geometry is :mod:`viewer.mpr`'s.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen

from viewer import display_transform as dt
from viewer.mpr import PLANE_NAMES, Crosshair, MprSource, mpr_plane, planes_intersection
from viewer.qt_viewport import QtViewport
from viewer.reference_lines import reference_line

#: Line colour of each plane (3D Slicer's convention: red axial, green coronal, yellow sagittal).
PLANE_COLOURS = {"axial": QColor(235, 75, 75), "coronal": QColor(85, 205, 95), "sagittal": QColor(240, 210, 60)}

#: Screen pixels: gap left around the centre, handle distance (fraction of the view), grab radii.
CENTRE_GAP = 12.0
HANDLE_FRACTION = 0.32
HANDLE_RADIUS = 5.0
GRAB_CENTRE = 10.0
GRAB_HANDLE = 9.0
GRAB_LINE = 5.0


class CrosshairController(QObject):
    """Keeps the MPR viewports of one volume on one :class:`Crosshair`.

    Parameters
    ----------
    views
        Viewport per plane name (``"axial"``, ``"coronal"``, ``"sagittal"``) showing
        ``sources[name]``.
    sources
        The :class:`MprSource` of each view; their planes follow the crosshair.
    """

    changed = Signal()  #: the crosshair moved or turned

    def __init__(self, views: dict[str, QtViewport], sources: dict[str, MprSource],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        if set(views) != set(PLANE_NAMES) or set(sources) != set(PLANE_NAMES):
            raise ValueError(f"views and sources need exactly {PLANE_NAMES}")
        self.views = views
        self.sources = sources
        self.volume = sources["axial"].volume
        self.crosshair = Crosshair(planes_intersection([sources[n].reference_plane for n in PLANE_NAMES]))
        self.visible = True
        self._busy = False
        self._drag: tuple[str, str, str | None] | None = None  # (view, action, other plane)
        self._last_point: np.ndarray | None = None
        self._layers: dict[str, CrosshairLayer] = {}
        for name, viewport in views.items():
            layer = CrosshairLayer(self, name)
            self._layers[name] = layer
            viewport.layers.append(layer)
            viewport.installEventFilter(self)
            viewport.state_changed.connect(lambda _state, n=name: self._on_view_scrolled(n))
            viewport.located.connect(self.move_to)

    # -- state ----------------------------------------------------------------------------

    @property
    def center(self) -> np.ndarray:
        return self.crosshair.center.copy()

    def name_of(self, viewport: QtViewport) -> str | None:
        return next((n for n, v in self.views.items() if v is viewport), None)

    def set_visible(self, visible: bool) -> None:
        self.visible = bool(visible)
        self._repaint()

    # -- moving and turning -----------------------------------------------------------------

    def move_to(self, point: np.ndarray) -> None:
        """Put the crosshair on a patient point: every view scrolls to the plane through it."""
        self.crosshair.center = np.asarray(point, dtype=float).reshape(3)
        self._follow()

    def rotate(self, name: str, degrees: float) -> None:
        """Turn the two other planes by ``degrees`` about view ``name``'s normal."""
        if degrees == 0:
            return
        self.crosshair.rotate(name, degrees)
        self._follow(turned=[n for n in PLANE_NAMES if n != name])

    def reset(self) -> None:
        """Back to orthogonal axial/coronal/sagittal planes through the crosshair, fitted."""
        self.crosshair.reset_orientation()
        self._follow(turned=list(PLANE_NAMES), pin=False)

    def _follow(self, turned: list[str] | tuple[str, ...] = (), pin: bool = True) -> None:
        """Refit turned planes through the centre, scroll every view to it, then take the
        displayed planes' true crossing as the centre (frames are a pitch apart)."""
        self._busy = True
        try:
            for name in turned:
                self._refit(name, pin)
            for name in PLANE_NAMES:
                viewport, source = self.views[name], self.sources[name]
                k = source.index_nearest(self.crosshair.center)
                if k is not None and k != viewport.state.slice_index:
                    viewport.set_slice(k)
            self.crosshair.center = self._displayed_centre()
        finally:
            self._busy = False
        self._repaint()
        self.changed.emit()

    def _refit(self, name: str, pin: bool) -> None:
        """New planes for a turned view; the crosshair keeps its place and zoom on screen."""
        viewport, source = self.views[name], self.sources[name]
        center = self.crosshair.center
        before, scale = None, None
        if pin and viewport.source is source and viewport.width() > 0 and viewport.height() > 0:
            before = viewport.screen_point(viewport.current_plane().to_pixel(center)[:2])
            scale = viewport.current_scale()
        row, column = self.crosshair.directions[name]
        source.set_plane(mpr_plane(self.volume, row, column, center))
        k = source.index_nearest(center) or 0
        if before is None or not scale or scale <= 0:
            viewport.set_state(viewport.state.with_(slice_index=k, scale=None, pan=(0.0, 0.0)))
        else:
            viewport.set_state(viewport.state.with_(slice_index=k, scale=scale), emit=False)
            after = viewport.screen_point(source.plane(k).to_pixel(center)[:2])
            pan = np.asarray(viewport.state.pan) + before - after
            viewport.set_state(viewport.state.with_(pan=(float(pan[0]), float(pan[1]))))
        viewport.update()

    def _displayed_centre(self) -> np.ndarray:
        planes = [self.views[n].current_plane() for n in PLANE_NAMES]
        if any(p is None for p in planes):
            return self.crosshair.center
        return planes_intersection(planes)

    def _on_view_scrolled(self, name: str) -> None:
        if self._busy:
            return
        centre = self._displayed_centre()
        if not np.allclose(centre, self.crosshair.center):
            self.crosshair.center = centre
            self._repaint()
            self.changed.emit()

    def _repaint(self) -> None:
        for viewport in self.views.values():
            viewport.update()

    # -- drawing geometry (screen pixels of one view) --------------------------------------------

    def lines(self, name: str, matrix: np.ndarray | None = None) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Screen end points of the other planes' lines in view ``name``."""
        viewport = self.views[name]
        shown = viewport.current_plane()
        if shown is None:
            return {}
        matrix = viewport.matrix() if matrix is None else matrix
        result = {}
        for other in PLANE_NAMES:
            if other == name:
                continue
            plane = self.views[other].current_plane()
            segment = None if plane is None else reference_line(shown, plane)
            if segment is not None:
                result[other] = (dt.apply(matrix, segment[0]), dt.apply(matrix, segment[1]))
        return result

    def screen_centre(self, name: str) -> np.ndarray | None:
        viewport = self.views[name]
        shown = viewport.current_plane()
        if shown is None:
            return None
        return viewport.screen_point(shown.to_pixel(self.crosshair.center)[:2])

    def handles(self, name: str) -> dict[str, list[np.ndarray]]:
        """Screen positions of the rotation handles on each line of view ``name``."""
        centre = self.screen_centre(name)
        viewport = self.views[name]
        if centre is None:
            return {}
        reach = HANDLE_FRACTION * min(viewport.width(), viewport.height())
        result: dict[str, list[np.ndarray]] = {}
        for other, (a, b) in self.lines(name).items():
            direction = (b - a) / max(float(np.linalg.norm(b - a)), 1e-9)
            points = []
            for sign in (1.0, -1.0):
                p = centre + sign * reach * direction
                if _on_segment(p, a, b):
                    points.append(p)
            result[other] = points
        return result

    def hit(self, name: str, screen: np.ndarray) -> tuple[str, str | None] | None:
        """What a press at ``screen`` in view ``name`` grabs: ``("move", None)``,
        ``("rotate", plane)``, ``("shift", plane)`` or nothing."""
        if not self.visible:
            return None
        centre = self.screen_centre(name)
        if centre is None:
            return None
        screen = np.asarray(screen, dtype=float)
        if np.linalg.norm(screen - centre) <= GRAB_CENTRE:
            return "move", None
        for other, points in self.handles(name).items():
            if any(np.linalg.norm(screen - p) <= GRAB_HANDLE for p in points):
                return "rotate", other
        for other, (a, b) in self.lines(name).items():
            if _distance_to_segment(screen, a, b) <= GRAB_LINE:
                return "shift", other
        return None

    # -- mouse (an event filter, so the crosshair works whatever the viewport's tool) -------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        name = self.name_of(watched) if isinstance(watched, QtViewport) else None
        if name is None or watched.source is None:
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            return self._press(name, event)  # type: ignore[arg-type]
        if kind == QEvent.Type.MouseMove:
            return self._move(name, event)  # type: ignore[arg-type]
        if kind == QEvent.Type.MouseButtonRelease and self._drag is not None:
            self._drag = None
            self._last_point = None
            for source in self.sources.values():  # the turn is over: full-quality slabs
                source.set_interactive(False)
            self._repaint()
            return True
        return False

    def _press(self, name: str, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or event.modifiers() != Qt.KeyboardModifier.NoModifier:
            return False
        screen = np.array([event.position().x(), event.position().y()])
        grabbed = self.hit(name, screen)
        if grabbed is None:
            return False
        viewport = self.views[name]
        viewport.activated.emit()
        viewport.setFocus()
        self._drag = (name, grabbed[0], grabbed[1])
        if grabbed[0] == "rotate":  # each move turns the other planes: new slabs, previewed coarse
            for other in PLANE_NAMES:
                if other != name:
                    self.sources[other].set_interactive(True)
        self._last_point = self._patient(name, screen)
        return True

    def _move(self, name: str, event: QMouseEvent) -> bool:
        screen = np.array([event.position().x(), event.position().y()])
        if self._drag is None:
            grabbed = self.hit(name, screen)
            cursors = {"move": Qt.CursorShape.SizeAllCursor, "rotate": Qt.CursorShape.OpenHandCursor,
                       "shift": Qt.CursorShape.SizeAllCursor}
            if grabbed is None:
                self.views[name].unsetCursor()
            else:
                self.views[name].setCursor(cursors[grabbed[0]])
            return False
        view, action, other = self._drag
        if view != name:
            return False
        point = self._patient(name, screen)
        if action == "move":
            self.move_to(point)
        elif action == "shift" and other is not None:
            normal = self.sources[other].reference_plane.normal
            self.move_to(self.crosshair.center + float(np.dot(point - self.crosshair.center, normal)) * normal)
        elif action == "rotate" and self._last_point is not None:
            self.rotate(name, self.crosshair.rotation_to(name, self._last_point, point))
        self._last_point = point
        return True

    def _patient(self, name: str, screen: np.ndarray) -> np.ndarray:
        viewport = self.views[name]
        return viewport.current_plane().to_patient(viewport.image_point(screen))


class CrosshairLayer:
    """Draws the crosshair of one MPR view (a :class:`~viewer.tool_protocol.ViewportLayer`)."""

    def __init__(self, controller: CrosshairController, name: str) -> None:
        self.controller = controller
        self.name = name

    def paint(self, viewport: QtViewport, painter: QPainter) -> None:
        painter.save()
        try:
            painter.setPen(QPen(PLANE_COLOURS[self.name], 4))
            painter.drawLine(QPointF(0, 1), QPointF(viewport.width(), 1))  # which view this is
            if self.controller.visible:
                self._paint_lines(viewport, painter)
        finally:
            painter.restore()

    def _paint_lines(self, viewport: QtViewport, painter: QPainter) -> None:
        controller = self.controller
        centre = controller.screen_centre(self.name)
        if centre is None:
            return
        handles = controller.handles(self.name)
        for other, (a, b) in controller.lines(self.name).items():
            colour = PLANE_COLOURS[other]
            painter.setPen(QPen(colour, 1.3))
            direction = (b - a) / max(float(np.linalg.norm(b - a)), 1e-9)
            for start, end in _split_at(a, b, centre, direction, CENTRE_GAP):
                painter.drawLine(QPointF(*start), QPointF(*end))
            self._paint_slab(viewport, painter, other, colour)
            painter.setBrush(colour)
            for p in handles.get(other, []):
                painter.drawEllipse(QPointF(*p), HANDLE_RADIUS, HANDLE_RADIUS)
            painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_slab(self, viewport: QtViewport, painter: QPainter, other: str, colour: QColor) -> None:
        """Dashed lines where a thick slab of the other plane begins and ends."""
        source = self.controller.sources[other]
        plane = self.controller.views[other].current_plane()
        shown = viewport.current_plane()
        if source.slab_mm <= 0 or plane is None or shown is None:
            return
        pen = QPen(colour, 1.0, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        matrix = viewport.matrix()
        for offset in (-source.slab_mm / 2.0, source.slab_mm / 2.0):
            segment = reference_line(shown, plane.shifted(offset))
            if segment is not None:
                a, b = (dt.apply(matrix, p) for p in segment)
                painter.drawLine(QPointF(*a), QPointF(*b))


def _on_segment(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> bool:
    ab = b - a
    t = float(np.dot(p - a, ab) / max(float(np.dot(ab, ab)), 1e-12))
    return 0.0 <= t <= 1.0


def _distance_to_segment(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    ab = b - a
    t = float(np.clip(np.dot(p - a, ab) / max(float(np.dot(ab, ab)), 1e-12), 0.0, 1.0))
    return float(np.linalg.norm(p - (a + t * ab)))


def _split_at(a: np.ndarray, b: np.ndarray, centre: np.ndarray, direction: np.ndarray,
              gap: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """The segment a-b without ``gap`` pixels either side of ``centre`` (when it lies on it)."""
    t_centre = float(np.dot(centre - a, direction))
    length = float(np.linalg.norm(b - a))
    if not 0.0 <= t_centre <= length:
        return [(a, b)]
    parts = []
    if t_centre - gap > 0:
        parts.append((a, a + (t_centre - gap) * direction))
    if t_centre + gap < length:
        parts.append((a + (t_centre + gap) * direction, b))
    return parts

