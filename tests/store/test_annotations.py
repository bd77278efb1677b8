"""Measurement documents kept per image and frame, across sessions."""

from __future__ import annotations

import pytest

from tests.store.factory import make_image, part10_bytes
from workstation.store import LocalStore

LENGTH = {"schema": 1, "kind": "length", "id": "a1", "points": [[1.5, 2.0], [10.0, 2.0]], "text": "Khối u gan"}
ANGLE = {"schema": 1, "kind": "angle", "id": "a2", "points": [[0, 0], [1, 0], [1, 1]]}
ROI = {"schema": 1, "kind": "ellipse", "id": "a3", "points": [[3, 3], [6, 5]], "ref": None}


@pytest.fixture
def sop(store) -> str:
    return store.import_bytes(part10_bytes(make_image())).sop_instance_uid


def test_documents_round_trip_in_order_per_frame(store, sop):
    store.save_annotations(sop, 1, [LENGTH, ANGLE])
    store.save_annotations(sop, 3, [ROI])
    assert store.load_annotations(sop) == [(1, LENGTH), (1, ANGLE), (3, ROI)]
    assert store.load_annotations(sop, 3) == [(3, ROI)]
    assert store.load_annotations(sop, 2) == []
    assert store.load_annotations("1.2.3.4") == []


def test_saving_replaces_a_frame_and_an_empty_list_clears_it(store, sop):
    store.save_annotations(sop, 1, [LENGTH, ANGLE])
    store.save_annotations(sop, 2, [ROI])
    store.save_annotations(sop, 1, [ANGLE])
    assert store.load_annotations(sop) == [(1, ANGLE), (2, ROI)]
    store.save_annotations(sop, 1, [])
    assert store.load_annotations(sop) == [(2, ROI)]


def test_bad_documents_are_refused_and_nothing_changes(store, sop):
    store.save_annotations(sop, 1, [LENGTH])
    with pytest.raises(ValueError, match=r"documents\[1\]"):
        store.save_annotations(sop, 1, [ANGLE, {"value": float("nan")}])
    with pytest.raises(TypeError, match=r"documents\[0\]"):
        store.save_annotations(sop, 1, ["not a dict"])
    with pytest.raises(TypeError, match="frame_number"):
        store.save_annotations(sop, "1", [ANGLE])
    with pytest.raises(ValueError, match="sop_instance_uid"):
        store.save_annotations("", 1, [ANGLE])
    assert store.load_annotations(sop) == [(1, LENGTH)]


def test_annotations_survive_reopening_and_go_with_their_study(tmp_path):
    root = tmp_path / "s"
    with LocalStore(root) as store:
        outcome = store.import_bytes(part10_bytes(make_image()))
        store.save_annotations(outcome.sop_instance_uid, 1, [LENGTH])
    with LocalStore(root) as store:
        assert store.load_annotations(outcome.sop_instance_uid) == [(1, LENGTH)]
        [study] = store.query_studies()
        store.delete_study(study.study_instance_uid)
        assert store.load_annotations(outcome.sop_instance_uid) == []
