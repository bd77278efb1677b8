"""The content of one patient disc in the IHE PDI layout (IHE RAD TF-3 4.47, PS3.10/PS3.12).

::

    DICOMDIR                          the index (Basic Directory IOD), written last
    DICOM/PAT00001/STU00001/SER00001/IM000001 ...   the instances, File IDs of PS3.10 8.2
    IHE_PDI/STU00001/SER00001.JPG     previews, KEY00001.JPG key images, REPORT01.HTM/PDF
    INDEX.HTM  README.TXT             for people (see :mod:`export.media.index_html`)
    AUTORUN.INF  VIEWER/...           the portable viewer, when one is included

Every name in ``DICOM/`` is an ISO 9660 level 1 name (8 upper-case characters, no
extension) and every File ID has at most 8 components, so the DICOMDIR is valid on any
file system (PS3.12 Annex F). Patient names never appear in a file name; they are
kept exact, UTF-8, inside the DICOM files, the DICOMDIR and the HTML.

:func:`build_disc` does not copy what can be referenced: the result maps each media path
to a source file — the stored file itself when it goes on the disc unchanged, else a
file written into ``workdir`` (re-encoded, decompressed, de-identified, or generated).
An ISO is then written straight from the sources and a folder export copies them once.
"""

from __future__ import annotations

import enum
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset

from export.anonymize import Anonymizer
from export.media.dicomdir import DirectoryEntry, write_dicomdir
from export.media.index_html import VIEWER_FOLDER, SeriesEntry, StudyEntry, autorun_inf, index_html, readme_text
from export.media.previews import (
    ENCAPSULATED_PDF,
    KEY_OBJECT_SELECTION,
    encapsulated_pdf,
    key_image_uids,
    report_html,
    write_preview,
)
from export.media.transcode import Action, action_for, media_size, profile_name, rewrite
from tools.image_export import safe_name
from workstation.dicomio import has_pixels, read_header, transfer_syntax_of
from workstation.dicomio.records import integer, parse_da, text
from workstation.model import format_person_name
from workstation.model.errors import DicomReadError, OperationCancelled, WorkstationError

Progress = Callable[[int, int, str], None]

DICOM_FOLDER = "DICOM"
WEB_FOLDER = "IHE_PDI"
SR_MODALITY = "SR"


class MediaType(enum.Enum):
    """Where the export goes; optical capacities are the usable sectors x 2048 bytes."""

    CD = "cd"  #: CD-R 80 min, 700 MB
    DVD = "dvd"  #: DVD±R 4.7 GB
    DVD_DL = "dvd-dl"  #: DVD±R DL 8.5 GB
    USB = "usb"  #: a folder (USB stick, network share): no size limit
    ISO = "iso"  #: an ISO file only (burned elsewhere): no size limit

    @property
    def capacity(self) -> int | None:
        return {"cd": 359_847 * 2048, "dvd": 2_295_104 * 2048, "dvd-dl": 4_171_712 * 2048}.get(self.value)

    @property
    def makes_iso(self) -> bool:
        """Discs and ISO files are built as ISO images; USB exports as a folder."""
        return self is not MediaType.USB


@dataclass(frozen=True)
class MediaOptions:
    """What the user chose in the export dialog (or on the command line)."""

    media_type: MediaType = MediaType.CD
    label: str = ""  #: disc label / title of the index, Vietnamese allowed
    viewer_bundle: str | None = None  #: folder of the portable viewer to put in VIEWER/, None for no viewer
    anonymize: bool = False
    previews: bool = True  #: JPEG previews, key images and reports for INDEX.HTM
    allow_split: bool = True  #: split a study larger than a disc instead of refusing
    disc_capacity: int | None = None  #: bytes per disc when not the medium's nominal size (e.g. a 650 MB CD-R)

    @property
    def capacity(self) -> int | None:
        """Bytes one disc holds; None for a folder or an ISO file without a disc size."""
        return self.disc_capacity if self.disc_capacity is not None else self.media_type.capacity


