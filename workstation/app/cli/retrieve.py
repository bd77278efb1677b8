"""``retrieve NODE --study UID [--series UID] [--method get|move|wado]``: into the local store.

The GUI's retrieve jobs do the work (:class:`~workstation.net.RetrieveJob`; a study that
is partly here already goes through :class:`~workstation.net.RetryJob`, which fetches
only what is missing), so an interrupted retrieve resumes by running the same command
again. For C-MOVE our storage SCP runs for the duration of the command.
"""

from __future__ import annotations

import argparse
import dataclasses
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workstation.app.cli import _net
from workstation.app.cli._output import CliError, print_json

if TYPE_CHECKING:
    from workstation.net import NetworkConfig, RemoteNode

RETRIEVE_METHODS = ("get", "move", "wado")  #: workstation.net.RetrieveMethod values

#: Exit code of a command stopped by ^C (128 + SIGINT), as shells report it.
INTERRUPTED = 130


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("retrieve", help="retrieve a study or series from a node into the local store")
    p.add_argument("node", metavar="NODE")
    p.add_argument("--study", required=True, metavar="UID", help="Study Instance UID")
    p.add_argument("--series", default="", metavar="UID", help="only this series of the study")
    p.add_argument("--method", choices=RETRIEVE_METHODS, default=None,
                   help="override the node's retrieve method")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_retrieve)


@dataclass
class Fetched:
    """What a retrieve did, for the command's output."""

    node: str
    study_instance_uid: str
    series_instance_uid: str
    method: str
    received: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    megabytes: float = 0.0
    seconds: float = 0.0
    interrupted: bool = False

    def summary(self) -> str:
        what = f"series {self.series_instance_uid}" if self.series_instance_uid else f"study {self.study_instance_uid}"
        return (f"retrieved {self.received} instance(s) of {what} from {self.node} by {self.method}: "
                f"{self.stored} stored, {self.duplicates} already here, {self.failed} failed "
                f"({self.megabytes:.1f} MB in {self.seconds:.1f} s)")


def with_method(node: RemoteNode, method: str | None) -> RemoteNode:
    """The node with another retrieve method, refused when its protocol cannot do it."""
    from workstation.net import RetrieveMethod

    if not method:
        return node
    if node.is_dicomweb and method != RetrieveMethod.WADO:
        raise CliError(f"node {node.name!r} is a DICOMweb node: it retrieves by wado only", 2)
    try:
        return dataclasses.replace(node, retrieve_method=RetrieveMethod(method))
    except ValueError as exc:
        raise CliError(str(exc), 2) from exc


def _expected(cfg: NetworkConfig, node: RemoteNode, study_uid: str, series_uid: str) -> int:
    """Instances the node holds, after checking it has the study (and series) at all."""
    from workstation.net import StudyQuery, find_series, find_studies

    found = find_studies(node, cfg.local, StudyQuery(study_instance_uid=study_uid, limit=0))
    if not found:
        raise CliError(f"{node.describe()} has no study {study_uid}")
    if not series_uid:
        return found[0].instance_count
    series = [s for s in find_series(node, cfg.local, study_uid) if s.series_instance_uid == series_uid]
    if not series:
        raise CliError(f"{node.describe()} has no series {series_uid} in study {study_uid}")
    return series[0].instance_count


def fetch(cfg: NetworkConfig, node: RemoteNode, store: object, study_uid: str, series_uid: str = "") -> Fetched:
    """Retrieve a study (or one series) from ``node`` into ``store`` in the foreground.

    Raises
    ------
    CliError
        The node does not have it, the network or the disk failed (the message says how
        many instances were kept and how to go on), or ^C stopped it (exit code 130).
    """
    from workstation.net import (
        JobState,
        NetContext,
        NetworkError,
        RetrieveJob,
        RetrieveMethod,
        RetrieveTarget,
        RetryJob,
        StorageSCP,
    )

    try:
        expected = _expected(cfg, node, study_uid, series_uid)
    except NetworkError as exc:
        raise CliError(str(exc)) from exc
    targets = (RetrieveTarget(study_uid, series_uid),)
    partly_here = not series_uid and store.study(study_uid) is not None  # type: ignore[attr-defined]
    job = (RetryJob(node, study_uid) if partly_here
           else RetrieveJob(node, study_uid, targets=targets, expected=expected))
    arrived = {"STORED": 0, "DUPLICATE": 0}

    def count(arrival) -> None:
        if arrival.status in arrived:
            arrived[arrival.status] += 1

    job.instance_arrived.connect(count)
    with ExitStack() as stack:
        scp = None
        if node.retrieve_method is RetrieveMethod.MOVE:
            scp = StorageSCP(cfg.local, store, known_calling_aes=cfg.known_calling_aes())
            try:
                scp.start()
            except OSError as exc:
                raise CliError(f"C-MOVE needs our storage SCP on port {cfg.local.port}, which is in use ({exc}); "
                               f"is the workstation running? Use --method get, or retrieve from the window") from exc
            stack.callback(scp.stop)
        interrupted = _net.run_job(job, NetContext(cfg.local, store, scp), f"Retrieving from {node.name}")
    kept = arrived["STORED"]
    command = f"workstation retrieve {node.name} --study {study_uid}" + (f" --series {series_uid}" if series_uid else "")
    if interrupted:
        raise CliError(f"interrupted: {kept} new instance(s) received and kept in the local store; "
                       f"run `{command}` again to fetch the rest", INTERRUPTED)
    if job.state is JobState.FAILED:
        raise CliError(f"{job.error}" + ("" if "kept" in job.error else f"; {kept} new instance(s) kept")
                       + f"; run `{command}` again to fetch what is missing")
    if job.state is JobState.CANCELLED:
        raise CliError(job.error or "cancelled", INTERRUPTED)
    report = job.report
    stats = report.stats if report is not None else None
    fetched = Fetched(node.name, study_uid, series_uid, node.retrieve_method.value)
    if report is not None and stats is not None:
        fetched.received, fetched.stored, fetched.duplicates = stats.received, stats.stored, stats.duplicates
        fetched.failed = stats.failed + report.peer_failed
        fetched.megabytes, fetched.seconds = stats.nbytes / 1e6, stats.elapsed_s
    if fetched.received == 0 and store.study(study_uid) is None:  # type: ignore[attr-defined]
        raise CliError(f"{node.describe()} sent nothing for study {study_uid} "
                       f"(for C-MOVE: does it know our AE {cfg.local.ae_title} at port {cfg.local.port}?)")
    return fetched


def run_retrieve(args: argparse.Namespace) -> int:
    from workstation.app.cli.archive import open_store

    cfg = _net.config()
    node = with_method(_net.node(cfg, args.node), args.method)
    store = open_store()
    try:
        fetched = fetch(cfg, node, store, args.study, args.series)
    finally:
        store.close()
    if args.json:
        print_json(fetched)
    else:
        print(fetched.summary())
    return 0
