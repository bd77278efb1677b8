"""Qt-free undo/redo for measurement edits (the command pattern of QUndoStack).

Because measurements are immutable, a command stores the exact objects before and after
the edit, so undo and redo restore state bit for bit. A mouse drag pushes one command per
mouse move inside a group (``begin_group`` on press, ``end_group`` on release);
consecutive edits of the same measurements merge, so a drag is one undo step and holds
two objects, not one per mouse event.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol

from tools.measure.annotations import Annotation
from tools.measure.base import Measurement
from tools.measure.calibration import Calibration
from tools.measure.collection import MeasurementSet
from tools.measure.geometry import Point
from workstation.model import Event


class Command(Protocol):
    """What :class:`UndoStack` runs: ``redo`` does (or re-does) the edit, ``undo`` reverts it."""

    text: str

    def redo(self) -> None: ...

    def undo(self) -> None: ...


class AddMeasurement:
    """Add a measurement (a new drawing, a paste, or a copy to another image)."""

    def __init__(self, measurements: MeasurementSet, measurement: Measurement, text: str = "") -> None:
        self._set, self._measurement = measurements, measurement
        self.text = text or f"Add {measurement.title.lower()}"
        self._index: int | None = None

    def redo(self) -> None:
        self._set.add(self._measurement, self._index)
        self._index = self._set.index_of(self._measurement.id)

    def undo(self) -> None:
        self._set.remove(self._measurement.id)


class RemoveMeasurement:
    """Delete a measurement; undo puts it back at the same position."""

    def __init__(self, measurements: MeasurementSet, measurement_id: str) -> None:
        self._set = measurements
        self._measurement = measurements.get(measurement_id)
        self.text = f"Delete {self._measurement.title.lower()}"
        self._index = 0

    def redo(self) -> None:
        self._measurement, self._index = self._set.remove(self._measurement.id)

    def undo(self) -> None:
        self._set.add(self._measurement, self._index)


class ReplaceMeasurements:
    """Replace measurements by edited versions with the same ids.

    Use the constructors :meth:`move_handle`, :meth:`translate`, :meth:`edit_text`.
    Merges with a following command of the same text on the same ids (a drag).
    """

    def __init__(self, measurements: MeasurementSet, pairs: Sequence[tuple[Measurement, Measurement]],
                 text: str) -> None:
        for old, new in pairs:
            if old.id != new.id:
                raise ValueError(f"a replacement must keep the id: {old.id!r} -> {new.id!r}")
        self._set, self._pairs, self.text = measurements, list(pairs), text

    @classmethod
    def move_handle(cls, measurements: MeasurementSet, measurement_id: str, handle: int,
                    point: Point) -> ReplaceMeasurements:
        old = measurements.get(measurement_id)
        return cls(measurements, [(old, old.moved(handle, point))], "Move handle")

    @classmethod
    def translate(cls, measurements: MeasurementSet, measurement_id: str, dx: float,
                  dy: float) -> ReplaceMeasurements:
        old = measurements.get(measurement_id)
        return cls(measurements, [(old, old.translated(dx, dy))], f"Move {old.title.lower()}")

    @classmethod
    def edit_text(cls, measurements: MeasurementSet, measurement_id: str, text: str) -> ReplaceMeasurements:
        old = measurements.get(measurement_id)
        if not isinstance(old, Annotation):
            raise TypeError(f"a {old.title.lower()} has no text to edit")
        return cls(measurements, [(old, old.with_text(text))], "Edit text")

    def redo(self) -> None:
        for _, new in self._pairs:
            self._set.replace(new)

    def undo(self) -> None:
        for old, _ in reversed(self._pairs):
            self._set.replace(old)

    def merge(self, other: object) -> bool:
        """Absorb ``other`` (already done) if it edits the same measurements the same way."""
        if not (isinstance(other, ReplaceMeasurements) and other.text == self.text and other._set is self._set
                and [o.id for o, _ in other._pairs] == [o.id for o, _ in self._pairs]):
            return False
        self._pairs = [(old, new) for (old, _), (_, new) in zip(self._pairs, other._pairs)]
        return True


class Calibrate:
    """Set (or with ``None`` remove) the calibration of a series and recompute its measurements."""

    def __init__(self, measurements: MeasurementSet, series_instance_uid: str,
                 calibration: Calibration | None) -> None:
        self._set, self._series, self._new = measurements, series_instance_uid, calibration
        self._old = measurements.calibration(series_instance_uid)
        self.text = "Calibrate" if calibration is not None else "Remove calibration"
        self._before: list[Measurement] = []
        self._after: list[Measurement] = []

    def redo(self) -> None:
        self._before = self._set.in_series(self._series)
        self._set.set_calibration(self._series, self._new)
        self._restore(self._after)
        self._after = self._set.in_series(self._series)

    def undo(self) -> None:
        self._set.set_calibration(self._series, self._old)
        self._restore(self._before)

    def _restore(self, exact: list[Measurement]) -> None:
        """Put back the exact objects (recomputation may differ in the last bit)."""
        for m in exact:
            if m.id in self._set:
                self._set.replace(m)


class _Group:
    """Commands done as one step; undone in reverse order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.commands: list[Command] = []

    def redo(self) -> None:
        for command in self.commands:
            command.redo()

    def undo(self) -> None:
        for command in reversed(self.commands):
            command.undo()


