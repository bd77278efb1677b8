"""Measurements in the main window: one session per open study, the panel dock, the
Edit/Measure/File commands, persistence in the store and presentation states (GSPS).

Kept out of ``main_window`` so the window stays a table of commands; every handler is
``on_<action id>`` and the window dispatches to it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QFileDialog, QStackedWidget, QWidget

from export.gsps import build_gsps, measurements_from_gsps, referenced_headers, volume_lookup
from tools.clipboard import copy_grid, copy_measurements, copy_viewport
from tools.measure import MeasurementSet
from tools.measure_store import MeasurementStore
from tools.qt_calibration import remove_calibration
from tools.qt_measure_session import QtMeasurementSession
from tools.qt_measurement_panel import QtMeasurementPanel
from viewer.qt_study_view import QtStudyView
from workstation.dicomio import read_header
from workstation.store import ImportStatus

log = logging.getLogger(__name__)

PRESENTATION_STATE_MODALITY = "PR"


class MeasureController(QObject):
    """Owns the measurement sessions of a main window (``window``)."""

    def __init__(self, window, store) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.adapter = MeasurementStore(store)
        self.sessions: dict[str, QtMeasurementSession] = {}
        self.panels: dict[str, QtMeasurementPanel] = {}
        self.panel_stack = QStackedWidget()
        self.panel_stack.addWidget(QWidget())  # shown when no study is open
        self.dock = QDockWidget(self.tr("Measurements"), window)
        self.dock.setObjectName("measurements-dock")
        self.dock.setWidget(self.panel_stack)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()

    # -- study lifecycle -------------------------------------------------------------------

    def study_opened(self, study_uid: str, view: QtStudyView) -> None:
        session = QtMeasurementSession(MeasurementSet(study_uid), parent=view)
        session.attach_view(view)
        session.message.connect(self.window.show_message)
        session.undo_stack.changed.connect(lambda *_: self._save(study_uid))
        self.sessions[study_uid] = session
        panel = QtMeasurementPanel(session)
        panel.copied.connect(lambda: self.window.show_message(self.tr("Measurement table copied")))
        self.panels[study_uid] = panel
        self.panel_stack.addWidget(panel)

    def study_planned(self, study_uid: str, view: QtStudyView) -> None:
        """Load what was measured before, and show presentation states of the study."""
        session = self.sessions.get(study_uid)
        if session is None:
            return
        uids = [f.sop_instance_uid for stack in view.stacks.values() for f in stack.volume.frames
                if f.sop_instance_uid]
        report = self.adapter.load(session.measurements, uids)
        for skipped in report.skipped:
            self.window.show_message(self.tr("A saved measurement could not be read and was skipped: %1")
                                     .replace("%1", str(skipped.reason)), error=True)
        self._show_presentation_states(study_uid, session)

    def study_decoded(self, study_uid: str) -> None:
        session = self.sessions.get(study_uid)
        if session is not None:
            session.bind_loaded()

    def study_closed(self, study_uid: str) -> None:
        self._save(study_uid)
        self.sessions.pop(study_uid, None)
        panel = self.panels.pop(study_uid, None)
        if panel is not None:
            self.panel_stack.removeWidget(panel)
            panel.deleteLater()

    def study_shown(self, study_uid: str | None) -> None:
        panel = self.panels.get(study_uid) if study_uid else None
        self.panel_stack.setCurrentWidget(panel if panel is not None else self.panel_stack.widget(0))

    def save_all(self) -> None:
        for uid in list(self.sessions):
            self._save(uid)

    def _save(self, study_uid: str) -> None:
        session = self.sessions.get(study_uid)
        if session is None:
            return
        try:
            report = self.adapter.save(session.measurements)
        except OSError as exc:  # disk full or read-only store: say so, keep them in memory
            self.window.show_message(self.tr("Measurements could not be saved: %1").replace("%1", str(exc)),
                                     error=True)
            return
        if report.unsaved:
            log.info("%d measurement(s) not saved (not on an original image)", len(report.unsaved))

    def _show_presentation_states(self, study_uid: str, session: QtMeasurementSession) -> None:
        lookup = volume_lookup(session.volumes(), session.measurements)
        for series in self.store.series(study_uid):
            if series.modality != PRESENTATION_STATE_MODALITY:
                continue
            for instance in self.store.instances(series.series_instance_uid):
                try:
                    result = measurements_from_gsps(read_header(instance.path), lookup)
                except Exception as exc:  # a foreign GSPS we cannot read: report, go on
                    self.window.show_message(self.tr("Presentation state %1 could not be shown: %2")
                                             .replace("%1", instance.sop_instance_uid).replace("%2", str(exc)),
                                             error=True)
                    continue
                for m in result.measurements:
                    if session.measurements.get(m.id) is None:
                        session.measurements.add(m)

    # -- helpers ------------------------------------------------------------------------------

    def current(self) -> tuple[str | None, QtMeasurementSession | None]:
        uid = self.window.current_study_uid()
        return uid, self.sessions.get(uid) if uid else None

    def set_tool(self, name: str | None) -> None:
        for session in self.sessions.values():
            session.set_tool(name)

    # -- commands (on_<action id>) -----------------------------------------------------------

    def on_undo(self) -> None:
        _, session = self.current()
        if session is not None:
            session.undo()

    def on_redo(self) -> None:
        _, session = self.current()
        if session is not None:
            session.redo()

    def on_copy_image(self) -> None:
        viewport = self.window.active_viewport()
        if viewport is not None:
            copy_viewport(viewport)
            self.window.show_message(self.tr("Image copied to the clipboard"))

    def on_copy_image_plain(self) -> None:
        viewport = self.window.active_viewport()
        if viewport is not None:
            copy_viewport(viewport, overlays=False, annotations=False)
            self.window.show_message(self.tr("Image copied without overlays"))

    def on_copy_layout(self) -> None:
        view = self.window.current_view()
        if view is not None:
            copy_grid(view.grid)
            self.window.show_message(self.tr("Layout copied to the clipboard"))

    def on_copy_measurement_table(self) -> None:
        _, session = self.current()
        if session is not None:
            copy_measurements(list(session.measurements), session.image_label)
            self.window.show_message(self.tr("Measurement table copied"))

    def on_copy_measurement(self) -> None:
        _, session = self.current()
        if session is not None and session.copy_selected() is not None:
            self.window.show_message(self.tr("Measurement copied: paste it on another image with Ctrl+V"))

    def on_paste_measurement(self) -> None:
        _, session = self.current()
        viewport = self.window.active_viewport()
        if session is not None and viewport is not None and session.paste(viewport) is None:
            self.window.show_message(self.tr("Nothing to paste: copy a measurement first"), error=True)

    def on_delete_measurement(self) -> None:
        _, session = self.current()
        if session is not None:
            session.delete_selected()

    def on_show_measurements(self) -> None:
        visible = self.window.actions_by_id["show_measurements"].isChecked()
        for session in self.sessions.values():
            session.set_visible(visible)

    def on_measurement_panel(self) -> None:
        self.dock.setVisible(self.window.actions_by_id["measurement_panel"].isChecked())

    def on_remove_calibration(self) -> None:
        _, session = self.current()
        viewport = self.window.active_viewport()
        if session is not None and viewport is not None and not remove_calibration(session, viewport):
            self.window.show_message(self.tr("This series has no calibration"), error=True)

    def on_save_gsps(self) -> None:
        """Write the study's measurements as a GSPS into the local store (then it can be
        sent to the PACS with the study) and, if asked, to a file."""
        uid, session = self.current()
        if session is None:
            return
        measurements = list(session.measurements)
        headers = referenced_headers(measurements, session.volumes())
        if not headers:
            self.window.show_message(self.tr("No measurement on an original image to save"), error=True)
            return
        export = build_gsps(measurements, headers, content_creator_name=None)
        outcome = self.store.import_dataset(export.dataset)
        text = self.tr("Presentation state saved in the local store (%1 measurement(s))").replace(
            "%1", str(len(measurements) - len(export.skipped)))
        if export.skipped:
            text += " — " + self.tr("%1 not savable").replace("%1", str(len(export.skipped)))
        if outcome.status is ImportStatus.SKIPPED:
            text = self.tr("The presentation state could not be stored: %1").replace("%1", outcome.reason)
        self.window.show_message(text, error=outcome.status is ImportStatus.SKIPPED)

    def on_load_gsps(self) -> None:
        _, session = self.current()
        if session is None:
            return
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Load presentation state"), "",
                                              self.tr("DICOM files (*.dcm *);;All files (*)"))
        if not path:
            return
        result = measurements_from_gsps(read_header(path), volume_lookup(session.volumes(), session.measurements))
        added = session.add_measurements(result.measurements, self.tr("Load presentation state"))
        self.window.show_message(self.tr("%1 graphic(s) shown, %2 skipped").replace("%1", str(added))
                                 .replace("%2", str(len(result.skipped))))
