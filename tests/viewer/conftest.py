"""Phantom volumes for viewer tests, loaded once per session through the real loader."""

from __future__ import annotations

import pytest

from workstation.dicomio import SeriesLoader
from workstation.phantoms import CORONAL, SAGITTAL, oblique_orientation, write_ct, write_radiograph


def _load(truth):
    loader = SeriesLoader.from_paths(truth.paths)
    loader.decode()
    return loader.volumes[0]


@pytest.fixture(scope="session")
def phantom_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("viewer-phantoms")


@pytest.fixture(scope="session")
def axial_ct(phantom_dir):
    truth = write_ct(phantom_dir / "axial", shape=(20, 128, 128), spacing=(2.5, 2.5, 4.0))
    return truth, _load(truth)


@pytest.fixture(scope="session")
def coronal_ct(phantom_dir, axial_ct):
    truth = write_ct(phantom_dir / "coronal", shape=(16, 64, 128), spacing=(2.5, 2.5, 4.0), orientation=CORONAL,
                     frame_of_reference_uid=axial_ct[0].frame_of_reference_uid, series_number=3)
    return truth, _load(truth)


@pytest.fixture(scope="session")
def sagittal_ct(phantom_dir, axial_ct):
    truth = write_ct(phantom_dir / "sagittal", shape=(16, 64, 96), spacing=(2.5, 2.5, 4.0), orientation=SAGITTAL,
                     frame_of_reference_uid=axial_ct[0].frame_of_reference_uid, series_number=4)
    return truth, _load(truth)


@pytest.fixture(scope="session")
def oblique_ct(phantom_dir):
    truth = write_ct(phantom_dir / "oblique", shape=(16, 96, 96), spacing=(3.0, 3.0, 4.0),
                     orientation=oblique_orientation(30.0, 0.0))
    return truth, _load(truth)


@pytest.fixture(scope="session")
def chest_cr(phantom_dir):
    truth = write_radiograph(phantom_dir / "cr", size=(256, 256), patient_orientation=("L", "F"))
    return truth, _load(truth)


@pytest.fixture(autouse=True)
def _reading_room_theme(reading_room_theme):
    """Every test here sees the program's dark theme (see tests/conftest.py)."""
