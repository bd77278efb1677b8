"""Opening a study off the GUI thread: plan every series from headers, then decode;
re-plan it while it is still arriving.

Planning (headers only) is quick and lets the window hang the study at once; decoding
then runs series by series, visible series first, each starting at the slice a
viewport shows, so the first image appears long before the last is decoded.

A study retrieved from a PACS opens at its first instance and grows while the rest
arrives: :meth:`StudyLoading.grow` re-plans the series whose files changed (a new
:class:`~workstation.model.Volume` each, because slices arriving in any order change the
stack's sort, spacing and geometry), copies the pixels already decoded into it, and the
next :meth:`StudyLoading.decode` decodes only what is still missing. Headers are read
once per file across all re-plans.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workstation.dicomio import ScannedFile, SeriesLoader, Skipped
from workstation.model import OperationCancelled, Volume

log = logging.getLogger(__name__)

#: Series paths by (study uid, series uid), in the store's order.
SeriesPaths = dict[tuple[str, str], list[str]]
#: Reads the :data:`SeriesPaths` of a study from the store, in the plan's worker thread.
SeriesSource = Callable[[], SeriesPaths]


@dataclass
class PlannedSeries:
    series_instance_uid: str
    study_instance_uid: str
    loader: SeriesLoader
    paths: frozenset[str] = field(default_factory=frozenset)  #: the files it was planned from

    def keys(self) -> list[tuple[str, Volume]]:
        """``("<series uid>#<stack index>", volume)`` for each stack of the series."""
        return [(f"{self.series_instance_uid}#{i}", v) for i, v in enumerate(self.loader.volumes)]


@dataclass
class Growth:
    """The result of a re-plan: the whole plan now, and which series in it are new objects.

    ``changed`` holds series that were re-planned (their files changed: new volumes with
    the slices decoded so far already in them) and series seen for the first time;
    every other entry of ``planned`` is the very object that was planned before.
    """

    planned: list[PlannedSeries]
    changed: list[PlannedSeries]
    skipped: list[Skipped]


class LoadSignals(QObject):
    planned = Signal(object, object)  #: (list[PlannedSeries], list[Skipped])
    grown = Signal(object)  #: Growth
    slice_loaded = Signal(object, int)  #: (Volume, slice index), from decoding threads
    progress = Signal(int, int)  #: frames decoded, frames total (for the status bar)
    failed = Signal(str)
    finished = Signal()


def _plan_series(study_uid: str, series_uid: str, paths: Sequence[str],
                 headers: dict[str, ScannedFile]) -> PlannedSeries:
    """Plan one series, reading only the headers not read before."""
    return PlannedSeries(series_uid, study_uid, SeriesLoader.from_paths(paths, headers), frozenset(paths))


def replan(previous: Sequence[PlannedSeries], series_paths: SeriesPaths, headers: dict[str, ScannedFile],
           cancel: threading.Event) -> Growth | None:
    """The study as ``series_paths`` has it now, given what was planned before (nothing,
    for a first plan): unchanged series stay the same objects, changed ones are planned
    again with their decoded slices carried over; None when cancelled."""
    before = {p.series_instance_uid: p for p in previous}
    planned: list[PlannedSeries] = []
    changed: list[PlannedSeries] = []
    skipped: list[Skipped] = []
    for (study_uid, series_uid), paths in series_paths.items():
        if cancel.is_set():
            return None
        old = before.pop(series_uid, None)
        if old is not None and old.paths == frozenset(paths):
            planned.append(old)
            continue
        series = _plan_series(study_uid, series_uid, paths, headers)
        skipped.extend(series.loader.skipped)
        if not series.loader.volumes:  # nothing displayable (yet): keep what is shown
            planned.extend([old] if old is not None else [])
            continue
        if old is not None:
            carry_decoded(old, series)
        planned.append(series)
        changed.append(series)
    planned.extend(before.values())  # gone from the store's list: the view keeps them
    return Growth(planned, changed, skipped)


def _same_representation(a: Volume, b: Volume) -> bool:
    """Slices of ``a`` can be copied into ``b`` as they are: same stored type, slice
    shape and Modality LUT (PS3.3 C.11.1), so the copied values mean the same."""
    return (a.pixels.dtype == b.pixels.dtype and a.pixels.shape[1:] == b.pixels.shape[1:]
            and a.rescale_slope == b.rescale_slope and a.rescale_intercept == b.rescale_intercept)


def _frame_key(volume: Volume, k: int) -> tuple[str, int]:
    frame = volume.frames[k]
    return frame.sop_instance_uid, frame.frame_number


def carry_decoded(old: PlannedSeries, new: PlannedSeries) -> int:
    """Copy every slice ``old`` has decoded into the re-planned ``new``, found by SOP
    Instance UID and frame number (slice indices change as slices arrive); returns the
    number copied. Slices stored differently in the new plan are left to decode again."""
    decoded = {_frame_key(v, int(k)): (v, int(k)) for v in old.loader.volumes for k in np.flatnonzero(v.loaded)}
    copied = 0
    for volume in new.loader.volumes:
        for k in range(volume.shape[0]):
            found = decoded.get(_frame_key(volume, k))
            if found is not None and _same_representation(found[0], volume):
                volume.pixels[k] = found[0].pixels[found[1]]
                volume.mark_loaded(k)
                copied += 1
    return copied


def _to_decode(planned: PlannedSeries) -> int:
    return sum(int((~v.loaded).sum()) - len(v.failed) for v in planned.loader.volumes)


def _decode_missing(planned: PlannedSeries, first: tuple[int, int] | None, *,
                    progress: Callable[[int, int, str], None], cancel: threading.Event) -> None:
    """Decode the slices of ``planned`` that are neither decoded nor failed.

    A series with nothing decoded yet decodes in place. Otherwise the files of the
    missing slices are planned on their own, decoded, and each slice is copied into its
    place as it arrives; if that partial plan stores values differently (a Modality LUT
    that differs per slice only across the whole series), the series is decoded whole.
    """
    volumes = planned.loader.volumes
    if not any(v.loaded.any() for v in volumes):
        planned.loader.decode(first=first, workers=2, progress=progress, cancel=cancel)
        return
    targets = {_frame_key(v, k): (v, k) for v in volumes for k in range(v.shape[0])
               if not v.loaded[k] and k not in v.failed}
    if not targets:
        return
    files = {f.layout.path: ScannedFile(f.layout.path, f.dataset) for plan in planned.loader.plans
             for f in plan.frames if (f.sop_instance_uid, f.index + 1) in targets}
    part = SeriesLoader(list(files.values()))
    pairs = [(pv, k, targets[_frame_key(pv, k)]) for pv in part.volumes for k in range(pv.shape[0])
             if _frame_key(pv, k) in targets]
    if not all(_same_representation(pv, target[0]) for pv, _k, target in pairs):
        planned.loader.decode(first=first, workers=2, progress=progress, cancel=cancel)
        return
    place = {(id(pv), k): target for pv, k, target in pairs}
    part_first = None
    if first is not None:
        wanted = _frame_key(volumes[first[0]], first[1]) if 0 <= first[0] < len(volumes) else None
        part_first = next(((i, k) for i, pv in enumerate(part.volumes) for k in range(pv.shape[0])
                           if _frame_key(pv, k) == wanted), None)

    def deliver(pv: Volume, k: int) -> None:
        target = place.get((id(pv), k))
        if target is None:  # a gap of the partial plan, not a slice of the series
            return
        volume, kd = target
        if k in pv.failed:
            volume.mark_failed(kd, pv.failed[k])
        else:
            volume.pixels[kd] = pv.pixels[k]
            volume.mark_loaded(kd)

    for pv in part.volumes:
        pv.slice_loaded.connect(lambda k, pv=pv: deliver(pv, k))
    part.decode(first=part_first, workers=2, progress=progress, cancel=cancel)


class _PlanTask(QRunnable):
    """:func:`replan` in the pool: a first plan emits ``planned``, a re-plan ``grown``."""

    def __init__(self, previous: list[PlannedSeries] | None, source: SeriesSource,
                 headers: dict[str, ScannedFile], signals: LoadSignals, cancel: threading.Event) -> None:
        super().__init__()
        self.previous, self.source, self.headers = previous, source, headers
        self.signals, self.cancel = signals, cancel

    def run(self) -> None:
        try:
            growth = replan(self.previous or [], self.source(), self.headers, self.cancel)
        except Exception as exc:  # one boundary per user action: report, do not crash
            log.exception("planning the study failed")
            self.signals.failed.emit(str(exc))
            if self.previous is not None:  # the study stays as it was shown
                self.signals.grown.emit(Growth(list(self.previous), [], []))
            return
        if growth is None:
            return
        if self.previous is None:
            self.signals.planned.emit(growth.planned, growth.skipped)
        else:
            self.signals.grown.emit(growth)


class _DecodeTask(QRunnable):
    def __init__(self, series: list[PlannedSeries], first: dict[int, tuple[int, int]], signals: LoadSignals,
                 cancel: threading.Event) -> None:
        super().__init__()
        self.series, self.first, self.signals, self.cancel = series, first, signals, cancel

    def run(self) -> None:
        total = sum(_to_decode(p) for p in self.series)
        done = 0
        forwards: list[tuple[Volume, Callable[[int], None]]] = []
        try:
            for planned in self.series:
                for volume in planned.loader.volumes:
                    forward = (lambda k, v=volume: self.signals.slice_loaded.emit(v, k))
                    volume.slice_loaded.connect(forward)
                    forwards.append((volume, forward))
                base, count = done, _to_decode(planned)

                def progress(n: int, _total: int, _detail: str, base: int = base) -> None:
                    self.signals.progress.emit(base + n, total)

                _decode_missing(planned, self.first.get(id(planned)), progress=progress, cancel=self.cancel)
                done += count
        except OperationCancelled:
            pass
        except Exception as exc:  # report and keep what decoded
            log.exception("decoding failed")
            self.signals.failed.emit(str(exc))
        finally:
            for volume, forward in forwards:  # a later run of the same volumes connects its own
                volume.slice_loaded.disconnect(forward)
            self.signals.finished.emit()


class StudyLoading:
    """One study being opened: plan, then decode in priority order; re-plan as it grows.

    ``planned`` is the plan last handed to :meth:`decode` (what the view shows); a
    :meth:`grow` runs one at a time and its result replaces ``planned`` when it arrives.
    """

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self.pool = pool or QThreadPool.globalInstance()
        self.signals = LoadSignals()
        self.cancel = threading.Event()
        self.planned: list[PlannedSeries] | None = None
        self.growing = False
        self._headers: dict[str, ScannedFile] = {}  #: path -> header, shared by the (sequential) plans
        self._run: threading.Event | None = None  #: cancels the decode run in progress
        self.signals.grown.connect(self._on_grown)  # before any receiver the window connects

    def plan(self, source: SeriesSource) -> None:
        """Read headers of the ``{(study uid, series uid): [paths]}`` that ``source``
        returns (called in the worker: the store's index is not read on the GUI thread);
        emits ``planned``."""
        self.pool.start(_PlanTask(None, source, self._headers, self.signals, self.cancel))

    def decode(self, series: list[PlannedSeries], first: dict[int, tuple[int, int]] | None = None) -> None:
        """Decode what ``series`` still lacks, in the given order (replacing any decode
        still running); ``first[id(planned)]`` is the (stack, slice) to show first."""
        self.planned = list(series)
        if self._run is not None:
            self._run.set()
        self._run = threading.Event()
        if self.cancel.is_set():
            return
        self.pool.start(_DecodeTask(self.planned, first or {}, self.signals, self._run))

    def grow(self, source: SeriesSource) -> bool:
        """Re-plan from what ``source`` returns (the study as the store has it now); emits
        ``grown``. False (nothing started) before the first plan is decoding or while
        another re-plan runs."""
        if self.planned is None or self.growing or self.cancel.is_set():
            return False
        self.growing = True
        self.pool.start(_PlanTask(list(self.planned), source, self._headers, self.signals, self.cancel))
        return True

    def _on_grown(self, growth: Growth) -> None:
        self.growing = False
        self.planned = list(growth.planned)

    def stop(self) -> None:
        """Cancel planning and decoding and let go of every receiver.

        Why the receivers: the window connects closures that hold this object, and a
        connection is held inside Qt where Python's garbage collector cannot see the
        cycle; left connected, every study ever closed kept its pixels (~30 MB a CT)
        for the rest of the day.
        """
        self.cancel.set()
        if self._run is not None:
            self._run.set()
        for signal in (self.signals.planned, self.signals.grown, self.signals.slice_loaded, self.signals.progress,
                       self.signals.failed, self.signals.finished):
            try:
                signal.disconnect()
            except (RuntimeError, TypeError):  # nothing connected to it
                pass
