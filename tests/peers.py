"""Real DICOM peers for tests: an Orthanc PACS and DCMTK tools as user processes on 127.0.0.1.

Plain functions and classes, no pytest fixtures, so any test area (and the benchmarks)
can start the same peers. Every process gets a free port, a temp directory, and
``TCP_NODELAY=1`` in its environment: Debian's Orthanc and DCMTK leave Nagle's algorithm
on otherwise, which costs ~50 ms per instance (ENVIRONMENT.md). Processes are stopped by
their own PID (never by name) with :meth:`OrthancPeer.stop` / :meth:`DcmtkServer.stop`.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ORTHANC_PLUGIN_GLOB = "/usr/lib/orthanc/libOrthancDicomWeb.so*"
START_TIMEOUT_S = 20.0


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peer_env() -> dict[str, str]:
    """Environment for a peer process: Nagle off (Debian's Orthanc/DCMTK read TCP_NODELAY)."""
    env = dict(os.environ)
    env["TCP_NODELAY"] = "1"
    return env


def _wait_port(port: int, process: subprocess.Popen, timeout: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"peer exited with code {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"peer did not listen on port {port} within {timeout} s")


def _stop(process: subprocess.Popen | None, timeout: float = 10.0) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout)


@dataclass
class TlsFiles:
    """PEM files of a test PKI: one CA that signed a server and a client certificate."""

    ca_cert: Path
    ca_key: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def make_test_pki(folder: str | Path) -> TlsFiles:
    """A self-signed CA plus server/client certificates for 127.0.0.1, made with ``openssl``.

    The server certificate names ``localhost`` and IP ``127.0.0.1`` in subjectAltName so
    hostname checking works against the loopback address.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("openssl is not installed")

    def run(*args: str) -> None:
        subprocess.run([openssl, *args], check=True, capture_output=True, cwd=folder, timeout=60)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Workstation Test CA",
        "-keyout", "ca.key", "-out", "ca.pem")
    for name in ("server", "client"):
        ext = folder / f"{name}.ext"
        ext.write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
        run("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}", "-keyout", f"{name}.key",
            "-out", f"{name}.csr")
        run("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "2", "-extfile", ext.name, "-out", f"{name}.pem")
    return TlsFiles(folder / "ca.pem", folder / "ca.key", folder / "server.pem", folder / "server.key",
                    folder / "client.pem", folder / "client.key")


@dataclass
class OrthancPeer:
    """A running Orthanc: DIMSE on :attr:`dicom_port`, REST and DICOMweb on :attr:`http_port`."""

    process: subprocess.Popen
    aet: str
    dicom_port: int
    http_port: int
    workdir: Path
    log_path: Path
    config: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def dicomweb_url(self) -> str:
        return f"{self.url}/dicom-web"

    def rest(self, method: str, path: str, body: bytes | dict | list | None = None,
             timeout: float = 60.0) -> object:
        """Call the REST API and return the decoded JSON answer (bytes when not JSON)."""
        data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
        request = urllib.request.Request(self.url + path, data=data, method=method)
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            payload = answer.read()
            if answer.headers.get_content_type() == "application/json":
                return json.loads(payload)
            return payload

    def upload(self, paths: Sequence[str | Path]) -> list[str]:
        """Store files through REST (``POST /instances``); returns Orthanc instance ids."""
        ids = []
        for path in paths:
            answer = self.rest("POST", "/instances", Path(path).read_bytes())
            ids.append(answer["ID"])  # type: ignore[index]
        return ids

    def instance_count(self) -> int:
        return int(self.rest("GET", "/statistics")["CountInstances"])  # type: ignore[index]

    def find_study_id(self, study_uid: str) -> str:
        answer = self.rest("POST", "/tools/lookup", study_uid.encode())
        return next(a["ID"] for a in answer if a["Type"] == "Study")  # type: ignore[union-attr]

    def stored_transfer_syntaxes(self) -> set[str]:
        """Transfer syntaxes of every stored instance (Orthanc's ``TransferSyntax`` metadata)."""
        return {str(self.rest("GET", f"/instances/{i}/metadata/TransferSyntax"), "ascii")
                for i in self.rest("GET", "/instances")}  # type: ignore[union-attr]

    def clear(self) -> None:
        """Delete every patient, so one Orthanc can serve several tests."""
        for patient in self.rest("GET", "/patients"):  # type: ignore[union-attr]
            self.rest("DELETE", f"/patients/{patient}")

    def stop(self, graceful: bool = False) -> None:
        """Kill (default: a test Orthanc needs no clean shutdown, which takes 3.5 s) or terminate."""
        if graceful:
            _stop(self.process)
        elif self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def start_orthanc(workdir: str | Path, *, aet: str = "ORTHANC",
                  modalities: dict[str, Sequence] | None = None, extra: dict | None = None,
                  tls: TlsFiles | None = None, dicom_port: int | None = None,
                  http_port: int | None = None) -> OrthancPeer:
    """Start Orthanc as a user process on free ports with its own storage in ``workdir``.

    Parameters
    ----------
    modalities
        ``DicomModalities`` entries, name -> ``[AET, host, port]`` or Orthanc's object form
        (``{"AET":..., "Host":..., "Port":..., "UseDicomTls": true}``).
    extra
        More configuration keys, applied last (e.g. ``AcceptedTransferSyntaxes``).
    tls
        Turn DICOM TLS on for the DIMSE port with these files (the CA verifies our client).
    """
    binary = shutil.which("Orthanc")
    if binary is None:
        raise RuntimeError("Orthanc is not installed")
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    plugins = sorted(glob.glob(ORTHANC_PLUGIN_GLOB))
    dicom_port = dicom_port or free_port()
    http_port = http_port or free_port()
    config = {
        "Name": "test-pacs",
        "StorageDirectory": str(workdir / "storage"),
        "IndexDirectory": str(workdir / "index"),
        "HttpPort": http_port,
        "DicomPort": dicom_port,
        "DicomAet": aet,
        "RemoteAccessAllowed": False,
        "AuthenticationEnabled": False,
        "DefaultEncoding": "Utf8",
        "DicomModalities": modalities or {},
        "DicomAlwaysAllowEcho": True,
        "DicomAlwaysAllowFind": True,
        "DicomAlwaysAllowGet": True,
        "DicomAlwaysAllowMove": True,
        "DicomAlwaysAllowStore": True,
        "DicomCheckModalityHost": False,
        "StorageCompression": False,
        "Plugins": plugins[:1],
        "DicomWeb": {"Enable": True, "Root": "/dicom-web/", "EnableWado": True},
        "ConcurrentJobs": 2,
        "HttpThreadsCount": 8,
    }
    if tls is not None:
        config.update({
            "DicomTlsEnabled": True,
            "DicomTlsCertificate": str(tls.server_cert),
            "DicomTlsPrivateKey": str(tls.server_key),
            "DicomTlsTrustedCertificates": str(tls.ca_cert),
            "DicomTlsRemoteCertificateRequired": True,
        })
    config.update(extra or {})
    config_path = workdir / "orthanc.json"
    config_path.write_text(json.dumps(config, indent=1))
    log_path = workdir / "orthanc.log"
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen([binary, str(config_path)], stdout=log_file, stderr=subprocess.STDOUT,
                                   env=peer_env(), cwd=workdir)
    peer = OrthancPeer(process, aet, dicom_port, http_port, workdir, log_path, config)
    try:
        _wait_http(peer)
        _wait_port(dicom_port, process)
    except Exception:
        peer.stop()
        raise RuntimeError(f"Orthanc did not start:\n{peer.log()[-3000:]}") from None
    return peer


def _wait_http(peer: OrthancPeer) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if peer.process.poll() is not None:
            raise RuntimeError("Orthanc exited")
        try:
            peer.rest("GET", "/system", timeout=1.0)
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.05)
    raise RuntimeError("Orthanc /system did not answer")


@dataclass
class DcmtkServer:
    """A DCMTK ``storescp`` receiving into :attr:`folder`."""

    process: subprocess.Popen
    aet: str
    port: int
    folder: Path
    log_path: Path

    def files(self) -> list[Path]:
        return sorted(p for p in self.folder.rglob("*") if p.is_file())

    def stop(self) -> None:
        _stop(self.process)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def start_storescp(folder: str | Path, *, aet: str = "STORESCP", args: Sequence[str] = ()) -> DcmtkServer:
    """Start DCMTK ``storescp``. Its default accepts only uncompressed transfer syntaxes
    (``+x=``), which makes it the peer for transcoding tests; ``args`` adds options."""
    binary = shutil.which("storescp")
    if binary is None:
        raise RuntimeError("storescp is not installed")
    folder = Path(folder)
    received = folder / "received"
    received.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = folder / "storescp.log"
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen([binary, "-aet", aet, "-od", str(received), "-v", *args, str(port)],
                                   stdout=log_file, stderr=subprocess.STDOUT, env=peer_env())
    server = DcmtkServer(process, aet, port, received, log_path)
    try:
        _wait_port(port, process)
    except Exception:
        server.stop()
        raise
    return server


def run_dcmtk(tool: str, *args: str, timeout: float = 120.0, cwd: str | Path | None = None
              ) -> subprocess.CompletedProcess:
    """Run a DCMTK client (``storescu``, ``findscu``, ``getscu``, ...) with Nagle off."""
    binary = shutil.which(tool)
    if binary is None:
        raise RuntimeError(f"{tool} is not installed")
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=timeout, env=peer_env(),
                          cwd=cwd)
