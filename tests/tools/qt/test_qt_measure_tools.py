"""Drawing every measurement with simulated mouse events on the real viewport, on
phantoms with analytic truth: the numbers must be right at any zoom, rotation and flip."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tools.measure import Angle, Cobb, EllipseRoi, Length, Probe


def bead_centres(volume, k: int, ruler, threshold: float = 1500.0) -> list[np.ndarray]:
    """Image (x, y) centroids of the ruler's two beads on slice ``k``, found in the pixels."""
    values = volume.pixels[k].astype(float) * volume.rescale_slope + volume.rescale_intercept
    rows, cols = np.nonzero(values > threshold)
    centres = []
    for end in (ruler.start, ruler.end):
        expected = volume.patient_to_index(np.asarray(end))[:2]
        near = np.hypot(cols - expected[0], rows - expected[1]) < 4.0
        assert near.sum() >= 3, "bead not found in the pixels"
        centres.append(np.array([cols[near].mean(), rows[near].mean()]))
    return centres


def in_plane_offset(volume, centre_xyz, dx_mm: float, dy_mm: float) -> np.ndarray:
    """Image point of a patient point moved by (dx, dy) mm along the image row/column directions."""
    p = np.asarray(centre_xyz, dtype=float) + dx_mm * volume.row_direction + dy_mm * volume.column_direction
    return volume.patient_to_index(p)[:2]


VIEWS = {
    "plain": lambda v: None,
    "rotated-zoomed": lambda v: (v.rotate(90), v.zoom_by(1.7, (300, 300))),
    "flipped-rotated": lambda v: (v.flip_horizontal(), v.rotate(270), v.zoom_by(0.8)),
}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("phantom", ["ct", "ct_rot"])
def test_length_on_the_ruler_at_any_orientation(measure_phantoms, make_viewport, mouse, session, helpers,
                                                phantom, view):
    ph = getattr(measure_phantoms, phantom)
    ruler = ph.truth.rulers[0]
    k = helpers.slice_of(ph.volume, ruler.start)
    viewport = make_viewport(ph.volume, k)
    VIEWS[view](viewport)
    session.set_tool("length")
    a, b = bead_centres(ph.volume, k, ruler)
    mouse(viewport).drag(a, b)
    [m] = list(session.measurements)
    assert isinstance(m, Length)
    assert abs(m.length - ruler.length) <= 0.5 * min(ph.volume.spacing[:2])
    assert m.label().startswith("Length ") and m.label().endswith(" mm")
    assert m.ref.sop_instance_uid == ph.volume.frames[k].sop_instance_uid


def test_length_by_two_clicks_equals_the_drag(measure_phantoms, make_viewport, mouse, session, helpers):
    ph = measure_phantoms.ct
    ruler = ph.truth.rulers[0]
    k = helpers.slice_of(ph.volume, ruler.start)
    viewport = make_viewport(ph.volume, k)
    session.set_tool("length")
    a, b = bead_centres(ph.volume, k, ruler)
    m = mouse(viewport)
    m.click(a)
    assert len(session.measurements) == 0  # still drawing: the rubber point follows the mouse
    m.move(b)
    m.click(b)
    [length] = list(session.measurements)
    assert length.length == pytest.approx(ruler.length, abs=1.0)


@pytest.mark.parametrize("phantom", ["ct", "ct_rot"])
def test_ellipse_roi_on_the_lesion_gives_area_and_hu(measure_phantoms, make_viewport, mouse, session, helpers,
                                                     phantom):
    ph = measure_phantoms.ct if phantom == "ct" else measure_phantoms.ct_rot
    lesion = next(s for s in ph.truth.spheres if s.label == "lesion")
    volume = ph.volume
    k = helpers.slice_of(volume, lesion.center)
    viewport = make_viewport(volume, k)
    viewport.rotate(90)
    centre_screen = viewport.screen_point(helpers.image_of(volume, lesion.center))
    viewport.zoom_by(4.0, tuple(centre_screen))
    session.set_tool("ellipse")
    r = lesion.radius
    mouse(viewport).drag(in_plane_offset(volume, lesion.center, -r, -r), in_plane_offset(volume, lesion.center, r, r))
    inner = 0.7 * r
    mouse(viewport).drag(in_plane_offset(volume, lesion.center, -inner, -inner),
                         in_plane_offset(volume, lesion.center, inner, inner))
    whole, core = session.measurements
    assert isinstance(whole, EllipseRoi)
    assert whole.area == pytest.approx(np.pi * r * r, rel=0.02)
    assert core.statistics.mean == pytest.approx(lesion.value, abs=0.5)
    assert "HU" in whole.label() and "mm²" in whole.label()


