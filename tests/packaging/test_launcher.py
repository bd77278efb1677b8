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
