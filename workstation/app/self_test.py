"""``workstation --self-test``: check, headless, that this installation can read and show studies.

Meant for the installed bundle on a reading station (and for CI on a fresh machine): a
PyInstaller bundle that lacks a codec plugin, a Qt image plugin, a data file of highdicom
or an OpenGL library fails here with a named part, instead of in front of a radiologist.
Each part compares against analytic ground truth from :mod:`workstation.phantoms`:

========  ==================================================================================
phantom   write a CT phantom, scan and load it: shape, affine and every HU value exact
codecs    the phantom written as JPEG 2000, JPEG-LS and RLE lossless (PS3.5 A.4) through
          pydicom's encoders, decoded by :mod:`workstation.dicomio`: every value exact
qt        Qt's platform plugins (offscreen, and the desktop one when there is a display)
          load, and the image writers for PNG/JPEG/TIFF exist
2d        the middle slice through the VOI LUT (PS3.3 C.11.2) to a PNG, read back equal; the
          patient-left marker on the right of the screen (radiological convention)
mpr       a coronal MPR (``vtkImageReslice``, nearest) equals the scene sampled on that plane
vr        a volume-rendered frame offscreen (OSMesa or EGL) to PNG, after a crash-safe
          OpenGL check in a child process (:mod:`workstation.app.gl_check`)
sr        a TID 1500 Comprehensive 3D SR with the phantom ruler's length (highdicom), re-read
          and compared; ``dciodvfy`` when installed
========  ==================================================================================

Pure logic: :func:`run_self_test` returns one :class:`PartResult` per part; only the 2D
part's PNG goes through Qt (``QImage``, no QApplication).
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from workstation import __version__
from workstation.model import Volume
from workstation.model.errors import OperationCancelled

Progress = Callable[[int, int, str], None]

#: Small enough to run in a few seconds on 2 cores, large enough for the ruler and markers.
PHANTOM_SHAPE = (24, 64, 64)
PHANTOM_SPACING = (4.0, 4.0, 4.0)
CODEC_SHAPE = (6, 32, 32)  # enough files per codec for the decoding processes to be used
SNAPSHOT_SIZE = (256, 256)


@dataclass(frozen=True)
class PartResult:
    """Outcome of one part of the self-test."""

    name: str
    passed: bool
    detail: str
    seconds: float

    def line(self) -> str:
        return f"{self.name}: {'PASS' if self.passed else 'FAIL'} ({self.seconds:.2f} s) {self.detail}"


class PartFailed(Exception):
    """A check of a part did not hold; the message says what was expected and what came."""


@dataclass
class _Context:
    """What later parts reuse from earlier ones."""

    out_dir: Path
    series: object | None = None  #: the phantom's PhantomSeries
    volume: Volume | None = None
    files: dict[str, Path] = field(default_factory=dict)


def _load(folder: Path) -> Volume:
    from workstation.dicomio import SeriesLoader, scan

    groups = scan([str(folder)]).by_series()
    if len(groups) != 1:
        raise PartFailed(f"expected 1 series in {folder}, found {len(groups)}")
    loader = SeriesLoader(next(iter(groups.values())))
    if len(loader.volumes) != 1:
        raise PartFailed(f"expected 1 volume, the loader planned {len(loader.volumes)}")
    loader.decode(workers=2)
    volume = loader.volumes[0]
    if volume.failed:
        k, reason = next(iter(volume.failed.items()))
        raise PartFailed(f"{len(volume.failed)} slice(s) failed to decode, e.g. slice {k}: {reason}")
    return volume


def _compare_with_truth(volume: Volume, series) -> None:
    """Shape, affine and every modality value against the phantom's analytic scene."""
    if volume.shape != series.shape:
        raise PartFailed(f"shape {volume.shape}, expected {series.shape}")
    if not np.allclose(volume.affine, series.affine, atol=1e-4):
        raise PartFailed(f"affine\n{volume.affine}\nexpected\n{series.affine}")
    z, y, x = np.indices(volume.shape, dtype=float)
    points = series.stack.index_to_space(np.stack([x, y, z], axis=-1))
    expected = series.scene.sample(points)
    got = volume.to_modality(volume.pixels)
    wrong = np.abs(got - expected) > 1e-3
    if wrong.any():
        k, j, i = (int(v[0]) for v in np.nonzero(wrong))
        raise PartFailed(f"{int(wrong.sum())} voxels differ, e.g. (slice {k}, row {j}, column {i}): "
                         f"{got[k, j, i]:g} instead of {expected[k, j, i]:g}")


