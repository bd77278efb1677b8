"""``listen``: the storage SCP as a service, fed by DCMTK storescu, stopped by SIGTERM/SIGINT."""

from __future__ import annotations

import json
import signal
import socket
import time

import pytest

from tests.app.cli.conftest import start, stored_count
from tests.conftest import require_executable
from tests.peers import free_port, run_dcmtk
from workstation import phantoms as P


def _wait_listening(port: int, process, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("listen did not open its port")


@pytest.fixture(scope="module")
def two_studies(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-listen")
    ct = P.write_ct(folder / "ct", shape=(5, 32, 32), study=P.StudyInfo(seed="listen-ct"))
    mr = P.write_mr(folder / "mr", shape=(3, 32, 32),
                    study=P.StudyInfo(patient=P.PATIENT_NGOC, seed="listen-mr", accession_number="L2"))
    return ct, mr


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_listen_files_what_storescu_sends_and_stops_cleanly(tmp_path, two_studies, stop):
    require_executable("storescu")
    home = tmp_path / "home"
    port = free_port()
    process = start("listen", "--aet", "LISTENER", "--port", str(port), "--settle", "0.3", "--json", home=home)
    try:
        _wait_listening(port, process)
        for series in two_studies:
            sent = run_dcmtk("storescu", "-aet", "MODALITY", "-aec", "LISTENER", "127.0.0.1", str(port),
                             *map(str, series.paths))
            assert sent.returncode == 0, sent.stderr
        time.sleep(0.8)  # past the settle time: both study lines are out
        process.send_signal(stop)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    ct, mr = two_studies
    assert [(r["study_instance_uid"], r["instances"], r["calling_ae"]) for r in lines] == [
        (ct.study_instance_uid, 5, "MODALITY"), (mr.study_instance_uid, 3, "MODALITY")]
    assert lines[1]["patient_name"] == "Trần Thị Bích Ngọc" and lines[1]["modalities"] == ["MR"]
    assert "stopped: 8 instance(s) of 2 study(ies) received" in err
    assert stored_count(home, ct.study_instance_uid) == 5 and stored_count(home, mr.study_instance_uid) == 3
    log_text = (home / "data" / "logs" / "workstation.log").read_text(encoding="utf-8")  # what IT staff read
    assert "storage SCP LISTENER listening" in log_text


def test_listen_on_a_taken_port_fails_with_a_reason(tmp_path, cli):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        code, _, err = cli("listen", "--port", str(taken.getsockname()[1]), home=tmp_path / "home")
    assert code == 1 and "cannot listen on port" in err
    code, _, err = cli("listen", "--aet", "A\\B", home=tmp_path / "home")
    assert code == 2 and "AE title" in err
