"""``export-media`` and ``burn``: patient CDs/DVDs/USB sticks from the command line.

``workstation export-media --study UID [--study UID]... (--folder DIR | --iso FILE)
[--viewer] [--anonymize] [--label TEXT]`` writes the IHE PDI layout (DICOMDIR, DICOM/,
INDEX.HTM, README.TXT, the portable viewer) into a folder or as ISO image(s);
``workstation burn --iso FILE [--device DEV] [--verify]`` burns an image.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from workstation.app.cli._output import CliError, ProgressBar, print_json

DISCS = {"cd": "cd", "dvd": "dvd", "dvd-dl": "dvd-dl", "unlimited": "iso"}


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("export-media", help="write studies as a patient disc image (ISO) or a USB folder "
                                                 "(IHE PDI: DICOMDIR, index, portable viewer)")
    p.add_argument("--study", action="append", required=True, metavar="UID", dest="studies",
                   help="Study Instance UID in the local store (repeat for several)")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--folder", metavar="DIR", help="write the disc layout into DIR (e.g. a USB stick)")
    where.add_argument("--iso", metavar="FILE", help="write an ISO image (FILE-1of2.iso ... when it needs several)")
    p.add_argument("--disc", choices=sorted(DISCS), default="cd",
                   help="disc size for --iso: studies are split over several images when they do not fit")
    p.add_argument("--viewer", action="store_true", help="put the portable viewer on the disc")
    p.add_argument("--viewer-bundle", metavar="DIR", default="",
                   help="the viewer bundle folder (default: this program's own bundle when installed)")
    p.add_argument("--anonymize", action="store_true", help="de-identify (PS3.15 basic profile)")
    p.add_argument("--label", default="", help="disc label and index title (default: the patient's name)")
    p.add_argument("--no-previews", action="store_true", help="no JPEG previews or reports in the index")
    p.add_argument("--no-split", action="store_true", help="fail instead of splitting a study over discs")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_export)

    p = commands.add_parser("burn", help="burn an ISO image to a CD/DVD, or list the burners")
    p.add_argument("--iso", metavar="FILE", help="the image to burn")
    p.add_argument("--device", default="", metavar="DEV",
                   help="the burner (see --list-devices); stdio:FILE writes a simulated disc into FILE")
    p.add_argument("--verify", action="store_true", help="read the disc back and compare checksums")
    p.add_argument("--simulate", action="store_true", help="run the drive without writing (dummy burn)")
    p.add_argument("--list-devices", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_burn)


def default_viewer_bundle() -> Path | None:
    """This program's own bundle when it runs frozen (PyInstaller one-folder), else the
    ``dist/workstation`` a development build leaves in the source tree."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    built = Path(__file__).resolve().parents[3] / "dist" / "workstation"
    return built if built.is_dir() else None


def run_export(args: argparse.Namespace) -> int:
    from export.media import DoesNotFitError, MediaOptions, MediaType, MissingFilesError, export_media, study_paths
    from workstation.app.cli.archive import open_store

    bundle = None
    if args.viewer or args.viewer_bundle:
        bundle = Path(args.viewer_bundle) if args.viewer_bundle else default_viewer_bundle()
        if bundle is None:
            raise CliError("no viewer bundle to put on the disc: build one (scripts/build_bundle.sh) or give "
                           "--viewer-bundle DIR", 2)
    media_type = MediaType.USB if args.folder else MediaType(DISCS[args.disc])
    options = MediaOptions(media_type=media_type, label=args.label,
                           viewer_bundle=os.fspath(bundle) if bundle else None, anonymize=args.anonymize,
                           previews=not args.no_previews, allow_split=not args.no_split)
    store = open_store()
    try:
        try:
            paths = study_paths(store, args.studies)
        except ValueError as exc:
            raise CliError(str(exc)) from exc
        bar = ProgressBar("Exporting")
        try:
            report = export_media(paths, args.folder or args.iso, options, progress=bar)
        except (MissingFilesError, DoesNotFitError, FileExistsError, FileNotFoundError) as exc:
            raise CliError(str(exc)) from exc
        finally:
            bar.close()
    finally:
        store.close()
    if args.json:
        print_json({"outputs": [str(p) for p in report.outputs], "profiles": [d.profile for d in report.discs],
                    "instances": [d.instance_count for d in report.discs], "warnings": report.warnings})
        return 0
    print(report.summary())
    for warning in report.warnings:
        print(f"  warning: {warning}")
    return 0


def run_burn(args: argparse.Namespace) -> int:
    from export.media.burners import BurnError, burn_image, default_burner

    burner = default_burner()
    if args.list_devices:
        devices = burner.devices()
        if args.json:
            print_json({"burner": burner.name, "available": burner.available(),
                        "devices": [{"device": d.device, "description": d.description} for d in devices]})
        elif not burner.available():
            print(f"{burner.name} is not installed: no burning possible here")
        else:
            print("\n".join(str(d) for d in devices) or f"{burner.name}: no disc writer found")
        return 0
    if not args.iso:
        raise CliError("give --iso FILE to burn (or --list-devices)", 2)
    device = args.device or next((d.device for d in burner.devices()), "")
    if not device:
        raise CliError(f"{burner.name} finds no disc writer: give --device (stdio:FILE writes a simulated disc)")
    bar = ProgressBar("Burning")
    try:
        result = burn_image(args.iso, device, burner=burner, verify=args.verify, simulate=args.simulate,
                            progress=bar)
    except (BurnError, FileNotFoundError) as exc:
        raise CliError(str(exc)) from exc
    finally:
        bar.close()
    if args.json:
        print_json({"device": result.device, "image": str(result.image), "sha256": result.sha256,
                    "verified": result.verified})
    else:
        state = {True: "verified", False: "VERIFICATION FAILED", None: "not verified"}[result.verified]
        print(f"burned {result.image} to {result.device} ({state}, sha256 {result.sha256[:16]}...)")
    return 0
