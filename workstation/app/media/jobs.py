"""Media work off the GUI thread: export, burn and DICOM print as cancellable jobs.

Each job wraps one Qt-free logic call that takes ``progress``/``cancel`` and reports back
through queued signals: ``progress(done, total, text)``, then exactly one of
``finished(result)``, ``failed(message)`` or ``cancelled()``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workstation.model import OperationCancelled

log = logging.getLogger(__name__)

Work = Callable[[Callable[[int, int, str], None], threading.Event], Any]


class JobSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class MediaJob(QRunnable):
    """Runs ``work(progress, cancel)`` in the thread pool; ``what`` names it in messages."""

    def __init__(self, what: str, work: Work) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the controller keeps it until it has reported
        self.what = what
        self.work = work
        self.signals = JobSignals()
        self.cancel = threading.Event()

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(self)

    def run(self) -> None:
        try:
            result = self.work(lambda d, t, text="": self.signals.progress.emit(int(d), int(t), str(text)),
                               self.cancel)
        except OperationCancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # one boundary per user action: report, keep the program running
            log.exception("%s failed", self.what)
            self.signals.failed.emit(f"{self.what} failed: {exc}")
        else:
            self.signals.finished.emit(result)
