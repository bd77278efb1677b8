"""Network jobs with state, progress, cancel and retry, run by a small thread pool. No Qt.

A :class:`JobQueue` runs :class:`RetrieveJob`, :class:`SendJob` and :class:`PrefetchJob`
on worker threads; user jobs go before prefetches. Every change is announced through
:class:`~workstation.model.events.Event` on the worker thread: the Qt job panel turns
them into queued signals, the CLI prints them. A retrieve announces each stored instance
(``instance_arrived``) and the first one separately (``first_instance``) so a viewer can
open the study while the rest arrives. A failed retrieve's :meth:`JobQueue.retry` asks
the node what the study holds and fetches only what the store lacks.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from workstation.model.errors import OperationCancelled, WorkstationError
from workstation.model.events import Event
from workstation.model.records import StudyRecord
from workstation.net._association import DEFAULT_TIMEOUTS, Timeouts
from workstation.net.ingest import Arrival
from workstation.net.nodes import LocalAE, RemoteNode
from workstation.net.query import StudyQuery, find_instances, find_series, find_studies
from workstation.net.retrieve import RetrieveReport, RetrieveTarget, retrieve
from workstation.net.scp import StorageSCP
from workstation.net.send import SendReport, send

log = logging.getLogger(__name__)

#: Instance UIDs per C-GET/C-MOVE identifier when a retry asks for single instances.
UIDS_PER_REQUEST = 200
USER_PRIORITY, PREFETCH_PRIORITY = 0, 10


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED)


@dataclass(frozen=True)
class JobProgress:
    """What a job panel shows: instances done/total, bytes moved and the rate."""

    done: int = 0
    total: int = 0
    nbytes: int = 0
    megabytes_per_s: float = 0.0
    message: str = ""


@dataclass
class NetContext:
    """What jobs need from the application: our AE, the store, our SCP (for C-MOVE)."""

    local: LocalAE
    store: object
    scp: StorageSCP | None = None
    timeouts: Timeouts = DEFAULT_TIMEOUTS


class Job:
    """Base of every job: state machine, progress, cancel event, ``changed`` event."""

    _ids = itertools.count(1)

    def __init__(self, title: str, priority: int = USER_PRIORITY) -> None:
        self.id = next(Job._ids)
        self.title = title
        self.priority = priority
        self.state = JobState.QUEUED
        self.error = ""
        self.progress = JobProgress()
        self.cancel_event = threading.Event()
        self.changed = Event()  #: emits the job after any state or progress change
        self.finished = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop; a running retrieve aborts its association."""
        self.cancel_event.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self.finished.wait(timeout)

    def _set(self, state: JobState, error: str = "") -> None:
        self.state = state
        self.error = error
        self.changed.emit(self)
        if state.finished:
            self.finished.set()

    def _progress(self, progress: JobProgress) -> None:
        self.progress = progress
        self.changed.emit(self)

    def execute(self, context: NetContext, jobs: JobQueue) -> None:
        """Run to completion on the calling (worker) thread, never raising."""
        if self.cancel_event.is_set():
            self._set(JobState.CANCELLED, "cancelled before it started")
            return
        self._set(JobState.RUNNING)
        try:
            self.run(context, jobs)
        except OperationCancelled as exc:
            self._set(JobState.CANCELLED, str(exc))
        except WorkstationError as exc:
            log.warning("job %d (%s) failed: %s", self.id, self.title, exc)
            self._set(JobState.FAILED, str(exc))
        except Exception as exc:  # a bug must still end the job visibly
            log.exception("job %d (%s) crashed", self.id, self.title)
            self._set(JobState.FAILED, f"internal error: {exc}")
        else:
            self._set(JobState.DONE)

    def run(self, context: NetContext, jobs: JobQueue) -> None:
        raise NotImplementedError


