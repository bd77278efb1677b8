"""Importing files into the local store in a worker thread, with progress and cancel."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from workstation.model import OperationCancelled

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    """Translate ``text`` in the "ImportJob" context."""
    return QCoreApplication.translate("ImportJob", text)


def import_summary(report) -> str:
    """An ImportReport as one status-bar line in the UI language (``report.summary()`` is the
    English one for the CLI and the log)."""
    line = tr("Imported %1 instance(s)").replace("%1", str(report.instances))
    if report.instances:
        line += " " + tr("(%1 series in %2 study/studies)").replace("%1", str(report.series)).replace(
            "%2", str(report.studies))
    parts = [line]
    if report.duplicates:
        parts.append(tr("%1 already in the store").replace("%1", str(report.duplicates)))
    if report.skipped:
        parts.append(tr("%1 file(s) skipped").replace("%1", str(len(report.skipped))))
    if report.warnings:
        parts.append(tr("%1 stored but not displayable here").replace("%1", str(len(report.warnings))))
    if report.storage_full:
        parts.append(tr("THE DISK IS FULL"))
    return ", ".join(parts) + " " + tr("in %1 s").replace("%1", f"{report.elapsed_s:.1f}")


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
            self.signals.failed.emit(tr("import cancelled; files imported so far are kept"))
        except Exception as exc:  # report at the user-action boundary
            log.exception("import failed")
            self.signals.failed.emit(tr("import failed: %1").replace("%1", str(exc)))
        else:
            self.signals.finished.emit(report)
