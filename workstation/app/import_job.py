"""Importing files into the local store in a worker thread, with progress and cancel."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workstation.model import OperationCancelled

log = logging.getLogger(__name__)


class ImportSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)  #: ImportReport
    failed = Signal(str)


class ImportJob(QRunnable):
    def __init__(self, store, paths: list[str]) -> None:
        super().__init__()
        self.store, self.paths = store, paths
        self.signals = ImportSignals()
        self.cancel = threading.Event()

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(self)

    def run(self) -> None:
        try:
            report = self.store.import_paths(self.paths, progress=lambda d, t, _p: self.signals.progress.emit(d, t),
                                             cancel=self.cancel)
        except OperationCancelled:
            self.signals.failed.emit("import cancelled; files imported so far are kept")
        except Exception as exc:  # report at the user-action boundary
            log.exception("import failed")
            self.signals.failed.emit(f"import failed: {exc}")
        else:
            self.signals.finished.emit(report)