def test_angle_and_cobb_on_a_rotated_anisotropic_view(measure_phantoms, make_viewport, mouse, session, helpers):
    ph = measure_phantoms.ct_rot
    volume = ph.volume
    ruler = ph.truth.rulers[0]
    k = helpers.slice_of(volume, ruler.start)
    viewport = make_viewport(volume, k)
    viewport.rotate(90)
    viewport.flip_vertical()
    z = ruler.start[2]
    a, v, b = np.array([-40.0, -30.0, z]), np.array([0.0, 10.0, z]), np.array([45.0, -20.0, z])
    truth = np.degrees(np.arccos((a - v) @ (b - v) / np.linalg.norm(a - v) / np.linalg.norm(b - v)))
    session.set_tool("angle")
    m = mouse(viewport)
    m.drag(helpers.image_of(volume, a), helpers.image_of(volume, v))
    m.click(helpers.image_of(volume, b))
    [angle] = list(session.measurements)
    assert isinstance(angle, Angle)
    assert angle.angle == pytest.approx(truth, abs=0.5)
    session.set_tool("cobb")
    m = mouse(viewport)
    p0, p1 = np.array([-50.0, -20.0, z]), np.array([40.0, -35.0, z])
    p2, p3 = np.array([-45.0, 30.0, z]), np.array([45.0, 45.0, z])
    u, w = p1 - p0, p3 - p2
    cobb_truth = np.degrees(np.arccos(abs(u @ w) / np.linalg.norm(u) / np.linalg.norm(w)))
    m.drag(helpers.image_of(volume, p0), helpers.image_of(volume, p1))
    m.drag(helpers.image_of(volume, p2), helpers.image_of(volume, p3))
    cobb = list(session.measurements)[-1]
    assert isinstance(cobb, Cobb)
    assert cobb.angle == pytest.approx(cobb_truth, abs=0.5)


def test_pet_roi_reports_suvbw_within_one_percent(measure_phantoms, make_viewport, mouse, session, helpers):
    ph = measure_phantoms.pet
    hot = ph.truth.suv.hot_sphere
    volume = ph.volume
    k = helpers.slice_of(volume, hot.center)
    viewport = make_viewport(volume, k)
    session.set_tool("ellipse")
    r = 0.6 * hot.radius
    mouse(viewport).drag(in_plane_offset(volume, hot.center, -r, -r), in_plane_offset(volume, hot.center, r, r))
    [roi] = list(session.measurements)
    assert roi.image.value_unit == "SUVbw"
    assert roi.statistics.mean == pytest.approx(ph.truth.suv.expected_suv, rel=0.01)
    assert roi.statistics.maximum == pytest.approx(ph.truth.suv.expected_suv, rel=0.01)
    assert "SUVbw" in roi.label()


def test_probe_reports_the_affine_position_and_the_hu(measure_phantoms, make_viewport, mouse, session, helpers):
    ph = measure_phantoms.ct_rot
    volume = ph.volume
    lesion = next(s for s in ph.truth.spheres if s.label == "lesion")
    k = helpers.slice_of(volume, lesion.center)
    viewport = make_viewport(volume, k)
    viewport.rotate(180)
    i, j = np.round(helpers.image_of(volume, lesion.center)).astype(int)
    session.set_tool("probe")
    mouse(viewport).click((i + 0.2, j - 0.2))  # anywhere in the pixel: its centre is reported
    [probe] = list(session.measurements)
    assert isinstance(probe, Probe)
    q = {x.name: x.value for x in probe.quantities}
    expected = volume.affine @ np.array([i, j, k, 1.0])
    assert [q["x (LPS)"], q["y (LPS)"], q["z (LPS)"]] == pytest.approx(expected[:3].tolist(), abs=1e-6)
    assert q["Value"] == pytest.approx(lesion.value)
    assert "HU" in probe.label() and "LPS" in probe.label()


def test_image_without_spacing_measures_in_px(measure_phantoms, make_viewport, mouse, session):
    ph = measure_phantoms.sc
    ruler = ph.truth.rulers[0]
    viewport = make_viewport(ph.volume, 0)
    session.set_tool("length")
    mouse(viewport).drag(ph.volume.patient_to_index(ruler.start)[:2], ph.volume.patient_to_index(ruler.end)[:2])
    [m] = list(session.measurements)
    assert m.length == pytest.approx(ruler.length, abs=0.5)
    assert m.label().endswith(" px")
    session.set_tool("rectangle")
    mouse(viewport).drag((20, 20), (60, 50))
    assert "px²" in list(session.measurements)[-1].label()


@pytest.mark.parametrize(("phantom", "note", "factor"), [("cr", "at detector", 1.0),
                                                          ("dx", "magnification corrected", 1.25)])
