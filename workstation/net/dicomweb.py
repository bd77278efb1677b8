"""DICOMweb (PS3.18): HTTP sessions for a node, QIDO client, streamed WADO-RS, STOW-RS.

QIDO-RS goes through ``dicomweb-client``. WADO-RS and STOW-RS are done here on plain
``requests`` because ``dicomweb-client`` decodes every retrieved instance into a pydicom
Dataset and re-encodes every stored one; we move Part-10 bytes untouched instead, and a
streamed multipart parser hands each instance to the store as soon as its part ends, so
the viewer can open the study while the rest is still arriving.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import requests
from dicomweb_client.api import DICOMwebClient

from workstation.model.errors import OperationCancelled
from workstation.net._association import NetworkError, Timeouts
from workstation.net.nodes import Auth, RemoteNode

#: Ask for instances as stored (PS3.18 8.7.3.5.2: ``transfer-syntax=*``), so nothing is
#: transcoded on the way; every syntax we receive is one we can decode.
WADO_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*'
CHUNK_BYTES = 1 << 20


def session_for(node: RemoteNode) -> requests.Session:
    """A ``requests`` session with the node's authentication and TLS trust."""
    session = requests.Session()
    if node.auth is Auth.BASIC:
        session.auth = (node.username, node.password)
    elif node.auth is Auth.BEARER:
        session.headers["Authorization"] = f"Bearer {node.token}"
    if node.ca_file:
        session.verify = node.ca_file
    if node.cert_file:
        session.cert = (node.cert_file, node.key_file) if node.key_file else node.cert_file
    return session


def qido_client(node: RemoteNode, timeouts: Timeouts) -> DICOMwebClient:
    """dicomweb-client for QIDO-RS; its own retries are off (they hid a dead node for 30 s):
    the job system decides about retrying."""
    client = DICOMwebClient(node.base_url.rstrip("/"), session=session_for(node),
                            timeout=(timeouts.connect, timeouts.dimse))
    client.set_http_retry_params(retry=False)
    return client


def _http_error(node: RemoteNode, exc: Exception) -> NetworkError:
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        answer = exc.response
        return NetworkError(f"{node.describe()} answered HTTP {answer.status_code} {answer.reason}"
                            f" to {answer.request.method} {answer.url}")
    if isinstance(exc, requests.Timeout):
        return NetworkError(f"{node.describe()} did not answer in time ({exc})")
    if isinstance(exc, requests.ConnectionError):
        return NetworkError(f"cannot connect to {node.describe()} ({exc.__class__.__name__})")
    return NetworkError(f"DICOMweb request to {node.describe()} failed: {exc}")


def qido_ping(node: RemoteNode, timeouts: Timeouts) -> None:
    """A one-result study search: proves URL, authentication and the QIDO service.

    Raises
    ------
    NetworkError
    """
    try:
        qido_client(node, timeouts).search_for_studies(limit=1)
    except Exception as exc:  # requests and dicomweb-client raise many kinds
        raise _http_error(node, exc) from exc


def wado_url(node: RemoteNode, study_uid: str, series_uid: str = "", sop_uid: str = "") -> str:
    url = f"{node.base_url.rstrip('/')}/studies/{study_uid}"
    if series_uid:
        url += f"/series/{series_uid}"
        if sop_uid:
            url += f"/instances/{sop_uid}"
    return url


def _boundary(content_type: str) -> bytes:
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "boundary":
            return value.strip().strip('"').encode("ascii")
    raise ValueError(f"no boundary in Content-Type {content_type!r}")


