"""Our storage SCP (PS3.4 Annex B): receives instances from modalities, PACS and C-MOVEs.

It accepts every storage SOP class in every transfer syntax (bytes are stored as sent,
never decoded), answers C-ECHO, and checks each dataset's structure before storing it:
a truncated or garbled dataset is refused with 0xC210 ("cannot understand") and logged,
and nothing of it reaches the store. A full disk answers 0xA700 ("out of resources").
The handler replies only after the store has the file, because a sender may delete its
copy on success.

Handlers run on pynetdicom's association threads: they touch no Qt and no shared state
beyond the store (thread-safe) and :class:`~workstation.model.events.Event` emits, and
listeners must return quickly (queue the work, as the forwarder does).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from pynetdicom import evt
from pynetdicom.sop_class import Verification  # type: ignore[attr-defined]
from pynetdicom.transport import ThreadedAssociationServer

from workstation.model.errors import StorageFullError
from workstation.model.events import Event
from workstation.net._association import (
    ABORT_GRACE_S,
    DEFAULT_TIMEOUTS,
    Timeouts,
    make_ae,
    part10_bytes,
    tune_association,
)
from workstation.net.contexts import ACCEPTED_SYNTAXES, scp_contexts
from workstation.net.ingest import Arrival, Ingestor, IngestStats, header_uids
from workstation.net.nodes import LocalAE
from workstation.net.tls import server_context

log = logging.getLogger(__name__)

#: C-STORE statuses (PS3.4 B.2.3).
SUCCESS = 0x0000
OUT_OF_RESOURCES = 0xA700
CANNOT_UNDERSTAND = 0xC210
#: A-ASSOCIATE-RJ: rejected permanent, by the service user, calling AE not recognised (PS3.8 9.3.4).
_REJECT_UNKNOWN_CALLER = (0x01, 0x01, 0x03)


@dataclass
class ReceivedStudy:
    """A study that arrived at the SCP in this session, for the "received" list."""

    study_instance_uid: str
    calling_ae: str
    instances: int = 0
    first_received: datetime = field(default_factory=datetime.now)
    last_received: datetime = field(default_factory=datetime.now)


class _MoveWatch:
    """Counts arrivals of some studies for a running C-MOVE (looks like an Ingestor).

    Sub-operations from ``calling_ae`` (the PACS we asked) are acknowledged as soon as
    their structure checks out and stored by a queued :class:`Ingestor`, like a C-GET:
    the PACS keeps its copy, and a failed import fails the move and is retried. Anyone
    else's instances keep the synchronous path.
    """

    def __init__(self, scp: StorageSCP, studies: set[str], on_arrival: Callable[[Arrival], None] | None,
                 calling_ae: str) -> None:
        self.studies = studies
        self.on_arrival = on_arrival
        self.calling_ae = calling_ae.strip()
        self.stats = IngestStats()
        self.error: StorageFullError | None = None
        self._lock = threading.Lock()
        self._scp = scp
        self.ingestor = Ingestor(scp.store, on_arrival=self._stored, source=self.calling_ae) if calling_ae else None

    @property
    def failed_storage(self) -> bool:
        return self.error is not None or (self.ingestor is not None and self.ingestor.failed_storage)

    def _stored(self, arrival: Arrival) -> None:
        self._scp._announce(arrival, self.ingestor.error if self.ingestor is not None else None)

    def drain(self) -> None:
        """Wait until every acknowledged instance is imported."""
        if self.ingestor is not None:
            self.ingestor.close()
            self.error = self.error or self.ingestor.error

    def offer(self, arrival: Arrival, error: StorageFullError | None) -> None:
        if arrival.study_instance_uid not in self.studies:
            return
        with self._lock:
            stats = self.stats
            stats.received += 1
            stats.nbytes += arrival.nbytes
            if arrival.status == "STORED":
                stats.stored += 1
            elif arrival.status == "DUPLICATE":
                stats.duplicates += 1
            else:
                stats.failed += 1
                stats.failures.append((arrival.sop_instance_uid, arrival.reason))
            if stats.first_arrival_s is None and arrival.status in ("STORED", "DUPLICATE"):
                stats.first_arrival_s = stats.elapsed_s
            if error is not None:
                self.error = error
        if self.on_arrival is not None:
            self.on_arrival(arrival)


class StorageSCP:
    """A storage SCP on ``local.port`` (127.0.0.1 unless ``local.bind_all``).

    Parameters
    ----------
    local
        Our AE: title, port (0 picks a free one, see :attr:`port`), TLS, caller policy.
    store
        The ``LocalStore`` receiving every instance.
    known_calling_aes
        Titles accepted when ``local.accept_unknown_callers`` is False (usually the
        configured nodes' titles, see ``NetworkConfig.known_calling_aes``).

    Events
    ------
    instance_received(Arrival)
        After each C-STORE, stored or not (``status`` says).
    study_received(ReceivedStudy)
        When the first instance of a study arrives in this session.
    """

    def __init__(self, local: LocalAE, store: object, *, known_calling_aes: Iterable[str] = (),
                 timeouts: Timeouts = DEFAULT_TIMEOUTS) -> None:
        self.local = local
        self._store = store
        self._known = {a.strip() for a in known_calling_aes} | set(local.allowed_calling_aes)
        self._timeouts = timeouts
        self._server: ThreadedAssociationServer | None = None
        self._lock = threading.Lock()
        self._studies: dict[str, ReceivedStudy] = {}
        self._watches: list[_MoveWatch] = []
        self.instance_received = Event()
        self.study_received = Event()

    @property
    def is_running(self) -> bool:
        return self._server is not None

    @property
    def address(self) -> tuple[str, int]:
        """(host, port) listened on: ``0.0.0.0`` when bound to every interface."""
        if self._server is None:
            return ("0.0.0.0" if self.local.bind_all else "127.0.0.1", self.local.port)
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    @property
    def port(self) -> int:
        """The port actually listened on (differs from ``local.port`` when that was 0)."""
        if self._server is None:
            return self.local.port
        return int(self._server.server_address[1])

    def start(self) -> None:
        """Listen (non-blocking). Raises ``OSError`` when the port is taken."""
        if self._server is not None:
            return
        ae = make_ae(self.local, self._timeouts)
        ae.require_called_aet = True
        for context in scp_contexts():
            ae.add_supported_context(str(context.abstract_syntax), context.transfer_syntax)
        ae.add_supported_context(Verification, ACCEPTED_SYNTAXES[:4])
        handlers: list = [(evt.EVT_C_STORE, self._on_store), (evt.EVT_REQUESTED, self._on_requested)]
        address = ("" if self.local.bind_all else "127.0.0.1", self.local.port)
        ssl_context = server_context(self.local) if self.local.tls else None
        self._server = ae.start_server(address, block=False, evt_handlers=handlers, ssl_context=ssl_context)
        log.info("storage SCP %s listening on %s:%d%s", self.local.ae_title, address[0] or "*", self.port,
                 " (TLS)" if ssl_context else "")

    def stop(self) -> None:
        """Stop listening and close open associations."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()

    def __enter__(self) -> StorageSCP:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def received_studies(self) -> list[ReceivedStudy]:
        """Studies received since start, most recent first."""
        with self._lock:
            return sorted(self._studies.values(), key=lambda s: s.last_received, reverse=True)

    @contextmanager
    def watch(self, studies: set[str], on_arrival: Callable[[Arrival], None] | None = None,
              calling_ae: str = "") -> Iterator[_MoveWatch]:
        """Count arrivals of ``studies`` while a C-MOVE runs (and pass them to ``on_arrival``);
        sub-operations from ``calling_ae`` are stored off the association thread."""
        watch = _MoveWatch(self, set(studies), on_arrival, calling_ae)
        with self._lock:
            self._watches.append(watch)
        try:
            yield watch
        finally:
            watch.drain()
            with self._lock:
                self._watches.remove(watch)

    @property
    def store(self) -> object:
        return self._store

    def _move_watch(self, calling_ae: str) -> _MoveWatch | None:
        with self._lock:
            return next((w for w in self._watches if w.ingestor is not None and w.calling_ae == calling_ae), None)

    def _on_requested(self, event: evt.Event) -> None:
        assoc = event.assoc
        request = assoc.requestor.primitive
        calling = request.calling_ae_title.strip() if request is not None else ""
        if not self.local.accept_unknown_callers and calling not in self._known:
            log.warning("rejected association from unknown calling AE %r at %s", calling,
                        assoc.requestor.address)
            assoc.acse.send_reject(*_REJECT_UNKNOWN_CALLER)
            assoc.dul.artim_timer.timeout = ABORT_GRACE_S
            assoc.kill()  # wait until the A-ASSOCIATE-RJ is out before pynetdicom closes the socket
            return
        tune_association(assoc)

    def _on_store(self, event: evt.Event) -> int:
        calling = event.assoc.requestor.ae_title.strip()
        data = part10_bytes(event)
        watch = self._move_watch(calling)
        if watch is not None and watch.ingestor is not None and not header_uids(data)[1]:
            try:
                watch.ingestor.put(data)
            except StorageFullError:
                return OUT_OF_RESOURCES
            return SUCCESS
        ingestor = Ingestor(self._store, asynchronous=False, source=calling)
        arrival = ingestor.put(data)
        assert arrival is not None  # synchronous ingest always reports
        error = ingestor.error
        self._announce(arrival, error)
        if error is not None:
            return OUT_OF_RESOURCES
        if arrival.status == "FAILED" or arrival.status == "SKIPPED":
            log.error("refused instance %s from %s: %s", arrival.sop_instance_uid or "(no UID)", calling,
                      arrival.reason)
            return CANNOT_UNDERSTAND
        return SUCCESS

    def _announce(self, arrival: Arrival, error: StorageFullError | None) -> None:
        new_study = None
        with self._lock:
            watches = list(self._watches)
            if arrival.status in ("STORED", "DUPLICATE") and arrival.study_instance_uid:
                study = self._studies.get(arrival.study_instance_uid)
                if study is None:
                    study = new_study = ReceivedStudy(arrival.study_instance_uid, arrival.source)
                    self._studies[study.study_instance_uid] = study
                study.instances += 1
                study.last_received = datetime.now()
        for watch in watches:
            watch.offer(arrival, error)
        if new_study is not None:
            self.study_received.emit(new_study)
        self.instance_received.emit(arrival)
