"""``import``, ``list`` and ``info``: the local archive and what a folder holds."""

from __future__ import annotations

import argparse
import sys

from workstation.app.cli._output import CliError, ProgressBar, print_json
from workstation.app.paths import data_dir
from workstation.model.records import StudyRecord


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("import", help="copy files, folders or a DICOMDIR into the local store")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=run_import)

    p = commands.add_parser("list", help="studies in the local store")
    p.add_argument("--name", default="", help="patient name; case and Vietnamese diacritics do not matter")
    p.add_argument("--id", default="", dest="patient_id", help="patient ID")
    p.add_argument("--modality", default="", help="e.g. CT, MR")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_list)

    p = commands.add_parser("info", help="describe the series under PATH without importing")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_info)


def open_store():
    from workstation.store import LocalStore

    return LocalStore(data_dir())


def run_import(args: argparse.Namespace) -> int:
    store = open_store()
    bar = ProgressBar("Importing")
    try:
        report = store.import_paths(args.paths, progress=bar)
    finally:
        bar.close()
        store.close()
    if args.json:
        print_json(report)
    else:
        print(report.summary())
        for skipped in report.skipped:
            print(f"  skipped {skipped.path}: {skipped.reason}")
    if report.instances == 0 and report.duplicates == 0:
        raise CliError("nothing imported" + (f" ({len(report.skipped)} file(s) skipped)" if report.skipped else ""))
    return 0


def _study_row(study: StudyRecord) -> dict:
    return {
        "study_instance_uid": study.study_instance_uid,
        "patient_name": study.patient.display_name,
        "patient_id": study.patient.patient_id,
        "birth_date": study.patient.birth_date,
        "sex": study.patient.sex,
        "study_date": study.study_date,
        "accession_number": study.accession_number,
        "description": study.description,
        "modalities": list(study.modalities),
        "series": study.series_count,
        "images": study.instance_count,
    }


def run_list(args: argparse.Namespace) -> int:
    store = open_store()
    try:
        studies = store.query_studies(name=args.name, patient_id=args.patient_id, modality=args.modality)
    finally:
        store.close()
    rows = [_study_row(s) for s in studies]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("no studies" + (" match" if (args.name or args.patient_id or args.modality) else " in the local store"))
        return 0
    for r in rows:
        print(f"{r['study_date'] or '----------'}  {r['patient_name']:<28} {r['patient_id']:<12} "
              f"{'/'.join(r['modalities']):<8} {r['series']:>3} series {r['images']:>5} images  "
              f"{r['description']}  {r['study_instance_uid']}")
    return 0


def run_info(args: argparse.Namespace) -> int:
    from workstation.dicomio.summary import summarize

    bar = ProgressBar("Reading headers")
    try:
        series, skipped = summarize([args.path], progress=bar)
    finally:
        bar.close()
    if not series:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:3])
        raise CliError(f"no DICOM images or objects under {args.path}" + (f" ({reasons})" if reasons else ""))
    if args.json:
        print_json({"series": series, "skipped": skipped})
        return 0
    out = sys.stdout
    for s in series:
        out.write(f"Series {s.series_instance_uid}\n  study {s.study_instance_uid}\n")
        out.write(f"  modality {s.modality or '?'}  '{s.description}'  {s.instance_count} instance(s)\n")
        out.write(f"  transfer syntaxes: {', '.join(f'{n} ({u})' for u, n in s.transfer_syntaxes.items())}\n")
        for n, stack in enumerate(s.stacks):
            z, y, x = stack.shape
            out.write(f"  stack {n + 1}: shape (z, y, x) = ({z}, {y}, {x}), spacing (x, y, z) = "
                      f"{tuple(round(v, 4) for v in stack.spacing)} mm [{stack.spacing_kind}], "
                      f"{'volume' if stack.is_volumetric else 'not a volume'}\n")
            out.write("    affine (index -> LPS mm):\n")
            for row in stack.affine:
                out.write("      " + "  ".join(f"{v:10.4f}" for v in row) + "\n")
            for problem in stack.problems:
                out.write(f"    problem: {problem}\n")
        for problem in s.problems:
            out.write(f"  problem: {problem}\n")
    for sk in skipped:
        out.write(f"skipped {sk.path}: {sk.reason}\n")
    return 0
