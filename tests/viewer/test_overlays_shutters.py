"""DICOM overlay planes (60xx) and display shutters are drawn; burned-in text is flagged."""

from __future__ import annotations

import dataclasses

import numpy as np

from tests.testdata import data_file
from viewer.corner_text import CornerContext, corner_lines, load_templates
from viewer.images import from_qimage
from viewer.qt_viewport import OVERLAY_COLOUR, QtViewport
from viewer.sources import StackSource
from workstation.dicomio import SeriesLoader
from workstation.model import Shutter


def viewport_for(qtbot, volume, size=(400, 400)) -> QtViewport:
    viewport = QtViewport()
    qtbot.addWidget(viewport)
    viewport.resize(*size)
    viewport.set_source(StackSource(volume))
    return viewport


def test_overlay_plane_of_a_real_siemens_file_is_drawn_only_with_overlays(qtbot):
    loader = SeriesLoader.from_paths([data_file("MR-SIEMENS-DICOM-WithOverlays.dcm")])
    loader.decode()
    viewport = viewport_for(qtbot, loader.volumes[0], size=(600, 600))  # no downsampling of 1-pixel lines
    colour = np.array([OVERLAY_COLOUR.red(), OVERLAY_COLOUR.green(), OVERLAY_COLOUR.blue()])
    shown = from_qimage(viewport.render_image(overlays=True)).astype(int)
    hidden = from_qimage(viewport.render_image(overlays=False)).astype(int)
    overlay_pixels = (np.abs(shown - colour).sum(axis=2) < 10).sum()
    assert overlay_pixels > 50
    assert (np.abs(hidden - colour).sum(axis=2) < 10).sum() < overlay_pixels / 10


def test_circular_shutter_blanks_outside(qtbot, axial_ct):
    truth, volume = axial_ct
    k = volume.shape[0] // 2
    rows, cols = volume.shape[1:]
    original = volume.frames
    frames = list(original)
    frames[k] = dataclasses.replace(frames[k], shutter=Shutter(circle=(rows // 2 + 1, cols // 2 + 1, 20)))
    volume.frames = tuple(frames)
    try:
        viewport = viewport_for(qtbot, volume)
        viewport.set_slice(k)
        from workstation.model import Window

        viewport.set_voi(Window(40, 400))
        image = from_qimage(viewport.render_image(overlays=False))
        centre = viewport.screen_point(((cols - 1) / 2, (rows - 1) / 2)).astype(int)
        inside = image[centre[1], centre[0]]
        corner_of_body = viewport.screen_point((cols / 2 + 30, rows / 2)).astype(int)  # 30 px right: outside r=20
        assert inside.max() > 50
        assert image[corner_of_body[1], corner_of_body[0]].max() == 0
    finally:
        volume.frames = original


def test_burned_in_and_lossy_warnings_are_shown(axial_ct):
    _, volume = axial_ct
    original = volume.frames
    frames = list(original)
    frames[0] = dataclasses.replace(frames[0], attributes={**frames[0].attributes, "BurnedInAnnotation": "YES",
                                                           "LossyImageCompression": "01",
                                                           "LossyImageCompressionRatio": "10"})
    volume.frames = tuple(frames)
    try:
        lines = corner_lines(CornerContext(volume, 0, None, 100.0), load_templates())
        warning = lines["bottom_right"][-1]
        assert "LOSSY 10:1" in warning and "Burned-in annotation" in warning
    finally:
        volume.frames = original