def iter_multipart(chunks: Iterable[bytes], boundary: bytes) -> Iterator[bytes]:
    """Bodies of a ``multipart/related`` stream (RFC 2046 5.1), each as soon as it ends.

    Only the current part and one chunk are held in memory. A stream that ends before the
    close delimiter was cut (a server that dies mid-answer may just close the connection):
    ``ValueError``.
    """
    delimiter = b"\r\n--" + boundary
    buffer = bytearray(b"\r\n")  # the first delimiter may have no CRLF before it
    started = False
    for chunk in chunks:
        buffer += chunk
        while True:
            if not started:
                at = buffer.find(delimiter)
                if at < 0:
                    break
                del buffer[:at + len(delimiter)]
                started = True
            if buffer[:2] == b"--":  # close delimiter
                return
            headers_end = buffer.find(b"\r\n\r\n")
            if headers_end < 0:
                break
            end = buffer.find(delimiter, headers_end + 4)
            if end < 0:
                break
            yield bytes(buffer[headers_end + 4:end])
            del buffer[:end + len(delimiter)]
    raise ValueError("the multipart answer ended before its closing boundary: connection lost")


def wado_retrieve(node: RemoteNode, study_uid: str, series_uid: str = "", sop_uid: str = "", *,
                  timeouts: Timeouts, cancel: threading.Event | None = None) -> Iterator[bytes]:
    """Part-10 bytes of each instance of a study/series/instance, streamed (WADO-RS, PS3.18 10.4).

    Raises
    ------
    NetworkError
        HTTP error, connection lost, or a malformed multipart answer.
    OperationCancelled
        ``cancel`` was set; the HTTP connection is closed.
    """
    session = session_for(node)
    url = wado_url(node, study_uid, series_uid, sop_uid)
    try:
        with session.get(url, headers={"Accept": WADO_ACCEPT}, stream=True,
                         timeout=(timeouts.connect, timeouts.network)) as answer:
            answer.raise_for_status()
            boundary = _boundary(answer.headers.get("Content-Type", ""))
            for body in iter_multipart(answer.iter_content(CHUNK_BYTES), boundary):
                if cancel is not None and cancel.is_set():
                    raise OperationCancelled(f"WADO-RS retrieve from {node.name} cancelled")
                yield body
    except (requests.RequestException, ValueError) as exc:
        raise _http_error(node, exc) from exc
    finally:
        session.close()


@dataclass(frozen=True)
class StowOutcome:
    """Per-instance answer of a STOW-RS request (PS3.18 10.5.3, Table 10.5.3-1)."""

    sop_instance_uid: str
    ok: bool
    reason: int | None = None  #: Failure Reason (0008,1197) when refused


def stow(node: RemoteNode, instances: Iterable[bytes], *, timeouts: Timeouts,
         study_uid: str = "") -> list[StowOutcome]:
    """POST Part-10 instances in one ``multipart/related`` request (STOW-RS).

    Raises
    ------
    NetworkError
        The request failed as a whole (HTTP error other than 409 partial failure).
    """
    boundary = uuid.uuid4().hex

    def body() -> Iterator[bytes]:
        for data in instances:
            yield b"--" + boundary.encode() + b"\r\nContent-Type: application/dicom\r\n\r\n"
            yield data
            yield b"\r\n"
        yield b"--" + boundary.encode() + b"--\r\n"

    url = f"{node.base_url.rstrip('/')}/studies" + (f"/{study_uid}" if study_uid else "")
    headers = {"Content-Type": f'multipart/related; type="application/dicom"; boundary={boundary}',
               "Accept": "application/dicom+json"}
    with session_for(node) as session:
        try:
            answer = session.post(url, data=body(), headers=headers, timeout=(timeouts.connect, timeouts.network))
        except requests.RequestException as exc:
            raise _http_error(node, exc) from exc
        if answer.status_code not in (200, 202, 409):
            raise _http_error(node, requests.HTTPError(response=answer))
        return _stow_outcomes(answer.content)


def _stow_outcomes(content: bytes) -> list[StowOutcome]:
    try:
        data = json.loads(content) if content.strip() else {}
    except ValueError:
        return []
    outcomes = []
    for item in data.get("00081199", {}).get("Value", []):
        outcomes.append(StowOutcome(item.get("00081155", {}).get("Value", [""])[0], True))
    for item in data.get("00081198", {}).get("Value", []):
        reason = item.get("00081197", {}).get("Value", [None])[0]
        outcomes.append(StowOutcome(item.get("00081155", {}).get("Value", [""])[0], False, reason))
    return outcomes
