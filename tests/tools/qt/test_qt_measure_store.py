"""Measurements persist through the store's annotation API and reload; corrupt records
are reported and skipped. (Qt-free adapter; it lives here for the phantom fixtures.)"""

from __future__ import annotations

import copy

import pytest

from tools.measure import Calibrate, Calibration, EllipseRoi, Length, MeasurementSet, UndoStack
from tools.measure_store import MeasurementStore
from workstation.model import SpacingKind


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
    store_module = pytest.importorskip("workstation.store")
    if not hasattr(store_module, "LocalStore"):
        pytest.skip("workstation.store.LocalStore has not landed")
    store = store_module.LocalStore(tmp_path / "store")
    try:
        _check_round_trip(store, measure_phantoms)
    finally:
        store.close()
