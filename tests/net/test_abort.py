"""Aborting an association wakes whoever waits for its next reply."""

from __future__ import annotations

import threading
import time

from pynetdicom.presentation import build_context
from pynetdicom.sop_class import Verification  # type: ignore[attr-defined]

from workstation.net import Timeouts
from workstation.net._association import abort, associate


def test_abort_wakes_a_thread_waiting_for_a_reply(pacs, local_ae):
    """A cancelled C-GET's thread waits in ``get_msg`` for the next response; after our
    abort nothing will come, so it must wake now, not after the DIMSE timeout (caught in
    the CLI: ^C left a retrieve waiting 2 minutes when the association's own thread took
    pynetdicom's wake-up marker)."""
    assoc = associate(pacs, local_ae, [build_context(Verification)], timeouts=Timeouts(dimse=60))
    assoc._reactor_checkpoint.clear()  # what send_c_get does while its responses come in
    woke: list[float] = []

    def wait_for_reply() -> None:
        assoc.dimse.get_msg(block=True)
        woke.append(time.monotonic())

    waiter = threading.Thread(target=wait_for_reply, daemon=True)
    waiter.start()
    time.sleep(0.2)  # the waiter is inside get_msg
    aborted = time.monotonic()
    abort(assoc)
    waiter.join(10)
    assert woke and woke[0] - aborted < 5
