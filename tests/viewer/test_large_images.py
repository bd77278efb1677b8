"""Large projection images shown smaller than their size: block-averaged before the LUT.

A 3000x2500 DX in a ~500-pixel viewport is shown from a frame averaged over whole blocks
(so a window/level drag runs its LUT over a fraction of the pixels). The picture must be
the one the full-size path gives: same grey levels, same place on the screen.
"""

from __future__ import annotations

import numpy as np

from viewer.images import block_mean, from_qimage
from viewer.qt_viewport import QtViewport
from viewer.sources import StackSource
from workstation.model import FrameInfo, Volume, Window


def test_block_mean_rounds_to_the_block_average_in_the_stored_dtype():
    pixels = np.array([[0, 1, 2, 3, 9], [1, 2, 3, 4, 9], [-8, -8, 7, 7, 9]], dtype=np.int16)
    reduced = block_mean(pixels, 2)
    assert reduced.dtype == np.int16 and reduced.shape == (1, 2)  # incomplete blocks dropped
    assert reduced.tolist() == [[1, 3]]  # (0+1+1+2)/4 = 1, (2+3+3+4)/4 = 3
    assert block_mean(pixels, 1) is pixels


def _dx_with_steps() -> Volume:
    """1200x1600 uint16 radiograph: four vertical bands 0/1000/2000/3000, 0.15 mm pixels."""
    rows, cols = 1200, 1600
    pixels = np.repeat((np.arange(cols) // (cols // 4) * 1000).astype(np.uint16)[None, None, :], rows, axis=1)
    affine = np.diag([0.15, 0.15, 1.0, 1.0])
    frame = FrameInfo("1.2.3.1", position=(0.0, 0.0, 0.0), windows=(Window(1500, 3000),))
    volume = Volume(pixels, affine, frames=[frame], modality="DX")
    volume.loaded[:] = True
    return volume


def test_a_large_frame_shown_small_looks_like_the_full_size_path(qtbot):
    viewport = QtViewport()
    qtbot.addWidget(viewport)
    viewport.resize(420, 320)  # ~0.26 screen pixels per image pixel: 3x3 blocks
    viewport.set_source(StackSource(_dx_with_steps()))
    viewport.show()
    qtbot.waitExposed(viewport)
    assert viewport._reduction(viewport.matrix()) == 3
    reduced = from_qimage(viewport.render_image()).astype(int)
    viewport.set_state(viewport.state.with_(smooth=False))  # nearest neighbour: never reduced
    assert viewport._reduction(viewport.matrix()) == 1
    full = from_qimage(viewport.render_image()).astype(int)
    row = reduced.shape[0] // 2
    # the four bands through the file's window: 0, 255/3, 2*255/3, 255 -> same greys, same places
    left, right = int(viewport.screen_point((0, 600))[0]) + 3, int(viewport.screen_point((1599, 600))[0]) - 3
    for x in np.linspace(left, right, 4).astype(int):
        assert abs(reduced[row, x, 0] - full[row, x, 0]) <= 1, x
    edges_reduced = np.flatnonzero(np.abs(np.diff(reduced[row, left:right, 0])) > 20)
    edges_full = np.flatnonzero(np.abs(np.diff(full[row, left:right, 0])) > 20)
    assert len(edges_full) >= 3
    for edge in edges_full:  # each band edge within one screen pixel of where the full path draws it
        assert np.min(np.abs(edges_reduced - edge)) <= 1


def test_window_drag_reuses_the_reduced_frame(qtbot):
    viewport = QtViewport()
    qtbot.addWidget(viewport)
    viewport.resize(420, 320)
    viewport.set_source(StackSource(_dx_with_steps()))
    viewport.show()
    qtbot.waitExposed(viewport)
    viewport.render_image()
    kept = next(iter(viewport._reduced.values()))
    viewport.set_voi(Window(1000, 500))
    image = from_qimage(viewport.render_image())
    assert next(iter(viewport._reduced.values())) is kept and len(viewport._reduced) == 1
    assert image[image.shape[0] // 2].max() == 255  # the new window took effect