class RetrieveJob(Job):
    """Retrieve a study (or the given targets) from a node into the store.

    Events
    ------
    instance_arrived(Arrival)
        Each instance once the store has it (network/ingest thread).
    first_instance(Arrival)
        The first stored instance, once: the moment a viewer can open the study.
    """

    def __init__(self, node: RemoteNode, study_uid: str, *, targets: Sequence[RetrieveTarget] = (),
                 expected: int = 0, title: str = "", priority: int = USER_PRIORITY) -> None:
        super().__init__(title or f"Retrieve {study_uid} from {node.name}", priority)
        self.node = node
        self.study_uid = study_uid
        self.targets = tuple(targets) or (RetrieveTarget(study_uid),)
        self.expected = expected
        self.report: RetrieveReport | None = None
        self.instance_arrived = Event()
        self.first_instance = Event()
        self._first_sent = False
        self._started = 0.0
        self._nbytes = 0

    def _on_arrival(self, arrival: Arrival) -> None:
        self._nbytes += arrival.nbytes
        if arrival.status in ("STORED", "DUPLICATE") and not self._first_sent:
            self._first_sent = True
            self.first_instance.emit(arrival)
        self.instance_arrived.emit(arrival)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        rate = self._nbytes / 1e6 / max(time.perf_counter() - self._started, 1e-9)
        self._progress(JobProgress(done, max(total, self.expected), self._nbytes, rate, message))

    def run(self, context: NetContext, jobs: JobQueue) -> None:
        self._started = time.perf_counter()
        self.report = retrieve(self.node, context.local, context.store, self.targets, scp=context.scp,
                               expected=self.expected, timeouts=context.timeouts, on_arrival=self._on_arrival,
                               progress=self._on_progress, cancel=self.cancel_event)
        stats = self.report.stats
        self._progress(JobProgress(stats.received, max(self.report.expected, stats.received), stats.nbytes,
                                   stats.megabytes_per_s, f"{stats.stored} stored, {stats.duplicates} already here"))
        if stats.failed or self.report.peer_failed:
            reasons = "; ".join(f"{uid}: {why}" for uid, why in stats.failures[:3])
            raise WorkstationError(f"{stats.failed + self.report.peer_failed} instance(s) failed"
                                   f"{' (' + reasons + ')' if reasons else ''}; retry fetches what is missing")
        if self.study_uid and all(t.study_instance_uid == self.study_uid and not t.series_instance_uid
                                  for t in self.targets):
            context.store.mark_confirmed(self.study_uid, self.node.name)  # type: ignore[attr-defined]


def missing_targets(node: RemoteNode, context: NetContext, study_uid: str,
                    cancel: threading.Event | None = None) -> tuple[list[RetrieveTarget], int]:
    """What the store lacks of a study on ``node``: whole series where nothing is here,
    instance lists otherwise; and how many instances that is."""
    has = context.store.has_instance  # type: ignore[attr-defined]
    targets: list[RetrieveTarget] = []
    count = 0
    for series in find_series(node, context.local, study_uid, timeouts=context.timeouts, cancel=cancel):
        uid = series.series_instance_uid
        instances = find_instances(node, context.local, study_uid, uid, timeouts=context.timeouts, cancel=cancel)
        missing = [i.sop_instance_uid for i in instances if not has(i.sop_instance_uid)]
        count += len(missing)
        if missing and len(missing) == len(instances):
            targets.append(RetrieveTarget(study_uid, uid))
        for first in range(0, len(missing) if len(missing) < len(instances) else 0, UIDS_PER_REQUEST):
            targets.append(RetrieveTarget(study_uid, uid, tuple(missing[first:first + UIDS_PER_REQUEST])))
    return targets, count


class RetryJob(RetrieveJob):
    """A retrieve that first asks the node what is missing locally, then fetches only that."""

    def run(self, context: NetContext, jobs: JobQueue) -> None:
        targets, count = missing_targets(self.node, context, self.study_uid, self.cancel_event)
        if not targets:
            self._progress(JobProgress(0, 0, 0, 0.0, "nothing missing"))
            context.store.mark_confirmed(self.study_uid, self.node.name)  # type: ignore[attr-defined]
            return
        self.targets, self.expected = tuple(targets), count
        super().run(context, jobs)
        context.store.mark_confirmed(self.study_uid, self.node.name)  # type: ignore[attr-defined]


class SendJob(Job):
    """Send files to a node; when they make up whole studies, confirm those studies there."""

    def __init__(self, node: RemoteNode, paths: Sequence[str], *, confirm_study_uids: Sequence[str] = (),
                 transfer_syntax: str = "", title: str = "", listed_at: float | None = None) -> None:
        super().__init__(title or f"Send {len(paths)} instance(s) to {node.name}")
        self.node = node
        self.paths = tuple(paths)
        self.confirm_study_uids = tuple(confirm_study_uids)
        self.transfer_syntax = transfer_syntax
        self.report: SendReport | None = None
        #: when ``paths`` were listed: instances stored later are not covered by the confirmation
        self.listed_at = time.time() if listed_at is None else listed_at

    @classmethod
    def for_study(cls, store: object, node: RemoteNode, study_uid: str, *, transfer_syntax: str = "") -> SendJob:
        """Every stored instance of a study; success confirms the study on the node."""
        listed_at = time.time()
        paths = [i.path for i in store.study_instances(study_uid)]  # type: ignore[attr-defined]
        return cls(node, paths, confirm_study_uids=[study_uid], transfer_syntax=transfer_syntax,
                   title=f"Send study {study_uid} to {node.name}", listed_at=listed_at)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self._progress(JobProgress(done, total, 0, 0.0, message))

    def run(self, context: NetContext, jobs: JobQueue) -> None:
        report = self.report = SendReport(self.node.name)
        send(self.node, context.local, self.paths, transfer_syntax=self.transfer_syntax, timeouts=context.timeouts,
             progress=self._on_progress, cancel=self.cancel_event, report=report)
        self._progress(JobProgress(len(report.results), len(self.paths), report.nbytes,
                                   report.nbytes / 1e6 / max(report.elapsed_s, 1e-9),
                                   f"{len(report.results) - len(report.failed)} sent"))
        if report.failed:
            first = report.failed[0]
            raise WorkstationError(f"{len(report.failed)} of {len(report.results)} instance(s) not stored by "
                                   f"{self.node.name} (first: {first.sop_instance_uid}: {first.meaning})")
        for uid in self.confirm_study_uids:
            context.store.mark_confirmed(uid, self.node.name, as_of=self.listed_at)  # type: ignore[attr-defined]


