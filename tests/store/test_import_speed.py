"""Importing a 300-slice CT costs about what copying its files durably costs.

The peer is measured in the same run on the same disk: ``shutil.copyfile`` of every
file followed by ``fsync`` (what a durable copy needs; a plain copy only reaches the page
cache). Best of two runs each, because other work shares these machines.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from pydicom.uid import generate_uid

from tests.store.factory import make_image, write
from workstation.store import LocalStore

SLICES = 300
#: Allowed import cost per file above the durable copy (the goal is ~1 ms; the margin is for noisy machines).
ALLOWED_MS_PER_FILE = 4.0


@pytest.fixture(scope="module")
def ct_folder(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("ct300")
    ds = make_image(size=512, study_uid=generate_uid(), series_uid=generate_uid())
    paths = []
    for k in range(SLICES):
        ds.SOPInstanceUID = generate_uid()
        ds.InstanceNumber = k + 1
        ds.ImagePositionPatient = [0, 0, float(k)]
        paths.append(write(ds, folder / f"IM{k:04d}.dcm"))
    return paths


def _durable_copy(paths: list[Path], target: Path) -> float:
    target.mkdir()
    started = time.perf_counter()
    for path in paths:
        dest = target / path.name
        shutil.copyfile(path, dest)
        fd = os.open(dest, os.O_RDWR)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return time.perf_counter() - started


def test_import_of_300_slices_costs_little_more_than_a_durable_copy(ct_folder, tmp_path):
    copies, imports = [], []
    for run in range(2):
        copies.append(_durable_copy(ct_folder, tmp_path / f"copy{run}"))
        with LocalStore(tmp_path / f"store{run}") as store:
            report = store.import_paths([ct_folder[0].parent])
        assert report.instances == SLICES and report.skipped == []
        imports.append(report.elapsed_s)
        shutil.rmtree(tmp_path / f"copy{run}")
    copy_s, import_s = min(copies), min(imports)
    extra_ms = (import_s - copy_s) / SLICES * 1000
    megabytes = sum(p.stat().st_size for p in ct_folder) / 1e6
    print(f"\n300 x 512x512 CT ({megabytes:.0f} MB): durable copy {copy_s:.2f} s, import {import_s:.2f} s "
          f"({SLICES / import_s:.0f} files/s, {megabytes / import_s:.0f} MB/s), {extra_ms:+.2f} ms/file over the copy")
    assert extra_ms < ALLOWED_MS_PER_FILE
