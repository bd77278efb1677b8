"""The 3D viewport: volume rendering of a series in a ``QVTKRenderWindowInteractor``.

The scene is :class:`rendering.volume_rendering.VolumeScene`: CPU ray casting (it needs
an OpenGL context only to show its image) or, on a graphics card, GPU ray casting. Left-drag turns, right-drag / wheel zooms,
middle-drag pans (VTK's trackball camera); while the user drags, the scene renders at
interactive quality and goes back to full quality on release. The toolbar offers
presets, shading, a clipping box, sculpting (draw a polygon, double-click or right-click
to cut), camera sides, the orientation cube, an iso-surface with STL export, the
transfer-function editor and a PNG snapshot.

Without a usable OpenGL (a remote desktop, an old driver) the viewport shows why instead
of crashing, and the rest of the workstation keeps working in 2D.

Import this module only when 3D is wanted: it loads VTK's Qt widget.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import vtkmodules.qt

vtkmodules.qt.PyQtImpl = "PySide6"  # before the widget module picks a Qt binding

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QTimer, Signal  # noqa: E402
from PySide6.QtGui import QAction, QImage, QMouseEvent, QPainter  # noqa: E402
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFileDialog, QLabel, QMenu, QToolBar,  # noqa: E402
                               QToolButton, QVBoxLayout, QWidget)
from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor  # noqa: E402
from vtkmodules.vtkCommonCore import vtkCommand, vtkPoints  # noqa: E402
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPlanes, vtkPolyData  # noqa: E402
from vtkmodules.vtkInteractionStyle import vtkInteractorStyleTrackballCamera  # noqa: E402
from vtkmodules.vtkInteractionWidgets import vtkBoxRepresentation, vtkBoxWidget2  # noqa: E402
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkPolyDataMapper2D, vtkRenderWindow  # noqa: E402

from rendering.planes import volume_corners  # noqa: E402
from rendering.surfaces import export_stl, iso_surface  # noqa: E402
from rendering.transfer_functions import VrPreset, default_preset, load_vr_presets  # noqa: E402
from rendering.volume_rendering import DEFAULT_MEMORY_BUDGET, VIEWS, MapperKind, VolumeScene  # noqa: E402
from viewer.images import save_image, to_qimage  # noqa: E402
from viewer.mpr import check_mpr  # noqa: E402
from viewer.qt_jobs import BackgroundJob  # noqa: E402
from viewer.qt_transfer_function import QtTransferFunctionEditor  # noqa: E402
from workstation.model import Volume  # noqa: E402

#: Default iso-surface level per modality (modality units): bone for CT.
DEFAULT_ISO_LEVEL = {"CT": 300.0}

#: How often a still-loading series is re-rendered (ms).
LOADING_POLL_MS = 500


def opengl_problem(window: vtkRenderWindow) -> str | None:
    """Why ``window`` cannot show 3D, in words; ``None`` when it has OpenGL 3.2 or newer.

    ``SupportsOpenGL`` creates a throw-away context of the window's kind, so this runs
    before the widget is shown and a missing driver is a message, not a crash.
    """
    try:
        supported = bool(window.SupportsOpenGL())
    except Exception as exc:  # a broken driver can throw from inside VTK's wrapper
        return f"creating an OpenGL context failed ({exc})"
    if not supported:
        return (f"{window.GetClassName()} could not create an OpenGL 3.2 context; update the graphics driver "
                "or use a computer with 3D graphics (2D reading still works)")
    return None


@lru_cache(maxsize=1)
def check_opengl() -> str | None:
    """:func:`opengl_problem` of the render window class 3D views get, checked once per run:
    what the shell asks to grey out 3D (and say why) on machines without OpenGL."""
    window = vtkRenderWindow()
    try:
        return opengl_problem(window)
    finally:
        window.Finalize()


#: Names of the camera views of :data:`VIEWS` shown in the View menu.
_VIEW_LABELS = {"anterior": QT_TRANSLATE_NOOP("QtVolumeViewport", "Anterior"),
                "posterior": QT_TRANSLATE_NOOP("QtVolumeViewport", "Posterior"),
                "left": QT_TRANSLATE_NOOP("QtVolumeViewport", "Left"),
                "right": QT_TRANSLATE_NOOP("QtVolumeViewport", "Right"),
                "superior": QT_TRANSLATE_NOOP("QtVolumeViewport", "Superior"),
                "inferior": QT_TRANSLATE_NOOP("QtVolumeViewport", "Inferior")}


class QtVolumeViewport(QWidget):
    """Volume rendering of ``volume`` with the reading station's 3D tools.

    Parameters
    ----------
    volume
        A volumetric grey-scale series.
    preset
        Initial preset (object or name); by default CT bone / MR / MIP by modality.
    user_presets
        Folder of the user's own ``*.json`` presets (added to the menu).
    mapper
        ``"cpu"`` or ``"gpu"`` ray casting (:data:`rendering.volume_rendering.MAPPERS`).
    memory_budget
        Bytes 3D may add; a larger volume is downsampled and the view says so.

    Raises
    ------
    GeometryError
        If the series has no 3D geometry (the message says why).
    """

    notice = Signal(str)  #: something for the status bar (downsampling, failures, exports)
    surface_ready = Signal(object)  #: the iso-surface (vtkPolyData) now shown

    def __init__(self, volume: Volume, parent: QWidget | None = None, *, preset: VrPreset | str | None = None,
                 user_presets: str | None = None, mapper: MapperKind = "cpu",
                 memory_budget: int = DEFAULT_MEMORY_BUDGET) -> None:
        super().__init__(parent)
        check_mpr(volume)
        if volume.is_colour:
            raise ValueError(self.tr("3D volume rendering needs a grey-scale series"))
        self.volume = volume
        self.presets = load_vr_presets(user_presets)
        self.scene: VolumeScene | None = None
        self.surface = None
        self.problem: str | None = None
        self._surface_job: BackgroundJob | None = None
        self._sculpt_points: list[tuple[float, float]] | None = None
        self._stopped = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("color: #ffb070; background: #101010; padding: 24px; font-size: 14px;")
        self.message.hide()
        self.vtk_widget = QVTKRenderWindowInteractor(self)
        self.window = self.vtk_widget.GetRenderWindow()
        problem = opengl_problem(self.window)
        if problem is not None:
            self._show_problem(problem)
            layout.addWidget(self.message, 1)
            return
        self.scene = VolumeScene(volume, self._preset(preset), mapper=mapper, memory_budget=memory_budget)
        self.scene.attach(self.window)
        self.scene.set_quality("full")
        self.style = vtkInteractorStyleTrackballCamera()
        self.vtk_widget.SetInteractorStyle(self.style)
        self.style.AddObserver(vtkCommand.StartInteractionEvent, lambda *_: self.scene.set_quality("interactive"))
        self.style.AddObserver(vtkCommand.EndInteractionEvent, self._on_interaction_end)
        self.vtk_widget.installEventFilter(self)
        self.editor = QtTransferFunctionEditor(volume, self.scene.transfer_function, self)
        self.editor.edited.connect(self.render)
        self.editor.hide()
        self._build_box()
        self._build_outline()
        self.toolbar = self._build_toolbar()
        layout.addWidget(self.toolbar)
        layout.addWidget(self.vtk_widget, 1)
        layout.addWidget(self.editor)
        layout.addWidget(self.message)
        self._initialised = False
        self._poll = QTimer(self)  # a still-loading series is shown once it has loaded
        self._poll.setInterval(LOADING_POLL_MS)
        self._poll.timeout.connect(self._on_loading_tick)
        if self.scene.downsampling is not None:
            self._say(self._downsampling_text())
        if not volume.is_complete:
            self.scene.actor.VisibilityOff()
            self._poll.start()
            self._on_loading_tick()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        """The interactor starts once the window exists (initialising a hidden one crashes
        OSMesa when another 3D view is open)."""
        super().showEvent(event)
        if self.scene is not None and not self._initialised:
            self._initialised = True
            self.vtk_widget.Initialize()

    def _on_loading_tick(self) -> None:
        """Say how far the series has loaded; show it once complete.

        Why not fill in slice by slice: every change of the voxels makes the CPU mapper
        recompute its shading gradients on the next frame (~3 s for a 512x512x300 CT),
        so a view growing with each batch of slices kept the program busy until the end.
        """
        if not self.volume.is_complete:
            done = int(self.volume.loaded.sum()) + len(self.volume.failed)
            self.message.setText(self.tr("3D shows the series once it has loaded: %1 of %2 images")
                                 .replace("%1", str(done)).replace("%2", str(self.volume.shape[0])))
            self.message.show()
            return
        self._poll.stop()
        text = self._downsampling_text()
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.scene.actor.VisibilityOn()
        self.render()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.stop()
        super().closeEvent(event)

    # -- set-up -------------------------------------------------------------------------------

    def _preset(self, preset: VrPreset | str | None) -> VrPreset:
        if isinstance(preset, VrPreset):
            return preset
        if preset is None:
            return default_preset(self.volume)
        for candidate in self.presets:
            if candidate.name.lower() == preset.lower():
                return candidate
        raise ValueError(f"no VR preset {preset!r}; known: {', '.join(p.name for p in self.presets)}")

    def _show_problem(self, problem: str) -> None:
        self.problem = self.tr("3D needs OpenGL: %1").replace("%1", problem)
        self.message.setText(self.problem)
        self.message.show()
        self.vtk_widget.hide()
        self.notice.emit(self.problem)

    def _downsampling_text(self) -> str:
        """The scene's :class:`~rendering.volume_rendering.Downsampling` in the user's language ("" if none)."""
        thinned = self.scene.downsampling if self.scene is not None else None
        if thinned is None:
            return ""
        text = (self.tr("3D uses one voxel in %1 along each axis (%2 of %3): the full volume exceeds the "
                        "%4 MB memory budget for 3D or the %5-voxel side of a 3D texture")
                if thinned.texture_side else
                self.tr("3D uses one voxel in %1 along each axis (%2 of %3): the full volume exceeds the "
                        "%4 MB memory budget for 3D"))
        values = (str(thinned.factor), "x".join(map(str, thinned.shape)), "x".join(map(str, thinned.full_shape)),
                  str(thinned.budget_mb), str(thinned.texture_side or ""))
        for n, value in reversed(list(enumerate(values, 1))):
            text = text.replace(f"%{n}", value)
        return text

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.notice.emit(text)

    def _build_box(self) -> None:
        """A clipping box around the volume; its faces drag, its planes clip the scene."""
        self.box = vtkBoxRepresentation()
        self.box.SetPlaceFactor(1.0)
        self.box.InsideOutOn()  # plane normals into the box: the scene keeps what they point to
        self.box.PlaceWidget(self._bounds())
        self.box_widget = vtkBoxWidget2()
        self.box_widget.SetInteractor(self.vtk_widget.GetRenderWindow().GetInteractor())
        self.box_widget.SetRepresentation(self.box)
        self.box_widget.RotationEnabledOff()
        self.box_widget.AddObserver(vtkCommand.InteractionEvent, lambda *_: self._apply_box())
        self.box_widget.AddObserver(vtkCommand.StartInteractionEvent, lambda *_: self.scene.set_quality("interactive"))
        self.box_widget.AddObserver(vtkCommand.EndInteractionEvent, self._on_interaction_end)

    def _build_outline(self) -> None:
        """The sculpting polygon, drawn in view pixels over the rendering."""
        self._outline_points = vtkPoints()
        self._outline_lines = vtkCellArray()
        self._outline = vtkPolyData()
        self._outline.SetPoints(self._outline_points)
        self._outline.SetLines(self._outline_lines)
        mapper = vtkPolyDataMapper2D()
        mapper.SetInputData(self._outline)
        self._outline_actor = vtkActor2D()
        self._outline_actor.SetMapper(mapper)
        self._outline_actor.GetProperty().SetColor(1.0, 0.8, 0.2)
        self._outline_actor.GetProperty().SetLineWidth(2.0)
        self.scene.renderer.AddViewProp(self._outline_actor)

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(self)
        bar.setObjectName("volume-toolbar")
        self.preset_box = QComboBox(bar)
        for preset in self.presets:
            self.preset_box.addItem(preset.name, preset)
        current = self.preset_box.findText(self._current_preset_name())
        self.preset_box.setCurrentIndex(max(current, 0))
        self.preset_box.currentIndexChanged.connect(lambda _i: self.set_preset(self.preset_box.currentData()))
        bar.addWidget(self.preset_box)
        self.shading_button = self._button(bar, self.tr("Shading"), self.set_shading, checkable=True,
                                           checked=self.scene.transfer_function.shade)
        bar.addSeparator()
        self.clip_button = self._button(bar, self.tr("Clip box"), self._on_clip_toggled, checkable=True)
        self.sculpt_button = self._button(bar, self.tr("Sculpt"), self.set_sculpting, checkable=True)
        self._button(bar, self.tr("Undo sculpting"), self.reset_sculpting)
        bar.addSeparator()
        views = QToolButton(bar)
        views.setText(self.tr("View"))
        views.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(views)
        for side in VIEWS:
            menu.addAction(self.tr(_VIEW_LABELS.get(side, side)), lambda s=side: self.reset_camera(s))
        views.setMenu(menu)
        bar.addWidget(views)
        self.cube_button = self._button(bar, self.tr("Cube"), self.set_orientation_cube_visible, checkable=True,
                                        checked=True)
        bar.addSeparator()
        self.surface_button = self._button(bar, self.tr("Surface"), lambda on: self.set_surface(
            self.iso_level.value() if on else None), checkable=True)
        self.iso_level = QDoubleSpinBox(bar)
        self.iso_level.setRange(-100000.0, 100000.0)
        self.iso_level.setDecimals(0)
        self.iso_level.setValue(DEFAULT_ISO_LEVEL.get(self.volume.modality.upper(), float(
            np.percentile(self.volume.to_modality(self.volume.pixels[self.volume.shape[0] // 2]), 90))))
        self.iso_level.setSuffix(f" {self.volume.units}" if self.volume.units else "")
        bar.addWidget(self.iso_level)
        self._button(bar, self.tr("Export STL..."), self._on_export_stl)
        bar.addSeparator()
        self.editor_button = self._button(bar, self.tr("Transfer function"), self.editor.setVisible, checkable=True)
        self._button(bar, self.tr("Snapshot..."), self._on_snapshot)
        return bar

    def _button(self, bar: QToolBar, text: str, slot, checkable: bool = False, checked: bool = False) -> QAction:
        action = QAction(text, bar)
        action.setCheckable(checkable)
        action.setChecked(checked)
        (action.toggled if checkable else action.triggered).connect(slot)
        bar.addAction(action)
        return action

    def _current_preset_name(self) -> str:
        return default_preset(self.volume).name

    def _bounds(self) -> list[float]:
        corners = volume_corners(self.volume)
        low, high = corners.min(axis=0), corners.max(axis=0)
        return [float(v) for pair in zip(low, high, strict=True) for v in pair]

    # -- appearance ---------------------------------------------------------------------------

    def _require_scene(self) -> VolumeScene:
        if self.scene is None:
            raise RuntimeError(self.problem or self.tr("3D is not available"))
        return self.scene

    def render(self) -> None:
        """Render now (after loading progress, edits, camera changes)."""
        if self.scene is not None:
            self.scene.render()

    def set_preset(self, preset: VrPreset | str) -> None:
        scene = self._require_scene()
        preset = self._preset(preset)
        scene.set_preset(preset)
        self.editor.set_transfer_function(scene.transfer_function)
        for widget, update in ((self.shading_button, lambda: self.shading_button.setChecked(preset.shade)),
                               (self.preset_box, lambda: self.preset_box.setCurrentIndex(
                                   max(self.preset_box.findText(preset.name), 0)))):
            widget.blockSignals(True)
            update()
            widget.blockSignals(False)
        self.render()

    def set_shading(self, shade: bool) -> None:
        self._require_scene().set_shading(shade)
        self.render()

    def set_orientation_cube_visible(self, visible: bool) -> None:
        self._require_scene().set_orientation_cube_visible(visible)
        self.render()

    def reset_camera(self, side: str = "anterior") -> None:
        self._require_scene().reset_camera(side)
        self.render()

    def _on_interaction_end(self, *_args) -> None:
        self._require_scene().set_quality("full")
        self.render()

    # -- clipping -----------------------------------------------------------------------------

    def set_clipping_box_visible(self, visible: bool) -> None:
        """Show the box (its planes clip) or hide it (no clipping)."""
        self._require_scene()
        if self.clip_button.isChecked() != visible:
            self.clip_button.setChecked(visible)  # its toggled signal applies it
        else:
            self._on_clip_toggled(visible)

    def _on_clip_toggled(self, visible: bool) -> None:
        if visible:
            self.box_widget.On()
            self._apply_box()
        else:
            self.box_widget.Off()
            self.scene.set_clipping_planes(None)
        self.render()

    def set_clipping_bounds(self, bounds: list[float] | tuple[float, ...]) -> None:
        """Place the clipping box at ``(xmin, xmax, ymin, ymax, zmin, zmax)`` LPS mm and clip."""
        self.box.PlaceWidget([float(b) for b in bounds])
        self.set_clipping_box_visible(True)

    def _apply_box(self) -> None:
        planes = vtkPlanes()
        self.box.GetPlanes(planes)
        self._require_scene().set_clipping_planes(planes)

    # -- sculpting ----------------------------------------------------------------------------

    def set_sculpting(self, on: bool) -> None:
        """In sculpting mode left clicks draw a polygon; double-click or right-click cuts away
        what it covers (Shift: keep only what it covers); Esc abandons it."""
        self._sculpt_points = [] if on else None
        self._draw_outline()
        if not on:
            self.render()

    def sculpt(self, polygon, remove: str = "inside") -> int:
        """Cut away what ``polygon`` (view pixels, y down) covers; returns the voxels removed."""
        removed = self._require_scene().sculpt(polygon, remove)  # type: ignore[arg-type]
        self.render()
        return removed

    def reset_sculpting(self) -> None:
        self._require_scene().reset_sculpting()
        self.render()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Mouse clicks build the sculpting polygon instead of turning the camera."""
        if self._sculpt_points is None or watched is not self.vtk_widget:
            return False
        kind = event.type()
        if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:  # type: ignore[attr-defined]
            self.set_sculpting(True)
            return True
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
                        QEvent.Type.MouseButtonRelease):
            return False
        mouse: QMouseEvent = event  # type: ignore[assignment]
        ratio = self.vtk_widget.devicePixelRatioF()
        point = (mouse.position().x() * ratio, mouse.position().y() * ratio)
        close = kind == QEvent.Type.MouseButtonDblClick or (
            kind == QEvent.Type.MouseButtonPress and mouse.button() == Qt.MouseButton.RightButton)
        if close and len(self._sculpt_points) >= 3:
            keep = bool(mouse.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            polygon, self._sculpt_points = self._sculpt_points, []
            self._draw_outline()
            self.sculpt(polygon, "outside" if keep else "inside")
        elif kind == QEvent.Type.MouseButtonPress and mouse.button() == Qt.MouseButton.LeftButton:
            self._sculpt_points.append(point)
            self._draw_outline()
            self.render()
        return True  # the camera does not move while drawing

    def _draw_outline(self) -> None:
        points = self._sculpt_points or []
        height = self.window.GetSize()[1]
        self._outline_points.Reset()
        self._outline_lines.Reset()
        for x, y in points:
            self._outline_points.InsertNextPoint(x, height - 1 - y, 0.0)
        if len(points) >= 2:
            self._outline_lines.InsertNextCell(len(points) + 1)
            for i in list(range(len(points))) + [0]:
                self._outline_lines.InsertCellPoint(i)
        self._outline_points.Modified()
        self._outline_lines.Modified()
        self._outline.Modified()

    # -- iso-surface ----------------------------------------------------------------------------

    def set_surface(self, level: float | None) -> None:
        """Show the iso-surface at ``level`` (modality units) instead of the volume; None goes
        back to volume rendering. The surface is computed in the background
        (:attr:`surface_ready` says when it shows)."""
        scene = self._require_scene()
        for actor in scene.surfaces:
            scene.renderer.RemoveActor(actor)
        scene.surfaces.clear()
        self.surface = None
        if level is None:
            scene.actor.SetVisibility(1)
            self.render()
            return
        if self._surface_job is not None:
            self._surface_job.stop()
        volume = self.volume
        job = BackgroundJob(lambda progress, cancel: iso_surface(volume, float(level)), self.tr("Iso-surface"))
        job.signals.finished.connect(self._on_surface)
        job.signals.failed.connect(self._say)
        self._surface_job = job.start()

    def _on_surface(self, surface) -> None:
        scene = self._require_scene()
        if surface.GetNumberOfCells() == 0:
            self._say(self.tr("The iso-surface is empty: choose a level inside the data range"))
            return
        self.surface = surface
        scene.actor.SetVisibility(0)
        scene.add_surface(surface)
        self.render()
        self.surface_ready.emit(surface)

    def export_stl(self, path: str) -> str:
        """Write the shown iso-surface as STL (mm, patient LPS axes)."""
        if self.surface is None:
            raise ValueError(self.tr("no iso-surface to export: turn Surface on first"))
        written = str(export_stl(self.surface, path))
        self.notice.emit(self.tr("STL written: %1").replace("%1", written))
        return written

    def _on_export_stl(self) -> None:
        if self.surface is None:
            self._say(self.tr("Turn Surface on before exporting STL"))
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export STL"), "surface.stl", "STL (*.stl)")
        if path:
            try:
                self.export_stl(path)
            except (OSError, ValueError) as exc:
                self._say(str(exc))

    # -- snapshots ------------------------------------------------------------------------------

    def snapshot(self) -> np.ndarray:
        """The rendered view as ``(h, w, 3)`` uint8 (read from the render window, not the screen)."""
        return self._require_scene().snapshot()

    def render_widget_image(self) -> QImage:
        """The whole widget as seen, toolbar and editor included, with the 3D image read from
        the render window (``QWidget.grab`` cannot read an OpenGL surface offscreen)."""
        image = self.grab().toImage()
        if self.scene is not None and self.vtk_widget.isVisible():
            painter = QPainter(image)
            try:
                painter.drawImage(self.vtk_widget.geometry().topLeft(), to_qimage(self.snapshot()))
            finally:
                painter.end()
        return image

    def save_snapshot(self, path: str) -> None:
        save_image(self.snapshot(), path)

    def _on_snapshot(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save 3D snapshot"), "3d.png", "PNG (*.png)")
        if path:
            try:
                self.save_snapshot(path)
            except OSError as exc:
                self._say(str(exc))

    def stop(self) -> None:
        """Stop background work and release the OpenGL context (closing the view does it)."""
        if self._stopped:
            return
        self._stopped = True
        if self._surface_job is not None:
            self._surface_job.stop()
        if self.scene is not None:
            self._poll.stop()
            self.box_widget.Off()
            self.scene.detach()
        self.vtk_widget.Finalize()


def open_volume_rendering(view, volume: Volume | None = None, parent: QWidget | None = None,
                          mapper: MapperKind = "cpu") -> QtVolumeViewport:
    """A 3D view of ``volume`` (default: the series in ``view``'s active viewport) with
    ``mapper`` ray casting.

    Raises
    ------
    ValueError
        If there is no series, or it is a colour series.
    GeometryError
        If the series has no 3D geometry (the message says why).
    """
    viewport = view.active
    if volume is None and viewport is not None and viewport.source is not None:
        volume = viewport.source.volume
    if volume is None:
        raise ValueError(QCoreApplication.translate("QtVolumeViewport",
                                                    "no series in the active viewport to show in 3D"))
    return QtVolumeViewport(volume, parent, mapper=mapper)
