"""The reports, measurement reports and key image selections a study holds in the local
store (ours and those retrieved from the PACS), read and ordered.

Only headers are read; a document that cannot be read is reported, not fatal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import pydicom
from pydicom.dataset import Dataset

from export.sr.key_objects import KOS_SOP_CLASS, KeyObjectDocument, read_kos
from export.sr.report_pdf import ENCAPSULATED_PDF_SOP_CLASS
from export.sr.sr_reader import SrDocument, read_document, version_history
from workstation.model.records import InstanceRecord, SeriesRecord

log = logging.getLogger(__name__)

SR_CLASS_PREFIX = "1.2.840.10008.5.1.4.1.1.88."


class DocumentStore(Protocol):
    def series(self, study_uid: str) -> list[SeriesRecord]: ...

    def instances(self, series_uid: str) -> list[InstanceRecord]: ...


def is_document(sop_class_uid: str) -> bool:
    """SR (including KOS) or Encapsulated PDF."""
    return sop_class_uid.startswith(SR_CLASS_PREFIX) or sop_class_uid == ENCAPSULATED_PDF_SOP_CLASS


@dataclass
class StudyDocuments:
    """What a study holds, read from the store."""

    documents: list[tuple[InstanceRecord, SrDocument]] = field(default_factory=list)
    key_objects: list[tuple[InstanceRecord, KeyObjectDocument]] = field(default_factory=list)
    pdfs: list[InstanceRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def path_of(self, sop_instance_uid: str) -> str:
        for record, _ in self.documents:
            if record.sop_instance_uid == sop_instance_uid:
                return record.path
        return ""

    def report_versions(self) -> list[list[SrDocument]]:
        """Diagnostic reports as version chains, latest first (see :func:`version_history`)."""
        return version_history(d for _, d in self.documents if d.kind == "report")

    def latest_key_images(self) -> KeyObjectDocument | None:
        """The newest KOS that selects key images (rejection notes are not key images)."""
        selections = [k for _, k in self.key_objects if not k.is_rejection]
        return max(selections, key=lambda k: k.content_datetime) if selections else None

    def measurement_reports(self) -> list[SrDocument]:
        return sorted((d for _, d in self.documents if d.kind == "measurements"),
                      key=lambda d: d.content_datetime, reverse=True)


def read_study_documents(store: DocumentStore, study_uid: str,
                         reader: Callable[[str], Dataset] = pydicom.dcmread) -> StudyDocuments:
    """Every SR, KOS and encapsulated PDF of a study in ``store``."""
    found = StudyDocuments()
    for series in store.series(study_uid):
        for record in store.instances(series.series_instance_uid):
            if not record.path or not is_document(record.sop_class_uid):
                continue
            if record.sop_class_uid == ENCAPSULATED_PDF_SOP_CLASS:
                found.pdfs.append(record)
                continue
            try:
                ds = reader(record.path)
                found.documents.append((record, read_document(ds)))
                if record.sop_class_uid == KOS_SOP_CLASS:
                    found.key_objects.append((record, read_kos(ds)))
            except Exception as exc:  # a foreign or damaged document: say which, go on
                log.warning("document %s unreadable: %s", record.path, exc)
                found.problems.append(f"{record.sop_instance_uid}: {exc}")
    return found
