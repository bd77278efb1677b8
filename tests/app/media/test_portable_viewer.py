"""The portable viewer (media mode) on the DICOMDIR of an extracted ISO: read-only, offscreen."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import numpy as np
import pytest

from export.media import MediaOptions, MediaType, export_media, study_paths
from tests.app.media.conftest import SCREENSHOTS, demo_ct
from tests.export.media.conftest import extract_iso
from viewer.images import from_qimage
from workstation.app.media.media_mode import build_media_window, find_dicomdir
from workstation.app.media.media_store import ReadOnlyMediaError


def _snapshot(root: Path) -> dict[str, tuple[int, int, str]]:
    """Every entry under ``root`` with its size, mtime and mode: a write anywhere changes it."""
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns, stat.filemode(p.stat().st_mode))
            for p in [root, *root.rglob("*")]}


@pytest.fixture
def extracted_disc(demo_store, tmp_path):
    study = demo_ct(demo_store)
    iso = tmp_path / "disc.iso"
    export_media(study_paths(demo_store, [study.study_instance_uid]), iso, MediaOptions(MediaType.CD))
    disc = extract_iso(iso, tmp_path / "disc")
    for folder, dirs, files in os.walk(disc):  # read-only, as a mounted CD is
        for name in files:
            os.chmod(os.path.join(folder, name), 0o444)
        os.chmod(folder, 0o555)
    yield study, disc
    for folder, dirs, files in os.walk(disc):
        os.chmod(folder, 0o755)


def test_the_portable_viewer_opens_the_extracted_disc_read_only(extracted_disc, qtbot):
    study, disc = extracted_disc
    before = _snapshot(disc)
    dicomdir = find_dicomdir(disc)
    assert dicomdir == disc / "DICOMDIR"
    window = build_media_window(dicomdir)
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show()
    qtbot.waitExposed(window)
    uid = study.study_instance_uid
    assert window.current_study_uid() == uid  # one study on the disc: opened at once
    with qtbot.waitSignal(window.loadings[uid].signals.finished, timeout=60_000):
        pass
    qtbot.wait(100)
    assert "read-only" in window.windowTitle()
    assert not window.actions_by_id["import"].isEnabled()
    store = window.store
    assert store.study(uid).instance_count == study.instance_count
    assert store.study(uid).patient.name == "Nguyễn^Văn An"
    viewport = window.active_viewport()
    assert viewport is not None and viewport.source is not None and len(viewport.source) == study.instance_count
    pixels = from_qimage(viewport.render_image(overlays=False, annotations=False))
    assert np.ptp(pixels) > 50  # the CT is shown, not an empty viewport
    with pytest.raises(ReadOnlyMediaError):
        store.import_paths([os.fspath(disc)])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(os.fspath(SCREENSHOTS / "media_viewer.png"))
    window.close()
    assert _snapshot(disc) == before  # nothing was written on the disc
