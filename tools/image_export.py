"""Image export, the Qt-free half: file names, formats, animations.

Pixels arrive as ``(rows, columns, 3)`` uint8 RGB arrays already rendered the way the
user sees them (:mod:`tools.qt_image_export` renders them with the viewport's own
painter); this module names and writes them.

File names go to other systems (a HIS/EMR, a USB stick, e-mail), so they are plain ASCII:
Vietnamese names are transliterated (``"Nguyễn Văn Ân"`` -> ``"NGUYEN_VAN_AN"``, ``đ`` ->
``d``), anything else unsafe becomes ``_``. With ``anonymise`` no patient name, ID or
birth date appears in a folder or file name; the study is named by a short hash of its
Study Instance UID instead, so the files of one study still group together.

Formats: PNG, JPEG and TIFF through Pillow (already required by highdicom). Animated GIF
through Pillow as well; MP4 needs the optional ``imageio`` + ``imageio-ffmpeg`` packages
and says so clearly when they are missing.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import numpy as np

from workstation.model import OperationCancelled, StudyRecord, WorkstationError
from workstation.model.text import strip_diacritics

Progress = Callable[[int, int, str], None]

#: Still-image formats: name -> (file extension, Pillow format).
IMAGE_FORMATS: dict[str, tuple[str, str]] = {"png": (".png", "PNG"), "jpeg": (".jpg", "JPEG"),
                                             "tiff": (".tif", "TIFF")}
#: Animation formats: name -> file extension.
ANIMATION_FORMATS: dict[str, str] = {"gif": ".gif", "mp4": ".mp4"}

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class MissingDependency(WorkstationError):
    """An optional package needed for this export is not installed (the message says which)."""


def transliterate(text: str) -> str:
    """``text`` in ASCII letters: diacritics dropped, ``đ``/``Đ`` -> ``d``/``D``.

    Vietnamese letters decompose (NFD) into a base letter plus combining marks, except
    ``đ``, which is a letter of its own and is mapped explicitly.
    """
    return strip_diacritics(text).encode("ascii", "ignore").decode("ascii")


def safe_name(text: str, max_length: int = 64) -> str:
    """A file-name part: transliterated, unsafe characters and spaces as ``_``, no dots
    at either end (hidden files, Windows), at most ``max_length`` characters."""
    name = _UNSAFE.sub("_", transliterate(text).strip()).strip("._")
    return name[:max_length].rstrip("._")


def _date_text(value: date | None) -> str:
    return value.strftime("%Y%m%d") if value is not None else "nodate"


def study_token(study: StudyRecord | None) -> str:
    """An anonymous, stable name for a study: ``"study-1a2b3c4d"`` from its UID."""
    uid = study.study_instance_uid if study is not None else ""
    return "study-" + hashlib.sha1(uid.encode("ascii", "ignore")).hexdigest()[:8]


def study_folder_name(study: StudyRecord | None, *, anonymise: bool = False) -> str:
    """``"VN-000123_20240315_NGUYEN_VAN_AN"``; ``"study-1a2b3c4d_20240315"`` when anonymised."""
    when = _date_text(study.study_date if study is not None else None)
    if anonymise or study is None:
        return f"{study_token(study)}_{when}"
    parts = [safe_name(study.patient.patient_id, 32) or "noid", when,
             safe_name(study.patient.display_name, 48).upper()]
    return "_".join(p for p in parts if p)


def image_file_name(study: StudyRecord | None, series_number: int | None, image_number: int, extension: str,
                    *, anonymise: bool = False) -> str:
    """``"VN-000123_20240315_S002_I0007.jpg"``: patient ID and study date first, so files
    of several studies sort by patient in a HIS folder; the study token when anonymised."""
    if not extension.startswith("."):
        raise ValueError(f"extension must start with '.', got {extension!r}")
    when = _date_text(study.study_date if study is not None else None)
    who = study_token(study) if anonymise or study is None else (safe_name(study.patient.patient_id, 32) or "noid")
    series = f"S{series_number:03d}" if series_number is not None else "S000"
    return f"{who}_{when}_{series}_I{image_number:04d}{extension}"


def _check_rgb(rgb: np.ndarray) -> np.ndarray:
    rgb = np.asarray(rgb)
    if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
        raise ValueError(f"rgb must be a (rows, columns, 3) uint8 array, got {rgb.dtype} {rgb.shape}")
    return np.ascontiguousarray(rgb)


def write_image(path: str | Path, rgb: np.ndarray, fmt: str, *, quality: int = 92) -> Path:
    """Write one RGB image as ``fmt`` (``"png"``, ``"jpeg"``, ``"tiff"``).

    JPEG ``quality`` 92 keeps fine bone and lung detail visible in a report; PNG and TIFF
    are lossless (TIFF uses Deflate compression).
    """
    from PIL import Image

    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"fmt must be one of {sorted(IMAGE_FORMATS)}, got {fmt!r}")
    if not 1 <= quality <= 100:
        raise ValueError(f"quality must be in 1..100, got {quality}")
    path = Path(path)
    image = Image.fromarray(_check_rgb(rgb), "RGB")
    options = {"JPEG": {"quality": quality, "subsampling": 0}, "TIFF": {"compression": "tiff_adobe_deflate"},
               "PNG": {}}[IMAGE_FORMATS[fmt][1]]
    image.save(path, IMAGE_FORMATS[fmt][1], **options)
    return path


def export_images(frames: Iterable[tuple[str, np.ndarray]], folder: str | Path, fmt: str, *, total: int = 0,
                  quality: int = 92, progress: Progress | None = None,
                  cancel: threading.Event | None = None) -> list[Path]:
    """Write ``(file name, rgb)`` pairs into ``folder`` (created); returns the paths.

    Raises
    ------
    OperationCancelled
        When ``cancel`` is set; files already written stay.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for n, (name, rgb) in enumerate(frames):
        if cancel is not None and cancel.is_set():
            raise OperationCancelled("image export was cancelled")
        if progress is not None:
            progress(n, total, f"Exporting {name}")
        written.append(write_image(folder / name, rgb, fmt, quality=quality))
    if progress is not None:
        progress(len(written), total or len(written), "Export finished")
    return written


