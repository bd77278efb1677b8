"""Bridges from worker threads to the GUI thread: one-shot calls and job events.

Network calls and job events run on worker threads (QThreadPool, the JobQueue's threads,
pynetdicom's association threads). Widgets may only be touched on the GUI thread, so
every result crosses over as a Qt signal emitted from the worker: the receiver lives in
the GUI thread, so Qt queues the call (AutoConnection across threads).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workstation.net import Job, JobQueue, RetrieveJob, StorageSCP

log = logging.getLogger(__name__)


class CallSignals(QObject):
    finished = Signal(object)  #: the function's return value
    failed = Signal(str)  #: the exception's message


class _Call(QRunnable):
    def __init__(self, function: Callable[[], Any], signals: CallSignals) -> None:
        super().__init__()
        self.function, self.signals = function, signals

    def run(self) -> None:
        try:
            result = self.function()
        except Exception as exc:  # noqa: BLE001 - one boundary per user action: the panel shows the message
            log.warning("background call failed: %s", exc)
            self._emit("failed", str(exc) or type(exc).__name__)
        else:
            self._emit("finished", result)

    def _emit(self, name: str, value: object) -> None:
        try:
            getattr(self.signals, name).emit(value)
        except RuntimeError:  # the panel (and its signal object) closed while we worked: drop the answer
            log.debug("result of a background call dropped: its receiver is gone")


def run_in_worker(function: Callable[[], Any], on_finished: Callable[[Any], None],
                  on_failed: Callable[[str], None], parent: QObject,
                  pool: QThreadPool | None = None) -> CallSignals:
    """Run ``function()`` on the thread pool; its result or error comes back on the GUI thread.

    ``parent`` owns the signal object, so a closed panel drops late results instead of
    calling into deleted widgets.
    """
    signals = CallSignals(parent)
    signals.finished.connect(on_finished)
    signals.failed.connect(on_failed)
    signals.finished.connect(signals.deleteLater)
    signals.failed.connect(signals.deleteLater)
    (pool or QThreadPool.globalInstance()).start(_Call(function, signals))
    return signals


class JobBridge(QObject):
    """The JobQueue's and the SCP's events as queued Qt signals.

    Signals
    -------
    job_added(Job), job_changed(Job)
        Any job, any change (state or progress).
    first_instance(RetrieveJob)
        A retrieve stored its first instance: the study can open.
    study_received(ReceivedStudy), instance_received(Arrival)
        From the storage SCP.
    forwarded(ForwardResult)
        A forward rule sent a batch.
    """

    job_added = Signal(object)
    job_changed = Signal(object)
    first_instance = Signal(object)
    study_received = Signal(object)
    instance_received = Signal(object)
    forwarded = Signal(object)

    def attach_queue(self, jobs: JobQueue) -> None:
        jobs.job_added.connect(self._on_job_added)
        jobs.job_changed.connect(self._on_job_changed)

    def attach_scp(self, scp: StorageSCP) -> None:
        scp.study_received.connect(self._on_study_received)
        scp.instance_received.connect(self._on_instance_received)

    def detach_scp(self, scp: StorageSCP) -> None:
        scp.study_received.disconnect(self._on_study_received)
        scp.instance_received.disconnect(self._on_instance_received)

    # Plain methods (not the signals' emit) so ``Event.disconnect`` finds them again.
    def _on_job_changed(self, job: Job) -> None:
        self.job_changed.emit(job)

    def _on_study_received(self, study: object) -> None:
        self.study_received.emit(study)

    def _on_instance_received(self, arrival: object) -> None:
        self.instance_received.emit(arrival)

    def on_forwarded(self, result: object) -> None:
        self.forwarded.emit(result)

    def _on_job_added(self, job: Job) -> None:
        if isinstance(job, RetrieveJob):
            job.first_instance.connect(lambda _arrival, job=job: self.first_instance.emit(job))
        self.job_added.emit(job)
