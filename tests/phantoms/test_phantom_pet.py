"""The PET phantom: SUVbw of the hot sphere, per-slice slopes, and the CT it matches."""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import pytest

from tests.phantoms.helpers import modality_slices, read, voxel_centres


def test_hot_sphere_suv_by_hand(pet):
    """SUVbw = C * weight[g] / (dose * 2^(-t / T_half)), from the header as written (PS3.3 C.8.9.1)."""
    ds = read(pet.paths[0])
    item = ds.RadiopharmaceuticalInformationSequence[0]
    injected = datetime.strptime(item.RadiopharmaceuticalStartDateTime, "%Y%m%d%H%M%S")
    started = datetime.strptime(ds.SeriesDate + ds.SeriesTime, "%Y%m%d%H%M%S")
    elapsed = (started - injected).total_seconds()
    assert elapsed == 3600.0 and float(item.RadionuclideHalfLife) == 6586.2
    decayed = float(item.RadionuclideTotalDose) * 2.0 ** (-elapsed / 6586.2)
    suv = pet.suv.activity_bq_ml * float(ds.PatientWeight) * 1000.0 / decayed
    assert suv == pytest.approx(5.0, rel=1e-12)
    assert pet.suv.expected_suv == 5.0
    assert pet.suv.suv_bw_factor == pytest.approx(pet.suv.parameters.suv_bw_factor(), rel=1e-15)
    assert pet.suv.activity_bq_ml * pet.suv.suv_bw_factor == pytest.approx(5.0, rel=1e-12)


def test_suv_tags(pet):
    ds = read(pet.paths[0])
    assert (ds.Units, ds.DecayCorrection, ds.CountsSource) == ("BQML", "START", "EMISSION")
    assert {"DECY", "ATTN"} <= set(ds.CorrectedImage)
    assert ds.AcquisitionTime == ds.SeriesTime
    assert float(ds.PatientWeight) == pet.patient.weight_kg
    assert ds.RadiopharmaceuticalInformationSequence[0].RadionuclideCodeSequence[0].CodeValue == "77004003"


def test_every_slice_has_its_own_slope_and_the_slice_maximum_is_exact(pet):
    stack = pet.stack
    slopes = [float(read(p).RescaleSlope) for p in stack.slice_paths]
    assert list(stack.rescale_slopes) == slopes
    assert len(set(slopes)) >= 3  # body only, left-warm sphere, hot sphere: three slice maxima
    assert max(slopes) / min(slopes) > 4  # one slope for the series would misread most slices
    with pytest.raises(ValueError):
        pet.rescale_slope  # noqa: B018  (one slope for the series would be wrong)
    values = modality_slices(stack)
    expected = pet.scene.sample(voxel_centres(stack))
    tolerance = np.array(slopes)[:, None, None] / 2 * (1 + 1e-9)
    assert np.all(np.abs(values - expected) <= tolerance)
    hot = expected == pet.suv.activity_bq_ml
    assert hot.sum() > 20
    np.testing.assert_allclose(values[hot], pet.suv.activity_bq_ml, rtol=1e-12)


def test_pet_matches_its_ct(pet_ct):
    ct, pet = pet_ct
    assert pet.frame_of_reference_uid == ct.frame_of_reference_uid
    assert pet.study_instance_uid == ct.study_instance_uid != ""
    assert pet.series_instance_uid != ct.series_instance_uid
    ct_lesion = next(s for s in ct.spheres if s.label == "lesion")
    assert (pet.suv.hot_sphere.center, pet.suv.hot_sphere.radius) == (ct_lesion.center, ct_lesion.radius)
    pet_file, ct_file = read(pet.paths[0]), read(ct.paths[0])
    for keyword in ("PatientName", "PatientID", "StudyInstanceUID", "FrameOfReferenceUID"):
        assert pet_file.get(keyword) == ct_file.get(keyword)


def test_decay_correction_arithmetic(pet):
    parameters = pet.suv.parameters
    elapsed = (parameters.series_time - parameters.injection_time).total_seconds()
    assert pet.suv.suv_bw_factor == pytest.approx(
        parameters.patient_weight_kg * 1000 / (parameters.injected_dose_bq * math.exp(-math.log(2) * elapsed / 6586.2)))
