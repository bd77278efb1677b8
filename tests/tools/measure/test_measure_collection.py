"""MeasurementSet: order, lookup by image, events, binding, copy to another image."""

from __future__ import annotations

import pytest

from tools.measure import EllipseRoi, ImageGeometry, Length, MeasurementSet, Probe, SliceImage, TextAnnotation


@pytest.fixture
def ct(phantoms):
    disk = phantoms.ct_disk()
    return disk, SliceImage.from_volume(disk.volume, disk.k), SliceImage.from_volume(disk.volume, 0)


def recorder(measurements):
    seen = []
    for name in ("added", "removed", "replaced", "visibility_changed"):
        getattr(measurements, name).connect(lambda *args, name=name: seen.append((name, *args)))
    return seen


def test_add_remove_replace_emit_events_and_keep_order(ct):
    _, image, _ = ct
    measurements = MeasurementSet("1.2.3")
    seen = recorder(measurements)
    a, b = Length.on(image, [(0, 0), (5, 0)]), TextAnnotation.on(image, [(3, 3)], text="a")
    measurements.add(a)
    measurements.add(b, index=0)
    assert list(measurements) == [b, a] and len(measurements) == 2 and a.id in measurements
    edited = b.with_text("b")
    assert measurements.replace(edited) is b
    assert measurements.remove(a.id) == (a, 1)
    assert seen == [("added", a, 0), ("added", b, 0), ("replaced", b, edited), ("removed", a, 1)]
    with pytest.raises(ValueError, match="already in the set"):
        measurements.add(edited)
    with pytest.raises(KeyError):
        measurements.get(a.id)


def test_lookup_by_image_and_by_plane(ct):
    _, image, other = ct
    measurements = MeasurementSet()
    on_image = Length.on(image, [(0, 0), (5, 0)])
    on_other = Length.on(other, [(0, 0), (5, 0)])
    plane = ImageGeometry.from_plane(image.geometry.origin, image.geometry.row_direction,
                                     image.geometry.column_direction, 2.0)
    on_plane = Length.on(plane, [(1, 1), (2, 2)])
    for m in (on_image, on_other, on_plane):
        measurements.add(m)
    assert measurements.for_image(image.ref) == [on_image]
    assert measurements.on_plane(image.geometry) == [on_plane]
    assert measurements.on_plane(other.geometry) == []


def test_show_and_hide_all(ct):
    measurements = MeasurementSet()
    seen = recorder(measurements)
    measurements.visible = False
    measurements.visible = False
    measurements.visible = True
    assert seen == [("visibility_changed", False), ("visibility_changed", True)]


def test_bind_gives_loaded_measurements_their_pixels(ct):
    disk, image, _ = ct
    unbound = EllipseRoi(points=((30, 30), (50, 50)), geometry=image.geometry, ref=image.ref)  # as loaded
    measurements = MeasurementSet()
    measurements.add(unbound)
    assert measurements.bind(image) == 1 and measurements.bind(image) == 0
    bound = measurements.get(unbound.id)
    assert bound.image is image and bound == unbound
    assert abs(bound.statistics.mean - disk.hu) <= 0.5


def test_copy_to_another_image_keeps_pixel_coordinates_and_recomputes(ct):
    disk, image, other = ct
    probe = Probe.on(image, [(47.5, 47.5)])
    copy = probe.copied_to(other)
    assert copy.points == probe.points and copy.id != probe.id and copy.ref == other.ref
    assert dict((q.name, q.value) for q in probe.quantities)["Value"] == pytest.approx(disk.hu)
    assert dict((q.name, q.value) for q in copy.quantities)["Value"] == pytest.approx(-1000.0)
    z = [q.value for q in copy.quantities if q.name == "z (LPS)"][0]
    assert z == pytest.approx(disk.volume.index_to_patient((0, 0, 0))[2])
    plain = probe.copied_to(other.geometry, other.ref)
    assert plain.image is None and plain.ref == other.ref
