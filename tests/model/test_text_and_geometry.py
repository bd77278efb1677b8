"""Model helpers: Vietnamese folding, orientation labels, person names, Volume geometry."""

from __future__ import annotations

import numpy as np
import pytest

from workstation.model import Volume, format_person_name, orientation_label, plane_name
from workstation.model.text import fold, strip_diacritics


@pytest.mark.parametrize("text, folded", [
    ("Nguyễn Văn An", "nguyen van an"), ("Trần Thị Bích Ngọc", "tran thi bich ngoc"),
    ("Lê Hoàng Đức", "le hoang duc"), ("ĐẶNG", "dang"), ("plain", "plain"),
])
def test_fold_removes_case_and_every_vietnamese_mark(text, folded):
    assert fold(text) == folded


def test_strip_diacritics_keeps_case():
    assert strip_diacritics("Đức Ánh") == "Duc Anh"


@pytest.mark.parametrize("vector, label", [
    ((1, 0, 0), "L"), ((-1, 0, 0), "R"), ((0, 1, 0), "P"), ((0, -1, 0), "A"), ((0, 0, 1), "H"), ((0, 0, -1), "F"),
    ((0.94, 0.34, 0), "LP"), ((0.99, 0.1, 0), "L"), ((0, 0, 0), ""),
])
def test_orientation_labels(vector, label):
    assert orientation_label(vector) == label


def test_plane_names():
    assert plane_name((1, 0, 0, 0, 1, 0)) == "axial"
    assert plane_name((1, 0, 0, 0, 0, -1)) == "coronal"
    assert plane_name((0, 1, 0, 0, 0, -1)) == "sagittal"
    assert plane_name((1, 0, 0, 0, 0.9, 0.43)) == "oblique"


def test_person_name_in_reading_order():
    assert format_person_name("Nguyễn^Văn An") == "Nguyễn Văn An"
    assert format_person_name("Smith^John^^Dr.^PhD=スミス") == "Dr. Smith John PhD"


def test_volume_index_patient_round_trip_and_tilt():
    affine = np.eye(4)
    affine[:3, 0] = (0.7, 0, 0)
    affine[:3, 1] = (0, 0.7 * np.cos(0.2), 0.7 * np.sin(0.2))
    affine[:3, 2] = (0, 0, 2.5)  # table step along z while the plane is tilted: sheared
    affine[:3, 3] = (-100, -120, 40)
    volume = Volume(np.zeros((4, 8, 8), np.int16), affine)
    points = np.array([[1.5, 2.0, 3.0], [0, 0, 0]])
    np.testing.assert_allclose(volume.patient_to_index(volume.index_to_patient(points)), points)
    np.testing.assert_allclose(volume.spacing, (0.7, 0.7, 2.5))
    assert volume.tilt_degrees == pytest.approx(np.degrees(0.2), abs=1e-6)


def test_volume_rejects_bad_input():
    with pytest.raises(ValueError, match="affine"):
        Volume(np.zeros((1, 2, 2)), np.zeros((4, 4)))
    with pytest.raises(ValueError, match="pixels"):
        Volume(np.zeros((2, 2)), np.eye(4))
