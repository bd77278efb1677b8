"""Reading stations have several monitors: diagnostic ones for images and a smaller one
for the patient list. This module decides which screen does what, and keeps one viewer
window per diagnostic screen plus a patient-list window.

The plan is pure data (testable without screens); :class:`MonitorManager` applies it.
Geometry and layouts are remembered per screen configuration (see ``screen_configuration``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QWidget

from workstation.app.study_browser import QtStudyBrowser

DIAGNOSTIC = "diagnostic"
PATIENT_LIST = "patient-list"


@dataclass(frozen=True)
class ScreenInfo:
    name: str
    x: int
    y: int
    width: int
    height: int
    primary: bool = False

    @property
    def pixels(self) -> int:
        return self.width * self.height


def plan_screens(screens: list[ScreenInfo]) -> list[str]:
    """The role of each screen: the primary is diagnostic; with two or more screens the
    smallest non-primary one shows the patient list (diagnostic monitors are the large,
    high-resolution ones); every other screen is diagnostic."""
    if not screens:
        return []
    roles = [DIAGNOSTIC] * len(screens)
    others = [i for i, s in enumerate(screens) if not s.primary]
    if len(screens) >= 2 and others:
        smallest = min(others, key=lambda i: (screens[i].pixels, i))
        roles[smallest] = PATIENT_LIST
    return roles


def current_screens() -> list[ScreenInfo]:
    primary = QGuiApplication.primaryScreen()
    return [ScreenInfo(s.name(), s.geometry().x(), s.geometry().y(), s.geometry().width(), s.geometry().height(),
                       s is primary) for s in QGuiApplication.screens()]


class PatientListWindow(QMainWindow):
    """The study browser alone, for the patient-list monitor."""

    def __init__(self, browser: QtStudyBrowser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Patient list"))
        self.browser = browser
        self.setCentralWidget(browser)


class MonitorManager(QObject):
    """One viewer window per diagnostic screen and a patient list on its own screen.

    ``make_viewer(index)`` builds a viewer window (the first one is the main window);
    studies opened from the patient list go to the viewer window used last.
    """

    def __init__(self, main_window, make_viewer) -> None:
        super().__init__(main_window)
        self.viewers: list = []
        self.make_viewer = make_viewer
        self.patient_list: PatientListWindow | None = None
        self.last_viewer = main_window
        self.add_viewer(main_window)

    def arrange(self) -> list[str]:
        """Place windows on the screens Qt reports; returns the roles applied."""
        qscreens = QGuiApplication.screens()
        infos = current_screens()
        roles = plan_screens(infos)
        diagnostic = [i for i, r in enumerate(roles) if r == DIAGNOSTIC]
        while len(self.viewers) < len(diagnostic):
            self.add_viewer(self.make_viewer(len(self.viewers)))
        for viewer, index in zip(self.viewers, diagnostic):
            _place(viewer, qscreens[index])
        if PATIENT_LIST in roles:
            index = roles.index(PATIENT_LIST)
            if self.patient_list is None:
                main = self.viewers[0]
                browser = QtStudyBrowser(main.store.query_studies, main.settings.date_format)
                browser.open_requested.connect(lambda uid: self.last_viewer.open_study(uid))
                self.patient_list = PatientListWindow(browser)
            _place(self.patient_list, qscreens[index])
        return roles

    def add_viewer(self, viewer) -> None:
        """Manage one more viewer window (it learns its manager, so it can find the others)."""
        viewer.monitors = self
        viewer.installEventFilter(self)
        self.viewers.append(viewer)

    def viewer_with(self, study_uid: str):
        """The viewer window that has ``study_uid`` open, or None. A study is open in one
        window only: two copies would be two measurement sessions saving over each other."""
        return next((v for v in self.viewers if study_uid in v.views), None)

    def other_viewer(self, viewer):
        """Another diagnostic window (for a prior side by side), or None with one screen."""
        return next((v for v in self.viewers if v is not viewer), None)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.WindowActivate and watched in self.viewers:
            self.last_viewer = watched
        return False


def _place(window: QWidget, screen) -> None:
    window.setScreen(screen)
    window.move(screen.availableGeometry().topLeft())
    window.resize(screen.availableGeometry().size())
    window.show()
    window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
