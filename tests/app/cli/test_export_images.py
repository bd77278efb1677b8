"""``export-images``: every image or only the key images (from the KOS in the store), headless."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PIL import Image

from tests.app.cli.conftest import run
from tools.measure import ImageRef
from workstation import phantoms as P

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def export_home(tmp_path_factory):
    """An archive with a 6-slice CT whose key image note (KOS) names slices 2 and 5, and an MR without one."""
    from export.sr.key_objects import build_kos
    from workstation.store import LocalStore

    folder = tmp_path_factory.mktemp("cli-export")
    ct = P.write_ct(folder / "ct", shape=(6, 40, 48), study=P.StudyInfo(seed="cli-export"))
    mr = P.write_mr(folder / "mr", shape=(3, 32, 32), study=P.StudyInfo(patient=P.PATIENT_NGOC, seed="cli-export-mr"))
    headers = [pydicom.dcmread(p, stop_before_pixels=True) for p in ct.paths]
    chosen = [h for h in headers if int(h.InstanceNumber) in (2, 5)]
    refs = [ImageRef(str(h.SOPInstanceUID), 1, str(h.SeriesInstanceUID), str(h.SOPClassUID)) for h in chosen]
    build_kos(refs, headers).save_as(folder / "kos.dcm")
    home = folder / "home"
    store = LocalStore(home / "data")
    try:
        report = store.import_paths([folder])
        assert report.instances == 6 + 3 + 1, report.summary()
    finally:
        store.close()
    return home, ct, mr


def test_export_every_image_as_png(tmp_path, export_home):
    home, ct, _ = export_home
    out = tmp_path / "png"
    done = run("export-images", "--study", ct.study_instance_uid, "--format", "png", "--out", str(out), "--json",
               home=home)
    assert done.returncode == 0, done.stderr
    files = sorted(Path(f) for f in json.loads(done.stdout)["files"])
    assert [f.name[-9:] for f in files] == [f"I{k:04d}.png" for k in range(1, 7)]
    assert all(f.name.startswith(ct.study.patient.patient_id) for f in files)
    image = Image.open(files[2])
    assert image.size == (512, 427)  # 48 x 40 scaled to a 512-pixel long side
    pixels = np.asarray(image.convert("L"))
    assert pixels.std() > 10, "an image, not a blank"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(files[2], ARTIFACTS / "cli_export_images.png")


def test_export_key_images_only_as_jpeg(tmp_path, export_home):
    home, ct, _ = export_home
    out = tmp_path / "keys"
    done = run("export-images", "--study", ct.study_instance_uid, "--format", "jpeg", "--key-images-only",
               "--out", str(out), home=home)
    assert done.returncode == 0, done.stderr
    assert "wrote 2 JPEG image(s)" in done.stdout and "2 of 2 key image(s)" in done.stdout
    assert sorted(p.name[-9:] for p in out.iterdir()) == ["I0002.jpg", "I0005.jpg"]


def test_export_bad_input(tmp_path, export_home, cli):
    home, _, mr = export_home
    code, _, err = cli("export-images", "--study", mr.study_instance_uid, "--format", "png", "--key-images-only",
                       "--out", str(tmp_path / "none"), home=home)
    assert code == 1 and "no key images" in err
    code, _, err = cli("export-images", "--study", "1.2.3", "--format", "png", "--out", str(tmp_path / "x"),
                       home=home)
    assert code == 1 and "not in the local store" in err
