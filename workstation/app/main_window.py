"""The main window: the study browser tab, one tab per open study, menus and toolbar
built from :mod:`workstation.app.actions`, and a status bar with job progress."""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QByteArray, Qt, QThreadPool, QUrl
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QApplication, QFileDialog, QInputDialog, QLabel, QMainWindow, QMessageBox,
                               QProgressBar, QTabWidget, QToolBar, QWidget)

from rendering.colormaps import COLORMAP_NAMES
from rendering.voi import auto_window, sample_modality_values
from rendering.window_presets import WindowPreset, load_window_presets
from viewer.builtin_tools import BUILTIN_TOOLS
from viewer.cine import CineMode
from viewer.layouts import STANDARD_LAYOUTS, parse_layout
from viewer.qt_display_names import colormap_label, preset_label, protocol_label
from viewer.qt_fusion import set_fusion_look
from viewer.hanging_files import load_protocols
from viewer.qt_study_view import QtStudyView, stack_title
from viewer.qt_viewport import QtViewport
from workstation import __version__
from workstation.app import hanging_apply
from workstation.app.actions import ACTIONS, LAYOUT_SHORTCUTS, tr
from tools.qt_measure_tools import MEASURE_TOOLS
from workstation.app.image_export_controller import ImageExportController
from workstation.app.import_job import ImportJob, import_summary
from workstation.app.controllers import handler as controller_handler
from workstation.app.controllers import notify
from workstation.app.graphics_controller import GraphicsController
from workstation.app.measure_controller import MeasureController
from workstation.app.media_controller import MediaController
from workstation.app.pacs_controller import PacsController
from workstation.app.report_controller import ReportController
from workstation.app.logfile import log_folder
from workstation.app.loading import Growth, PlannedSeries, SeriesPaths, SeriesSource, StudyLoading
from workstation.app.paths import config_dir
from workstation.app.settings import Settings
from workstation.app.settings_dialog import SettingsDialog
from workstation.app.shortcuts_dialog import ShortcutsDialog
from workstation.app.study_browser import QtStudyBrowser
from workstation.app.volume_controller import VolumeController
from workstation.model.records import StudyRecord

log = logging.getLogger(__name__)

#: Longest wait on quit for cancelled background work to return.
QUIT_WAIT_MS = 10_000


_MEASURE_TOOL_NAMES = {tool.name for tool in MEASURE_TOOLS}

#: Feature controllers plugged into the window (see workstation.app.controllers).
CONTROLLERS: tuple[type, ...] = (VolumeController, GraphicsController, ImageExportController, ReportController,
                                 MediaController, PacsController)


def screen_configuration() -> str:
    """A key naming the current set of screens, so layouts are remembered per setup."""
    screens = QGuiApplication.screens()
    return ";".join(f"{s.geometry().width()}x{s.geometry().height()}+{s.geometry().x()}+{s.geometry().y()}"
                    for s in screens) or "none"


