"""``anonymize``: de-identified copies of DICOM files (PS3.15 E.1 basic profile).

``workstation anonymize PATH... --out DIR`` writes one file per instance, named by its
new SOP Instance UID; the UIDs of everything given together are mapped consistently, so
series, studies and references stay linked. The same code de-identifies patient discs.
"""

from __future__ import annotations

import argparse

from workstation.app.cli._output import CliError, ProgressBar, print_json


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("anonymize", help="write de-identified copies of DICOM files (PS3.15 basic profile)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or DICOMDIRs")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the de-identified files")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_anonymize)


def run_anonymize(args: argparse.Namespace) -> int:
    from export.anonymize import anonymize_paths

    bar = ProgressBar("De-identifying")
    try:
        report = anonymize_paths(args.paths, args.out, progress=bar)
    finally:
        bar.close()
    if args.json:
        print_json({"written": report.written, "skipped": [{"path": p, "reason": r} for p, r in report.skipped],
                    "warnings": [{"path": p, "warning": w} for p, w in report.warnings]})
    else:
        print(f"{len(report.written)} file(s) de-identified into {args.out}")
        for path, reason in report.skipped:
            print(f"  skipped {path}: {reason}")
        for path, warning in report.warnings:
            print(f"  warning {path}: {warning}")
    if not report.written:
        raise CliError("no DICOM file was de-identified")
    return 0