class MissingFilesError(WorkstationError):
    """Files to export are missing or unreadable; nothing was written."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        head = "; ".join(f"{p}: {r}" for p, r in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(f"{len(problems)} file(s) cannot be exported, nothing was written: {head}{more}")
        self.problems = problems


@dataclass(frozen=True)
class MediaInstance:
    """One stored instance to export, with its header and what it needs on the way."""

    path: str
    dataset: Dataset
    action: Action
    nbytes: int  #: size on the media (an upper bound for decompressed files)

    @property
    def study_uid(self) -> str:
        return text(self.dataset, "StudyInstanceUID")

    @property
    def series_uid(self) -> str:
        return text(self.dataset, "SeriesInstanceUID")

    @property
    def sop_uid(self) -> str:
        return text(self.dataset, "SOPInstanceUID")

    @property
    def patient_key(self) -> str:
        return text(self.dataset, "PatientID") or f"name:{text(self.dataset, 'PatientName')}"


def collect(paths: Iterable[str | os.PathLike[str]], *, progress: Progress | None = None,
            cancel: threading.Event | None = None) -> list[MediaInstance]:
    """Read the headers of the files to export, in the given order, one per SOP Instance UID.

    Raises
    ------
    MissingFilesError
        Any file is missing or unreadable (all of them are listed).
    OperationCancelled
        When ``cancel`` is set.
    """
    paths = [os.fspath(p) for p in paths]
    found: dict[str, MediaInstance] = {}
    problems: list[tuple[str, str]] = []
    for n, path in enumerate(paths):
        if cancel is not None and cancel.is_set():
            raise OperationCancelled("export cancelled while reading headers")
        if progress is not None:
            progress(n, len(paths), path)
        try:
            ds = read_header(path)
            size = os.path.getsize(path)
        except DicomReadError as exc:
            problems.append((path, "missing" if not os.path.exists(path) else exc.reason))
            continue
        action = action_for(transfer_syntax_of(ds))
        if action is Action.COPY and getattr(ds, "preamble", None) is None:
            action = Action.REENCODE  # no preamble / File Meta Information: PS3.10 requires it on media
        found.setdefault(text(ds, "SOPInstanceUID"), MediaInstance(path, ds, action, media_size(ds, size, action)))
    if problems:
        raise MissingFilesError(problems)
    return list(found.values())


def _instance_order(item: MediaInstance) -> tuple[int, int]:
    number = integer(item.dataset, "InstanceNumber")
    return (number is None, number or 0)


@dataclass
class DiscLayout:
    """One disc's content: media path (``/``-separated) -> source file, and what it holds."""

    files: dict[str, Path]
    studies: list[StudyEntry]
    profile: str
    instance_count: int
    warnings: list[str] = field(default_factory=list)

    @property
    def nbytes(self) -> int:
        return sum(p.stat().st_size for p in self.files.values())


@dataclass
class _Series:
    uid: str
    items: list[MediaInstance] = field(default_factory=list)


@dataclass
class _Study:
    uid: str
    series: dict[str, _Series] = field(default_factory=dict)


def _group(instances: Sequence[MediaInstance]) -> dict[str, dict[str, _Study]]:
    patients: dict[str, dict[str, _Study]] = {}
    for item in instances:
        study = patients.setdefault(item.patient_key, {}).setdefault(item.study_uid, _Study(item.study_uid))
        study.series.setdefault(item.series_uid, _Series(item.series_uid)).items.append(item)
    for studies in patients.values():
        for study in studies.values():
            for series in study.series.values():
                series.items.sort(key=_instance_order)
    return patients


def file_set_id(label: str) -> str:
    """The DICOMDIR File-set ID from the label: ASCII, upper case, at most 16 characters."""
    return safe_name(label, 16).upper().replace("-", "_").replace(".", "_")


