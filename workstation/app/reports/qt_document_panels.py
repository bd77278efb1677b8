"""The key-image panel and the SR viewer of a study.

The key-image panel lists the flagged images (double-click shows one) with the KOS title
(CID 7010) and description; the SR viewer shows any SR/KOS of the study as a tree, and
double-clicking a measurement or image reference shows that image.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from export.sr.key_objects import KOS_TITLES, KeyImages
from export.sr.sr_reader import ContentNode, SrDocument
from tools.measure import ImageRef

_REF_ROLE = Qt.ItemDataRole.UserRole


#: The CID 7010 titles of :data:`KOS_TITLES` as marked for translation (the code meaning is written).
_KOS_TITLE_LABELS = {
    "of_interest": QT_TRANSLATE_NOOP("QtKeyImagePanel", "Of Interest"),
    "for_referring_provider": QT_TRANSLATE_NOOP("QtKeyImagePanel", "For Referring Provider"),
    "for_surgery": QT_TRANSLATE_NOOP("QtKeyImagePanel", "For Surgery"),
    "for_teaching": QT_TRANSLATE_NOOP("QtKeyImagePanel", "For Teaching"),
    "for_conference": QT_TRANSLATE_NOOP("QtKeyImagePanel", "For Conference"),
    "for_therapy": QT_TRANSLATE_NOOP("QtKeyImagePanel", "For Therapy"),
    "for_patient": QT_TRANSLATE_NOOP("QtKeyImagePanel", "For Patient"),
    "for_peer_review": QT_TRANSLATE_NOOP("QtKeyImagePanel", "For Peer Review"),
    "for_research": QT_TRANSLATE_NOOP("QtKeyImagePanel", "For Research"),
    "quality_issue": QT_TRANSLATE_NOOP("QtKeyImagePanel", "Quality Issue"),
    "best_in_set": QT_TRANSLATE_NOOP("QtKeyImagePanel", "Best In Set"),
    "for_printing": QT_TRANSLATE_NOOP("QtKeyImagePanel", "For Printing"),
    "for_report_attachment": QT_TRANSLATE_NOOP("QtKeyImagePanel", "For Report Attachment"),
}


class QtKeyImagePanel(QWidget):
    """Key images of one study, their KOS title and description."""

    image_activated = Signal(object)  #: ImageRef
    save_requested = Signal()
    export_requested = Signal()

    def __init__(self, keys: KeyImages, label: Callable[[ImageRef], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys, self.label = keys, label
        self.list = QListWidget()
        self.title = QComboBox()
        for key, code in KOS_TITLES.items():
            self.title.addItem(self.tr(_KOS_TITLE_LABELS.get(key, code.meaning)), key)
        self.description = QLineEdit()
        self.description.setPlaceholderText(self.tr("Description (optional)"))
        self.save = QPushButton(self.tr("Save as KOS"))
        self.export = QPushButton(self.tr("Export JPEG for HIS/EMR"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.title)
        layout.addWidget(self.description)
        row = QHBoxLayout()
        row.addWidget(self.save)
        row.addWidget(self.export)
        layout.addLayout(row)
        self.list.itemDoubleClicked.connect(lambda item: self.image_activated.emit(item.data(_REF_ROLE)))
        self.title.currentIndexChanged.connect(self._on_title)
        self.description.textEdited.connect(self._on_description)
        self.save.clicked.connect(self.save_requested)
        self.export.clicked.connect(self.export_requested)
        keys.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for n, ref in enumerate(self.keys.refs, start=1):
            item = QListWidgetItem(f"{n}. {self.label(ref)}")
            item.setData(_REF_ROLE, ref)
            self.list.addItem(item)
        self.title.blockSignals(True)
        self.title.setCurrentIndex(max(self.title.findData(self.keys.title), 0))
        self.title.blockSignals(False)
        if self.description.text() != self.keys.description:
            self.description.setText(self.keys.description)
        self.save.setEnabled(len(self.keys) > 0)
        self.export.setEnabled(len(self.keys) > 0)

    def _on_title(self) -> None:
        self.keys.title = self.title.currentData()
        self.keys.changed.emit()

    def _on_description(self, text: str) -> None:
        self.keys.description = text
        self.keys.changed.emit()


def _item(node: ContentNode) -> QTreeWidgetItem:
    item = QTreeWidgetItem([node.line(), node.relationship, node.value_type])
    if node.images:
        item.setData(0, _REF_ROLE, node.images[0])
        item.setToolTip(0, node.value)
    for child in node.children:
        item.addChild(_item(child))
    return item


class QtSrViewer(QWidget):
    """Reports, measurement reports and key-image documents of a study, as trees."""

    image_requested = Signal(object)  #: ImageRef

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.documents: list[tuple[str, SrDocument]] = []
        self.choice = QComboBox()
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Content"), self.tr("Relationship"), self.tr("Type")])
        self.measurements = QListWidget()
        self.measurements.setMaximumHeight(140)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choice)
        layout.addWidget(self.header)
        layout.addWidget(self.tree, 1)
        layout.addWidget(QLabel(self.tr("Measurements (double-click shows the image)")))
        layout.addWidget(self.measurements)
        self.choice.currentIndexChanged.connect(self._show)
        self.tree.itemDoubleClicked.connect(self._on_tree_double_click)
        self.measurements.itemDoubleClicked.connect(
            lambda item: item.data(_REF_ROLE) is not None and self.image_requested.emit(item.data(_REF_ROLE)))

    def set_documents(self, documents: list[tuple[str, SrDocument]]) -> None:
        """``(label, document)`` pairs, the one to show first first."""
        self.documents = documents
        self.choice.blockSignals(True)
        self.choice.clear()
        for label, _ in documents:
            self.choice.addItem(label)
        self.choice.blockSignals(False)
        self._show()

    def current(self) -> SrDocument | None:
        index = self.choice.currentIndex()
        return self.documents[index][1] if 0 <= index < len(self.documents) else None

    def _show(self) -> None:
        self.tree.clear()
        self.measurements.clear()
        doc = self.current()
        if doc is None:
            self.header.setText(self.tr("No structured report in this study"))
            return
        status = ", ".join(v for v in (doc.completion, doc.verification, doc.preliminary) if v)
        verified = "; ".join(str(v) for v in doc.verifiers)
        self.header.setText(f"<b>{doc.title}</b> — {doc.sop_class_name}<br/>{status} {verified}")
        if doc.root is not None:
            for child in doc.root.children:
                self.tree.addTopLevelItem(_item(child))
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        for m in doc.measurements:
            item = QListWidgetItem(f"{m.label}: {m.text()}" + (f" [{', '.join(m.finding_sites)}]"
                                                                 if m.finding_sites else ""))
            item.setData(_REF_ROLE, m.images[0] if m.images else None)
            self.measurements.addItem(item)

    def _on_tree_double_click(self, item: QTreeWidgetItem) -> None:
        while item is not None:
            ref = item.data(0, _REF_ROLE)
            if ref is not None:
                self.image_requested.emit(ref)
                return
            # a measurement: its outline's image is among its children
            found = self._first_ref(item)
            if found is not None:
                self.image_requested.emit(found)
                return
            item = None

    @staticmethod
    def _first_ref(item: QTreeWidgetItem) -> ImageRef | None:
        for n in range(item.childCount()):
            child = item.child(n)
            ref = child.data(0, _REF_ROLE) or QtSrViewer._first_ref(child)
            if ref is not None:
                return ref
        return None
