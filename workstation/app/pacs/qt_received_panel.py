"""The "Received studies" panel: what our storage SCP has received in this session."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.net import ReceivedStudy

COLUMNS = (QT_TRANSLATE_NOOP("QtReceivedPanel", "Last received"),
           QT_TRANSLATE_NOOP("QtReceivedPanel", "From (calling AE)"),
           QT_TRANSLATE_NOOP("QtReceivedPanel", "Patient"),
           QT_TRANSLATE_NOOP("QtReceivedPanel", "Patient ID"),
           QT_TRANSLATE_NOOP("QtReceivedPanel", "Study"),
           QT_TRANSLATE_NOOP("QtReceivedPanel", "Instances"))


class QtReceivedPanel(QWidget):
    """A table of :class:`ReceivedStudy`; double-click opens the study.

    ``study_lookup(uid)`` gives the store's record (patient, description) or None.
    """

    open_requested = Signal(str)

    def __init__(self, study_lookup: Callable[[str], object], date_format: str = "%d/%m/%Y",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lookup = study_lookup
        self.date_format = date_format
        self.status = QLabel(self.tr("The storage SCP is not running."))
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._on_double_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    def set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #e05050;" if error else "")

    def set_studies(self, studies: list[ReceivedStudy]) -> None:
        """Show ``studies`` (most recent first, as the SCP lists them)."""
        self.table.setRowCount(len(studies))
        for row, received in enumerate(studies):
            record = self._lookup(received.study_instance_uid)
            patient = getattr(record, "patient", None)
            day = getattr(record, "study_date", None)
            study_text = " ".join(t for t in (day.strftime(self.date_format) if day else "",
                                              "/".join(getattr(record, "modalities", ()) or ()),
                                              getattr(record, "description", "")) if t)
            cells = (received.last_received.strftime(f"{self.date_format} %H:%M:%S"), received.calling_ae,
                     patient.display_name if patient else "", patient.patient_id if patient else "",
                     study_text or received.study_instance_uid, str(received.instances))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, received.study_instance_uid)
                self.table.setItem(row, column, item)

    def _on_double_clicked(self, index) -> None:
        uid = self.table.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        if uid:
            self.open_requested.emit(uid)
