"""Exporting studies to patient media: one call from stored files to ISO images or a folder.

:func:`export_media` reads every header first (a missing or unreadable file stops the
export before anything is written), plans the discs (:mod:`export.media.split`), lays
each one out (:mod:`export.media.pdi_layout`) and writes it as an ISO image
(:mod:`export.media.iso_image`) or into a folder. Nothing half-done is left behind:

* an ISO is written to ``<name>.part`` and renamed when complete;
* a folder export is staged in a hidden folder inside the destination and its entries
  are moved into place at the end, the DICOMDIR last, so a reader never finds a
  DICOMDIR pointing at files still being copied;
* on a failure or a cancel, every output of this export (earlier discs of a set too)
  and every temporary file is removed.

Burning the images is a separate step (:mod:`export.media.burners`), since a set of
several discs needs the user to change discs between them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from export.anonymize import Anonymizer
from export.media.iso_image import write_iso
from export.media.pdi_layout import DiscLayout, MediaOptions, build_disc, collect, viewer_files
from export.media.previews import ENCAPSULATED_PDF
from export.media.split import on_disc, plan_discs
from workstation.dicomio.records import text
from workstation.model.errors import OperationCancelled

Progress = Callable[[int, int, str], None]

#: Room kept per series for its JPEG preview (a 512x512 JPEG at quality 90 is ~60 kB).
PREVIEW_ALLOWANCE = 128 * 1024
_STAGING_PREFIX = ".media-part-"
#: What a disc layout puts at its root; a folder export refuses a folder holding any of them.
TOP_LEVEL_NAMES = ("DICOMDIR", "DICOM", "IHE_PDI", "INDEX.HTM", "README.TXT", "AUTORUN.INF", "VIEWER")


@dataclass
class MediaReport:
    """What an export wrote: one output per disc (ISO files or one folder)."""

    outputs: list[Path] = field(default_factory=list)
    discs: list[DiscLayout] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        images = sum(d.instance_count for d in self.discs)
        studies = len({s.study_instance_uid for d in self.discs for s in d.studies})
        where = ", ".join(str(p) for p in self.outputs)
        return (f"{images} instance(s) of {studies} stud{'y' if studies == 1 else 'ies'} on "
                f"{len(self.outputs)} {'disc' if len(self.outputs) == 1 else 'discs'}: {where}")


def iso_names(iso_path: Path, count: int) -> list[Path]:
    """``CT.iso`` for one disc; ``CT-1of2.iso``, ``CT-2of2.iso`` for a set."""
    if count == 1:
        return [iso_path]
    return [iso_path.with_name(f"{iso_path.stem}-{n}of{count}{iso_path.suffix or '.iso'}") for n in
            range(1, count + 1)]


def fixed_bytes(options: MediaOptions) -> int:
    """What every disc carries besides the instances: the viewer bundle, if any."""
    if options.viewer_bundle is None:
        return 0
    return sum(on_disc(p.stat().st_size) for p in viewer_files(options.viewer_bundle).values())


def _stage_folder(layout: DiscLayout, staging: Path, progress: Progress | None,
                  cancel: threading.Event | None) -> None:
    """Copy every file of ``layout`` not already in ``staging`` to its place there."""
    items = sorted(layout.files.items())
    total = len(items)
    for n, (media_path, source) in enumerate(items):
        if cancel is not None and cancel.is_set():
            raise OperationCancelled("export cancelled while copying to the folder")
        if progress is not None:
            progress(n, total, media_path)
        target = staging.joinpath(*media_path.split("/"))
        if source == target:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        shutil.copymode(source, target)


def _promote(staging: Path, destination: Path) -> list[Path]:
    """Move the staged entries into ``destination``, the DICOMDIR last; returns them."""
    entries = sorted(staging.iterdir(), key=lambda p: p.name == "DICOMDIR")
    moved = []
    for entry in entries:
        target = destination / entry.name
        os.replace(entry, target)
        moved.append(target)
    return moved


def _check_folder(destination: Path, names: Iterable[str]) -> None:
    clashes = sorted(n for n in names if (destination / n).exists())
    if clashes:
        raise FileExistsError(f"{destination} already holds {', '.join(clashes)}: choose an empty folder "
                              "(another export is there)")


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def export_media(paths: Iterable[str | os.PathLike[str]], destination: str | os.PathLike[str],
                 options: MediaOptions, *, progress: Progress | None = None,
                 cancel: threading.Event | None = None) -> MediaReport:
    """Export the DICOM files ``paths`` (e.g. ``store.study_instances(uid)`` paths) to media.

    Parameters
    ----------
    destination
        For :attr:`MediaType.USB`, the folder to fill (created if missing; it must not
        hold a DICOMDIR already). Otherwise the ISO file to write; a set of several
        discs becomes ``<stem>-1of2.iso``, ``<stem>-2of2.iso``...
    options
        Media type, label, viewer bundle, de-identification, previews, splitting.

    Raises
    ------
    MissingFilesError
        A file is missing or unreadable (nothing was written).
    DoesNotFitError
        A study is larger than the disc and ``options.allow_split`` is false.
    OperationCancelled
        When ``cancel`` is set (nothing is left behind).
    """
    destination = Path(destination)
    report = MediaReport()
    fixed = fixed_bytes(options)

    def overall(start: float, span: float) -> Progress:
        def report_progress(done: int, total: int, detail: str) -> None:
            if progress is not None:
                progress(int(1000 * (start + span * done / max(total, 1))), 1000, detail)
        return report_progress

    instances = collect(paths, progress=overall(0.0, 0.1), cancel=cancel)
    if options.anonymize:
        kept = [i for i in instances if text(i.dataset, "SOPClassUID") != ENCAPSULATED_PDF]
        if len(kept) < len(instances):
            report.warnings.append(f"{len(instances) - len(kept)} encapsulated document(s) left out: their text "
                                   "may identify the patient and cannot be de-identified")
        instances = kept
    if not instances:
        raise ValueError("nothing to export: no DICOM instance was given")
    allowance = PREVIEW_ALLOWANCE * len({i.series_uid for i in instances}) if options.previews else 0
    discs = plan_discs(instances, options.capacity, size=lambda i: on_disc(i.nbytes),
                       study=lambda i: i.study_uid, series=lambda i: i.series_uid,
                       fixed_bytes=fixed + min(allowance, 64 * 1024 * 1024), allow_split=options.allow_split)
    if not options.media_type.makes_iso:
        _check_folder(destination, TOP_LEVEL_NAMES)
    anonymizer = Anonymizer() if options.anonymize else None
    work_parent = destination.parent if options.media_type.makes_iso else destination
    work_parent.mkdir(parents=True, exist_ok=True)
    outputs = iso_names(destination, len(discs)) if options.media_type.makes_iso else [destination]
    written: list[Path] = []
    share = 0.9 / len(discs)
    try:
        for n, disc in enumerate(discs):
            start = 0.1 + n * share
            work = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=work_parent))
            try:
                layout = build_disc(disc.items, work, options, disc_number=n + 1, disc_count=len(discs),
                                    split_studies=disc.split_studies, anonymizer=anonymizer,
                                    progress=overall(start, share / 2), cancel=cancel)
                report.discs.append(layout)
                report.warnings.extend(layout.warnings)
                if options.media_type.makes_iso:
                    write_iso(layout.files, outputs[n], label=options.label or _default_label(layout),
                              progress=overall(start + share / 2, share / 2), cancel=cancel)
                    written.append(outputs[n])
                else:
                    _stage_folder(layout, work, overall(start + share / 2, share / 2), cancel)
                    written.extend(_promote(work, destination))
            finally:
                shutil.rmtree(work, ignore_errors=True)
    except BaseException:
        _remove(written)
        raise
    report.outputs = outputs
    if progress is not None:
        progress(1000, 1000, "done")
    return report


def _default_label(layout: DiscLayout) -> str:
    return layout.studies[0].patient_name if layout.studies else "DICOM"


def study_paths(store, study_uids: Iterable[str]) -> list[str]:
    """The stored files of ``study_uids`` in a store with ``study_instances(uid)``, in order."""
    paths = []
    for uid in study_uids:
        instances = store.study_instances(uid)
        if not instances:
            raise ValueError(f"study {uid} is not in the local store")
        paths.extend(i.path for i in instances if i.path)
    return paths

