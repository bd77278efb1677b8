"""VR presets and the editable transfer function."""

from __future__ import annotations

import json

import numpy as np
import pytest
from vtkmodules.vtkRenderingCore import vtkVolumeProperty

from rendering.transfer_functions import TransferFunction, VrPreset, default_preset, histogram, load_vr_presets, vr_preset
from workstation.model import Volume


def test_shipped_presets_load_and_are_valid():
    presets = {p.name: p for p in load_vr_presets()}
    assert {"CT Bone", "CT Soft tissue", "CT Angio", "CT Lung", "MR Default", "MIP 3D"} <= set(presets)
    assert presets["MIP 3D"].blend_mode == "mip" and not presets["MIP 3D"].shade
    assert presets["CT Bone"].modality == "CT" and presets["CT Bone"].relative_range is None
    for preset in presets.values():
        xs = [p[0] for p in preset.scalar_opacity]
        assert xs == sorted(xs)


def test_user_presets_replace_and_add(tmp_path):
    (tmp_path / "bone.json").write_text(json.dumps({
        "name": "CT Bone", "scalar_opacity": [[0, 0], [1000, 1]], "color": [[0, 1, 1, 1]]}), encoding="utf-8")
    (tmp_path / "mine.json").write_text(json.dumps({
        "name": "Mine", "scalar_opacity": [[0, 0]], "color": [[0, 1, 0, 0]], "blend_mode": "minip"}), encoding="utf-8")
    presets = {p.name: p for p in load_vr_presets(tmp_path)}
    assert presets["CT Bone"].scalar_opacity == ((0.0, 0.0), (1000.0, 1.0))
    assert presets["Mine"].blend_mode == "minip"
    (tmp_path / "bad.json").write_text('{"name": "x", "scalar_opacity": [[0, 2]], "color": [[0, 1, 1, 1]]}',
                                       encoding="utf-8")
    with pytest.raises(ValueError, match="bad.json"):
        load_vr_presets(tmp_path)


def _mr() -> Volume:
    pixels = np.arange(1000, dtype=np.uint16).reshape(10, 10, 10)
    return Volume(pixels, np.eye(4), modality="MR")


def test_relative_presets_span_the_volume_percentiles():
    vol = _mr()
    tf = TransferFunction.from_preset(vr_preset("MR Default"), vol)
    low, high = np.percentile(np.arange(1000), (1.0, 99.5))
    assert tf.opacity_points[0][0] == pytest.approx(low, abs=1.0)
    assert tf.opacity_points[-1][0] == pytest.approx(high, abs=1.0)
    with pytest.raises(ValueError, match="relative"):
        TransferFunction.from_preset(vr_preset("MR Default"))
    assert default_preset(vol).name == "MR Default"
    assert default_preset(Volume(np.zeros((2, 2, 2), np.int16), np.eye(4), modality="PT")).name == "MIP 3D"


def test_editing_keeps_points_sorted_and_emits_changed():
    tf = TransferFunction.from_preset(vr_preset("CT Bone"))
    calls = []
    tf.changed.connect(lambda: calls.append(1))
    i = tf.add_opacity_point(100.0, 0.3)
    assert tf.opacity_points[i] == (100.0, 0.3)
    j = tf.move_opacity_point(i, 5000.0, 0.9)
    assert j == len(tf.opacity_points) - 1
    tf.remove_opacity_point(j)
    k = tf.add_color_point(0.0, (1.0, 0.0, 0.0))
    tf.move_color_point(k, 10.0)
    assert tf.color_points[k] == (10.0, 1.0, 0.0, 0.0)
    tf.set_shading(False)
    tf.set_blend_mode("mip")
    assert len(calls) == 7
    assert tf.opacity_at(300.0) == pytest.approx(0.35)
    np.testing.assert_allclose(tf.color_at(10.0), (1.0, 0.0, 0.0))
    with pytest.raises(ValueError):
        tf.add_opacity_point(0.0, 1.5)
    with pytest.raises(ValueError):
        tf.set_blend_mode("xray")


def test_apply_converts_modality_points_to_stored_values():
    vol = Volume(np.zeros((2, 2, 2), np.int16), np.eye(4), rescale_slope=2.0, rescale_intercept=-1024.0)
    tf = TransferFunction([(-1024.0, 0.0), (976.0, 1.0)], [(-1024.0, 0.0, 0.0, 0.0), (976.0, 1.0, 1.0, 1.0)])
    prop = vtkVolumeProperty()
    tf.apply_to(prop, vol)
    opacity = prop.GetScalarOpacity()
    assert opacity.GetValue(0.0) == pytest.approx(0.0)  # stored 0 = -1024 HU
    assert opacity.GetValue(1000.0) == pytest.approx(1.0)  # stored 1000 = 976 HU
    assert opacity.GetValue(500.0) == pytest.approx(0.5)
    tf.apply_to(prop, vol, transparent_value=-5000.0)
    assert prop.GetScalarOpacity().GetValue(-5000.0) == 0.0


def test_histogram_counts_a_sample_of_modality_values():
    counts, edges = histogram(_mr(), bins=10)
    assert counts.sum() == 1000 and edges[0] == 0 and edges[-1] == 999


def test_preset_validation():
    with pytest.raises(ValueError, match="blend_mode"):
        VrPreset.from_json({"name": "x", "scalar_opacity": [[0, 0]], "color": [[0, 0, 0, 0]], "blend_mode": "xray"})
    with pytest.raises(ValueError, match="color"):
        VrPreset.from_json({"name": "x", "scalar_opacity": [[0, 0]], "color": [[0, 0, 0]]})
