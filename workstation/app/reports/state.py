"""What must survive a crash or a restart: report drafts and the send outbox. No Qt.

Drafts are one JSON file per study (the report being written and the key images
flagged), written atomically (temp file, fsync, rename) so a crash mid-write leaves the
previous draft. The outbox remembers every document made here until the PACS has
confirmed it: a rejected or unreachable PACS leaves it ``failed`` with the reason, to be
retried, and the document itself stays in the local store.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from export.sr.key_objects import KeyImages
from export.sr.text_report import DiagnosticReport
from workstation.atomic import write_json

log = logging.getLogger(__name__)

#: Sends marked before this were cut off by the end of an earlier run of the program;
#: later ones belong to another window of this run, still sending.
_PROGRAM_STARTED = time.time()


@dataclass
class Draft:
    """A study's unsaved work: the report and the key images."""

    report: DiagnosticReport | None = None
    key_images: KeyImages | None = None
    saved_at: float = 0.0


class DraftStore:
    """Drafts under ``folder``, one ``<study uid>.json`` each."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)

    def path(self, study_uid: str) -> Path:
        if not study_uid or "/" in study_uid or "\\" in study_uid or study_uid.startswith("."):
            raise ValueError(f"not a study UID: {study_uid!r}")
        return self.folder / f"{study_uid}.json"

    def save(self, study_uid: str, report: DiagnosticReport | None, key_images: KeyImages | None) -> None:
        write_json(self.path(study_uid), {
            "saved_at": time.time(),
            "report": report.to_json() if report is not None else None,
            "key_images": key_images.to_json() if key_images is not None else None})

    def load(self, study_uid: str) -> Draft | None:
        """The draft, or ``None``; a damaged draft is logged and ignored (never fatal)."""
        path = self.path(study_uid)
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            report = DiagnosticReport.from_json(data["report"]) if data.get("report") else None
            keys = KeyImages.from_json(data["key_images"]) if data.get("key_images") else None
            return Draft(report, keys, float(data.get("saved_at", 0.0)))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring damaged report draft %s: %s", path, exc)
            return None

    def discard(self, study_uid: str) -> None:
        self.path(study_uid).unlink(missing_ok=True)


class SendState(StrEnum):
    PENDING = "pending"  #: made here, not sent yet
    SENDING = "sending"
    SENT = "sent"  #: the PACS stored it
    FAILED = "failed"  #: rejected or unreachable: kept locally, retry


@dataclass
class OutboxEntry:
    sop_instance_uid: str
    study_instance_uid: str
    path: str
    kind: str  #: "report", "key_images", "measurements", "pdf", "gsps"
    state: SendState = SendState.PENDING
    node: str = ""
    error: str = ""
    attempts: int = 0
    updated: float = field(default_factory=time.time)


class Outbox:
    """Documents waiting for (or failed at) the PACS, kept in one JSON file.

    Every viewer window has an ``Outbox`` on the same file: :meth:`save` merges what the
    file holds (entry by entry, the most recently updated wins) so one window's save
    never drops the entries another window added.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.entries: dict[str, OutboxEntry] = self._read()
        for entry in self.entries.values():
            if entry.state is SendState.SENDING and entry.updated < _PROGRAM_STARTED:  # it stopped mid-send
                entry.state = SendState.FAILED
                entry.error = entry.error or "interrupted: the program stopped while sending"

    def _read(self) -> dict[str, OutboxEntry]:
        """The entries in the file; none if it is missing or damaged (logged)."""
        if not self.path.exists():
            return {}
        try:
            entries = {}
            for item in json.loads(self.path.read_text(encoding="utf-8")):
                entry = OutboxEntry(**item)
                entry.state = SendState(entry.state)
                entries[entry.sop_instance_uid] = entry
            return entries
        except (OSError, ValueError, TypeError) as exc:
            log.warning("ignoring damaged outbox %s: %s", self.path, exc)
            return {}

    def save(self) -> None:
        for uid, theirs in self._read().items():
            mine = self.entries.get(uid)
            if mine is None or theirs.updated > mine.updated:
                self.entries[uid] = theirs
        write_json(self.path, [asdict(e) for e in self.entries.values()])

    def add(self, entry: OutboxEntry) -> None:
        self.entries[entry.sop_instance_uid] = entry
        self.save()

    def for_study(self, study_uid: str) -> list[OutboxEntry]:
        return [e for e in self.entries.values() if e.study_instance_uid == study_uid]

    def unsent(self, study_uid: str) -> list[OutboxEntry]:
        return [e for e in self.for_study(study_uid) if e.state in (SendState.PENDING, SendState.FAILED)]

    def mark(self, uids: list[str], state: SendState, node: str = "", error: str = "") -> None:
        for uid in uids:
            entry = self.entries.get(uid)
            if entry is None:
                continue
            entry.state, entry.error, entry.updated = state, error, time.time()
            if node:
                entry.node = node
            if state is SendState.SENDING:
                entry.attempts += 1
        self.save()
