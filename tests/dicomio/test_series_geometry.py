"""Series -> Volume on phantoms with analytic truth: sorting, affine, spacing, labels,
tilt, missing slices, splitting, multi-frame, PET rescale and SUV, projections."""

from __future__ import annotations

import numpy as np
import pytest
from pydicom.uid import JPEG2000Lossless

from workstation.dicomio import SeriesLoader, scan
from workstation.model import SpacingKind, Volume
from workstation.phantoms import (
    CORONAL,
    oblique_orientation,
    write_ct,
    write_enhanced_ct,
    write_mixed_size_ct,
    write_pet,
    write_radiograph,
    write_two_stack_ct,
    write_us_cine,
)


def load_all(paths) -> list[Volume]:
    loader = SeriesLoader.from_paths(paths)
    loader.decode()
    return loader.volumes


def assert_matches_truth(volume: Volume, stack, scene) -> None:
    assert volume.shape == stack.shape
    np.testing.assert_allclose(volume.affine, stack.affine, atol=1e-4)
    assert [f.sop_instance_uid for f in volume.frames] == list(stack.sop_instance_uids)
    # every voxel equals the analytic scene at its patient coordinate (spot check 4 slices)
    for k in np.linspace(0, volume.shape[0] - 1, 4).astype(int):
        plane = volume.modality_slice(k)
        jj, ii = np.mgrid[0:volume.shape[1]:7, 0:volume.shape[2]:7]
        points = volume.index_to_patient(np.stack([ii, jj, np.full_like(ii, k)], -1).astype(float))
        grid_k = stack.grid_indices[k]
        truth_points = stack.index_to_space(np.stack([ii, jj, np.full_like(ii, grid_k)], -1).astype(float))
        np.testing.assert_allclose(points, truth_points, atol=1e-4)
        np.testing.assert_allclose(plane[::7, ::7], scene.sample(truth_points), atol=1e-3)


def test_shuffled_axial_ct_is_sorted_by_position_not_instance_number(tmp_path):
    truth = write_ct(tmp_path, shape=(12, 48, 48), spacing=(6.0, 6.0, 5.0), shuffle=True)
    (volume,) = load_all(truth.paths)
    assert_matches_truth(volume, truth.stack, truth.scene)
    assert volume.is_volumetric and not volume.problems
    assert volume.units == "HU" and volume.pixels.dtype == np.int16
    np.testing.assert_allclose(volume.spacing, truth.stack.spacing)
    # standard axial: index +x is patient Left, +y Posterior, +z (ascending) Head
    assert (volume.label_for((1, 0, 0)), volume.label_for((0, 1, 0)), volume.label_for((0, 0, 1))) == ("L", "P", "H")


def test_coronal_labels(tmp_path):
    truth = write_ct(tmp_path, shape=(8, 40, 40), spacing=(6.0, 6.0, 6.0), orientation=CORONAL)
    (volume,) = load_all(truth.paths)
    assert_matches_truth(volume, truth.stack, truth.scene)
    assert volume.label_for((1, 0, 0)) == "L"
    assert volume.label_for((0, 1, 0)) == "F"


def test_oblique_acquisition_geometry(tmp_path):
    truth = write_ct(tmp_path, shape=(10, 40, 40), spacing=(6.0, 6.0, 6.0), orientation=oblique_orientation())
    (volume,) = load_all(truth.paths)
    assert_matches_truth(volume, truth.stack, truth.scene)
    assert len(volume.label_for((1, 0, 0))) >= 2, "an oblique row direction gets a two-letter label"


def test_gantry_tilt_gives_a_sheared_affine_and_is_reported(tmp_path):
    truth = write_ct(tmp_path, shape=(10, 40, 40), spacing=(6.0, 6.0, 5.0), gantry_tilt_deg=15.0)
    (volume,) = load_all(truth.paths)
    assert_matches_truth(volume, truth.stack, truth.scene)
    assert volume.tilt_degrees == pytest.approx(15.0, abs=0.05)
    assert any("tilt 15.0" in p for p in volume.problems)
    assert volume.is_volumetric  # the sheared affine is exact, so MPR stays correct


