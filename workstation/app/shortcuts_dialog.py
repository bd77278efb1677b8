"""The keyboard shortcuts dialog, built from the live actions (so it is always right)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget


class ShortcutsDialog(QDialog):
    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = [(a.text().replace("&", ""), a.shortcut().toString()) for a in actions.values() if not a.shortcut().isEmpty()]
        rows.append((self.tr("Window preset 1-9 of the modality"), "1 … 9"))
        rows.append((self.tr("Scroll images / zoom (with Ctrl)"), self.tr("Mouse wheel")))
        rows.append((self.tr("Window/level"), self.tr("Right-drag")))
        rows.append((self.tr("Pan"), self.tr("Middle-drag")))
        rows.append((self.tr("3D cursor: show this point in every linked viewport"), self.tr("Shift+click")))
        rows.append((self.tr("Maximise / restore a viewport"), self.tr("Double-click")))
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Command"), self.tr("Shortcut")])
        for r, (text, keys) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(text))
            self.table.setItem(r, 1, QTableWidgetItem(keys))
        self.table.resizeColumnsToContents()
        self.table.verticalHeader().hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 640)
