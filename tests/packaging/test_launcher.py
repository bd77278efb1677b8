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


def test_media_viewer_opens_the_dicomdir_above_it(launcher, tmp_path, monkeypatch):
    cd = tmp_path / "cd"
    (cd / "VIEWER").mkdir(parents=True)
    (cd / "DICOMDIR").write_bytes(b"")
    monkeypatch.setattr(sys, "executable", str(cd / "VIEWER" / "media-viewer"))
    assert launcher.media_folder([]) == str(cd)
    assert launcher.media_folder(["/somewhere/else"]) == "/somewhere/else"
    (cd / "DICOMDIR").unlink()
    assert launcher.media_folder([]) == str(cd)  # no DICOMDIR: the folder above, the media mode says why


def test_process_age_counts_from_process_start(launcher):
    age = launcher.process_age()
    time.sleep(0.05)
    assert 0.0 < age < launcher.process_age()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_process_age_includes_the_time_before_python_ran_the_launcher(launcher):
    # the launcher was imported by this test session, long after the process started
    assert launcher.process_age() > time.monotonic() - launcher._IMPORTED
