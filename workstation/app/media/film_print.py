"""Printing images as a film layout: to PDF or paper through Qt's printer, or to a DICOM
printer through :mod:`export.media.print_scu`.

Images are rendered as the reader sees them (window, zoom, annotations), then laid out
``columns`` x ``rows`` per page, each image scaled to its cell without changing its
aspect ratio, on black as a film is. For a DICOM printer the rendering is turned into
8-bit grey levels (ITU-R BT.601 luma; the renderings are grey already, so this only
drops the coloured annotation tint).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from export.media.print_scu import FILM_ORIENTATIONS, FilmOptions

FILM_SIZES = ("", "8INX10IN", "10INX12IN", "11INX14IN", "14INX14IN", "14INX17IN", "24CMX30CM", "A4")
MEDIUMS = ("", "PAPER", "CLEAR FILM", "BLUE FILM")
PDF, PAPER = "pdf", "paper"


def grey_levels(rgb: np.ndarray) -> np.ndarray:
    """``(rows, cols, 3)`` uint8 RGB -> ``(rows, cols)`` uint8 luma (BT.601 weights)."""
    rgb = np.asarray(rgb, dtype=np.float32)
    return np.rint(rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114).astype(np.uint8)


def paint_film(printer: QPrinter, images: list[QImage], columns: int, rows: int, title: str = "") -> int:
    """Paint ``images`` on ``printer``'s pages, ``columns`` x ``rows`` per page; returns the pages."""
    if not images:
        raise ValueError("nothing to print: no image given")
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened (is the PDF file writable?)")
    per_page = columns * rows
    pages = 0
    try:
        for start in range(0, len(images), per_page):
            if start:
                printer.newPage()
            pages += 1
            page = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            page.moveTo(0, 0)
            painter.fillRect(page, QColor(0, 0, 0))
            top = 0.0
            if title:
                painter.setPen(QColor(255, 255, 255))
                height = page.height() * 0.03
                painter.drawText(QRectF(0, 0, page.width(), height), Qt.AlignmentFlag.AlignCenter, title)
                top = height
            cell_w, cell_h = page.width() / columns, (page.height() - top) / rows
            for n, image in enumerate(images[start:start + per_page]):
                cell = QRectF((n % columns) * cell_w, top + (n // columns) * cell_h, cell_w, cell_h)
                scale = min(cell.width() / image.width(), cell.height() / image.height())
                target = QRectF(0, 0, image.width() * scale, image.height() * scale)
                target.moveCenter(cell.center())
                painter.drawImage(target, image)
    finally:
        painter.end()
    return pages


def pdf_printer(path: str, orientation: str = "PORTRAIT") -> QPrinter:
    """A printer writing a PDF file (A4, no margins: a film uses the whole sheet).

    ``orientation`` is the film's (PS3.3 C.13.3 Film Orientation), ``PORTRAIT`` or ``LANDSCAPE``."""
    if orientation not in FILM_ORIENTATIONS:
        raise ValueError(f"orientation must be one of {FILM_ORIENTATIONS}, got {orientation!r}")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if orientation == "LANDSCAPE"
                               else QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    return printer


@dataclass(frozen=True)
class FilmRequest:
    """What to print and where: ``target`` is :data:`PDF`, :data:`PAPER` or a node name."""

    target: str
    film: FilmOptions
    whole_series: bool  #: every image of the active series (else the layout's viewports)
    overlays: bool


class QtFilmPrintDialog(QDialog):
    """Where to print (PDF, paper, each DICOM node) and how the film is laid out."""

    def __init__(self, printers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print film"))
        self.target = QComboBox()
        self.target.addItem(self.tr("PDF file"), PDF)
        self.target.addItem(self.tr("Paper (system printer)"), PAPER)
        for name in printers:
            self.target.addItem(self.tr("DICOM printer %1").replace("%1", name), name)
        self.source = QComboBox()
        self.source.addItem(self.tr("The images in the layout"), False)
        self.source.addItem(self.tr("Every image of the active series"), True)
        self.columns, self.rows = QSpinBox(), QSpinBox()
        for box, value in ((self.columns, 2), (self.rows, 2)):
            box.setRange(1, 10)
            box.setValue(value)
        self.orientation = QComboBox()
        self.orientation.addItem(self.tr("Portrait"), "PORTRAIT")
        self.orientation.addItem(self.tr("Landscape"), "LANDSCAPE")
        self.film_size, self.medium = QComboBox(), QComboBox()
        self.film_size.addItems([s or self.tr("printer default") for s in FILM_SIZES])
        self.medium.addItems([m or self.tr("printer default") for m in MEDIUMS])
        self.copies = QSpinBox()
        self.copies.setRange(1, 99)
        self.overlays = QCheckBox(self.tr("With overlays and measurements"))
        self.overlays.setChecked(True)
        form = QFormLayout()
        for label, widget in ((self.tr("Print to"), self.target), (self.tr("Images"), self.source),
                              (self.tr("Columns"), self.columns), (self.tr("Rows"), self.rows),
                              (self.tr("Orientation"), self.orientation), (self.tr("Film size"), self.film_size),
                              (self.tr("Medium"), self.medium), (self.tr("Copies"), self.copies)):
            form.addRow(label, widget)
        form.addRow("", self.overlays)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def request(self) -> FilmRequest:
        film = FilmOptions(columns=self.columns.value(), rows=self.rows.value(),
                           orientation=self.orientation.currentData(),
                           film_size=FILM_SIZES[self.film_size.currentIndex()],
                           medium=MEDIUMS[self.medium.currentIndex()], copies=self.copies.value())
        return FilmRequest(self.target.currentData(), film, bool(self.source.currentData()),
                           self.overlays.isChecked())
