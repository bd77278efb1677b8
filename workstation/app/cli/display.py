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


def run_snapshot(args: argparse.Namespace) -> int:
    from rendering.voi import initial_voi, volume_to_display
    from viewer.images import save_image
    from workstation.dicomio import SeriesLoader, scan

    result = scan([args.path])
    series = result.by_series()
    if args.series:
        files = series.get(args.series)
        if files is None:
            raise CliError(f"series {args.series} is not under {args.path}")
    else:
        images = {uid: fs for uid, fs in series.items() if SeriesLoader(fs).volumes}
        if not images:
            raise CliError(f"no images under {args.path}")
        files = max(images.values(), key=len)
    loader = SeriesLoader(files)
    if not loader.volumes:
        raise CliError("the series has no images")
    volume = loader.volumes[0]
    k = volume.shape[0] // 2 if args.slice is None else args.slice
    if not 0 <= k < volume.shape[0]:
        raise CliError(f"--slice must be 0..{volume.shape[0] - 1}, got {k}")
    loader.decode(first=(0, k))
    if k in volume.failed:
        raise CliError(f"slice {k} cannot be decoded: {volume.failed[k]}")
    if volume.is_colour:
        image = volume.pixels[k]
    else:
        voi = parse_window(args.window) if args.window else initial_voi(volume, k)
        image = volume_to_display(volume, volume.pixels[k], voi)
    save_image(image, args.out)
    print(f"wrote {args.out} ({image.shape[1]}x{image.shape[0]}, slice {k} of {volume.shape[0]})")
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
    from workstation.app.gui import run_gui

    return run_gui(argv)
