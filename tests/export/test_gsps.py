"""GSPS export/import of measurements: dciodvfy-clean, round-trips through pydicom and
highdicom, and a GSPS written independently (highdicom directly) reads into the right objects."""

from __future__ import annotations

import subprocess
from io import BytesIO

import highdicom as hd
import numpy as np
import pydicom
import pytest
from highdicom.pr import (AnnotationUnitsValues, GraphicAnnotation, GraphicLayer, GraphicObject, GraphicTypeValues,
                          GrayscaleSoftcopyPresentationState, TextObject)

from export.gsps import build_gsps, measurements_from_gsps, referenced_headers, volume_lookup
from tests.conftest import require_executable
from tools.measure import (Angle, Arrow, CardiothoracicRatio, Cobb, EllipseRoi, FreehandRoi, Length, MeasurementSet,
                           PolygonRoi, Polyline, Probe, RectangleRoi, TextAnnotation)
from workstation.dicomio import SeriesLoader, read_header
from workstation.phantoms import write_ct


@pytest.fixture(scope="module")
def ct(tmp_path_factory):
    truth = write_ct(tmp_path_factory.mktemp("gsps-ct"), shape=(5, 64, 64), spacing=(3.0, 3.0, 5.0))
    loader = SeriesLoader.from_paths(truth.paths)
    loader.decode()
    volume = loader.volumes[0]
    headers = [read_header(path) for path in truth.paths]
    return volume, headers


def _measurements(volume):
    mset = MeasurementSet()
    image2, image3 = mset.slice_image(volume, 2), mset.slice_image(volume, 3)
    return [
        Length.on(image2, [(10.0, 12.5), (40.0, 30.0)]),
        Angle.on(image2, [(5, 5), (20, 20), (35, 5)]),
        Cobb.on(image2, [(5, 40), (30, 42), (8, 55), (30, 50)]),
        CardiothoracicRatio.on(image2, [(20, 30), (40, 30), (10, 45), (55, 45)]),
        Polyline.on(image2, [(2, 2), (10, 3), (12, 9)], closed=True),
        EllipseRoi.on(image3, [(40.0, 10.0), (20.0, 30.0)]),
        RectangleRoi.on(image3, [(5, 5), (15, 25)]),
        PolygonRoi.on(image3, [(30, 30), (50, 32), (45, 50)]),
        FreehandRoi.on(image3, [(10, 40), (14, 41), (16, 45), (12, 50), (9, 46)]),
        Probe.on(image3, [(32, 33)]),
        Arrow.on(image3, [(50, 50), (40, 40)], text="Nốt mờ"),
        TextAnnotation.on(image3, [(8, 60)], text="Ghi chú: tràn dịch"),
    ]


def test_our_gsps_passes_dciodvfy(ct, tmp_path):
    dciodvfy = require_executable("dciodvfy")
    volume, headers = ct
    export = build_gsps(_measurements(volume), headers, content_creator_name="Lê^Văn Bình")
    assert export.skipped == []
    path = tmp_path / "gsps.dcm"
    export.dataset.save_as(path, enforce_file_format=True)
    run = subprocess.run([dciodvfy, str(path)], capture_output=True, text=True, timeout=60)
    report = run.stdout + run.stderr
    errors = [line for line in report.splitlines() if line.startswith("Error")]
    warnings = [line for line in report.splitlines() if line.startswith("Warning")]
    assert errors == [], report
    assert warnings == [], report
    assert "Presentation" in report or "GSPS" in report or "Softcopy" in report


def test_round_trip_through_pydicom_and_highdicom(ct):
    volume, headers = ct
    written = _measurements(volume)
    export = build_gsps(written, headers, content_creator_name="Lê^Văn Bình")
    buffer = BytesIO()
    export.dataset.save_as(buffer, enforce_file_format=True)
    ds = pydicom.dcmread(BytesIO(buffer.getvalue()))
    assert ds.SpecificCharacterSet == "ISO_IR 192" and ds.Modality == "PR"
    assert ds.SOPClassUID == "1.2.840.10008.5.1.4.1.1.11.1" and ds.BodyPartExamined == "CHEST"
    assert ds.ContentCreatorName == "Lê^Văn Bình"
    assert {r.ReferencedSOPInstanceUID for s in ds.ReferencedSeriesSequence for r in s.ReferencedImageSequence} == \
        {volume.frames[2].sop_instance_uid, volume.frames[3].sop_instance_uid}
    result = measurements_from_gsps(ds, volume_lookup([volume]))
    assert result.skipped == []
    read = {m.id: m for m in result.measurements}
    assert set(read) == {m.id for m in written}
    for m in written:
        back = read[m.id]
        assert back.kind == m.kind and back.ref == m.ref and back.geometry == m.geometry
        if m.kind in ("ellipse", "rectangle"):
            assert back.area == pytest.approx(m.area)
            expected = [(20.0, 10.0), (40.0, 30.0)] if m.kind == "ellipse" else sorted(m.points)
            assert np.allclose(sorted(back.points), expected)  # box corners come back as (min, max)
        else:
            assert np.allclose(back.points, m.points, atol=1e-9)
        assert back.bound_to(m.image).label() == m.label()  # read back unbound: pixels come from the viewer
    assert read[written[4].id].closed


