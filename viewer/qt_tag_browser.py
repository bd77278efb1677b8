"""The DICOM tag browser of the current image: a searchable tree of its header.

What Horos' "Meta-Data" window and RadiAnt's "DICOM tags" dialog offer, for a reader who
wants to check a header value: the file meta group first, then every element with tag, VR,
name, VM or length and value; sequences open into "Item 1", "Item 2" ...; private elements
labelled with their Private Creator and drawn in their own colour; bulk values (pixel data,
OB/OW/UN) summarised by length and never loaded; a search by tag, keyword, name or value
that ignores case and Vietnamese tone marks and keeps the sequences around a match visible.

The data side (tree, search) is :mod:`viewer.tag_tree`; this module only turns its facts
into translated strings and Qt rows.
"""

from __future__ import annotations

import time
from os import PathLike

from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QColor, QFont, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from viewer.tag_tree import NodeKind, TagNode, TagTree, build_tag_tree, format_tag
from workstation.model.errors import DicomReadError

#: Values longer than this stay on disk when a file is opened (pixel data, large private
#: blobs); pydicom reads a deferred text value or sequence only when the tree converts it.
DEFER_SIZE = 1024
PRIVATE_COLOUR = QColor(176, 110, 220)  #: readable on light and dark palettes
ERROR_COLOUR = QColor(224, 80, 80)
WARNING_COLOUR = QColor(230, 150, 40)

_Index = QModelIndex | QPersistentModelIndex


class TagTreeModel(QAbstractItemModel):
    """A read-only Qt model over a :class:`~viewer.tag_tree.TagTree`.

    Rows are the nodes the current filter shows (``TagNode.shown``); display strings are
    composed on first request and cached, so populating costs one model reset, not one
    signal per element.
    """

    COLUMN_TAG, COLUMN_VR, COLUMN_NAME, COLUMN_VM, COLUMN_VALUE = range(5)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tree: TagTree | None = None
        self._texts: dict[TagNode, tuple[str, str, str, str, str]] = {}
        self._headers = (self.tr("Tag"), self.tr("VR"), self.tr("Name"), self.tr("VM / Length"),
                         self.tr("Value"))

    @property
    def tree(self) -> TagTree | None:
        return self._tree

    def set_tree(self, tree: TagTree | None) -> None:
        self.beginResetModel()
        self._tree = tree
        self._texts.clear()
        self.endResetModel()

    def set_filter(self, query: str) -> int:
        """Show what matches ``query`` (see :meth:`TagTree.apply_filter`); return the match count."""
        if self._tree is None:
            return 0
        self.beginResetModel()
        matching = self._tree.apply_filter(query)
        self.endResetModel()
        return matching

    def node(self, index: _Index) -> TagNode | None:
        return index.internalPointer() if index.isValid() else None

    def index_of(self, node: TagNode, column: int = 0) -> QModelIndex:
        """The index of a shown ``node`` (invalid for the root)."""
        if node.kind is NodeKind.ROOT:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    # -- QAbstractItemModel ------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        owner = self.node(parent) if parent.isValid() else (self._tree.root if self._tree else None)
        if owner is None or not 0 <= row < len(owner.shown) or not 0 <= column < len(self._headers):
            return QModelIndex()
        return self.createIndex(row, column, owner.shown[row])

    def parent(self, index: _Index | None = None):  # noqa: ANN201 - also QObject.parent()
        if index is None:
            return super().parent()
        node = self.node(index)
        if node is None or node.parent is None or node.parent.kind is NodeKind.ROOT:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        if parent.column() > 0:
            return 0
        owner = self.node(parent) if parent.isValid() else (self._tree.root if self._tree else None)
        return len(owner.shown) if owner is not None else 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        node = self.node(index)
        if node is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.row_texts(node)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            if node.error:
                return ERROR_COLOUR
            if node.warning and index.column() == self.COLUMN_VALUE:
                return WARNING_COLOUR
            return PRIVATE_COLOUR if node.private else None
        if role == Qt.ItemDataRole.FontRole and node.matched:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node, index.column())
        return None

    # -- display strings -------------------------------------------------------------

    def row_texts(self, node: TagNode) -> tuple[str, str, str, str, str]:
        """The five column strings of ``node`` as the tree shows (and copies) them."""
        texts = self._texts.get(node)
        if texts is None:
            if node.kind is NodeKind.ITEM:
                texts = (self.tr("Item %1").replace("%1", str(node.item_number)), "", "",
                         self.tr("%n element(s)", "", node.vm), "")
            else:
                texts = (format_tag(node.tag or 0), node.vr, self._name(node), self._length(node),
                         self._value(node))
            self._texts[node] = texts
        return texts

    def _name(self, node: TagNode) -> str:
        if not node.private:
            return node.name or self.tr("(unknown element)")
        if node.creator is None:  # Private Creator, group length or a reserved element
            return node.name or self.tr("private")
        if not node.creator:
            return self.tr("[no private creator] private")
        return f"[{node.creator}] " + (node.name or self.tr("private"))

    def _length(self, node: TagNode) -> str:
        if node.item_count is not None:
            return self.tr("%n item(s)", "", node.item_count)
        if node.undefined_length:
            return self.tr("undefined length")
        if node.byte_length is not None:
            return self.tr("%1 bytes").replace("%1", str(node.byte_length))
        return str(node.vm)

    def _value(self, node: TagNode) -> str:
        if node.error:
            return self.tr("<cannot decode: %1>").replace("%1", node.error)
        if node.undefined_length:
            return self.tr("<%1, encapsulated>").replace("%1", node.vr)
        if node.byte_length is not None:
            summary = self.tr("<%1, %2 bytes>").replace("%1", node.vr).replace("%2", str(node.byte_length))
            return f"{summary} {node.value}" if node.value else summary
        return node.value

    def _tooltip(self, node: TagNode, column: int) -> str | None:
        lines = []
        if node.keyword:
            lines.append(node.keyword)
        if column == self.COLUMN_VALUE and node.value and node.byte_length is None:
            lines.append(node.value)
        if node.warning:
            lines.append(self.tr("Warning: %1").replace("%1", node.warning))
        return "\n".join(lines) or None


