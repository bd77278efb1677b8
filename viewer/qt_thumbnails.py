"""The series strip: one thumbnail per series (stack) with its image count, draggable
into any viewport."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from viewer.qt_viewport import SERIES_MIME

THUMB = 96


@dataclass(frozen=True)
class SeriesItem:
    key: str  #: what a drop carries (series UID plus stack index)
    title: str
    image_count: int
    modality: str = ""


class QtSeriesStrip(QListWidget):
    """A vertical list of series thumbnails; double-click or drag to show a series."""

    series_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setFlow(QListWidget.Flow.TopToBottom)
        self.setWrapping(False)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setMovement(QListWidget.Movement.Static)
        self.setDragEnabled(True)
        self.setSpacing(4)
        self.setWordWrap(True)
        self.setMinimumWidth(THUMB + 40)
        self.itemDoubleClicked.connect(lambda item: self.series_activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self._items: dict[str, QListWidgetItem] = {}

    def set_series(self, items: list[SeriesItem]) -> None:
        self.clear()
        self._items.clear()
        for series in items:
            self.add_series(series)

    def add_series(self, series: SeriesItem) -> None:
        if series.key in self._items:
            return
        item = QListWidgetItem(_placeholder(series.modality), self._caption(series))
        item.setData(Qt.ItemDataRole.UserRole, series.key)
        item.setToolTip(series.title)
        item.setSizeHint(QSize(THUMB + 24, THUMB + 60))  # a title on two lines and the image count
        self.addItem(item)
        self._items[series.key] = item

    def update_series(self, series: SeriesItem) -> None:
        """New caption (image count) of a series that grew; the thumbnail stays."""
        item = self._items.get(series.key)
        if item is None:
            self.add_series(series)
            return
        item.setText(self._caption(series))
        item.setToolTip(series.title)

    def _caption(self, series: SeriesItem) -> str:
        return f"{series.title}\n" + self.tr("%n image(s)", "", series.image_count)

    def set_thumbnail(self, key: str, image: QImage) -> None:
        item = self._items.get(key)
        if item is None:
            return
        scaled = image.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        canvas = QPixmap(THUMB, THUMB)
        canvas.fill(QColor(0, 0, 0))
        painter = QPainter(canvas)
        painter.drawImage((THUMB - scaled.width()) // 2, (THUMB - scaled.height()) // 2, scaled)
        painter.end()
        item.setIcon(QIcon(canvas))

    def keys(self) -> list[str]:
        return list(self._items)

    def mimeData(self, items):  # noqa: N802 - Qt override
        data = QMimeData()
        if items:
            data.setData(SERIES_MIME, items[0].data(Qt.ItemDataRole.UserRole).encode("utf-8"))
        return data

    def mimeTypes(self):  # noqa: N802 - Qt override
        return [SERIES_MIME]

    def startDrag(self, actions) -> None:  # noqa: N802 - Qt override
        item = self.currentItem()
        if item is None:
            return
        drag = QDrag(self)
        drag.setMimeData(self.mimeData([item]))
        drag.setPixmap(item.icon().pixmap(THUMB // 2, THUMB // 2))
        drag.exec(Qt.DropAction.CopyAction)


def _placeholder(modality: str) -> QIcon:
    canvas = QPixmap(THUMB, THUMB)
    canvas.fill(QColor(20, 20, 20))
    painter = QPainter(canvas)
    painter.setPen(QColor(120, 120, 120))
    painter.drawText(canvas.rect(), int(Qt.AlignmentFlag.AlignCenter), modality or "…")
    painter.end()
    return QIcon(canvas)
