"""CT phantoms: the files' geometry and values agree with the ground truth they return."""

from __future__ import annotations

import re
import threading
import time

import numpy as np
import pytest

from tests.phantoms.helpers import modality_slices, read, stored_slices, voxel_centres
from workstation import phantoms as P
from workstation.model.errors import OperationCancelled

CT_KINDS = ["ct", "shuffled_ct", "tilted_ct", "oblique_ct"]


@pytest.mark.parametrize("kind", CT_KINDS)
def test_file_geometry_is_the_affine_of_the_sorted_stack(kind, request):
    series = request.getfixturevalue(kind)
    stack = series.stack
    for k, path in enumerate(stack.slice_paths):
        ds = read(path)
        np.testing.assert_allclose([float(v) for v in ds.ImagePositionPatient],
                                   stack.affine[:3, :3] @ (0, 0, stack.grid_indices[k]) + stack.affine[:3, 3],
                                   atol=1e-9)
        np.testing.assert_allclose([float(v) for v in ds.ImageOrientationPatient], stack.orientation, atol=1e-12)
        # Pixel Spacing is (row spacing, column spacing): y first.
        np.testing.assert_allclose([float(v) for v in ds.PixelSpacing], stack.spacing[1::-1], atol=1e-12)
        assert (int(ds.Rows), int(ds.Columns)) == stack.shape[1:]
        assert ds.SOPInstanceUID == stack.sop_instance_uids[k]
        assert int(ds.InstanceNumber) == stack.instance_numbers[k]


@pytest.mark.parametrize("kind", CT_KINDS)
def test_slices_ascend_along_the_slice_normal(kind, request):
    stack = request.getfixturevalue(kind).stack
    normal = np.cross(stack.orientation[:3], stack.orientation[3:])
    depth = np.array([[float(v) for v in read(p).ImagePositionPatient] for p in stack.slice_paths]) @ normal
    assert np.all(np.diff(depth) > 0)


@pytest.mark.parametrize("kind", CT_KINDS)
def test_every_voxel_holds_the_scene_value_at_its_centre(kind, request):
    series = request.getfixturevalue(kind)
    expected = series.scene.sample(voxel_centres(series.stack))
    np.testing.assert_array_equal(modality_slices(series.stack), expected)


@pytest.mark.parametrize("kind", ["ct", "oblique_ct", "tilted_ct"])
def test_the_voxel_nearest_each_shape_centre_holds_its_value(kind, request):
    """Independent of Scene.sample: locate each shape through the inverse affine."""
    series = request.getfixturevalue(kind)
    stack = series.stack
    values = modality_slices(stack)
    checked = []
    for shape in series.spheres + series.markers + tuple(b for r in series.rulers for b in r.beads()):
        ijk = np.rint(stack.space_to_index(shape.center)).astype(int)
        if not (ijk >= 0).all() or not (ijk < stack.shape[::-1]).all():
            continue  # outside the scanned range
        offset = np.abs(stack.index_to_space(ijk) - shape.center)
        inside = (offset <= shape.half_size).all() if isinstance(shape, P.Box) else np.linalg.norm(offset) <= shape.radius
        if inside:
            assert values[ijk[2], ijk[1], ijk[0]] == shape.value, shape.label
            checked.append(shape.label)
    assert {"lesion", "fat", "left", "anterior"} <= set(checked)


def test_orientation_markers_are_on_the_patients_left_and_anterior(ct):
    """+x is the patient's Left and the row direction of an axial image: the marker is on the image right."""
    values = modality_slices(ct.stack)
    points = voxel_centres(ct.stack)
    left, anterior = values == 2000.0, values == 1500.0
    assert left.any() and anterior.any()
    assert points[left][:, 0].min() > 100.0  # patient x: left
    assert points[anterior][:, 1].max() < -80.0  # patient y: anterior
    columns = np.nonzero(left)[2]
    rows = np.nonzero(anterior)[1]
    assert columns.min() > ct.shape[2] / 2  # image right
    assert rows.max() < ct.shape[1] / 2  # image top


def test_ruler_beads_are_100_mm_apart_in_patient_space(ct):
    ruler = ct.rulers[0]
    assert ruler.length == 100.0
    values = modality_slices(ct.stack)
    points = voxel_centres(ct.stack)[values == ruler.value]
    start_side = points @ np.subtract(ruler.end, ruler.start) < 0
    measured = np.linalg.norm(points[~start_side].mean(0) - points[start_side].mean(0))
    assert measured == pytest.approx(100.0, abs=max(ct.stack.spacing) / 2)


def test_shuffle_scrambles_file_order_and_instance_numbers(shuffled_ct):
    stack = shuffled_ct.stack
    assert sorted(shuffled_ct.paths) == sorted(stack.slice_paths)
    assert list(shuffled_ct.paths) != list(stack.slice_paths)
    numbers = list(stack.instance_numbers)
    assert numbers != sorted(numbers) and numbers != sorted(numbers, reverse=True)