class MainWindow(QMainWindow):
    def __init__(self, store, settings: Settings | None = None, parent: QWidget | None = None, *,
                 monitor_index: int = 0) -> None:
        super().__init__(parent)
        self.store = store
        self.monitor_index = monitor_index  #: which diagnostic window this is (0: the main one)
        self.monitors = None  #: set by the app when several screens may be used
        self.settings = settings or Settings.load()
        self.setWindowTitle(self.tr("Workstation %1").replace("%1", __version__))
        self.presets: list[WindowPreset] = load_window_presets()
        self.protocols = load_protocols(config_dir() / "hanging_protocols")
        self.roles: dict[str, dict[str, str]] = {}  # opened study -> {study uid: "current" | "prior-N"}
        self.actions_by_id: dict[str, QAction] = {}
        self.loadings: dict[str, StudyLoading] = {}
        self.views: dict[str, QtStudyView] = {}
        #: MPR, 3D, fusion and curved tabs -> the study they were made from
        self.derived_tabs: dict[QWidget, str] = {}
        self._shut_down = False
        self._study_notes: dict[str, str] = {}  #: the status line a study's plan or growth last showed
        # Quitting without closing this window (the last-window path, app.quit()) must still
        # stop its workers before Python tears the objects they signal through down.
        QApplication.instance().aboutToQuit.connect(self._on_about_to_quit)
        self.measure = MeasureController(self, store)
        self.controllers: list = [self.measure] + [cls(self, store) for cls in CONTROLLERS]
        self.tabs = QTabWidget(self)
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.browser = QtStudyBrowser(store.query_studies, self.settings.date_format, self)
        self.browser.open_requested.connect(self.open_study)
        self.tabs.addTab(self.browser, self.tr("Studies"))
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.setCentralWidget(self.tabs)
        self._build_status_bar()
        self._build_actions()
        self._restore_geometry()

    # -- construction ----------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        self.message = QLabel()
        self.pixel_value = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        bar = self.statusBar()
        bar.addWidget(self.message, 1)
        bar.addPermanentWidget(self.pixel_value)
        bar.addPermanentWidget(self.progress)

    def _build_actions(self) -> None:
        menus = {}
        toolbar = QToolBar(self.tr("Reading"), self)
        toolbar.setObjectName("reading-toolbar")
        self.addToolBar(toolbar)
        tools = QActionGroup(self)
        for spec in ACTIONS + tuple(a for c in self.controllers for a in getattr(c, "ACTIONS", ())):
            action = QAction(tr(spec.text), self)
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setCheckable(spec.checkable)
            action.triggered.connect(partial(self._run_action, spec.id))
            if spec.id in BUILTIN_TOOLS or spec.id in _MEASURE_TOOL_NAMES:
                tools.addAction(action)
            menu = menus.get(spec.menu) or menus.setdefault(spec.menu, self.menuBar().addMenu(tr(spec.menu)))
            menu.addAction(action)
            if spec.toolbar:
                toolbar.addAction(action)
            self.actions_by_id[spec.id] = action
        self.actions_by_id["browse"].setChecked(True)
        for key, value in (("sync_scroll", self.settings.sync_scroll), ("sync_zoom", self.settings.sync_zoom),
                           ("sync_window", self.settings.sync_window), ("overlays", True),
                           ("reference_lines", self.settings.reference_lines),
                           ("smooth", self.settings.smooth_interpolation), ("show_measurements", True)):
            self.actions_by_id[key].setChecked(value)
        self._build_layout_menu()
        self._build_window_menu()
        self._build_colormap_menu()
        if "Help" in menus:  # by convention the last menu, after the ones controllers add
            self.menuBar().removeAction(menus["Help"].menuAction())
            self.menuBar().addAction(menus["Help"].menuAction())

    def _build_layout_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("Viewports"))
        for spec in STANDARD_LAYOUTS:
            action = menu.addAction(spec.name)
            if spec.name in LAYOUT_SHORTCUTS:
                action.setShortcut(QKeySequence(LAYOUT_SHORTCUTS[spec.name]))
            action.triggered.connect(partial(self.set_layout, spec.name))
        custom = menu.addAction(self.tr("Custom layout..."))
        custom.triggered.connect(self._ask_layout)

    def _build_colormap_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("Colour map"))
        for name in COLORMAP_NAMES:
            action = menu.addAction(colormap_label(name))
            action.triggered.connect(partial(self.set_colormap, name))

    def set_colormap(self, name: str) -> None:
        """The active viewport's colour map; on a fused image, the overlay's (the PET's)."""
        if set_fusion_look(self.current_view(), colormap=name) is not None:
            return
        viewport = self.active_viewport()
        if viewport is not None and viewport.source is not None and not viewport.source.volume.is_colour:
            viewport.set_state(viewport.state.with_(colormap=name))

    def _build_window_menu(self) -> None:
        self.window_menu = self.menuBar().addMenu(self.tr("Window presets"))
        self.window_menu.aboutToShow.connect(self._fill_window_menu)
        for digit in range(1, 10):
            action = QAction(self)
            action.setShortcut(QKeySequence(str(digit)))
            action.triggered.connect(partial(self.apply_preset_key, digit))
            self.addAction(action)

    def _fill_window_menu(self) -> None:
        self.window_menu.clear()
        viewport = self.active_viewport()
        modality = viewport.source.volume.modality if viewport and viewport.source else ""
        for preset in self.presets:
            if preset.modality and preset.modality != modality:
                continue
            label = f"{preset_label(preset.name)}  (C {preset.window.center:g} / W {preset.window.width:g})"
            action = self.window_menu.addAction(label)
            if preset.key:
                action.setShortcut(QKeySequence(str(preset.key)))
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the window-wide digit keys act
            action.triggered.connect(partial(self.apply_preset, preset))
        if viewport is not None and viewport.source is not None and viewport.source.info(viewport.state.slice_index):
            windows = viewport.source.info(viewport.state.slice_index).windows
            if windows:
                self.window_menu.addSeparator()
                for window in windows:
                    self.window_menu.addAction(self.tr("From file: %1").replace("%1", window.label)).triggered.connect(
                        partial(viewport.set_voi, window))

    # -- studies ---------------------------------------------------------------------------

    def open_study(self, study_uid: str) -> QtStudyView | None:
        """Open a study from the local store in its own tab (or switch to it, also when
        another viewer window of this station has it open)."""
        owner = self.monitors.viewer_with(study_uid) if self.monitors is not None else None
        if owner is not None and owner is not self:
            owner.raise_()
            owner.activateWindow()
            return owner.open_study(study_uid)
        if study_uid in self.views:
            self.tabs.setCurrentWidget(self.views[study_uid])
            return self.views[study_uid]
        study = self.store.study(study_uid)
        if study is None:
            self.show_message(self.tr("Study %1 is not in the local store").replace("%1", study_uid), error=True)
            return None
        # The most recent prior of the same patient is planned too, so a "with prior"
        # hanging protocol can place it (it decodes after the current study).
        priors = comparable_priors(self.store, study)[:1]
        self.roles[study_uid] = {study_uid: "current"} | {p.study_instance_uid: f"prior-{n + 1}"
                                                          for n, p in enumerate(priors)}
        view = QtStudyView(self)
        view.date_format = self.settings.date_format
        view.active_viewport_changed.connect(self._on_active_viewport)
        view.cine.running_changed.connect(lambda running: self.actions_by_id["cine"].setChecked(running))
        self._configure_view(view)
        self.views[study_uid] = view
        notify(self.controllers, "study_opened", study_uid, view)
        self.tabs.addTab(view, _tab_title(study))
        self.tabs.setCurrentWidget(view)
        loading = StudyLoading()
        self.loadings[study_uid] = loading
        current = partial(self._if_current, study_uid, loading)
        loading.signals.planned.connect(current(partial(self._on_planned, study_uid)))
        loading.signals.grown.connect(current(partial(self._on_grown, study_uid)))
        loading.signals.slice_loaded.connect(view.on_slice_loaded)
        loading.signals.progress.connect(self._on_progress)
        loading.signals.failed.connect(current(lambda text: self.show_message(text, error=True)))
        loading.signals.finished.connect(current(lambda: (self.progress.hide(),
                                                          notify(self.controllers, "study_decoded", study_uid))))
        self.show_message(self.tr("Opening %1 ...").replace("%1", study.patient.display_name))
        loading.plan(self._series_paths(study_uid))
        return view

    def _if_current(self, study_uid: str, loading: StudyLoading, handler):
        """``handler`` wrapped to run only while ``loading`` is the study's and the window
        is open: a plan or re-plan still running in the pool when its tab or the window
        closed (or the study was opened again) must not reach widgets already deleted."""
        def guarded(*args) -> None:
            if not self._shut_down and self.loadings.get(study_uid) is loading:
                handler(*args)
        return guarded

    def _series_paths(self, study_uid: str) -> SeriesSource:
        """A reader of the stored files of an open study and of its planned prior, by
        (study, series), for the plan's worker thread (once a second during a retrieve)."""
        study_uids, store = list(self.roles[study_uid]), self.store

        def read() -> SeriesPaths:
            series_paths = {}
            for uid in study_uids:
                for series in store.series(uid):
                    paths = [i.path for i in store.instances(series.series_instance_uid) if i.path]
                    if paths:
                        series_paths[(uid, series.series_instance_uid)] = paths
            return series_paths
        return read

    def grow_study(self, study_uid: str) -> bool:
        """Show what arrived in the store since an open study was planned, in the same tab
        (re-planned in a worker, then applied by :meth:`_on_grown`). False when nothing
        started: the study is not open, not planned yet, or a re-plan is still running."""
        loading = self.loadings.get(study_uid)
        return loading is not None and loading.grow(self._series_paths(study_uid))

    def _on_grown(self, study_uid: str, growth: Growth) -> None:
        """New series join the strip, grown series swap their stack in place (the reader
        stays on the same image), and only the missing slices are decoded."""
        view = self.views.get(study_uid)
        if view is None or not growth.changed:
            return
        for series in growth.changed:
            for index, (key, volume) in enumerate(series.keys()):
                view.put_stack(key, volume, self._stack_title(study_uid, series, index, volume))
        order, first = hanging_apply.decode_order(view, growth.planned)
        self.loadings[study_uid].decode(order, first)
        images = sum(len(volume.frames) for series in growth.planned for _key, volume in series.keys())
        if self.message.text() == self._study_notes.get(study_uid):  # not over a newer message (a job's outcome)
            self._study_notes[study_uid] = self.tr("%1 series, %2 image(s) so far").replace(
                "%1", str(len(growth.planned))).replace("%2", str(images))
            self.show_message(self._study_notes[study_uid])

    def _configure_view(self, view: QtStudyView) -> None:
        view.linker.sync_scroll = self.actions_by_id["sync_scroll"].isChecked()
        view.linker.sync_zoom = self.actions_by_id["sync_zoom"].isChecked()
        view.linker.sync_window = self.actions_by_id["sync_window"].isChecked()
        view.linker.show_reference_lines = self.actions_by_id["reference_lines"].isChecked()
        view.cine.set_fps(self.settings.cine_fps)
        for viewport in view.grid.viewports:
            viewport.date_format = self.settings.date_format
            viewport.hovered.connect(self._on_hover)

    def _on_planned(self, study_uid: str, planned: list[PlannedSeries], skipped: list) -> None:
        view = self.views.get(study_uid)
        if view is None:
            return
        roles = self.roles.get(study_uid, {study_uid: "current"})
        for series in planned:
            for index, (key, volume) in enumerate(series.keys()):
                view.add_stack(key, volume, self._stack_title(study_uid, series, index, volume))
        protocol, notes = hanging_apply.hang(view, planned, roles, self.presets, self.protocols,
                                             self._preferred_layout())
        view.grid.viewports_changed.connect(lambda v=view: self._configure_view(v))
        self._configure_view(view)
        order, first = hanging_apply.decode_order(view, planned)
        self.loadings[study_uid].decode(order, first)
        notify(self.controllers, "study_planned", study_uid, view)
        note = self.tr("%1 series, hanging protocol: %2").replace("%1", str(len(planned))).replace(
            "%2", protocol_label(protocol))
        if notes:
            note += " — " + "; ".join(notes)
        if skipped:
            note += " — " + self.tr("%1 file(s) could not be read: %2").replace("%1", str(len(skipped))).replace(
                "%2", f"{skipped[0].path}: {skipped[0].reason}")
        self.show_message(note, error=bool(skipped))
        self._study_notes[study_uid] = note

    def _stack_title(self, study_uid: str, series: PlannedSeries, index: int, volume) -> str:
        """The strip's title of a stack; a prior's says it is one, with its date."""
        title = stack_title(volume, index)
        prior = self.roles.get(study_uid, {}).get(series.study_instance_uid, "current") != "current"
        if prior and volume.study is not None and volume.study.study_date is not None:
            title = self.tr("Prior %1: %2").replace("%1", volume.study.study_date.isoformat()).replace("%2", title)
        return title

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("Decoding %v/%m"))
        self.progress.setVisible(done < total)

    def add_derived_tab(self, widget: QWidget, title: str, study_uid: str | None) -> None:
        """Show an MPR, 3D, fusion or curved view of ``study_uid`` in a tab: the study's
        measurement list, report and commands follow it, and it closes with the study."""
        if study_uid is not None:
            self.derived_tabs[widget] = study_uid
        self.tabs.addTab(widget, title)
        self.tabs.setCurrentWidget(widget)

    def _close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget not in self.views.values():  # an MPR, 3D or fusion tab
            self.derived_tabs.pop(widget, None)
            stop = getattr(widget, "stop", None)
            if stop is not None:
                stop()
            self.tabs.removeTab(index)
            widget.deleteLater()
            return
        for uid, view in list(self.views.items()):
            if view is widget:
                for derived in [w for w, owner in self.derived_tabs.items() if owner == uid]:
                    self._close_tab(self.tabs.indexOf(derived))  # its views go first: they measure into it
                index = self.tabs.indexOf(view)
                notify(self.controllers, "study_closed", uid)
                self.loadings.pop(uid).stop()
                self.progress.hide()  # its decoding's progress and end are no longer shown
                del self.views[uid]
                view.stop()
                self.tabs.removeTab(index)
                view.deleteLater()
                return

    def current_study_uid(self) -> str | None:
        """The study of the current tab (a study, or a view made from one), or None."""
        widget = self.tabs.currentWidget()
        if widget in self.derived_tabs:
            return self.derived_tabs[widget]
        return next((uid for uid, v in self.views.items() if v is widget), None)

    def _on_tab_changed(self, _index: int) -> None:
        self._sync_checked_actions()
        notify(self.controllers, "study_shown", self.current_study_uid())

    def current_view(self) -> QtStudyView | None:
        """The reading view of the current tab: a study, or an MPR/fusion view (same grid API)."""
        widget = self.tabs.currentWidget()
        return widget if hasattr(widget, "grid") and hasattr(widget, "active") else None

    def active_viewport(self) -> QtViewport | None:
        view = self.current_view()
        return view.active if view is not None else None

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #ff8080;" if error else "")
        (log.warning if error else log.info)("%s", text)

    # -- actions -----------------------------------------------------------------------------

    def _run_action(self, action_id: str, checked: bool = False) -> None:
        handler = getattr(self, f"_on_{action_id}", None) or controller_handler(self.controllers, action_id)
        viewport = self.active_viewport()
        try:
            if handler is not None:
                handler()
            elif action_id in BUILTIN_TOOLS or action_id in _MEASURE_TOOL_NAMES:
                self.set_tool(action_id)
            elif viewport is not None and viewport.source is not None:
                self._viewport_action(action_id, viewport)
        except Exception as exc:  # one boundary per user action: say what failed, keep running
            log.exception("action %s failed", action_id)
            self.show_message(self.tr("%1 failed: %2").replace("%1", action_id).replace("%2", str(exc)), error=True)

    def _viewport_action(self, action_id: str, viewport: QtViewport) -> None:
        n = len(viewport.source)
        page = max(1, n // 10)
        simple = {
            "next_image": lambda: viewport.scroll(1), "previous_image": lambda: viewport.scroll(-1),
            "page_down": lambda: viewport.scroll(page), "page_up": lambda: viewport.scroll(-page),
            "first_image": lambda: viewport.set_slice(0), "last_image": lambda: viewport.set_slice(n - 1),
            "invert": viewport.toggle_invert, "rotate_right": lambda: viewport.rotate(90),
            "rotate_left": lambda: viewport.rotate(-90), "flip_horizontal": viewport.flip_horizontal,
            "flip_vertical": viewport.flip_vertical, "fit": viewport.fit, "one_to_one": viewport.one_to_one,
            "reset": viewport.reset, "default_window": lambda: viewport.set_voi(None),
            "auto_window": lambda: viewport.set_voi(auto_window(sample_modality_values(viewport.source.volume),
                                                                modality=viewport.source.volume.modality)),
            "smooth": lambda: viewport.set_state(viewport.state.with_(smooth=self.actions_by_id["smooth"].isChecked())),
        }
        if action_id in simple:
            simple[action_id]()
        self._sync_checked_actions()

    def set_tool(self, name: str) -> None:
        """The left-button tool of every viewport of every tab (studies, MPR, fusion,
        curved MPR): a viewer tool or a measurement tool."""
        if name in _MEASURE_TOOL_NAMES:
            self.measure.set_tool(name)
        else:
            self.measure.set_tool(None)
            for index in range(self.tabs.count()):
                grid = getattr(self.tabs.widget(index), "grid", None)
                for viewport in grid.viewports if grid is not None else ():
                    viewport.tool = BUILTIN_TOOLS[name]()
        self.actions_by_id[name].setChecked(True)

    def current_tool(self) -> str:
        """The tool checked in the toolbar (browse when none is)."""
        return next((name for name in (*BUILTIN_TOOLS, *_MEASURE_TOOL_NAMES)
                     if name in self.actions_by_id and self.actions_by_id[name].isChecked()), "browse")

    def apply_preset(self, preset: WindowPreset) -> None:
        viewport = self.active_viewport()
        if viewport is None or viewport.source is None:
            return
        try:
            viewport.set_voi(preset.window_for(viewport.source.volume))
        except ValueError as exc:
            self.show_message(str(exc), error=True)

    def apply_preset_key(self, key: int) -> None:
        viewport = self.active_viewport()
        if viewport is None or viewport.source is None:
            return
        modality = viewport.source.volume.modality
        for preset in self.presets:
            if preset.key == key and preset.modality in ("", modality):
                self.apply_preset(preset)
                return

    def set_layout(self, name: str) -> None:
        """Lay out the current view; the choice is remembered for this screen setup."""
        spec = parse_layout(name)
        self.settings.layouts[screen_configuration()] = spec.name
        view = self.current_view()
        if view is not None:
            view.set_layout(spec)

    def _preferred_layout(self):
        """The layout last chosen on this screen configuration, if any."""
        name = self.settings.layouts.get(screen_configuration())
        try:
            return parse_layout(name) if name else None
        except ValueError:
            return None

    def _ask_layout(self) -> None:
        text, ok = QInputDialog.getText(self, self.tr("Custom layout"),
                                        self.tr("Rows x columns (e.g. 3x2) or a named layout (1+2):"))
        if ok and text:
            try:
                self.set_layout(text.strip())
            except ValueError as exc:
                self.show_message(str(exc), error=True)

    def _sync_checked_actions(self) -> None:
        viewport = self.active_viewport()
        if viewport is not None:
            self.actions_by_id["invert"].setChecked(viewport.state.invert)
            self.actions_by_id["smooth"].setChecked(viewport.state.smooth)

    def _on_active_viewport(self, viewport: QtViewport) -> None:
        self._sync_checked_actions()

    def _on_hover(self, value) -> None:
        if value is None:
            self.pixel_value.setText("")
            return
        x, y, text = value
        self.pixel_value.setText(f"x {x:.0f}  y {y:.0f}   {text}")

    def _on_browser(self) -> None:
        self.tabs.setCurrentWidget(self.browser)
        self.browser.refresh()
        self.browser.name.setFocus()

    def _on_close_study(self) -> None:
        """Ctrl+W: close the current study tab, or the MPR/3D/fusion/curved tab shown."""
        widget = self.tabs.currentWidget()
        if widget in self.derived_tabs or widget in self.views.values():
            self._close_tab(self.tabs.currentIndex())

    def _on_quit(self) -> None:
        """File > Quit: close every window of the station (each saves and stops its work);
        the program ends with the last one."""
        QApplication.closeAllWindows()

    def _on_import(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import folder, CD or DICOMDIR"))
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: list[str]) -> ImportJob:
        job = ImportJob(self.store, paths)
        job.signals.progress.connect(lambda done, total: (self.progress.setMaximum(max(total, 1)),
                                                          self.progress.setValue(done), self.progress.show()))
        job.signals.finished.connect(self._on_import_finished)
        job.signals.failed.connect(lambda text: (self.progress.hide(), self.show_message(text, error=True)))
        self.show_message(self.tr("Importing ..."))
        job.start()
        self._import_job = job
        return job

    def _on_import_finished(self, report) -> None:
        self.progress.hide()
        self.show_message(import_summary(report), error=bool(report.skipped))
        self.browser.refresh()

    def _on_go_to(self) -> None:
        viewport = self.active_viewport()
        if viewport is None or viewport.source is None:
            return
        n = len(viewport.source)
        k, ok = QInputDialog.getInt(self, self.tr("Go to image"), self.tr("Image number (1-%1):").replace("%1", str(n)),
                                    viewport.state.slice_index + 1, 1, n)
        if ok:
            viewport.set_slice(k - 1)

    def _on_cine(self) -> None:
        view = self.current_view()
        if view is not None and view.active is not None and view.active.source is not None:
            view.cine.toggle(view.active)

    def _on_cine_bounce(self) -> None:
        view = self.current_view()
        if view is not None:
            view.cine.mode = CineMode.BOUNCE if self.actions_by_id["cine_bounce"].isChecked() else CineMode.LOOP

    def _on_compare_prior(self) -> None:
        view = self.current_view()
        uid = next((u for u, v in self.views.items() if v is view), None)
        study = self.store.study(uid) if uid else None
        priors = comparable_priors(self.store, study) if study is not None else []
        if not priors:
            self.show_message(self.tr("No prior study of this patient in the local store"), error=True)
            return
        target = self.monitors.other_viewer(self) if self.monitors is not None else None
        prior_view = (target or self).open_study(priors[0].study_instance_uid)
        if prior_view is not None:
            self.show_message(self.tr("Prior study %1 opened").replace("%1", _tab_title(priors[0])))

    def _linker_flag(self, flag: str, action_id: str) -> None:
        value = self.actions_by_id[action_id].isChecked()
        for view in self.views.values():
            setattr(view.linker, flag, value)
            view.linker.refresh_reference_lines()
        setattr(self.settings, {"show_reference_lines": "reference_lines"}.get(flag, flag), value)

    def _on_sync_scroll(self) -> None:
        self._linker_flag("sync_scroll", "sync_scroll")

    def _on_sync_zoom(self) -> None:
        self._linker_flag("sync_zoom", "sync_zoom")

    def _on_sync_window(self) -> None:
        self._linker_flag("sync_window", "sync_window")

    def _on_reference_lines(self) -> None:
        self._linker_flag("show_reference_lines", "reference_lines")

    def _on_overlays(self) -> None:
        shown = self.actions_by_id["overlays"].isChecked()
        for view in self.views.values():
            for viewport in view.grid.viewports:
                viewport.show_overlays = shown
                viewport.update()

    def _on_maximise(self) -> None:
        view = self.current_view()
        if view is not None and view.active is not None:
            view.grid.toggle_maximised(view.active)

    def _on_tile_2x2(self) -> None:
        view = self.current_view()
        if view is not None:
            view.grid.tile_active(2, 2)

    def _on_tags(self) -> None:
        viewport = self.active_viewport()
        if viewport is None or viewport.source is None:
            return
        info = viewport.source.info(viewport.state.slice_index)
        if info is None or not info.source:
            return
        from viewer.qt_tag_browser import QtTagBrowserDialog

        dialog = QtTagBrowserDialog(self)
        dialog.browser.set_file(info.source)
        dialog.show()

    def _on_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        if dialog.apply_to(self.settings):
            self.show_message(self.tr("The new language is used from the next start"))
        try:
            self.settings.save()
        except OSError as exc:
            self.show_message(self.tr("Settings could not be saved: %1").replace("%1", str(exc)), error=True)

    def _on_shortcuts(self) -> None:
        ShortcutsDialog(self.actions_by_id, self).exec()

    def _on_log_folder(self) -> None:
        """Show the folder of the log file (what IT staff ask for when something failed)."""
        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.show_message(self.tr("The log files are in %1").replace("%1", str(folder)))

    def _on_about(self) -> None:
        QMessageBox.about(self, self.tr("About"), self.tr("Workstation %1\nDICOM diagnostic reading workstation.")
                          .replace("%1", __version__))

    # -- persistence --------------------------------------------------------------------------

    def _geometry_key(self) -> str:
        return f"{screen_configuration()}#{self.monitor_index}" if self.monitor_index else screen_configuration()

    def _restore_geometry(self) -> None:
        saved = self.settings.window_geometry.get(self._geometry_key())
        if saved:
            self.restoreGeometry(QByteArray.fromHex(saved.encode("ascii")))
        else:
            self.resize(1600, 1000)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.shut_down()
        super().closeEvent(event)

    def shut_down(self) -> None:
        """Remember the geometry, stop decoding, let every controller save and stop its
        jobs, save the settings; once, whether the window closes or the application quits."""
        if self._shut_down:
            return
        self._shut_down = True
        self.settings.window_geometry[self._geometry_key()] = bytes(self.saveGeometry().toHex()).decode("ascii")
        for loading in self.loadings.values():
            loading.stop()
        notify(self.controllers, "save_all")
        try:
            self.settings.save()
        except OSError as exc:
            log.warning("could not save settings: %s", exc)

    def _on_about_to_quit(self) -> None:
        """Stop, then wait for the cancelled workers: a decoding thread still emitting while
        the interpreter finalises crashes the process on exit (seen: 1 exit in 6)."""
        self.shut_down()
        if not QThreadPool.globalInstance().waitForDone(QUIT_WAIT_MS):
            log.warning("background work still running %d ms after quitting", QUIT_WAIT_MS)


def comparable_priors(store, study: StudyRecord) -> list[StudyRecord]:
    """Earlier studies of the same patient sharing a modality with ``study``, newest first.

    A later study is not a prior, and a prior of another modality cannot be compared
    side by side, so neither is offered.
    """
    if study.study_date is None:
        return []
    modalities = set(study.modalities)
    return [p for p in store.priors(study)
            if p.study_date is not None and p.study_date < study.study_date and modalities & set(p.modalities)]


def _tab_title(study: StudyRecord) -> str:
    day = study.study_date.isoformat() if study.study_date else ""
    return f"{study.patient.display_name} — {'/'.join(study.modalities)} {day}".strip()
