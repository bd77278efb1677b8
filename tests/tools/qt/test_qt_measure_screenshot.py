"""A screenshot of a CT with a length, an angle, an ROI and a Cobb angle, for a person to
look at (tests/artifacts is not committed): labels readable, beside their handles, units right."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from viewer.images import from_qimage

ARTIFACTS = Path(__file__).resolve().parents[3] / "tests" / "artifacts" / "screenshots"


def test_screenshot_of_measurements_on_a_ct(measure_phantoms, make_viewport, mouse, session, helpers):
    ph = measure_phantoms.ct
    volume = ph.volume
    lesion = next(s for s in ph.truth.spheres if s.label == "lesion")
    k = helpers.slice_of(volume, lesion.center)
    viewport = make_viewport(volume, k, size=(700, 700))
    z = lesion.center[2]
    draw = {
        "length": [((-100.0, 50.0), (-20.0, 75.0))],
        "angle": [((10.0, -60.0), (40.0, -20.0)), ((90.0, -50.0),)],
        "ellipse": [((-62.0, -2.0), (-38.0, 22.0))],
        "cobb": [((20.0, 20.0), (90.0, 10.0)), ((25.0, 55.0), (85.0, 75.0))],
    }
    for kind, strokes in draw.items():
        session.set_tool(kind)
        m = mouse(viewport)
        for stroke in strokes:
            points = [helpers.image_of(volume, (x, y, z)) for x, y in stroke]
            if len(points) == 2:
                m.drag(*points)
            else:
                m.click(points[0])
    assert [m.kind for m in session.measurements] == list(draw)
    session.select(list(session.measurements)[0].id)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    image = viewport.render_image()
    path = ARTIFACTS / "measurements.png"
    assert image.save(str(path))
    pixels = from_qimage(image)
    # label colour (light yellow) is present: the labels were drawn
    yellow = (pixels[..., 0] > 230) & (pixels[..., 1] > 230) & (pixels[..., 2] > 140) & (pixels[..., 2] < 200)
    assert yellow.sum() > 200
    assert np.asarray(image.size().toTuple()).tolist() == [700, 700]