def test_missing_slice_keeps_its_place_so_geometry_stays_exact(tmp_path):
    truth = write_ct(tmp_path, shape=(12, 32, 32), spacing=(6.0, 6.0, 5.0), drop_slices=(5,))
    (volume,) = load_all(truth.paths)
    assert volume.shape[0] == 12
    np.testing.assert_allclose(volume.affine, truth.stack.affine, atol=1e-4)
    assert set(volume.failed) == {5} and "missing slice" in volume.failed[5]
    assert any("1 missing slice" in p for p in volume.problems)
    assert not any("line" in p for p in volume.problems)
    assert volume.is_volumetric
    for k, grid_k in enumerate(truth.stack.grid_indices):
        assert volume.frames[grid_k].sop_instance_uid == truth.stack.sop_instance_uids[k]


def test_uneven_spacing_is_not_a_volume(tmp_path):
    import pydicom

    truth = write_ct(tmp_path, shape=(8, 32, 32), spacing=(6.0, 6.0, 5.0))
    path = truth.stack.slice_paths[4]
    ds = pydicom.dcmread(path)
    ds.ImagePositionPatient = [float(v) for v in ds.ImagePositionPatient[:2]] + [float(ds.ImagePositionPatient[2]) + 2.0]
    ds.save_as(path)
    (volume,) = load_all(truth.paths)
    assert any("uneven slice spacing" in p for p in volume.problems)
    assert not volume.is_volumetric


def test_two_stacks_in_one_series_are_split(tmp_path):
    truth = write_two_stack_ct(tmp_path, axial_shape=(8, 40, 40), coronal_shape=(6, 20, 40))
    volumes = load_all(truth.paths)
    assert sorted(v.shape for v in volumes) == sorted(s.shape for s in truth.stacks)
    for volume in volumes:
        stack = next(s for s in truth.stacks if s.shape == volume.shape)
        np.testing.assert_allclose(volume.affine, stack.affine, atol=1e-4)
        assert any("split into 2 stacks" in p for p in volume.problems)


def test_an_image_of_another_size_becomes_its_own_stack(tmp_path):
    truth = write_mixed_size_ct(tmp_path, shape=(8, 40, 40), odd_matrix=32)
    volumes = load_all(truth.paths)
    assert sorted(v.shape for v in volumes) == sorted(s.shape for s in truth.stacks)


def test_enhanced_ct_multiframe_uses_per_frame_functional_groups(tmp_path):
    truth = write_enhanced_ct(tmp_path, shape=(10, 40, 40))
    (volume,) = load_all(truth.paths)
    assert_matches_truth(volume, truth.stack, truth.scene)
    assert [f.frame_number for f in volume.frames] == list(truth.stack.frame_numbers)
    assert volume.frames[0].windows, "FrameVOILUTSequence windows are read"


def test_ultrasound_cine_is_a_stack_of_frames_without_geometry(tmp_path):
    truth = write_us_cine(tmp_path, frames=6, size=(60, 80))
    (volume,) = load_all(truth.paths)
    assert volume.shape == (6, 60, 80) and not volume.is_volumetric
    assert volume.frames[0].attributes.get("FrameTime")


def test_pet_per_slice_rescale_becomes_float_and_suv_matches_truth(tmp_path):
    truth = write_pet(tmp_path, shape=(12, 48, 48), spacing=(6.0, 6.0, 6.0), shuffle=True)
    (volume,) = load_all(truth.paths)
    assert volume.pixels.dtype == np.float32 and volume.rescale_slope == 1.0
    hot = truth.suv.hot_sphere
    k = int(round(volume.patient_to_index(hot.center)[2]))
    i, j = (int(round(v)) for v in volume.patient_to_index(hot.center)[:2])
    assert volume.pixels[k, j, i] == pytest.approx(truth.suv.activity_bq_ml, rel=1e-3)
    assert volume.suv.suv_bw_factor() == pytest.approx(truth.suv.suv_bw_factor, rel=1e-9)
    assert volume.pixels[k, j, i] * volume.suv.suv_bw_factor() == pytest.approx(truth.suv.expected_suv, rel=1e-3)


def test_compressed_series_equals_uncompressed(tmp_path):
    plain = write_ct(tmp_path / "plain", shape=(6, 40, 40), spacing=(6.0, 6.0, 5.0))
    j2k = write_ct(tmp_path / "j2k", shape=(6, 40, 40), spacing=(6.0, 6.0, 5.0), transfer_syntax=JPEG2000Lossless)
    (a,), (b,) = load_all(plain.paths), load_all(j2k.paths)
    np.testing.assert_array_equal(a.pixels, b.pixels)


