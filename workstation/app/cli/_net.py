"""What the network commands share: the node file, the node named on the command line,
and running a network job in the foreground with a progress bar and a clean ^C.

The jobs are the ones the GUI's job panel runs (:mod:`workstation.net.jobs`), so a
retrieve or a send behaves the same from a script as from the window.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from workstation.app.cli._output import CliError, ProgressBar

if TYPE_CHECKING:  # workstation.net (pynetdicom, pydicom) loads only when a network command runs
    from workstation.net import Job, NetContext, NetworkConfig, RemoteNode


def config() -> NetworkConfig:
    """The node file of this user (``$WORKSTATION_HOME/config/nodes.json``)."""
    from workstation.net import default_config_path, load_config

    if not logging.getLogger().isEnabledFor(logging.INFO):
        # pynetdicom logs every refused connection as an ERROR; our one line says it better (-v shows both)
        logging.getLogger("pynetdicom").setLevel(logging.CRITICAL)
    try:
        return load_config(default_config_path())
    except ValueError as exc:
        raise CliError(str(exc)) from exc


def node(cfg: NetworkConfig, name: str) -> RemoteNode:
    """The node ``name``, or a one-line failure that lists the known names."""
    try:
        return cfg.node(name)
    except KeyError:
        known = ", ".join(n.name for n in cfg.nodes) or "none configured; add one with `workstation nodes add`"
        raise CliError(f"unknown node {name!r} (known: {known})") from None


@contextmanager
def interrupt_sets(event: threading.Event) -> Iterator[None]:
    """While inside, the first ^C (or SIGTERM) sets ``event`` instead of raising, so the job
    can stop where it stands and keep what it finished; a second ^C interrupts at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_signal(signum: int, _frame: object) -> None:
        if event.is_set():
            raise KeyboardInterrupt
        event.set()
        print("\nstopping (press Ctrl+C again to quit at once) ...", file=sys.stderr, flush=True)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def run_job(job: Job, context: NetContext, label: str) -> bool:
    """Run ``job`` on a worker thread with a progress bar; ^C cancels it.

    Returns True when it was cancelled by the user (the caller says what was kept and exits
    130); failures are left in ``job.state`` / ``job.error`` for the caller to word.
    """
    from workstation.net import JobState

    bar = ProgressBar(label)
    job.changed.connect(lambda j: bar(j.progress.done, j.progress.total, j.progress.message))
    worker = threading.Thread(target=job.execute, args=(context, None), name=f"cli-{label}", daemon=True)
    with interrupt_sets(job.cancel_event):
        worker.start()
        try:
            while not job.finished.wait(0.1):  # wake often: signal handlers run on this thread
                pass
        finally:
            bar.close()
    worker.join()
    return job.state is JobState.CANCELLED and job.cancel_event.is_set()