def test_projection_lengths_say_what_they_measure(measure_phantoms, make_viewport, mouse, session, phantom, note,
                                                  factor):
    ph = getattr(measure_phantoms, phantom)
    ruler = ph.truth.rulers[0]
    viewport = make_viewport(ph.volume, 0)
    session.set_tool("length")
    mouse(viewport).drag(ph.volume.patient_to_index(ruler.start)[:2] if phantom == "cr" else
                         np.linalg.solve(ph.truth.affine[:3, :3], np.subtract(ruler.start, ph.truth.affine[:3, 3]))[:2],
                         ph.volume.patient_to_index(ruler.end)[:2] if phantom == "cr" else
                         np.linalg.solve(ph.truth.affine[:3, :3], np.subtract(ruler.end, ph.truth.affine[:3, 3]))[:2])
    [m] = list(session.measurements)
    assert m.length == pytest.approx(ruler.length / factor, abs=0.5 * min(ph.volume.spacing[:2]))
    assert f"({note})" in m.label()


def test_every_kind_can_be_drawn(measure_phantoms, make_viewport, mouse, session, qtbot):
    viewport = make_viewport(measure_phantoms.ct.volume, 10)
    cases = {
        "polyline": lambda m: (m.click((30, 30)), m.click((60, 35)), m.click((70, 70)), m.click((70, 70))),
        "polygon": lambda m: (m.click((30, 100)), m.click((60, 105)), m.click((70, 120)), m.click((30, 100))),
        "freehand": lambda m: m.drag((25, 45), (80, 90), steps=20),
        "open_angle": lambda m: (m.drag((20, 20), (60, 25)), m.drag((20, 60), (60, 50))),
        "height_difference": lambda m: m.drag((40, 40), (80, 70)),
        "cardiothoracic_ratio": lambda m: (m.drag((40, 60), (80, 60)), m.drag((20, 80), (100, 80))),
        "arrow": lambda m: m.drag((45, 110), (65, 125)),
        "text": lambda m: m.click((50, 90)),
        "rectangle": lambda m: m.drag((85, 100), (110, 120)),
    }
    for kind, draw in cases.items():
        session.set_tool(kind)
        draw(mouse(viewport))
        assert list(session.measurements)[-1].kind == kind, kind
    assert len(list(session.measurements)[1].points) == 3  # the closing click added no vertex
    texts = [m.text for m in session.measurements if m.kind in ("arrow", "text")]
    assert texts == ["Tổn thương", "Tổn thương"]
    ctr = next(m for m in session.measurements if m.kind == "cardiothoracic_ratio")
    assert ctr.ratio == pytest.approx(0.5, abs=0.02)


def test_escape_abandons_a_drawing_and_stray_clicks_add_nothing(measure_phantoms, make_viewport, mouse, session,
                                                                qtbot):
    viewport = make_viewport(measure_phantoms.ct.volume, 10)
    session.set_tool("angle")
    m = mouse(viewport)
    m.drag((20, 20), (50, 50))
    assert viewport.tool.is_drawing()
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    assert not viewport.tool.is_drawing() and len(session.measurements) == 0
    session.set_tool("length")
    m.click((40, 40))
    m.click((40, 40))
    m.click((40.1, 40))
    assert len(session.measurements) == 0


def test_undo_redo_of_draw_move_and_delete_through_the_tools(measure_phantoms, make_viewport, mouse, session,
                                                             qtbot):
    viewport = make_viewport(measure_phantoms.ct.volume, 10)
    session.set_tool("length")
    m = mouse(viewport)
    m.drag((30, 30), (90, 30))
    drawn = list(session.measurements)[0]
    session.set_tool("select")
    m = mouse(viewport)
    m.drag((90, 30), (90, 70), steps=6)  # handle drag: one undo step however many moves
    moved = session.measurements.get(drawn.id)
    assert moved.points[1] == pytest.approx((90, 70), abs=0.3)
    m.drag((60, 50), (70, 50))  # body drag (on the line): moves the whole shape
    shifted = session.measurements.get(drawn.id)
    assert shifted.points[0] == pytest.approx((40, 30), abs=0.3)
    viewport.setFocus()
    qtbot.keyClick(viewport, Qt.Key.Key_Delete)
    assert len(session.measurements) == 0
    session.undo()
    assert session.measurements.get(drawn.id).points == shifted.points
    session.undo()
    assert session.measurements.get(drawn.id).points == moved.points
    session.undo()
    assert session.measurements.get(drawn.id).points == drawn.points
    session.undo()
    assert len(session.measurements) == 0
    for _ in range(4):
        session.redo()
    assert len(session.measurements) == 0
    session.undo()
    assert session.measurements.get(drawn.id).points == shifted.points


