"""The measurement panel and the clipboard, on a real study view: rows, jump to image,
delete/undo, and what another program reads back from the clipboard."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QGuiApplication, QImage

from tools.clipboard import PNG_MIME, copy_grid, copy_measurements, copy_viewport
from tools.measure import AddMeasurement, Length
from tools.qt_measurement_panel import QtMeasurementPanel
from viewer.images import from_qimage
from viewer.layouts import grid
from viewer.qt_study_view import QtStudyView


@pytest.fixture
def study(qtbot, measure_phantoms, session):
    view = QtStudyView()
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.add_stack("ct", measure_phantoms.ct.volume)
    view.add_stack("pet", measure_phantoms.pet.volume)
    view.show_stack("ct")
    session.attach_view(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def add_length(session, volume, k, p, q):
    m = Length.on(session.measurements.slice_image(volume, k), [p, q])
    session.undo_stack.push(AddMeasurement(session.measurements, m))
    return m


def test_panel_lists_jumps_deletes_and_follows_undo(qtbot, study, session, measure_phantoms, mouse):
    ct, pet = measure_phantoms.ct.volume, measure_phantoms.pet.volume
    panel = QtMeasurementPanel(session)
    qtbot.addWidget(panel)
    viewport = study.active
    viewport.set_slice(4)
    session.set_tool("length")
    mouse(viewport).drag((30, 30), (80, 30))
    other = add_length(session, ct, 12, (10, 10), (10, 60))
    on_pet = add_length(session, pet, 3, (5, 5), (25, 5))
    assert panel.tree.topLevelItemCount() == 3
    first = panel.tree.topLevelItem(0)
    drawn = list(session.measurements)[0]
    assert [first.text(c) for c in range(4)] == ["1", "Length", drawn.label(), "Series 2, image 5"]
    assert drawn.label() == f"Length {drawn.length:.1f} mm" and abs(drawn.length - 100.0) < 1.0
    panel._on_tree_item_clicked(panel.item_for(other.id))
    assert viewport.state.slice_index == 12 and session.selected_id == other.id
    assert panel.tree.currentItem() is panel.item_for(other.id)
    panel._on_tree_item_clicked(panel.item_for(on_pet.id))  # not on screen: the view shows its stack
    assert study.active.source.volume is pet and study.active.state.slice_index == 3
    panel.delete_selected()
    assert panel.tree.topLevelItemCount() == 2 and on_pet.id not in session.measurements
    session.undo()
    assert panel.tree.topLevelItemCount() == 3
    session.set_visible(False)
    assert not panel.show_all.isChecked()
    panel.show_all.setChecked(True)
    assert session.measurements.visible


def test_copy_table_puts_text_and_html_on_the_clipboard(qtbot, study, session, measure_phantoms):
    add_length(session, measure_phantoms.ct.volume, 4, (30, 30), (80, 30))
    panel = QtMeasurementPanel(session)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.copied):
        panel.copy_button.click()
    data = QGuiApplication.clipboard().mimeData()
    lines = data.text().splitlines()
    assert lines[0].split("\t") == ["No.", "Type", "Image", "Quantity", "Value", "Unit", "Note"]
    assert lines[1].split("\t") == ["1", "Length", "Series 2, image 5", "Length", "100.0", "mm", ""]
    html = data.html()
    assert "<table" in html and "<td>100.0</td>" in html and "<td>Series 2, image 5</td>" in html


def test_copy_viewport_with_and_without_annotations(qtbot, study, session, measure_phantoms):
    viewport = study.active
    viewport.set_slice(4)
    add_length(session, measure_phantoms.ct.volume, 4, (30, 30), (90, 30))
    seen = copy_viewport(viewport)
    data = QGuiApplication.clipboard().mimeData()
    assert data.hasImage()
    pasted = QImage.fromData(bytes(data.data(PNG_MIME)), "PNG")
    assert (pasted.width(), pasted.height()) == (viewport.width(), viewport.height())
    assert np.array_equal(from_qimage(pasted), from_qimage(seen))
    on_screen = from_qimage(viewport.grab().toImage().convertToFormat(QImage.Format.Format_RGB32))
    assert np.array_equal(from_qimage(seen)[3:-3, 3:-3], on_screen[3:-3, 3:-3])  # all but the active frame
    bare = copy_viewport(viewport, overlays=False, annotations=False)
    x, y = (viewport.screen_point((60, 30)) + 0.5).astype(int)
    assert not np.array_equal(from_qimage(seen)[y, x], from_qimage(bare)[y, x])  # the line is gone
    clip = from_qimage(QGuiApplication.clipboard().image())
    assert np.array_equal(clip, from_qimage(bare))


def test_copy_grid_is_one_image_of_the_layout(qtbot, study, session, measure_phantoms):
    study.set_layout(grid(1, 2))
    left, right = study.grid.viewports
    study.show_stack("pet", right)
    qtbot.wait(10)
    image = copy_grid(study.grid)
    assert (image.width(), image.height()) == (study.grid.width(), study.grid.height())
    pasted = QGuiApplication.clipboard().image()
    assert (pasted.width(), pasted.height()) == (image.width(), image.height())
    pixels = from_qimage(image)
    at = right.mapTo(study.grid, right.rect().topLeft())
    region = pixels[at.y():at.y() + right.height(), at.x():at.x() + right.width()]
    assert np.array_equal(region, from_qimage(right.render_image()))


def test_copy_measurements_without_a_session_uses_uids(qtbot, measure_phantoms, session):
    m = add_length(session, measure_phantoms.ct.volume, 4, (0, 0), (0, 10))
    copy_measurements([m])
    assert m.ref.sop_instance_uid in QGuiApplication.clipboard().text()
