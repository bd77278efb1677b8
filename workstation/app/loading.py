"""Opening a study off the GUI thread: plan every series from headers, then decode.

Planning (headers only) is quick and lets the window hang the study at once; decoding
then runs series by series, visible series first, each starting at the slice a
viewport shows, so the first image appears long before the last is decoded.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workstation.dicomio import SeriesLoader, Skipped
from workstation.model import OperationCancelled, Volume

log = logging.getLogger(__name__)


@dataclass
class PlannedSeries:
    series_instance_uid: str
    study_instance_uid: str
    loader: SeriesLoader

    def keys(self) -> list[tuple[str, Volume]]:
        """``("<series uid>#<stack index>", volume)`` for each stack of the series."""
        return [(f"{self.series_instance_uid}#{i}", v) for i, v in enumerate(self.loader.volumes)]


class LoadSignals(QObject):
    planned = Signal(object, object)  #: (list[PlannedSeries], list[Skipped])
    slice_loaded = Signal(object, int)  #: (Volume, slice index), from decoding threads
    progress = Signal(int, int)  #: frames decoded, frames total (for the status bar)
    failed = Signal(str)
    finished = Signal()


class _PlanTask(QRunnable):
    def __init__(self, series_paths: dict[tuple[str, str], list[str]], signals: LoadSignals,
                 cancel: threading.Event) -> None:
        super().__init__()
        self.series_paths, self.signals, self.cancel = series_paths, signals, cancel

    def run(self) -> None:
        planned: list[PlannedSeries] = []
        skipped: list[Skipped] = []
        try:
            for (study_uid, series_uid), paths in self.series_paths.items():
                if self.cancel.is_set():
                    return
                loader = SeriesLoader.from_paths(paths)
                skipped.extend(loader.skipped)
                if loader.volumes:
                    planned.append(PlannedSeries(series_uid, study_uid, loader))
            self.signals.planned.emit(planned, skipped)
        except Exception as exc:  # one boundary per user action: report, do not crash
            log.exception("opening study failed")
            self.signals.failed.emit(str(exc))


class _DecodeTask(QRunnable):
    def __init__(self, series: list[PlannedSeries], first: dict[int, tuple[int, int]], signals: LoadSignals,
                 cancel: threading.Event) -> None:
        super().__init__()
        self.series, self.first, self.signals, self.cancel = series, first, signals, cancel

    def run(self) -> None:
        total = sum(p.loader.frame_count for p in self.series)
        done = 0
        try:
            for planned in self.series:
                for volume in planned.loader.volumes:
                    volume.slice_loaded.connect(lambda k, v=volume: self.signals.slice_loaded.emit(v, k))
                base = done

                def progress(n: int, _total: int, _detail: str, base: int = base) -> None:
                    self.signals.progress.emit(base + n, total)

                planned.loader.decode(first=self.first.get(id(planned)), workers=2, progress=progress,
                                      cancel=self.cancel)
                done += planned.loader.frame_count
        except OperationCancelled:
            pass
        except Exception as exc:  # report and keep what decoded
            log.exception("decoding failed")
            self.signals.failed.emit(str(exc))
        finally:
            self.signals.finished.emit()


class StudyLoading:
    """One study being opened: plan, then decode in priority order; cancellable."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self.pool = pool or QThreadPool.globalInstance()
        self.signals = LoadSignals()
        self.cancel = threading.Event()

    def plan(self, series_paths: dict[tuple[str, str], list[str]]) -> None:
        """Read headers of ``{(study uid, series uid): [paths]}``; emits ``planned``."""
        self.pool.start(_PlanTask(series_paths, self.signals, self.cancel))

    def decode(self, series: list[PlannedSeries], first: dict[int, tuple[int, int]] | None = None) -> None:
        """Decode ``series`` in the given order; ``first[id(planned)]`` is the (stack, slice) to show first."""
        self.pool.start(_DecodeTask(series, first or {}, self.signals, self.cancel))

    def stop(self) -> None:
        self.cancel.set()
