"""What a folder holds, series by series, without decoding pixels (``workstation info``)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pydicom.uid import UID

from workstation.dicomio.decoding import can_read_natively, decoder_problem
from workstation.dicomio.frames import PixelLayout
from workstation.dicomio.loader import SeriesLoader
from workstation.dicomio.reading import transfer_syntax_of
from workstation.dicomio.scanning import ScannedFile, Skipped, scan


@dataclass
class StackSummary:
    shape: tuple[int, int, int]
    spacing: tuple[float, float, float]
    affine: list[list[float]]
    spacing_kind: str
    is_volumetric: bool
    tilt_degrees: float
    problems: list[str]


@dataclass
class SeriesSummary:
    series_instance_uid: str
    study_instance_uid: str
    modality: str
    description: str
    instance_count: int
    transfer_syntaxes: dict[str, str]  #: UID -> name
    stacks: list[StackSummary] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def summarize(
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> tuple[list[SeriesSummary], list[Skipped]]:
    """Describe every series under ``paths``; also the files that were skipped and why."""
    result = scan(paths, progress=progress, cancel=cancel)
    summaries = [_summarize_series(files) for files in result.by_series().values()]
    summaries.sort(key=lambda s: (s.study_instance_uid, s.modality, s.series_instance_uid))
    return summaries, result.skipped


def _summarize_series(files: list[ScannedFile]) -> SeriesSummary:
    first = files[0].dataset
    syntaxes = {transfer_syntax_of(f.dataset) for f in files}
    summary = SeriesSummary(
        series_instance_uid=str(first.get("SeriesInstanceUID", "")),
        study_instance_uid=str(first.get("StudyInstanceUID", "")),
        modality=str(first.get("Modality", "")),
        description=str(first.get("SeriesDescription", "")),
        instance_count=len(files),
        transfer_syntaxes={uid: UID(uid).name for uid in sorted(syntaxes)},
    )
    loader = SeriesLoader(files)
    summary.problems.extend(f"{s.path}: {s.reason}" for s in loader.skipped)
    layouts = {f.layout.path: f.layout for plan in loader.plans for f in plan.frames}
    summary.problems.extend(_pixel_problems(layouts.values()))
    for plan, volume in zip(loader.plans, loader.volumes):
        summary.stacks.append(StackSummary(
            shape=volume.shape,
            spacing=tuple(round(float(s), 6) for s in volume.spacing),  # type: ignore[arg-type]
            affine=[[round(float(v), 6) for v in row] for row in volume.affine],
            spacing_kind=str(volume.spacing_kind),
            is_volumetric=volume.is_volumetric,
            tilt_degrees=round(volume.tilt_degrees, 3),
            problems=list(volume.problems),
        ))
    return summary


def _pixel_problems(layouts: Iterable[PixelLayout]) -> list[str]:
    """Files whose pixels will not decode: no decoder, or native data too short."""
    found = []
    for layout in layouts:
        problem = decoder_problem(layout.transfer_syntax_uid)
        if not problem and can_read_natively(layout) and layout.pixel_length is not None:
            expected = layout.frame_bytes * layout.number_of_frames
            if layout.pixel_length < expected:
                problem = f"pixel data truncated ({layout.pixel_length} of {expected} bytes)"
        if not problem and can_read_natively(layout) and layout.pixel_offset is not None:
            size = os.path.getsize(layout.path)
            if layout.pixel_offset + (layout.pixel_length or 0) > size:
                problem = f"file truncated ({size} bytes, pixel data needs {layout.pixel_offset + (layout.pixel_length or 0)})"
        if problem:
            found.append(f"undecodable {layout.path}: {problem}")
    return found
