"""The grey-scale pipeline against hand-computed values of PS3.3 C.11.2 formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rendering.voi import (
    auto_window,
    full_range_window,
    initial_voi,
    sample_modality_values,
    stored_value_lut,
    to_display,
    voi_lut,
    voi_window,
    volume_to_display,
)
from workstation.model import FrameInfo, VoiFunction, VoiLut, Volume, Window


def test_linear_window_edges_follow_c_11_2_1_2_1():
    # c=40, w=80: thresholds c-0.5-(w-1)/2 = 0 and c-0.5+(w-1)/2 = 79.
    w = Window(40, 80)
    x = np.array([-1000, 0, 0.0001, 20, 39.5, 40, 79, 79.0001, 3000])
    expected = [0, 0, ((0.0001 - 39.5) / 79 + 0.5) * 255, ((20 - 39.5) / 79 + 0.5) * 255,
                127.5, (0.5 / 79 + 0.5) * 255, 255, 255, 255]
    np.testing.assert_allclose(voi_window(x, w), expected, rtol=0, atol=1e-9)
    assert voi_window(np.array([20.0]), w)[0] == pytest.approx(64.5569620, abs=1e-6)  # (0.5 - 19.5/79) * 255


def test_linear_window_width_one_is_a_threshold_at_c_minus_half():
    y = voi_window(np.array([-0.5, -0.49, 3.0]), Window(0, 1), ymin=10, ymax=20)
    np.testing.assert_array_equal(y, [10, 20, 20])


def test_linear_exact_window_edges_follow_c_11_2_1_3_2():
    w = Window(40, 80, function=VoiFunction.LINEAR_EXACT)
    y = voi_window(np.array([0, 0.5, 20, 40, 80, 80.01]), w)
    np.testing.assert_allclose(y, [0, 0.5 / 80 * 255, 63.75, 127.5, 255, 255])
    zero = Window(10, 0, function=VoiFunction.LINEAR_EXACT)
    np.testing.assert_array_equal(voi_window(np.array([10, 10.001]), zero), [0, 255])


def test_sigmoid_window_follows_c_11_2_1_3_1():
    w = Window(40, 80, function=VoiFunction.SIGMOID)
    y = voi_window(np.array([40, 60, 20, -1e6]), w)
    np.testing.assert_allclose(y, [127.5, 255 / (1 + math.exp(-1)), 255 / (1 + math.e), 0], atol=1e-9)


def test_voi_lut_sequence_clamps_and_scales_from_its_bit_depth():
    lut = VoiLut(first_mapped=-100, data=np.array([0, 1000, 4095], dtype=np.uint16), bits=12)
    y = voi_lut(np.array([-200, -100, -99, -98, 500]), lut)
    np.testing.assert_allclose(y, [0, 0, 1000 / 4095 * 255, 255, 255])


def test_voi_lut_sequence_through_to_display_with_rescale():
    # stored 0..3 with intercept -100 -> modality -100..-97; the LUT maps -100..-98.
    lut = VoiLut(first_mapped=-100, data=np.array([0, 128, 255], dtype=np.uint16), bits=8)
    out = to_display(np.array([[0, 1, 2, 3]], dtype=np.int16), lut, intercept=-100)
    np.testing.assert_array_equal(out, [[0, 128, 255, 255]])


def test_monochrome1_is_inverted_and_user_invert_toggles_it_back():
    s = np.array([[0, 40, 79]], dtype=np.int16)
    w = Window(40, 80)
    normal = to_display(s, w)
    np.testing.assert_array_equal(normal, [[0, 129, 255]])
    np.testing.assert_array_equal(to_display(s, w, photometric="MONOCHROME1"), 255 - normal)
    np.testing.assert_array_equal(to_display(s, w, photometric="MONOCHROME1", invert=True), normal)
    np.testing.assert_array_equal(to_display(s, w, invert=True), 255 - normal)


def _reference(stored: np.ndarray, voi, slope: float, intercept: float, inverted: bool) -> np.ndarray:
    y = np.rint(np.clip(voi_window(stored.astype(np.float64) * slope + intercept, voi), 0, 255))
    return (255 - y if inverted else y).astype(np.uint8)


@pytest.mark.parametrize("dtype, slope, intercept, photometric", [
    (np.int16, 1.0, -1024.0, "MONOCHROME2"),
    (np.uint16, 0.5, -3.0, "MONOCHROME1"),
    (np.uint8, 2.0, 0.0, "MONOCHROME2"),
    (np.int8, 1.0, 0.0, "MONOCHROME2"),
])
def test_lut_fast_path_equals_reference_for_every_stored_value(dtype, slope, intercept, photometric):
    info = np.iinfo(dtype)
    stored = np.arange(info.min, info.max + 1).astype(dtype)
    stored = stored.reshape(-1, 256)
    for voi in (Window(40, 400), Window(-600, 1500, function=VoiFunction.SIGMOID),
                Window(7, 3, function=VoiFunction.LINEAR_EXACT)):
        fast = to_display(stored, voi, slope=slope, intercept=intercept, photometric=photometric)
        expected = _reference(stored, voi, slope, intercept, photometric == "MONOCHROME1")
        np.testing.assert_array_equal(fast, expected)


def test_lut_fast_path_handles_non_contiguous_slices():
    vol = np.arange(-1000, 1000, dtype=np.int16).reshape(10, 10, 20)
    column = vol[:, 3, :]
    assert not column.flags.c_contiguous
    np.testing.assert_array_equal(to_display(column, Window(0, 500)),
                                  _reference(column, Window(0, 500), 1.0, 0.0, False))


def test_lut_is_cached_per_window():
    a = stored_value_lut(Window(40, 80), 1.0, -1024.0, np.dtype(np.int16), False)
    b = stored_value_lut(Window(40, 80), 1.0, -1024.0, np.dtype(np.int16), False)
    c = stored_value_lut(Window(40, 81), 1.0, -1024.0, np.dtype(np.int16), False)
    assert a is b and c is not a
    assert a.shape == (65536,) and not a.flags.writeable


def test_float_data_goes_through_the_formula():
    suv = np.array([[0.0, 1.25, 2.5, 5.0, 7.0]], dtype=np.float32)
    out = to_display(suv, Window(2.5, 5, function=VoiFunction.LINEAR_EXACT))
    np.testing.assert_array_equal(out, [[0, 64, 128, 255, 255]])  # 63.75 -> 64, 127.5 -> 128


def test_auto_window_ignores_air_for_ct():
    rng = np.random.default_rng(1)
    values = np.concatenate([np.full(100_000, -1000.0), np.full(50_000, -3024.0),
                             rng.integers(0, 101, 100_000).astype(float)])
    w = auto_window(values, modality="CT")
    low, high = w.center - 0.5 - (w.width - 1) / 2, w.center - 0.5 + (w.width - 1) / 2
    assert w.function is VoiFunction.LINEAR
    assert low == pytest.approx(1, abs=1) and high == pytest.approx(99, abs=1)
    assert auto_window(values).center < -500  # without the CT rule, air dominates


def test_full_range_window_maps_min_black_and_max_white():
    ints = np.array([-1024, 0, 3071], dtype=np.int16)
    out = to_display(ints, full_range_window(ints))
    np.testing.assert_array_equal(out, [0, 64, 255])  # 1024/4095*255 = 63.8
    reals = np.array([0.0, 0.5, 12.5])
    w = full_range_window(reals)
    assert w.function is VoiFunction.LINEAR_EXACT
    np.testing.assert_array_equal(to_display(reals, w), [0, 10, 255])


def _ct_volume(windows=(), luts=()) -> Volume:
    pixels = np.zeros((4, 8, 8), dtype=np.int16)
    pixels[:, 2:6, 2:6] = 1064  # 40 HU with intercept -1024
    frames = [FrameInfo(f"1.2.{k}", windows=windows, voi_luts=luts) for k in range(4)]
    vol = Volume(pixels, np.eye(4), rescale_intercept=-1024, modality="CT", frames=frames)
    vol.loaded[:] = True
    return vol


def test_initial_voi_prefers_the_frames_window_then_lut_then_auto():
    w = Window(40, 400, "ABDOMEN")
    lut = VoiLut(0, np.arange(10, dtype=np.uint16), 8)
    assert initial_voi(_ct_volume(windows=(w,), luts=(lut,))) is w
    assert initial_voi(_ct_volume(luts=(lut,))) is lut
    auto = initial_voi(_ct_volume())
    assert auto.explanation == "auto" and auto.center == pytest.approx(40.5)


def test_volume_to_display_uses_the_volume_rescale():
    vol = _ct_volume()
    out = volume_to_display(vol, vol.pixels[0], Window(40, 80))
    assert out[0, 0] == 0 and out[3, 3] == 129
    assert sample_modality_values(vol).max() == pytest.approx(40.0)