def test_a_dropped_slice_leaves_a_double_gap(shuffled_ct):
    stack = shuffled_ct.stack
    assert stack.shape[0] == 11 and 5 not in stack.grid_indices
    steps = np.diff([float(read(p).ImagePositionPatient[2]) for p in stack.slice_paths])
    assert sorted(set(np.round(steps, 9))) == [8.0, 16.0]
    assert steps[4] == pytest.approx(16.0)


def test_gantry_tilt_tilts_the_plane_but_not_the_table_step(tilted_ct):
    stack = tilted_ct.stack
    t = np.radians(20.0)
    first = read(stack.slice_paths[0])
    assert float(first.GantryDetectorTilt) == 20.0
    np.testing.assert_allclose(stack.orientation, [1, 0, 0, 0, np.cos(t), np.sin(t)], atol=1e-12)
    positions = np.array([[float(v) for v in read(p).ImagePositionPatient] for p in stack.slice_paths])
    np.testing.assert_allclose(np.diff(positions, axis=0), np.tile([0.0, 0.0, 3.0], (len(positions) - 1, 1)),
                               atol=1e-9)
    normal = np.cross(stack.orientation[:3], stack.orientation[3:])
    cos = stack.affine[:3, 2] @ normal / np.linalg.norm(stack.affine[:3, 2])
    assert np.degrees(np.arccos(cos)) == pytest.approx(20.0)


def test_oblique_orientation_has_no_axis_aligned_direction(oblique_ct):
    row, column = np.reshape(oblique_ct.stack.orientation, (2, 3))
    assert row @ column == pytest.approx(0.0, abs=1e-12)
    assert np.abs(np.concatenate([row, column, np.cross(row, column)])).max() < 0.95


def test_stored_values_are_int16_hu_plus_1024(ct):
    ds = read(ct.stack.slice_paths[0])
    assert (ds.PixelRepresentation, ds.BitsAllocated, float(ds.RescaleSlope), float(ds.RescaleIntercept)) == (
        1, 16, 1.0, -1024.0)
    assert stored_slices(ct.stack).dtype == np.int16
    assert ct.rescale_slope == 1.0 and ct.rescale_intercept == -1024.0
    assert [float(v) for v in ds.WindowCenter] == [w.center for w in ct.windows]
    assert list(ds.WindowCenterWidthExplanation) == ["SOFT_TISSUE", "LUNG"]


def test_vietnamese_names_round_trip(ct, us):
    ds = read(ct.paths[0])
    assert ds.SpecificCharacterSet == "ISO_IR 192"
    assert str(ds.PatientName) == "Nguyễn^Văn An"
    assert ds.StudyDescription == "CT ngực bụng có tiêm thuốc cản quang"
    assert str(ds.ReferringPhysicianName) == "Phạm^Minh Tuấn"
    assert str(read(us.paths[0]).PatientName) == "Lê^Hoàng Đức"


def test_uids_are_reproducible_from_the_seed(tmp_path):
    study = P.StudyInfo(seed="reproducible")
    first = P.write_ct(tmp_path / "a", shape=(3, 16, 16), study=study)
    again = P.write_ct(tmp_path / "b", shape=(3, 16, 16), study=study)
    other = P.write_ct(tmp_path / "c", shape=(3, 16, 16), study=P.StudyInfo(seed="another"))
    assert first.stack.sop_instance_uids == again.stack.sop_instance_uids
    assert (first.series_instance_uid, first.frame_of_reference_uid) == (
        again.series_instance_uid, again.frame_of_reference_uid)
    assert first.study_instance_uid != other.study_instance_uid
    assert not set(first.stack.sop_instance_uids) & set(other.stack.sop_instance_uids)
    for uid in first.stack.sop_instance_uids + (first.study_instance_uid,):
        assert len(uid) <= 64 and re.fullmatch(r"[0-9]+(\.[0-9]+)*", uid)


def test_progress_and_cancel(tmp_path):
    calls = []
    P.write_ct(tmp_path / "p", shape=(4, 8, 8), progress=lambda i, n, what: calls.append((i, n)))
    assert calls == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(OperationCancelled):
        P.write_ct(tmp_path / "c", shape=(4, 8, 8), cancel=cancel)


@pytest.mark.parametrize("kwargs", [
    {"drop_slices": (0, 1, 2)},
    {"drop_slices": (3,)},
    {"transfer_syntax": "1.2.840.10008.1.2.4.50"},
    {"orientation": (1, 0, 0, 1, 0, 0)},
    {"spacing": (1.0, 0.0, 1.0)},
])
def test_bad_arguments_are_refused(tmp_path, kwargs):
    with pytest.raises(ValueError):
        P.write_ct(tmp_path, shape=(3, 8, 8), **kwargs)


def test_a_512_matrix_slice_writes_in_tens_of_milliseconds(tmp_path):
    """The benchmark CT is 512x512x300: this bounds it at ~15 s on a slow machine (3 s measured)."""
    start = time.perf_counter()
    P.write_ct(tmp_path, shape=(20, 512, 512), spacing=(0.7, 0.7, 1.0))
    assert (time.perf_counter() - start) / 20 < 0.05
