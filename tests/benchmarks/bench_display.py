"""Display benchmark: one frame through the real viewport path (VOI LUT + QImage + paint).

Scrolls a 512x512 int16 CT through a 1024x1024 viewport (offscreen Qt) for 500 frames,
each a new slice (no cache hits), then repeats with the window changing every frame
(LUT rebuilt, as during a right-drag), then a 3000x2500 DX frame, then the fused PET/CT
viewport of the PET/CT hanging (a 128x128 PET resliced onto each CT slice and blended in
hot iron). Prints median and p95 per frame and the ratio to a bare numpy LUT lookup of the
same CT frame, so machine noise cancels. Targets (issue 3): 512x512 p95 <= 8 ms, DX <= 40 ms.

The DX shown at ~1/3 of its size is block-averaged before the LUT (``viewer.images.
block_mean``); the 4 DX frames are revisited, so after the first pass the averaged frames
come from the viewport's small cache, as they do when a reader flips between the 1-4 views
of a radiograph study or drags the window on one.

Run: ``QT_QPA_PLATFORM=offscreen python -m tests.benchmarks.bench_display``.
"""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FRAMES = 500


def _volume(shape, modality="CT", spacing=(0.7, 0.7, 1.0)):
    from workstation.model import FrameInfo, Volume, Window

    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 2000, size=shape, dtype=np.int16)
    affine = np.diag([spacing[0], spacing[1], spacing[2], 1.0])
    frames = [FrameInfo(f"1.2.3.{k}", position=(0.0, 0.0, k * spacing[2]), windows=(Window(40, 400),))
              for k in range(shape[0])]
    volume = Volume(pixels, affine, rescale_intercept=-1024, units="HU", frames=frames, modality=modality)
    volume.loaded[:] = True
    return volume


def _stats(samples: list[float]) -> tuple[float, float]:
    ms = np.array(samples) * 1000.0
    return float(np.median(ms)), float(np.percentile(ms, 95))


def _bare_lut(volume, frames: int) -> list[float]:
    lut = np.arange(65536, dtype=np.uint8)
    times = []
    for n in range(frames):
        s = volume.pixels[n % volume.shape[0]]
        t = time.perf_counter()
        np.take(lut, s.view(np.uint16) ^ 0x8000)
        times.append(time.perf_counter() - t)
    return times


def measure() -> dict[str, tuple[float, float, float]]:
    from PySide6.QtWidgets import QApplication

    from viewer.qt_viewport import QtViewport
    from viewer.sources import StackSource
    from workstation.model import Window

    app = QApplication.instance() or QApplication([])
    results = {}
    for name, shape, frames, size in (("CT 512x512", (100, 512, 512), FRAMES, 1024),
                                      ("DX 3000x2500", (4, 3000, 2500), 40, 1024)):
        volume = _volume(shape)
        viewport = QtViewport()
        viewport.resize(size, size)
        viewport.set_source(StackSource(volume))
        viewport.show()
        app.processEvents()
        for label, vary_window in (("scroll", False), ("scroll + W/L drag", True)):
            times = []
            for n in range(frames):
                if vary_window:
                    viewport.set_voi(Window(40 + n % 50, 400 + n % 70))
                viewport.set_slice(n % volume.shape[0])
                t = time.perf_counter()
                viewport.repaint()
                times.append(time.perf_counter() - t)
            median, p95 = _stats(times)
            bare_median, _ = _stats(_bare_lut(volume, frames))
            results[f"{name} {label}"] = (median, p95, median / bare_median)
        viewport.close()
    results["PET/CT fused 512x512 scroll"] = _fused_scroll(app)
    return results


def _fused_scroll(app) -> tuple[float, float, float]:
    """Scroll the fused viewport (each frame new: the CT plane, the PET resliced onto it,
    its field-of-view mask, the colour blend)."""
    from viewer.fusion_source import FusionSource
    from viewer.qt_viewport import QtViewport
    from workstation.model import Window

    ct = _volume((100, 512, 512))
    pet = _volume((34, 128, 128), modality="PT", spacing=(2.8, 2.8, 3.0))
    source = FusionSource(ct, pet, "axial", cache_frames=1)
    viewport = QtViewport()
    viewport.resize(1024, 1024)
    viewport.set_source(source)
    viewport.set_voi(Window(40, 400))
    viewport.show()
    app.processEvents()
    times = []
    for n in range(200):
        viewport.set_slice(n % len(source))
        t = time.perf_counter()
        viewport.repaint()
        times.append(time.perf_counter() - t)
    viewport.close()
    median, p95 = _stats(times)
    bare_median, _ = _stats(_bare_lut(ct, 200))
    return median, p95, median / bare_median


def main() -> dict:
    results = measure()
    print("\nViewport frame time (1024x1024 viewport, offscreen Qt, smooth interpolation)")
    print(f"{'case':<32}{'median ms':>11}{'p95 ms':>9}{'x bare LUT':>12}")
    for name, (median, p95, ratio) in results.items():
        print(f"{name:<32}{median:>11.2f}{p95:>9.2f}{ratio:>12.1f}")
    return results


@pytest.mark.slow
def test_bench_display(qapp):
    results = main()
    assert all(p95 > 0 for _, p95, _ in results.values())


if __name__ == "__main__":
    main()
