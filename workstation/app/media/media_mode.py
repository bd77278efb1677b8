"""Media mode: the workstation started from a patient disc as its portable viewer.

``workstation --media PATH`` (AUTORUN.INF runs ``VIEWER\\workstation.exe --media .``):

* finds the DICOMDIR at ``PATH`` (the file, or the folder holding it), else in the folder
  above the program (the disc root when the viewer lives in ``VIEWER/``);
* points ``WORKSTATION_HOME`` at a fresh temporary folder, removed on exit, so settings,
  node lists and caches never go next to the program or onto the disc, and no PACS
  node is configured;
* opens the main window on a :class:`MediaStore` (read-only): the 2D viewer, MPR and
  measurements work, measurements live for the session only; import and "save as
  presentation state" are switched off. A disc with one study opens it at once.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

from workstation.app.media.media_store import MediaStore

#: Actions that would write into the store: off in media mode.
WRITING_ACTIONS = ("import", "save_gsps")


def find_dicomdir(path: str | os.PathLike[str] | None) -> Path:
    """The DICOMDIR to open for ``--media PATH``.

    Raises
    ------
    FileNotFoundError
        Neither ``PATH`` nor the folder above the program holds a DICOMDIR.
    """
    candidates = []
    if path:
        given = Path(path).resolve()
        candidates += [given] if given.is_file() else [given / "DICOMDIR", given / "dicomdir"]
    here = Path(sys.executable if getattr(sys, "frozen", False) else sys.argv[0]).resolve().parent
    candidates += [here.parent / "DICOMDIR", here.parent / "dicomdir"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no DICOMDIR in {path or '.'} or next to the viewer ({here.parent}): start the viewer "
                            "from the disc, or give the disc's folder: workstation --media FOLDER")


def private_home() -> Path:
    """A temporary WORKSTATION_HOME for this run, removed when the program exits."""
    home = Path(tempfile.mkdtemp(prefix="workstation-media-"))
    os.environ["WORKSTATION_HOME"] = os.fspath(home)
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    return home


def build_media_window(dicomdir: str | os.PathLike[str], settings=None):
    """The main window, read-only, on the studies of ``dicomdir`` (used by tests as well)."""
    from workstation.app.main_window import MainWindow
    from workstation.app.settings import Settings

    store = MediaStore(dicomdir)
    window = MainWindow(store, settings or Settings())
    window.setWindowTitle(window.windowTitle() + " — " + window.tr("disc %1 (read-only)").replace(
        "%1", os.fspath(store.root)))
    for action_id in WRITING_ACTIONS:
        action = window.actions_by_id.get(action_id)
        if action is not None:
            action.setEnabled(False)
    studies = store.query_studies()
    if len(studies) == 1:
        window.open_study(studies[0].study_instance_uid)
    window.show_message(window.tr("%1 stud(ies) on this disc; nothing you do here is saved on it")
                        .replace("%1", str(len(studies))))
    return window


def start_media(path: str | None) -> int:
    """Run the portable viewer on the disc at ``path``; the process's exit code."""
    from workstation.app.cli.display import has_display

    try:
        dicomdir = find_dicomdir(path)
    except FileNotFoundError as exc:
        print(f"workstation --media: {exc}", file=sys.stderr)
        return 1
    if not has_display():
        print("workstation --media: no display to open the viewer on", file=sys.stderr)
        return 1
    private_home()
    from PySide6.QtWidgets import QApplication

    from workstation.app.gui import create_application
    from workstation.app.i18n import install_translator
    from workstation.app.settings import Settings

    app = create_application([sys.argv[0]])
    settings = Settings()
    app._translator = install_translator(app, settings.language)  # keep a reference
    try:
        window = build_media_window(dicomdir, settings)
    except (OSError, ValueError) as exc:
        print(f"workstation --media: {exc}", file=sys.stderr)
        return 1
    window.show()
    return QApplication.exec()