class _DiscWriter:
    """Puts the instances of one disc into ``workdir`` / the file map, then the index files."""

    def __init__(self, workdir: Path, options: MediaOptions, anonymizer: Anonymizer | None,
                 progress: Progress | None, cancel: threading.Event | None, total: int) -> None:
        self.workdir, self.options, self.anonymizer = workdir, options, anonymizer
        self.progress, self.cancel, self.total = progress, cancel, total
        self.files: dict[str, Path] = {}
        self.entries: list[DirectoryEntry] = []
        self.written: dict[str, tuple[str, Path]] = {}  # source SOP UID -> (media path, file)
        self.syntaxes: set[str] = set()
        self.warnings: list[str] = []
        self.done = 0

    def put(self, item: MediaInstance, file_id: tuple[str, ...]) -> Dataset:
        if self.cancel is not None and self.cancel.is_set():
            raise OperationCancelled(f"export cancelled after {self.done} of {self.total} instances")
        if self.progress is not None:
            self.progress(self.done, self.total, item.path)
        media_path = "/".join(file_id)
        if item.action is Action.COPY and self.anonymizer is None:
            header, source = item.dataset, Path(item.path)
        else:
            source = self.workdir.joinpath(*file_id)
            source.parent.mkdir(parents=True, exist_ok=True)
            try:
                header, warning = rewrite(item.path, source, item.action, self.anonymizer)
            except DicomReadError as exc:
                raise MissingFilesError([(item.path, exc.reason)]) from exc
            if warning:
                self.warnings.append(f"{item.path}: {warning}")
        self.files[media_path] = source
        self.entries.append(DirectoryEntry(file_id, header))
        self.written[item.sop_uid] = (media_path, source)
        self.syntaxes.add(str(header.file_meta.TransferSyntaxUID))
        self.done += 1
        return header

    def generated(self, media_path: str, data: bytes | str) -> str:
        path = self.workdir.joinpath(*media_path.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8", newline="")
        else:
            path.write_bytes(data)
        self.files[media_path] = path
        return media_path

    def preview(self, media_path: str, item: MediaInstance) -> str:
        path = self.workdir.joinpath(*media_path.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_preview(item.path, path)
        except (ValueError, OSError) as exc:
            self.warnings.append(f"no preview for {item.path}: {exc}")
            return ""
        self.files[media_path] = path
        return media_path


def _study_entry(header: Dataset, series_entries: list[SeriesEntry], partial: bool) -> StudyEntry:
    return StudyEntry(
        study_instance_uid=text(header, "StudyInstanceUID"),
        patient_name=format_person_name(text(header, "PatientName")), patient_id=text(header, "PatientID"),
        birth_date=parse_da(text(header, "PatientBirthDate")), sex=text(header, "PatientSex"),
        study_date=parse_da(text(header, "StudyDate")), description=text(header, "StudyDescription"),
        accession_number=text(header, "AccessionNumber"), series=series_entries, partial=partial)


def _web_extras(writer: _DiscWriter, study: _Study, folder: str, entry: StudyEntry) -> None:
    """Reports (SR as HTML, encapsulated PDF as is) and key images of one study."""
    if writer.anonymizer is not None:
        return  # de-identified SR content is removed (PS3.15 E.1); a PDF may name the patient in its text
    for series in study.series.values():
        for item in series.items:
            sop_class = text(item.dataset, "SOPClassUID")
            if sop_class == ENCAPSULATED_PDF:
                pdf = encapsulated_pdf(pydicom.dcmread(item.path))
                entry.reports.append(writer.generated(f"{folder}/REPORT{len(entry.reports) + 1:02d}.PDF", pdf))
            elif sop_class == KEY_OBJECT_SELECTION:
                for uid in key_image_uids(pydicom.dcmread(item.path)):
                    target = next((i for s in study.series.values() for i in s.items if i.sop_uid == uid), None)
                    if target is not None and has_pixels(target.dataset):
                        name = f"{folder}/KEY{len(entry.key_images) + 1:05d}.JPG"
                        if writer.preview(name, target):
                            entry.key_images.append(name)
            elif text(item.dataset, "Modality") == SR_MODALITY:
                page = report_html(pydicom.dcmread(item.path), f"{entry.patient_name} — {entry.description}")
                entry.reports.append(writer.generated(f"{folder}/REPORT{len(entry.reports) + 1:02d}.HTM", page))


def build_disc(instances: Sequence[MediaInstance], workdir: str | os.PathLike[str], options: MediaOptions, *,
               disc_number: int = 1, disc_count: int = 1, split_studies: Iterable[str] = (),
               anonymizer: Anonymizer | None = None, progress: Progress | None = None,
               cancel: threading.Event | None = None) -> DiscLayout:
    """Lay out one disc: instances, DICOMDIR, previews, INDEX.HTM, README.TXT, viewer.

    Parameters
    ----------
    workdir
        An empty folder for the files this disc needs written (removed by the caller).
    split_studies
        Studies only partly on this disc (said so in the index).
    anonymizer
        De-identify every instance with it (one anonymizer for all discs of an export).

    Raises
    ------
    MissingFilesError
        A file disappeared or became unreadable since :func:`collect`.
    OperationCancelled
        When ``cancel`` is set.
    """
    workdir = Path(workdir)
    writer = _DiscWriter(workdir, options, anonymizer, progress, cancel, len(instances))
    split = set(split_studies)
    studies: list[StudyEntry] = []
    study_number = series_number = 0
    for p, patient in enumerate(_group(instances).values(), start=1):
        for study in patient.values():
            study_number += 1
            folder = f"{WEB_FOLDER}/STU{study_number:05d}"
            series_entries, header = [], None
            for series in study.series.values():
                series_number += 1
                base = (DICOM_FOLDER, f"PAT{p:05d}", f"STU{study_number:05d}", f"SER{series_number:05d}")
                headers = [writer.put(item, base + (f"IM{k:06d}",)) for k, item in enumerate(series.items, start=1)]
                header = headers[0]
                images = [i for i in series.items if has_pixels(i.dataset)]
                preview = (writer.preview(f"{folder}/SER{series_number:05d}.JPG", images[len(images) // 2])
                           if options.previews and images else "")
                series_entries.append(SeriesEntry(integer(header, "SeriesNumber"), text(header, "Modality"),
                                                  text(header, "SeriesDescription"), len(series.items), preview))
            entry = _study_entry(header, series_entries, study.uid in split)
            if options.previews:
                _web_extras(writer, study, folder, entry)
            studies.append(entry)
    if progress is not None:
        progress(len(instances), len(instances), "writing the DICOMDIR")
    profile = profile_name(writer.syntaxes, usb=options.media_type is MediaType.USB,
                           optical_cd=options.media_type in (MediaType.CD, MediaType.ISO))
    has_viewer = options.viewer_bundle is not None
    label = options.label or (studies[0].patient_name if studies else "")
    writer.generated("INDEX.HTM", index_html(studies, label=label, disc_number=disc_number, disc_count=disc_count,
                                             has_viewer=has_viewer))
    writer.generated("README.TXT", readme_text(studies, label=label, profile=profile, disc_number=disc_number,
                                               disc_count=disc_count, has_viewer=has_viewer,
                                               anonymized=anonymizer is not None))
    if has_viewer:
        writer.generated("AUTORUN.INF", autorun_inf(label))
        writer.files.update(viewer_files(options.viewer_bundle))
    write_dicomdir(workdir, writer.entries, file_set_id=file_set_id(label), cancel=cancel)
    writer.files["DICOMDIR"] = workdir / "DICOMDIR"
    return DiscLayout(writer.files, studies, profile, len(instances), writer.warnings)


def viewer_files(bundle: str | os.PathLike[str]) -> dict[str, Path]:
    """Every file of the portable viewer bundle, as ``VIEWER/<relative path>`` -> file.

    Raises
    ------
    FileNotFoundError
        ``bundle`` is not a folder holding a ``workstation`` or ``workstation.exe``.
    """
    root = Path(bundle)
    if not root.is_dir() or not any((root / name).is_file() for name in ("workstation", "workstation.exe")):
        raise FileNotFoundError(f"{root} is not a viewer bundle (no workstation or workstation.exe in it)")
    files = {}
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file():
                files[f"{VIEWER_FOLDER}/{path.relative_to(root).as_posix()}"] = path
    return files
