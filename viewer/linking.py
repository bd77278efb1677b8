"""Linking between the viewports of a grid: synchronised scrolling, zoom/pan and window,
reference lines of the active slice, and the 3D cursor (click-to-locate).

Scrolling is linked by patient position when two viewports show parallel planes of the
same frame of reference, and by index otherwise (as Horos and RadiAnt do).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject

from viewer.qt_viewport import QtViewport
from viewer.view_state import ViewState

#: |n_a . n_b| above this counts as parallel planes (about 8 degrees).
PARALLEL = 0.99


class ViewportLinker(QObject):
    """Keeps the viewports returned by ``viewports()`` in step with each other."""

    def __init__(self, viewports: Callable[[], list[QtViewport]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._viewports = viewports
        self.sync_scroll = True
        self.sync_zoom = False
        self.sync_window = False
        self.show_reference_lines = True
        self.active: QtViewport | None = None
        self._last: dict[int, ViewState] = {}
        self._shown: dict[int, object] = {}  # viewport -> key of the source it showed last
        self._busy = False
        self._attached: set[int] = set()

    def attach(self) -> None:
        """Connect to every current viewport (call again after a layout change)."""
        for viewport in self._viewports():
            if id(viewport) in self._attached:
                continue
            self._attached.add(id(viewport))
            self._last[id(viewport)] = viewport.state
            self._shown[id(viewport)] = viewport.source.key if viewport.source is not None else None
            viewport.state_changed.connect(lambda state, v=viewport: self._on_state_changed(v, state))
            viewport.located.connect(self.locate)
            viewport.destroyed.connect(lambda _=None, key=id(viewport): self._attached.discard(key))
        self.refresh_reference_lines()

    def set_active(self, viewport: QtViewport | None) -> None:
        self.active = viewport
        self.refresh_reference_lines()

    # -- propagation ---------------------------------------------------------------------

    def _on_state_changed(self, source: QtViewport, state: ViewState) -> None:
        previous = self._last.get(id(source), state)
        self._last[id(source)] = state
        shown = source.source.key if source.source is not None else None
        if self._shown.get(id(source)) != shown:  # a new series in this viewport is not a scroll
            self._shown[id(source)] = shown
            self.refresh_reference_lines()
            return
        if self._busy:
            return
        self._busy = True
        try:
            for other in self._viewports():
                if other is source or other.source is None or source.source is None:
                    continue
                new = other.state
                if self.sync_scroll and state.slice_index != previous.slice_index:
                    new = new.with_(slice_index=self._linked_slice(source, other, state, previous))
                if self.sync_zoom and (state.scale, state.pan) != (previous.scale, previous.pan):
                    new = new.with_(scale=state.scale, pan=state.pan)
                if self.sync_window and state.voi != previous.voi and \
                        other.source.volume.modality == source.source.volume.modality:
                    new = new.with_(voi=state.voi)
                if new != other.state:
                    other.set_state(new)
                    self._last[id(other)] = other.state
        finally:
            self._busy = False
        self.refresh_reference_lines()

    def _linked_slice(self, source: QtViewport, other: QtViewport, state: ViewState, previous: ViewState) -> int:
        a, b = source.source, other.source
        assert a is not None and b is not None
        same_frame = a.frame_of_reference_uid and a.frame_of_reference_uid == b.frame_of_reference_uid
        if same_frame and a.has_patient_geometry and b.has_patient_geometry:
            plane_a, plane_b = a.plane(state.slice_index), b.plane(other.state.slice_index)
            if abs(float(np.dot(plane_a.normal, plane_b.normal))) < PARALLEL:
                return other.state.slice_index  # crossing planes: the reference line shows it
            k = b.index_nearest(plane_a.center)
            return other.state.slice_index if k is None else k
        return other.state.slice_index + (state.slice_index - previous.slice_index)

    # -- reference lines and the 3D cursor -------------------------------------------------

    def refresh_reference_lines(self) -> None:
        active = self.active
        for viewport in self._viewports():
            planes = []
            if self.show_reference_lines and active is not None and viewport is not active \
                    and _same_frame(viewport, active):
                plane = active.current_plane()
                if plane is not None:
                    planes.append(plane)
            if planes != viewport.reference_planes:
                viewport.reference_planes = planes
                viewport.update()

    def locate(self, point: np.ndarray) -> None:
        """Move every viewport of the same frame of reference to the slice through ``point``
        and mark it there."""
        source = self.sender()
        for viewport in self._viewports():
            if viewport.source is None or not viewport.source.has_patient_geometry:
                continue
            if isinstance(source, QtViewport) and not _same_frame(viewport, source):
                continue
            k = viewport.source.index_nearest(point)
            viewport.cursor_point = np.asarray(point, dtype=float)
            if k is not None and viewport is not source:
                viewport.set_slice(k)
            viewport.update()


def _same_frame(a: QtViewport, b: QtViewport) -> bool:
    if a.source is None or b.source is None:
        return False
    uid = a.source.frame_of_reference_uid
    return bool(uid) and uid == b.source.frame_of_reference_uid and a.source.has_patient_geometry \
        and b.source.has_patient_geometry
