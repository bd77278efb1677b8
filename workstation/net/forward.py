"""Forward rules: instances our SCP receives from calling AE X are also sent to node Y.

The SCP's handler only emits ``instance_received``; this forwarder's listener puts the
arrival on a queue and returns. A worker thread gathers arrivals per (node, study) until
the stream has been quiet for ``settle_s`` (a modality sends a study as a burst), then
sends the batch over one association with the usual send path (transcoding included) and
reports it through :attr:`Forwarder.forwarded`. Failed instances are reported, not retried
automatically: the job panel offers that.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass

from workstation.model.errors import WorkstationError
from workstation.model.events import Event
from workstation.net._association import DEFAULT_TIMEOUTS, Timeouts
from workstation.net.ingest import Arrival
from workstation.net.nodes import ForwardRule, NetworkConfig
from workstation.net.scp import StorageSCP
from workstation.net.send import SendReport, send

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ForwardResult:
    """One forwarded batch: the rule that fired, the study, and the send report (or error)."""

    rule: ForwardRule
    study_instance_uid: str
    report: SendReport | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and self.report is not None and self.report.ok


class Forwarder:
    """Apply ``config.forward_rules`` to what ``scp`` receives.

    Parameters
    ----------
    store
        The ``LocalStore`` the SCP writes to; forwarded files are read from it.
    settle_s
        Quiet time after the last instance of a study before its batch goes out.

    Events
    ------
    forwarded(ForwardResult)
        On the forwarder's thread, after each batch.
    """

    def __init__(self, config: NetworkConfig, scp: StorageSCP, store: object, *,
                 settle_s: float = 1.0, timeouts: Timeouts = DEFAULT_TIMEOUTS) -> None:
        self.config = config
        self.scp = scp
        self._store = store
        self._settle_s = settle_s
        self._timeouts = timeouts
        self._queue: queue.Queue[Arrival | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.forwarded = Event()

    def start(self) -> None:
        if self._thread is not None:
            return
        self.scp.instance_received.connect(self._on_received)
        self._thread = threading.Thread(target=self._run, name="forwarder", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Send what is pending, then stop."""
        if self._thread is None:
            return
        self.scp.instance_received.disconnect(self._on_received)
        self._queue.put(None)
        self._thread.join(timeout)
        self._thread = None

    def _on_received(self, arrival: Arrival) -> None:
        """SCP handler thread: only queue."""
        if arrival.status in ("STORED", "DUPLICATE") and any(r.matches(arrival.source)
                                                              for r in self.config.forward_rules):
            self._queue.put(arrival)

    def _run(self) -> None:
        pending: dict[tuple[int, str], list[Arrival]] = {}
        last_seen: dict[tuple[int, str], float] = {}
        stopping = False
        while not stopping or pending:
            try:
                arrival = self._queue.get(timeout=0.1 if pending else None)
            except queue.Empty:
                arrival = None
            else:
                if arrival is None:
                    stopping = True
            if arrival is not None:
                for index, rule in enumerate(self.config.forward_rules):
                    if rule.matches(arrival.source):
                        key = (index, arrival.study_instance_uid)
                        pending.setdefault(key, []).append(arrival)
                        last_seen[key] = time.monotonic()
            now = time.monotonic()
            for key in [k for k in pending if stopping or now - last_seen[k] >= self._settle_s]:
                self._forward(self.config.forward_rules[key[0]], key[1], pending.pop(key))
                last_seen.pop(key)

    def _forward(self, rule: ForwardRule, study_uid: str, arrivals: list[Arrival]) -> None:
        uids = list(dict.fromkeys(a.sop_instance_uid for a in arrivals))
        stored: dict[str, str] = {}
        for series_uid in {a.series_instance_uid for a in arrivals}:
            stored.update((i.sop_instance_uid, i.path)
                          for i in self._store.instances(series_uid))  # type: ignore[attr-defined]
        paths = [stored[uid] for uid in uids if uid in stored]
        try:
            node = self.config.node(rule.node)
            report = send(node, self.config.local, paths, transfer_syntax=rule.transfer_syntax,
                          timeouts=self._timeouts)
            result = ForwardResult(rule, study_uid, report,
                                   "" if len(paths) == len(uids) else f"{len(uids) - len(paths)} not in the store")
        except (WorkstationError, KeyError, ValueError, OSError) as exc:
            log.error("forwarding study %s to %s failed: %s", study_uid, rule.node, exc)
            result = ForwardResult(rule, study_uid, None, str(exc))
        self.forwarded.emit(result)
