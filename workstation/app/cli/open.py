"""``open (--study UID | --accession ACC | --patient-id ID) [--node NODE]`` and ``workstation://`` links.

How a RIS/HIS brings a study up on the radiologist's screen (as RadiAnt, Weasis's
``weasis://`` and OsiriX's URL scheme do): the study is looked up in the local store,
retrieved from ``NODE`` first when it is not here, then handed to the running workstation
(:mod:`workstation.app.instance`; one is started when none runs), which opens it and
applies its hanging protocol. This process does the lookup and the retrieve, so the
window stays responsive; it prints the window's answer ``opened <study uid>: ...``.

A link ``workstation://open?accession=A123&node=PACS`` (also ``study=``, ``patient_id=``)
given as the only argument means the same command.
"""

from __future__ import annotations

import argparse
import sys
import time
from urllib.parse import parse_qs, urlsplit

from workstation.app.cli import _net
from workstation.app.cli._output import CliError, print_json
from workstation.app.cli.retrieve import fetch
from workstation.model.records import StudyRecord

URL_SCHEME = "workstation"
#: Link parameter -> command option; a RIS may spell the DICOM keyword instead.
_URL_KEYS = {"study": "--study", "study_uid": "--study", "studyinstanceuid": "--study",
             "accession": "--accession", "accession_number": "--accession", "accessionnumber": "--accession",
             "patient_id": "--patient-id", "patientid": "--patient-id", "node": "--node"}


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("open", help="open a study in the running workstation (retrieving it first if needed)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--study", default="", metavar="UID", help="Study Instance UID")
    which.add_argument("--accession", default="", metavar="ACC", help="accession number (the RIS order)")
    which.add_argument("--patient-id", default="", metavar="ID", help="the patient's most recent study")
    p.add_argument("--node", default="", metavar="NODE", help="retrieve from this node when it is not local")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_open)


