"""SSL contexts for DICOM TLS (PS3.15 Annex B.1, "Basic TLS Secure Transport Connection Profile").

Both sides use TLS 1.2 or newer. As SCU we verify the peer's certificate against the
node's CA file (or the system store) and present our certificate when one is configured;
as SCP we require a client certificate whenever a CA file is configured, which is how
DICOM TLS authenticates the calling application. Hostname checking is on for the SCU
side, so a node's ``host`` must match its certificate (IP SAN for an address).
"""

from __future__ import annotations

import ssl
from pathlib import Path

from workstation.net.nodes import LocalAE, RemoteNode


def _check_file(path: str, what: str) -> str:
    if not Path(path).is_file():
        raise ValueError(f"{what} {path!r} does not exist")
    return path


def client_context(node: RemoteNode, local: LocalAE | None = None) -> ssl.SSLContext:
    """Context for calling ``node``: trust its CA, present a certificate if we have one.

    The client certificate comes from the node entry (per-node identity), else from our
    own AE's certificate.

    Raises
    ------
    ValueError
        A configured file does not exist (the message names the node and the file).
    """
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if node.ca_file:
        context.load_verify_locations(cafile=_check_file(node.ca_file, f"CA file of node {node.name!r}"))
    cert, key = node.cert_file, node.key_file
    if not cert and local is not None:
        cert, key = local.cert_file, local.key_file
    if cert:
        context.load_cert_chain(_check_file(cert, f"certificate for node {node.name!r}"),
                                _check_file(key, f"private key for node {node.name!r}") if key else None)
    return context


def server_context(local: LocalAE) -> ssl.SSLContext:
    """Context for our storage SCP: our certificate, and callers verified by ``ca_file``."""
    if not local.cert_file or not local.key_file:
        raise ValueError("TLS for our storage SCP needs a certificate and a private key")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(_check_file(local.cert_file, "our certificate"),
                            _check_file(local.key_file, "our private key"))
    if local.ca_file:
        context.load_verify_locations(cafile=_check_file(local.ca_file, "CA file for callers"))
        context.verify_mode = ssl.CERT_REQUIRED
    else:
        context.verify_mode = ssl.CERT_NONE
    return context
