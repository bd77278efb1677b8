"""UndoStack: exact restore of state, drag grouping, abort, limits."""

from __future__ import annotations

import pytest

from tools.measure import (
    AddMeasurement,
    Arrow,
    EllipseRoi,
    Length,
    MeasurementSet,
    RemoveMeasurement,
    ReplaceMeasurements,
    SliceImage,
    UndoStack,
)


@pytest.fixture
def scene(phantoms):
    disk = phantoms.ct_disk()
    image = SliceImage.from_volume(disk.volume, disk.k)
    return image, MeasurementSet(), UndoStack()


def snapshot(measurements):
    """Identity and order of the objects in the set: exact state, not just equal values."""
    return [id(m) for m in measurements]


def test_undo_and_redo_restore_exact_state(scene):
    image, measurements, stack = scene
    length = Length.on(image, [(10, 10), (40, 10)])
    roi = EllipseRoi.on(image, [(30, 30), (60, 60)])
    arrow = Arrow.on(image, [(5, 5), (20, 20)], text="cyst")
    states = [snapshot(measurements)]
    for command in (lambda: AddMeasurement(measurements, length), lambda: AddMeasurement(measurements, roi),
                    lambda: AddMeasurement(measurements, arrow),
                    lambda: ReplaceMeasurements.move_handle(measurements, roi.id, 2, (70, 65)),
                    lambda: ReplaceMeasurements.edit_text(measurements, arrow.id, "abscess"),
                    lambda: RemoveMeasurement(measurements, length.id),
                    lambda: ReplaceMeasurements.translate(measurements, arrow.id, 3.0, -2.0)):
        stack.push(command())
        states.append(snapshot(measurements))
    assert measurements.get(arrow.id).label() == "abscess"
    for expected in reversed(states[:-1]):
        stack.undo()
        assert snapshot(measurements) == expected
    assert not stack.can_undo and stack.redo_text == "Add length"
    for expected in states[1:]:
        stack.redo()
        assert snapshot(measurements) == expected
    assert not stack.can_redo


def test_a_drag_is_one_undo_step(scene):
    image, measurements, stack = scene
    roi = EllipseRoi.on(image, [(30, 30), (60, 60)])
    stack.push(AddMeasurement(measurements, roi))
    stack.begin_group("Move handle")
    for step in range(50):
        stack.push(ReplaceMeasurements.move_handle(measurements, roi.id, 2, (60 + step, 60 + step / 2)))
    stack.end_group()
    assert measurements.get(roi.id).points[1] == (109.0, 84.5)
    assert stack.undo_text == "Move handle"
    stack.undo()
    assert measurements.get(roi.id) is roi
    stack.redo()
    assert measurements.get(roi.id).points[1] == (109.0, 84.5)
    stack.undo()
    stack.undo()
    assert len(measurements) == 0 and not stack.can_undo


def test_abort_and_failing_groups_leave_no_trace(scene):
    image, measurements, stack = scene
    length = Length.on(image, [(10, 10), (40, 10)])
    stack.push(AddMeasurement(measurements, length))
    stack.begin_group("Move handle")
    stack.push(ReplaceMeasurements.move_handle(measurements, length.id, 0, (0, 0)))
    with pytest.raises(RuntimeError, match="while the group 'Move handle' is open"):
        stack.undo()
    stack.abort_group()
    assert measurements.get(length.id) is length and stack.undo_text == "Add length"
    with pytest.raises(ZeroDivisionError):
        with stack.group("Paste"):
            stack.push(AddMeasurement(measurements, Length.on(image, [(1, 1), (2, 2)])))
            raise ZeroDivisionError
    assert list(measurements) == [length] and stack.undo_text == "Add length"
    stack.begin_group("nothing")
    stack.end_group()
    assert stack.undo_text == "Add length"


def test_a_command_that_fails_is_not_recorded(scene):
    image, measurements, stack = scene
    length = Length.on(image, [(10, 10), (40, 10)])
    stack.push(AddMeasurement(measurements, length))
    with pytest.raises(ValueError, match="already in the set"):
        stack.push(AddMeasurement(measurements, length))
    with pytest.raises(TypeError, match="no text"):
        ReplaceMeasurements.edit_text(measurements, length.id, "x")
    stack.undo()
    assert len(measurements) == 0 and not stack.can_undo


def test_history_limit_and_changed_event(scene):
    image, measurements, stack = scene
    stack = UndoStack(limit=3)
    changes = []
    stack.changed.connect(lambda: changes.append((stack.can_undo, stack.can_redo)))
    for x in range(5):
        stack.push(AddMeasurement(measurements, Length.on(image, [(x, 0), (x, 9)])))
    for _ in range(5):
        stack.undo()
    assert len(measurements) == 2
    assert changes[:2] == [(True, False), (True, False)] and changes[-1] == (False, True)