@pytest.mark.parametrize("modality, magnification, kind", [("CR", None, SpacingKind.DETECTOR),
                                                           ("DX", 1.2, SpacingKind.MAGNIFICATION_CORRECTED)])
def test_radiograph_spacing_and_patient_orientation_labels(tmp_path, modality, magnification, kind):
    truth = write_radiograph(tmp_path, modality=modality, size=(256, 256), imager_pixel_spacing=(1.6, 1.6),
                             magnification=magnification, patient_orientation=("L", "F"))
    (volume,) = load_all(truth.paths)
    assert volume.spacing_kind is kind
    expected = 1.6 / (magnification or 1.0)
    np.testing.assert_allclose(volume.spacing[:2], (expected, expected))
    assert (volume.label_for((1, 0, 0)), volume.label_for((-1, 0, 0)), volume.label_for((0, 1, 0))) == ("L", "R", "F")


def test_vietnamese_names_survive_reading(tmp_path):
    truth = write_ct(tmp_path, shape=(2, 16, 16))
    (volume,) = load_all(truth.paths)
    assert volume.study.patient.name == truth.patient.name
    assert "ễ" in volume.study.patient.display_name or "ầ" in volume.study.patient.display_name or \
        any(ord(c) > 127 for c in volume.study.patient.display_name)


# -- bad input -------------------------------------------------------------------------------


def test_broken_files_are_skipped_with_reasons_and_the_rest_loads(tmp_path):
    truth = write_ct(tmp_path, shape=(6, 32, 32), spacing=(6.0, 6.0, 5.0))
    victim = truth.stack.slice_paths[3]
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) - 500])  # truncated inside the pixel data
    (tmp_path / "garbage.dcm").write_bytes(b"\x00garbage" * 100)
    (tmp_path / "notes.txt").write_text("not dicom")
    result = scan([tmp_path])
    reasons = {p.path.rsplit("/", 1)[-1]: p.reason for p in result.skipped}
    assert "not a DICOM file" in reasons["notes.txt"] and "garbage.dcm" in reasons
    loader = SeriesLoader(result.files)
    loader.decode()
    (volume,) = loader.volumes
    assert set(volume.failed) == {3} and "truncated" in volume.failed[3]
    assert volume.loaded.sum() == 5


def test_missing_image_position_splits_off_and_is_reported(tmp_path):
    import pydicom

    truth = write_ct(tmp_path, shape=(6, 32, 32), spacing=(6.0, 6.0, 5.0))
    ds = pydicom.dcmread(truth.stack.slice_paths[2])
    del ds.ImagePositionPatient
    ds.save_as(truth.stack.slice_paths[2])
    volumes = load_all(truth.paths)
    assert sorted(v.shape[0] for v in volumes) == [1, 6]  # the main stack keeps an empty place
    main = max(volumes, key=lambda v: v.shape[0])
    assert any("missing slice" in p for p in main.problems) and any("split" in p for p in main.problems)


def test_unsupported_transfer_syntax_fails_that_file_only(tmp_path):
    import pydicom
    from pydicom.encaps import encapsulate

    truth = write_ct(tmp_path, shape=(4, 32, 32), spacing=(6.0, 6.0, 5.0))
    path = truth.stack.slice_paths[1]
    ds = pydicom.dcmread(path)
    ds.PixelData = encapsulate([ds.PixelData])
    ds["PixelData"].VR = "OB"
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.100"  # MPEG-2: no image decoder exists
    ds.save_as(path)
    loader = SeriesLoader.from_paths(truth.paths)
    loader.decode()
    (volume,) = loader.volumes
    assert set(volume.failed) == {1} and "MPEG2" in volume.failed[1].replace("-", "")
    assert int(volume.loaded.sum()) == 3


def test_unreadable_folder_is_reported(tmp_path, monkeypatch):
    import os

    write_ct(tmp_path / "ok", shape=(2, 16, 16))
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path=".", *args):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    result = scan([tmp_path])
    assert len(result.files) == 2
    assert any("cannot read folder" in s.reason and s.path.endswith("locked") for s in result.skipped)
