"""Hanging protocol files: shipped ones load, user ones merge or are reported, saving is atomic."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from rendering.window_presets import load_window_presets
from viewer.hanging import HangingProtocol, MatchRules, OrientationRule, ViewportRule
from viewer.hanging_files import (
    load_protocols,
    protocol_from_dict,
    protocol_to_dict,
    read_protocol_file,
    save_protocol,
)
from viewer.layouts import Cell, LayoutSpec, grid

SHIPPED = {"CT", "CT axial + coronal", "CT chest", "CT with prior", "CT chest with prior", "MR", "MR brain",
           "CR/DX chest PA + LAT", "CR/DX chest frontal", "PET/CT", "Mammography 4-up", "Mammography with prior",
           "Mammography CC with prior"}


def shipped_files() -> list[str]:
    folder = resources.files("resources").joinpath("hanging_protocols")
    return sorted(e.name for e in folder.iterdir() if e.name.endswith(".json"))


@pytest.mark.parametrize("name", shipped_files())
def test_each_shipped_protocol_loads_and_round_trips(name):
    folder = resources.files("resources").joinpath("hanging_protocols")
    data = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
    protocol = protocol_from_dict(data, name)
    assert protocol_from_dict(protocol_to_dict(protocol)) == protocol
    # every window a shipped protocol names is a shipped preset
    presets = {p.name for p in load_window_presets()}
    assert {rule.window for rule in protocol.viewports if rule.window} <= presets


def test_shipped_library_has_every_protocol_once():
    library = load_protocols()
    assert library.problems == ()
    assert [p.name for p in library.protocols].count("CT") == 1
    assert {p.name for p in library.protocols} == SHIPPED


def write(path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8")


def test_user_protocol_replaces_a_shipped_one_by_name_and_new_ones_follow(tmp_path):
    shipped_order = [p.name for p in load_protocols().protocols]
    write(tmp_path / "ct.json", {"name": "CT", "layout": "1x2", "match": {"modalities": ["CT"]},
                                 "viewports": [{"modality": "CT"}, {"modality": "CT"}]})
    write(tmp_path / "us.json", {"name": "Siêu âm", "layout": "2x2", "viewports": [{"modality": "US"}]})
    library = load_protocols(tmp_path)
    assert library.problems == ()
    assert [p.name for p in library.protocols] == [*shipped_order, "Siêu âm"]
    assert library.get("CT").layout == grid(1, 2)
    assert library.get("Siêu âm").viewports == (ViewportRule(modality="US"),)


@pytest.mark.parametrize("text, expected", [
    ("{not json", "cannot read protocol"),
    ({"name": "x", "layout": "2x2", "viewports": [{"modalty": "CT"}]}, "unknown key(s) ['modalty']"),
    ({"name": "x", "layout": "9x9", "viewports": [{}]}, "9x9"),
    ({"name": "x", "layout": "1x1"}, "missing 'viewports'"),
    ({"name": "x", "layout": "1x1", "viewports": [{"required": "yes"}]}, "required must be bool"),
    ({"name": "x", "layout": "1x1", "viewports": [{"description": "(("}]}, "bad regular expression"),
    ({"name": "x", "layout": "1x1", "match": {"min_priors": True}, "viewports": [{}]}, "min_priors must be int"),
    ({"name": "x", "layout": "1x1", "viewports": [{"orientation": {"edge": "middle", "label": "P"}}]}, "edge"),
    ({"version": 2, "name": "x", "layout": "1x1", "viewports": [{}]}, "unsupported version"),
    ([1, 2], "must be a JSON object"),
])
def test_broken_user_file_is_reported_by_name_and_skipped(tmp_path, text, expected):
    write(tmp_path / "broken.json", text)
    library = load_protocols(tmp_path)
    assert {p.name for p in library.protocols} == SHIPPED
    assert len(library.problems) == 1
    assert str(tmp_path / "broken.json") in library.problems[0]
    assert expected in library.problems[0]


def test_duplicate_user_names_keep_the_first_file(tmp_path):
    write(tmp_path / "a.json", {"name": "Mine", "layout": "1x1", "viewports": [{"modality": "CT"}]})
    write(tmp_path / "b.json", {"name": "Mine", "layout": "1x1", "viewports": [{"modality": "MR"}]})
    library = load_protocols(tmp_path)
    assert library.get("Mine").viewports[0].modality == "CT"
    assert len(library.problems) == 1 and "b.json" in library.problems[0]


def test_missing_user_folder_is_not_a_problem(tmp_path):
    assert load_protocols(tmp_path / "absent").problems == ()


def custom_protocol(name: str = "Nhũ ảnh của tôi") -> HangingProtocol:
    layout = LayoutSpec("wide bottom", 2, 2, (Cell(0, 0), Cell(0, 1), Cell(1, 0, 1, 2)))
    return HangingProtocol(
        name, layout,
        (ViewportRule(modality="MG", laterality="R", view_position="CC", required=True,
                      orientation=(OrientationRule("right", "P"),)),
         ViewportRule(study="prior", like=0, prefer="most_images", volumetric=False, window="Lung"),
         ViewportRule(same_as=0, display="fusion", fuse_with=1)),
        MatchRules(modalities=("MG", "CR|DX"), body_part="vú|breast", min_priors=1), priority=3, description="test")


def test_save_writes_atomically_and_reads_back_equal(tmp_path):
    protocol = custom_protocol()
    path = save_protocol(protocol, tmp_path / "protocols")
    assert path.name == "nhu_anh_cua_toi.json"
    assert read_protocol_file(path) == protocol
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temporary file left
    assert "Nhũ ảnh của tôi" in path.read_text(encoding="utf-8")  # UTF-8, not \\u escapes


def test_saving_the_same_name_again_replaces_its_file(tmp_path):
    first = save_protocol(custom_protocol(), tmp_path)
    (tmp_path / first.name).rename(tmp_path / "renamed.json")
    edited = HangingProtocol("Nhũ ảnh của tôi", grid(1, 1), (ViewportRule(modality="MG"),))
    assert save_protocol(edited, tmp_path) == tmp_path / "renamed.json"
    assert [p.name for p in tmp_path.iterdir()] == ["renamed.json"]
    assert load_protocols(tmp_path).get("Nhũ ảnh của tôi") == edited


def test_different_names_with_the_same_file_name_get_numbered_files(tmp_path):
    a = save_protocol(custom_protocol("CT: chest"), tmp_path)
    b = save_protocol(custom_protocol("CT chest"), tmp_path)
    assert (a.name, b.name) == ("ct_chest.json", "ct_chest_2.json")
    assert {load_protocols(tmp_path).get(n).name for n in ("CT: chest", "CT chest")} == {"CT: chest", "CT chest"}
