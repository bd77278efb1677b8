"""Starting the GUI: application object, theme, translations, store, main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication

from workstation.app.i18n import install_translator
from workstation.app.paths import data_dir
from workstation.app.settings import Settings
from workstation.app.theme import apply_dark_theme

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Workstation")
    app.setOrganizationName("workstation")
    apply_dark_theme(app)
    return app


def build_main_window(settings: Settings | None = None):
    """The main window on the user's local store (used by ``run_gui`` and the tests)."""
    from workstation.app.main_window import MainWindow
    from workstation.store import LocalStore

    settings = settings or Settings.load()
    app = QApplication.instance()
    app._translator = install_translator(app, settings.language)  # keep a reference
    return MainWindow(LocalStore(data_dir()), settings)


def run_gui(argv: list[str]) -> int:
    app = create_application(argv)
    window = build_main_window()
    window.show()
    return app.exec()