class UndoStack:
    """Undo/redo history of commands.

    ``changed()`` is emitted whenever what :attr:`can_undo`, :attr:`can_redo` or their
    texts report may have changed, so menus can follow.

    Parameters
    ----------
    limit
        How many steps to keep; the oldest are forgotten.
    """

    def __init__(self, limit: int = 200) -> None:
        if limit < 1:
            raise ValueError(f"limit must be >= 1, got {limit}")
        self._limit = limit
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._group: _Group | None = None
        self.changed = Event()

    # -- state -----------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._done) and self._group is None

    @property
    def can_redo(self) -> bool:
        return bool(self._undone) and self._group is None

    @property
    def undo_text(self) -> str:
        return self._done[-1].text if self._done else ""

    @property
    def redo_text(self) -> str:
        return self._undone[-1].text if self._undone else ""

    @property
    def in_group(self) -> bool:
        return self._group is not None

    # -- operations ------------------------------------------------------------------

    def push(self, command: Command) -> None:
        """Do ``command`` and record it (inside the open group, merged when it can be).

        If ``command.redo()`` raises, nothing is recorded and the error propagates.
        """
        command.redo()
        if self._group is not None:
            last = self._group.commands[-1] if self._group.commands else None
            merge = getattr(last, "merge", None)
            if merge is None or not merge(command):
                self._group.commands.append(command)
            return
        self._record(command)

    def _record(self, command: Command) -> None:
        self._done.append(command)
        del self._done[:-self._limit]
        self._undone.clear()
        self.changed.emit()

    def undo(self) -> None:
        """Undo the last step; nothing happens when there is none."""
        self._check_closed("undo")
        if self._done:
            command = self._done.pop()
            command.undo()
            self._undone.append(command)
            self.changed.emit()

    def redo(self) -> None:
        """Redo the last undone step; nothing happens when there is none."""
        self._check_closed("redo")
        if self._undone:
            command = self._undone.pop()
            command.redo()
            self._done.append(command)
            self.changed.emit()

    def clear(self) -> None:
        self._check_closed("clear")
        self._done.clear()
        self._undone.clear()
        self.changed.emit()

    def _check_closed(self, action: str) -> None:
        if self._group is not None:
            raise RuntimeError(f"cannot {action} while the group {self._group.text!r} is open")

    # -- grouping --------------------------------------------------------------------

    def begin_group(self, text: str) -> None:
        """Start collecting pushed commands into one undo step (e.g. on mouse press)."""
        self._check_closed("begin a group")
        self._group = _Group(text)
        self.changed.emit()

    def end_group(self) -> None:
        """Close the group; an empty group leaves no undo step."""
        if self._group is None:
            raise RuntimeError("no group is open")
        group, self._group = self._group, None
        if group.commands:
            self._record(group)
        else:
            self.changed.emit()

    def abort_group(self) -> None:
        """Undo what the open group did and forget it (e.g. Escape during a drag)."""
        if self._group is None:
            raise RuntimeError("no group is open")
        group, self._group = self._group, None
        group.undo()
        self.changed.emit()

    @contextmanager
    def group(self, text: str) -> Iterator[None]:
        """``with stack.group("Paste"):`` -- one undo step; aborted if the block raises."""
        self.begin_group(text)
        try:
            yield
        except BaseException:
            self.abort_group()
            raise
        self.end_group()
