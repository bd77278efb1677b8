"""What the local store hands back: outcomes of imports, stored studies, purge results."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from workstation.dicomio import Skipped
from workstation.model.records import StudyRecord


class ImportStatus(enum.Enum):
    """What happened to one instance offered to the store."""

    STORED = "stored"  #: written and indexed now
    DUPLICATE = "duplicate"  #: an instance with this SOP Instance UID was already stored; kept as it was
    SKIPPED = "skipped"  #: not DICOM, damaged or incomplete; nothing was stored


@dataclass(frozen=True)
class ImportOutcome:
    """One instance's fate. ``path`` is the stored file (STORED, DUPLICATE) or ""."""

    sop_instance_uid: str
    path: str
    status: ImportStatus
    reason: str = ""
    storage_full: bool = False  #: SKIPPED because the disk is full

    @property
    def ok(self) -> bool:
        """True when the instance is in the store now (stored or already there)."""
        return self.status is not ImportStatus.SKIPPED


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass
class ImportReport:
    """Counts of one :meth:`LocalStore.import_paths` run.

    ``studies``, ``series`` and ``instances`` count what was newly stored;
    ``duplicates`` the instances that were already in the store; ``skipped`` every file
    not stored, with the reason; ``warnings`` files stored whose pixels this program
    cannot show (e.g. a transfer syntax without a decoder): kept, because they can still
    be sent on or burned.
    """

    studies: int = 0
    series: int = 0
    instances: int = 0
    duplicates: int = 0
    nbytes: int = 0
    elapsed_s: float = 0.0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)
    storage_full: bool = False  #: the disk filled up during the import
    study_uids: list[str] = field(default_factory=list)  #: studies the files belong to (new or already stored)

    def summary(self) -> str:
        """One line for a status bar or a CLI."""
        parts = [f"Imported {_count(self.instances, 'instance', 'instances')}"]
        if self.instances:
            parts[0] += f" ({_count(self.series, 'series', 'series')} in {_count(self.studies, 'study', 'studies')})"
        if self.duplicates:
            parts.append(f"{self.duplicates} already in the store")
        if self.skipped:
            parts.append(f"{_count(len(self.skipped), 'file', 'files')} skipped")
        if self.warnings:
            parts.append(f"{len(self.warnings)} stored but not displayable here")
        if self.storage_full:
            parts.append("THE DISK IS FULL")
        return ", ".join(parts) + f" in {self.elapsed_s:.1f} s"


@dataclass(frozen=True)
class StoredStudy(StudyRecord):
    """A study of the local store: the browser's row, with the archive's own facts.

    ``stored_on`` is the day its first instance arrived here, ``received_on`` the last
    day an instance of it arrived (stored, or offered again); retention counts from
    ``received_on`` (see :meth:`LocalStore.purge_candidates`).
    """

    stored_on: date | None = None
    received_on: date | None = None
    locked: bool = False
    confirmed_nodes: tuple[str, ...] = ()  #: PACS nodes that confirmed holding the study
    nbytes: int = 0


@dataclass(frozen=True)
class PurgeCandidate:
    """A study past the retention age; ``reason`` says why it may not be purged."""

    study: StoredStudy
    age_days: int
    purgeable: bool
    reason: str = ""


@dataclass
class PurgeReport:
    purged: list[str] = field(default_factory=list)  #: Study Instance UIDs deleted
    refused: list[tuple[str, str]] = field(default_factory=list)  #: (Study Instance UID, reason)
    freed_bytes: int = 0
