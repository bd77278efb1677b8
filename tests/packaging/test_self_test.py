"""``workstation --self-test`` from the source tree (the bundle's run is in test_bundle.py)."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from PySide6.QtGui import QImage

from workstation.app import gl_check
from workstation.app.cli import main as workstation
from workstation.app.gl_check import NO_3D_ENV
from workstation.app.self_test import PARTS, PartResult, run_self_test
from workstation.model.errors import OperationCancelled

PART_NAMES = [name for name, _ in PARTS]


@pytest.fixture(autouse=True)
def fresh_opengl_cache(monkeypatch):
    monkeypatch.setattr(gl_check, "_cache", {})


def test_every_part_passes_and_leaves_its_files(tmp_path, capsys):
    assert workstation(["--self-test", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines[1:-1]] == PART_NAMES
    assert all(": PASS (" in line for line in lines[1:-1]), lines
    assert lines[-1].startswith("self-test: PASS (7 parts")
    for png in ("slice.png", "coronal.png", "vr.png"):
        image = QImage(str(tmp_path / png))
        assert not image.isNull() and image.width() > 0
    sr = pydicom.dcmread(tmp_path / "report_sr.dcm")
    assert sr.SOPClassUID == "1.2.840.10008.5.1.4.1.1.88.34"  # Comprehensive 3D SR Storage
    assert sr.SpecificCharacterSet == "ISO_IR 192"


def test_without_opengl_only_vr_fails_and_the_exit_code_says_so(monkeypatch, capsys):
    monkeypatch.setenv(NO_3D_ENV, "1")
    from workstation.app.self_test import main

    assert main() == 1
    out = capsys.readouterr().out
    assert "vr: FAIL (" in out and f"no OpenGL: turned off by {NO_3D_ENV}" in out
    assert out.count(": PASS (") == len(PARTS) - 1
    assert "self-test: FAIL (vr of 7 parts failed" in out


def test_parts_after_a_failed_phantom_say_why_they_did_not_run(tmp_path, monkeypatch):
    import workstation.phantoms

    def broken_writer(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(workstation.phantoms, "write_ct", broken_writer)
    results = {r.name: r for r in run_self_test(tmp_path)}
    assert not results["phantom"].passed and "OSError: disk full" in results["phantom"].detail
    for name in ("2d", "mpr", "vr", "sr"):
        assert not results[name].passed and "needs the phantom" in results[name].detail
    assert results["qt"].passed


def test_progress_and_cancel(tmp_path):
    import threading

    cancel = threading.Event()
    seen: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, what: str) -> None:
        seen.append((done, total, what))
        if what == "qt":
            cancel.set()

    with pytest.raises(OperationCancelled, match="before 2d"):
        run_self_test(tmp_path, progress=progress, cancel=cancel)
    assert [s[2] for s in seen] == ["phantom", "codecs", "qt"]
    assert all(total == len(PARTS) for _, total, _ in seen)


def test_result_line_format():
    line = PartResult("vr", False, "no OpenGL: x", 0.5).line()
    assert line == "vr: FAIL (0.50 s) no OpenGL: x"
    assert np.isclose(PartResult("sr", True, "ok", 1.0).seconds, 1.0)
