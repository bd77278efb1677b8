"""Key images -> KOS (TID 2010): valid, round-trips (frames, Vietnamese), titles safe."""

from __future__ import annotations

import json
from io import BytesIO

import pydicom
import pytest
from highdicom.ko import KeyObjectSelectionDocument

from export.sr.key_objects import (
    KOS_TITLES,
    REJECTION_TITLES,
    KeyImages,
    build_kos,
    read_kos,
)
from tests.export.sr.conftest import dciodvfy, save
from tools.measure import ImageRef
from workstation.dicomio import read_header
from workstation.phantoms import write_enhanced_ct

DESCRIPTION = "Hình ảnh tổn thương gan"


def refs_of(headers, frame=1):
    return [ImageRef(str(h.SOPInstanceUID), frame, str(h.SeriesInstanceUID), str(h.SOPClassUID)) for h in headers]


def test_kos_passes_dciodvfy_and_reads_back(ct, tmp_path):
    _, _, headers = ct
    refs = refs_of(headers[3:4] + headers[1:2])
    kos = build_kos(refs, headers, title="for_referring_provider", description=DESCRIPTION,
                    observer_name="Lê^Văn Bình")
    path = save(kos, tmp_path, "kos.dcm")
    errors, warnings, report = dciodvfy(path)
    assert errors == [] and warnings == [], report
    doc = read_kos(pydicom.dcmread(path))
    assert doc.refs == refs  # same images, same order
    assert [r.series_instance_uid for r in doc.refs] == [str(headers[3].SeriesInstanceUID)] * 2
    assert (doc.title, doc.title_code, doc.title_key) == ("For Referring Provider", "113002", "for_referring_provider")
    assert doc.description == DESCRIPTION and doc.observers == ["Lê^Văn Bình"] and not doc.is_rejection
    assert KeyObjectSelectionDocument.from_dataset(pydicom.dcmread(path)).resolve_reference(refs[0].sop_instance_uid)


def test_frames_of_a_multiframe_image_are_kept(tmp_path):
    series = write_enhanced_ct(tmp_path / "ect")
    header = read_header(series.paths[0])
    refs = refs_of([header], frame=2) + refs_of([header], frame=4)
    kos = build_kos(refs, [header])
    buffer = BytesIO()
    kos.save_as(buffer, enforce_file_format=True)
    doc = read_kos(pydicom.dcmread(BytesIO(buffer.getvalue())))
    assert [(r.sop_instance_uid, r.frame_number) for r in doc.refs] == [(refs[0].sop_instance_uid, 2),
                                                                          (refs[0].sop_instance_uid, 4)]
    errors, _, report = dciodvfy(save(kos, tmp_path, "mf.dcm"))
    assert errors == [], report


def test_rejection_titles_are_never_written():
    assert not {code.value for code in KOS_TITLES.values()} & REJECTION_TITLES
    with pytest.raises(ValueError, match="title"):
        KeyImages(title="rejected_for_quality_reasons")


def test_bad_input_is_refused(ct):
    _, _, headers = ct
    with pytest.raises(ValueError, match="at least one"):
        build_kos([], headers)
    with pytest.raises(ValueError, match="no header"):
        build_kos([ImageRef("1.2.3.4")], headers)
    with pytest.raises(ValueError, match="not a Key Object"):
        read_kos(headers[0])


def test_key_images_toggle_and_persist(ct):
    _, _, headers = ct
    a, b = refs_of(headers[:2])
    keys = KeyImages("1.2.3")
    changes = []
    keys.changed.connect(lambda: changes.append(len(keys)))
    assert keys.toggle(a) is True and keys.toggle(b) is True and keys.toggle(a) is False
    assert keys.refs == [b] and changes == [1, 2, 1]
    keys.description = DESCRIPTION
    again = KeyImages.from_json(json.loads(keys.dumps()))
    assert again.refs == [b] and again.description == DESCRIPTION and again.title == "of_interest"
    with pytest.raises(ValueError):
        KeyImages.from_json({"refs": "nope"})
