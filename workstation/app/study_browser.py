"""The study browser: search the local store and open a study (double-click or Enter)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, QTimer,
                            Signal)
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QStackedLayout, QTableView, QVBoxLayout, QWidget)

from workstation.model.records import StudyRecord

DATE_PRESETS = ("any", "today", "yesterday", "7 days", "30 days", "1 year")
#: The shown (translated) name of each date preset.
_DATE_LABELS = {"any": QT_TRANSLATE_NOOP("QtStudyBrowser", "any date"),
                "today": QT_TRANSLATE_NOOP("QtStudyBrowser", "today"),
                "yesterday": QT_TRANSLATE_NOOP("QtStudyBrowser", "yesterday"),
                "7 days": QT_TRANSLATE_NOOP("QtStudyBrowser", "7 days"),
                "30 days": QT_TRANSLATE_NOOP("QtStudyBrowser", "30 days"),
                "1 year": QT_TRANSLATE_NOOP("QtStudyBrowser", "1 year")}


def date_range(preset: str, today: date | None = None) -> tuple[date | None, date | None]:
    """The (from, to) study-date range of a preset name."""
    today = today or date.today()
    return {
        "any": (None, None),
        "today": (today, today),
        "yesterday": (today - timedelta(days=1), today - timedelta(days=1)),
        "7 days": (today - timedelta(days=6), today),
        "30 days": (today - timedelta(days=29), today),
        "1 year": (today - timedelta(days=364), today),
    }[preset]


class StudyTableModel(QAbstractTableModel):
    #: Column titles (translated in headerData).
    HEADERS = (QT_TRANSLATE_NOOP("StudyTableModel", "Patient name"),
               QT_TRANSLATE_NOOP("StudyTableModel", "Patient ID"),
               QT_TRANSLATE_NOOP("StudyTableModel", "Birth date"),
               QT_TRANSLATE_NOOP("StudyTableModel", "Sex"),
               QT_TRANSLATE_NOOP("StudyTableModel", "Study date"),
               QT_TRANSLATE_NOOP("StudyTableModel", "Modality"),
               QT_TRANSLATE_NOOP("StudyTableModel", "Description"),
               QT_TRANSLATE_NOOP("StudyTableModel", "Accession"),
               QT_TRANSLATE_NOOP("StudyTableModel", "Series"),
               QT_TRANSLATE_NOOP("StudyTableModel", "Images"))

    def __init__(self, date_format: str = "%d/%m/%Y", parent=None) -> None:
        super().__init__(parent)
        self.studies: list[StudyRecord] = []
        self.date_format = date_format

    def set_studies(self, studies: list[StudyRecord]) -> None:
        self.beginResetModel()
        self.studies = list(studies)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.studies)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt override
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        study = self.studies[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return study.study_instance_uid
        if role == Qt.ItemDataRole.UserRole + 1:  # sort key: dates and numbers sort as such
            return [study.patient.display_name.lower(), study.patient.patient_id,
                    study.patient.birth_date.isoformat() if study.patient.birth_date else "", study.patient.sex,
                    (study.study_date.isoformat() if study.study_date else "") + study.study_time,
                    "/".join(study.modalities), study.description, study.accession_number,
                    study.series_count, study.instance_count][column]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        fmt = self.date_format
        return [study.patient.display_name, study.patient.patient_id,
                study.patient.birth_date.strftime(fmt) if study.patient.birth_date else "", study.patient.sex,
                study.study_date.strftime(fmt) if study.study_date else "", "/".join(study.modalities),
                study.description, study.accession_number, str(study.series_count),
                str(study.instance_count)][column]


class QtStudyBrowser(QWidget):
    """Search fields over a sortable study table; ``open_requested`` carries a Study Instance UID."""

    open_requested = Signal(str)

    def __init__(self, query, date_format: str = "%d/%m/%Y", parent: QWidget | None = None) -> None:
        """``query(**filters) -> list[StudyRecord]`` (the store's ``query_studies``)."""
        super().__init__(parent)
        self._query = query
        self.name = QLineEdit(placeholderText=self.tr("Patient name (accents optional)"))
        self.patient_id = QLineEdit(placeholderText=self.tr("Patient ID"))
        self.accession = QLineEdit(placeholderText=self.tr("Accession"))
        self.modality = QComboBox()
        self.modality.addItem(self.tr("all modalities"), "")
        for code in ("CT", "MR", "PT", "CR", "DX", "MG", "US", "XA", "NM", "OT"):
            self.modality.addItem(code, code)
        self.modality.setToolTip(self.tr("Modality"))
        self.dates = QComboBox()
        for preset in DATE_PRESETS:
            self.dates.addItem(self.tr(_DATE_LABELS[preset]), preset)
        self.dates.setToolTip(self.tr("Study date"))
        self.model = StudyTableModel(date_format, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole + 1)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # the free width goes to the study description (the column that gets long), not to "Images"
        header.setSectionResizeMode(StudyTableModel.HEADERS.index("Description"), QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)  # Enter on a row
        self.empty = QLabel(self.tr("No studies in the local store yet.\n\nImport a folder, CD or DICOMDIR "
                                    "(File > Import, Ctrl+I), retrieve from a PACS, or run `workstation demo`."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.no_match = QLabel(self.tr("No study matches the search."))
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedLayout()
        for widget in (self.table, self.empty, self.no_match):
            self.stack.addWidget(widget)
        filters = QHBoxLayout()
        for widget in (self.name, self.patient_id, self.accession, self.modality, self.dates):
            filters.addWidget(widget)
        filters.setStretch(0, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(self.stack)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.refresh)
        for edit in (self.name, self.patient_id, self.accession):
            edit.textChanged.connect(self._timer.start)
        self.modality.currentIndexChanged.connect(self._timer.start)
        self.dates.currentIndexChanged.connect(self._timer.start)
        self.refresh()

    def filters(self) -> dict:
        date_from, date_to = date_range(self.dates.currentData())
        return {"name": self.name.text().strip(), "patient_id": self.patient_id.text().strip(),
                "accession": self.accession.text().strip(), "modality": self.modality.currentData(),
                "date_from": date_from, "date_to": date_to}

    def refresh(self) -> None:
        self._timer.stop()  # a refresh now makes the pending debounced one pointless
        filters = self.filters()
        studies = self._query(**filters)
        self.model.set_studies(studies)
        searching = any(v for v in filters.values())
        widget = self.table if studies else (self.no_match if searching else self.empty)
        self.stack.setCurrentWidget(widget)
        if studies:
            self.table.resizeColumnsToContents()

    def selected_study(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.data(rows[0], Qt.ItemDataRole.UserRole) if rows else None

    def _open_index(self, index) -> None:
        uid = self.proxy.data(index, Qt.ItemDataRole.UserRole)
        if uid:
            self.open_requested.emit(uid)
