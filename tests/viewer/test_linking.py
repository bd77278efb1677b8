"""Linked viewports: scrolling by patient position, reference lines, the 3D cursor."""

from __future__ import annotations

import numpy as np
import pytest

from rendering.planes import SlicePlane
from viewer.linking import ViewportLinker
from viewer.qt_viewport import QtViewport
from viewer.reference_lines import nice_scale_length, reference_line
from viewer.sources import StackSource


def viewports_for(qtbot, *volumes):
    viewports = []
    for volume in volumes:
        v = QtViewport()
        qtbot.addWidget(v)
        v.resize(300, 300)
        v.set_source(StackSource(volume))
        viewports.append(v)
    linker = ViewportLinker(lambda: viewports)
    linker.attach()
    return viewports, linker


def test_reference_line_of_a_coronal_plane_on_an_axial_one():
    axial = SlicePlane((0, 0, 0), (1, 0, 0), (0, 1, 0), (1.0, 1.0), (100, 100))
    coronal = SlicePlane((0, 30, 50), (1, 0, 0), (0, 0, -1), (1.0, 1.0), (100, 100))
    a, b = reference_line(axial, coronal)
    # the coronal plane y = 30 cuts the axial image along row 30, over its whole width
    assert a[1] == pytest.approx(30) and b[1] == pytest.approx(30)
    assert sorted([a[0], b[0]]) == pytest.approx([-0.5, 99.5])
    assert reference_line(axial, axial.shifted(5)) is None  # parallel planes never cross


def test_reference_line_is_clipped_to_the_other_image():
    axial = SlicePlane((0, 0, 0), (1, 0, 0), (0, 1, 0), (1.0, 1.0), (100, 100))
    narrow = SlicePlane((20, 30, 50), (1, 0, 0), (0, 0, -1), (1.0, 1.0), (10, 100))  # spans x 20..29
    a, b = reference_line(axial, narrow)
    assert sorted([a[0], b[0]]) == pytest.approx([19.5, 29.5])


def test_scale_bar_length_is_round():
    length, pixels = nice_scale_length(0.37, 200)
    assert length == 50 and pixels == pytest.approx(50 / 0.37)


def test_parallel_viewports_scroll_together_by_position(qtbot, axial_ct, phantom_dir):
    from workstation.dicomio import SeriesLoader
    from workstation.phantoms import write_ct

    truth, volume = axial_ct
    # a second axial series of the same frame of reference, thinner slices, offset start
    other = write_ct(phantom_dir / "axial-thin", shape=(40, 64, 64), spacing=(5.0, 5.0, 2.0),
                     center=(0.0, 0.0, 3.0), frame_of_reference_uid=truth.frame_of_reference_uid, series_number=7)
    loader = SeriesLoader.from_paths(other.paths)
    loader.decode()
    (a, b), linker = viewports_for(qtbot, volume, loader.volumes[0])
    a.set_slice(12)
    z_a = a.current_plane().origin[2]
    z_b = b.current_plane().origin[2]
    assert abs(z_b - z_a) <= 1.0 + 1e-6  # within half of b's 2 mm spacing


def test_series_of_another_frame_of_reference_scroll_by_index(qtbot, axial_ct, phantom_dir):
    from workstation.dicomio import SeriesLoader
    from workstation.phantoms import write_ct

    other = write_ct(phantom_dir / "other-frame", shape=(30, 32, 32), spacing=(8.0, 8.0, 3.0),
                     frame_of_reference_uid="1.2.826.0.1.3680043.10.999.1", series_number=8)
    loader = SeriesLoader.from_paths(other.paths)
    loader.decode()
    (a, b), linker = viewports_for(qtbot, axial_ct[1], loader.volumes[0])
    a.set_slice(3)
    b.set_slice(10)
    a.scroll(2)
    assert b.state.slice_index == 12


def test_reference_lines_show_the_active_slice_and_the_cursor_locates(qtbot, axial_ct, coronal_ct):
    (axial, coronal), linker = viewports_for(qtbot, axial_ct[1], coronal_ct[1])
    linker.set_active(coronal)
    assert axial.reference_planes and axial.reference_planes[0] is coronal.current_plane()
    assert not coronal.reference_planes
    # shift-click on the lesion in the axial view moves the coronal view to that position
    truth = axial_ct[0]
    lesion = np.array(next(s for s in truth.spheres if s.label == "lesion").center)
    axial.located.emit(lesion)
    plane = coronal.current_plane()
    assert abs(np.dot(lesion - plane.origin, plane.normal)) <= 2.0 + 1e-6  # within half a 4 mm slice
    assert coronal.cursor_point is not None


def test_sync_window_copies_to_same_modality(qtbot, axial_ct, coronal_ct):
    from workstation.model import Window

    (a, b), linker = viewports_for(qtbot, axial_ct[1], coronal_ct[1])
    linker.sync_window = True
    a.set_voi(Window(-600, 1500))
    assert b.state.voi == Window(-600, 1500)
