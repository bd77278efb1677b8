"""``sr show``: an SR, KOS or a study's reports as text (measurements with units,
referenced images) or JSON."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from workstation.app.cli._output import CliError, print_json


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("sr", help="structured reports and key images")
    sub = p.add_subparsers(dest="sr_command", metavar="ACTION", required=True)
    show = sub.add_parser("show", help="render an SR/KOS file, or every report of a stored study")
    show.add_argument("file", nargs="?", metavar="FILE", help="an SR or KOS file")
    show.add_argument("--study", default="", metavar="UID", help="every SR/KOS of this study in the local store")
    show.add_argument("--json", action="store_true", help="the document tree and measurements as JSON")
    show.set_defaults(run=run_show)


def _as_json(doc) -> dict:
    data = asdict(doc)
    data["sop_class_name"] = doc.sop_class_name
    data["verifiers"] = [asdict(v) for v in doc.verifiers]
    data["measurements"] = [{**asdict(m), "text": m.text()} for m in doc.measurements]
    return data


def _documents(args: argparse.Namespace) -> list:
    import pydicom

    from export.sr.sr_reader import read_document, version_history

    if bool(args.file) == bool(args.study):
        raise CliError("give either FILE or --study UID", 2)
    if args.file:
        try:
            return [read_document(pydicom.dcmread(args.file))]
        except (OSError, pydicom.errors.InvalidDicomError) as exc:
            raise CliError(f"cannot read {args.file}: {exc}") from exc
        except ValueError as exc:
            raise CliError(f"{args.file}: {exc}") from exc
    from export.sr.study_documents import read_study_documents
    from workstation.app.cli.archive import open_store

    store = open_store()
    try:
        if store.study(args.study) is None:
            raise CliError(f"study {args.study} is not in the local store")
        found = read_study_documents(store, args.study)
    finally:
        store.close()
    if not found.documents:
        raise CliError(f"study {args.study} holds no SR or key image document")
    reports = [doc for chain in version_history(d for _, d in found.documents if d.kind == "report") for doc in chain]
    others = sorted((d for _, d in found.documents if d.kind != "report"), key=lambda d: d.content_datetime,
                    reverse=True)
    return reports + others  # the latest report first, then its history, then the rest


def run_show(args: argparse.Namespace) -> int:
    from export.sr.sr_reader import render_text

    docs = _documents(args)
    if args.json:
        print_json([_as_json(doc) for doc in docs])
        return 0
    for n, doc in enumerate(docs):
        if n:
            print("\n" + "=" * 72 + "\n")
        print(render_text(doc), end="")
    return 0
