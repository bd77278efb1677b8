"""Phantom series loaded through the real loader, viewports with a measurement session,
and mouse helpers that press at screen points computed from image/patient coordinates.

Like ``tests/tools/measure`` this folder has no ``__init__.py``: test modules carry
unique ``test_qt_*`` names instead.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from tools.qt_measure_session import QtMeasurementSession
from viewer.qt_viewport import QtViewport
from viewer.sources import StackSource
from workstation.dicomio import SeriesLoader
from workstation.phantoms import write_ct, write_pet, write_radiograph, write_secondary_capture

#: In-plane rotation of the rotated CT: row direction turned about the slice normal.
ROTATION_DEG = 30.0


def _load(truth):
    loader = SeriesLoader.from_paths(truth.paths)
    loader.decode()
    return loader.volumes[0]


def _rotated_axial(degrees: float) -> tuple[float, ...]:
    c, s = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    return (c, s, 0.0, -s, c, 0.0)


@pytest.fixture(scope="session")
def measure_phantoms(tmp_path_factory):
    """CT (square and rotated-anisotropic pixels), PET, CR, DX with magnification, SC.

    21 slices 5 mm apart centred on 0 put slices at z = -20 (the lesion centre) and
    z = 40 (the ruler), so both cut their objects through the middle.
    """
    base = tmp_path_factory.mktemp("measure-phantoms")
    ct = write_ct(base / "ct", shape=(21, 128, 128), spacing=(2.0, 2.0, 5.0))
    ct_rot = write_ct(base / "ct-rot", shape=(21, 144, 128), spacing=(2.2, 1.6, 5.0),
                      orientation=_rotated_axial(ROTATION_DEG), series_number=3,
                      frame_of_reference_uid=ct.frame_of_reference_uid)
    pet = write_pet(base / "pt", shape=(21, 64, 64), spacing=(4.0, 4.0, 5.0))
    cr = write_radiograph(base / "cr", size=(256, 256))
    dx = write_radiograph(base / "dx", modality="DX", size=(256, 256), magnification=1.25, series_number=2)
    sc = write_secondary_capture(base / "sc")
    return SimpleNamespace(**{name: SimpleNamespace(truth=truth, volume=_load(truth))
                              for name, truth in (("ct", ct), ("ct_rot", ct_rot), ("pet", pet), ("cr", cr),
                                                  ("dx", dx), ("sc", sc))})


@pytest.fixture
def session(qtbot):
    s = QtMeasurementSession()
    s.ask_text = lambda parent, initial: "Tổn thương"
    return s


@pytest.fixture
def make_viewport(qtbot, session):
    """``make_viewport(volume, k=None, size=(600, 600))`` -> a shown viewport in the session."""
    def build(volume, k: int | None = None, size=(600, 600)) -> QtViewport:
        viewport = QtViewport()
        qtbot.addWidget(viewport)
        viewport.resize(*size)
        viewport.set_source(StackSource(volume))
        if k is not None:
            viewport.set_slice(k)
        session.attach(viewport)
        viewport.show()
        qtbot.waitExposed(viewport)
        return viewport
    return build


def slice_of(volume, xyz) -> int:
    return int(round(volume.patient_to_index(np.asarray(xyz, dtype=float))[2]))


def image_of(volume, xyz) -> np.ndarray:
    return volume.patient_to_index(np.asarray(xyz, dtype=float))[:2]


class Mouse:
    """Left-button presses at image points, through the viewport's own mapping."""

    def __init__(self, qtbot, viewport: QtViewport) -> None:
        self.qtbot, self.viewport = qtbot, viewport

    def screen(self, image_point) -> QPoint:
        x, y = self.viewport.screen_point(np.asarray(image_point, dtype=float))
        return QPoint(int(round(x)), int(round(y)))

    def press(self, p) -> None:
        self.qtbot.mousePress(self.viewport, Qt.MouseButton.LeftButton, pos=self.screen(p))

    def move(self, p) -> None:
        self.qtbot.mouseMove(self.viewport, self.screen(p))

    def release(self, p) -> None:
        self.qtbot.mouseRelease(self.viewport, Qt.MouseButton.LeftButton, pos=self.screen(p))

    def drag(self, a, b, steps: int = 4) -> None:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        self.press(a)
        for t in np.linspace(0.0, 1.0, steps + 1)[1:]:
            self.move(a + (b - a) * t)
        self.release(b)

    def click(self, p) -> None:
        self.move(p)
        self.press(p)
        self.release(p)


@pytest.fixture
def mouse(qtbot):
    return lambda viewport: Mouse(qtbot, viewport)


@pytest.fixture
def helpers():
    return SimpleNamespace(slice_of=slice_of, image_of=image_of, rotation_deg=ROTATION_DEG)
