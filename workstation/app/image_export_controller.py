"""File > Export images / cine: a small dialog over :mod:`tools.qt_image_export`.

Rendering goes through the viewport's own painter (what is exported is what is seen), so
it runs on the GUI thread with a cancellable progress dialog.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLineEdit, QProgressDialog, QPushButton, QWidget)

from tools.image_export import ANIMATION_FORMATS, IMAGE_FORMATS, MissingDependency
from tools.qt_image_export import export_cine, export_viewport_images
from workstation.model import OperationCancelled

T = TypeVar("T")


class ExportDialog(QDialog):
    """Format, scope, destination and what to burn into the pixels."""

    def __init__(self, formats: list[str], cine: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export cine") if cine else self.tr("Export images"))
        self.format = QComboBox()
        self.format.addItems(formats)
        self.scope = QComboBox()
        self.scope.addItem(self.tr("This image"), "image")
        self.scope.addItem(self.tr("The whole series"), "series")
        self.scope.setVisible(not cine)
        self.destination = QLineEdit(str(Path.home()))
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.destination)
        row.addWidget(browse)
        self.current_window = QCheckBox(self.tr("Use the window/level on screen"))
        self.current_window.setChecked(True)
        self.overlays = QCheckBox(self.tr("Corner text, labels and scale"))
        self.overlays.setChecked(True)
        self.annotations = QCheckBox(self.tr("Measurements and annotations"))
        self.annotations.setChecked(True)
        self.anonymise = QCheckBox(self.tr("Anonymise (no name, ID or birth date in pixels or file names)"))
        form = QFormLayout(self)
        form.addRow(self.tr("Format"), self.format)
        if not cine:
            form.addRow(self.tr("Images"), self.scope)
        form.addRow(self.tr("Folder"), row)
        for box in (self.current_window, self.overlays, self.annotations, self.anonymise):
            form.addRow(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export to"), self.destination.text())
        if folder:
            self.destination.setText(folder)


class ImageExportController(QObject):
    """Handles the File > Export actions of the main window."""

    def __init__(self, window, store) -> None:
        super().__init__(window)
        self.window = window

    def _viewport(self):
        viewport = self.window.active_viewport()
        if viewport is None or viewport.source is None:
            self.window.show_message(self.tr("Show a series in the active viewport first"), error=True)
            return None
        return viewport

    def _run(self, total: int, export: Callable[[Callable[..., None], threading.Event], T]) -> T | None:
        """``export(progress, cancel)`` under a cancellable progress dialog; its result, or
        None after saying in the status bar why there is none (cancelled, failed)."""
        dialog = QProgressDialog(self.tr("Exporting..."), self.tr("Cancel"), 0, total, self.window)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        cancel = threading.Event()
        dialog.canceled.connect(cancel.set)

        def progress(done: int, total: int, _detail: str = "") -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(done)
            QApplication.processEvents()

        try:
            return export(progress, cancel)
        except MissingDependency as exc:
            self.window.show_message(str(exc), error=True)
        except OperationCancelled:
            self.window.show_message(self.tr("Export cancelled"))
        except (OSError, ValueError) as exc:
            self.window.show_message(self.tr("Export failed: %1").replace("%1", str(exc)), error=True)
        finally:
            dialog.close()
        return None

    def on_export_images(self) -> None:
        viewport = self._viewport()
        if viewport is None:
            return
        dialog = ExportDialog(list(IMAGE_FORMATS), cine=False, parent=self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        indices = [viewport.state.slice_index] if dialog.scope.currentData() == "image" \
            else list(range(len(viewport.source)))
        written = self._run(len(indices), lambda progress, cancel: export_viewport_images(
            viewport, dialog.destination.text(), indices, dialog.format.currentText(),
            voi=viewport.effective_voi() if dialog.current_window.isChecked() else None,
            overlays=dialog.overlays.isChecked(), annotations=dialog.annotations.isChecked(),
            anonymise=dialog.anonymise.isChecked(), progress=progress, cancel=cancel))
        if written is not None:
            self.window.show_message(self.tr("%1 image(s) written to %2").replace("%1", str(len(written)))
                                     .replace("%2", dialog.destination.text()))

    def on_export_cine(self) -> None:
        viewport = self._viewport()
        if viewport is None:
            return
        dialog = ExportDialog(list(ANIMATION_FORMATS), cine=True, parent=self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        fmt = dialog.format.currentText()
        name = f"cine{ANIMATION_FORMATS[fmt]}"
        path = self._run(len(viewport.source), lambda progress, cancel: export_cine(
            viewport, Path(dialog.destination.text()) / name, fmt, fps=self.window.settings.cine_fps,
            voi=viewport.effective_voi() if dialog.current_window.isChecked() else None,
            overlays=dialog.overlays.isChecked(), annotations=dialog.annotations.isChecked(),
            anonymise=dialog.anonymise.isChecked(), progress=progress, cancel=cancel))
        if path is not None:
            self.window.show_message(self.tr("Cine written to %1").replace("%1", str(path)))
