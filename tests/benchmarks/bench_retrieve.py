"""Retrieve benchmark: our C-GET, C-MOVE and WADO-RS vs DCMTK getscu/movescu, same Orthanc, same run.

A 300-slice 512x512 int16 CT (~158 MB) is stored in a local Orthanc (Nagle off); each
method retrieves the whole study into a fresh ``LocalStore`` (DCMTK into a fresh folder),
alternating with DCMTK (getscu; movescu, its own move destination, for C-MOVE),
``REPEATS`` times; medians are printed as MB/s, the ratio of our throughput to getscu's
(the issue's target >= 0.9) and to DCMTK doing the same operation, and the time until
the first instance was stored and could be displayed (target < 1 s). A "get-net" row is
our C-GET discarding what arrives: the floor that pynetdicom and Orthanc set under it.
Dirty pages are flushed (``os.sync``) before every run so no run pays for the previous
one's writes. Worker processes run, warmed up, as in the workstation program (the store
reads received headers there).

Run: ``python -m tests.benchmarks.bench_retrieve`` (or through pytest: ``-m slow``).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

SHAPE = (300, 512, 512)
REPEATS = 3
OUR_AET = "BENCH"
#: (our method, the DCMTK client it alternates with): movescu is C-MOVE's like-for-like peer.
PAIRS = (("get", "getscu"), ("move", "movescu"), ("wado", "getscu"), ("get-net", "getscu"))
#: Rows without a first-image time: DCMTK's, and get-net, which stores nothing.
REFERENCES = ("getscu", "movescu", "get-net")


def _getscu(peer, study_uid: str, folder: Path) -> tuple[float, int]:
    from tests.peers import peer_env

    folder.mkdir(parents=True)
    started = time.perf_counter()
    subprocess.run(["getscu", "-aet", OUR_AET, "-aec", peer.aet, "-od", str(folder), "-k", "QueryRetrieveLevel=STUDY",
                    "-k", f"StudyInstanceUID={study_uid}", "127.0.0.1", str(peer.dicom_port)], check=True,
                   env=peer_env(), capture_output=True)
    elapsed = time.perf_counter() - started
    return elapsed, len(list(folder.iterdir()))


def _movescu(peer, study_uid: str, folder: Path, port: int) -> tuple[float, int]:
    """DCMTK ``movescu`` as its own move destination (Orthanc knows ``OUR_AET`` at ``port``)."""
    from tests.peers import peer_env

    folder.mkdir(parents=True)
    started = time.perf_counter()
    subprocess.run(["movescu", "-aet", OUR_AET, "-aem", OUR_AET, "-aec", peer.aet, "--port", str(port),
                    "-od", str(folder), "-k", "QueryRetrieveLevel=STUDY", "-k", f"StudyInstanceUID={study_uid}",
                    "127.0.0.1", str(peer.dicom_port)], check=True, env=peer_env(), capture_output=True)
    elapsed = time.perf_counter() - started
    return elapsed, len(list(folder.iterdir()))


class _Discard:
    """An ingest sink that drops every instance: our C-GET with nothing stored, i.e. what
    pynetdicom and Orthanc take for the transfer alone (the floor under our C-GET)."""

    def __init__(self) -> None:
        from workstation.net.ingest import IngestStats

        self.stats, self.error, self.failed_storage = IngestStats(), None, False

    def put(self, data: bytes) -> None:
        self.stats.received += 1


def _network_only(peer, study_uid: str) -> tuple[float, int]:
    from workstation.net import LocalAE, RemoteNode, RetrieveTarget
    from workstation.net.retrieve import RetrieveReport, c_get

    node = RemoteNode("pacs", peer.aet, "127.0.0.1", peer.dicom_port)
    sink, report = _Discard(), RetrieveReport(node.name)
    started = time.perf_counter()
    c_get(node, LocalAE(OUR_AET), [RetrieveTarget(study_uid)], sink, report)  # type: ignore[arg-type]
    return time.perf_counter() - started, sink.stats.received


def _ours(method: str, peer, study_uid: str, folder: Path, scp_port: int) -> tuple[float, int, float]:
    from workstation.net import LocalAE, Protocol, RemoteNode, RetrieveMethod, RetrieveTarget, StorageSCP, retrieve
    from workstation.store import LocalStore

    store = LocalStore(folder)
    local = LocalAE(OUR_AET, port=scp_port)
    if method == "wado":
        node = RemoteNode("pacs", protocol=Protocol.DICOMWEB, base_url=peer.dicomweb_url)
    else:
        node = RemoteNode("pacs", peer.aet, "127.0.0.1", peer.dicom_port, retrieve_method=RetrieveMethod(method))
    scp = StorageSCP(local, store) if method == "move" else None
    if scp is not None:
        scp.start()
    try:
        started = time.perf_counter()
        report = retrieve(node, local, store, [RetrieveTarget(study_uid)], scp=scp)
        elapsed = time.perf_counter() - started
    finally:
        if scp is not None:
            scp.stop()
        store.close()
    return elapsed, report.stats.stored, report.stats.first_arrival_s or float("nan")


def measure(peer, study_uid: str, nbytes: int, scp_port: int, workdir: Path) -> dict[str, dict]:
    results: dict[str, dict] = {name: {"seconds": [], "first": [], "count": []}
                                for name in ("getscu", "movescu", "get", "move", "wado", "get-net")}
    for repeat in range(REPEATS):
        for method, dcmtk in PAIRS:
            for name in ((dcmtk, method) if repeat % 2 == 0 else (method, dcmtk)):
                folder = workdir / f"{name}-{method}-{repeat}"
                os.sync()
                if name == "getscu":
                    seconds, count = _getscu(peer, study_uid, folder)
                    first = float("nan")
                elif name == "movescu":
                    seconds, count = _movescu(peer, study_uid, folder, scp_port)
                    first = float("nan")
                elif name == "get-net":
                    seconds, count = _network_only(peer, study_uid)
                    first = float("nan")
                else:
                    seconds, count, first = _ours(name, peer, study_uid, folder, scp_port)
                results[name]["seconds"].append(seconds)
                results[name]["first"].append(first)
                results[name]["count"].append(count)
                shutil.rmtree(folder, ignore_errors=True)  # get-net writes none
    summary = {}
    for name, r in results.items():
        seconds = statistics.median(r["seconds"])
        summary[name] = {"seconds": seconds, "mb_s": nbytes / 1e6 / seconds, "count": min(r["count"]),
                         "first": statistics.median(r["first"]) if name not in REFERENCES else float("nan")}
    return summary


def main() -> dict[str, dict]:
    from concurrent.futures import wait

    from tests.peers import free_port, start_orthanc
    from workstation.dicomio.decode_processes import use_worker_processes, warm_up
    from workstation.phantoms import write_ct

    use_worker_processes()  # as the workstation program does: received headers are read there
    wait(warm_up())  # started after start-up in a running workstation

    with tempfile.TemporaryDirectory(prefix="bench-retrieve-") as tmp:
        tmp_path = Path(tmp)
        series = write_ct(tmp_path / "ct", shape=SHAPE, spacing=(0.7, 0.7, 1.0))
        nbytes = sum(p.stat().st_size for p in series.paths)
        scp_port = free_port()
        peer = start_orthanc(tmp_path / "orthanc", modalities={"bench": [OUR_AET, "127.0.0.1", scp_port]})
        try:
            from tests.peers import run_dcmtk

            done = run_dcmtk("storescu", "-aec", peer.aet, "127.0.0.1", str(peer.dicom_port),
                             *[str(p) for p in series.paths], timeout=600)
            assert done.returncode == 0, done.stderr
            summary = measure(peer, series.study_instance_uid, nbytes, scp_port, tmp_path / "runs")
        finally:
            peer.stop()
    base = summary["getscu"]
    print(f"\nRetrieve {SHAPE[0]}x{SHAPE[1]}x{SHAPE[2]} int16 CT ({nbytes / 1e6:.0f} MB) from Orthanc on loopback, "
          f"median of {REPEATS}")
    print(f"{'method':<10}{'s':>8}{'MB/s':>9}{'ours/getscu':>13}{'ours/DCMTK':>12}{'first image s':>15}{'stored':>8}")
    same = dict(PAIRS)
    for name, r in summary.items():
        ratio = base["seconds"] / r["seconds"]
        like = summary[same[name]]["seconds"] / r["seconds"] if same.get(name) in summary else float("nan")
        print(f"{name:<10}{r['seconds']:>8.2f}{r['mb_s']:>9.0f}{ratio:>13.2f}{like:>12.2f}{r['first']:>15.3f}"
              f"{r['count']:>8}")
    print("ours/DCMTK: against DCMTK doing the same (getscu for C-GET, movescu for C-MOVE); "
          "Orthanc itself serves C-MOVE ~2.5x slower than C-GET")
    print("get-net: our C-GET discarding what arrives (pynetdicom + Orthanc alone, the floor under 'get')")
    return summary


@pytest.mark.slow
def test_bench_retrieve():
    from tests.conftest import require_executable

    require_executable("Orthanc")
    require_executable("getscu")
    require_executable("movescu")
    summary = main()
    for name, r in summary.items():
        assert r["count"] == SHAPE[0], f"{name} stored {r['count']} of {SHAPE[0]} instances"
        if name not in REFERENCES:
            assert r["first"] < 1.0, f"{name}: first image after {r['first']:.2f} s"


if __name__ == "__main__":
    main()
