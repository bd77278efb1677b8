"""Send stored instances to a node: C-STORE (PS3.4 Annex B) or STOW-RS (PS3.18 10.5).

For each SOP class we propose the file's own transfer syntax, the syntax the caller asks
for (if any), and Explicit/Implicit VR Little Endian, which every storage SCP must accept.
A file whose syntax the peer accepted goes out byte for byte (streamed from disk, never
decoded); otherwise it is transcoded in memory: decompressed to Explicit VR Little
Endian, or compressed with pydicom's encoders when a compressed syntax was asked for.
Every instance gets a result with its status code and its meaning (PS3.4 B.2.3).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydicom
from pydicom.dataset import Dataset
from pydicom.uid import JPEG2000, UID, ExplicitVRLittleEndian, ImplicitVRLittleEndian, JPEGLSNearLossless
from pynetdicom import _config
from pynetdicom.presentation import PresentationContext, build_context
from pynetdicom.status import GENERAL_STATUS, STORAGE_SERVICE_CLASS_STATUS, code_to_category

from workstation.model.errors import OperationCancelled
from workstation.net._association import DEFAULT_TIMEOUTS, NetworkError, Timeouts, abort, associate, release
from workstation.net.contexts import MAX_CONTEXTS
from workstation.net.dicomweb import stow
from workstation.net.nodes import LocalAE, RemoteNode

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
#: Instances per STOW-RS request: one request per study is the usual PACS expectation,
#: batches keep memory bounded for very large studies.
STOW_BATCH = 50

# Stream files matching an accepted context straight from disk (see module docstring).
_config.STORE_SEND_CHUNKED_DATASET = True


def status_meaning(code: int | None) -> str:
    """Words for a C-STORE status (PS3.4 B.2.3 and PS3.7 C), e.g. ``"Success"``."""
    if code is None:
        return "no response (connection lost or timed out)"
    for table in (STORAGE_SERVICE_CLASS_STATUS, GENERAL_STATUS):
        if code in table:
            category, text = table[code]
            return f"{category}: {text}" if text else category
    return code_to_category(code)


@dataclass(frozen=True)
class InstanceResult:
    """The peer's answer for one instance."""

    sop_instance_uid: str
    path: str
    status: int | None
    meaning: str
    transfer_syntax_uid: str = ""  #: the syntax it was sent in; "" when it never went out

    @property
    def ok(self) -> bool:
        """Success or Warning (the peer stored it, perhaps coerced): PS3.4 B.2.3."""
        return self.status is not None and code_to_category(self.status) in ("Success", "Warning")


@dataclass
class SendReport:
    node: str
    results: list[InstanceResult] = field(default_factory=list)
    nbytes: int = 0
    elapsed_s: float = 0.0

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def failed(self) -> list[InstanceResult]:
        return [r for r in self.results if not r.ok]


@dataclass(frozen=True)
class _Item:
    path: str
    sop_class_uid: str
    sop_instance_uid: str
    transfer_syntax_uid: str
    study_instance_uid: str


def _item(path: str) -> _Item:
    ds = pydicom.dcmread(path, stop_before_pixels=True, specific_tags=["SOPClassUID", "SOPInstanceUID",
                                                                        "StudyInstanceUID"])
    meta = ds.file_meta
    return _Item(path, str(ds.get("SOPClassUID") or meta.MediaStorageSOPClassUID),
                 str(ds.get("SOPInstanceUID") or meta.MediaStorageSOPInstanceUID), str(meta.TransferSyntaxUID),
                 str(ds.get("StudyInstanceUID", "")))


#: Lossy targets we can encode, with the encoder settings and the PS3.3 C.7.6.1.1.5
#: Lossy Image Compression Method they record. Lossy output gets a new SOP Instance UID
#: (PS3.4 B.4.1.3 and PS3.5 8.2): it is a different image. Lossless transcoding keeps it.
_LOSSY: dict[str, tuple[dict[str, Any], str]] = {
    JPEG2000: ({"j2k_cr": [10]}, "ISO_15444_1"),
    JPEGLSNearLossless: ({"jls_error": 2}, "ISO_14495_1"),
}


