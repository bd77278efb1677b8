"""Run a long computation (rotating MIP, iso-surface ...) off the GUI thread.

The function gets ``progress`` and ``cancel`` like every long function of the project;
its result, failure or progress come back to the GUI thread through queued signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workstation.model import OperationCancelled

log = logging.getLogger(__name__)


class JobSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)  #: the function's result
    failed = Signal(str)  #: why, in words (not emitted when cancelled)


class BackgroundJob(QRunnable):
    """``function(progress=..., cancel=...)`` in the global thread pool.

    Keep a reference to the job while it runs; :meth:`stop` sets its cancel event (the
    function raises :class:`OperationCancelled`, which is not reported as a failure).

    The job lets go of ``function`` once it has run: the pool holds a started runnable for
    good (PySide hands it to Qt), and the function's closure holds what it worked on (a
    volume), which stayed in memory after its view had closed.
    """

    def __init__(self, function: Callable[..., Any], what: str) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.function: Callable[..., Any] | None = function
        self.what = what
        self.signals = JobSignals()
        self.cancel = threading.Event()
        self.done = threading.Event()

    def start(self, pool: QThreadPool | None = None) -> BackgroundJob:
        (pool or QThreadPool.globalInstance()).start(self)
        return self

    def stop(self, wait_s: float = 2.0) -> None:
        """Cancel, and wait up to ``wait_s`` for the function to notice (between two steps)."""
        self.cancel.set()
        self.done.wait(wait_s)

    def run(self) -> None:
        function, self.function = self.function, None
        try:
            assert function is not None, "a job runs once"
            result = function(progress=self._progress, cancel=self.cancel)
        except OperationCancelled:
            pass
        except Exception as exc:  # the boundary of a user action: report, keep the viewer alive
            log.exception("%s failed", self.what)
            self._emit(self.signals.failed, f"{self.what} failed: {exc}")
        else:
            if not self.cancel.is_set():
                self._emit(self.signals.finished, result)
        finally:
            self.done.set()

    def _progress(self, done: int, total: int, text: str) -> None:
        self._emit(self.signals.progress, done, total, text)

    def _emit(self, signal, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the application is shutting down: nobody is listening any more
            self.cancel.set()
