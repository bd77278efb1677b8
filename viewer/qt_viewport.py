"""The image viewport: one frame at a time, with window/level, zoom, pan, rotate, flip,
overlays (corner text, orientation labels, scale bar, overlay planes, shutters),
reference lines, the 3D cursor, and tools that plug in through :mod:`viewer.tool_protocol`.

Pixels go numpy -> VOI LUT (rendering.voi) -> QImage -> QPainter with the display
transform; the same :meth:`QtViewport.paint_content` draws the widget, exports and the
headless snapshot, so what is exported is what is seen.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import numpy as np
from PySide6.QtCore import QMimeData, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent,
                           QPen, QPolygonF, QTransform, QWheelEvent)
from PySide6.QtWidgets import QSizePolicy, QWidget

from rendering.colormaps import colormap
from rendering.planes import SlicePlane
from rendering.voi import LUT_DTYPES, display_inverted, lut_index, stored_value_lut, to_display
from viewer import display_transform as dt
from viewer.builtin_tools import BrowseTool, WindowLevelDrag
from viewer.corner_text import CornerContext, corner_lines, load_templates
from viewer.images import block_mean, pack_rgb32, palette_rgb32, rgb32_qimage, rgb32_to_rgb
from viewer.qt_display_names import colormap_label, preset_label
from viewer.reference_lines import nice_scale_length, project_point, reference_line
from viewer.sources import StackSource
from viewer.tool_protocol import PointerEvent, ViewportLayer, ViewportTool
from viewer.view_state import ViewState, Voi
from workstation.model import Window

SERIES_MIME = "application/x-workstation-series"
TEXT_COLOUR = QColor(235, 235, 200)
LABEL_COLOUR = QColor(255, 220, 90)
#: Where the dark copies of overlay text go: a drop shadow, or an outline on white backgrounds.
SHADOW_OFFSETS = ((1, 1),)
OUTLINE_OFFSETS = ((1, 1), (-1, -1), (1, -1), (-1, 1))
#: Corner text inset from the viewport edge, in pixels.
CORNER_MARGIN = 6
#: Half the width kept free around the centre of the top and bottom edges for their
#: orientation label (two bold letters such as "RA" at 13 pt, plus a gap).
EDGE_LABEL_CLEARANCE = 26
#: Corner text is never elided narrower than this, however small the viewport.
CORNER_TEXT_MIN_WIDTH = 40
REFERENCE_COLOUR = QColor(90, 200, 255)
CURSOR_COLOUR = QColor(255, 80, 80)
OVERLAY_COLOUR = QColor(255, 255, 120)
ACTIVE_BORDER = QColor(255, 170, 0)
MAX_REDUCTION = 8  #: block averaging before the LUT stops at 8x8 (int32 sums stay exact)
REDUCED_FRAMES = 4  #: block-averaged frames kept per viewport


@lru_cache(maxsize=16)
def _palette(name: str) -> np.ndarray:
    return palette_rgb32(colormap(name))


@lru_cache(maxsize=32)
def _rgb32_lut(voi, slope: float, intercept: float, dtype: np.dtype, inverted: bool, colormap_name: str) -> np.ndarray:
    """Stored value -> 0xFFRRGGBB for every 8/16-bit stored value: one lookup per pixel."""
    return np.take(_palette(colormap_name), stored_value_lut(voi, slope, intercept, dtype, inverted))


class QtViewport(QWidget):
    """Shows one frame of a source and handles the reading interactions on it."""

    state_changed = Signal(object)  #: ViewState
    activated = Signal()  #: the user clicked into this viewport
    double_clicked = Signal()
    located = Signal(object)  #: np.ndarray LPS point (shift+click: the 3D cursor)
    series_dropped = Signal(str)  #: a series dragged from the thumbnail strip
    hovered = Signal(object)  #: (x, y, value text) under the mouse, or None

    _templates: dict | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.source: StackSource | None = None
        self._state = ViewState()
        self.tool: ViewportTool = BrowseTool()
        self.layers: list[ViewportLayer] = []
        self.show_overlays = True
        self.show_annotations = True
        self.is_active = False
        self.date_format = "%d/%m/%Y"
        self.reference_planes: list[SlicePlane] = []
        self.cursor_point: np.ndarray | None = None
        self.empty_text = self.tr("Drop a series here")
        self._cache: tuple[tuple, QImage, np.ndarray] | None = None
        self._reduced: dict[tuple, np.ndarray] = {}
        self._default_voi: dict[int, Voi] = {}
        self._drag: object | None = None  # the interaction the pressed button started
        self._press_screen: np.ndarray | None = None

    # -- content -------------------------------------------------------------------------

    def set_source(self, source: StackSource | None, state: ViewState | None = None) -> None:
        """Show ``source`` (None empties the viewport) starting from ``state``."""
        self.source = source
        self._cache = None
        self._reduced.clear()
        self._default_voi.clear()
        if source is not None and state is None:
            state = ViewState(slice_index=len(source) // 2 if source.has_patient_geometry else 0)
        self.set_state(state or ViewState())

    @property
    def state(self) -> ViewState:
        return self._state

    def set_state(self, state: ViewState, *, emit: bool = True) -> None:
        if self.source is not None:
            k = min(max(state.slice_index, 0), len(self.source) - 1)
            if k != state.slice_index:
                state = state.with_(slice_index=k)
        if state == self._state:
            return
        self._state = state
        self.update()
        if emit:
            self.state_changed.emit(state)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(512, 512)

    # -- reading actions (menus, keys and linking call these) ----------------------------

    def scroll(self, delta: int) -> None:
        if self.source is not None:
            self.set_slice(self._state.slice_index + delta)

    def set_slice(self, k: int) -> None:
        self.set_state(self._state.with_(slice_index=k))

    def set_voi(self, voi: Voi | None) -> None:
        self.set_state(self._state.with_(voi=voi))

    def toggle_invert(self) -> None:
        self.set_state(self._state.with_(invert=not self._state.invert))

    def rotate(self, degrees: int) -> None:
        self.set_state(self._state.rotated(degrees))

    def flip_horizontal(self) -> None:
        """Mirror what is on screen left-right, whatever the rotation.

        The state keeps flips in image space before rotation (the DICOM presentation
        state order), so on a 90/270 degree rotated image a screen-horizontal flip is an
        image-vertical one.
        """
        self._flip_on_screen(horizontal=True)

    def flip_vertical(self) -> None:
        self._flip_on_screen(horizontal=False)

    def _flip_on_screen(self, horizontal: bool) -> None:
        image_horizontal = horizontal != (self._state.rotation in (90, 270))
        if image_horizontal:
            self.set_state(self._state.with_(flip_horizontal=not self._state.flip_horizontal))
        else:
            self.set_state(self._state.with_(flip_vertical=not self._state.flip_vertical))

    def reset(self) -> None:
        """Fit, centre, no rotation/flip, the file's own window, no inversion."""
        self.set_state(self._state.reset_view().with_(voi=None, invert=False, colormap="grey"))

    def fit(self) -> None:
        self.set_state(self._state.with_(scale=None, pan=(0.0, 0.0)))

    def one_to_one(self) -> None:
        """One image pixel on one screen pixel (along the finer pixel direction)."""
        if self.source is not None:
            self.set_state(self._state.with_(scale=1.0 / min(self._spacing())))

    def zoom_by(self, factor: float, anchor: tuple[float, float] | None = None) -> None:
        """Zoom keeping the image point under ``anchor`` (screen) where it is."""
        if self.source is None:
            return
        scale = self.current_scale()
        new = float(np.clip(scale * factor, 1e-3, 1e3))
        pan = np.array(self._state.pan)
        if anchor is not None:
            centre = np.array([self.width() / 2.0, self.height() / 2.0]) + pan
            pan = pan + (np.asarray(anchor) - centre) * (1 - new / scale)
        self.set_state(self._state.with_(scale=new, pan=(float(pan[0]), float(pan[1]))))

    def pan_by(self, dx: float, dy: float) -> None:
        self.set_state(self._state.with_(pan=(self._state.pan[0] + dx, self._state.pan[1] + dy)))

    # -- geometry of what is shown ---------------------------------------------------------

    def _size(self) -> tuple[int, int]:
        assert self.source is not None
        frame = self.source.frame(self._state.slice_index)
        return frame.shape[1], frame.shape[0]

    def _spacing(self) -> tuple[float, float]:
        assert self.source is not None
        return self.source.plane(self._state.slice_index).spacing

    def current_plane(self) -> SlicePlane | None:
        return None if self.source is None else self.source.plane(self._state.slice_index)

    def current_scale(self) -> float:
        """Screen pixels per mm (per pixel without spacing) as shown now."""
        return dt.effective_scale(self._state, self._size(), self._spacing(), (self.width(), self.height()))

    def zoom_percent(self) -> float:
        """100 % = one image pixel per screen pixel (as Horos and RadiAnt count zoom)."""
        return 100.0 * self.current_scale() * min(self._spacing())

    def matrix(self, viewport: tuple[int, int] | None = None) -> np.ndarray:
        """Image pixel -> screen matrix for this widget (or for another output size)."""
        viewport = viewport or (self.width(), self.height())
        return dt.image_to_screen(self._state, self._size(), self._spacing(), viewport)

    def image_point(self, screen: tuple[float, float]) -> np.ndarray:
        return dt.screen_to_image(self.matrix(), np.asarray(screen, dtype=float))

    def screen_point(self, image: tuple[float, float]) -> np.ndarray:
        return dt.apply(self.matrix(), np.asarray(image, dtype=float))

    def patient_point(self, image: tuple[float, float]) -> np.ndarray | None:
        plane = self.current_plane()
        return None if plane is None else plane.to_patient(np.asarray(image, dtype=float))

    def orientation_labels(self) -> dict[str, str]:
        if self.source is None:
            return {}
        label_for = self.source.label_for_index()
        return dt.edge_labels(self.matrix(), self.current_plane(), label_for)

    def effective_voi(self) -> Voi | None:
        """The window in use: the user's, else the frame's own (or an automatic one)."""
        if self.source is None or self.source.volume.is_colour:
            return None
        if self._state.voi is not None:
            return self._state.voi
        k = self._state.slice_index
        if k not in self._default_voi:
            voi = self.source.default_voi(k)
            if not self.source.is_loaded(k):
                return voi  # an automatic window of pixels still loading must not stick
            self._default_voi[k] = voi
        return self._default_voi[k]

    # -- pixels ---------------------------------------------------------------------------

    def display_array(self) -> np.ndarray | None:
        """The current frame as displayed, ``(rows, cols, 3)`` RGB uint8 (None if not ready)."""
        entry = self._display_entry()
        return None if entry is None else rgb32_to_rgb(entry[1])

    def _display_entry(self, reduction: int = 1) -> tuple[QImage, np.ndarray] | None:
        """The current frame through the VOI LUT as an RGB32 image (cached per frame and window).

        ``reduction`` > 1 asks for the frame averaged over ``reduction`` x ``reduction``
        blocks first, for a large image shown at a fraction of its size (a 3000x2500 DX in a
        1000-pixel viewport): the LUT then runs over a quarter of the pixels or fewer, which
        is what keeps a window/level drag smooth. Only the stored-value LUT path reduces;
        colour, floating-point and source-rendered frames always come at full size.
        """
        source = self.source
        if source is None:
            return None
        k = self._state.slice_index
        if not source.is_loaded(k):
            return None
        voi = self.effective_voi()
        volume = source.volume
        if volume.is_colour or volume.pixels.dtype not in LUT_DTYPES or source.is_reformatted:
            reduction = 1
        key = (source.key, k, voi, self._state.invert, self._state.colormap, reduction)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1], self._cache[2]
        stored = source.frame(k) if reduction == 1 else self._reduced_frame(k, reduction)
        ready = None if reduction > 1 else source.display_pixels(k, voi, self._state.invert, self._state.colormap)
        if ready is not None:
            pixels = ready
        elif volume.is_colour:
            pixels = pack_rgb32(255 - stored if self._state.invert else stored)
        elif stored.dtype in LUT_DTYPES:
            inverted = display_inverted(volume.photometric, self._state.invert)
            lut = _rgb32_lut(voi, volume.rescale_slope, volume.rescale_intercept, stored.dtype, inverted,
                             self._state.colormap)
            pixels = np.take(lut, lut_index(stored))
        else:
            grey = to_display(stored, voi, slope=volume.rescale_slope, intercept=volume.rescale_intercept,
                              photometric=volume.photometric, invert=self._state.invert)
            pixels = np.take(_palette(self._state.colormap), grey)
        image = rgb32_qimage(pixels)
        self._cache = (key, image, pixels)
        return image, pixels

    def _reduced_frame(self, k: int, factor: int) -> np.ndarray:
        """Frame ``k`` block-averaged by ``factor``; the last few kept (a W/L drag reuses one)."""
        key = (self.source.key, k, factor)
        reduced = self._reduced.pop(key, None)
        if reduced is None:
            reduced = block_mean(self.source.frame(k), factor)
        self._reduced[key] = reduced  # most recent last
        while len(self._reduced) > REDUCED_FRAMES:
            self._reduced.pop(next(iter(self._reduced)))
        return reduced

    def _reduction(self, matrix: np.ndarray) -> int:
        """How many image pixels per screen pixel can be averaged before the LUT: only when
        smoothing is on (nearest-neighbour display shows single pixels on purpose)."""
        if not self._state.smooth:
            return 1
        screen_per_image = float(np.sqrt(abs(np.linalg.det(matrix[:2, :2]))))
        return max(1, min(MAX_REDUCTION, int(1.0 / screen_per_image))) if screen_per_image > 0 else 1

    def value_at(self, image: np.ndarray) -> str:
        """Text of the modality value under an image point, for the status bar."""
        source = self.source
        if source is None:
            return ""
        x, y = int(round(image[0])), int(round(image[1]))
        frame = source.frame(self._state.slice_index)
        if not (0 <= y < frame.shape[0] and 0 <= x < frame.shape[1]) or not source.is_loaded(self._state.slice_index):
            return ""
        volume = source.volume
        if volume.is_colour:
            r, g, b = (int(v) for v in frame[y, x])
            return f"RGB {r}, {g}, {b}"
        value = float(volume.to_modality(float(frame[y, x])))
        unit = volume.units if volume.units not in ("", "US") else ""
        extra = source.overlay_text(self._state.slice_index, x, y)
        if volume.suv is not None and not volume.suv.problems():
            text = f"{value:.4g} {unit}  SUVbw {value * volume.suv.suv_bw_factor():.2f}"
        else:
            text = f"{value:.6g} {unit}".strip()
        return f"{text}  |  {extra}" if extra else text

    # -- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        try:
            self.paint_content(painter, (self.width(), self.height()))
            if self.is_active:
                painter.resetTransform()
                painter.setPen(QPen(ACTIVE_BORDER, 2))
                painter.drawRect(QRectF(1, 1, self.width() - 2, self.height() - 2))
        finally:
            painter.end()

    def render_image(self, size: tuple[int, int] | None = None, *, overlays: bool | None = None,
                     annotations: bool | None = None) -> QImage:
        """The viewport as seen (or without overlays/annotations), at its size or another."""
        width, height = size or (self.width(), self.height())
        image = QImage(width, height, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            self.paint_content(painter, (width, height), overlays=overlays, annotations=annotations)
        finally:
            painter.end()
        return image

    def paint_content(self, painter: QPainter, size: tuple[int, int], *, overlays: bool | None = None,
                      annotations: bool | None = None) -> None:
        overlays = self.show_overlays if overlays is None else overlays
        annotations = self.show_annotations if annotations is None else annotations
        painter.fillRect(QRectF(0, 0, size[0], size[1]), QColor(0, 0, 0))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.source is None:
            self._paint_centre_text(painter, size, self.empty_text)
            return
        matrix = self.matrix(size)
        transform = QTransform(matrix[0, 0], matrix[1, 0], matrix[0, 1], matrix[1, 1], matrix[0, 2], matrix[1, 2])
        k = self._state.slice_index
        reduction = self._reduction(matrix)
        entry = self._display_entry(reduction)
        width, height = self._size()
        info = self.source.info(k)
        if entry is not None:
            painter.save()
            painter.setTransform(transform)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self._state.smooth)
            # antialiased edges would send every frame through Qt's slow transformed-image path
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            shown = entry[0]  # a reduced frame covers whole blocks: its edge pixels are dropped
            painter.drawImage(QRectF(-0.5, -0.5, shown.width() * reduction, shown.height() * reduction), shown)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            if info is not None and overlays:
                self._paint_overlay_planes(painter, info)
            if info is not None and info.shutter is not None:
                self._paint_shutter(painter, info.shutter, width, height)
            painter.restore()
        else:
            failure = self.source.failure(k)
            text = self.tr("Image %1 could not be decoded:\n%2").replace("%1", str(k + 1)).replace("%2", failure) \
                if failure else self.tr("Loading image %1 ...").replace("%1", str(k + 1))
            self._paint_centre_text(painter, size, text, QColor(255, 120, 120) if failure else TEXT_COLOUR)
        if overlays:
            self._paint_reference_lines(painter, matrix)
            self._paint_cursor(painter, matrix)
        if annotations:
            for layer in self.layers:
                layer.paint(self, painter)
        if overlays:
            self._paint_corner_text(painter, size)
            self._paint_orientation_labels(painter, size)
            self._paint_scale_bar(painter, size)
        paint_tool = getattr(self.tool, "paint", None)
        if paint_tool is not None:
            paint_tool(self, painter)

    def _font(self, points: float = 10.0, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(points)
        font.setBold(bold)
        return font

    def draw_text(self, painter: QPainter, rect: QRectF, flags: Qt.AlignmentFlag, text: str,
                  colour: QColor = TEXT_COLOUR) -> None:
        """Text with a dark drop shadow, readable on any grey level and at any zoom.

        One shadow pass keeps corner text at ~1.3 ms per frame. An inverted display (a PET
        MIP black on white) gets a dark outline instead (four diagonal passes, ~2 ms): on
        white a single shadow left the text faint.
        """
        painter.setPen(QColor(0, 0, 0))
        for dx, dy in (OUTLINE_OFFSETS if self._state.invert else SHADOW_OFFSETS):
            painter.drawText(rect.translated(dx, dy), int(flags), text)
        painter.setPen(colour)
        painter.drawText(rect, int(flags), text)

    def _paint_centre_text(self, painter: QPainter, size: tuple[int, int], text: str,
                           colour: QColor = QColor(140, 140, 140)) -> None:
        painter.setFont(self._font(11))
        self.draw_text(painter, QRectF(10, 10, size[0] - 20, size[1] - 20),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text, colour)

    def corner_text(self) -> dict[str, list[str]]:
        """The lines of each corner (``"top_left"`` ...) for the frame shown, in the UI
        language where the program supplied the words (a shipped preset's name); a fused
        image adds its overlay's scale, colour map and opacity above the window."""
        if QtViewport._templates is None:
            QtViewport._templates = load_templates()
        assert self.source is not None
        k = self._state.slice_index
        volume, index = self.source.text_frame(k)
        voi = self.effective_voi()
        if isinstance(voi, Window) and voi.explanation:
            voi = replace(voi, explanation=preset_label(voi.explanation))
        ctx = CornerContext(volume, index, voi, self.zoom_percent(), self.date_format, self.source.location(k))
        lines = corner_lines(ctx, QtViewport._templates)
        scale = self.source.overlay_scale()
        if scale is not None:  # a fused image: what its colours stand for, above the base's window
            window, colormap, opacity = scale
            lines["bottom_right"].insert(0, f"{window} {colormap_label(colormap)} {round(opacity * 100)}%")
        return lines

    def fitted_corner_text(self, size: tuple[int, int]) -> dict[str, list[str]]:
        """:meth:`corner_text` with each line elided ("...") to its half of the viewport,
        less room for the orientation label centred on the top and bottom edges.

        Why: in a 3x3 layout or an MPR view a long study description ran into the "A" or
        "H" label and made it unreadable; the label is the one a reader must never misread.
        """
        metrics = QFontMetricsF(self._font(9))
        column = max(CORNER_TEXT_MIN_WIDTH, (size[0] - 2 * CORNER_MARGIN) / 2 - EDGE_LABEL_CLEARANCE)
        return {corner: [metrics.elidedText(line, Qt.TextElideMode.ElideRight, column) for line in lines]
                for corner, lines in self.corner_text().items()}

    def _paint_corner_text(self, painter: QPainter, size: tuple[int, int]) -> None:
        lines = self.fitted_corner_text(size)
        painter.setFont(self._font(9))
        margin = CORNER_MARGIN
        rect = QRectF(margin, margin, size[0] - 2 * margin, size[1] - 2 * margin)
        align = {"top_left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                 "top_right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                 "bottom_left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                 "bottom_right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom}
        for corner, text_lines in lines.items():
            if text_lines:
                colour = QColor(255, 120, 120) if corner == "bottom_right" and "LOSSY" in text_lines[-1] else TEXT_COLOUR
                self.draw_text(painter, rect, align[corner], "\n".join(text_lines), colour)

    def _paint_orientation_labels(self, painter: QPainter, size: tuple[int, int]) -> None:
        painter.setFont(self._font(13, bold=True))
        labels = dt.edge_labels(self.matrix(size), self.current_plane(), self.source.label_for_index())
        w, h = size
        boxes = {"left": QRectF(4, h / 2 - 12, 60, 24), "right": QRectF(w - 64, h / 2 - 12, 60, 24),
                 "top": QRectF(w / 2 - 30, 4, 60, 24), "bottom": QRectF(w / 2 - 30, h - 28, 60, 24)}
        align = {"left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                 "right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                 "top": Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                 "bottom": Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom}
        for edge, text in labels.items():
            if text:
                self.draw_text(painter, boxes[edge], align[edge], text, LABEL_COLOUR)

    def _paint_scale_bar(self, painter: QPainter, size: tuple[int, int]) -> None:
        volume = self.source.volume
        if volume.spacing_kind.value == "unknown":
            return
        scale = dt.effective_scale(self._state, self._size(), self._spacing(), size)
        length_mm, length_px = nice_scale_length(1.0 / scale, size[1] * 0.25)
        x = size[0] - 18.0
        y0 = size[1] * 0.5 + 24.0  # below the right orientation label
        painter.setPen(QPen(TEXT_COLOUR, 1.5))
        painter.drawLine(QPointF(x, y0), QPointF(x, y0 + length_px))
        ticks = 10 if length_px > 60 else 2
        for i in range(ticks + 1):
            y = y0 + length_px * i / ticks
            tick = 8 if i in (0, ticks) else 4
            painter.drawLine(QPointF(x - tick, y), QPointF(x, y))
        unit = "cm" if length_mm >= 10 else "mm"
        value = length_mm / 10 if unit == "cm" else length_mm
        note = volume.spacing_kind.unit_note
        text = f"{value:g} {unit}" + (f"\n{note}" if note else "")
        painter.setFont(self._font(8))
        self.draw_text(painter, QRectF(x - 110, y0 + length_px + 2, 108, 30),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, text)

    def _paint_overlay_planes(self, painter: QPainter, info) -> None:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)  # crisp bitmap graphics
        for plane in info.overlays:
            bitmap = plane.bitmap
            rgba = np.zeros(bitmap.shape + (4,), dtype=np.uint8)
            rgba[bitmap] = (OVERLAY_COLOUR.red(), OVERLAY_COLOUR.green(), OVERLAY_COLOUR.blue(), 255)
            image = QImage(rgba.data, bitmap.shape[1], bitmap.shape[0], 4 * bitmap.shape[1],
                           QImage.Format.Format_RGBA8888).copy()
            row, col = plane.origin
            painter.drawImage(QRectF(col - 1.5, row - 1.5, bitmap.shape[1], bitmap.shape[0]), image)

    def _paint_shutter(self, painter: QPainter, shutter, width: int, height: int) -> None:
        outside = QPainterPath()
        outside.addRect(QRectF(-0.5, -0.5, width, height))
        visible = QPainterPath()
        visible.addRect(QRectF(-0.5, -0.5, width, height))
        if shutter.rectangle is not None:
            left, right, upper, lower = shutter.rectangle
            shape = QPainterPath()
            shape.addRect(QRectF(left - 1.5, upper - 1.5, right - left + 1, lower - upper + 1))
            visible = visible.intersected(shape)
        if shutter.circle is not None:
            row, col, radius = shutter.circle
            shape = QPainterPath()
            shape.addEllipse(QPointF(col - 1, row - 1), radius, radius)
            visible = visible.intersected(shape)
        if shutter.polygon:
            shape = QPainterPath()
            shape.addPolygon(QPolygonF([QPointF(c - 1, r - 1) for r, c in shutter.polygon]))
            shape.closeSubpath()
            visible = visible.intersected(shape)
        grey = int(round(shutter.grey * 255))
        painter.fillPath(outside.subtracted(visible), QColor(grey, grey, grey))

    def _paint_reference_lines(self, painter: QPainter, matrix: np.ndarray) -> None:
        shown = self.current_plane()
        if shown is None or not self.reference_planes:
            return
        painter.setPen(QPen(REFERENCE_COLOUR, 1.2))
        for other in self.reference_planes:
            segment = reference_line(shown, other)
            if segment is not None:
                a, b = (dt.apply(matrix, p) for p in segment)
                painter.drawLine(QPointF(*a), QPointF(*b))

    def _paint_cursor(self, painter: QPainter, matrix: np.ndarray) -> None:
        shown = self.current_plane()
        if shown is None or self.cursor_point is None:
            return
        pixel, distance = project_point(shown, self.cursor_point)
        step = max(min(shown.spacing), 1.0)
        if abs(distance) > step:  # the point is not on this slice
            return
        x, y = dt.apply(matrix, pixel)
        painter.setPen(QPen(CURSOR_COLOUR, 1.5))
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            painter.drawLine(QPointF(x + 4 * dx, y + 4 * dy), QPointF(x + 14 * dx, y + 14 * dy))

    # -- mouse and keys ---------------------------------------------------------------------

    def _pointer(self, event: QMouseEvent) -> PointerEvent:
        screen = np.array([event.position().x(), event.position().y()])
        image = self.image_point(screen) if self.source is not None else screen
        return PointerEvent(screen, image, event.button(), event.buttons(), event.modifiers())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.activated.emit()
        self.setFocus()
        if self.source is None:
            return
        pointer = self._pointer(event)
        self._press_screen = pointer.screen
        if event.button() == Qt.MouseButton.RightButton:
            self._drag = WindowLevelDrag(self, pointer.screen)
        elif event.button() == Qt.MouseButton.MiddleButton:
            self._drag = "pan"
        elif event.button() == Qt.MouseButton.LeftButton:
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                point = self.patient_point(pointer.image)
                if point is not None and self.source.has_patient_geometry:
                    self.located.emit(point)
                return
            if self.tool.press(self, pointer):
                self._drag = "tool"

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.source is None:
            return
        pointer = self._pointer(event)
        if isinstance(self._drag, WindowLevelDrag):
            self._drag.move(pointer.screen)
        elif self._drag == "pan" and self._press_screen is not None:
            delta = pointer.screen - self._press_screen
            self._press_screen = pointer.screen
            self.pan_by(float(delta[0]), float(delta[1]))
        elif self._drag == "tool":
            self.tool.move(self, pointer)
        else:
            self.tool.move(self, pointer)  # hover (tools may highlight handles)
            self.hovered.emit((pointer.image[0], pointer.image[1], self.value_at(pointer.image)))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._drag == "tool" and self.source is not None:
            self.tool.release(self, self._pointer(event))
        self._drag = None
        self._press_screen = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.double_clicked.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        steps = event.angleDelta().y() / 120.0
        if steps == 0 or self.source is None:
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            anchor = (event.position().x(), event.position().y())
            self.zoom_by(1.15 ** steps, anchor)
        else:
            self.scroll(-int(np.sign(steps)) * max(1, int(abs(steps))))
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        key = event.key()
        page = max(1, len(self.source) // 10) if self.source is not None else 1
        moves = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1,
                 Qt.Key.Key_PageUp: -page, Qt.Key.Key_PageDown: page}
        if key in moves:
            self.scroll(moves[key])
        elif key == Qt.Key.Key_Home:
            self.set_slice(0)
        elif key == Qt.Key.Key_End and self.source is not None:
            self.set_slice(len(self.source) - 1)
        else:
            super().keyPressEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.hovered.emit(None)
        super().leaveEvent(event)

    # -- drag and drop of series -----------------------------------------------------------

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(SERIES_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        data: QMimeData = event.mimeData()
        if data.hasFormat(SERIES_MIME):
            self.series_dropped.emit(bytes(data.data(SERIES_MIME)).decode("utf-8"))
            event.acceptProposedAction()
