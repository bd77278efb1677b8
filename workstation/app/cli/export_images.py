"""``export-images --study UID --format jpeg|png [--key-images-only] --out DIR``, headless.

The images are painted by the viewer's own viewport offscreen and written by the same
functions as the window's "Export images" (:func:`tools.qt_image_export.export_viewport_images`):
each image with its default window, corner text, orientation labels and scale bar, file
names with patient ID, study date, series and image number. ``--key-images-only`` takes
the images of the study's newest Key Object Selection (KOS, PS3.3 A.35.4) in the store,
as the report panel saves them.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from workstation.app.cli._output import CliError, ProgressBar, print_json

if TYPE_CHECKING:
    from workstation.model import Volume

#: The long side of an exported image is at least this many pixels, so the corner text stays legible.
MIN_SIDE = 512


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("export-images", help="export a stored study's images as JPEG or PNG")
    p.add_argument("--study", required=True, metavar="UID", help="a study of the local store")
    p.add_argument("--format", required=True, choices=("jpeg", "png"), dest="fmt")
    p.add_argument("--key-images-only", action="store_true", help="only the images of the study's key image note")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--size", default="", metavar="WxH", help="image size (default: the matrix, at least 512 px)")
    p.add_argument("--no-overlays", action="store_true", help="images without corner text and markers")
    p.add_argument("--anonymize", action="store_true", help="no patient name, ID or birth date in corners or names")
    p.add_argument("--json", action="store_true", help="the files written")
    p.set_defaults(run=run_export)


def _volumes(store, study_uid: str, progress) -> list[Volume]:
    """Every image stack of the study, decoded (documents have no stack and are left out)."""
    from workstation.dicomio import SeriesLoader, scan

    series = store.series(study_uid)
    volumes: list[Volume] = []
    for n, record in enumerate(series):
        progress(n, len(series), record.description)
        paths = [i.path for i in store.instances(record.series_instance_uid) if i.path]
        files = scan(paths).files if paths else []
        loader = SeriesLoader(files) if files else None
        if loader is None or not loader.volumes:
            continue
        loader.decode()
        volumes.extend(loader.volumes)
    return volumes


def _key_images(store, study_uid: str, volumes: list[Volume]) -> tuple[list[tuple[Volume, int]], int]:
    """(volume, slice) of each key image found, and how many the note names."""
    from export.sr.study_documents import read_study_documents

    note = read_study_documents(store, study_uid).latest_key_images()
    if note is None or not note.refs:
        raise CliError(f"study {study_uid} has no key images in the local store (no Key Object Selection)")
    where = {(f.sop_instance_uid, f.frame_number): (v, k) for v in volumes for k, f in enumerate(v.frames)}
    return [where[(r.sop_instance_uid, r.frame_number)] for r in note.refs
            if (r.sop_instance_uid, r.frame_number) in where], len(note.refs)


def _size(text: str, volume) -> tuple[int, int]:
    from workstation.app.cli.display import _parse_size

    size = _parse_size(text)
    if size is not None:
        return size
    rows, columns = volume.shape[1:3]
    scale = max(1.0, MIN_SIDE / max(rows, columns))
    return round(columns * scale), round(rows * scale)


def run_export(args: argparse.Namespace) -> int:
    from tools.qt_image_export import export_viewport_images
    from viewer.qt_viewport import QtViewport
    from viewer.sources import StackSource
    from viewer.view_state import ViewState
    from workstation.app.cli.archive import open_store
    from workstation.app.cli.display import _offscreen_app

    store = open_store()
    bar = ProgressBar("Reading the study")
    try:
        if store.study(args.study) is None:
            raise CliError(f"study {args.study} is not in the local store")
        volumes = _volumes(store, args.study, bar)
        if not volumes:
            raise CliError(f"study {args.study} has no images to export")
        if args.key_images_only:
            chosen, named = _key_images(store, args.study, volumes)
            if not chosen:
                raise CliError(f"none of the {named} key image(s) of study {args.study} is in the local store")
            jobs = [(volume, [k]) for volume, k in chosen]
        else:
            named = 0
            jobs = [(volume, list(range(volume.shape[0]))) for volume in volumes]
    finally:
        bar.close()
        store.close()
    _offscreen_app()
    total = sum(len(indices) for _, indices in jobs)
    bar = ProgressBar("Exporting")
    written: list = []
    try:
        for volume, indices in jobs:
            viewport = QtViewport()
            base = len(written)

            def progress(done: int, _total: int, _detail: str = "", base: int = base) -> None:
                bar(base + done, total)

            try:
                viewport.resize(*_size(args.size, volume))
                viewport.set_source(StackSource(volume), ViewState(slice_index=indices[0]))
                written += export_viewport_images(
                    viewport, args.out, indices, args.fmt, overlays=not args.no_overlays,
                    annotations=not args.no_overlays, anonymise=args.anonymize,
                    progress=progress)
            finally:
                viewport.deleteLater()
    except (OSError, ValueError) as exc:
        raise CliError(f"export failed after {len(written)} image(s): {exc}") from exc
    finally:
        bar.close()
    if args.json:
        print_json({"study_instance_uid": args.study, "format": args.fmt, "files": [str(p) for p in written],
                    "key_images_named": named})
    else:
        print(f"wrote {len(written)} {args.fmt.upper()} image(s) to {args.out}"
              + (f" ({len(written)} of {named} key image(s) found)" if args.key_images_only else ""))
    return 0
