"""JSON records: round trip of every kind; corrupt records are reported and skipped."""

from __future__ import annotations

import json
import math

import pytest

from tools.measure import (
    MEASUREMENT_KINDS,
    SCHEMA_VERSION,
    SliceImage,
    dump_measurements,
    from_json,
    load_measurements,
    to_json,
)
from workstation.model import SpacingKind

POINTS = {1: [(3.25, 4.5)], 2: [(1, 2), (30.5, 40)], 3: [(1, 2), (10, 2), (10, 20)],
          4: [(1, 2), (10, 2), (3, 30), (40, 33)]}


def one_of_each(image):
    made = []
    for kind, cls in sorted(MEASUREMENT_KINDS.items()):
        count = cls.max_points or cls.min_points
        extra = {"text": "n\u00f4t \u0111\u01a1n"} if kind in ("arrow", "text") else {}
        extra.update({"closed": True} if kind == "polyline" else {})
        made.append(cls.on(image, POINTS[count], **extra))
    return made


def test_every_kind_round_trips_through_json_text(flat_volume):
    image = SliceImage.from_volume(flat_volume(SpacingKind.DETECTOR, spacing=(0.15, 0.15)), 0)
    made = one_of_each(image)
    assert len(made) == 14
    text = json.dumps(dump_measurements(made))
    loaded, skipped = load_measurements(json.loads(text))
    assert skipped == [] and loaded == made
    assert [m.label() for m in loaded if m.uses_values is False] == [m.label() for m in made
                                                                     if m.uses_values is False]
    assert all(m.image is None for m in loaded)
    assert to_json(made[0])["schema"] == SCHEMA_VERSION


def corrupt(record, **changes):
    broken = dict(record)
    for key, value in changes.items():
        if value is ...:
            del broken[key]
        else:
            broken[key] = value
    return broken


def test_corrupt_records_are_reported_and_skipped_while_others_load(flat_volume):
    image = SliceImage.from_volume(flat_volume(), 0)
    good = [to_json(m) for m in one_of_each(image)[:3]]
    base = good[0]
    bad_geometry = dict(base["geometry"], row_direction=[0, 0, 0])
    records = [
        good[0],
        "not a record",
        corrupt(base, id="a1", kind="laser"),
        corrupt(base, id="a2", points=...),
        corrupt(base, id="a3", points=[[1, 2], [math.nan, 3]]),
        corrupt(base, id="a4", points=[[1, 2]]),
        corrupt(base, id="a5", schema=SCHEMA_VERSION + 1),
        corrupt(base, id="a6", geometry=bad_geometry),
        good[1],
        corrupt(good[1]),  # same id again
        corrupt(base, id="a7", ref={"frame_number": 1}),
        good[2],
    ]
    loaded, skipped = load_measurements(json.loads(json.dumps(records)))
    assert [to_json(m) for m in loaded] == good
    reasons = {s.index: s.reason for s in skipped}
    assert sorted(reasons) == [1, 2, 3, 4, 5, 6, 7, 9, 10]
    assert reasons[1] == "measurement record 1: expected an object, got str"
    assert reasons[2] == "measurement record 2 (id a1): unknown kind 'laser'"
    assert reasons[3] == "measurement record 3 (id a2): lacks 'points'"
    assert "points[1] must be finite" in reasons[4]
    assert reasons[5] == "measurement record 5 (id a4): Angle needs 3 points, got 1"
    assert "newer than this program" in reasons[6]
    assert "row_direction must not be the zero vector" in reasons[7]
    assert "repeats an earlier record" in reasons[9]
    assert reasons[10].endswith("ref lacks 'sop_instance_uid'")
    assert skipped[0].record == "not a record"


def test_from_json_names_the_record_in_its_error(flat_volume):
    arrow = [m for m in one_of_each(SliceImage.from_volume(flat_volume(), 0)) if m.kind == "arrow"][0]
    record = to_json(arrow)
    with pytest.raises(ValueError, match=rf"measurement record 4 \(id {record['id']}\): text must be str"):
        from_json(dict(record, text=12), 4)
