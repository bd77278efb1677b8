"""``listen [--aet AET] [--port N]``: the storage SCP without a window (service mode).

Receives from modalities and PACS into the local store, applies the forward rules of the
node file, and prints one line per received study once it has been quiet for
``--settle`` seconds (a modality sends a study as one burst; a later burst of the same
study prints another line). SIGINT and SIGTERM stop it cleanly: open associations are
closed, pending forwards finish, exit code 0.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import threading
from datetime import datetime

from workstation.app.cli import _net
from workstation.app.cli._output import CliError


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("listen", help="run the storage SCP headless, filing into the local store")
    p.add_argument("--aet", default="", help="our AE title (default: the one in the settings)")
    p.add_argument("--port", type=int, default=None, help="port (default: the one in the settings)")
    p.add_argument("--all-interfaces", action="store_true",
                   help="accept other computers (default: as in the settings)")
    p.add_argument("--settle", type=float, default=2.0, metavar="SECONDS",
                   help="quiet time after which a study counts as received (default 2)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(run=run_listen)


class _StudyLines:
    """Prints a line for each study whose instances stopped arriving ``settle`` s ago."""

    def __init__(self, scp, store: object, settle: float, as_json: bool) -> None:
        self.scp, self.store, self.settle, self.as_json = scp, store, settle, as_json
        self.printed: dict[str, int] = {}

    def flush(self, force: bool = False) -> None:
        now = datetime.now()
        for study in sorted(self.scp.received_studies(), key=lambda s: s.first_received):  # in arrival order
            new = study.instances - self.printed.get(study.study_instance_uid, 0)
            if new <= 0 or (not force and (now - study.last_received).total_seconds() < self.settle):
                continue
            self.printed[study.study_instance_uid] = study.instances
            self._print(study, new)

    def _print(self, study, new: int) -> None:
        stored = self.store.study(study.study_instance_uid)  # type: ignore[attr-defined]
        row = {"study_instance_uid": study.study_instance_uid, "calling_ae": study.calling_ae, "instances": new,
               "patient_name": stored.patient.display_name if stored else "",
               "patient_id": stored.patient.patient_id if stored else "",
               "modalities": list(stored.modalities) if stored else [],
               "study_date": stored.study_date.isoformat() if stored and stored.study_date else ""}
        if self.as_json:
            print_json_line(row)
        else:
            who = f"{row['patient_name']} ({row['patient_id']}), {'/'.join(row['modalities'])} {row['study_date']}"
            print(f"received {new} instance(s) of study {study.study_instance_uid} from {study.calling_ae}: "
                  f"{who.strip()}", flush=True)


def print_json_line(value: dict) -> None:
    print(json.dumps(value, ensure_ascii=False), flush=True)


def _on_forwarded(result) -> None:
    state = "forwarded" if result.ok else "FORWARD FAILED"
    detail = result.error or (f"{len(result.report.results) - len(result.report.failed)} instance(s)"
                              if result.report else "")
    print(f"{state} study {result.study_instance_uid} to {result.rule.node}: {detail}", file=sys.stderr, flush=True)


def run_listen(args: argparse.Namespace) -> int:
    from workstation.app.cli.archive import open_store
    from workstation.app.logfile import start_file_log
    from workstation.net import Forwarder, StorageSCP

    cfg = _net.config()
    changes = {k: v for k, v in (("ae_title", args.aet), ("port", args.port)) if v not in ("", None)}
    if args.all_interfaces:
        changes["bind_all"] = True
    try:
        local = dataclasses.replace(cfg.local, **changes)
    except (TypeError, ValueError) as exc:
        raise CliError(str(exc), 2) from exc
    store = open_store()
    scp = StorageSCP(local, store, known_calling_aes=cfg.known_calling_aes())
    stop = threading.Event()
    try:
        start_file_log()  # a service runs unattended: what it received and refused is kept
        try:
            scp.start()
        except OSError as exc:
            raise CliError(f"cannot listen on port {local.port}: {exc.strerror or exc} "
                           f"(is the workstation or another DICOM receiver running?)") from exc
        forwarder = Forwarder(dataclasses.replace(cfg, local=local), scp, store) if cfg.forward_rules else None
        if forwarder is not None:
            forwarder.forwarded.connect(_on_forwarded)
            forwarder.start()
        host, port = scp.address
        print(f"listening as {local.ae_title} on {host}:{port}, filing into {store.root}; "
              f"Ctrl+C or SIGTERM stops", file=sys.stderr, flush=True)
        lines = _StudyLines(scp, store, args.settle, args.json)
        with _net.interrupt_sets(stop):
            while not stop.wait(0.25):
                lines.flush()
        scp.stop()
        if forwarder is not None:
            forwarder.stop()
        lines.flush(force=True)
        total = sum(s.instances for s in scp.received_studies())
        print(f"stopped: {total} instance(s) of {len(scp.received_studies())} study(ies) received",
              file=sys.stderr, flush=True)
    finally:
        scp.stop()
        store.close()
    return 0
