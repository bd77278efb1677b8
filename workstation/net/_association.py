"""Opening associations with messages a user can act on, and the fast path for bulk data.

pynetdicom's defaults are tuned for correctness on any network, not for moving a 300-slice
CT on a LAN. What we change, and why (measured on loopback against Orthanc, see
``tests/benchmarks/bench_retrieve.py``):

* Maximum PDU length 0 (unlimited) on our side: the peer then sends its largest PDUs
  (131 kB for DCMTK-based peers) instead of 16 kB ones, 8x fewer PDUs through Python.
* ``LOG_HANDLER_LEVEL = "none"``: the standard handlers decode and log every DIMSE
  command set, a few percent of the receive thread.
* The DUL reactor polls its socket and sleeps 1 ms when idle; a C-STORE response waits
  for that sleep once per instance. We poll every 0.1 ms while an association lives.
* As acceptor (our storage SCP), pynetdicom's association loop sleeps 1 ms before it looks
  for each request; a C-STORE SCU that waits for every response before sending the next
  instance (DCMTK, Orthanc's C-MOVE) paid it 300 times per CT. After serving a request we
  serve the next ones as they arrive (:func:`_serve_back_to_back`).
* ``AssociationSocket.recv`` reads 4 kB per call; we read whole PDUs with ``recv_into``.
* TCP_NODELAY on our socket, so small responses are not held back by Nagle.
* C-STORE responses are encoded by hand (:func:`store_response_command`) instead of
  through pydicom datasets.

Received datasets are never decoded: :func:`part10_bytes` puts the File Meta Information
(PS3.10 7.1) in front of the bytes exactly as they arrived.
"""

from __future__ import annotations

import queue
import socket
import struct
import threading
import types
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydicom.uid import generate_uid
from pynetdicom import AE, _config, evt
from pynetdicom.association import Association
from pynetdicom.dimse_primitives import C_STORE
from pynetdicom.pdu_primitives import A_ASSOCIATE, P_DATA

from workstation.model.errors import WorkstationError
from workstation.net.nodes import LocalAE, RemoteNode
from workstation.net.tls import client_context

#: Our Implementation Class UID (PS3.7 D.3.3.2), stable across runs of this version.
IMPLEMENTATION_CLASS_UID = str(generate_uid(entropy_srcs=["workstation", "implementation", "1"]))
IMPLEMENTATION_VERSION_NAME = "WORKSTATION_01"
#: How often an association's DUL thread looks at its socket/queues when idle, in seconds.
REACTOR_POLL_S = 0.0001
#: How long an acceptor waits for the next request after serving one before pynetdicom's
#: loop looks at releases, aborts and timeouts again (the transfer of the next CT slice
#: on a LAN takes a few ms).
NEXT_REQUEST_WAIT_S = 0.005

_config.LOG_HANDLER_LEVEL = "none"