def _phantom(ctx: _Context) -> str:
    from workstation.phantoms import write_ct

    series = write_ct(ctx.out_dir / "phantom", shape=PHANTOM_SHAPE, spacing=PHANTOM_SPACING)
    volume = _load(ctx.out_dir / "phantom")
    _compare_with_truth(volume, series)
    ctx.series, ctx.volume = series, volume
    z, y, x = volume.shape
    return f"CT {x}x{y}x{z} loaded; geometry and all {volume.pixels.size} HU values match the phantom"


def _codecs(ctx: _Context) -> str:
    from pydicom.uid import UID, JPEG2000Lossless, JPEGLSLossless, RLELossless

    from workstation.dicomio import decoder_problem
    from workstation.dicomio.decode_processes import running_workers
    from workstation.phantoms import write_ct

    names = []
    for uid in (JPEG2000Lossless, JPEGLSLossless, RLELossless):
        name = UID(uid).name
        problem = decoder_problem(uid)
        if problem:
            raise PartFailed(f"{name}: {problem}")
        folder = ctx.out_dir / "codecs" / uid
        series = write_ct(folder, shape=CODEC_SHAPE, spacing=(8.0, 8.0, 8.0), transfer_syntax=uid)
        try:
            _compare_with_truth(_load(folder), series)
        except PartFailed as exc:
            raise PartFailed(f"{name}: {exc}") from exc
        names.append(name)
    workers = running_workers()
    where = f"in {workers} worker processes" if workers else "in threads"
    return f"encoded and decoded exactly ({where}): {', '.join(names)}"


def _qt(ctx: _Context) -> str:
    from PySide6.QtGui import QImageWriter

    from workstation.app.cli.display import has_display
    from workstation.app.gl_check import platform_candidates, qt_platform_problem

    checked = ["offscreen"]
    problem = qt_platform_problem(["offscreen"])
    if problem is None and has_display():
        checked = platform_candidates()
        problem = qt_platform_problem(checked)
    if problem:
        raise PartFailed(problem)
    formats = {bytes(f).decode() for f in QImageWriter.supportedImageFormats()}
    missing = {"png", "jpeg", "tiff"} - formats
    if missing:
        raise PartFailed(f"Qt cannot write {', '.join(sorted(missing))} images (imageformats plugins missing)")
    return f"platform plugin {' or '.join(checked)} loads; PNG, JPEG and TIFF writers present"


def _needs_phantom(ctx: _Context) -> tuple[Volume, object]:
    if ctx.volume is None or ctx.series is None:
        raise PartFailed("skipped: needs the phantom, which failed")
    return ctx.volume, ctx.series


def _save_png(pixels: np.ndarray, path: Path) -> None:
    """Write through Qt and read back: the bundle's PNG writer and reader both work."""
    from PySide6.QtGui import QImage

    from viewer.images import from_qimage, save_image

    save_image(pixels, str(path))
    back = from_qimage(QImage(str(path)))
    rgb = np.repeat(pixels[..., None], 3, axis=2) if pixels.ndim == 2 else pixels
    if back.shape != rgb.shape or not np.array_equal(back, rgb):
        raise PartFailed(f"{path.name} read back differently from what was written")


def _render_2d(ctx: _Context) -> str:
    from rendering.voi import initial_voi, volume_to_display

    volume, series = _needs_phantom(ctx)
    k = volume.shape[0] // 2
    display = volume_to_display(volume, volume.pixels[k], initial_voi(volume, k))
    path = ctx.out_dir / "slice.png"
    _save_png(display, path)
    ctx.files["2d"] = path
    left = next(m for m in series.markers if m.label == "left")
    z, y, x = np.indices((1,) + display.shape, dtype=float)
    points = series.stack.index_to_space(np.stack([x, y, z + k], axis=-1))[0]
    inside = left.contains(points[..., 0], points[..., 1], points[..., 2])
    columns = np.nonzero(inside)[1]
    if columns.size == 0 or columns.min() < display.shape[1] // 2 or display[inside].min() < 250:
        raise PartFailed("the patient-left marker is not shown white on the right of the axial image")
    return f"slice {k} through the VOI LUT to {path.name}; patient left is on the right"


