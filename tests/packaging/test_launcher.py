"""The bundle's entry point: what it decides before the ``workstation`` command runs."""

from __future__ import annotations

import sys
import time

import pytest


def test_gui_starts_only_without_a_command(launcher):
    assert launcher.starts_gui([])
    assert launcher.starts_gui(["-v"])
    assert launcher.starts_gui(["--media", "/media/cdrom"])
    assert not launcher.starts_gui(["list"])
    assert not launcher.starts_gui(["-v", "snapshot", "x", "--out", "y.png"])
    assert not launcher.starts_gui(["--self-test"])
    assert not launcher.starts_gui(["--version"])


def test_links_and_files_are_handed_over_not_probed_as_a_window(launcher, tmp_path):
    """A link or "Open with" runs a short process that talks to the (perhaps new) window."""
    dcm = tmp_path / "IM0001.dcm"
    dcm.write_bytes(b"")
    assert not launcher.starts_gui(["workstation://open?accession=A1"])
    assert not launcher.starts_gui([dcm.as_uri()])
    assert not launcher.starts_gui([str(dcm)])
    assert not launcher.starts_gui([str(tmp_path), str(dcm)])
    assert launcher.starts_gui(["-v"])  # an option is not a path


def test_a_windowed_program_shows_the_failure_reason(launcher, monkeypatch):
    told = []
    monkeypatch.setattr(sys, "argv", ["workstation-gui", "workstation://delete?study=1"])
    monkeypatch.setattr(sys, "stderr", None)  # what a windowed PyInstaller program gets
    monkeypatch.setattr(launcher, "tell", told.append)
    assert launcher.main() == 2
    assert told and "unknown link action 'delete'" in told[0]


def test_media_viewer_stands_for_workstation_media(launcher, tmp_path, monkeypatch):
    viewer = tmp_path / "VIEWER" / "media-viewer"
    viewer.parent.mkdir()
    viewer.write_bytes(b"")
    link = tmp_path / "workstation-media-viewer"
    link.symlink_to(viewer)  # how packaging/linux/install.sh puts it on PATH
    for executable in (viewer, link):
        monkeypatch.setattr(sys, "executable", str(executable))
        assert launcher.workstation_argv([]) == ["--media", ""]  # the media mode looks above the program
        assert launcher.workstation_argv(["/media/cdrom"]) == ["--media", "/media/cdrom"]
    monkeypatch.setattr(sys, "executable", str(tmp_path / "workstation"))
    assert launcher.workstation_argv(["list"]) == ["list"]


def test_process_age_counts_from_process_start(launcher):
    age = launcher.process_age()
    time.sleep(0.05)
    assert 0.0 < age < launcher.process_age()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_process_age_includes_the_time_before_python_ran_the_launcher(launcher):
    # the launcher was imported by this test session, long after the process started
    assert launcher.process_age() > time.monotonic() - launcher._IMPORTED
