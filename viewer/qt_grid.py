"""The viewport grid: any layout spec (1x1..4x4, 1+2, ...), one active viewport,
maximise on double-click, and tiling several images of one series in one cell.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from viewer.layouts import LayoutSpec, grid
from viewer.qt_viewport import QtViewport
from viewer.view_state import ViewState


class QtViewportGrid(QWidget):
    """Viewports laid out by a :class:`LayoutSpec`; content survives layout changes in order."""

    active_changed = Signal(object)  #: QtViewport
    viewports_changed = Signal()  #: viewports were created or removed
    series_dropped = Signal(object, str)  #: (viewport, series key)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.setStyleSheet("background: #202020;")
        self.spec: LayoutSpec = grid(1, 1)
        self.viewports: list[QtViewport] = []
        self.active: QtViewport | None = None
        self.maximised: QtViewport | None = None
        self._tiles: dict[int, int] = {}  # id(first tile viewport) -> tile count, for tiling
        self.set_layout(self.spec)

    # -- layout ---------------------------------------------------------------------------

    def set_layout(self, spec: LayoutSpec) -> None:
        """Switch layout, keeping the first viewports' content (and creating empty ones)."""
        self.maximised = None
        self._tiles.clear()
        needed = len(spec.cells)
        while len(self.viewports) < needed:
            self.viewports.append(self._new_viewport())
        for extra in self.viewports[needed:]:
            self._layout.removeWidget(extra)
            extra.deleteLater()
        self.viewports = self.viewports[:needed]
        for viewport, cell in zip(self.viewports, spec.cells):
            self._layout.removeWidget(viewport)
            self._layout.addWidget(viewport, cell.row, cell.col, cell.row_span, cell.col_span)
            viewport.show()
        for r in range(4):
            self._layout.setRowStretch(r, 1 if r < spec.rows else 0)
            self._layout.setColumnStretch(r, 1 if r < spec.cols else 0)
        self.spec = spec
        if self.active not in self.viewports:
            self.set_active(self.viewports[0])
        self.viewports_changed.emit()

    def _new_viewport(self) -> QtViewport:
        viewport = QtViewport(self)
        viewport.activated.connect(lambda v=viewport: self.set_active(v))
        viewport.double_clicked.connect(lambda v=viewport: self.toggle_maximised(v))
        viewport.series_dropped.connect(lambda key, v=viewport: self.series_dropped.emit(v, key))
        return viewport

    def set_active(self, viewport: QtViewport) -> None:
        if viewport is self.active:
            return
        for v in self.viewports:
            v.is_active = v is viewport
            v.update()
        self.active = viewport
        self.active_changed.emit(viewport)

    def toggle_maximised(self, viewport: QtViewport) -> None:
        """Show one viewport over the whole grid, or go back to the grid."""
        if self.maximised is None:
            for v in self.viewports:
                v.setVisible(v is viewport)
            self.maximised = viewport
        else:
            for v in self.viewports:
                v.setVisible(True)
            self.maximised = None
        self.set_active(viewport)

    def first_empty(self) -> QtViewport | None:
        return next((v for v in self.viewports if v.source is None), None)

    # -- tiling ---------------------------------------------------------------------------

    def tile_active(self, rows: int, cols: int) -> None:
        """Fill a rows x cols layout with consecutive images of the active viewport's series.

        The tiles scroll together (each shows the next image), like a film sheet.
        """
        active = self.active
        if active is None or active.source is None:
            return
        source, state = active.source, active.state
        self.set_layout(grid(rows, cols))
        for n, viewport in enumerate(self.viewports):
            viewport.set_source(source, state.with_(slice_index=min(state.slice_index + n, len(source) - 1)))
            viewport.state_changed.connect(lambda s, v=viewport: self._on_tile_scrolled(v, s))
        self._tiles[id(self.viewports[0])] = len(self.viewports)
        self.set_active(self.viewports[0])

    def _on_tile_scrolled(self, viewport: QtViewport, state: ViewState) -> None:
        if not self._tiles or viewport not in self.viewports:
            return
        base = state.slice_index - self.viewports.index(viewport)
        for n, other in enumerate(self.viewports):
            if other is not viewport and other.source is viewport.source:
                other.set_state(other.state.with_(slice_index=max(0, base + n)), emit=False)


class GridView:
    """What the shell reads of a view built on one :class:`QtViewportGrid` (a study, MPR,
    fusion or curved MPR tab): its active viewport and its viewports. Mixed into those
    widgets (before ``QWidget``); they set ``self.grid``."""

    grid: QtViewportGrid

    @property
    def active(self) -> QtViewport | None:
        return self.grid.active

    @property
    def viewports(self) -> list[QtViewport]:
        return list(self.grid.viewports)

