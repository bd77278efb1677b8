"""``retrieve`` (C-GET, C-MOVE, WADO-RS) and ``send`` (with transcoding) against Orthanc and DCMTK,
the store afterwards, and the failures: unknown UID, full disk, ^C in the middle."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import signal
import socket
import threading
import time

import pydicom
import pytest
from pydicom.uid import ExplicitVRLittleEndian, JPEGLSLossless

from tests.app.cli.conftest import run, start, stored_count, write_nodes
from tests.conftest import require_executable
from tests.net.conftest import dimse_node
from tests.peers import start_orthanc, start_storescp
from workstation import phantoms as P
from workstation.net import RemoteNode
from workstation.net._part10 import inspect_part10


def test_retrieve_by_get_move_and_wado_fills_the_store(home, studies):
    an = studies["an_ct"][0].study_instance_uid
    got = run("retrieve", "pacs", "--study", an, "--json", home=home)
    assert got.returncode == 0, got.stderr
    report = json.loads(got.stdout)
    assert (report["received"], report["stored"], report["method"]) == (20, 20, "get")
    assert stored_count(home, an) == 20
    prior = studies["an_prior"][0].study_instance_uid
    moved = run("retrieve", "pacs", "--study", prior, "--method", "move", home=home)
    assert moved.returncode == 0, moved.stderr
    assert "6 stored" in moved.stdout and stored_count(home, prior) == 6
    ngoc = studies["ngoc_mr"][0]
    web = run("retrieve", "web", "--study", ngoc.study_instance_uid, "--series", ngoc.series_instance_uid,
              home=home)
    assert web.returncode == 0, web.stderr
    assert "by wado" in web.stdout and stored_count(home, ngoc.study_instance_uid) == 6
    again = run("retrieve", "pacs", "--study", an, "--json", home=home)  # partly here: only what is missing
    assert again.returncode == 0 and json.loads(again.stdout)["received"] == 0, again.stderr


def test_retrieve_bad_input(home, cli):
    code, _, err = cli("retrieve", "pacs", "--study", "1.2.3.4.5.6.7", home=home)
    assert code == 1 and "has no study 1.2.3.4.5.6.7" in err
    code, _, err = cli("retrieve", "nowhere", "--study", "1.2.3", home=home)
    assert code == 1 and "unknown node 'nowhere'" in err
    code, _, err = cli("retrieve", "web", "--study", "1.2.3", "--method", "get", home=home)
    assert code == 2 and "wado only" in err


def test_disk_full_during_retrieve_keeps_complete_instances(home, studies, fill_disk_after, monkeypatch, capsys):
    from workstation.app.cli import main

    monkeypatch.setenv("WORKSTATION_HOME", str(home))
    fill_disk_after(5)
    an = studies["an_ct"][0].study_instance_uid
    assert main(["retrieve", "pacs", "--study", an]) == 1
    error = capsys.readouterr().err.strip()
    assert "disk" in error.lower() and "kept" in error and "again" in error, error
    assert len(error.splitlines()) == 1
    assert stored_count(home, an) == 5


@pytest.fixture(scope="module")
def slow_study(tmp_path_factory):
    return P.write_ct(tmp_path_factory.mktemp("cli-sigint") / "ct", shape=(120, 256, 256),
                      study=P.StudyInfo(seed="cli-sigint"))


def _files(home):
    return [p for p in (home / "data").rglob("*.dcm")]


class SlowLink:
    """A TCP relay to ``port`` passing at most ``rate`` bytes/s from the peer: a slow WAN
    link, so a ^C surely lands in the middle of the transfer (no buffer can hold the rest)."""

    def __init__(self, port: int, rate: float) -> None:
        self.port, self.rate = port, rate
        self.server = socket.create_server(("127.0.0.1", 0))
        self.listen_port = self.server.getsockname()[1]
        self.sockets: list[socket.socket] = [self.server]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _ = self.server.accept()
                upstream = socket.create_connection(("127.0.0.1", self.port))
                self.sockets += [client, upstream]
                threading.Thread(target=self._pipe, args=(client, upstream, 0.0), daemon=True).start()
                threading.Thread(target=self._pipe, args=(upstream, client, self.rate), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, rate: float) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(16384):
                target.sendall(data)
                if rate:
                    time.sleep(len(data) / rate)
        for end in (source, target):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        for end in self.sockets:
            end.close()


def test_sigint_in_the_middle_of_a_retrieve_keeps_what_arrived_and_says_how_to_resume(tmp_path, slow_study,
                                                                                     scp_port):
    peer = start_orthanc(tmp_path / "orthanc")
    link = SlowLink(peer.dicom_port, rate=4e6)
    home = tmp_path / "home"
    try:
        peer.upload(slow_study.paths)
        node = dimse_node(peer, name="slow")
        write_nodes(home, dataclasses.replace(node, port=link.listen_port), port=scp_port)
        uid = slow_study.study_instance_uid
        process = start("retrieve", "slow", "--study", uid, home=home)
        deadline = time.monotonic() + 60
        while len(_files(home)) < 3 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
        assert process.returncode == 130, err
        kept = stored_count(home, uid)
        assert 3 <= kept < 120
        assert f"{kept} new instance(s) received and kept" in err
        assert f"run `workstation retrieve slow --study {uid}` again" in err
        for path in _files(home):
            assert inspect_part10(path.read_bytes()).problem == "", path
        assert len(_files(home)) == kept, "no partial or orphan files"
        write_nodes(home, node, port=scp_port)  # the fast way for the rest
        resumed = run("retrieve", "slow", "--study", uid, "--json", home=home)
        assert resumed.returncode == 0, resumed.stderr
        assert json.loads(resumed.stdout)["received"] == 120 - kept
        assert stored_count(home, uid) == 120
    finally:
        link.close()
        peer.stop()


@pytest.fixture(scope="module")
def compressed_study(tmp_path_factory):
    """Four CT slices stored JPEG-LS lossless: a plain storescp (uncompressed only) needs them transcoded."""
    folder = tmp_path_factory.mktemp("cli-send")
    series = P.write_ct(folder / "ct", shape=(4, 32, 32), study=P.StudyInfo(seed="cli-send"))
    for path in series.paths:
        ds = pydicom.dcmread(path)
        ds.compress(JPEGLSLossless)
        ds.save_as(path)
    return series


def test_send_study_transcodes_for_a_peer_that_needs_it(tmp_path, home, compressed_study, scp_port):
    require_executable("storescp")
    assert run("import", str(compressed_study.paths[0].parent), home=home).returncode == 0
    storescp = start_storescp(tmp_path / "storescp", aet="PLAIN")
    try:
        write_nodes(home, RemoteNode("plain", "PLAIN", "127.0.0.1", storescp.port), port=scp_port)
        done = run("send", "plain", "--study", compressed_study.study_instance_uid, "--json", home=home)
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert (report["sent"], report["failed"]) == (4, 0)
        assert {r["sent_as"] for r in report["results"]} == {ExplicitVRLittleEndian}
        assert all(r["transcoded"] for r in report["results"])
        text = run("send", "plain", str(compressed_study.paths[0]), home=home)
        assert text.returncode == 0 and "transcoded to Explicit VR Little Endian" in text.stdout, text.stderr
        received = storescp.files()
        assert len(received) == 4  # the second send of one instance overwrote its file
        assert {str(pydicom.dcmread(p).file_meta.TransferSyntaxUID) for p in received} == {ExplicitVRLittleEndian}
    finally:
        storescp.stop()


def test_send_bad_input(home, tmp_path, cli):
    code, _, err = cli("send", "pacs", "--study", "1.2.3.4", home=home)
    assert code == 1 and "not in the local store" in err
    code, _, err = cli("send", "pacs", "--study", "1.2", "--series", "1.3", home=home)
    assert code == 2
    (tmp_path / "junk.txt").write_text("not dicom")
    code, _, err = cli("send", "pacs", str(tmp_path / "junk.txt"), home=home)
    assert code == 1 and "no DICOM files" in err
    code, _, err = cli("send", "pacs", str(tmp_path / "junk.txt"), "--transfer-syntax", "1.2.3", home=home)
    assert code == 2 and "transfer syntax" in err
