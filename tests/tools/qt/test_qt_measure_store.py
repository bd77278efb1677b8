"""Measurements persist through the store's annotation API and reload; corrupt records
are reported and skipped. (Qt-free adapter; it lives here for the phantom fixtures.)"""

from __future__ import annotations

import copy

import numpy as np
import pytest

from tools.measure import Calibrate, Calibration, EllipseRoi, ImageGeometry, Length, MeasurementSet, UndoStack
from tools.measure_store import MeasurementStore
from workstation.model import SpacingKind
from workstation.store import LocalStore


class MemoryStore:
    """The two methods of workstation.store.LocalStore, in memory (JSON round trip)."""

    def __init__(self) -> None:
        self.documents: dict[tuple[str, int], list[dict]] = {}

    def save_annotations(self, sop_instance_uid, frame_number, documents):
        import json
        if documents:
            self.documents[(sop_instance_uid, frame_number)] = json.loads(json.dumps(documents))
        else:
            self.documents.pop((sop_instance_uid, frame_number), None)

    def load_annotations(self, sop_instance_uid, frame_number=None):
        return [(frame, copy.deepcopy(d)) for (uid, frame), docs in sorted(self.documents.items())
                for d in docs if uid == sop_instance_uid and frame_number in (None, frame)]


def _study(measure_phantoms):
    ct, sc = measure_phantoms.ct.volume, measure_phantoms.sc.volume
    mset = MeasurementSet()
    length = Length.on(mset.slice_image(ct, 7), [(10, 10), (60, 10)])
    roi = EllipseRoi.on(mset.slice_image(ct, 8), [(20, 20), (40, 40)])
    mset.add(length)
    mset.add(roi)
    image = mset.slice_image(sc, 0)
    calibration = Calibration.from_line(image.geometry, (0, 0), (50, 0), 25.0, image.ref)
    UndoStack().push(Calibrate(mset, image.ref.series_instance_uid, calibration))
    on_sc = Length.on(mset.slice_image(sc, 0), [(0, 10), (100, 10)])
    mset.add(on_sc)
    uids = [f.sop_instance_uid for v in (ct, sc) for f in v.frames]
    return mset, uids, on_sc


def _check_round_trip(store, measure_phantoms):
    mset, uids, on_sc = _study(measure_phantoms)
    report = MeasurementStore(store).save(mset)
    assert report.images == 3 and report.documents == 4 and not report.unsaved
    loaded = MeasurementSet()
    result = MeasurementStore(store).load(loaded, uids)
    assert (result.measurements, result.calibrations, result.skipped) == (3, 1, [])
    assert [m.id for m in loaded] == [m.id for m in mset]
    assert list(loaded) == list(mset)  # same points, geometry (calibrated) and refs
    reloaded_sc = loaded.get(on_sc.id)
    assert reloaded_sc.geometry.spacing_kind is SpacingKind.CALIBRATED
    assert reloaded_sc.length == pytest.approx(50.0)
    assert loaded.calibrations == mset.calibrations
    # statistics come back once the image is bound
    loaded.bind(loaded.slice_image(measure_phantoms.ct.volume, 8))
    roi = next(m for m in loaded if m.kind == "ellipse")
    assert roi.statistics is not None and roi.statistics.n > 0
    return mset, uids


def test_round_trip_through_an_in_memory_store(measure_phantoms):
    store = MemoryStore()
    mset, uids = _check_round_trip(store, measure_phantoms)
    adapter = MeasurementStore(store)
    adapter.load(MeasurementSet(), uids)
    for m in list(mset):
        mset.remove(m.id)
    mset.set_calibration(next(iter(mset.calibrations)), None)
    adapter.save(mset)
    assert store.documents == {}  # deleting the last measurement of an image clears it


def test_corrupt_records_are_reported_and_skipped(measure_phantoms):
    store = MemoryStore()
    mset, uids, _ = _study(measure_phantoms)
    MeasurementStore(store).save(mset)
    key = next(k for k, docs in store.documents.items() if any(d.get("kind") == "length" for d in docs))
    store.documents[key].append({"schema": 1, "kind": "no-such-kind", "id": "x"})
    store.documents[key].append({"schema": 99, "kind": "length", "id": "y"})
    store.documents[key].append("not an object")
    sc_key = next(k for k, docs in store.documents.items() if any(d.get("type") == "calibration" for d in docs))
    store.documents[sc_key].append({"type": "calibration", "series_instance_uid": "1.2.3", "calibration": {}})
    loaded = MeasurementSet()
    report = MeasurementStore(store).load(loaded, uids)
    assert report.measurements == 3 and report.calibrations == 1
    reasons = [s.reason for s in report.skipped]
    assert len(reasons) == 4
    assert any("unknown kind 'no-such-kind'" in r for r in reasons)
    assert any("newer than this program" in r for r in reasons)
    assert all(r.startswith("image ") for r in reasons)


def test_the_adapter_checks_its_store():
    with pytest.raises(TypeError, match="save_annotations"):
        MeasurementStore(object())


def test_round_trip_through_the_local_store(measure_phantoms, tmp_path):
    store = LocalStore(tmp_path / "store")
    try:
        _check_round_trip(store, measure_phantoms)
    finally:
        store.close()