def test_draw_tools_drag_existing_handles(measure_phantoms, make_viewport, mouse, session):
    viewport = make_viewport(measure_phantoms.ct.volume, 10)
    session.set_tool("length")
    m = mouse(viewport)
    m.drag((30, 30), (90, 30))
    m.drag((90, 30), (100, 40))
    [length] = list(session.measurements)
    assert length.points[1] == pytest.approx((100, 40), abs=0.3)


def test_hidden_measurements_are_not_drawn_nor_grabbed(measure_phantoms, make_viewport, mouse, session):
    viewport = make_viewport(measure_phantoms.ct.volume, 10)
    before = viewport.render_image(overlays=False).copy()
    session.set_tool("length")
    mouse(viewport).drag((30, 30), (90, 30))
    assert viewport.render_image(overlays=False) != before
    session.set_visible(False)
    assert viewport.render_image(overlays=False) == before
    assert session.hit(viewport, mouse(viewport).screen((30, 30)).toTuple()) is None


def test_keys_reach_the_tool_before_window_shortcuts(measure_phantoms, session, mouse, qtbot):
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QMainWindow

    from viewer.qt_viewport import QtViewport
    from viewer.sources import StackSource

    window = QMainWindow()
    qtbot.addWidget(window)
    viewport = QtViewport()
    viewport.set_source(StackSource(measure_phantoms.ct.volume))
    window.setCentralWidget(viewport)
    resets = []
    reset = QAction("Reset", window)
    reset.setShortcut(QKeySequence("Esc"))
    reset.triggered.connect(lambda: resets.append(1))
    window.addAction(reset)
    window.resize(500, 500)
    window.show()
    qtbot.waitExposed(window)
    session.attach(viewport)
    session.set_tool("polyline")
    viewport.setFocus()
    m = mouse(viewport)
    m.click((20, 20))
    m.click((50, 20))
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)  # while drawing: abandons the shape, no reset
    assert resets == [] and not viewport.tool.is_drawing() and len(session.measurements) == 0
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)  # not drawing: the window's shortcut runs
    assert resets == [1]
    m.click((20, 20))
    m.click((50, 20))
    m.move((60, 40))
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=m.screen((60, 40)))
    [polyline] = list(session.measurements)
    assert len(polyline.points) >= 2 and not viewport.tool.is_drawing()
    m.click((20, 60))
    m.click((50, 60))
    qtbot.keyClick(viewport, Qt.Key.Key_Return)
    assert len(session.measurements) == 2


def test_copy_paste_a_measurement_onto_another_image(measure_phantoms, make_viewport, mouse, session):
    ct = measure_phantoms.ct.volume
    lesion = next(s for s in measure_phantoms.ct.truth.spheres if s.label == "lesion")
    k = int(round(ct.patient_to_index(lesion.center)[2]))
    viewport = make_viewport(ct, k - 3)
    session.set_tool("ellipse")
    centre = ct.patient_to_index(lesion.center)[:2]
    mouse(viewport).drag(centre - 3, centre + 3)
    [first] = list(session.measurements)
    assert session.copy_selected() is not None
    viewport.set_slice(k)
    pasted = session.paste(viewport)
    assert pasted.id != first.id and pasted.points == first.points
    assert pasted.ref.sop_instance_uid == ct.frames[k].sop_instance_uid
    assert pasted.statistics.mean == pytest.approx(lesion.value, abs=0.5)  # measured on its own image
    session.undo()
    assert list(session.measurements) == [first]


def test_add_measurements_is_one_undo_step(measure_phantoms, session):
    ct = measure_phantoms.ct.volume
    image = session.measurements.slice_image(ct, 3)
    items = [Length.on(image, [(0, 0), (10, 0)]), Length.on(image, [(0, 5), (10, 5)])]
    assert session.add_measurements(items, "Import presentation state") == 2
    assert session.add_measurements(items, "Import presentation state") == 0
    assert session.undo_stack.undo_text == "Import presentation state"
    session.undo()
    assert len(session.measurements) == 0


def test_scrolling_away_drops_a_shape_being_drawn(measure_phantoms, make_viewport, mouse, session):
    viewport = make_viewport(measure_phantoms.ct.volume, 10)
    session.set_tool("angle")
    m = mouse(viewport)
    m.drag((20, 20), (50, 50))
    viewport.scroll(1)
    m.move((60, 30))
    assert not viewport.tool.is_drawing()
    m.click((60, 30))  # starts a new shape on the new slice instead of finishing the old one
    assert len(session.measurements) == 0 and viewport.tool.is_drawing()