def transcode(path: str, target: str) -> Dataset:
    """The instance at ``path`` re-encoded in ``target`` (decoded, then compressed if needed).

    Raises
    ------
    ValueError
        No decoder or encoder available for the syntaxes involved.
    """
    ds = pydicom.dcmread(path)
    source = UID(ds.file_meta.TransferSyntaxUID)
    target_uid = UID(target)
    if source.is_compressed and "PixelData" in ds:
        ds.decompress(generate_instance_uid=False)  # to Explicit VR Little Endian, colour as RGB
    if target_uid in _LOSSY:
        options, method = _LOSSY[target_uid]
        ds.compress(target_uid, generate_instance_uid=True, **options)
        ds.LossyImageCompression = "01"
        ds.LossyImageCompressionMethod = method
    elif target_uid.is_compressed:
        ds.compress(target_uid, generate_instance_uid=False)
    elif target_uid != UID(ds.file_meta.TransferSyntaxUID):
        ds.file_meta.TransferSyntaxUID = target_uid
    return ds


def _contexts(items: Sequence[_Item], transfer_syntax: str) -> list[PresentationContext]:
    """Per SOP class: each stored syntax, the asked-for syntax, and uncompressed (PS3.5 10.1)."""
    syntaxes: dict[str, list[str]] = {}
    for item in items:
        wanted = [transfer_syntax] if transfer_syntax else [item.transfer_syntax_uid]
        syntaxes.setdefault(item.sop_class_uid, [])
        syntaxes[item.sop_class_uid].extend(s for s in wanted if s not in syntaxes[item.sop_class_uid])
    contexts: list[PresentationContext] = []
    for sop_class, wanted in syntaxes.items():
        exact = [s for s in wanted if s not in (ExplicitVRLittleEndian, ImplicitVRLittleEndian)]
        contexts.extend(build_context(sop_class, [s]) for s in exact)
        contexts.append(build_context(sop_class, [ExplicitVRLittleEndian, ImplicitVRLittleEndian]))
    if len(contexts) > MAX_CONTEXTS:
        raise ValueError(f"too many SOP class / transfer syntax combinations ({len(contexts)}) for one "
                         f"association; send fewer instances at a time")
    return contexts


def _choose(assoc: object, item: _Item, transfer_syntax: str) -> str:
    """The accepted syntax to send ``item`` in: asked-for, else as stored, else uncompressed."""
    accepted = {str(cx.transfer_syntax[0]) for cx in assoc.accepted_contexts  # type: ignore[attr-defined]
                if cx.abstract_syntax == item.sop_class_uid}
    for candidate in (transfer_syntax, item.transfer_syntax_uid, ExplicitVRLittleEndian, ImplicitVRLittleEndian):
        if candidate and candidate in accepted:
            return candidate
    return ""


def _send_one(assoc: object, item: _Item, transfer_syntax: str) -> InstanceResult:
    syntax = _choose(assoc, item, transfer_syntax)
    if not syntax:
        return InstanceResult(item.sop_instance_uid, item.path, None,
                              f"peer accepts no transfer syntax for SOP class {UID(item.sop_class_uid).name}")
    try:
        dataset: str | Dataset = item.path if syntax == item.transfer_syntax_uid else transcode(item.path, syntax)
    except Exception as exc:  # decoders/encoders raise many types; the message matters
        return InstanceResult(item.sop_instance_uid, item.path, None,
                              f"cannot transcode to {UID(syntax).name}: {exc}")
    answer = assoc.send_c_store(dataset)  # type: ignore[attr-defined]
    code = int(answer.Status) if answer is not None and "Status" in answer else None
    return InstanceResult(item.sop_instance_uid, item.path, code, status_meaning(code), syntax)


