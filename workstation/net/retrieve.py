"""Retrieve instances into the local store: C-GET, C-MOVE to our storage SCP, or WADO-RS.

One call retrieves a list of :class:`RetrieveTarget` (a study, a series, or a list of
instances of one series: what a retry asks for) from one node. Each instance is handed
to the store as it arrives (:class:`~workstation.net.ingest.Ingestor`), so a viewer
subscribed to ``on_arrival`` can open the study after its first image. Errors are raised
with the node's name and what was already received; received instances stay stored.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pynetdicom import evt
from pynetdicom.presentation import build_context
from pynetdicom.sop_class import (  # type: ignore[attr-defined]
    StudyRootQueryRetrieveInformationModelGet,
    StudyRootQueryRetrieveInformationModelMove,
)
from pynetdicom.status import code_to_category

from workstation.model.errors import OperationCancelled, StorageFullError
from workstation.net._association import (
    DEFAULT_TIMEOUTS,
    NetworkError,
    Timeouts,
    abort,
    associate,
    part10_bytes,
    release,
)
from workstation.net.contexts import retrieve_contexts
from workstation.net.dicomweb import wado_retrieve
from workstation.net.ingest import Arrival, Ingestor, IngestStats
from workstation.net.nodes import LocalAE, RemoteNode, RetrieveMethod
from workstation.net.query import c_find

if TYPE_CHECKING:
    from workstation.net.scp import StorageSCP

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

#: PS3.4 C.4.2.1.5 / C.4.3.1.4 failure statuses with the words a user can act on.
_RETRIEVE_FAILURES = {
    0xA701: "out of resources: unable to calculate number of matches",
    0xA702: "out of resources: unable to perform sub-operations",
    0xA801: "move destination unknown: add our AE title to the node's list of DICOM modalities",
    0xA900: "identifier does not match SOP class",
    0xC000: "unable to process",
}


@dataclass(frozen=True)
class RetrieveTarget:
    """A study, one series of it, or some instances of one series."""

    study_instance_uid: str
    series_instance_uid: str = ""
    sop_instance_uids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.study_instance_uid:
            raise ValueError("a retrieve target needs a Study Instance UID")
        if self.sop_instance_uids and not self.series_instance_uid:
            raise ValueError("retrieving instances needs their Series Instance UID")

    def identifier(self) -> Dataset:
        """The C-MOVE/C-GET identifier (PS3.4 C.4.2.2.1; a UID list for several instances)."""
        ds = Dataset()
        ds.StudyInstanceUID = self.study_instance_uid
        ds.QueryRetrieveLevel = "STUDY"
        if self.series_instance_uid:
            ds.QueryRetrieveLevel = "SERIES"
            ds.SeriesInstanceUID = self.series_instance_uid
        if self.sop_instance_uids:
            ds.QueryRetrieveLevel = "IMAGE"
            ds.SOPInstanceUID = list(self.sop_instance_uids)
        return ds


@dataclass
class RetrieveReport:
    """What a retrieve did: the ingest counters plus what the peer reported."""

    node: str
    stats: IngestStats = field(default_factory=IngestStats)
    peer_completed: int = 0
    peer_failed: int = 0
    peer_warning: int = 0
    expected: int = 0

    @property
    def ok(self) -> bool:
        return self.stats.failed == 0 and self.peer_failed == 0


class _Sink(Protocol):
    """What :func:`_run_dimse` watches: an :class:`Ingestor` or the SCP's move watch."""

    stats: IngestStats
    error: StorageFullError | None

    @property
    def failed_storage(self) -> bool: ...


class _Counts:
    """Sub-operation counters from pending/final C-GET/C-MOVE responses (PS3.4 C.4.2.1.4)."""

    def __init__(self) -> None:
        self.remaining = self.completed = self.failed = self.warning = 0

    def update(self, status: Dataset) -> None:
        for name in ("remaining", "completed", "failed", "warning"):
            key = f"NumberOf{'Remaining' if name == 'remaining' else name.capitalize()}Suboperations"
            value = status.get(key)
            if value is not None:
                setattr(self, name, int(value))

    @property
    def total(self) -> int:
        return self.remaining + self.completed + self.failed + self.warning


def _failure(node: RemoteNode, status: Dataset, stats: IngestStats) -> NetworkError:
    code = int(status.Status)
    meaning = _RETRIEVE_FAILURES.get(code, code_to_category(code).lower())
    comment = status.get("ErrorComment", "")
    return NetworkError(f"{node.describe()} failed the retrieve: status 0x{code:04X} ({meaning})"
                        f"{': ' + comment if comment else ''}; {stats.received} instance(s) received and kept")


