"""``snapshot``, ``demo`` and starting the GUI."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from workstation.app.cli._output import CliError, ProgressBar


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("snapshot", help="render one image of a series to PNG, headless")
    p.add_argument("path", metavar="PATH", help="a file, folder or DICOMDIR")
    p.add_argument("--out", required=True, metavar="FILE.png")
    p.add_argument("--series", default="", metavar="UID", help="series to show (default: the largest)")
    p.add_argument("--slice", type=int, default=None, metavar="K",
                   help="0-based slice in position order (default: the middle slice)")
    p.add_argument("--window", default="", metavar="CENTER,WIDTH",
                   help="window in modality units, e.g. 40,400 (default: the file's first window)")
    p.add_argument("--view", choices=VIEWS, default="",
                   help="a reformatted view of the series instead of an acquired slice (fusion: the largest "
                        "series as base, the next as overlay)")
    p.add_argument("--layout", default="", metavar="RxC",
                   help="draw the study as the viewer hangs it, in this layout (e.g. 2x2, 1+2)")
    p.add_argument("--overlays", action="store_true",
                   help="draw through the viewport: corner text, orientation labels, scale bar")
    p.add_argument("--size", default="", metavar="WxH", help="output size in pixels (viewport paths)")
    p.set_defaults(run=run_snapshot)

    p = commands.add_parser("demo", help="generate demo studies into the local store and open the viewer")
    p.add_argument("--size", choices=("small", "full"), default="small")
    p.add_argument("--no-gui", action="store_true", help="only generate and import the studies")
    p.set_defaults(run=run_demo)


def parse_window(text: str):
    from workstation.model import Window

    try:
        center, width = (float(v) for v in text.split(","))
        return Window(center, width, "command line")
    except ValueError as exc:
        raise CliError(f"--window must be CENTER,WIDTH with WIDTH >= 1, got {text!r}", 2) from exc


VIEWS = ("axial", "coronal", "sagittal", "oblique", "mip", "vr", "fusion")


def _parse_size(text: str) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError as exc:
        raise CliError(f"--size must be WxH, e.g. 1024x768, got {text!r}", 2) from exc
    if not (16 <= w <= 8192 and 16 <= h <= 8192):
        raise CliError(f"--size must be 16..8192 pixels each way, got {text!r}", 2)
    return w, h


def _loaders(path: str, series_uid: str):
    """Planned loaders of the series under ``path``: the chosen one first, else largest first."""
    from workstation.dicomio import SeriesLoader, scan

    series = scan([path]).by_series()
    if series_uid and series_uid not in series:
        raise CliError(f"series {series_uid} is not under {path}")
    loaders = [(uid, SeriesLoader(files)) for uid, files in series.items()]
    loaders = [(uid, loader) for uid, loader in loaders if loader.volumes]
    if not loaders:
        raise CliError(f"no images under {path}")
    loaders.sort(key=lambda item: (item[0] != series_uid, -item[1].frame_count))
    return loaders


def run_snapshot(args: argparse.Namespace) -> int:
    from rendering.voi import initial_voi, volume_to_display
    from viewer.images import save_image

    size = _parse_size(args.size)
    loaders = _loaders(args.path, args.series)
    if args.layout:
        return _snapshot_layout(args, loaders, size)
    if args.view:
        return _snapshot_view(args, loaders, size)
    loader = loaders[0][1]
    volume = loader.volumes[0]
    k = volume.shape[0] // 2 if args.slice is None else args.slice
    if not 0 <= k < volume.shape[0]:
        raise CliError(f"--slice must be 0..{volume.shape[0] - 1}, got {k}")
    loader.decode(first=(0, k))
    if k in volume.failed:
        raise CliError(f"slice {k} cannot be decoded: {volume.failed[k]}")
    if args.overlays:
        return _snapshot_viewport(args, volume, k, size)
    if volume.is_colour:
        image = volume.pixels[k]
    else:
        voi = parse_window(args.window) if args.window else initial_voi(volume, k)
        image = volume_to_display(volume, volume.pixels[k], voi)
    save_image(image, args.out)
    print(f"wrote {args.out} ({image.shape[1]}x{image.shape[0]}, slice {k} of {volume.shape[0]})")
    return 0


def _offscreen_app():
    """A Qt application for headless drawing (offscreen unless a platform was chosen)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from workstation.app.gui import create_application

    return create_application([])


def _save_qimage(image, path: str) -> None:
    if not image.save(path):
        raise CliError(f"could not write {path}")