def c_store(node: RemoteNode, local: LocalAE, paths: Sequence[str], *, transfer_syntax: str = "",
            timeouts: Timeouts = DEFAULT_TIMEOUTS, progress: Progress | None = None,
            cancel: threading.Event | None = None, report: SendReport | None = None) -> SendReport:
    """C-STORE ``paths`` over one association, transcoding only where the peer requires it.

    ``report`` (filled in place, also when an error ends the send) lets a caller keep the
    results of the instances sent before a failure.

    Raises
    ------
    NetworkError
        The association could not be opened or broke; the message says how far it got.
    OperationCancelled
        ``cancel`` was set; the association is aborted.
    """
    report = report if report is not None else SendReport(node.name)
    started = time.perf_counter()
    items = [_item(p) for p in paths]
    assoc = associate(node, local, _contexts(items, transfer_syntax), timeouts=timeouts)
    try:
        for done, item in enumerate(items, start=1):
            if cancel is not None and cancel.is_set():
                abort(assoc)
                raise OperationCancelled(f"send to {node.name} cancelled after {done - 1} of {len(items)}")
            lost = not assoc.is_established
            if not lost:
                try:
                    result = _send_one(assoc, item, transfer_syntax)
                except RuntimeError:  # pynetdicom: the association ended under us
                    lost = True
                else:
                    report.results.append(result)
                    report.nbytes += Path(item.path).stat().st_size
                    # sent (it has a syntax) but unanswered: the peer is gone or timed out
                    lost = result.status is None and bool(result.transfer_syntax_uid)
            if lost:
                abort(assoc)
                sent = sum(1 for r in report.results if r.ok)
                raise NetworkError(f"{node.describe()} stopped answering (connection lost, or no response within "
                                   f"{timeouts.dimse:g} s) after {sent} of {len(items)} instance(s); retry sends "
                                   f"the rest")
            if progress is not None:
                progress(done, len(items), node.name)
    finally:
        release(assoc)
        report.elapsed_s = time.perf_counter() - started
    return report


def stow_rs(node: RemoteNode, paths: Sequence[str], *, timeouts: Timeouts = DEFAULT_TIMEOUTS,
            progress: Progress | None = None, cancel: threading.Event | None = None,
            report: SendReport | None = None) -> SendReport:
    """STOW-RS ``paths`` in batches of :data:`STOW_BATCH`, bytes as stored."""
    report = report if report is not None else SendReport(node.name)
    started = time.perf_counter()
    items = [_item(p) for p in paths]
    for first in range(0, len(items), STOW_BATCH):
        if cancel is not None and cancel.is_set():
            raise OperationCancelled(f"send to {node.name} cancelled after {first} of {len(items)}")
        batch = items[first:first + STOW_BATCH]
        outcomes = {o.sop_instance_uid: o for o in stow(node, (Path(i.path).read_bytes() for i in batch),
                                                         timeouts=timeouts)}
        for item in batch:
            outcome = outcomes.get(item.sop_instance_uid)
            if outcome is None:
                report.results.append(InstanceResult(item.sop_instance_uid, item.path, None,
                                                     "not listed in the STOW-RS response"))
            elif outcome.ok:
                report.results.append(InstanceResult(item.sop_instance_uid, item.path, 0x0000, "Success",
                                                     item.transfer_syntax_uid))
            else:
                code = outcome.reason if outcome.reason is not None else 0xC000
                report.results.append(InstanceResult(item.sop_instance_uid, item.path, code, status_meaning(code)))
            report.nbytes += Path(item.path).stat().st_size
        if progress is not None:
            progress(min(first + STOW_BATCH, len(items)), len(items), node.name)
    report.elapsed_s = time.perf_counter() - started
    return report


def send(node: RemoteNode, local: LocalAE, paths: Sequence[str], *, transfer_syntax: str = "",
         timeouts: Timeouts = DEFAULT_TIMEOUTS, progress: Progress | None = None,
         cancel: threading.Event | None = None, report: SendReport | None = None) -> SendReport:
    """Send ``paths`` to ``node`` by C-STORE or STOW-RS, whichever the node speaks."""
    if not paths:
        raise ValueError("nothing to send: paths is empty")
    if node.is_dicomweb:
        return stow_rs(node, paths, timeouts=timeouts, progress=progress, cancel=cancel, report=report)
    return c_store(node, local, paths, transfer_syntax=transfer_syntax, timeouts=timeouts, progress=progress,
                   cancel=cancel, report=report)
