"""``open`` and ``workstation://`` links with a running workstation (offscreen Qt): the study
comes up in the first instance, retrieved first when it is not local; bad input fails fast."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.app.cli.conftest import ROOT, command_env, run, write_nodes
from tests.net.conftest import dimse_node, study_paths, web_node
from workstation.app.cli.open import argv_from_url


class Gui:
    """A workstation GUI process whose stderr (its log, -v) is collected line by line."""

    def __init__(self, home) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen([sys.executable, "-m", "workstation", "-v"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                        env=command_env(home, QT_QPA_PLATFORM="offscreen"))
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line.rstrip())

    def wait_for(self, text: str, timeout: float = 90.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in self.lines if text in line]
            if found:
                return found[0]
            assert self.process.poll() is None, "\n".join(self.lines[-20:])
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not logged by the GUI:\n" + "\n".join(self.lines[-20:]))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def gui_home(tmp_path, orthanc, studies, scp_port):
    """An archive holding the 2023 prior of Nguyễn Văn An; the PACS holds everything."""
    home = tmp_path / "home"
    write_nodes(home, dimse_node(orthanc), web_node(orthanc), port=scp_port)
    done = run("import", *map(str, study_paths(studies["an_prior"])), home=home)
    assert done.returncode == 0, done.stderr
    return home


def test_open_brings_studies_up_in_the_running_workstation(gui_home, studies):
    gui = Gui(gui_home)
    try:
        gui.wait_for("single-instance server listening")
        local = run("open", "--accession", "A23011001", "--json", home=gui_home)
        assert local.returncode == 0, local.stderr
        answer = json.loads(local.stdout)
        assert answer["study_instance_uid"] == studies["an_prior"][0].study_instance_uid
        assert answer["retrieved"] is None and "hanging protocol" in answer["message"]
        # Not local: retrieved from the PACS first, then up in the window within 2 s of being local.
        an = studies["an_ct"][0].study_instance_uid
        remote = run("open", "--accession", "A24031501", "--node", "pacs", "--json", home=gui_home)
        assert remote.returncode == 0, remote.stderr
        answer = json.loads(remote.stdout)
        assert answer["study_instance_uid"] == an and answer["retrieved"]["stored"] == 20
        delay = answer["opened_at"] - answer["local_at"]
        print(f"study up in the running workstation {delay:.2f} s after it was local")
        assert delay < 2.0, answer
        # its two series plus the local 2023 prior, hung by the "with prior" protocol
        assert answer["message"].startswith("3 series, hanging protocol: CT chest with prior"), answer
        gui.wait_for(f"opened study {an}")
        # A link, as a RIS/HIS or a browser hands it over (the only argument).
        ngoc = studies["ngoc_mr"][0].study_instance_uid
        link = run(f"workstation://open?study={ngoc}&node=web", home=gui_home)
        assert link.returncode == 0, link.stderr
        assert f"opened {ngoc}: Trần Thị Bích Ngọc" in link.stdout
        gui.wait_for(f"opened study {ngoc}")
        # "Open with Workstation" on a DICOM folder (or a .dcm file, a file:// URL): imported, then up.
        older = studies["an_prior_old"][0]
        folder = run(str(older.paths[0].parent), home=gui_home)
        assert folder.returncode == 0, folder.stderr
        assert f"opened {older.study_instance_uid}" in folder.stdout and "Imported 5 instances" in folder.stdout
        gui.wait_for(f"opened study {older.study_instance_uid}")
        one_file = run(older.paths[0].as_uri(), home=gui_home)
        assert one_file.returncode == 0 and "1 already in the store" in one_file.stdout, one_file.stderr
        not_dicom = run(str(ROOT / "README.md"), home=gui_home)
        assert not_dicom.returncode == 1 and "no DICOM image to open" in not_dicom.stderr, not_dicom.stderr
        # A second plain start hands over to the first instead of opening another window.
        second = run(home=gui_home)
        assert second.returncode == 0 and "already running" in second.stderr, second.stderr
        assert gui.process.poll() is None
    finally:
        gui.stop()


def test_open_starts_the_workstation_when_none_runs(gui_home, studies):
    done = run("open", "--patient-id", studies["an_prior"][0].study.patient.patient_id, "--json", home=gui_home)
    pid = None
    try:
        assert done.returncode == 0, done.stderr
        answer = json.loads(done.stdout)
        pid = answer["gui_pid"]
        assert pid != os.getpid() and answer["study_instance_uid"] == studies["an_prior"][0].study_instance_uid
        assert "hanging protocol" in answer["message"]
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)


def test_open_bad_input_fails_fast_without_starting_a_window(gui_home, cli):
    missing = run("open", "--accession", "NOPE", home=gui_home)
    assert missing.returncode == 1 and "no accession NOPE in the local store" in missing.stderr
    assert "--node" in missing.stderr
    code, _, err = cli("open", "--accession", "NOPE", "--node", "pacs", home=gui_home)
    assert code == 1 and "has no accession NOPE" in err
    code, _, err = cli("open", "--study", "1.2.3", "--node", "nowhere", home=gui_home)
    assert code == 1 and "unknown node" in err
    assert cli("open", "--accession", "*", home=gui_home)[0] == 2
    code, _, err = cli("workstation://delete?study=1.2.3", home=gui_home)
    assert code == 2 and "unknown link action" in err
    headless = command_env(gui_home)
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        headless.pop(name, None)
    no_display = subprocess.run([sys.executable, "-m", "workstation", "open", "--accession", "A23011001"],
                                capture_output=True, text=True, env=headless, cwd=ROOT, timeout=60, check=False)
    assert no_display.returncode == 1 and "no display" in no_display.stderr, no_display.stderr
    assert not (gui_home / "data" / "gui.log").exists(), "no window was started"


@pytest.mark.parametrize("url, argv", [
    ("workstation://open?accession=A%2024&node=PACS", ["open", "--accession=A 24", "--node=PACS"]),
    ("workstation://open/?study=1.2.3", ["open", "--study=1.2.3"]),
    ("WORKSTATION:open?PatientID=VN-1", ["open", "--patient-id=VN-1"]),
    ("workstation://open?accession=--json", ["open", "--accession=--json"]),
])
def test_links_become_open_commands(url, argv):
    assert argv_from_url(url) == argv


def test_bad_links_are_refused(tmp_path, cli):
    code, _, err = cli("workstation://open?file=/etc/passwd", home=tmp_path)
    assert code == 2 and "unknown link parameter 'file'" in err


def test_macos_link_events_are_handed_to_an_open_process(qapp, monkeypatch):
    """macOS delivers workstation:// links as file-open events, not as arguments."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QFileOpenEvent

    from workstation.app import instance

    started = []
    monkeypatch.setattr(instance, "_detached", lambda command, log_path=None: started.append(command))
    opener = instance.LinkOpener()
    link = QFileOpenEvent(QUrl("workstation://open?accession=A1"))
    assert opener.eventFilter(qapp, link) is True
    assert started == [instance.launch_command() + ["workstation://open?accession=A1"]]
    assert opener.eventFilter(qapp, QFileOpenEvent("/tmp/x.dcm")) is False  # files are not links