def _watch(assoc: object, stop: threading.Event, cancel: threading.Event | None, ingestor: _Sink) -> None:
    """Abort the association when the user cancels or the disk fills (from another thread,
    since the receiving thread is blocked inside pynetdicom)."""
    while not stop.wait(0.05):
        if (cancel is not None and cancel.is_set()) or ingestor.failed_storage:
            abort(assoc)  # type: ignore[arg-type]
            return


def _sop_classes_in_study(node: RemoteNode, local: LocalAE, study_uid: str, timeouts: Timeouts) -> list[str]:
    """SOP Classes in Study (0008,0062), when the peer answers it, to propose exact contexts."""
    ds = Dataset()
    ds.QueryRetrieveLevel = "STUDY"
    ds.StudyInstanceUID = study_uid
    ds.SOPClassesInStudy = ""
    try:
        found = c_find(node, local, ds, timeouts=timeouts)
    except NetworkError as exc:
        log.info("SOP Classes in Study not available from %s (%s)", node.name, exc)
        return []
    value = found[0].get("SOPClassesInStudy") if found else None
    if not value:
        return []
    return [str(v) for v in (value if isinstance(value, MultiValue) else [value]) if v]


def _run_dimse(node: RemoteNode, target: RetrieveTarget, assoc: object, responses: object,
               ingestor: _Sink, report: RetrieveReport, progress: Progress | None,
               cancel: threading.Event | None, timeout: float) -> None:
    """Drive C-GET/C-MOVE responses: progress, cancel, lost connection, failure status."""
    counts = _Counts()
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(assoc, stop, cancel, ingestor), daemon=True)
    watcher.start()
    try:
        for status, _ in responses:  # type: ignore[attr-defined]
            if cancel is not None and cancel.is_set():
                raise OperationCancelled(f"retrieve from {node.name} cancelled after "
                                         f"{ingestor.stats.received} instance(s)")
            if ingestor.failed_storage:
                raise ingestor.error  # type: ignore[misc]
            if status is None or "Status" not in status:
                raise NetworkError(f"{node.describe()} stopped answering (connection lost, or no response "
                                   f"within {timeout:g} s) during the retrieve of study {target.study_instance_uid}: "
                                   f"{ingestor.stats.received} instance(s) received and kept; retry fetches only "
                                   f"what is missing")
            counts.update(status)
            report.expected = max(report.expected, counts.total)
            category = code_to_category(status.Status)
            if progress is not None:
                progress(counts.completed + counts.failed + counts.warning, counts.total, node.name)
            if category == "Failure" or category == "Cancel":
                raise _failure(node, status, ingestor.stats)
    except BaseException:
        abort(assoc)  # type: ignore[arg-type]  # a peer mid-retrieve would not answer a release
        raise
    finally:
        stop.set()
        watcher.join()
    if cancel is not None and cancel.is_set():
        raise OperationCancelled(f"retrieve from {node.name} cancelled")
    if ingestor.failed_storage:
        raise ingestor.error  # type: ignore[misc]
    report.peer_completed += counts.completed
    report.peer_failed += counts.failed
    report.peer_warning += counts.warning


def c_get(node: RemoteNode, local: LocalAE, targets: Sequence[RetrieveTarget], ingestor: Ingestor,
          report: RetrieveReport, *, timeouts: Timeouts = DEFAULT_TIMEOUTS, progress: Progress | None = None,
          cancel: threading.Event | None = None) -> None:
    """C-GET every target over one association (PS3.4 C.4.3), storing each instance as it comes."""
    model = StudyRootQueryRetrieveInformationModelGet
    classes = _sop_classes_in_study(node, local, targets[0].study_instance_uid, timeouts)
    contexts, roles = retrieve_contexts(model, classes)

    def on_store(event: evt.Event) -> int:
        try:
            ingestor.put(part10_bytes(event))
        except StorageFullError:
            return 0xA700  # Refused: out of resources (PS3.4 B.2.3)
        return 0x0000

    assoc = associate(node, local, contexts, ext_neg=roles, evt_handlers=[(evt.EVT_C_STORE, on_store)],
                      timeouts=timeouts)
    try:
        for target in targets:
            _run_dimse(node, target, assoc, assoc.send_c_get(target.identifier(), model), ingestor, report,
                       progress, cancel, timeouts.dimse)
    finally:
        release(assoc)