def _snapshot_viewport(args: argparse.Namespace, volume, k: int, size) -> int:
    """One viewport exactly as the viewer draws it (overlays included)."""
    from viewer.qt_viewport import QtViewport
    from viewer.sources import StackSource
    from viewer.view_state import ViewState

    _offscreen_app()
    viewport = QtViewport()
    viewport.resize(*(size or (768, 768)))
    state = ViewState(slice_index=k, voi=parse_window(args.window) if args.window else None)
    viewport.set_source(StackSource(volume), state)
    _save_qimage(viewport.render_image(overlays=True), args.out)
    print(f"wrote {args.out} (viewport with overlays, slice {k} of {volume.shape[0]})")
    return 0


def _snapshot_layout(args: argparse.Namespace, loaders, size) -> int:
    """The study as the viewer hangs it, in the requested layout."""
    from tools.clipboard import grid_image
    from viewer.layouts import parse_layout
    from viewer.qt_study_view import QtStudyView
    from viewer.view_state import ViewState

    try:
        spec = parse_layout(args.layout)
    except ValueError as exc:
        raise CliError(str(exc), 2) from exc
    _offscreen_app()
    view = QtStudyView()
    view.resize(*(size or (1280, 960)))
    keys = []
    for uid, loader in loaders:
        loader.decode()
        for index, volume in enumerate(loader.volumes):
            keys.append(f"{uid}#{index}")
            view.add_stack(keys[-1], volume)
    view.set_layout(spec)
    view.strip.hide()
    window = parse_window(args.window) if args.window else None
    for viewport, key in zip(view.grid.viewports, keys):
        volume = view.stacks[key].volume
        middle = volume.shape[0] // 2 if volume.is_volumetric else 0
        view.show_stack(key, viewport, ViewState(slice_index=middle, voi=window))
        viewport.show_overlays = args.overlays
    view.show()
    _save_qimage(grid_image(view.grid, overlays=args.overlays), args.out)
    print(f"wrote {args.out} ({spec.name}, {min(len(keys), len(view.grid.viewports))} series shown)")
    return 0


def _snapshot_view(args: argparse.Namespace, loaders, size) -> int:
    """An MPR / MIP / VR / fusion view rendered by the rendering package."""
    from rendering.views import render_view
    from viewer.images import save_image

    volumes = []
    for _uid, loader in loaders[: 2 if args.view == "fusion" else 1]:
        loader.decode()
        volumes.append(loader.volumes[0])
    if args.view == "fusion" and len(volumes) < 2:
        raise CliError("fusion needs two series under PATH (e.g. a CT and a PET)")
    if args.view != "vr" and not volumes[0].is_volumetric:
        raise CliError(f"the series is not a volume, so it has no {args.view} view: "
                       + ("; ".join(volumes[0].problems) or "single image or irregular stack"))
    window = parse_window(args.window) if args.window else None
    try:
        pixels = render_view(args.view, volumes, size or (512, 512), window)
    except (RuntimeError, ValueError) as exc:
        raise CliError(f"{args.view} view failed: {exc}") from exc
    save_image(pixels, args.out)
    print(f"wrote {args.out} ({args.view} view, {pixels.shape[1]}x{pixels.shape[0]})")
    return 0


def has_display() -> bool:
    """Whether a GUI can open: a platform plugin was chosen, or a desktop session exists."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def run_demo(args: argparse.Namespace) -> int:
    from workstation.app.cli.archive import open_store
    from workstation.phantoms import write_demo_studies

    with tempfile.TemporaryDirectory(prefix="workstation-demo-") as tmp:
        print("generating demo studies ...")
        write_demo_studies(tmp, size=args.size)
        store = open_store()
        bar = ProgressBar("Importing")
        try:
            report = store.import_paths([tmp], progress=bar)
        finally:
            bar.close()
            store.close()
    print(report.summary())
    if args.no_gui:
        return 0
    if not has_display():
        raise CliError("no display to open the viewer on (DISPLAY is not set); the demo studies are in the local "
                       "store: run `workstation` on a desktop, or `xvfb-run workstation`")
    return start_gui([])


def start_gui(argv: list[str]) -> int:
    if not has_display():
        print("workstation: no display to open the viewer on (DISPLAY is not set). "
              "Use a desktop session, `xvfb-run workstation`, or the command-line commands "
              "(`workstation --help`).", file=sys.stderr)
        return 1
    from workstation.app import instance
    from workstation.app.gui import create_application, run_gui
    from workstation.app.logfile import start_file_log

    app = create_application(argv)
    try:
        running = instance.request({"action": "raise"}, reply_timeout_s=10)
    except instance.InstanceError as exc:
        running = None
        print(f"workstation: {exc}; starting another window", file=sys.stderr)
    if running is not None:
        print(f"workstation: already running (process {running.get('pid')}); its window was brought to the front. "
              "Open a study there with `workstation open --study UID`.", file=sys.stderr)
        return 0
    instance.serve_main_window(app)
    start_file_log()
    return run_gui(argv)