def _mpr(ctx: _Context) -> str:
    from rendering.planes import SlicePlane
    from rendering.reslice import reslice
    from rendering.views import render_view

    volume, series = _needs_phantom(ctx)
    depth, rows, columns = volume.shape
    # coronal through a voxel row, on the voxel grid: nearest sampling must be exact
    top = volume.index_to_patient((0.0, rows // 2, depth - 1))
    dx, _, dz = PHANTOM_SPACING
    plane = SlicePlane(np.asarray(top, dtype=float), np.array([1.0, 0.0, 0.0]), np.array([0.0, 0.0, -1.0]),
                       (dx, dz), (columns, depth))
    got = volume.to_modality(reslice(volume, plane, "nearest"))
    expected = series.scene.sample_plane(plane.origin, plane.row, plane.column, plane.spacing, (depth, columns))
    wrong = np.abs(got - expected) > 1e-3
    if wrong.any():
        raise PartFailed(f"coronal MPR: {int(wrong.sum())} of {wrong.size} pixels differ from the phantom")
    path = ctx.out_dir / "coronal.png"
    _save_png(render_view("coronal", [volume], SNAPSHOT_SIZE), path)
    ctx.files["mpr"] = path
    return f"coronal MPR equals the phantom on all {wrong.size} pixels; {path.name} written"


def _vr(ctx: _Context) -> str:
    from workstation.app.gl_check import check_opengl

    volume, _ = _needs_phantom(ctx)
    status = check_opengl("offscreen")
    if not status.ok:
        raise PartFailed(f"no OpenGL: {status.detail}")
    from rendering.views import render_view

    pixels = render_view("vr", [volume], SNAPSHOT_SIZE)
    background = pixels[0, 0].astype(int)
    drawn = np.abs(pixels.astype(int) - background).sum(axis=2) > 30
    if drawn.mean() < 0.01:  # the default CT preset shows the phantom's dense parts: ~3 %
        raise PartFailed(f"the volume-rendered frame is nearly empty ({drawn.mean():.1%} of pixels drawn)")
    path = ctx.out_dir / "vr.png"
    _save_png(pixels, path)
    ctx.files["vr"] = path
    return f"{path.name} written ({drawn.mean():.0%} of pixels drawn) with {status.window_class}: {status.detail}"


def _sr(ctx: _Context) -> str:
    import highdicom as hd
    from pydicom import dcmread
    from pydicom.sr.codedict import codes

    _, series = _needs_phantom(ctx)
    ruler = series.rulers[0]
    evidence = [dcmread(p, stop_before_pixels=True) for p in series.paths]
    group = hd.sr.PlanarROIMeasurementsAndQualitativeEvaluations(
        tracking_identifier=hd.sr.TrackingIdentifier(uid=hd.UID(), identifier="self-test ruler"),
        referenced_region=hd.sr.ImageRegion3D(
            graphic_type=hd.sr.GraphicTypeValues3D.POLYLINE, graphic_data=np.array([ruler.start, ruler.end]),
            frame_of_reference_uid=series.frame_of_reference_uid),
        measurements=[hd.sr.Measurement(name=codes.SCT.Length, value=ruler.length, unit=codes.UCUM.Millimeter)])
    observer = hd.sr.ObserverContext(
        observer_type=codes.DCM.Person,
        observer_identifying_attributes=hd.sr.PersonObserverIdentifyingAttributes(name="Tự^Kiểm^Tra"))
    report = hd.sr.MeasurementReport(observation_context=hd.sr.ObservationContext(observer_person_context=observer),
                                     procedure_reported=codes.LN.CTUnspecifiedBodyRegion,
                                     imaging_measurements=[group])
    sr = hd.sr.Comprehensive3DSR(evidence=evidence, content=report, series_instance_uid=hd.UID(), series_number=99,
                                 sop_instance_uid=hd.UID(), instance_number=1, manufacturer="workstation",
                                 is_complete=True, is_final=False)
    sr.SpecificCharacterSet = "ISO_IR 192"
    path = ctx.out_dir / "report_sr.dcm"
    sr.save_as(path, enforce_file_format=True)
    ctx.files["sr"] = path
    back = hd.sr.srread(path)
    groups = back.content.get_planar_roi_measurement_groups()
    lengths = [m for g in groups for m in g.get_measurements(name=codes.SCT.Length)]
    if len(lengths) != 1 or abs(float(lengths[0].value) - ruler.length) > 1e-6:
        raise PartFailed(f"re-read SR holds {[float(m.value) for m in lengths]} mm, expected [{ruler.length:g}]")
    if str(back.PatientName) != str(evidence[0].PatientName):
        raise PartFailed(f"patient name {back.PatientName!s} instead of {evidence[0].PatientName!s}")
    return f"TID 1500 SR with the {ruler.length:g} mm ruler re-read equal; {_dciodvfy(path)}"


def _dciodvfy(path: Path) -> str:
    """``dciodvfy``'s verdict when installed (the reading station usually has none)."""
    tool = shutil.which("dciodvfy")
    if tool is None:
        return "dciodvfy not installed, not run"
    done = subprocess.run([tool, str(path)], check=False, capture_output=True, text=True, timeout=60)
    errors = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("Error")]
    if errors:
        raise PartFailed(f"dciodvfy: {errors[0]}" + (f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""))
    return "dciodvfy: no errors"


#: Parts in the order they run (later ones reuse the phantom).
PARTS: tuple[tuple[str, Callable[[_Context], str]], ...] = (
    ("phantom", _phantom), ("codecs", _codecs), ("qt", _qt), ("2d", _render_2d), ("mpr", _mpr),
    ("vr", _vr), ("sr", _sr),
)


def run_self_test(
    out_dir: str | Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    report: Callable[[PartResult], None] | None = None,
) -> list[PartResult]:
    """Run every part into ``out_dir`` (created; PNGs, SR and phantom files stay there).

    A part that raises is a failure with the exception's text; later parts still run.
    ``report`` gets each result as soon as it is known (the CLI prints it).
    """
    ctx = _Context(Path(out_dir))
    ctx.out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for i, (name, part) in enumerate(PARTS):
        if cancel is not None and cancel.is_set():
            raise OperationCancelled(f"self-test cancelled before {name}")
        if progress is not None:
            progress(i, len(PARTS), name)
        start = time.perf_counter()
        try:
            result = PartResult(name, True, part(ctx), time.perf_counter() - start)
        except PartFailed as exc:
            result = PartResult(name, False, str(exc), time.perf_counter() - start)
        except Exception as exc:  # noqa: BLE001 - a missing module or plugin in a bundle: report it, run the rest
            result = PartResult(name, False, f"{type(exc).__name__}: {exc}", time.perf_counter() - start)
        results.append(result)
        if report is not None:
            report(result)
    if progress is not None:
        progress(len(PARTS), len(PARTS), "done")
    return results


def main(out_dir: str | None = None) -> int:
    """Print one line per part and a summary; exit code 0 when every part passed."""
    where = "bundle" if getattr(sys, "frozen", False) else "source"
    print(f"workstation {__version__} self-test ({where}, Python {platform.python_version()}, "
          f"{platform.system()} {platform.machine()})", flush=True)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="workstation-self-test-") as tmp:
        results = run_self_test(out_dir or tmp, report=lambda r: print(r.line(), flush=True))
    failed = [r.name for r in results if not r.passed]
    total = time.perf_counter() - start
    if failed:
        print(f"self-test: FAIL ({', '.join(failed)} of {len(results)} parts failed, {total:.1f} s)")
        return 1
    kept = f"; files in {out_dir}" if out_dir else ""
    print(f"self-test: PASS ({len(results)} parts, {total:.1f} s{kept})")
    return 0
