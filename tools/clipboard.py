"""Copy to other programs: the active viewport or the whole layout as an image, and the
measurement list as a table.

Images go on the clipboard as a Qt image (pasted as a bitmap by Word, LibreOffice,
Paint, e-mail) and also as ``image/png`` bytes, which browsers and chat programs take;
tables go as ``text/plain`` (tab-separated: a spreadsheet gets one value per cell) and
``text/html`` (Word and LibreOffice keep the table). What is copied is painted by the
viewport's own ``paint_content``, so it is exactly what is seen.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QPoint
from PySide6.QtGui import QClipboard, QColor, QGuiApplication, QImage, QPainter

from tools.measure import Measurement, as_html, as_text
from tools.measure.table import ImageLabel, default_image_label
from tools.qt_measure_words import measurement_word
from viewer.qt_grid import QtViewportGrid
from viewer.qt_viewport import QtViewport

PNG_MIME = "image/png"
#: Colour of the gaps between viewports in a copied layout (as the grid shows them).
GRID_BACKGROUND = QColor(32, 32, 32)


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ValueError("the image could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())


def image_mime(image: QImage) -> QMimeData:
    """Clipboard data for an image: Qt's image (bitmap) plus ``image/png``."""
    mime = QMimeData()
    mime.setImageData(image)
    mime.setData(PNG_MIME, QByteArray(png_bytes(image)))
    return mime


def viewport_image(viewport: QtViewport, *, overlays: bool = True, annotations: bool = True) -> QImage:
    """The viewport as painted, with or without corner text/overlays and measurements."""
    return viewport.render_image(overlays=overlays, annotations=annotations)


def grid_image(grid: QtViewportGrid, *, overlays: bool = True, annotations: bool = True) -> QImage:
    """The whole layout as one image: every visible viewport at its place in the grid."""
    width, height = max(grid.width(), 1), max(grid.height(), 1)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(GRID_BACKGROUND)
    painter = QPainter(image)
    try:
        for viewport in grid.viewports:
            if not viewport.isVisible() or viewport.width() < 1 or viewport.height() < 1:
                continue
            at: QPoint = viewport.mapTo(grid, QPoint(0, 0))
            painter.drawImage(at, viewport_image(viewport, overlays=overlays, annotations=annotations))
    finally:
        painter.end()
    return image


def measurements_mime(measurements: Iterable[Measurement],
                      image_label: ImageLabel = default_image_label) -> QMimeData:
    """Clipboard data for a measurement table: ``text/plain`` and ``text/html``, in the UI
    language (a Vietnamese report gets Vietnamese column and quantity names)."""
    items = list(measurements)
    mime = QMimeData()
    mime.setText(as_text(items, image_label, measurement_word))
    mime.setHtml(as_html(items, image_label, measurement_word))
    return mime


def _clipboard(clipboard: QClipboard | None) -> QClipboard:
    return clipboard if clipboard is not None else QGuiApplication.clipboard()


def copy_viewport(viewport: QtViewport, *, overlays: bool = True, annotations: bool = True,
                  clipboard: QClipboard | None = None) -> QImage:
    """Put the viewport image on the clipboard; returns the image copied."""
    image = viewport_image(viewport, overlays=overlays, annotations=annotations)
    _clipboard(clipboard).setMimeData(image_mime(image))
    return image


def copy_grid(grid: QtViewportGrid, *, overlays: bool = True, annotations: bool = True,
              clipboard: QClipboard | None = None) -> QImage:
    """Put the whole layout on the clipboard as one image; returns the image copied."""
    image = grid_image(grid, overlays=overlays, annotations=annotations)
    _clipboard(clipboard).setMimeData(image_mime(image))
    return image


def copy_measurements(measurements: Iterable[Measurement], image_label: ImageLabel = default_image_label,
                      clipboard: QClipboard | None = None) -> None:
    """Put the measurement table on the clipboard (text and HTML)."""
    _clipboard(clipboard).setMimeData(measurements_mime(measurements, image_label))