class PrefetchJob(Job):
    """Find a patient's prior studies on a node and queue retrieves of the ``count`` newest."""

    def __init__(self, node: RemoteNode, study: StudyRecord, count: int = 3) -> None:
        super().__init__(f"Prefetch priors of {study.patient.display_name or study.patient.patient_id}",
                         PREFETCH_PRIORITY)
        self.node, self.study, self.count = node, study, count
        self.queued: list[RetrieveJob] = []

    def run(self, context: NetContext, jobs: JobQueue) -> None:
        if not self.study.patient.patient_id:
            raise WorkstationError("cannot look for priors: the study has no Patient ID")
        found = find_studies(self.node, context.local, StudyQuery(patient_id=self.study.patient.patient_id, limit=0),
                             timeouts=context.timeouts, cancel=self.cancel_event)
        priors = [s for s in found if s.study_instance_uid != self.study.study_instance_uid
                  and (self.study.study_date is None or s.study_date is None or s.study_date <= self.study.study_date)]
        priors.sort(key=lambda s: (s.study_date is not None, s.study_date, s.study_time), reverse=True)
        store = context.store
        for prior in priors[:self.count]:
            local = store.study(prior.study_instance_uid)  # type: ignore[attr-defined]
            if local is not None and prior.instance_count and local.instance_count >= prior.instance_count:
                continue
            job = RetrieveJob(self.node, prior.study_instance_uid, expected=prior.instance_count,
                              title=f"Prefetch prior {prior.study_date or ''} {prior.description}".strip(),
                              priority=PREFETCH_PRIORITY)
            jobs.submit(job)
            self.queued.append(job)
        self._progress(JobProgress(len(self.queued), len(self.queued), 0, 0.0,
                                   f"{len(self.queued)} prior(s) queued of {len(priors)} found"))


class JobQueue:
    """Runs jobs on ``workers`` threads, user jobs before prefetches, in submission order.

    Events
    ------
    job_added(Job), job_changed(Job)
        From the submitting thread and from worker threads.
    """

    def __init__(self, context: NetContext, *, workers: int = 2) -> None:
        self.context = context
        self.job_added = Event()
        self.job_changed = Event()
        self._queue: queue.PriorityQueue[tuple[int, int, Job | None]] = queue.PriorityQueue()
        self._order = itertools.count()
        self._jobs: list[Job] = []
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._work, name=f"net-job-{i}", daemon=True) for i in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, job: Job) -> Job:
        with self._lock:
            self._jobs.append(job)
        job.changed.connect(self.job_changed.emit)
        self.job_added.emit(job)
        self._queue.put((job.priority, next(self._order), job))
        return job

    def jobs(self) -> list[Job]:
        with self._lock:
            return list(self._jobs)

    def retrieve(self, node: RemoteNode, study_uid: str, *, expected: int = 0) -> RetrieveJob:
        return self.submit(RetrieveJob(node, study_uid, expected=expected))  # type: ignore[return-value]

    def retry(self, job: Job) -> Job:
        """A new job doing what ``job`` left undone (only missing instances for retrieves)."""
        if not job.state.finished or job.state is JobState.DONE:
            raise ValueError(f"job {job.id} is {job.state.value}: only failed or cancelled jobs are retried")
        if isinstance(job, RetrieveJob):
            return self.submit(RetryJob(job.node, job.study_uid, title=f"Retry: {job.title}"))
        if isinstance(job, SendJob):
            sent = {r.path for r in job.report.results if r.ok} if job.report else set()
            paths = [p for p in job.paths if p not in sent]
            return self.submit(SendJob(job.node, paths, confirm_study_uids=job.confirm_study_uids,
                                       transfer_syntax=job.transfer_syntax, title=f"Retry: {job.title}",
                                       listed_at=job.listed_at))
        raise TypeError(f"job {job.id} ({type(job).__name__}) cannot be retried")

    def prefetch_priors(self, node: RemoteNode, study: StudyRecord, count: int = 3) -> PrefetchJob:
        return self.submit(PrefetchJob(node, study, count))  # type: ignore[return-value]

    def shutdown(self, *, cancel_running: bool = True, timeout: float = 30.0) -> None:
        """Stop the workers; queued jobs are cancelled, running ones too unless told otherwise."""
        for job in self.jobs():
            if job.state is JobState.QUEUED or (cancel_running and job.state is JobState.RUNNING):
                job.cancel()
        for _ in self._threads:
            self._queue.put((1 << 30, next(self._order), None))
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _work(self) -> None:
        while True:
            _, _, job = self._queue.get()
            if job is None:
                return
            job.execute(self.context, self)
