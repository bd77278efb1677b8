"""MPR, 3D volume rendering and fusion as tabs next to the study they come from."""

from __future__ import annotations

import logging

import numpy as np
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from workstation.app.actions import ActionSpec, N_
from workstation.app.graphics_controller import GraphicsController
from workstation.model import GeometryError

log = logging.getLogger(__name__)


class VolumeController(QObject):
    """Opens reformatted views of the active series; refuses with the reason when the
    series is not a volume ("2D only")."""

    ACTIONS = (
        ActionSpec("mpr", N_("MPR / oblique / MIP"), "Ctrl+Alt+R", N_("Image"), toolbar=True),
        ActionSpec("volume_3d", N_("3D volume rendering"), "Ctrl+Alt+V", N_("Image"), toolbar=True),
        ActionSpec("fusion", N_("Fusion (PET/CT, MR)"), "Ctrl+Alt+F", N_("Image"), toolbar=True),
        ActionSpec("curved_mpr", N_("Curved MPR along the selected polyline"), "Ctrl+Alt+U", N_("Image")),
        ActionSpec("fusion_more", N_("Fusion: more of the overlay"), "]", N_("Image")),
        ActionSpec("fusion_less", N_("Fusion: less of the overlay"), "[", N_("Image")),
    )

    #: Opacity step of the fusion overlay keys.
    FUSION_OPACITY_STEP = 0.1

    def __init__(self, window, store) -> None:
        super().__init__(window)
        self.window = window
        self._opengl_checked = False

    def _study_view(self):
        view = self.window.current_view()
        if view is None or view.active is None or view.active.source is None:
            self.window.show_message(self.tr("Show a series in the active viewport first"), error=True)
            return None
        return view

    def _add_tab(self, widget, title: str) -> None:
        """Show ``widget`` in a tab of the study it comes from; its viewports measure into
        that study's measurements (drawn on reformatted planes, saved with the study) and
        take the tool chosen in the toolbar."""
        notice = getattr(widget, "notice", None)
        if notice is not None:
            notice.connect(self.window.show_message)
        study_uid = self.window.current_study_uid()
        session = self.window.measure.sessions.get(study_uid or "")
        if session is not None:
            for viewport in getattr(widget, "viewports", []):
                session.attach(viewport)
        self.window.add_derived_tab(widget, title, study_uid)
        self.window.set_tool(self.window.current_tool())

    def _title(self, kind: str, view) -> str:
        volume = view.active.source.volume
        series = volume.series.description if volume.series is not None else ""
        return f"{kind} — {series or volume.modality}"

    def on_mpr(self) -> None:
        from viewer.qt_mpr import open_mpr

        view = self._study_view()
        if view is None:
            return
        try:
            widget = open_mpr(view, parent=self.window)
        except (GeometryError, ValueError) as exc:
            self.window.show_message(str(exc), error=True)
            return
        self._add_tab(widget, self._title("MPR", view))

    def on_volume_3d(self) -> None:
        if not self._opengl_available():
            return
        from viewer.qt_volume_viewport import open_volume_rendering

        view = self._study_view()
        if view is None:
            return
        mapper = self._volume_mapper()
        # The first frame is rendered on this thread; CPU ray casting first computes the
        # shading gradients (~2.5 s for a 512x512x300 CT): say so and show a busy cursor.
        self.window.show_message(self.tr("Preparing 3D..."))
        self.window.message.repaint()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            widget = open_volume_rendering(view, parent=self.window, mapper=mapper)
            log.info("3D volume rendering with %s ray casting", mapper.upper())
            self._add_tab(widget, self._title("3D", view))
            self.window.show_message(self.tr("3D: drag to turn, right-drag or wheel to zoom, middle-drag to pan"))
        except (GeometryError, ValueError) as exc:
            self.window.show_message(str(exc), error=True)
        finally:
            QApplication.restoreOverrideCursor()

    def on_fusion(self) -> None:
        from viewer.qt_fusion import open_fusion

        view = self._study_view()
        if view is None:
            return
        try:
            widget = open_fusion(view, parent=self.window)
        except (GeometryError, ValueError) as exc:
            self.window.show_message(str(exc), error=True)
            return
        self._add_tab(widget, self._title(self.tr("Fusion"), view))

    def on_fusion_more(self) -> None:
        self._step_fusion_opacity(self.FUSION_OPACITY_STEP)

    def on_fusion_less(self) -> None:
        self._step_fusion_opacity(-self.FUSION_OPACITY_STEP)

    def _step_fusion_opacity(self, step: float) -> None:
        """Blend more or less of the overlay in the fused image the reader is on."""
        from viewer.qt_fusion import set_fusion_look

        source = set_fusion_look(self.window.current_view(), opacity_step=step)
        if source is None:
            self.window.show_message(self.tr("The active viewport shows no fused image"), error=True)
            return
        self.window.show_message(self.tr("Fusion overlay opacity %1%").replace("%1", str(round(source.opacity * 100))))

    def on_curved_mpr(self) -> None:
        """Sweep the selected polyline measurement along the normal of the image it was
        drawn on (an arch on an axial slice gives a dental panoramic) and show the result
        flat in a new tab, where the study's measurement tools measure along the curve."""
        from tools.measure.lines import Polyline
        from viewer.mpr import check_mpr
        from viewer.qt_curved import QtCurvedView

        view = self._study_view()
        if view is None:
            return
        session = self.window.measure.sessions.get(self.window.current_study_uid() or "")
        selected = session.selected_id if session is not None else None
        polyline = session.measurements.get(selected) if selected is not None else None
        if not isinstance(polyline, Polyline) or polyline.closed:
            self.window.show_message(self.tr("Draw a polyline along the structure (Polyline length tool) and "
                                             "select it first"), error=True)
            return
        viewport = view.active
        volume = viewport.source.volume
        if not volume.is_complete:  # a curved MPR is made once, from every slice
            self.window.show_message(self.tr("Wait until the series has loaded"), error=True)
            return
        geometry = polyline.geometry
        try:
            check_mpr(volume)
            if not geometry.has_patient_coordinates:
                raise ValueError(self.tr("the polyline is on an image without patient coordinates"))
            path = geometry.pixel_to_patient(np.asarray(polyline.points, dtype=float))
            normal = np.cross(geometry.row_direction, geometry.column_direction)
            widget = QtCurvedView(volume, path, normal, voi=viewport.effective_voi(),  # the tab adopts it
                                  date_format=viewport.date_format)
        except (GeometryError, ValueError) as exc:
            self.window.show_message(str(exc), error=True)
            return
        self._add_tab(widget, self._title(self.tr("Curved MPR"), view))  # lengths along the curve

    def _volume_mapper(self) -> str:
        """GPU ray casting when the start-up OpenGL check found a graphics card; CPU ray
        casting on software OpenGL, and while that check has not answered yet."""
        graphics = next((c for c in self.window.controllers if isinstance(c, GraphicsController)), None)
        status = graphics.status if graphics is not None else None
        return status.volume_mapper if status is not None else "cpu"

    def _opengl_available(self) -> bool:
        """3D needs OpenGL; without it the action is disabled with the reason (2D keeps working)."""
        from viewer.qt_volume_viewport import check_opengl

        problem = check_opengl()
        if problem:
            action = self.window.actions_by_id.get("volume_3d")
            if action is not None:
                action.setEnabled(False)
                action.setToolTip(problem)
            self.window.show_message(problem, error=True)
            return False
        return True
