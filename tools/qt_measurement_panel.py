"""The measurement list of one study: what was measured, its value and on which image.

A click selects the measurement and shows its image (``QtMeasurementSession.jump_to``);
Delete removes it (undoably); "Copy" puts the whole table on the clipboard as text and
HTML for a report or a spreadsheet. The panel only reads the session and calls its
methods; the session's ``changed`` and ``selection_changed`` keep it current.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from tools.clipboard import copy_measurements
from tools.measure import Annotation, Measurement
from tools.qt_measure_session import QtMeasurementSession
from tools.qt_measure_words import label_text, title_text

_ID_ROLE = Qt.ItemDataRole.UserRole


def value_text(m: Measurement) -> str:
    """The one-line value shown in the list, in the UI language, or the text of an annotation."""
    if isinstance(m, Annotation):
        return m.text
    return label_text(m)


class QtMeasurementPanel(QWidget):
    """List of a session's measurements with delete, copy and show/hide all.

    Signals
    -------
    copied()
        The table was put on the clipboard (the app may say so in its status bar).
    """

    copied = Signal()

    def __init__(self, session: QtMeasurementSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._refreshing = False
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([self.tr("No."), self.tr("Type"), self.tr("Value"), self.tr("Image")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        self.tree.itemActivated.connect(self._on_tree_item_clicked)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self.delete_selected)
        self.copy_button = QPushButton(self.tr("Copy table"), self)
        self.copy_button.setToolTip(self.tr("Copy all measurements as a table (text and HTML)"))
        self.copy_button.clicked.connect(self.copy_table)
        self.show_all = QCheckBox(self.tr("Show all"), self)
        self.show_all.setChecked(session.measurements.visible)
        self.show_all.toggled.connect(session.set_visible)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.delete_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_all)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        session.changed.connect(self.refresh)
        session.selection_changed.connect(self._on_session_selection_changed)
        self.refresh()

    # -- content ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild the rows from the session (statistics of open images are bound first)."""
        if self._refreshing:
            return
        self._refreshing = True
        try:
            self.session.bind_loaded()
            self.tree.clear()
            for number, m in enumerate(self.session.measurements, start=1):
                item = QTreeWidgetItem([str(number), title_text(m), value_text(m), self.session.image_label(m)])
                item.setData(0, _ID_ROLE, m.id)
                item.setToolTip(2, m.label())
                self.tree.addTopLevelItem(item)
            for column in (0, 1, 3):
                self.tree.resizeColumnToContents(column)
            self._on_session_selection_changed(self.session.selected_id)
            if self.show_all.isChecked() != self.session.measurements.visible:
                self.show_all.setChecked(self.session.measurements.visible)
            self.delete_button.setEnabled(self.tree.topLevelItemCount() > 0)
            self.copy_button.setEnabled(self.tree.topLevelItemCount() > 0)
        finally:
            self._refreshing = False

    def item_for(self, measurement_id: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, _ID_ROLE) == measurement_id:
                return item
        return None

    # -- actions ---------------------------------------------------------------------------

    def delete_selected(self) -> None:
        item = self.tree.currentItem()
        if item is not None and item.isSelected():
            self.session.delete(item.data(0, _ID_ROLE))

    def copy_table(self) -> None:
        copy_measurements(self.session.measurements, self.session.image_label)
        self.copied.emit()

    # -- slots -----------------------------------------------------------------------------

    def _on_tree_item_clicked(self, item: QTreeWidgetItem, column: int = 0) -> None:
        measurement_id = item.data(0, _ID_ROLE)
        if measurement_id in self.session.measurements:
            self.session.jump_to(measurement_id)

    def _on_session_selection_changed(self, measurement_id: str | None) -> None:
        item = self.item_for(measurement_id) if measurement_id is not None else None
        self.tree.blockSignals(True)
        try:
            self.tree.clearSelection()
            if item is not None:
                self.tree.setCurrentItem(item)
                item.setSelected(True)
                self.tree.scrollToItem(item)
        finally:
            self.tree.blockSignals(False)
