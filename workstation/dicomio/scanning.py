"""Find DICOM files in files, folders and DICOMDIRs and read their headers.

Non-DICOM files are skipped with a log line and a reason, so a CD with a viewer and
HTML pages on it imports its images and reports what it ignored.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset
from pydicom.fileset import FileSet

from workstation.dicomio.reading import looks_like_dicom, read_header
from workstation.model.errors import DicomReadError, OperationCancelled

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10"
# Files without a preamble are only tried as DICOM when their name allows it.
_MAYBE_DICOM_SUFFIXES = {"", ".dcm", ".dicom", ".dic", ".ima", ".img"}


@dataclass(frozen=True)
class ScannedFile:
    """A DICOM file whose header has been read (pixel data left on disk)."""

    path: str
    dataset: Dataset

    @property
    def series_instance_uid(self) -> str:
        return str(self.dataset.get("SeriesInstanceUID", ""))

    @property
    def sop_instance_uid(self) -> str:
        meta = getattr(self.dataset, "file_meta", None)
        return str(self.dataset.get("SOPInstanceUID", "") or (meta.get("MediaStorageSOPInstanceUID", "") if meta else ""))


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass
class ScanResult:
    files: list[ScannedFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def by_series(self) -> dict[str, list[ScannedFile]]:
        """Files grouped by Series Instance UID, in scan order."""
        groups: dict[str, list[ScannedFile]] = defaultdict(list)
        for f in self.files:
            groups[f.series_instance_uid].append(f)
        return dict(groups)


def scan(
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ScanResult:
    """Read the headers of every DICOM file under ``paths``.

    A path may be a file, a folder (walked recursively) or a DICOMDIR (its referenced
    files are read). Duplicate files (same SOP Instance UID) are kept once.

    Raises
    ------
    OperationCancelled
        When ``cancel`` is set; nothing is half-done since scanning writes nothing.
    """
    result = ScanResult()
    candidates: list[tuple[str, bool]] = []  # (path, named explicitly by the caller)
    for p in paths:
        candidates.extend(_expand(os.fspath(p), result))
    seen: set[str] = set()
    total = len(candidates)
    for n, (path, explicit) in enumerate(candidates):
        if cancel is not None and cancel.is_set():
            raise OperationCancelled("scan cancelled")
        if progress is not None:
            progress(n, total, path)
        scanned = _read_candidate(path, explicit, result)
        if scanned is None:
            continue
        uid = scanned.sop_instance_uid
        if uid in seen:
            log.info("skipping %s: duplicate of SOP Instance UID %s", path, uid)
            result.skipped.append(Skipped(path, f"duplicate SOP Instance UID {uid}"))
            continue
        seen.add(uid)
        result.files.append(scanned)
    if progress is not None:
        progress(total, total, "")
    return result


def _read_candidate(path: str, explicit: bool, result: ScanResult) -> ScannedFile | None:
    if not explicit and not looks_like_dicom(path) and Path(path).suffix.lower() not in _MAYBE_DICOM_SUFFIXES:
        log.info("ignoring %s: not a DICOM file", path)
        result.skipped.append(Skipped(path, "not a DICOM file"))
        return None
    try:
        ds = read_header(path)
    except DicomReadError as exc:
        log.info("ignoring %s: %s", path, exc.reason)
        result.skipped.append(Skipped(path, exc.reason))
        return None
    sop_class = str(ds.get("SOPClassUID", "") or ds.file_meta.get("MediaStorageSOPClassUID", ""))
    if sop_class == MEDIA_STORAGE_DIRECTORY:
        return None  # a DICOMDIR met while walking a folder: its files are walked anyway
    return ScannedFile(path, ds)


def _expand(path: str, result: ScanResult) -> Iterator[tuple[str, bool]]:
    if os.path.isdir(path):
        yield from ((p, False) for p in _walk(path, result))
    elif os.path.basename(path).upper() == "DICOMDIR":
        yield from ((p, True) for p in _dicomdir_files(path, result))
    elif os.path.exists(path):
        yield path, True
    else:
        result.skipped.append(Skipped(path, "no such file or folder"))


def _walk(folder: str, result: ScanResult) -> Iterator[str]:
    def on_error(exc: OSError) -> None:
        log.warning("cannot read folder %s: %s", exc.filename, exc.strerror)
        result.skipped.append(Skipped(str(exc.filename), f"cannot read folder ({exc.strerror})"))

    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs.sort()
        for name in sorted(files):
            yield os.path.join(root, name)


def _dicomdir_files(path: str, result: ScanResult) -> Iterator[str]:
    """Files referenced by a DICOMDIR; missing ones are reported, not fatal."""
    try:
        fileset = FileSet(pydicom.dcmread(path))
    except Exception as exc:  # pydicom raises many types for a damaged DICOMDIR
        log.warning("cannot read DICOMDIR %s: %s; walking its folder instead", path, exc)
        result.skipped.append(Skipped(path, f"damaged DICOMDIR ({exc}); folder walked instead"))
        yield from _walk(os.path.dirname(path) or ".", result)
        return
    for instance in fileset:
        file_path = os.fspath(instance.path)
        if os.path.exists(file_path):
            yield file_path
        else:
            log.warning("DICOMDIR %s references missing file %s", path, file_path)
            result.skipped.append(Skipped(file_path, "referenced by DICOMDIR but missing"))
