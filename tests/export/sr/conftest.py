"""A small CT (3 mm pixels, 5 mm slices) loaded as a Volume, its headers, and dciodvfy."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_executable
from tests.net.conftest import _no_proxy, fresh_orthanc, local_ae, scp_port  # noqa: F401 - fixtures
from workstation.dicomio import SeriesLoader, read_header
from workstation.phantoms import write_ct


@pytest.fixture(scope="session")
def ct(tmp_path_factory):
    """``(truth, volume, headers)`` of a 5-slice 64x64 CT of Nguyễn Văn An (CHEST)."""
    truth = write_ct(tmp_path_factory.mktemp("sr-ct"), shape=(5, 64, 64), spacing=(3.0, 3.0, 5.0))
    loader = SeriesLoader.from_paths(truth.paths)
    loader.decode()
    return truth, loader.volumes[0], [read_header(path) for path in truth.paths]


def dciodvfy(path: str | Path) -> tuple[list[str], list[str], str]:
    """``(errors, warnings, full output)`` of dicom3tools' validator on one file."""
    tool = require_executable("dciodvfy")
    run = subprocess.run([tool, str(path)], check=False, capture_output=True, text=True, timeout=60)
    report = run.stdout + run.stderr
    lines = report.splitlines()
    return ([line for line in lines if line.startswith("Error")],
            [line for line in lines if line.startswith("Warning")], report)


def save(ds, folder: Path, name: str) -> Path:
    path = folder / name
    ds.save_as(path, enforce_file_format=True)
    return path
