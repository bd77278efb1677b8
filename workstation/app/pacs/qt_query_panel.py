"""The PACS query panel: search a node (C-FIND / QIDO-RS), browse series, ask to retrieve.

Searches and series look-ups run on the thread pool (:func:`run_in_worker`); a search
started while another is running makes the older answer stale (it is dropped when it
arrives). Series are asked for only when a study row is expanded. The panel retrieves
nothing itself: it emits :attr:`QtQueryPanel.retrieve_requested` and the controller
queues the job.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from workstation.app.pacs.workers import run_in_worker
from workstation.app.study_browser import date_range
from workstation.model.records import SeriesRecord, StudyRecord
from workstation.net import (
    NetworkConfig,
    RemoteNode,
    RetrieveTarget,
    StudyQuery,
    find_series,
    find_studies,
)

#: (preset key for ``study_browser.date_range``, label); "range" enables the two date fields.
DATE_CHOICES = (("any", QT_TRANSLATE_NOOP("QtQueryPanel", "Any date")),
                ("today", QT_TRANSLATE_NOOP("QtQueryPanel", "Today")),
                ("yesterday", QT_TRANSLATE_NOOP("QtQueryPanel", "Yesterday")),
                ("7 days", QT_TRANSLATE_NOOP("QtQueryPanel", "Last 7 days")),
                ("30 days", QT_TRANSLATE_NOOP("QtQueryPanel", "Last 30 days")),
                ("range", QT_TRANSLATE_NOOP("QtQueryPanel", "From ... to ...")))
MODALITIES = ("", "CT", "MR", "PT", "CR", "DX", "MG", "US", "XA", "NM", "RF", "OT", "SR")
HEADERS = (QT_TRANSLATE_NOOP("QtQueryPanel", "Patient name"),
           QT_TRANSLATE_NOOP("QtQueryPanel", "Patient ID"),
           QT_TRANSLATE_NOOP("QtQueryPanel", "Study date"),
           QT_TRANSLATE_NOOP("QtQueryPanel", "Modality"),
           QT_TRANSLATE_NOOP("QtQueryPanel", "Description"),
           QT_TRANSLATE_NOOP("QtQueryPanel", "Accession"),
           QT_TRANSLATE_NOOP("QtQueryPanel", "Series"),
           QT_TRANSLATE_NOOP("QtQueryPanel", "Images"),
           QT_TRANSLATE_NOOP("QtQueryPanel", "Here"))
RECORD_ROLE = Qt.ItemDataRole.UserRole  #: the StudyRecord / SeriesRecord of a row
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  #: dates and counts sort as such
LOADED_ROLE = Qt.ItemDataRole.UserRole + 2  #: a study row's series were asked for


class QtQueryPanel(QWidget):
    """Filters, node chooser, result tree with lazily listed series.

    Signals
    -------
    retrieve_requested(RemoteNode, StudyRecord, tuple[RetrieveTarget, ...])
        One per chosen study; targets are empty for the whole study, else the chosen series.
    searched(int)
        A search finished with that many studies (for tests and the status bar).
    series_listed(str)
        The series of a study (its UID) are in the tree.
    """

    retrieve_requested = Signal(object, object, object)
    searched = Signal(int)
    series_listed = Signal(str)
    node_changed = Signal(str)

    def __init__(self, config: Callable[[], NetworkConfig], date_format: str = "%d/%m/%Y",
                 parent: QWidget | None = None, local_count: Callable[[str], int] = lambda _uid: 0) -> None:
        """``local_count(study uid)``: instances of the study already in the local store."""
        super().__init__(parent)
        self._config = config
        self._local_count = local_count
        self.date_format = date_format
        self._generation = 0
        self.searched_node: RemoteNode | None = None  #: the node the shown results came from
        self.today: Callable[[], date] = date.today  #: what the date presets count from
        self.node = QComboBox()
        self.node.setMinimumWidth(160)
        self.node.currentIndexChanged.connect(lambda _i: self.node_changed.emit(self.node.currentText()))
        self.name = QLineEdit(placeholderText=self.tr("Patient name (* and ? wildcards)"))
        self.patient_id = QLineEdit(placeholderText=self.tr("Patient ID"))
        self.accession = QLineEdit(placeholderText=self.tr("Accession"))
        self.referring = QLineEdit(placeholderText=self.tr("Referring physician"))
        self.description = QLineEdit(placeholderText=self.tr("Study description"))
        self.modality = QComboBox()
        self.modality.setEditable(True)
        self.modality.addItems(MODALITIES)
        self.modality.setToolTip(self.tr("Modality"))
        self.modality.lineEdit().setPlaceholderText(self.tr("Modality"))  # empty = any, said like the fields beside it
        self.modality.setMinimumWidth(110)
        self.dates = QComboBox()
        for key, label in DATE_CHOICES:
            self.dates.addItem(self.tr(label), key)
        self.date_from, self.date_to = QDateEdit(calendarPopup=True), QDateEdit(calendarPopup=True)
        for edit in (self.date_from, self.date_to):
            edit.setDate(QDate.currentDate())
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setEnabled(False)
        self.dates.currentIndexChanged.connect(self._on_dates_changed)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.retrieve_button = QPushButton(self.tr("Retrieve"))
        self.retrieve_button.clicked.connect(self.retrieve_selected)
        for edit in (self.name, self.patient_id, self.accession, self.referring, self.description):
            edit.returnPressed.connect(self.search)
        self.model = QStandardItemModel(0, len(HEADERS), self)
        self.model.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.proxy = _SeriesInOrderProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setExpandsOnDoubleClick(False)  # double-click retrieves, the arrow expands
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(False)
        self.tree.expanded.connect(self._on_expanded)
        # double-click and Enter retrieve; not ``activated``: some desktops activate on a single click
        self.tree.doubleClicked.connect(lambda _index: self.retrieve_selected())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.tree, self.retrieve_selected,
                      context=Qt.ShortcutContext.WidgetShortcut)
        self.status = QLabel(self.tr("Choose a node and search."))
        self.status.setWordWrap(True)
        self._build_layout()

    def _build_layout(self) -> None:
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Node")), 0, 0)
        grid.addWidget(self.node, 0, 1)
        grid.addWidget(self.name, 0, 2, 1, 2)
        grid.addWidget(self.patient_id, 0, 4)
        grid.addWidget(self.accession, 0, 5)
        grid.addWidget(self.modality, 0, 6)
        grid.addWidget(self.search_button, 0, 7)
        grid.addWidget(QLabel(self.tr("Study date")), 1, 0)
        grid.addWidget(self.dates, 1, 1)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        grid.addLayout(dates, 1, 2, 1, 2)
        grid.addWidget(self.referring, 1, 4)
        grid.addWidget(self.description, 1, 5, 1, 2)
        grid.addWidget(self.retrieve_button, 1, 7)
        grid.setColumnStretch(2, 2)
        grid.setColumnStretch(4, 1)
        grid.setColumnStretch(5, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)

    def _on_dates_changed(self, _index: int) -> None:
        """Only "From ... to ..." is edited by hand; the presets show the range they stand for."""
        preset = self.dates.currentData()
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(preset == "range")
        start, end = date_range(preset, self.today()) if preset != "range" else (None, None)
        if start is not None and end is not None:
            self.date_from.setDate(QDate(start.year, start.month, start.day))
            self.date_to.setDate(QDate(end.year, end.month, end.day))

    # -- nodes -------------------------------------------------------------------------------

    def set_nodes(self, names: list[str], current: str = "") -> None:
        """Offer ``names``; keep the chosen node when it is still there, else ``current``."""
        keep = self.node.currentText() or current
        self.node.blockSignals(True)
        self.node.clear()
        self.node.addItems(names)
        self.node.setCurrentIndex(max(0, self.node.findText(keep)))
        self.node.blockSignals(False)
        if not names:
            self._set_status(self.tr("No PACS node is configured: File > Network / PACS nodes..."), error=True)

    def current_node(self) -> RemoteNode | None:
        name = self.node.currentText()
        try:
            return self._config().node(name) if name else None
        except KeyError:
            return None

    # -- search ------------------------------------------------------------------------------

    def query(self) -> StudyQuery:
        """The filters as a :class:`StudyQuery`."""
        preset = self.dates.currentData()
        if preset == "range":
            start, end = sorted((self.date_from.date().toPython(), self.date_to.date().toPython()))
        else:
            start, end = date_range(preset, self.today())
        return StudyQuery(patient_name=self.name.text().strip(), patient_id=self.patient_id.text().strip(),
                          accession_number=self.accession.text().strip(), date_from=start, date_to=end,
                          modality=self.modality.currentText().strip(),
                          referring_physician=self.referring.text().strip(),
                          study_description=self.description.text().strip())

    def search(self) -> None:
        """Ask the chosen node for matching studies, off the GUI thread."""
        node = self.current_node()
        if node is None:
            self._set_status(self.tr("Choose a node first (File > Network / PACS nodes...)"), error=True)
            return
        config, query = self._config(), self.query()
        self._generation += 1
        generation, started = self._generation, time.perf_counter()
        self._set_status(self.tr("Searching %1 ...").replace("%1", node.name))
        self.search_button.setEnabled(False)
        run_in_worker(lambda: find_studies(node, config.local, query),
                      lambda studies: self._on_found(generation, node, studies, time.perf_counter() - started),
                      lambda text: self._on_search_failed(generation, text), self)

    def _on_found(self, generation: int, node: RemoteNode, studies: list[StudyRecord], elapsed: float) -> None:
        if generation != self._generation:
            return
        self.search_button.setEnabled(True)
        self.searched_node = node
        self.model.removeRows(0, self.model.rowCount())
        for study in studies:
            self.model.appendRow(self._study_row(study))
        for column in range(len(HEADERS)):
            self.tree.resizeColumnToContents(column)
        text = self.tr("Studies found on %2: %1 (%3 s)").replace("%1", str(len(studies))).replace(
            "%2", node.name).replace("%3", f"{elapsed:.1f}")
        if len(studies) >= StudyQuery().limit:
            text += " " + self.tr("(the first %1 only: narrow the search)").replace("%1", str(len(studies)))
        self._set_status(text)
        self.searched.emit(len(studies))

    def _on_search_failed(self, generation: int, text: str) -> None:
        if generation != self._generation:
            return
        self.search_button.setEnabled(True)
        self._set_status(self.tr("Search failed: %1").replace("%1", text), error=True)
        self.searched.emit(-1)

    def _set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #e05050;" if error else "")

    # -- rows --------------------------------------------------------------------------------

    def _study_row(self, study: StudyRecord) -> list[QStandardItem]:
        day = study.study_date
        values = [
            (study.patient.display_name, study.patient.display_name.lower()),
            (study.patient.patient_id, study.patient.patient_id),
            (day.strftime(self.date_format) if day else "", (day.isoformat() if day else "") + study.study_time),
            ("/".join(study.modalities), "/".join(study.modalities)),
            (study.description, study.description.lower()),
            (study.accession_number, study.accession_number),
            (str(study.series_count or ""), study.series_count),
            (str(study.instance_count or ""), study.instance_count),
            self._here(study),
        ]
        row = _items(values, study)
        placeholder = _items([(self.tr("listing series ..."), "")] + [("", "")] * (len(HEADERS) - 1), None)
        row[0].appendRow(placeholder)
        return row

    def _here(self, study: StudyRecord) -> tuple[str, int]:
        """"all" when the store holds as many instances as the node lists, else the count here."""
        count = self._local_count(study.study_instance_uid)
        if not count:
            return "", 0
        if study.instance_count and count >= study.instance_count:
            return self.tr("all"), count
        return str(count), count

    def refresh_local(self) -> None:
        """Update the "Here" column (after a retrieve)."""
        column = HEADERS.index("Here")
        for row in range(self.model.rowCount()):
            item = self.model.item(row, column)
            text, count = self._here(self.model.item(row, 0).data(RECORD_ROLE))
            item.setText(text)
            item.setData(count, SORT_ROLE)

    def _series_row(self, series: SeriesRecord) -> list[QStandardItem]:
        number = series.series_number
        label = self.tr("Series %1").replace("%1", str(number)) if number is not None else self.tr("Series")
        values = [(label, number if number is not None else 1 << 30),
                  ("", ""), ("", ""), (series.modality, series.modality), (series.description, series.description),
                  ("", ""), ("", 0), (str(series.instance_count or ""), series.instance_count), ("", 0)]
        return _items(values, series)

    def study_item(self, study_uid: str) -> QStandardItem | None:
        for row in range(self.model.rowCount()):
            item = self.model.item(row, 0)
            if item.data(RECORD_ROLE).study_instance_uid == study_uid:
                return item
        return None

    def _on_expanded(self, proxy_index) -> None:
        item = self.model.itemFromIndex(self.proxy.mapToSource(proxy_index.siblingAtColumn(0)))
        if item is None or item.data(LOADED_ROLE) or not isinstance(item.data(RECORD_ROLE), StudyRecord):
            return
        self.list_series(item)

    def list_series(self, item: QStandardItem) -> None:
        """Ask the searched node for the series of the study in ``item`` (once)."""
        node, config = self.searched_node, self._config()
        if node is None:
            return
        item.setData(True, LOADED_ROLE)
        study: StudyRecord = item.data(RECORD_ROLE)
        run_in_worker(lambda: find_series(node, config.local, study.study_instance_uid),
                      lambda series: self._on_series(study.study_instance_uid, series),
                      lambda text: self._on_series_failed(study.study_instance_uid, text), self)

    def _on_series(self, study_uid: str, series: list[SeriesRecord]) -> None:
        item = self.study_item(study_uid)
        if item is None:
            return
        item.removeRows(0, item.rowCount())
        for record in series:
            item.appendRow(self._series_row(record))
        self.series_listed.emit(study_uid)

    def _on_series_failed(self, study_uid: str, text: str) -> None:
        item = self.study_item(study_uid)
        if item is not None:
            item.setData(False, LOADED_ROLE)
            if item.rowCount():
                item.child(0, 0).setText(self.tr("Series could not be listed: %1").replace("%1", text))

    # -- retrieve ----------------------------------------------------------------------------

    def selected(self) -> list[tuple[StudyRecord, tuple[RetrieveTarget, ...]]]:
        """Chosen studies with their chosen series (no series chosen: the whole study)."""
        chosen: dict[str, tuple[StudyRecord, list[RetrieveTarget]]] = {}
        for proxy_index in self.tree.selectionModel().selectedRows(0):
            item = self.model.itemFromIndex(self.proxy.mapToSource(proxy_index))
            record = item.data(RECORD_ROLE) if item is not None else None
            if isinstance(record, StudyRecord):
                chosen.setdefault(record.study_instance_uid, (record, []))
            elif isinstance(record, SeriesRecord):
                study = item.parent().data(RECORD_ROLE)
                entry = chosen.setdefault(study.study_instance_uid, (study, []))
                entry[1].append(RetrieveTarget(study.study_instance_uid, record.series_instance_uid))
        return [(study, tuple(targets)) for study, targets in chosen.values()]

    def retrieve_selected(self) -> None:
        node = self.searched_node
        chosen = self.selected()
        if node is None or not chosen:
            self._set_status(self.tr("Select a study (or series) to retrieve"), error=True)
            return
        for study, targets in chosen:
            self.retrieve_requested.emit(node, study, targets)


class _SeriesInOrderProxy(QSortFilterProxyModel):
    """Sorts studies by the chosen column; series always by number, ascending."""

    def lessThan(self, left, right) -> bool:
        if not left.parent().isValid():
            return super().lessThan(left, right)
        key = (lambda index: self.sourceModel().index(index.row(), 0, index.parent()).data(SORT_ROLE))
        ascending = key(left) < key(right)
        return ascending if self.sortOrder() == Qt.SortOrder.AscendingOrder else not ascending


def _items(values: Sequence[tuple[str, object]], record: object) -> list[QStandardItem]:
    items = []
    for text, key in values:
        item = QStandardItem(text)
        item.setData(key, SORT_ROLE)
        item.setData(record, RECORD_ROLE)
        items.append(item)
    return items
