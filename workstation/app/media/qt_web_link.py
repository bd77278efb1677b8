"""The web links of a study, shown and copyable (one line per PACS with a web viewer)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from export.media.web_link import WebLink


class QtWebLinkDialog(QDialog):
    """Each link in a read-only field with Copy and Open buttons."""

    def __init__(self, links: list[WebLink], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Web link to the study"))
        self.fields: list[QLineEdit] = []
        grid = QGridLayout()
        for row, link in enumerate(links):
            field = QLineEdit(link.url)
            field.setReadOnly(True)
            field.setMinimumWidth(520)
            copy, open_ = QPushButton(self.tr("Copy")), QPushButton(self.tr("Open"))
            copy.clicked.connect(lambda _=False, url=link.url: self.copy(url))
            open_.clicked.connect(lambda _=False, url=link.url: QDesktopServices.openUrl(QUrl(url)))
            grid.addWidget(QLabel(link.node), row, 0)
            grid.addWidget(field, row, 1)
            grid.addWidget(copy, row, 2)
            grid.addWidget(open_, row, 3)
            self.fields.append(field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def copy(self, url: str) -> None:
        QGuiApplication.clipboard().setText(url)
