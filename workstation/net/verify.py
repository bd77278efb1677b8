"""Check that a node answers: C-ECHO (PS3.4 Annex A) or a one-result QIDO-RS search."""

from __future__ import annotations

import time
from dataclasses import dataclass

from pynetdicom.presentation import build_context
from pynetdicom.sop_class import Verification  # type: ignore[attr-defined]

from workstation.net._association import DEFAULT_TIMEOUTS, NetworkError, Timeouts, associate, release
from workstation.net.dicomweb import qido_ping
from workstation.net.nodes import LocalAE, RemoteNode


@dataclass(frozen=True)
class Result:
    """Outcome of a protocol operation: results, not exceptions (the UI shows ``message``)."""

    ok: bool
    message: str
    elapsed_s: float = 0.0
    status: int | None = None


def verify(node: RemoteNode, local: LocalAE, *, timeouts: Timeouts = DEFAULT_TIMEOUTS) -> Result:
    """C-ECHO a DIMSE node, or ping a DICOMweb node with a QIDO-RS study search."""
    started = time.perf_counter()
    try:
        if node.is_dicomweb:
            qido_ping(node, timeouts)
            return Result(True, f"{node.describe()} answered QIDO-RS", time.perf_counter() - started)
        assoc = associate(node, local, [build_context(Verification)], timeouts=timeouts)
        try:
            answer = assoc.send_c_echo()
        finally:
            release(assoc)
    except NetworkError as exc:
        return Result(False, str(exc), time.perf_counter() - started)
    elapsed = time.perf_counter() - started
    status = int(answer.Status) if answer is not None and "Status" in answer else None
    if status == 0x0000:
        return Result(True, f"{node.describe()} answered C-ECHO in {elapsed * 1000:.0f} ms", elapsed, status)
    if status is None:
        return Result(False, f"{node.describe()} did not answer the C-ECHO", elapsed)
    return Result(False, f"{node.describe()} answered C-ECHO with status 0x{status:04X}", elapsed, status)
