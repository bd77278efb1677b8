"""Image export, the Qt half: render frames exactly as a viewport paints them.

Frames are painted by an offscreen twin of the viewport (same source, view state, layers
and overlay switches), so exporting never scrolls or flickers the viewport the user is
reading, and the pixels are those of :meth:`QtViewport.paint_content`. The Qt-free
:mod:`tools.image_export` names and writes them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication

from tools.image_export import (
    ANIMATION_FORMATS,
    IMAGE_FORMATS,
    Progress,
    export_images,
    image_file_name,
    study_folder_name,
    write_animation,
)
from viewer.corner_text import load_templates
from viewer.images import from_qimage
from viewer.qt_viewport import QtViewport
from viewer.sources import StackSource
from viewer.view_state import ViewState, Voi
from workstation.model import OperationCancelled

#: Corner-text fields that identify the patient; dropped when exporting anonymised.
IDENTIFYING_FIELDS = ("{patient_name}", "{patient_id}", "{birth_sex_age}", "{accession}", "{institution}")


def anonymised_templates(templates: dict) -> dict:
    """Corner-text templates without lines that name or identify the patient."""
    out: dict = {}
    for modality, entry in templates.items():
        if isinstance(entry, dict):
            out[modality] = {corner: [line for line in lines if not any(f in line for f in IDENTIFYING_FIELDS)]
                             for corner, lines in entry.items()}
        else:
            out[modality] = entry  # aliases ("DX": "CR") and comments stay as they are
    return out


@contextmanager
def _corner_templates(anonymise: bool) -> Iterator[None]:
    """Paint with anonymised corner text for the duration of the block.

    The viewport reads its templates from a class attribute; rendering is synchronous
    on the GUI thread, so swapping it around the render affects no other painting.
    """
    if not anonymise:
        yield
        return
    original = QtViewport._templates
    QtViewport._templates = anonymised_templates(original if original is not None else load_templates())
    try:
        yield
    finally:
        QtViewport._templates = original


def _twin(viewport: QtViewport, size: tuple[int, int] | None, voi: Voi | None,
          overlays: bool, annotations: bool) -> tuple[QtViewport, tuple[int, int]]:
    """An unshown viewport painting like ``viewport`` at ``size`` (zoom scaled to fit)."""
    assert viewport.source is not None
    width, height = size or (viewport.width(), viewport.height())
    twin = QtViewport()
    twin.resize(width, height)
    state = viewport.state
    if (width, height) != (viewport.width(), viewport.height()):
        factor = min(width / max(viewport.width(), 1), height / max(viewport.height(), 1))
        scale = viewport.current_scale() * factor if state.scale is not None else None
        state = state.with_(scale=scale, pan=(state.pan[0] * factor, state.pan[1] * factor))
    if voi is not None:
        state = state.with_(voi=voi)
    twin.set_source(viewport.source, state)
    twin.layers = list(viewport.layers)
    twin.show_overlays, twin.show_annotations = overlays, annotations
    twin.date_format = viewport.date_format
    return twin, (width, height)


def render_frames(viewport: QtViewport, indices: Sequence[int], *, size: tuple[int, int] | None = None,
                  voi: Voi | None = None, overlays: bool = True, annotations: bool = True,
                  anonymise: bool = False) -> Iterator[np.ndarray]:
    """RGB ``(rows, cols, 3)`` uint8 renderings of slices ``indices`` as ``viewport`` shows them.

    Parameters
    ----------
    size
        Output ``(width, height)``; the viewport's size by default (then the pixels equal
        what is on screen).
    voi
        A window for the export; the viewport's current one by default.
    overlays, annotations
        Corner text, orientation labels, scale bar / measurements and annotations.
    anonymise
        Leave out patient name, ID, birth date, accession and institution from the corners.
    """
    if viewport.source is None:
        raise ValueError(QCoreApplication.translate("ImageExport", "the viewport shows no image"))
    twin, out = _twin(viewport, size, voi, overlays, annotations)
    try:
        for k in indices:
            if not 0 <= k < len(viewport.source):
                raise ValueError(f"slice index must be in 0..{len(viewport.source) - 1}, got {k}")
            twin.set_state(twin.state.with_(slice_index=k), emit=False)
            with _corner_templates(anonymise):
                image = twin.render_image(out)
            yield from_qimage(image)
    finally:
        twin.deleteLater()


def _series_number(source: StackSource) -> int | None:
    series = source.volume.series
    return series.series_number if series is not None else None


def export_viewport_images(viewport: QtViewport, folder: str | Path, indices: Sequence[int], fmt: str = "png", *,
                           size: tuple[int, int] | None = None, voi: Voi | None = None, overlays: bool = True,
                           annotations: bool = True, anonymise: bool = False, quality: int = 92,
                           progress: Progress | None = None, cancel: threading.Event | None = None) -> list[Path]:
    """Export slices of the viewport's series as PNG/JPEG/TIFF files into ``folder``.

    File names carry the patient ID and study date (the study token when anonymised),
    the series number and the 1-based image number.
    """
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"fmt must be one of {sorted(IMAGE_FORMATS)}, got {fmt!r}")
    source = viewport.source
    if not isinstance(source, StackSource):
        raise ValueError(QCoreApplication.translate("ImageExport",
                                                     "only stacks of acquired images can be exported this way"))
    study, series = source.volume.study, _series_number(source)
    extension = IMAGE_FORMATS[fmt][0]
    names = [image_file_name(study, series, k + 1, extension, anonymise=anonymise) for k in indices]
    frames = zip(names, render_frames(viewport, indices, size=size, voi=voi, overlays=overlays,
                                      annotations=annotations, anonymise=anonymise))
    return export_images(frames, folder, fmt, total=len(names), quality=quality, progress=progress, cancel=cancel)


def export_cine(viewport: QtViewport, path: str | Path, fmt: str = "gif", *, fps: float = 10.0,
                indices: Sequence[int] | None = None, size: tuple[int, int] | None = None, voi: Voi | None = None,
                overlays: bool = True, annotations: bool = True, anonymise: bool = False,
                progress: Progress | None = None, cancel: threading.Event | None = None) -> Path:
    """Export the series (or ``indices``) of the viewport as an animated GIF or an MP4."""
    if fmt not in ANIMATION_FORMATS:
        raise ValueError(f"fmt must be one of {sorted(ANIMATION_FORMATS)}, got {fmt!r}")
    if viewport.source is None:
        raise ValueError(QCoreApplication.translate("ImageExport", "the viewport shows no image"))
    indices = list(range(len(viewport.source))) if indices is None else list(indices)
    frames = render_frames(viewport, indices, size=size, voi=voi, overlays=overlays, annotations=annotations,
                           anonymise=anonymise)
    return write_animation(path, frames, fmt, fps=fps, total=len(indices), progress=progress, cancel=cancel)


def export_key_images(viewport: QtViewport, images: Sequence[tuple[StackSource, int]], root: str | Path, *,
                      size: tuple[int, int] = (1024, 1024), overlays: bool = True, annotations: bool = True,
                      anonymise: bool = False, quality: int = 92, progress: Progress | None = None,
                      cancel: threading.Event | None = None) -> list[Path]:
    """JPEG key images for a HIS/EMR: one folder per study under ``root``.

    Each image is painted like ``viewport`` paints (its layers and overlay switches) with
    the image's own default window, fitted to ``size``. Folder and file names carry the
    patient ID and study date (transliterated, ASCII), or an anonymous study token.
    """
    written: list[Path] = []
    for n, (source, k) in enumerate(images):
        if cancel is not None and cancel.is_set():
            raise OperationCancelled("key image export was cancelled")
        if progress is not None:
            progress(n, len(images), "Exporting key images")
        holder = QtViewport()
        try:
            holder.resize(*size)
            holder.set_source(source, ViewState(slice_index=k))
            holder.layers = list(viewport.layers)
            holder.date_format = viewport.date_format
            study = source.volume.study
            folder = Path(root) / study_folder_name(study, anonymise=anonymise)
            name = image_file_name(study, _series_number(source), k + 1, ".jpg", anonymise=anonymise)
            rgb = next(render_frames(holder, [k], size=size, overlays=overlays, annotations=annotations,
                                     anonymise=anonymise))
            written += export_images([(name, rgb)], folder, "jpeg", total=1, quality=quality)
        finally:
            holder.deleteLater()
    if progress is not None:
        progress(len(images), len(images), "Key images exported")
    return written