class NetworkError(WorkstationError):
    """A DICOM network operation failed; ``str()`` names the node and says why."""


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait for TCP connect, association negotiation, a DIMSE reply, any data.

    ``dimse`` bounds the wait for each response (e.g. the next C-FIND match), not the
    whole operation; ``network`` closes an association that is silent that long.
    """

    connect: float = 10.0
    acse: float = 30.0
    dimse: float = 120.0
    network: float = 120.0


DEFAULT_TIMEOUTS = Timeouts()


def make_ae(local: LocalAE, timeouts: Timeouts = DEFAULT_TIMEOUTS) -> AE:
    """An AE with our title, identity, unlimited receive PDU and the given timeouts."""
    ae = AE(ae_title=local.ae_title)
    ae.implementation_class_uid = IMPLEMENTATION_CLASS_UID
    ae.implementation_version_name = IMPLEMENTATION_VERSION_NAME
    ae.maximum_pdu_size = 0
    ae.connection_timeout = timeouts.connect
    ae.acse_timeout = timeouts.acse
    ae.dimse_timeout = timeouts.dimse
    ae.network_timeout = timeouts.network
    return ae


def _recv_exact(self: Any, nr_bytes: int) -> bytearray:
    """Replacement for ``AssociationSocket.recv``: one buffer, as few syscalls as possible."""
    buffer = bytearray(nr_bytes)
    view = memoryview(buffer)
    got = 0
    while got < nr_bytes:
        count = self.socket.recv_into(view[got:], nr_bytes - got)
        if not count:  # connection closed: return what arrived, pynetdicom reports Evt17
            return buffer[:got]
        got += count
    return buffer


def _uid_element(element: int, uid: str) -> bytes:
    value = uid.encode("ascii")
    if len(value) % 2:
        value += b"\0"
    return struct.pack("<HHI", 0x0000, element, len(value)) + value


def store_response_command(sop_class_uid: str, sop_instance_uid: str, message_id: int, status: int) -> bytes:
    """A C-STORE-RSP command set (PS3.7 9.3.1.2, Table 9.3-2) in Implicit VR Little Endian."""
    body = (_uid_element(0x0002, sop_class_uid)
            + struct.pack("<HHIH", 0x0000, 0x0100, 2, 0x8001)  # Command Field: C-STORE-RSP
            + struct.pack("<HHIH", 0x0000, 0x0120, 2, message_id)  # Message ID Being Responded To
            + struct.pack("<HHIH", 0x0000, 0x0800, 2, 0x0101)  # Command Data Set Type: no data set
            + struct.pack("<HHIH", 0x0000, 0x0900, 2, status)
            + _uid_element(0x1000, sop_instance_uid))
    return struct.pack("<HHII", 0x0000, 0x0000, 4, len(body)) + body


def _fast_send_msg(assoc: Association, original: Any) -> Any:
    """``DIMSEServiceProvider.send_msg`` with a hand-encoded C-STORE-RSP.

    pynetdicom builds every response through pydicom datasets; for the one message sent
    per received instance that was ~30% of the receive path's CPU. A plain C-STORE-RSP
    (no error comment or offending element) is encoded here and sent as one command PDV
    (PS3.8 E.2, message control header 0x03: command, last fragment); anything else goes
    through pynetdicom.
    """

    def send_msg(primitive: Any, context_id: int) -> None:
        if (isinstance(primitive, C_STORE) and primitive.MessageIDBeingRespondedTo is not None
                and primitive.Status is not None and primitive.ErrorComment is None
                and primitive.OffendingElement is None and primitive.AffectedSOPClassUID
                and primitive.AffectedSOPInstanceUID):
            command = store_response_command(str(primitive.AffectedSOPClassUID),
                                             str(primitive.AffectedSOPInstanceUID),
                                             int(primitive.MessageIDBeingRespondedTo), int(primitive.Status))
            pdata = P_DATA()
            pdata.presentation_data_value_list.append((context_id, b"\x03" + command))
            assoc.dul.send_pdu(pdata)
            return
        original(primitive, context_id)

    return send_msg


def _drop_late_data(assoc: Association) -> None:
    """Let the DUL reactor survive a reply queued just before our A-ABORT.

    Cancel and disk-full abort from a watcher thread while the receiving thread may be
    sending a C-STORE-RSP. That P-DATA reaches the state machine in Sta13 (awaiting
    transport close, PS3.8 9.2), where pynetdicom raises ``InvalidEventError`` on the
    reactor thread: the thread dies, the connection is never closed and the retrieve waits
    for the full DIMSE timeout (seen in CI). The association no longer exists, so the data
    is dropped, as PS3.8 does with anything but a close in Sta13.
    """
    machine = assoc.dul.state_machine
    do_action = machine.do_action

    def guarded(event: str) -> None:
        if event == "Evt9" and machine.current_state == "Sta13":
            try:
                assoc.dul.to_provider_queue.get(False)
            except queue.Empty:
                pass
            return
        do_action(event)

    machine.do_action = guarded  # type: ignore[method-assign]


def _serve_back_to_back(assoc: Association) -> None:
    """Serve an acceptor's requests as they arrive instead of one per pass of its loop.

    pynetdicom's acceptor loop (``Association._run_reactor``) sleeps 1 ms, takes one
    request, serves it, then checks for release, abort, a dead connection and the idle
    timeout. Here serving a request goes on with the next ones while they arrive within
    :data:`NEXT_REQUEST_WAIT_S`; then the loop makes its checks as before. A paused
    reactor (a handler sending on the association) or a killed one stops the run, and a
    "no message" marker (the connection closed) hands back to the loop at once.
    C-MOVE of a 300-slice CT from Orthanc, network only: 1.68 s -> 1.32 s.
    """
    serve = assoc._serve_request

    def serve_request(msg: Any, context_id: int) -> None:
        serve(msg, context_id)
        while not assoc._kill and assoc._reactor_checkpoint.is_set():
            try:
                context_id, msg = assoc.dimse.msg_queue.get(timeout=NEXT_REQUEST_WAIT_S)
            except queue.Empty:
                return
            if msg is None:
                return
            serve(msg, context_id)

    assoc._serve_request = serve_request  # type: ignore[method-assign]


def tune_association(assoc: Association) -> None:
    """Apply the fast path of the module docstring to a live association (either role)."""
    _drop_late_data(assoc)
    if assoc.is_acceptor:
        _serve_back_to_back(assoc)
    assoc.dul._run_loop_delay = REACTOR_POLL_S
    assoc.dimse.send_msg = _fast_send_msg(assoc, assoc.dimse.send_msg)  # type: ignore[method-assign]
    wrapper = assoc.dul.socket
    if wrapper is None or wrapper.socket is None:
        return
    wrapper.recv = types.MethodType(_recv_exact, wrapper)  # type: ignore[method-assign]
    if wrapper.socket.gettimeout() is None and assoc.network_timeout is not None:
        # pynetdicom clears the timeout after connecting: a peer that froze in the middle
        # of a PDU then held the reading thread (and every abort waiting for it) forever
        wrapper.socket.settimeout(assoc.network_timeout)
    try:
        wrapper.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:  # not a TCP socket (tests with socketpairs); nothing to tune
        pass


def _wake_waiter(event: Any) -> None:
    """The connection closed: make sure a thread waiting for a DIMSE reply wakes up.

    pynetdicom queues one "no message" marker when the peer drops the connection, but the
    association's own reactor thread can take it first (it polls the same queue between
    our requests), leaving ``send_c_store``/``send_c_get`` waiting for the full DIMSE
    timeout. A second marker closes that race.
    """
    event.assoc.dimse.msg_queue.put((None, None))


def _reason(primitive: Any) -> str:
    try:
        return f"{primitive.reason_str} ({primitive.result_str}, by the {primitive.source_str})"
    except Exception:  # a malformed reply still deserves a message
        return "rejected without a readable reason"


def _connect_problem(host: str, port: int, timeout: float) -> str:
    """Why a TCP connection fails, found only after pynetdicom could not connect."""
    try:
        with socket.create_connection((host, port), timeout=min(timeout, 5.0)):
            return "the connection opened, then closed before the association (TLS mismatch?)"
    except ConnectionRefusedError:
        return f"connection refused: nothing listens on {host}:{port}"
    except TimeoutError:
        return f"no answer from {host}:{port} within {timeout:g} s"
    except OSError as exc:
        return f"cannot reach {host}:{port} ({exc.strerror or exc})"


def associate(node: RemoteNode, local: LocalAE, contexts: Sequence[Any], *, ext_neg: Sequence[Any] = (),
              evt_handlers: Sequence[Any] = (), timeouts: Timeouts = DEFAULT_TIMEOUTS,
              ae: AE | None = None) -> Association:
    """Open an association with ``node`` proposing ``contexts``, tuned for bulk data.

    Raises
    ------
    NetworkError
        Connection refused or timed out, association rejected (with the reason the
        peer gave, e.g. "called AE title not recognised"), aborted, or no proposed
        presentation context accepted. The message names the node.
    """
    if node.is_dicomweb:
        raise NetworkError(f"{node.describe()} is a DICOMweb node, not a DIMSE one")
    ae = ae or make_ae(local, timeouts)
    received: list[Any] = []
    opened: list[bool] = []
    handlers = [(evt.EVT_ACSE_RECV, lambda event: received.append(event.primitive)),
                (evt.EVT_CONN_OPEN, lambda event: opened.append(True)),
                (evt.EVT_CONN_CLOSE, _wake_waiter), *evt_handlers]
    tls_args = (client_context(node, local), node.host) if node.tls else None
    try:
        assoc = ae.associate(node.host, node.port, contexts=list(contexts), ae_title=node.ae_title, max_pdu=0,
                             ext_neg=list(ext_neg) or None, evt_handlers=handlers, tls_args=tls_args)
    except (OSError, ValueError) as exc:
        raise NetworkError(f"cannot associate with {node.describe()}: {exc}") from exc
    if assoc.is_established:
        tune_association(assoc)
        return assoc
    answer = next((p for p in received if isinstance(p, A_ASSOCIATE)), None)
    if answer is not None and answer.result in (0x01, 0x02):
        raise NetworkError(f"{node.describe()} rejected the association from {local.ae_title}: {_reason(answer)}")
    if answer is not None and answer.result == 0x00:
        names = ", ".join(sorted({str(c.abstract_syntax.name) for c in contexts}))
        raise NetworkError(f"{node.describe()} accepted none of the proposed presentation contexts ({names})")
    if received:
        raise NetworkError(f"{node.describe()} aborted the association")
    if not opened:
        raise NetworkError(f"cannot associate with {node.describe()}: "
                           f"{_connect_problem(node.host, node.port, timeouts.connect)}")
    raise NetworkError(f"no association response from {node.describe()} within {timeouts.acse:g} s "
                       f"(wrong port, a TLS port, or the peer is overloaded)")


#: After our A-ABORT, how long to wait for the peer to close the connection (ARTIM,
#: PS3.8 9.1.5) before closing it ourselves; pynetdicom's default of 30 s kept a
#: cancelled C-GET hanging while the peer was busy sending.
ABORT_GRACE_S = 0.5


def abort(assoc: Association) -> None:
    """Abort now (user cancel, disk full): A-ABORT, then close within :data:`ABORT_GRACE_S`.

    A thread waiting for the next reply (a C-GET's responses, from another thread than
    the one aborting) is then woken with a "no message" marker, put once the
    association's own thread has ended so that thread cannot take it: otherwise a
    cancelled C-GET could wait the whole DIMSE timeout for a reply that never comes
    (caught by py-spy: the job thread in ``get_msg``, every other thread gone, 2 min).
    """
    assoc.dul.artim_timer.timeout = ABORT_GRACE_S
    assoc.abort()
    if assoc is not threading.current_thread() and assoc.is_alive():
        assoc.join(4 * ABORT_GRACE_S)
    assoc.dimse.msg_queue.put((None, None))


def release(assoc: Association) -> None:
    """Release (or abort when release is impossible); never raises, for ``finally`` blocks."""
    try:
        if assoc.is_established:
            assoc.release()
    except Exception:  # a broken connection cannot be released; abort frees the threads
        abort(assoc)


def _element(tag_element: int, vr: bytes, value: bytes) -> bytes:
    """One Explicit VR Little Endian element of group 0002 (PS3.5 7.1.2)."""
    if len(value) % 2:
        value += b" " if vr == b"SH" or vr == b"AE" else b"\0"
    if vr == b"OB":
        return struct.pack("<HH2sHI", 0x0002, tag_element, vr, 0, len(value)) + value
    return struct.pack("<HH2sH", 0x0002, tag_element, vr, len(value)) + value


def file_meta_bytes(sop_class_uid: str, sop_instance_uid: str, transfer_syntax_uid: str,
                    source_ae: str = "") -> bytes:
    """Preamble, ``DICM`` and File Meta Information (PS3.10 7.1) as bytes, without pydicom.

    Building the same header through pydicom datasets cost ~40% of the receive thread.
    """
    body = (_element(0x0001, b"OB", b"\x00\x01")
            + _element(0x0002, b"UI", sop_class_uid.encode("ascii"))
            + _element(0x0003, b"UI", sop_instance_uid.encode("ascii"))
            + _element(0x0010, b"UI", transfer_syntax_uid.encode("ascii"))
            + _element(0x0012, b"UI", IMPLEMENTATION_CLASS_UID.encode("ascii"))
            + _element(0x0013, b"SH", IMPLEMENTATION_VERSION_NAME.encode("ascii")))
    if source_ae:
        body += _element(0x0016, b"AE", source_ae.strip().encode("ascii", "replace"))
    group_length = struct.pack("<HH2sHI", 0x0002, 0x0000, b"UL", 4, len(body))
    return b"\0" * 128 + b"DICM" + group_length + body


def part10_bytes(event: Any) -> bytes:
    """The received C-STORE dataset as a complete Part-10 file, never decoded."""
    request = event.request
    meta = file_meta_bytes(str(request.AffectedSOPClassUID), str(request.AffectedSOPInstanceUID),
                           str(event.context.transfer_syntax), event.assoc.requestor.ae_title
                           if event.assoc.is_acceptor else event.assoc.acceptor.ae_title)
    return meta + request.DataSet.getbuffer()
