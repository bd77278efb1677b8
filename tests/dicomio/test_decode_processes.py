"""Compressed series decoded in worker processes: the same values as in threads, a
damaged file marked without losing the others, a dying worker finished in threads."""

from __future__ import annotations

import os

import numpy as np
import pytest
from pydicom.uid import JPEG2000Lossless

from workstation.dicomio import SeriesLoader, decode_processes, scan
from workstation.dicomio import loader as loader_module
from workstation.phantoms import write_ct

SLICES = 12


@pytest.fixture(scope="module")
def j2k_series(tmp_path_factory):
    return write_ct(tmp_path_factory.mktemp("j2k"), shape=(SLICES, 48, 48), transfer_syntax=JPEG2000Lossless)


def _folder(series):
    return series.paths[0].parent


def _truth(series) -> np.ndarray:
    """The stored values as pydicom decodes them, in the loader's slice order."""
    decode_processes.use_worker_processes(False)
    try:
        return _load(_folder(series)).volumes[0].pixels.copy()
    finally:
        decode_processes.use_worker_processes(True)


def _load(folder) -> SeriesLoader:
    loader = SeriesLoader(scan([str(folder)]).files)
    loader.decode(workers=2)
    return loader


def _spy_pool(monkeypatch) -> list:
    pools: list = []
    real = loader_module.decoder_pool
    monkeypatch.setattr(loader_module, "decoder_pool", lambda workers: pools.append(real(workers)) or pools[-1])
    return pools


def test_processes_decode_the_same_values_as_threads(j2k_series, processes, monkeypatch):
    pools = _spy_pool(monkeypatch)
    in_processes = _load(_folder(j2k_series)).volumes[0]
    assert pools == [pools[0]] and pools[0] is not None  # the pool was used, not the thread fallback
    assert in_processes.loaded.all() and not in_processes.failed
    np.testing.assert_array_equal(in_processes.pixels, _truth(j2k_series))
    assert np.ptp(in_processes.pixels) > 100  # an image, not the zeros it was allocated with


def test_a_damaged_file_is_marked_and_the_others_decode(j2k_series, processes, tmp_path):
    folder = tmp_path / "damaged"
    folder.mkdir()
    paths = sorted(j2k_series.paths)
    for path in paths:
        (folder / path.name).write_bytes(path.read_bytes())
    victim = folder / paths[5].name
    data = victim.read_bytes()
    siz = data.index(b"\xff\x4f\xff\x51")  # SOC, SIZ: the codestream's image header
    victim.write_bytes(data[:siz + 4] + bytes(36) + data[siz + 40:])  # a SIZ of zeros; the DICOM header intact
    volume = _load(folder).volumes[0]
    assert len(volume.failed) == 1
    [(k, reason)] = volume.failed.items()
    assert "decode" in reason.lower() or "pixel" in reason.lower(), reason
    assert volume.loaded.sum() == SLICES - 1


def _die(layout, indices):
    """Stands in for the decoder in a worker: the process disappears (a codec crash)."""
    os._exit(3)


def test_a_dying_worker_is_replaced_by_threads(j2k_series, processes, monkeypatch):
    monkeypatch.setattr(loader_module, "decode_frames", _die)
    volume = _load(_folder(j2k_series)).volumes[0]
    assert volume.loaded.all() and not volume.failed  # every slice still decoded
    np.testing.assert_array_equal(volume.pixels, _truth(j2k_series))
    assert decode_processes._pool is None  # forgotten: the next load starts a new pool


def test_without_opting_in_no_process_is_started(j2k_series, monkeypatch):
    pools = _spy_pool(monkeypatch)
    volume = _load(_folder(j2k_series)).volumes[0]
    assert pools == [None] and volume.loaded.all()