def mp4_available() -> bool:
    """True when ``imageio`` with its ffmpeg plugin can write MP4."""
    try:
        import imageio.v2  # noqa: F401
        import imageio_ffmpeg  # noqa: F401
    except ImportError:
        return False
    return True


def write_animation(path: str | Path, frames: Iterable[np.ndarray], fmt: str, *, fps: float = 10.0,
                    total: int = 0, progress: Progress | None = None,
                    cancel: threading.Event | None = None) -> Path:
    """Write a cine as an animated GIF (Pillow) or an MP4 (H.264, needs imageio-ffmpeg).

    Raises
    ------
    MissingDependency
        For MP4 without ``imageio`` and ``imageio-ffmpeg``.
    OperationCancelled
        When ``cancel`` is set (no file is left behind).
    """
    if fmt not in ANIMATION_FORMATS:
        raise ValueError(f"fmt must be one of {sorted(ANIMATION_FORMATS)}, got {fmt!r}")
    if not fps > 0:
        raise ValueError(f"fps must be > 0, got {fps}")
    if fmt == "mp4" and not mp4_available():
        raise MissingDependency("MP4 export needs the optional packages imageio and imageio-ffmpeg "
                                "(pip install imageio imageio-ffmpeg); animated GIF works without them")
    path = Path(path)
    collected = []
    for n, rgb in enumerate(frames):
        if cancel is not None and cancel.is_set():
            raise OperationCancelled("cine export was cancelled")
        if progress is not None:
            progress(n, total, "Rendering frames")
        collected.append(_check_rgb(rgb))
    if not collected:
        raise ValueError("a cine needs at least one frame")
    if fmt == "gif":
        from PIL import Image

        images = [Image.fromarray(rgb, "RGB") for rgb in collected]
        images[0].save(path, "GIF", save_all=True, append_images=images[1:], duration=round(1000.0 / fps), loop=0)
    else:
        _write_mp4(path, collected, fps)
    if progress is not None:
        progress(len(collected), len(collected), "Cine exported")
    return path


def _write_mp4(path: Path, frames: list[np.ndarray], fps: float) -> None:
    import imageio.v2 as imageio

    # H.264 in yuv420p needs even sizes: pad by one black row/column when odd.
    rows, cols = frames[0].shape[:2]
    pad = ((0, rows % 2), (0, cols % 2), (0, 0))
    with imageio.get_writer(path, format="FFMPEG", mode="I", fps=fps, codec="libx264",
                            pixelformat="yuv420p", macro_block_size=1) as writer:
        for rgb in frames:
            writer.append_data(np.pad(rgb, pad))
