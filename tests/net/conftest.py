"""Real peers for the network tests: one Orthanc per session preloaded with phantom studies,
our storage SCP, and the nodes and AE that point at them.

The session Orthanc holds (never modified by tests that read it):
  * ``an_ct``: CT of "Nguyễn^Văn An" (2024-03-15), two series, Explicit VR LE;
  * ``an_prior``: an older CT of the same patient (2023-01-10);
  * ``an_prior_old``: a still older CT (2021-06-01);
  * ``ngoc_mr``: MR of "Trần^Thị Bích Ngọc" (another patient, MR).
Tests that store into Orthanc use their own studies (``fresh_study``) and check only those.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import require_executable
from tests.peers import OrthancPeer, free_port, start_orthanc
from workstation import phantoms as P
from workstation.net import LocalAE, Protocol, RemoteNode, RetrieveMethod, StorageSCP

OUR_AET = "WS"


@pytest.fixture(scope="session")
def studies(tmp_path_factory) -> dict[str, list[P.PhantomSeries]]:
    out = tmp_path_factory.mktemp("net-studies")
    an = P.DEFAULT_STUDY
    prior = replace(an, seed="prior-2023", started=datetime(2023, 1, 10, 8, 0), accession_number="A23011001",
                    description="CT ngực không tiêm")
    older = replace(an, seed="prior-2021", started=datetime(2021, 6, 1, 8, 0), accession_number="A21060101",
                    description="CT bụng")
    mr_study = P.StudyInfo(patient=P.PATIENT_NGOC, seed="ngoc-mr", started=datetime(2024, 2, 2, 10, 0),
                           accession_number="B24020201", description="MRI sọ não",
                           referring_physician="Võ^Thanh Hải")
    return {
        "an_ct": [P.write_ct(out / "an1", shape=(12, 48, 48), study=an, series_number=2),
                  P.write_ct(out / "an2", shape=(8, 48, 48), study=an, series_number=3,
                             series_description="CT ngực 5 mm")],
        "an_prior": [P.write_ct(out / "prior", shape=(6, 32, 32), study=prior)],
        "an_prior_old": [P.write_ct(out / "older", shape=(5, 32, 32), study=older)],
        "ngoc_mr": [P.write_mr(out / "ngoc", shape=(6, 32, 32), study=mr_study)],
    }


def study_paths(series: list[P.PhantomSeries]) -> list[Path]:
    return [p for s in series for p in s.paths]


@pytest.fixture(scope="session")
def scp_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def orthanc(tmp_path_factory, studies, scp_port) -> OrthancPeer:
    require_executable("Orthanc")
    peer = start_orthanc(tmp_path_factory.mktemp("orthanc"),
                         modalities={"ws": [OUR_AET, "127.0.0.1", scp_port]})
    try:
        for series in studies.values():
            peer.upload(study_paths(series))
        yield peer
    finally:
        peer.stop()


@pytest.fixture
def fresh_orthanc(tmp_path, scp_port) -> OrthancPeer:
    """An Orthanc of the test's own, for tests that stop it or change its content."""
    require_executable("Orthanc")
    peer = start_orthanc(tmp_path / "orthanc-own", modalities={"ws": [OUR_AET, "127.0.0.1", scp_port]})
    try:
        yield peer
    finally:
        peer.stop()


@pytest.fixture
def local_ae(scp_port) -> LocalAE:
    return LocalAE(OUR_AET, port=scp_port)


def dimse_node(peer: OrthancPeer, method: RetrieveMethod = RetrieveMethod.GET, name: str = "pacs") -> RemoteNode:
    return RemoteNode(name, peer.aet, "127.0.0.1", peer.dicom_port, retrieve_method=method)


def web_node(peer: OrthancPeer, name: str = "web") -> RemoteNode:
    return RemoteNode(name, protocol=Protocol.DICOMWEB, base_url=peer.dicomweb_url)


@pytest.fixture
def pacs(orthanc) -> RemoteNode:
    return dimse_node(orthanc)


@pytest.fixture
def web(orthanc) -> RemoteNode:
    return web_node(orthanc)


@pytest.fixture
def store(tmp_path):
    from workstation.store import LocalStore

    return LocalStore(tmp_path / "store")


@pytest.fixture
def scp(local_ae, store) -> StorageSCP:
    server = StorageSCP(local_ae, store)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def stored_files(store) -> list[str]:
    """Every DICOM or temporary file under the store's root (not its index), for
    'nothing half-written' checks."""
    root = Path(store.root)
    return sorted(str(p) for p in root.rglob("*") if p.is_file() and p.parent != root)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    """requests must talk to 127.0.0.1 directly even where a proxy is configured."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fill_disk_after(monkeypatch):
    """``fill_disk_after(n)``: the store's n+1-th file write meets a full disk (ENOSPC) half-way,
    through the store's own write path, so its clean-up of partial files is exercised too."""
    import errno

    from workstation.store import _files

    real_copy = _files._copy_into

    def arm(n: int) -> list[int]:
        writes = [0]

        def copy_into(fd, source):
            writes[0] += 1
            if writes[0] > n:
                os.write(fd, bytes(source)[:1000] if isinstance(source, (bytes, bytearray, memoryview)) else b"x")
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_copy(fd, source)

        monkeypatch.setattr(_files, "_copy_into", copy_into)
        return writes

    return arm
