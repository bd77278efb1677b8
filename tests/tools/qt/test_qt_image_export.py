"""Export: files whose pixels are the viewport's, names without diacritics (and without
patient identity when anonymised), cine as GIF, MP4 only with its optional packages."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PIL import Image

from tools.image_export import (
    MissingDependency,
    image_file_name,
    mp4_available,
    safe_name,
    study_folder_name,
    transliterate,
    write_animation,
)
from tools.measure import AddMeasurement, Length
from tools.qt_image_export import export_cine, export_key_images, export_viewport_images, render_frames
from viewer.images import from_qimage
from viewer.sources import StackSource
from workstation.model import OperationCancelled, Window


def test_transliteration_of_vietnamese_names():
    assert transliterate("Nguyễn Văn Ân") == "Nguyen Van An"
    assert transliterate("Đặng Thị Đào, Trần Bích Ngọc") == "Dang Thi Dao, Tran Bich Ngoc"
    assert safe_name(" ../Lê: Hữu*Phước?.") == "Le_Huu_Phuoc"
    assert safe_name("ảnh 日本") == "anh"


@pytest.fixture
def ct_viewport(make_viewport, measure_phantoms, session):
    volume = measure_phantoms.ct.volume
    viewport = make_viewport(volume, 8, size=(320, 300))
    m = Length.on(session.measurements.slice_image(volume, 8), [(20, 40), (100, 40)])
    session.undo_stack.push(AddMeasurement(session.measurements, m))
    return viewport


def test_exported_png_pixels_are_the_viewport_rendering(ct_viewport, tmp_path):
    ct_viewport.rotate(90)
    ct_viewport.zoom_by(1.5)
    [path] = export_viewport_images(ct_viewport, tmp_path, [8], "png")
    exported = np.asarray(Image.open(path).convert("RGB"))
    assert np.array_equal(exported, from_qimage(ct_viewport.render_image()))
    assert path.name == "VN-000123_20240315_S002_I0009.png"
    [bare] = export_viewport_images(ct_viewport, tmp_path / "bare", [8], "tiff", annotations=False, overlays=False)
    assert np.array_equal(np.asarray(Image.open(bare).convert("RGB")),
                          from_qimage(ct_viewport.render_image(overlays=False, annotations=False)))


def test_export_with_a_chosen_window_and_size(ct_viewport, tmp_path):
    window = Window(1000.0, 300.0)
    [path] = export_viewport_images(ct_viewport, tmp_path, [8], "png", voi=window, size=(640, 600), overlays=False)
    exported = np.asarray(Image.open(path).convert("RGB"))
    assert exported.shape == (600, 640, 3)
    ct_viewport.set_voi(window)
    expected = from_qimage(ct_viewport.render_image((640, 600), overlays=False))
    assert np.array_equal(exported, expected)


def test_anonymised_export_hides_identity_in_corners_and_names(ct_viewport, measure_phantoms, tmp_path):
    study = measure_phantoms.ct.volume.study
    [plain] = render_frames(ct_viewport, [8])
    [anonymous] = render_frames(ct_viewport, [8], anonymise=True)
    [no_overlays] = render_frames(ct_viewport, [8], overlays=False)
    corner = (slice(0, 70), slice(0, 70))  # top left: name, ID, birth date, institution
    assert not np.array_equal(plain[corner], no_overlays[corner])
    assert np.array_equal(anonymous[corner], no_overlays[corner])
    assert not np.array_equal(anonymous[-40:, :120], no_overlays[-40:, :120])  # image number etc. stay
    [path] = export_viewport_images(ct_viewport, tmp_path, [8], "jpeg", anonymise=True)
    assert study.patient.patient_id not in path.name and "NGUYEN" not in path.name.upper()
    assert path.name.startswith("study-") and path.name.isascii()


def test_key_images_for_the_emr_go_in_a_folder_per_study(ct_viewport, measure_phantoms, tmp_path):
    ct, cr = measure_phantoms.ct.volume, measure_phantoms.cr.volume
    paths = export_key_images(ct_viewport, [(StackSource(ct), 8), (StackSource(ct), 9), (StackSource(cr), 0)],
                              tmp_path, size=(256, 256))
    names = sorted(str(p.relative_to(tmp_path)) for p in paths)
    assert names == ["VN-000123_20240315_NGUYEN_VAN_AN/VN-000123_20240315_S002_I0009.jpg",
                     "VN-000123_20240315_NGUYEN_VAN_AN/VN-000123_20240315_S002_I0010.jpg",
                     "VN-000456_20240315_TRAN_THI_BICH_NGOC/VN-000456_20240315_S001_I0001.jpg"]
    assert Image.open(paths[0]).size == (256, 256) and Image.open(paths[0]).format == "JPEG"
    anonymous = export_key_images(ct_viewport, [(StackSource(ct), 8)], tmp_path / "anon", anonymise=True)
    text = str(anonymous[0].relative_to(tmp_path))
    assert ct.study.patient.patient_id not in text and "NGUYEN" not in text


def test_study_folder_transliterates_the_patient_name(measure_phantoms):
    study = measure_phantoms.ct.volume.study
    assert study_folder_name(study) == "VN-000123_20240315_NGUYEN_VAN_AN"
    assert image_file_name(study, 2, 7, ".jpg") == "VN-000123_20240315_S002_I0007.jpg"
    assert study_folder_name(study, anonymise=True).startswith("study-")


def test_cine_as_animated_gif(ct_viewport, tmp_path):
    path = export_cine(ct_viewport, tmp_path / "cine.gif", "gif", fps=5, indices=[6, 7, 8])
    with Image.open(path) as gif:
        assert gif.n_frames == 3 and gif.size == (320, 300)
        gif.seek(2)
        last = np.asarray(gif.convert("RGB")).astype(int)
    expected = from_qimage(ct_viewport.render_image()).astype(int)  # the viewport shows slice 8
    assert np.abs(last - expected).mean() < 3.0  # GIF keeps 256 colours


def test_mp4_needs_its_optional_packages(ct_viewport, tmp_path):
    if mp4_available():
        import imageio.v2 as imageio

        path = export_cine(ct_viewport, tmp_path / "cine.mp4", "mp4", indices=[6, 7, 8])
        with imageio.get_reader(path) as reader:
            frames = [np.asarray(f) for f in reader]
        assert len(frames) == 3 and frames[0].shape == (300, 320, 3)
    else:
        with pytest.raises(MissingDependency, match="imageio-ffmpeg"):
            export_cine(ct_viewport, tmp_path / "cine.mp4", "mp4", indices=[6, 7])
        assert not (tmp_path / "cine.mp4").exists()


def test_cancel_stops_an_export(ct_viewport, tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(OperationCancelled):
        export_viewport_images(ct_viewport, tmp_path, [6, 7], "png", cancel=cancel)
    with pytest.raises(OperationCancelled):
        write_animation(tmp_path / "x.gif", [np.zeros((4, 4, 3), np.uint8)], "gif", cancel=cancel)
    assert not (tmp_path / "x.gif").exists()