def c_move(node: RemoteNode, local: LocalAE, targets: Sequence[RetrieveTarget], scp: StorageSCP,
           report: RetrieveReport, *, timeouts: Timeouts = DEFAULT_TIMEOUTS,
           on_arrival: Callable[[Arrival], None] | None = None, progress: Progress | None = None,
           cancel: threading.Event | None = None) -> None:
    """C-MOVE every target to our storage SCP (PS3.4 C.4.2); the SCP stores the instances.

    The SCP must be running under ``local.ae_title`` and the node must know that title.
    """
    if not scp.is_running:
        raise NetworkError(f"C-MOVE from {node.name} needs our storage SCP running (port {local.port})")
    model = StudyRootQueryRetrieveInformationModelMove
    with scp.watch({t.study_instance_uid for t in targets}, on_arrival, node.ae_title) as watch:
        report.stats = watch.stats
        assoc = associate(node, local, [build_context(model)], timeouts=timeouts)
        try:
            for target in targets:
                _run_dimse(node, target, assoc, assoc.send_c_move(target.identifier(), local.ae_title, model),
                           watch, report, progress, cancel, timeouts.dimse)
        finally:
            release(assoc)
            watch.drain()
        if watch.error is not None:
            raise watch.error


def wado(node: RemoteNode, targets: Sequence[RetrieveTarget], ingestor: Ingestor, report: RetrieveReport, *,
         timeouts: Timeouts = DEFAULT_TIMEOUTS, progress: Progress | None = None,
         cancel: threading.Event | None = None) -> None:
    """WADO-RS every target (one request per study/series, per instance for instance lists)."""
    for target in targets:
        requests = ([(target.series_instance_uid, sop) for sop in target.sop_instance_uids]
                    or [(target.series_instance_uid, "")])
        for series_uid, sop_uid in requests:
            try:
                for data in wado_retrieve(node, target.study_instance_uid, series_uid, sop_uid, timeouts=timeouts,
                                          cancel=cancel):
                    ingestor.put(data)
                    if progress is not None:
                        progress(ingestor.stats.received, report.expected, node.name)
            except NetworkError as exc:
                raise NetworkError(f"{exc}; {ingestor.stats.received} instance(s) received and kept") from exc


def retrieve(node: RemoteNode, local: LocalAE, store: object, targets: Sequence[RetrieveTarget], *,
             scp: StorageSCP | None = None, method: RetrieveMethod | None = None, expected: int = 0,
             timeouts: Timeouts = DEFAULT_TIMEOUTS, on_arrival: Callable[[Arrival], None] | None = None,
             progress: Progress | None = None, cancel: threading.Event | None = None) -> RetrieveReport:
    """Retrieve ``targets`` from ``node`` into ``store`` with the node's retrieve method.

    Parameters
    ----------
    store
        A ``LocalStore``; instances go through ``import_bytes`` as they arrive.
    scp
        Our running storage SCP, needed for C-MOVE (it stores and announces arrivals).
    expected
        Instances expected, for progress before the peer's first count.
    on_arrival
        Called for each instance once stored (on a network or ingest thread).

    Raises
    ------
    NetworkError
        The node failed or vanished; the message says how many instances were kept.
    StorageFullError
        The disk filled up; the association was aborted.
    OperationCancelled
        ``cancel`` was set; the association was aborted, received instances are kept.
    """
    if not targets:
        raise ValueError("nothing to retrieve: targets is empty")
    method = method or node.retrieve_method
    report = RetrieveReport(node.name, expected=expected)
    if method is RetrieveMethod.MOVE:
        if scp is None:
            raise ValueError("C-MOVE needs our storage SCP (scp=...)")
        c_move(node, local, targets, scp, report, timeouts=timeouts, on_arrival=on_arrival, progress=progress,
               cancel=cancel)
        return report
    ingestor = Ingestor(store, on_arrival=on_arrival, source=node.name)
    report.stats = ingestor.stats
    started = time.perf_counter()
    try:
        if method is RetrieveMethod.WADO:
            wado(node, targets, ingestor, report, timeouts=timeouts, progress=progress, cancel=cancel)
        else:
            c_get(node, local, targets, ingestor, report, timeouts=timeouts, progress=progress, cancel=cancel)
    finally:
        ingestor.close()
    if ingestor.failed_storage:
        raise ingestor.error  # type: ignore[misc]
    log.info("retrieved %d instance(s) (%d stored) from %s in %.2f s", ingestor.stats.received,
             ingestor.stats.stored, node.name, time.perf_counter() - started)
    return report
