"""Starting the GUI: application object, theme, translations, store, main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from workstation.app.i18n import install_translator
from workstation.app.logfile import log_folder
from workstation.app.paths import data_dir
from workstation.app.settings import Settings
from workstation.app.theme import apply_dark_theme
from workstation.dicomio.decode_processes import warm_up
from workstation.store import DICOM_DIR, StoreError

log = logging.getLogger(__name__)


#: After start-up, when the first window is up, the decoding processes are started.
WARM_UP_DELAY_MS = 1500


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Workstation")
    app.setOrganizationName("workstation")
    apply_dark_theme(app)
    # Not during the cold start it would slow down; a no-op unless the program enabled them.
    QTimer.singleShot(WARM_UP_DELAY_MS, warm_up)
    return app


def build_main_window(settings: Settings | None = None):
    """The main window on the user's local store, with a monitor manager that adds a
    patient list and more viewer windows when there are several screens."""
    from workstation.app.main_window import MainWindow
    from workstation.app.monitors import MonitorManager
    from workstation.store import LocalStore

    settings = settings or Settings.load()
    app = QApplication.instance()
    app._translator = install_translator(app, settings.language)  # keep a reference
    store = LocalStore(data_dir())
    window = MainWindow(store, settings)
    MonitorManager(window, lambda index: MainWindow(store, settings, monitor_index=index))  # sets window.monitors
    return window


def run_gui(argv: list[str]) -> int:
    """Show the main window and run until it closes; 2 if the local archive cannot be
    opened (after saying so in a dialog: from a desktop icon there is no console)."""
    app = create_application(argv)
    try:
        window = build_main_window()
    except StoreError as exc:
        log.error("cannot start: %s", exc)
        QMessageBox.critical(None, QCoreApplication.translate("Startup", "Workstation cannot start"),
                             QCoreApplication.translate(
                                 "Startup", "The local archive cannot be opened:\n%1\n\nNo image file was changed. "
                                 "Restore the index file from a backup, or move it aside: the program then starts "
                                 "with an empty archive, and importing the folder %2 indexes the images again. "
                                 "The log file in %3 has the details.")
                             .replace("%1", str(exc)).replace("%2", str(data_dir() / DICOM_DIR))
                             .replace("%3", str(log_folder())))
        return 2
    if len(app.screens()) > 1:
        window.monitors.arrange()
    else:
        window.show()
    return app.exec()
