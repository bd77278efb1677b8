"""``send NODE (--study UID | --series UID | PATH...) [--transfer-syntax UID]``.

C-STORE (PS3.4 Annex B) or STOW-RS (PS3.18 10.5) through the GUI's send job: files go
out as stored when the peer accepts their transfer syntax, transcoded otherwise (see
:mod:`workstation.net.send`); every instance gets the peer's status. A whole study sent
without failure is recorded as confirmed on that node (the retention rule needs it).
"""

from __future__ import annotations

import argparse
from collections import Counter

from workstation.app.cli import _net
from workstation.app.cli._output import CliError, ProgressBar, print_json
from workstation.app.cli.retrieve import INTERRUPTED


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("send", help="send a stored study or series, or files, to a node")
    p.add_argument("node", metavar="NODE")
    p.add_argument("paths", nargs="*", metavar="PATH", help="DICOM files, folders or a DICOMDIR")
    p.add_argument("--study", default="", metavar="UID", help="a study of the local store")
    p.add_argument("--series", default="", metavar="UID", help="a series of the local store")
    p.add_argument("--transfer-syntax", default="", metavar="UID",
                   help="ask for this transfer syntax (a UID or a pydicom name such as JPEG2000Lossless); "
                        "files are transcoded when the peer does not take them as stored")
    p.add_argument("--json", action="store_true", help="every instance with its status")
    p.set_defaults(run=run_send)


def transfer_syntax(text: str) -> str:
    """A transfer syntax UID from a UID or a pydicom keyword (``ExplicitVRLittleEndian``)."""
    import pydicom.uid

    if not text:
        return ""
    uid = pydicom.uid.UID(text if text[:1].isdigit() else str(getattr(pydicom.uid, text, text)))
    if not uid.is_transfer_syntax:
        raise CliError(f"--transfer-syntax: {text!r} is not a transfer syntax UID", 2)
    return str(uid)


def _job(args: argparse.Namespace, node, store, syntax: str):
    from workstation.net import SendJob

    chosen = [bool(args.study), bool(args.series), bool(args.paths)]
    if sum(chosen) != 1:
        raise CliError("give exactly one of --study UID, --series UID or PATH...", 2)
    if args.study:
        if store.study(args.study) is None:
            raise CliError(f"study {args.study} is not in the local store")
        return SendJob.for_study(store, node, args.study, transfer_syntax=syntax)
    if args.series:
        paths = [i.path for i in store.instances(args.series) if i.path]
        if not paths:
            raise CliError(f"series {args.series} is not in the local store")
        return SendJob(node, paths, transfer_syntax=syntax, title=f"Send series {args.series} to {node.name}")
    from workstation.dicomio import scan

    bar = ProgressBar("Reading headers")
    try:
        found = scan(args.paths, progress=bar)
    finally:
        bar.close()
    if not found.files:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in found.skipped[:3])
        raise CliError("no DICOM files to send" + (f" ({reasons})" if reasons else ""))
    return SendJob(node, [f.path for f in found.files], transfer_syntax=syntax)


def _stored_syntax(path: str) -> str:
    from pydicom.errors import InvalidDicomError
    from pydicom.filereader import read_file_meta_info

    try:
        return str(read_file_meta_info(path).TransferSyntaxUID)
    except (OSError, ValueError, AttributeError, InvalidDicomError):  # gone or damaged: the result says so
        return ""


def run_send(args: argparse.Namespace) -> int:
    import pydicom.uid

    from workstation.app.cli.archive import open_store
    from workstation.net import JobState, NetContext

    cfg = _net.config()
    node = _net.node(cfg, args.node)
    syntax = transfer_syntax(args.transfer_syntax)
    store = open_store()
    try:
        job = _job(args, node, store, syntax)
        interrupted = _net.run_job(job, NetContext(cfg.local, store), f"Sending to {node.name}")
    finally:
        store.close()
    results = job.report.results if job.report is not None else []
    rows = [{"sop_instance_uid": r.sop_instance_uid, "path": r.path, "ok": r.ok,
             "status": None if r.status is None else f"0x{r.status:04X}", "meaning": r.meaning,
             "sent_as": r.transfer_syntax_uid, "transcoded": bool(r.transfer_syntax_uid)
             and r.transfer_syntax_uid != _stored_syntax(r.path)} for r in results]
    sent = sum(r["ok"] for r in rows)
    if args.json:
        print_json({"node": node.name, "instances": len(job.paths), "sent": sent, "failed": len(rows) - sent,
                    "not_sent": len(job.paths) - len(rows), "results": rows})
    else:
        print(f"sent {sent} of {len(job.paths)} instance(s) to {node.describe()}")
        groups = Counter((r["meaning"], r["sent_as"], r["transcoded"]) for r in rows if r["ok"])
        for (meaning, uid, transcoded), n in sorted(groups.items(), key=lambda g: -g[1]):
            how = f"transcoded to {pydicom.uid.UID(uid).name}" if transcoded else f"as stored ({pydicom.uid.UID(uid).name})"
            print(f"  {n:>5} {meaning}, {how}")
        for r in rows:
            if not r["ok"]:
                print(f"  FAILED {r['sop_instance_uid']} ({r['path']}): {r['status'] or 'no status'} {r['meaning']}")
    if interrupted:
        raise CliError(f"interrupted after {len(rows)} of {len(job.paths)} instance(s); send again to send the rest "
                       f"(the PACS keeps one copy of each)", INTERRUPTED)
    if job.state is JobState.FAILED:
        raise CliError(job.error)
    return 0
