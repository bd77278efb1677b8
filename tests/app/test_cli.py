"""The ``workstation`` command as a subprocess: exit codes, output, and the store it fills."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from workstation.phantoms import write_ct, write_pet

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, home: Path, display: bool = False, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, WORKSTATION_HOME=str(home), PYTHONPATH=str(ROOT))
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    if not display:
        env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run([sys.executable, "-m", "workstation", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=ROOT)


@pytest.fixture(scope="module")
def series_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-series")
    ct = write_ct(folder / "ct", shape=(16, 64, 64), spacing=(5.0, 5.0, 5.0))
    write_ct(folder / "tilted", shape=(8, 32, 32), spacing=(8.0, 8.0, 5.0), gantry_tilt_deg=12.0, series_number=9)
    write_pet(folder / "pet", study=ct.study, frame_of_reference_uid=ct.frame_of_reference_uid,
              shape=(12, 32, 32), spacing=(10.0, 10.0, 7.0))
    (folder / "readme.txt").write_text("not dicom")
    return folder


def test_import_then_list_finds_the_vietnamese_patient(tmp_path, series_dir):
    done = run("import", str(series_dir), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "not a DICOM file" in done.stdout  # the text file is reported as skipped
    listed = run("list", "--name", "nguyen van an", "--json", home=tmp_path)
    assert listed.returncode == 0, listed.stderr
    studies = json.loads(listed.stdout)
    assert len(studies) == 1 and studies[0]["patient_name"] == "Nguyễn Văn An"
    assert set(studies[0]["modalities"]) == {"CT", "PT"}


def test_import_of_nothing_fails_with_a_reason(tmp_path):
    (tmp_path / "junk.dcm").write_bytes(b"junk" * 100)
    done = run("import", str(tmp_path / "junk.dcm"), home=tmp_path / "home")
    assert done.returncode == 1
    assert "nothing imported" in done.stderr


def test_info_reports_geometry_and_tilt_without_importing(tmp_path, series_dir):
    done = run("info", str(series_dir), "--json", home=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    tilted = next(s for s in report["series"] if s["stacks"][0]["tilt_degrees"] > 1)
    assert tilted["stacks"][0]["tilt_degrees"] == pytest.approx(12.0, abs=0.05)
    assert any("tilt" in p for p in tilted["stacks"][0]["problems"])
    ct = next(s for s in report["series"] if s["stacks"][0]["shape"] == [16, 64, 64])
    assert ct["stacks"][0]["spacing"] == [5.0, 5.0, 5.0]
    assert not (tmp_path / "data" / "index.sqlite").exists(), "info must not import"


def test_snapshot_default_and_views(tmp_path, series_dir):
    out = tmp_path / "slice.png"
    done = run("snapshot", str(series_dir / "ct"), "--out", str(out), "--window", "40,400", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert QImage(str(out)).size().width() == 64
    for view in ("coronal", "mip", "fusion"):
        out = tmp_path / f"{view}.png"
        done = run("snapshot", str(series_dir), "--view", view, "--out", str(out), "--size", "200x160",
                   home=tmp_path)
        assert done.returncode == 0, done.stderr
        assert (QImage(str(out)).width(), QImage(str(out)).height()) == (200, 160)


def test_snapshot_layout_with_overlays(tmp_path, series_dir):
    out = tmp_path / "layout.png"
    done = run("snapshot", str(series_dir), "--layout", "1x2", "--overlays", "--out", str(out),
               "--size", "800x400", home=tmp_path)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert image.width() >= 790 and image.height() >= 390


def test_snapshot_bad_arguments_exit_non_zero(tmp_path, series_dir):
    done = run("snapshot", str(series_dir / "ct"), "--out", str(tmp_path / "x.png"), "--window", "abc", home=tmp_path)
    assert done.returncode == 2 and "--window" in done.stderr
    done = run("snapshot", str(series_dir / "ct"), "--out", str(tmp_path / "x.png"), "--slice", "99", home=tmp_path)
    assert done.returncode == 1 and "--slice must be 0..15" in done.stderr


def test_gui_without_a_display_says_so(tmp_path):
    done = run(home=tmp_path)
    assert done.returncode == 1
    assert "no display" in done.stderr


def test_demo_without_gui_fills_the_store(tmp_path):
    done = run("demo", "--no-gui", home=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    listed = json.loads(run("list", "--json", home=tmp_path).stdout)
    assert {s["patient_name"] for s in listed} == {"Nguyễn Văn An", "Trần Thị Bích Ngọc"}


def test_a_damaged_archive_index_is_one_line_not_a_traceback(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "index.sqlite").write_bytes(b"a damaged disk block, not a database" * 4)
    done = run("list", home=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("workstation list: cannot open the store index") and "index.sqlite" in line