def _on_a_coronal_plane(volume):
    """A length drawn on a reconstructed coronal plane through ``volume`` (no stored image)."""
    centre = volume.index_to_patient([volume.shape[2] / 2, volume.shape[1] / 2, volume.shape[0] / 2])
    plane = ImageGeometry.from_plane(tuple(centre), (1.0, 0.0, 0.0), (0.0, 0.0, -1.0), 0.5)
    return plane, Length.on(plane, [(10, 10), (70, 10)])


def test_measurements_on_reconstructed_planes_are_kept_with_the_study(measure_phantoms, tmp_path):
    """An MPR length (no SOP instance to hang it on) survives closing and reopening the
    study, comes back on the same plane only, and is deleted with its study."""
    ct = measure_phantoms.ct.volume
    study = ct.series.study_instance_uid
    uids = [f.sop_instance_uid for f in ct.frames]
    root = tmp_path / "store"
    with LocalStore(root) as store:
        store.import_paths(measure_phantoms.ct.truth.paths)
        mset = MeasurementSet(study)
        plane, on_plane = _on_a_coronal_plane(ct)
        on_image = Length.on(mset.slice_image(ct, 3), [(5, 5), (25, 5)])
        mset.add(on_plane)
        mset.add(on_image)
        report = MeasurementStore(store).save(mset)
        assert not report.unsaved and report.documents == 2
    with LocalStore(root) as store:
        loaded, adapter = MeasurementSet(study), MeasurementStore(store)
        result = adapter.load(loaded, uids)
        assert (result.measurements, result.skipped) == (2, [])
        again = loaded.get(on_plane.id)
        assert again.ref is None and again.length == pytest.approx(on_plane.length) == pytest.approx(30.0)
        assert loaded.on_plane(plane) == [again]
        shifted = ImageGeometry.from_plane(tuple(np.add(plane.origin, (0.0, 2.0, 0.0))), plane.row_direction,
                                           plane.column_direction, 0.5)
        assert loaded.on_plane(shifted) == []
        loaded.remove(on_plane.id)  # deleting it clears the study's document
        adapter.save(loaded)
        assert store.load_annotations(study) == []
        assert MeasurementStore(store).load(MeasurementSet(study), uids).measurements == 1
        MeasurementStore(store).save(mset)  # back again, then the study goes
        assert len(store.load_annotations(study)) == 1
        store.delete_study(study)
        assert store.load_annotations(study) == []


def test_a_set_without_a_study_cannot_keep_reconstructed_plane_measurements(measure_phantoms):
    store = MemoryStore()
    _, on_plane = _on_a_coronal_plane(measure_phantoms.ct.volume)
    mset = MeasurementSet()
    mset.add(on_plane)
    assert MeasurementStore(store).save(mset).unsaved == [on_plane] and store.documents == {}


def test_one_adapter_keeps_every_open_study(measure_phantoms):
    """The app has one adapter for all open studies: saving one study (each edit does, and
    closing the program saves them in turn) must not clear another's measurements."""
    ct, pet = measure_phantoms.ct.volume, measure_phantoms.pet.volume
    store = MemoryStore()
    adapter = MeasurementStore(store)
    sets = []
    for study, volume in (("1.2.3.1", ct), ("1.2.3.2", pet)):  # two studies open in two tabs
        mset = MeasurementSet(study)
        mset.add(Length.on(mset.slice_image(volume, 5), [(5, 5), (25, 5)]))
        sets.append(mset)
    for mset in (*sets, *sets):  # edits in both tabs, then save-all on exit
        adapter.save(mset)
    for volume, mset in zip((ct, pet), sets, strict=True):
        loaded = MeasurementSet(mset.study_instance_uid)
        MeasurementStore(store).load(loaded, [f.sop_instance_uid for f in volume.frames])
        assert [m.id for m in loaded] == [m.id for m in mset]


@pytest.mark.parametrize("shared_adapter", [True, False], ids=["one window", "two windows"])
def test_two_sessions_on_one_image_keep_each_others_measurements(measure_phantoms, shared_adapter):
    """A prior shown in the current study's layout and open in its own tab too: two sets
    hold measurements on the same image. Each save keeps what the other drew; a
    measurement its own set deleted goes."""
    ct = measure_phantoms.ct.volume
    store = MemoryStore()
    adapters = [MeasurementStore(store)] * 2 if shared_adapter else [MeasurementStore(store), MeasurementStore(store)]
    uids = [f.sop_instance_uid for f in ct.frames]
    current, prior = MeasurementSet("1.2.3.current"), MeasurementSet("1.2.3.prior")
    for adapter, mset in zip(adapters, (current, prior), strict=True):
        adapter.load(mset, uids)
    on_current = Length.on(current.slice_image(ct, 4), [(5, 5), (25, 5)])
    current.add(on_current)
    adapters[0].save(current)
    on_prior = Length.on(prior.slice_image(ct, 4), [(5, 15), (45, 15)])  # same image, the other session
    prior.add(on_prior)
    adapters[1].save(prior)

    def stored_ids():
        loaded = MeasurementSet("1.2.3.reader")
        MeasurementStore(store).load(loaded, uids)
        return sorted(m.id for m in loaded)

    assert stored_ids() == sorted([on_current.id, on_prior.id])
    current.remove(on_current.id)
    adapters[0].save(current)
    assert stored_ids() == [on_prior.id]
