"""One open study: the series strip, the viewport grid, linking and cine together.

The app feeds it stacks as the loader plans them (before pixels arrive) and applies a
hanging protocol; everything else (scrolling, W/L, drag and drop, sync) happens here.
A study that is still arriving grows in place: a re-planned stack replaces the old one
in the strip and in every viewport showing it, on the same image (see :meth:`QtStudyView.put_stack`).
A hanging protocol may ask a viewport for more than the plain stack: PET fused over the
CT of another viewport, or the PET's rotating MIP (:class:`DerivedDisplay`); those follow
the loading and the growth of the stacks they are made from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from rendering.planes import volume_center
from rendering.voi import Voi, initial_voi, volume_to_display
from viewer.cine import CineController
from viewer.fusion_source import FusionSource
from viewer.images import to_qimage
from viewer.layouts import LayoutSpec
from viewer.linking import ViewportLinker
from viewer.qt_projection import RotatingMipDisplay
from viewer.qt_grid import GridView, QtViewportGrid
from viewer.qt_thumbnails import QtSeriesStrip, SeriesItem
from viewer.qt_viewport import QtViewport
from viewer.sources import StackSource
from viewer.view_state import ViewState
from workstation.model import GeometryError, Volume


@dataclass
class Stack:
    """A displayable stack of a series in this view."""

    key: str
    title: str
    volume: Volume
    source: StackSource


@dataclass
class DerivedDisplay:
    """What a viewport shows instead of a plain stack: stack ``key`` fused over stack
    ``base_key`` (``kind`` "fusion"), or its rotating MIP ("mip")."""

    kind: str
    key: str
    state: ViewState
    base_key: str | None = None
    overlay_window: Voi | None = None
    mip: RotatingMipDisplay | None = field(default=None, repr=False)

    def uses(self, key: str) -> bool:
        return key in (self.key, self.base_key)


def stack_title(volume: Volume, index: int = 0) -> str:
    series = volume.series
    number = f"{series.series_number}: " if series and series.series_number is not None else ""
    description = (series.description if series and series.description else volume.modality) or "?"
    suffix = f" ({index + 1})" if index else ""
    return f"{number}{description}{suffix}"


class QtStudyView(GridView, QWidget):
    """Strip + grid for one study; thumbnails fill in as middle slices decode."""

    active_viewport_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stacks: dict[str, Stack] = {}
        self.derived: dict[QtViewport, DerivedDisplay] = {}
        self.strip = QtSeriesStrip(self)
        self.grid = QtViewportGrid(self)
        self.linker = ViewportLinker(lambda: self.grid.viewports, self)
        self.cine = CineController(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.strip)
        splitter.addWidget(self.grid)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([150, 1000])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.strip.series_activated.connect(self.show_in_active)
        self.grid.series_dropped.connect(lambda viewport, key: self.show_stack(key, viewport))
        self.grid.viewports_changed.connect(self.linker.attach)
        self.grid.viewports_changed.connect(self._forget_gone_viewports)
        self.grid.active_changed.connect(self._on_active_changed)
        self.linker.attach()
        self.linker.set_active(self.grid.active)

    def add_stack(self, key: str, volume: Volume, title: str | None = None) -> Stack:
        """Register a planned stack (pixels may still be decoding)."""
        stack = Stack(key, title or stack_title(volume), volume, StackSource(volume))
        self.stacks[key] = stack
        self.strip.add_series(SeriesItem(key, stack.title, volume.shape[0], volume.modality))
        return stack

    def put_stack(self, key: str, volume: Volume, title: str | None = None) -> Stack:
        """Add a stack, or give the stack ``key`` a re-planned ``volume`` (more slices).

        Viewports showing the old stack show the new one on the same image (SOP Instance
        UID and frame number: the slice index of that image changes when slices arrive
        before it) with the same window, zoom, pan and orientation; the strip's count follows.
        """
        old = self.stacks.get(key)
        if old is None:
            return self.add_stack(key, volume, title)
        stack = Stack(key, title or old.title, volume, StackSource(volume))
        self.stacks[key] = stack
        self.strip.update_series(SeriesItem(key, stack.title, volume.shape[0], volume.modality))
        for viewport in self.grid.viewports:
            if viewport.source is old.source:
                index = matching_slice(old.volume, viewport.state.slice_index, volume)
                viewport.set_source(stack.source, viewport.state.with_(slice_index=index))
        for viewport, display in list(self.derived.items()):
            if display.uses(key):  # made again of the grown stacks, as the reader left it
                self._show_derived(viewport, replace(display, state=viewport.state) if viewport.source else display)
        middle = volume.shape[0] // 2
        if volume.loaded[middle]:
            self.strip.set_thumbnail(key, thumbnail(volume, middle))
        self.linker.refresh_reference_lines()
        return stack

    def show_stack(self, key: str, viewport: QtViewport | None = None, state: ViewState | None = None) -> None:
        stack = self.stacks.get(key)
        viewport = viewport or self.grid.active
        if stack is None or viewport is None:
            return
        self._forget(viewport)
        viewport.set_source(stack.source, state)
        self.linker.refresh_reference_lines()

    def show_fusion(self, key: str, base_key: str, viewport: QtViewport, state: ViewState,
                    overlay_window: Voi | None = None) -> str | None:
        """Stack ``key`` (PET) in colour over stack ``base_key`` (CT) on the base's axial
        planes, opening with ``state`` (the base's window) and ``overlay_window`` (default
        SUV 0-10). It shows once both have loaded; until then the viewport says it is loading.

        Returns None, or why only the plain stack ``key`` is shown (a series that cannot
        be reformatted) or what the reader must know (the series are aligned by position
        only, not by a shared Frame of Reference).
        """
        display = DerivedDisplay("fusion", key, state, base_key, overlay_window)
        return self._show_derived(viewport, display)

    def show_projection(self, key: str, viewport: QtViewport, state: ViewState) -> None:
        """The rotating MIP of stack ``key`` in ``viewport``, computed in the background once
        the series has loaded, opening with ``state`` (see :func:`viewer.qt_projection.projection_state`)."""
        self._show_derived(viewport, DerivedDisplay("mip", key, state))

    def _show_derived(self, viewport: QtViewport, display: DerivedDisplay) -> str | None:
        self._forget(viewport)
        volume = self.stacks[display.key].volume
        if display.kind == "mip":
            display.mip = RotatingMipDisplay(viewport, volume, display.state, self)
            self.derived[viewport] = display
            if volume.is_complete:
                display.mip.start()
            return None
        base = self.stacks[display.base_key].volume  # type: ignore[index]
        try:
            source = FusionSource(base, volume, "axial", center=volume_center(base),
                                  overlay_window=display.overlay_window)
        except (GeometryError, ValueError) as exc:
            viewport.set_source(self.stacks[display.key].source, None)
            return str(exc)
        # open on the plane of the slice the state names: of the base stack, or of the fused
        # frames shown before the stacks grew
        shown = viewport.source if isinstance(viewport.source, FusionSource) else self.stacks[display.base_key].source
        k = min(max(display.state.slice_index, 0), len(shown) - 1)
        index = source.index_nearest(shown.plane(k).origin)
        viewport.set_source(source, display.state.with_(slice_index=len(source) // 2 if index is None else index))
        self.derived[viewport] = display
        self.linker.refresh_reference_lines()
        return source.warning

    def _forget(self, viewport: QtViewport) -> None:
        """``viewport`` shows something else now: its derived display (if any) stops."""
        display = self.derived.pop(viewport, None)
        if display is not None and display.mip is not None:
            display.mip.stop()

    def _forget_gone_viewports(self) -> None:
        for viewport in [v for v in self.derived if v not in self.grid.viewports]:
            self._forget(viewport)

    def stop(self) -> None:
        """Stop the cine and background computations (the tab is closing)."""
        self.cine.stop()
        for viewport in list(self.derived):
            self._forget(viewport)

    def show_in_active(self, key: str) -> None:
        self.show_stack(key)

    def set_layout(self, spec: LayoutSpec) -> None:
        self.grid.set_layout(spec)

    def on_slice_loaded(self, volume: Volume, k: int) -> None:
        """A slice arrived: repaint viewports showing it, make the thumbnail from the middle one."""
        for viewport in self.grid.viewports:
            if viewport.source is not None and viewport.source.volume is volume and viewport.state.slice_index == k:
                viewport.update()
        for viewport, display in self.derived.items():
            made_of = [self.stacks[key].volume for key in (display.key, display.base_key) if key in self.stacks]
            if any(v is volume for v in made_of) and all(v.is_complete for v in made_of):
                if display.mip is not None and not display.mip.started:
                    display.mip.start()
                viewport.update()
        middle = volume.shape[0] // 2
        if k == middle or (volume.shape[0] == 1 and k == 0):
            for stack in self.stacks.values():
                if stack.volume is volume:
                    self.strip.set_thumbnail(stack.key, thumbnail(volume, k))

    def _on_active_changed(self, viewport: QtViewport) -> None:
        self.linker.set_active(viewport)
        self.active_viewport_changed.emit(viewport)


def matching_slice(old: Volume, k: int, new: Volume) -> int:
    """The index in ``new`` of the image at ``old[k]`` (same SOP Instance UID and frame
    number); the same index, clamped, when that image is not in ``new``."""
    if 0 <= k < len(old.frames):
        wanted = (old.frames[k].sop_instance_uid, old.frames[k].frame_number)
        if wanted[0]:
            for index, frame in enumerate(new.frames):
                if (frame.sop_instance_uid, frame.frame_number) == wanted:
                    return index
    return min(max(k, 0), new.shape[0] - 1)


def thumbnail(volume: Volume, k: int):
    """The displayed look of slice ``k`` with its default window, as a QImage."""
    if volume.is_colour:
        return to_qimage(volume.pixels[k])
    if k in volume.failed:
        return to_qimage(volume.pixels[k][:1, :1].astype("uint8") * 0)
    return to_qimage(volume_to_display(volume, volume.pixels[k], initial_voi(volume, k)))