class _TagView(QTreeView):
    """The tree, with Ctrl+C copying every selected row (Qt's default copies one cell)."""

    def __init__(self, browser: QtTagBrowser) -> None:
        super().__init__(browser)
        self._browser = browser

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.matches(QKeySequence.StandardKey.Copy):
            self._browser.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)


class QtTagBrowser(QWidget):
    """Search box, tag tree and status line for one DICOM header.

    Parameters
    ----------
    parent
        The owning widget, if any.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.populate_seconds = 0.0  #: how long the last set_dataset took (build + model reset)
        self.title_label = QLabel(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search tag (0010,0010), keyword, name or value"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.expand_button = QPushButton(self.tr("Expand all"), self)
        self.collapse_button = QPushButton(self.tr("Collapse all"), self)
        self.expand_button.clicked.connect(self.expand_all)
        self.collapse_button.clicked.connect(self.collapse_all)
        self.model = TagTreeModel(self)
        self.view = _TagView(self)
        self._setup_view()
        self.status_label = QLabel(self)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.expand_button)
        bar.addWidget(self.collapse_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title_label)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status_label)
        self._update_status()

    def _setup_view(self) -> None:
        view = self.view
        view.setModel(self.model)
        view.setUniformRowHeights(True)  # lets Qt lay out thousands of rows without measuring each
        view.setAlternatingRowColors(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        metrics = view.fontMetrics()
        widths = ("(0000,0000)   Item 000", "VR  ", "[SIEMENS MEDCOM HEADER] PMTF Information 1", "000 bytes ")
        for column, sample in enumerate(widths):
            view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        for text, slot, key in ((self.tr("Copy"), self.copy_selection, QKeySequence.StandardKey.Copy),
                                (self.tr("Expand all"), self.expand_all, None),
                                (self.tr("Collapse all"), self.collapse_all, None)):
            action = QAction(text, view)
            if key is not None:
                action.setShortcut(key)
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            view.addAction(action)

    # -- content -----------------------------------------------------------------------

    def set_dataset(self, ds: Dataset, title: str = "") -> None:
        """Show the header of ``ds`` (its ``file_meta`` first); the search text is kept.

        Parameters
        ----------
        ds
            A pydicom dataset; bulk values are summarised, not read (see :mod:`viewer.tag_tree`).
        title
            What the header belongs to, shown above the tree (e.g. "Series 3, image 12").
        """
        if not isinstance(ds, Dataset):
            raise TypeError(f"ds must be a pydicom Dataset, got {type(ds).__name__}")
        start = time.perf_counter()
        self.model.set_tree(build_tag_tree(ds))
        self.populate_seconds = time.perf_counter() - start
        self.title_label.setText(title)
        self.title_label.setVisible(bool(title))
        self._apply_search()

    def set_file(self, path: str | PathLike[str]) -> None:
        """Read the header of a DICOM file and show it; large values stay on disk.

        Raises
        ------
        DicomReadError
            The file is missing, unreadable or not DICOM.
        """
        try:
            ds = dcmread(path, defer_size=DEFER_SIZE)
        except (InvalidDicomError, OSError, EOFError, ValueError) as exc:
            raise DicomReadError(str(path), str(exc)) from exc
        self.set_dataset(ds, title=str(path))

    def clear(self) -> None:
        self.model.set_tree(None)
        self.title_label.clear()
        self._update_status()

    @property
    def tree(self) -> TagTree | None:
        return self.model.tree

    # -- search, expansion, copy -------------------------------------------------------------

    def _on_search_text_changed(self, _text: str) -> None:
        self._apply_search()

    def _apply_search(self) -> None:
        query = self.search.text().strip()
        self.model.set_filter(query)
        if query:
            self._expand_to_matches()
        self._update_status()

    def _expand_to_matches(self) -> None:
        """Open the sequences and items that lead to a match, leaving matched sequences closed."""
        tree = self.model.tree
        if tree is None:
            return
        opened: set[int] = set()
        for node in tree.walk():
            if not node.matched:
                continue
            ancestor = node.parent
            while ancestor is not None and ancestor.kind is not NodeKind.ROOT and id(ancestor) not in opened:
                opened.add(id(ancestor))
                self.view.setExpanded(self.model.index_of(ancestor), True)
                ancestor = ancestor.parent

    def expand_all(self) -> None:
        self.view.expandAll()

    def collapse_all(self) -> None:
        self.view.collapseAll()

    def _update_status(self) -> None:
        tree = self.model.tree
        total = tree.element_count if tree else 0
        matching = tree.matching_count if tree else 0
        self.status_label.setText(self.tr("%1 elements, %2 matching")
                                  .replace("%1", str(total)).replace("%2", str(matching)))

    def selected_nodes(self) -> list[TagNode]:
        """The selected rows in tree order."""
        nodes = [self.model.node(index) for index in self.view.selectionModel().selectedRows(0)]
        return sorted((node for node in nodes if node is not None), key=lambda node: node.order)

    def copy_selection(self) -> str:
        """Put the selected rows on the clipboard as tab-separated lines; return the text.

        Columns are those of the tree; the Tag column is indented two spaces per nesting
        level so a copied sequence keeps its shape in a report or an e-mail.
        """
        lines = []
        for node in self.selected_nodes():
            texts = list(self.model.row_texts(node))
            texts[0] = "  " * node.depth + texts[0]
            lines.append("\t".join(texts))
        text = "\n".join(lines)
        if text:
            QGuiApplication.clipboard().setText(text)
        return text


class QtTagBrowserDialog(QDialog):
    """A non-modal window around :class:`QtTagBrowser`, kept open beside the viewer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setWindowTitle(self.tr("DICOM tags"))
        self.browser = QtTagBrowser(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(960, 680)

    def set_dataset(self, ds: Dataset, title: str = "") -> None:
        """Show ``ds`` (see :meth:`QtTagBrowser.set_dataset`) and name it in the window title."""
        self.browser.set_dataset(ds, title)
        self._set_title(title)

    def set_file(self, path: str | PathLike[str]) -> None:
        """Show the header of a file (see :meth:`QtTagBrowser.set_file`)."""
        self.browser.set_file(path)
        self._set_title(str(path))

    def _set_title(self, title: str) -> None:
        base = self.tr("DICOM tags")
        self.setWindowTitle(f"{base} - {title}" if title else base)
