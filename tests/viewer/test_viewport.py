"""The viewport on real phantom volumes: pixels, window/level, scrolling, zoom,
orientation labels after rotate/flip, and the states a radiologist must never misread."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from viewer.images import from_qimage
from viewer.qt_viewport import SERIES_MIME, QtViewport
from viewer.sources import StackSource
from workstation.model import Window


def make_viewport(qtbot, volume, size=(400, 400)) -> QtViewport:
    viewport = QtViewport()
    qtbot.addWidget(viewport)
    viewport.resize(*size)
    viewport.set_source(StackSource(volume))
    viewport.show()
    qtbot.waitExposed(viewport)
    return viewport


def linear_window(x: float, c: float, w: float) -> float:
    """PS3.3 C.11.2.1.2.1 with ymin=0, ymax=255."""
    if x <= c - 0.5 - (w - 1) / 2:
        return 0.0
    if x > c - 0.5 + (w - 1) / 2:
        return 255.0
    return ((x - (c - 0.5)) / (w - 1) + 0.5) * 255.0


def screen_of_patient(viewport: QtViewport, point) -> tuple[int, int]:
    volume = viewport.source.volume
    ijk = volume.patient_to_index(point)
    x, y = viewport.screen_point(ijk[:2])
    return int(round(x)), int(round(y))


def grey_at(image, x: int, y: int) -> int:
    return int(from_qimage(image)[y, x].mean())


def test_pixel_under_a_known_voxel_has_the_standard_grey(qtbot, axial_ct):
    truth, volume = axial_ct
    viewport = make_viewport(qtbot, volume)
    lesion = next(s for s in truth.spheres if s.label == "lesion")
    k = int(round(volume.patient_to_index(lesion.center)[2]))
    viewport.set_slice(k)
    viewport.set_voi(Window(40.0, 400.0))
    image = viewport.render_image(overlays=False)
    x, y = screen_of_patient(viewport, lesion.center)
    assert grey_at(image, x, y) == pytest.approx(linear_window(lesion.value, 40, 400), abs=1.5)
    # body water (0 HU) a little away from the lesion
    body = np.array(lesion.center) + np.array([0.0, -lesion.radius - 15.0, 0.0])
    x, y = screen_of_patient(viewport, body)
    assert grey_at(image, x, y) == pytest.approx(linear_window(0.0, 40, 400), abs=1.5)


def test_patient_left_is_on_the_screen_right_for_axial(qtbot, axial_ct):
    truth, volume = axial_ct
    viewport = make_viewport(qtbot, volume)
    left = next(m for m in truth.markers if m.label == "left")
    viewport.set_slice(int(round(volume.patient_to_index(left.center)[2])))
    viewport.set_voi(Window(40, 400))
    x, y = screen_of_patient(viewport, left.center)
    assert x > viewport.width() / 2
    assert grey_at(viewport.render_image(overlays=False), x, y) == 255
    assert viewport.orientation_labels() == {"right": "L", "left": "R", "top": "A", "bottom": "P"}


@pytest.mark.parametrize("action, expected", [
    ("none", {"right": "L", "left": "R", "top": "A", "bottom": "P"}),
    ("rotate", {"right": "A", "left": "P", "top": "R", "bottom": "L"}),
    ("flip_h", {"right": "R", "left": "L", "top": "A", "bottom": "P"}),
    ("flip_v", {"right": "L", "left": "R", "top": "P", "bottom": "A"}),
    ("rotate_flip", {"right": "P", "left": "A", "top": "R", "bottom": "L"}),
])
def test_axial_labels_follow_rotate_and_flip(qtbot, axial_ct, action, expected):
    _, volume = axial_ct
    viewport = make_viewport(qtbot, volume)
    if action in ("rotate", "rotate_flip"):
        viewport.rotate(90)
    if action in ("flip_h", "rotate_flip"):
        viewport.flip_horizontal()
    if action == "flip_v":
        viewport.flip_vertical()
    assert viewport.orientation_labels() == expected


def test_labels_stay_true_to_the_marker_after_rotation(qtbot, axial_ct):
    """Whatever the transform, the edge labelled L is the edge nearest the left marker."""
    truth, volume = axial_ct
    viewport = make_viewport(qtbot, volume)
    left = next(m for m in truth.markers if m.label == "left")
    for _ in range(4):
        viewport.rotate(90)
        for flip in (False, True):
            if flip:
                viewport.flip_horizontal()
            x, y = screen_of_patient(viewport, left.center)
            w, h = viewport.width(), viewport.height()
            nearest = min((("left", x), ("right", w - x), ("top", y), ("bottom", h - y)), key=lambda e: e[1])[0]
            assert viewport.orientation_labels()[nearest] == "L"
            if flip:
                viewport.flip_horizontal()


def test_coronal_sagittal_and_oblique_labels(qtbot, coronal_ct, sagittal_ct, oblique_ct):
    assert make_viewport(qtbot, coronal_ct[1]).orientation_labels() == {"right": "L", "left": "R", "top": "H",
                                                                       "bottom": "F"}
    sagittal = make_viewport(qtbot, sagittal_ct[1]).orientation_labels()
    assert (sagittal["top"], sagittal["bottom"]) == ("H", "F") and {sagittal["left"], sagittal["right"]} == {"A", "P"}
    oblique = make_viewport(qtbot, oblique_ct[1]).orientation_labels()
    assert oblique["right"] == "L"
    # axial tilted 30 degrees about x: the column direction is (0, cos 30, sin 30): posterior and head
    assert oblique["bottom"] == "PH" and oblique["top"] == "AF", oblique


def test_projection_labels_come_from_patient_orientation(qtbot, chest_cr):
    _, volume = chest_cr
    viewport = make_viewport(qtbot, volume)
    assert viewport.orientation_labels() == {"right": "L", "left": "R", "top": "H", "bottom": "F"}
    viewport.flip_horizontal()
    assert viewport.orientation_labels()["right"] == "R"


def test_wheel_scrolls_and_ctrl_wheel_zooms(qtbot, axial_ct):
    _, volume = axial_ct
    viewport = make_viewport(qtbot, volume)
    start = viewport.state.slice_index

    def wheel(delta: int, modifiers=Qt.KeyboardModifier.NoModifier):
        centre = QPointF(200, 200)
        event = QWheelEvent(centre, viewport.mapToGlobal(centre), QPoint(0, 0), QPoint(0, delta),
                            Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(viewport, event)

    wheel(-120)
    assert viewport.state.slice_index == start + 1
    qtbot.keyClick(viewport, Qt.Key.Key_End)
    assert viewport.state.slice_index == volume.shape[0] - 1
    qtbot.keyClick(viewport, Qt.Key.Key_Home)
    assert viewport.state.slice_index == 0
    before = viewport.zoom_percent()
    wheel(120, Qt.KeyboardModifier.ControlModifier)
    assert viewport.zoom_percent() > before
    viewport.one_to_one()
    assert viewport.zoom_percent() == pytest.approx(100.0)


def test_right_drag_changes_width_and_level(qtbot, axial_ct):
    _, volume = axial_ct
    viewport = make_viewport(qtbot, volume)
    viewport.set_voi(Window(40, 400))
    qtbot.mousePress(viewport, Qt.MouseButton.RightButton, pos=QPoint(200, 200))
    qtbot.mouseMove(viewport, QPoint(260, 230))
    qtbot.mouseRelease(viewport, Qt.MouseButton.RightButton, pos=QPoint(260, 230))
    window = viewport.state.voi
    assert window.width > 400 and window.center > 40


def test_left_drag_browses(qtbot, axial_ct):
    _, volume = axial_ct
    viewport = make_viewport(qtbot, volume)
    viewport.set_slice(5)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(200, 100))
    qtbot.mouseMove(viewport, QPoint(200, 130))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(200, 130))
    assert viewport.state.slice_index == 10


def test_invert_and_monochrome_semantics(qtbot, axial_ct):
    truth, volume = axial_ct
    viewport = make_viewport(qtbot, volume)
    lesion = next(s for s in truth.spheres if s.label == "lesion")
    viewport.set_slice(int(round(volume.patient_to_index(lesion.center)[2])))
    viewport.set_voi(Window(40, 400))
    x, y = screen_of_patient(viewport, lesion.center)
    normal = grey_at(viewport.render_image(overlays=False), x, y)
    viewport.toggle_invert()
    assert grey_at(viewport.render_image(overlays=False), x, y) == pytest.approx(255 - normal, abs=1)


def test_undecodable_and_empty_states_say_so(qtbot, axial_ct):
    _, volume = axial_ct
    empty = QtViewport()
    qtbot.addWidget(empty)
    assert "Drop a series" in empty.empty_text
    viewport = make_viewport(qtbot, volume)
    volume.failed[3] = "damaged JPEG"
    volume.loaded[3] = False
    try:
        viewport.set_slice(3)
        assert viewport.display_array() is None
        image = from_qimage(viewport.render_image())
        assert image[150:250, 50:350].max() > 100  # the red message is drawn in the middle
    finally:
        volume.loaded[3] = True
        del volume.failed[3]


def test_drop_of_a_series_is_announced(qtbot, axial_ct):
    viewport = make_viewport(qtbot, axial_ct[1])
    data = QMimeData()
    data.setData(SERIES_MIME, b"1.2.3#0")
    with qtbot.waitSignal(viewport.series_dropped) as blocker:
        from PySide6.QtGui import QDropEvent

        event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)
        viewport.dropEvent(event)
    assert blocker.args == ["1.2.3#0"]


def test_scale_bar_and_corner_text(qtbot, axial_ct):
    truth, volume = axial_ct
    viewport = make_viewport(qtbot, volume)
    lines = viewport.render_image()
    assert lines.width() == 400
    from viewer.corner_text import CornerContext, corner_lines, load_templates

    ctx = CornerContext(volume, 3, Window(40, 400), 100.0)
    text = corner_lines(ctx, load_templates())
    assert text["top_left"][0] == volume.study.patient.display_name
    assert text["bottom_left"][0] == f"Im: 4/{volume.shape[0]}"
    assert text["bottom_right"][0] == "W: 400 L: 40"


def test_corner_text_leaves_the_top_orientation_label_clear(qtbot, axial_ct):
    """In a narrow viewport (3x3 layout, MPR) corner lines are elided to their half of the
    width, short of the label centred on the top edge, instead of running into it."""
    from PySide6.QtGui import QFontMetricsF

    from viewer.qt_viewport import CORNER_MARGIN, EDGE_LABEL_CLEARANCE

    _, volume = axial_ct
    wide = make_viewport(qtbot, volume, size=(900, 400))
    assert wide.fitted_corner_text((900, 400)) == wide.corner_text()  # room enough: nothing cut

    narrow = make_viewport(qtbot, volume, size=(240, 400))
    fitted = narrow.fitted_corner_text((240, 400))
    metrics = QFontMetricsF(narrow._font(9))
    column = (240 - 2 * CORNER_MARGIN) / 2 - EDGE_LABEL_CLEARANCE
    full = narrow.corner_text()
    assert any(line.endswith("\u2026") for line in fitted["top_right"])  # the study description is cut
    for corner, lines in fitted.items():
        assert len(lines) == len(full[corner])
        for line, original in zip(lines, full[corner], strict=True):
            assert metrics.horizontalAdvance(line) <= column + 0.5
            assert line == original or original.startswith(line[:-1])
    assert narrow.orientation_labels()["top"] == "A"


def test_overlay_text_is_outlined_on_an_inverted_display(qtbot, axial_ct):
    """A PET MIP black on white (an inverted display) puts the light overlay text on white:
    there it gets a dark outline on every side, not just the drop shadow that reads on black."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    viewport = make_viewport(qtbot, axial_ct[1])

    def dark_pixels(invert: bool) -> np.ndarray:
        viewport.set_state(viewport.state.with_(invert=invert))
        image = QImage(220, 40, QImage.Format.Format_RGB32)
        image.fill(QColor(255, 255, 255))
        painter = QPainter(image)
        painter.setFont(viewport._font(9))
        viewport.draw_text(painter, QRectF(6, 6, 200, 30), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                           "ID: VN-000123")
        painter.end()
        return from_qimage(image).max(axis=-1) < 80

    shadow, outline = dark_pixels(False), dark_pixels(True)
    assert outline.sum() > 1.5 * shadow.sum()
    rows, columns = np.nonzero(outline)
    shadow_rows, shadow_columns = np.nonzero(shadow)
    assert rows.min() < shadow_rows.min() and columns.min() < shadow_columns.min()  # dark above and left too
