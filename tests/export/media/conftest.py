"""Phantom studies, a stand-in viewer bundle and ISO helpers for the media tests."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pydicom
import pytest

from tests.conftest import require_executable
from workstation.phantoms import PATIENT_NGOC, StudyInfo, write_ct, write_mr

NGOC_STUDY = StudyInfo(patient=PATIENT_NGOC, seed="ngoc-media", accession_number="B24", description="CT sọ não")


@pytest.fixture(scope="session")
def two_patients(tmp_path_factory):
    """A CT and an MR of "Nguyễn^Văn An", a CT of "Trần^Thị Bích Ngọc": 3 studies, 4 series."""
    root = tmp_path_factory.mktemp("media-src")
    series = [write_ct(root / "an-ct", shape=(6, 32, 32)),
              write_mr(root / "an-mr", shape=(4, 32, 32)),
              write_ct(root / "ngoc-ct", shape=(5, 32, 32), study=NGOC_STUDY)]
    return [p for s in series for p in s.paths]


@pytest.fixture(scope="session")
def viewer_bundle(tmp_path_factory):
    """A folder shaped like the PyInstaller bundle: executables, lower-case and long names,
    directories deeper than ISO 9660's 8 levels."""
    root = tmp_path_factory.mktemp("bundle") / "workstation"
    deep = root.joinpath("_internal", "PySide6", "Qt", "plugins", "platforms", "a", "b", "c", "d")
    deep.mkdir(parents=True)
    (root / "workstation").write_bytes(b"#!/bin/sh\necho viewer\n")
    (root / "workstation").chmod(0o755)
    (root / "workstation.exe").write_bytes(b"MZ fake")
    (deep / "libqxcb.so").write_bytes(b"\x7fELF fake")
    (root / "_internal" / ("python_package_with_a_very_long_name_" + "x" * 50 + ".dist-info")).write_text("m")
    return root


def pixel_digest(path: str | os.PathLike[str]) -> str:
    """SHA-256 of the decoded pixels (so a re-encoded file compares by its values)."""
    return hashlib.sha256(pydicom.dcmread(os.fspath(path)).pixel_array.tobytes()).hexdigest()


def extract_iso(iso: Path, target: Path) -> Path:
    """Unpack an ISO with xorriso (Rock Ridge names and modes)."""
    xorriso = require_executable("xorriso")
    subprocess.run([xorriso, "-osirrox", "on", "-indev", os.fspath(iso), "-extract", "/", os.fspath(target)],
                   check=True, capture_output=True)
    for folder, dirs, files in os.walk(target):  # osirrox keeps the disc's read-only modes
        os.chmod(folder, 0o755)
    return target


def iso_tree(iso: Path) -> set[str]:
    xorriso = require_executable("xorriso")
    done = subprocess.run([xorriso, "-indev", os.fspath(iso), "-find", "/"], capture_output=True, text=True,
                          check=True)
    return {line.strip().strip("'") for line in done.stdout.splitlines() if line.startswith("'")}


def dcmmkdir_problems(root: Path, profile: str = "-Pgp") -> list[str]:
    """Run ``dcmmkdir PROFILE +U`` over a copy of the DICOMDIR: the lines it complains with."""
    dcmmkdir = require_executable("dcmmkdir")
    with tempfile.TemporaryDirectory() as scratch:  # +U rewrites the DICOMDIR: check a linked copy
        copy = Path(scratch) / "disc"
        shutil.copytree(root, copy, copy_function=os.link)
        (copy / "DICOMDIR").unlink()
        shutil.copyfile(root / "DICOMDIR", copy / "DICOMDIR")
        done = subprocess.run([dcmmkdir, profile, "+U", "-nb", "+r", "DICOM"], cwd=copy, capture_output=True,
                              text=True)
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line[:2] in ("E:", "W:", "F:")]
    return lines + ([f"exit code {done.returncode}"] if done.returncode else [])


def dciodvfy_errors(path: Path) -> list[str]:
    dciodvfy = require_executable("dciodvfy")
    done = subprocess.run([dciodvfy, os.fspath(path)], capture_output=True, text=True)
    return [line for line in (done.stdout + done.stderr).splitlines() if line.startswith(("Error", "Warning"))]
