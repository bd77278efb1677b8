"""Entry point of the PyInstaller bundle (``build.spec``): ``workstation`` and ``media-viewer``.

Both executables run this script; what it does before handing over to the ``workstation``
command (:func:`workstation.app.cli.main`):

* ``--probe-opengl KIND``: the child process of :func:`workstation.app.gl_check.check_opengl`
  (a frozen executable has no ``python -m``).
* ``media-viewer [FOLDER]``: the portable viewer on patient media runs
  ``workstation --media FOLDER`` (without FOLDER the media mode looks above the program:
  the disc root when the bundle lives in ``VIEWER/``). On Windows it has no console
  window, so it is the program for AUTORUN.INF and the folder verb of the installer.
* Before a GUI starts: Qt's display plugin is loaded first
  (:func:`~workstation.app.gl_check.qt_platform_problem`), so a missing system library is
  a sentence naming the package to install, not Qt's abort (shown in a message box on
  Windows, where a windowed program has no console).
* ``WORKSTATION_STARTUP_TIMING=1``: print the time from process start to the first main
  window on screen and quit (the cold-start measurement of ``tests/packaging``).
"""

from __future__ import annotations

import argparse
import io
import os
import multiprocessing
import sys
import time
from pathlib import Path

MEDIA_EXECUTABLE = "media-viewer"
TIMING_ENV = "WORKSTATION_STARTUP_TIMING"
_IMPORTED = time.monotonic()


def process_age() -> float:
    """Seconds since this process started (the bootloader included, on Linux)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            start_ticks = float(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic() - _IMPORTED


def workstation_argv(argv: list[str]) -> list[str]:
    """The ``workstation`` command line this executable stands for."""
    if Path(sys.executable).resolve().stem.lower() == MEDIA_EXECUTABLE:  # also through a symlink
        return ["--media", argv[0] if argv else ""]
    return argv


def starts_gui(argv: list[str]) -> bool:
    """Whether ``workstation argv`` opens a window (no sub-command, no help/version/self-test)."""
    from workstation.app.cli import build_parser, only_paths

    if any(a in ("-h", "--help", "--version") or a.startswith("--self-test") for a in argv):
        return False
    if len(argv) == 1 and argv[0].lower().startswith(("workstation:", "file:")):
        return False  # a link or a file URL: this process hands it to the (perhaps new) window
    parser = build_parser()
    if only_paths(argv, parser):
        return False  # "Open with": imported here, shown by the running window
    commands = next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return not any(a in commands for a in argv)


def tell(text: str) -> None:
    """Say something when there may be no console (a windowed program on Windows)."""
    print(text, file=sys.stderr)
    if sys.platform == "win32" and getattr(sys, "frozen", False):
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, text, "Workstation", 0x10)


def exit_when_window_shown() -> None:
    """Create the application early and quit it once the first main window is painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    from workstation.app.gui import create_application

    app = create_application(sys.argv[:1])

    class _FirstWindow(QObject):
        def eventFilter(self, watched, event):  # Qt override
            if event.type() == QEvent.Type.Show and isinstance(watched, QMainWindow):
                app.removeEventFilter(self)
                QTimer.singleShot(0, self.report)  # after the first paint of the event loop
            return False

        def report(self) -> None:
            print(f"startup: first window shown after {process_age():.2f} s", flush=True)
            app.quit()

    app._first_window = _FirstWindow(app)  # keep a reference
    app.installEventFilter(app._first_window)


def main() -> int:
    # A decoding worker process is this executable started again with multiprocessing's
    # arguments: it must run the worker, not the program (PyInstaller makes this work on
    # every platform, not only on Windows).
    multiprocessing.freeze_support()
    argv = sys.argv[1:]
    from workstation.app import gl_check

    if argv[:1] == [gl_check.PROBE_FLAG]:
        return gl_check.probe_main(argv[1:])
    argv = workstation_argv(argv)
    from workstation.app.cli import run as workstation
    from workstation.app.cli.display import has_display

    if starts_gui(argv) and has_display():
        problem = gl_check.qt_platform_problem()
        if problem:
            tell(f"workstation: cannot open a window: {problem}.\nThe command-line commands still work "
                 "(workstation --help); `workstation --self-test` checks the rest of the installation.")
            return 1
        if os.environ.get(TIMING_ENV):
            exit_when_window_shown()
    if sys.stderr is not None:
        return workstation(argv)
    # A windowed program (Windows, started from a link or "Open with") has no console: the
    # one-line reason of a failure is shown in a message box instead of being lost.
    sys.stderr = io.StringIO()
    code = workstation(argv)
    reason = sys.stderr.getvalue().strip()
    if code and reason:
        tell(reason.splitlines()[-1])
    return code


if __name__ == "__main__":
    sys.exit(main())