def test_headers_come_from_the_loaded_files(ct):
    volume, headers = ct
    written = _measurements(volume)
    found = referenced_headers(written, [volume])
    assert sorted(ds.SOPInstanceUID for ds in found) == sorted({m.ref.sop_instance_uid for m in written})
    assert build_gsps(written, found).skipped == []


def test_unwritable_measurements_are_reported(ct):
    volume, headers = ct
    mset = MeasurementSet()
    image = mset.slice_image(volume, 2)
    outside = Length.on(image, [(10, 10), (80, 10)])
    other = Length.on(mset.slice_image(volume, 4), [(1, 1), (5, 5)])
    export = build_gsps([Length.on(image, [(1, 1), (9, 9)]), outside, other], headers[2:3])
    assert [m.id for m, _ in export.skipped] == [outside.id, other.id]
    assert "outside the image" in export.skipped[0][1]
    with pytest.raises(ValueError, match="no measurement"):
        build_gsps([outside], headers)


def test_a_foreign_gsps_reads_into_the_right_objects(ct):
    volume, headers = ct
    header = headers[1]
    uid = volume.frames[1].sop_instance_uid
    assert header.SOPInstanceUID == uid

    def graphic(kind, points):
        return GraphicObject(graphic_type=kind, graphic_data=np.asarray(points, dtype=float),
                             units=AnnotationUnitsValues.PIXEL)

    layer = GraphicLayer(layer_name="LAYER1", order=1)
    annotation = GraphicAnnotation(
        referenced_images=[header], graphic_layer=layer,
        graphic_objects=[
            graphic(GraphicTypeValues.POLYLINE, [(10.5, 10.5), (20.5, 10.5)]),
            graphic(GraphicTypeValues.POLYLINE, [(1.5, 1.5), (5.5, 1.5), (5.5, 9.5)]),
            graphic(GraphicTypeValues.POLYLINE, [(30.5, 30.5), (40.5, 30.5), (40.5, 40.5), (30.5, 30.5)]),
            graphic(GraphicTypeValues.INTERPOLATED, [(2.5, 40.5), (8.5, 42.5), (6.5, 50.5), (2.5, 40.5)]),
            graphic(GraphicTypeValues.CIRCLE, [(32.5, 16.5), (36.5, 16.5)]),
            graphic(GraphicTypeValues.ELLIPSE, [(10.5, 30.5), (20.5, 30.5), (15.5, 28.5), (15.5, 32.5)]),
            graphic(GraphicTypeValues.ELLIPSE, [(50.5, 50.5), (58.5, 58.5), (52.5, 56.5), (56.5, 52.5)]),
            graphic(GraphicTypeValues.POINT, [(12.5, 50.5)]),
        ],
        text_objects=[
            TextObject(text_value="Tổn thương", units=AnnotationUnitsValues.PIXEL, anchor_point=(44.5, 8.5)),
            TextObject(text_value="xem đây", units=AnnotationUnitsValues.PIXEL,
                       bounding_box=(40.5, 55.5, 60.5, 60.5), anchor_point=(30.5, 45.5), anchor_point_visible=True),
        ])
    gsps = GrayscaleSoftcopyPresentationState(
        referenced_images=[header], series_instance_uid=hd.UID(), series_number=1, sop_instance_uid=hd.UID(),
        instance_number=1, manufacturer="Other vendor", manufacturer_model_name="PACS", software_versions="1",
        device_serial_number="1", content_label="OTHER", graphic_annotations=[annotation], graphic_layers=[layer],
        specific_character_set="ISO_IR 192")
    result = measurements_from_gsps(gsps, volume_lookup([volume]))
    assert result.skipped == []
    got = result.measurements
    assert [type(m).__name__ for m in got] == ["Length", "Polyline", "PolygonRoi", "FreehandRoi", "EllipseRoi",
                                               "EllipseRoi", "PolygonRoi", "Probe", "TextAnnotation", "Arrow"]
    length, polyline, polygon, freehand, circle, ellipse, rotated, probe, text, arrow = got
    assert length.points == ((10.0, 10.0), (20.0, 10.0)) and length.length == pytest.approx(30.0)
    assert polyline.points == ((1.0, 1.0), (5.0, 1.0), (5.0, 9.0))
    assert polygon.points == ((30.0, 30.0), (40.0, 30.0), (40.0, 40.0))
    assert len(freehand.points) == 3
    assert circle.points == ((28.0, 12.0), (36.0, 20.0))
    assert ellipse.points == ((10.0, 28.0), (20.0, 32.0))
    assert rotated.area == pytest.approx(np.pi * np.hypot(8, 8) / 2 * np.hypot(4, 4) / 2 * 9.0, rel=0.01)
    assert probe.points == ((12.0, 50.0),)
    assert (text.text, text.points) == ("Tổn thương", ((44.0, 8.0),))
    assert arrow.text == "xem đây" and arrow.points == ((50.0, 57.5), (30.0, 45.0))
    assert all(m.ref.sop_instance_uid == uid for m in got)


def test_graphics_on_images_that_are_not_open_are_skipped(ct, tmp_path):
    volume, headers = ct
    export = build_gsps([Length.on(MeasurementSet().slice_image(volume, 0), [(1, 1), (9, 9)])], headers)
    result = measurements_from_gsps(export.dataset, volume_lookup([]))
    assert result.measurements == [] and "is not open" in result.skipped[0]
