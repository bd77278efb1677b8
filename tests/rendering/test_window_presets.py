"""Shipped window presets, user overrides and SUV presets."""

from __future__ import annotations

import json
from datetime import datetime

import numpy as np
import pytest

from rendering.window_presets import WindowPreset, load_window_presets
from workstation.model import SuvParameters, VoiFunction, Volume, Window


def _by_name(presets):
    return {(p.modality, p.name): p for p in presets}


def test_shipped_ct_presets_have_the_usual_values_and_keys():
    presets = _by_name(load_window_presets())
    expected = {"Brain": (40, 80, 1), "Subdural": (75, 215, 2), "Stroke": (40, 40, 3), "Lung": (-600, 1500, 4),
                "Mediastinum": (50, 350, 5), "Abdomen": (40, 400, 6), "Liver": (60, 160, 7), "Bone": (400, 1800, 8)}
    for name, (c, w, key) in expected.items():
        p = presets[("CT", name)]
        assert (p.window.center, p.window.width, p.key) == (c, w, key)
    suv = presets[("PT", "SUV 0-5")]
    assert suv.units == "SUV" and suv.window.function is VoiFunction.LINEAR_EXACT
    keys = [(p.modality, p.key) for p in presets.values() if p.key is not None]
    assert len(keys) == len(set(keys))


def test_user_file_replaces_takes_over_keys_and_adds(tmp_path):
    user = tmp_path / "presets.json"
    user.write_text(json.dumps({"presets": [
        {"name": "Lung", "modality": "CT", "key": 4, "center": -700, "width": 1200},
        {"name": "Temporal bone", "modality": "CT", "key": 1, "center": 700, "width": 4000},
    ]}), encoding="utf-8")
    presets = load_window_presets(user)
    by_name = _by_name(presets)
    assert by_name[("CT", "Lung")].window.center == -700
    assert by_name[("CT", "Temporal bone")].key == 1
    assert by_name[("CT", "Brain")].key is None
    assert [p.name for p in presets].index("Lung") == 3  # replaced in place
    assert load_window_presets(tmp_path / "missing.json") == load_window_presets()


def test_bad_user_file_names_the_file(tmp_path):
    user = tmp_path / "bad.json"
    user.write_text('{"presets": [{"name": "x", "center": 1}]}', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.json"):
        load_window_presets(user)


def test_suv_preset_converts_to_bq_per_ml():
    suv = SuvParameters("BQML", "START", 370e6, 6586.2, datetime(2024, 1, 1, 10), datetime(2024, 1, 1, 11), 70.0)
    pet = Volume(np.zeros((2, 4, 4), np.int16), np.eye(4), modality="PT", units="BQML", suv=suv)
    preset = WindowPreset("SUV 0-5", "PT", Window(2.5, 5, function=VoiFunction.LINEAR_EXACT), 1, "SUV")
    w = preset.window_for(pet)
    factor = suv.suv_bw_factor()
    assert w.center * factor == pytest.approx(2.5) and w.width * factor == pytest.approx(5)
    with pytest.raises(ValueError, match="SUV"):
        preset.window_for(Volume(np.zeros((2, 4, 4), np.int16), np.eye(4), modality="PT"))
