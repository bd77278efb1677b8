"""The measurements of one open study, wired to its viewports.

One :class:`QtMeasurementSession` per study owns the :class:`MeasurementSet`, its
:class:`UndoStack` and the selection, draws through a :class:`MeasurementLayer` on every
viewport it is attached to, and gives the tools what they need: the image a viewport
shows (with its calibration), the measurements on it, hit testing, and keys (Escape,
Delete, Enter) that the viewport itself does not pass to tools.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QInputDialog, QWidget

from tools.measure import (
    AddMeasurement,
    ImageGeometry,
    ImageRef,
    Measurement,
    MeasurementSet,
    RemoveMeasurement,
    SliceImage,
    UndoStack,
)
from tools.qt_measure_layer import Hit, MeasurementLayer, hit_test
from viewer.builtin_tools import BrowseTool
from workstation.model import SpacingKind, Volume, plane_name

if TYPE_CHECKING:
    from viewer.qt_study_view import QtStudyView
    from viewer.qt_viewport import QtViewport

#: How many displayed planes keep their SliceImage (and so their bound measurements).
_IMAGE_CACHE = 64

#: ``ask_text(parent, initial) -> text or None``: how text and arrow tools get words.
TextProvider = Callable[[QWidget, str], "str | None"]


def ask_text_dialog(parent: QWidget, initial: str = "") -> str | None:
    """The default text provider: a one-line input dialog."""
    text, ok = QInputDialog.getText(parent, parent.tr("Annotation"), parent.tr("Text:"), text=initial)
    return text if ok else None


#: How the measurement list names the plane a reformat measurement was drawn on.
_PLANE_WORDS = {"axial": QT_TRANSLATE_NOOP("QtMeasurementSession", "axial"),
                "coronal": QT_TRANSLATE_NOOP("QtMeasurementSession", "coronal"),
                "sagittal": QT_TRANSLATE_NOOP("QtMeasurementSession", "sagittal"),
                "oblique": QT_TRANSLATE_NOOP("QtMeasurementSession", "oblique")}


class QtMeasurementSession(QObject):
    """Measurements, undo history and selection of one study, shown on its viewports.

    Signals
    -------
    selection_changed(str | None)
        The selected measurement id.
    changed()
        Measurements were added, removed, edited, shown or hidden (panels refresh).
    image_requested(ImageRef)
        :meth:`jump_to` found no viewport or stack for the image: the app should open it.
    message(str)
        Something the user should read in the status bar.
    """

    selection_changed = Signal(object)
    changed = Signal()
    image_requested = Signal(object)
    message = Signal(str)

    def __init__(self, measurements: MeasurementSet | None = None, undo_stack: UndoStack | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.measurements = measurements if measurements is not None else MeasurementSet()
        self.undo_stack = undo_stack if undo_stack is not None else UndoStack()
        self.layer = MeasurementLayer(self)
        self.viewports: list[QtViewport] = []
        self.views: list[QtStudyView] = []
        self.ask_text: TextProvider = ask_text_dialog
        self.tool_name: str | None = None
        self._selected: str | None = None
        self._copied: Measurement | None = None
        self._images: OrderedDict[tuple[Any, int], SliceImage] = OrderedDict()
        self._frame_index: WeakKeyDictionary[Volume, dict[tuple[str, int], int]] = WeakKeyDictionary()
        for event in (self.measurements.added, self.measurements.removed, self.measurements.replaced,
                      self.measurements.visibility_changed):
            event.connect(self._on_measurements_changed)
        self.measurements.calibration_changed.connect(self._on_calibration_changed)

    # -- viewports -------------------------------------------------------------------------

    def attach(self, viewport: QtViewport) -> None:
        """Draw on ``viewport`` and take its keys; idempotent."""
        if viewport in self.viewports:
            return
        self.viewports.append(viewport)
        viewport.layers.append(self.layer)
        viewport.installEventFilter(self)
        viewport.destroyed.connect(lambda *_args, v=viewport: self._forget(v))
        if self.tool_name is not None:
            viewport.tool = self._make_tool(self.tool_name)
        viewport.update()

    def detach(self, viewport: QtViewport) -> None:
        if viewport in self.viewports:
            self.viewports.remove(viewport)
            if self.layer in viewport.layers:
                viewport.layers.remove(self.layer)
            viewport.removeEventFilter(self)
            viewport.update()

    def _forget(self, viewport: QObject) -> None:
        self.viewports = [v for v in self.viewports if v is not viewport]

    def attach_view(self, view: QtStudyView) -> None:
        """Attach every viewport of a study view, now and after layout changes, and know
        its stacks (to label images and to open them in :meth:`jump_to`)."""
        if view not in self.views:
            self.views.append(view)
            view.grid.viewports_changed.connect(lambda v=view: self._attach_grid(v))
        self._attach_grid(view)

    def _attach_grid(self, view: QtStudyView) -> None:
        for viewport in view.grid.viewports:
            self.attach(viewport)

    def set_tool(self, name: str | None) -> None:
        """Give every attached viewport a fresh measurement tool ``name`` (see
        :data:`tools.qt_measure_tools.MEASURE_TOOLS`); ``None`` forgets it (the app then
        sets its own tool, and viewports attached later keep theirs)."""
        self.cancel_drawing()
        self.tool_name = name
        for viewport in self.viewports:
            viewport.tool = self._make_tool(name) if name is not None else BrowseTool()

    def _make_tool(self, name: str):
        from tools.qt_measure_tools import make_tool  # the tools import this module
        return make_tool(self, name)

    def cancel_drawing(self) -> None:
        """Abandon any shape being drawn or dragged (Escape, undo, tool change)."""
        for viewport in self.viewports:
            cancel = getattr(viewport.tool, "cancel", None)
            if cancel is not None:
                cancel(viewport)

    # -- what a viewport shows ------------------------------------------------------------------

    def image_for(self, viewport: QtViewport) -> SliceImage | None:
        """The decoded image a viewport shows, calibrated like its series; ``None`` while
        it is loading or for a source that is not a stack of a Volume."""
        source = viewport.source
        volume = getattr(source, "volume", None)
        if source is None or not isinstance(volume, Volume):
            return None
        k = viewport.state.slice_index
        if not source.is_loaded(k):
            return None
        reformatted = getattr(source, "is_reformatted", False)
        key = (source.key, k) if reformatted else (id(volume), k)
        image = self._images.get(key)
        if image is None or image.source is not volume:
            image = _reformatted_image(source, k) if reformatted else self.measurements.slice_image(volume, k)
            self._images[key] = image
            while len(self._images) > _IMAGE_CACHE:
                self._images.popitem(last=False)
        else:
            self._images.move_to_end(key)
        return image

    def shown_measurements(self, viewport: QtViewport) -> list[Measurement]:
        """Measurements on the image ``viewport`` shows, bound to its pixels."""
        image = self.image_for(viewport)
        if image is None:
            return []
        if image.ref is None:
            return self.measurements.on_plane(image.geometry)
        self.measurements.bind(image)
        return self.measurements.for_image(image.ref)

    def hit(self, viewport: QtViewport, screen: Any) -> Hit | None:
        """The measurement (and handle) under a screen point of ``viewport``."""
        if not self.measurements.visible:
            return None
        return hit_test(viewport.matrix(), self.shown_measurements(viewport), screen,
                        self.layer.label_boxes.get(id(viewport)))

    def volumes(self) -> list[Volume]:
        """Every volume this session can show: stacks of attached views, then viewports."""
        found: list[Volume] = []
        for view in self.views:
            found += [stack.volume for stack in view.stacks.values()]
        for viewport in self.viewports:
            volume = getattr(viewport.source, "volume", None)
            if isinstance(volume, Volume):
                found.append(volume)
        unique: dict[int, Volume] = {id(v): v for v in found}
        return list(unique.values())

    def locate(self, ref: ImageRef) -> tuple[Volume, int] | None:
        """The volume and slice index holding the image ``ref``."""
        for volume in self.volumes():
            index = self._frame_index.get(volume)
            if index is None:
                index = {(f.sop_instance_uid, f.frame_number): k for k, f in enumerate(volume.frames)}
                self._frame_index[volume] = index
            k = index.get((ref.sop_instance_uid, ref.frame_number))
            if k is not None:
                return volume, k
        return None

    def image_label(self, m: Measurement) -> str:
        """``"Series 2, image 7"`` for tables, ``"MPR coronal"`` for a reconstructed plane;
        the UID when the image is not open here."""
        if m.ref is None:
            if m.geometry.spacing_kind is SpacingKind.CURVED:
                return self.tr("Curved MPR")
            plane = plane_name([*m.geometry.row_direction, *m.geometry.column_direction])
            return self.tr("MPR %1").replace("%1", self.tr(_PLANE_WORDS[plane]))
        found = self.locate(m.ref)
        if found is None:
            return m.ref.sop_instance_uid
        volume, k = found
        number = volume.series.series_number if volume.series is not None else None
        series = self.tr("Series %1").replace("%1", str(number)) if number is not None else self.tr("Series")
        return self.tr("%1, image %2").replace("%1", series).replace("%2", str(k + 1))

    def bind_loaded(self) -> int:
        """Bind every measurement whose image is open and decoded, so tables show ROI
        statistics for images not on screen; returns how many were bound."""
        count = 0
        for m in list(self.measurements):
            found = self.locate(m.ref) if m.ref is not None else None
            if m.image is None and found is not None and found[0].loaded[found[1]]:
                count += self.measurements.bind(self.measurements.slice_image(*found))
        return count

    # -- selection and editing ---------------------------------------------------------------

    @property
    def selected_id(self) -> str | None:
        return self._selected

    def select(self, measurement_id: str | None) -> None:
        if measurement_id is not None and measurement_id not in self.measurements:
            raise KeyError(f"no measurement with id {measurement_id!r}")
        if measurement_id != self._selected:
            self._selected = measurement_id
            self._update_viewports()
            self.selection_changed.emit(measurement_id)

    def delete(self, measurement_id: str) -> None:
        """Delete one measurement as an undoable step."""
        self.undo_stack.push(RemoveMeasurement(self.measurements, measurement_id))

    def delete_selected(self) -> bool:
        if self._selected is None or self.undo_stack.in_group:
            return False
        self.delete(self._selected)
        return True

    def add_measurements(self, items: list[Measurement], text: str) -> int:
        """Add several measurements as one undo step (an imported presentation state);
        ids already present are skipped. Returns how many were added."""
        new = [m for m in items if m.id not in self.measurements]
        if new:
            with self.undo_stack.group(text):
                for m in new:
                    self.undo_stack.push(AddMeasurement(self.measurements, m))
        return len(new)

    def copy_selected(self) -> Measurement | None:
        """Remember the selected measurement for :meth:`paste` (the app also puts its
        table row on the system clipboard, see :func:`tools.clipboard.copy_measurements`)."""
        self._copied = self.measurements.get(self._selected) if self._selected is not None else None
        return self._copied

    def paste(self, viewport: QtViewport) -> Measurement | None:
        """Put a copy of the copied measurement on the image ``viewport`` shows, at the
        same pixel position (same place on a matching image of another series or a
        prior), as one undo step; the copy is measured on its new image."""
        image = self.image_for(viewport)
        if self._copied is None or image is None:
            return None
        copy = self._copied.copied_to(image)
        self.undo_stack.push(AddMeasurement(self.measurements, copy, f"Paste {copy.title.lower()}"))
        self.select(copy.id)
        return copy

    def undo(self) -> None:
        self.cancel_drawing()
        if not self.undo_stack.in_group:
            self.undo_stack.undo()

    def redo(self) -> None:
        self.cancel_drawing()
        if not self.undo_stack.in_group:
            self.undo_stack.redo()

    def set_visible(self, visible: bool) -> None:
        """Show or hide all measurements (hidden ones cannot be grabbed either)."""
        self.measurements.visible = visible

    def jump_to(self, measurement_id: str) -> bool:
        """Select a measurement and show its image: in a viewport already showing that
        volume, else in the active viewport of a view that has the stack; otherwise
        ``image_requested`` asks the app. Returns True when the image is on screen."""
        m = self.measurements.get(measurement_id)
        self.select(measurement_id)
        found = self.locate(m.ref) if m.ref is not None else None
        if found is None:
            if m.ref is not None:
                self.image_requested.emit(m.ref)
            return False
        volume, k = found
        target = next((v for v in self.viewports if getattr(v.source, "volume", None) is volume), None)
        if target is None:
            for view in self.views:
                stack = next((s for s in view.stacks.values() if s.volume is volume), None)
                if stack is not None and view.active is not None:
                    view.show_stack(stack.key, view.active)
                    target = view.active
                    break
        if target is None:
            self.image_requested.emit(m.ref)
            return False
        target.set_slice(k)
        target.activated.emit()
        return True

    # -- events -------------------------------------------------------------------------------

    def _update_viewports(self) -> None:
        for viewport in self.viewports:
            viewport.update()

    def _on_measurements_changed(self, *args: Any) -> None:
        if self._selected is not None and self._selected not in self.measurements:
            self._selected = None
            self.selection_changed.emit(None)
        self._update_viewports()
        self.changed.emit()

    def _on_calibration_changed(self, *args: Any) -> None:
        self._images.clear()
        self._update_viewports()
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Escape cancels a drawing, Delete removes the selection, Enter or a double-click
        finishes a polyline: the viewport neither passes keys to tools nor lets a
        double-click through (it maximises), so they are taken here first."""
        kind = event.type()
        viewport = watched if watched in self.viewports else None
        if viewport is None:
            return False
        tool = viewport.tool
        drawing = bool(getattr(tool, "is_drawing", lambda: False)())
        if kind == QEvent.Type.ShortcutOverride and self._wants_key(event.key(), drawing):
            event.accept()  # the key comes to the viewport instead of the window's shortcut
            return True
        if kind == QEvent.Type.KeyPress and self._wants_key(event.key(), drawing):
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.cancel_drawing()
            elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.delete_selected()
            else:
                tool.finish(viewport)
            return True
        if kind == QEvent.Type.MouseButtonDblClick and drawing:
            tool.finish(viewport)
            return True
        return False

    def _wants_key(self, key: int, drawing: bool) -> bool:
        if key == Qt.Key.Key_Escape:
            return drawing
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return self._selected is not None and not drawing
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return drawing
        return False


def _reformatted_image(source, k: int) -> SliceImage:
    """Frame ``k`` of an MPR/MIP source as a measurable image: its true patient plane and
    modality values (interpolated, so no stored values), units and SUV of the volume."""
    plane = source.plane(k)
    geometry = ImageGeometry.from_plane(plane.origin, plane.row, plane.column, plane.spacing)
    volume = source.volume
    return SliceImage.from_plane(volume.to_modality(source.frame(k)), geometry, volume)