def argv_from_url(url: str) -> list[str]:
    """The ``open`` command line a ``workstation://open?...`` link stands for.

    Only the known parameters are taken, each as ``--option=value`` so no value can pass
    for another option: a link comes from a web page and is not trusted further.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != URL_SCHEME:
        raise CliError(f"not a {URL_SCHEME}:// link: {url!r}", 2)
    action = (parts.netloc or parts.path).strip("/").lower()
    if action != "open":
        raise CliError(f"unknown link action {action!r} in {url!r} (only {URL_SCHEME}://open?... is known)", 2)
    argv = ["open"]
    for key, values in parse_qs(parts.query, keep_blank_values=False).items():
        option = _URL_KEYS.get(key.lower())
        if option is None:
            raise CliError(f"unknown link parameter {key!r} (use study, accession, patient_id, node)", 2)
        argv.append(f"{option}={values[-1]}")
    return argv


def _newest(studies: list[StudyRecord]) -> StudyRecord | None:
    dated = sorted(studies, key=lambda s: (s.study_date is not None, s.study_date, s.study_time), reverse=True)
    return dated[0] if dated else None


def _describe(args: argparse.Namespace) -> str:
    if args.study:
        return f"study {args.study}"
    return f"accession {args.accession}" if args.accession else f"patient ID {args.patient_id}"


def _local(store, args: argparse.Namespace) -> StudyRecord | None:
    if args.study:
        return store.study(args.study)
    if args.accession:
        return _newest(store.query_studies(accession=args.accession))
    return _newest(store.query_studies(patient_id=args.patient_id))


def _remote(cfg, node, args: argparse.Namespace) -> StudyRecord | None:
    from workstation.net import NetworkError, StudyQuery, find_studies

    query = StudyQuery(study_instance_uid=args.study, accession_number=args.accession, patient_id=args.patient_id,
                       limit=0)
    try:
        return _newest(find_studies(node, cfg.local, query))
    except NetworkError as exc:
        raise CliError(str(exc)) from exc


def _find_or_fetch(store, args: argparse.Namespace):
    """(the study in the store, what was retrieved for it or None).

    Local first; with ``--node``, a study that is not here is looked up there and
    retrieved. A patient's newest study is asked of the node even when the patient has
    older ones here; when the node cannot be reached, the newest local one is opened.
    """
    local = _local(store, args)
    if not args.node or (local is not None and not args.patient_id):
        if local is None:
            raise CliError(f"no {_describe(args)} in the local store; add --node NODE to retrieve it from a PACS")
        return local, None
    cfg = _net.config()
    node = _net.node(cfg, args.node)
    try:
        remote = _remote(cfg, node, args)
    except CliError as exc:
        if local is None:
            raise
        print(f"workstation open: {exc}; opening the newest study of the patient in the local store",
              file=sys.stderr)
        return local, None
    if remote is None:
        if local is not None:
            return local, None
        raise CliError(f"{node.describe()} has no {_describe(args)}")
    study = store.study(remote.study_instance_uid)
    if study is not None:
        return study, None
    fetched = fetch(cfg, node, store, remote.study_instance_uid)
    return store.study(remote.study_instance_uid), fetched


def run_open(args: argparse.Namespace) -> int:
    from workstation.app.cli.archive import open_store

    value = args.study or args.accession or args.patient_id
    if any(c in value for c in "*?\\"):
        raise CliError(f"{_describe(args)}: wildcards are not allowed when opening a study", 2)
    store = open_store()
    try:
        study, fetched = _find_or_fetch(store, args)
    finally:
        store.close()
    local_at = time.time()
    gui, reply = show_in_gui(study.study_instance_uid)
    if args.json:
        print_json({"study_instance_uid": study.study_instance_uid, "patient_name": study.patient.display_name,
                    "patient_id": study.patient.patient_id, "accession_number": study.accession_number,
                    "retrieved": fetched, "local_at": local_at, "opened_at": reply.get("opened_at"),
                    "message": reply.get("message", ""), "gui_pid": gui.get("pid")})
    else:
        if fetched is not None:
            print(fetched.summary())
        print(f"opened {study.study_instance_uid}: {study.patient.display_name}, "
              f"{study.study_date or ''} {study.description} — {reply.get('message', '')}".rstrip(" —"))
    return 0


def show_in_gui(study_uid: str) -> tuple[dict, dict]:
    """Have the running workstation (started when none runs) open a study of the local store.

    Returns ``(the workstation's ping answer, its reply to the open request)``; every
    way this can fail is a :class:`CliError` with the sentence to show.
    """
    from workstation.app import instance
    from workstation.app.cli.display import has_display

    try:
        if not has_display() and instance.request({"action": "ping"}) is None:
            raise CliError(f"the study is in the local store, but no workstation runs and there is no display to "
                           f"start one on (DISPLAY is not set); open it on a desktop with `workstation open --study "
                           f"{study_uid}`")
        gui = instance.ensure_running()
        reply = instance.request({"action": "open", "study_uid": study_uid})
    except instance.InstanceError as exc:
        raise CliError(str(exc)) from exc
    if reply is None:
        raise CliError("the workstation stopped before it could open the study")
    if not reply.get("ok"):
        raise CliError(reply.get("error", "the workstation could not open the study"))
    return gui, reply


def view_paths(paths: list[str]) -> int:
    """``workstation FILE|FOLDER...``: what "Open with Workstation" on a .dcm file, a DICOM
    folder or a CD runs. The files are imported into the local store (a reading station
    keeps what it shows, so it can be measured, reported and sent on) and the first of
    their studies opens in the running workstation."""
    from workstation.app.cli._output import ProgressBar
    from workstation.app.cli.archive import open_store

    store = open_store()
    bar = ProgressBar("Importing")
    try:
        report = store.import_paths(paths, progress=bar)
    finally:
        bar.close()
        store.close()
    if not report.study_uids:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in report.skipped[:3])
        raise CliError("no DICOM image to open in " + ", ".join(paths) + (f" ({reasons})" if reasons else ""))
    _gui, reply = show_in_gui(report.study_uids[0])
    print(f"{report.summary()}\nopened {report.study_uids[0]}: {reply.get('message', '')}".rstrip(": "))
    return 0
